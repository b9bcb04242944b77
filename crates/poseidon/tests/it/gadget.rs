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

/// Proving with cached matrices synthesizes in witness-only mode: it must allocate exactly the
/// variables key generation allocated, with values that satisfy the recorded constraints.
#[test]
fn witness_only_mode_matches_recorded_constraints() {
    use ark_relations::gr1cs::{
        ConstraintSynthesizer, ConstraintSystemRef, SynthesisError, SynthesisMode,
    };

    struct Circuit(Option<[Fr; 3]>);
    impl ConstraintSynthesizer<Fr> for Circuit {
        fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
            use ark_r1cs_std::eq::EqGadget;
            let out = FpVar::new_input(cs.clone(), || {
                self.0
                    .map(|v| zkp_ledger_poseidon::hash(&v).unwrap())
                    .ok_or(SynthesisError::AssignmentMissing)
            })?;
            let ins = (0..3)
                .map(|i| {
                    FpVar::new_witness(cs.clone(), || {
                        self.0.map(|v| v[i]).ok_or(SynthesisError::AssignmentMissing)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            // Mix in a constant to exercise constant folding next to variables.
            let h = constraints::hash(&[
                ins[0].clone(),
                FpVar::Constant(Fr::from(9u64)),
                ins[1].clone(),
            ])?;
            let out2 = constraints::hash(&[h, ins[2].clone()])?;
            let _ = out2;
            constraints::hash(&ins)?.enforce_equal(&out)
        }
    }
    let setup = ConstraintSystem::<Fr>::new_ref();
    setup.set_mode(SynthesisMode::Setup);
    Circuit(None).generate_constraints(setup.clone()).unwrap();
    setup.finalize();
    let matrices = setup.to_matrices().unwrap();
    let m = &matrices[ark_relations::gr1cs::R1CS_PREDICATE_LABEL];

    let mut rng = StdRng::seed_from_u64(99);
    let vals = [Fr::rand(&mut rng), Fr::rand(&mut rng), Fr::rand(&mut rng)];
    let prove = ConstraintSystem::<Fr>::new_ref();
    prove.set_mode(SynthesisMode::Prove {
        construct_matrices: false,
        generate_lc_assignments: false,
    });
    Circuit(Some(vals)).generate_constraints(prove.clone()).unwrap();
    assert_eq!(prove.num_instance_variables(), setup.num_instance_variables());
    assert_eq!(prove.num_witness_variables(), setup.num_witness_variables());
    let mut z = prove.instance_assignment().unwrap();
    z.extend(prove.witness_assignment().unwrap());
    let eval = |row: &Vec<(Fr, usize)>| row.iter().map(|(c, i)| *c * z[*i]).sum::<Fr>();
    assert_eq!(m[0].len(), setup.num_constraints());
    for (i, ((a, b), c)) in m[0].iter().zip(&m[1]).zip(&m[2]).enumerate() {
        assert_eq!(eval(a) * eval(b), eval(c), "constraint {i}");
    }
}
