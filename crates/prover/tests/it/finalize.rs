//! The final statement circuit (`zkp_ledger_circuits::chunked::finalize`) in real Groth16 proofs:
//! honest totals exactly at every bound prove and verify; one step beyond any bound is refused
//! natively with an error naming it; a wrong salt or state has no valid proof (the prover
//! refuses it, and a proof forced from the unchecked assignment does not verify); a proof under
//! any mutated public input or other bounds is rejected.

use std::sync::OnceLock;

use ark_bn254::{Bn254, Fr};
use ark_ff::{One, Zero};
use ark_groth16::PreparedVerifyingKey;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use num_bigint::BigUint;
use zkp_ledger_circuits::{
    Error as CircuitError,
    chunked::{
        chain::chain_hash,
        finalize::{Bounds, FinalViolation, Finalize, Witness, num_public, public_inputs},
    },
};
use zkp_ledger_prover::{
    Error,
    groth16::{self, PreparedKey},
};

/// Numeric and categorical columns of the test shape.
const SHAPE: (usize, usize) = (2, 1);

struct Keys {
    key: PreparedKey,
    pvk: PreparedVerifyingKey<Bn254>,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        let setup = Finalize::for_setup(SHAPE.0, SHAPE.1);
        let mut rng = StdRng::seed_from_u64(2024);
        let matrices = groth16::matrices(setup.clone()).unwrap();
        let pk = groth16::generate_keys(setup, &mut rng).unwrap();
        let pvk = groth16::prepare(&pk.vk);
        Keys { key: PreparedKey::new(pk, matrices), pvk }
    })
}

fn bounds() -> Bounds {
    Bounds {
        sums: vec![(-1_000, 5_000), (-(1i128 << 100), 1i128 << 100)],
        sumsq_max: vec![BigUint::from(70_000_000u64), BigUint::from(1u8) << 150],
        counts: vec![(10, 20)],
    }
}

/// `[S_0, S_1, Q_0, Q_1, E_0]`.
fn state(s: [i128; 2], q: [u128; 2], e: u64) -> Vec<Fr> {
    vec![Fr::from(s[0]), Fr::from(s[1]), Fr::from(q[0]), Fr::from(q[1]), Fr::from(e)]
}

fn salt() -> Fr {
    Fr::from(0x5a17_5a17_u64) * Fr::from(0x1234_5678_9abc_u64)
}

fn prove(w: Witness, seed: u64) -> Result<(ark_groth16::Proof<Bn254>, Vec<Fr>), Error> {
    let circuit = Finalize::for_proving(SHAPE.0, SHAPE.1, w)?;
    let (proof, inputs, _) =
        groth16::prove(&keys().key, circuit, &mut StdRng::seed_from_u64(seed))?;
    Ok((proof, inputs))
}

#[test]
fn honest_totals_at_the_bounds_prove_and_verify() {
    let b = bounds();
    let big = 1i128 << 100;
    let max1 = 1u128 << 75; // Q_1 well inside 2^150
    for (s, q, e) in [
        ([-1_000, big], [70_000_000, 0], 10), // sum == lo, sum == hi, sumsq == max, count == lo
        ([5_000, -big], [0, max1], 20),       // sum == hi, sum == lo, count == hi
        ([0, 0], [0, 0], 15),
    ] {
        let w = Witness::new(salt(), state(s, q, e), &b).unwrap();
        let h = chain_hash(salt(), &state(s, q, e)).unwrap();
        assert_eq!(w.h_final(), h);
        let (proof, inputs) = prove(w, 1).unwrap();
        assert_eq!(inputs, public_inputs(h, &b).unwrap());
        assert_eq!(inputs.len(), num_public(SHAPE.0, SHAPE.1));
        assert!(groth16::verify(&keys().pvk, &proof, &inputs).unwrap(), "{s:?} {q:?} {e}");
    }
    // The sum of squares exactly at 2^150.
    let mut st = state([0, 0], [0, 0], 10);
    st[3] = Fr::from(BigUint::from(1u8) << 150);
    let (proof, inputs) = prove(Witness::new(salt(), st, &b).unwrap(), 2).unwrap();
    assert!(groth16::verify(&keys().pvk, &proof, &inputs).unwrap());
}

#[test]
fn one_beyond_each_bound_is_refused_natively() {
    let b = bounds();
    let big = 1i128 << 100;
    let cases: Vec<(Vec<Fr>, FinalViolation)> = vec![
        (
            state([-1_001, 0], [0, 0], 10),
            FinalViolation::SumBelow { column: 0, sum: -1_001, lo: -1_000 },
        ),
        (
            state([5_001, 0], [0, 0], 10),
            FinalViolation::SumAbove { column: 0, sum: 5_001, hi: 5_000 },
        ),
        (
            state([0, -big - 1], [0, 0], 10),
            FinalViolation::SumBelow { column: 1, sum: -big - 1, lo: -big },
        ),
        (
            state([0, big + 1], [0, 0], 10),
            FinalViolation::SumAbove { column: 1, sum: big + 1, hi: big },
        ),
        (
            state([0, 0], [70_000_001, 0], 10),
            FinalViolation::SumSqAbove {
                column: 0,
                sumsq: BigUint::from(70_000_001u64),
                max: BigUint::from(70_000_000u64),
            },
        ),
        (state([0, 0], [0, 0], 9), FinalViolation::CountBelow { column: 0, count: 9, lo: 10 }),
        (state([0, 0], [0, 0], 21), FinalViolation::CountAbove { column: 0, count: 21, hi: 20 }),
    ];
    for (st, violation) in cases {
        let err = Witness::new(salt(), st.clone(), &b).unwrap_err();
        assert_eq!(err, CircuitError::Final(violation.clone()));
        // Forced through (bypassing the native check): the prover finds the broken constraint.
        let mut w = Witness::new(salt(), state([0, 0], [0, 0], 10), &b).unwrap();
        w.public[0] = chain_hash(salt(), &st).unwrap();
        w.state = st;
        assert!(matches!(prove(w, 3), Err(Error::Unsatisfied { .. })), "{violation}");
    }
    let mut st = state([0, 0], [0, 0], 10);
    st[3] = Fr::from((BigUint::from(1u8) << 150) + 1u8);
    assert!(matches!(
        Witness::new(salt(), st, &b),
        Err(CircuitError::Final(FinalViolation::SumSqAbove { column: 1, .. }))
    ));
    assert_eq!(
        Witness::new(
            salt(),
            state([0, 5_001], [0, 0], 10),
            &Bounds { sums: vec![(0, 10), (0, 5_000)], ..bounds() }
        )
        .unwrap_err()
        .to_string(),
        "the totals do not satisfy the statement: sum of column 1 is 5001, above the bound 5000"
    );
}

#[test]
fn a_wrong_salt_or_state_has_no_valid_proof() {
    let b = bounds();
    let honest = Witness::new(salt(), state([100, 200], [300, 400], 12), &b).unwrap();
    let mut wrong_salt = honest.clone();
    wrong_salt.salt += Fr::one();
    let mut wrong_state = honest.clone();
    wrong_state.state[1] += Fr::one(); // still within every bound, but not what h_final opens to
    let mut zero_salt = honest;
    zero_salt.salt = Fr::zero();
    for (name, w) in [("salt", wrong_salt), ("state", wrong_state), ("zero salt", zero_salt)] {
        let public = w.public.clone();
        assert!(matches!(prove(w.clone(), 4), Err(Error::Unsatisfied { .. })), "{name}");
        // The proof forced from the unchecked assignment does not verify.
        let z = groth16::assignment(Finalize::for_proving(SHAPE.0, SHAPE.1, w).unwrap()).unwrap();
        let proof =
            groth16::prove_unchecked(&keys().key, &z, &mut StdRng::seed_from_u64(5)).unwrap();
        assert!(!groth16::verify(&keys().pvk, &proof, &public).unwrap(), "{name}");
    }
}

#[test]
fn mutated_public_inputs_and_other_bounds_are_rejected() {
    let b = bounds();
    let w = Witness::new(salt(), state([100, 200], [300, 400], 12), &b).unwrap();
    let (proof, inputs) = prove(w, 6).unwrap();
    assert!(groth16::verify(&keys().pvk, &proof, &inputs).unwrap());
    for i in 0..inputs.len() {
        let mut x = inputs.clone();
        x[i] += Fr::one();
        assert!(!groth16::verify(&keys().pvk, &proof, &x).unwrap(), "input {i}");
        let mut x = inputs.clone();
        x[i] = -x[i];
        if x[i] != inputs[i] {
            assert!(!groth16::verify(&keys().pvk, &proof, &x).unwrap(), "input {i} negated");
        }
    }
    // The same proof claimed for a tighter statement (that the totals would also satisfy).
    let mut tighter = b;
    tighter.sums[0] = (100, 100);
    let x = public_inputs(inputs[0], &tighter).unwrap();
    assert!(!groth16::verify(&keys().pvk, &proof, &x).unwrap());
    // A proof's A, B or C changed.
    let mut p = proof.clone();
    p.c = proof.a;
    assert!(!groth16::verify(&keys().pvk, &p, &inputs).unwrap());
}
