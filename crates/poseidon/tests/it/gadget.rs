use ark_bn254::Fr;
use ark_ff::UniformRand;
use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, fields::fp::FpVar};
use ark_relations::gr1cs::ConstraintSystem;
use proptest::prelude::*;
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_poseidon::{constraints, hash_with_state, params};

fn gadget_hash(init: Fr, inputs: &[Fr]) -> (Fr, usize, bool) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let init_var = FpVar::new_witness(cs.clone(), || Ok(init)).unwrap();
    let vars: Vec<FpVar<Fr>> =
        inputs.iter().map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap()).collect();
    let out = constraints::hash_with_state(&init_var, &vars).unwrap();
    (out.value().unwrap(), cs.num_constraints(), cs.is_satisfied().unwrap())
}

/// The gadget equals the native twin for every supported arity, with the documented constraint
/// count `3 * (8 t + R_P)`.
#[test]
fn gadget_equals_native_every_arity() {
    let mut rng = StdRng::seed_from_u64(7);
    for n in params::MIN_INPUTS..=params::MAX_INPUTS {
        let inputs: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let init = Fr::rand(&mut rng);
        let (out, constraints, ok) = gadget_hash(init, &inputs);
        assert!(ok);
        assert_eq!(out, hash_with_state(init, &inputs).unwrap(), "arity {n}");
        let t = n + 1;
        assert_eq!(constraints, 3 * (8 * t + params::ROUNDS_P[t - 2]), "arity {n}");
    }
}

/// With the usual constant initial state the capacity word's first S-box folds: 3 fewer.
#[test]
fn zero_initial_state_saves_one_sbox() {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(5u64))).unwrap();
    let b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(6u64))).unwrap();
    let _digest = constraints::hash(&[a, b]).unwrap();
    assert_eq!(cs.num_constraints(), 240);
}

/// Constant inputs fold into constants: no constraints at all.
#[test]
fn constant_inputs_need_no_constraints() {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let out =
        constraints::hash(&[FpVar::Constant(Fr::from(1u64)), FpVar::Constant(Fr::from(2u64))])
            .unwrap();
    assert_eq!(cs.num_constraints(), 0);
    assert_eq!(out.value().unwrap(), zkp_ledger_poseidon::hash2(1u64.into(), 2u64.into()));
}

/// A wrong claimed output does not satisfy the constraint system.
#[test]
fn wrong_output_is_unsatisfied() {
    use ark_r1cs_std::eq::EqGadget;
    let cs = ConstraintSystem::<Fr>::new_ref();
    let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64))).unwrap();
    let b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(4u64))).unwrap();
    let out = constraints::hash(&[a, b]).unwrap();
    let claimed = FpVar::new_input(cs.clone(), || {
        Ok(zkp_ledger_poseidon::hash2(3u64.into(), 4u64.into()) + Fr::from(1u64))
    })
    .unwrap();
    out.enforce_equal(&claimed).unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn prop_gadget_equals_native(seed in any::<u64>(), n in 1usize..=2) {
        let mut rng = StdRng::seed_from_u64(seed);
        let inputs: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let (out, _, ok) = gadget_hash(0u64.into(), &inputs);
        prop_assert!(ok);
        prop_assert_eq!(out, zkp_ledger_poseidon::hash(&inputs).unwrap());
    }
}
