//! Every malformed input gets its typed error; a valid proof has exactly one accepted encoding.

use ark_bn254::{Fq, Fq2, G2Affine};
use ark_ec::{AffineRepr, short_weierstrass::SWCurveConfig};
use ark_ff::{BigInteger, Field, PrimeField, UniformRand};
use ark_std::rand::{SeedableRng, rngs::StdRng};
use num_bigint::BigUint;
use zkp_ledger_prover::{
    Error, Verifier,
    evm::{inputs_from_words, proof_from_words, proof_words},
    snarkjs::ProofJson,
};

use crate::common::*;

fn q() -> BigUint {
    BigUint::from_bytes_le(&Fq::MODULUS.to_bytes_le())
}

fn r() -> BigUint {
    BigUint::from_bytes_le(&ark_bn254::Fr::MODULUS.to_bytes_le())
}

fn add(s: &str, n: &BigUint) -> String {
    (s.parse::<BigUint>().unwrap() + n).to_string()
}

fn verifier() -> Verifier {
    Verifier::from_key_dir(&fixture().inclusion_dir).unwrap()
}

fn good() -> (ProofJson, Vec<String>) {
    let b = inclusion_proof();
    (b.proof_json(), b.public_json())
}

fn check(proof: &ProofJson, public: &[String]) -> Result<bool, Error> {
    verifier().verify_json(proof, public)
}

#[test]
fn the_valid_encoding_is_accepted() {
    let (p, i) = good();
    assert!(check(&p, &i).unwrap());
}

#[test]
fn coordinate_plus_q_is_rejected_everywhere() {
    let (p, i) = good();
    let mut cases: Vec<(&str, ProofJson)> = Vec::new();
    for k in 0..2 {
        let mut m = p.clone();
        m.pi_a[k] = add(&m.pi_a[k], &q());
        cases.push(("pi_a", m));
        let mut m = p.clone();
        m.pi_c[k] = add(&m.pi_c[k], &q());
        cases.push(("pi_c", m));
        for j in 0..2 {
            let mut m = p.clone();
            m.pi_b[k][j] = add(&m.pi_b[k][j], &q());
            cases.push(("pi_b", m));
        }
    }
    for (what, m) in cases {
        let err = check(&m, &i).unwrap_err();
        assert!(matches!(err, Error::NotInField { .. }), "{what}: {err}");
    }
}

#[test]
fn input_plus_r_and_wrong_count_are_rejected() {
    let (p, i) = good();
    let mut m = i.clone();
    m[0] = add(&m[0], &r());
    assert!(matches!(check(&p, &m).unwrap_err(), Error::NotInField { .. }));
    let mut m = i.clone();
    m.push("1".into());
    assert!(matches!(check(&p, &m).unwrap_err(), Error::WrongInputCount { expected: 2, got: 3 }));
    assert!(matches!(
        check(&p, &i[..1]).unwrap_err(),
        Error::WrongInputCount { expected: 2, got: 1 }
    ));
}

#[test]
fn non_canonical_decimals_are_rejected() {
    let (p, i) = good();
    for bad in [
        format!("0{}", p.pi_a[0]),
        format!("+{}", p.pi_a[0]),
        format!(" {}", p.pi_a[0]),
        format!("{}.0", p.pi_a[0]),
        "".into(),
        "0x1".into(),
        "-1".into(),
    ] {
        let mut m = p.clone();
        m.pi_a[0] = bad.clone();
        assert!(matches!(check(&m, &i).unwrap_err(), Error::NonCanonicalNumber { .. }), "{bad:?}");
    }
    let mut m = i;
    m[1] = format!("00{}", m[1]);
    assert!(matches!(check(&p, &m).unwrap_err(), Error::NonCanonicalNumber { .. }));
}

#[test]
fn off_curve_points_are_rejected() {
    let (p, i) = good();
    let mut m = p.clone();
    m.pi_a[1] = add(&m.pi_a[1], &BigUint::from(1u8));
    assert!(matches!(check(&m, &i).unwrap_err(), Error::NotOnCurve { .. }));
    let mut m = p.clone();
    m.pi_c[0] = "1".into();
    assert!(matches!(check(&m, &i).unwrap_err(), Error::NotOnCurve { .. }));
    let mut m = p;
    m.pi_b[1][0] = "5".into();
    assert!(matches!(check(&m, &i).unwrap_err(), Error::NotOnCurve { .. }));
}

/// A point on the G2 twist curve outside the order-r subgroup (the twist has a large cofactor).
fn twist_point_outside_subgroup() -> G2Affine {
    let mut rng = StdRng::seed_from_u64(5);
    loop {
        let x = Fq2::rand(&mut rng);
        let rhs = x.square() * x + ark_bn254::g2::Config::COEFF_B;
        if let Some(y) = rhs.sqrt() {
            let p = G2Affine::new_unchecked(x, y);
            assert!(p.is_on_curve());
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                return p;
            }
        }
    }
}

#[test]
fn g2_point_outside_subgroup_is_rejected() {
    let (p, i) = good();
    let bad = twist_point_outside_subgroup();
    let (x, y) = bad.xy().unwrap();
    let d = |f: Fq| BigUint::from_bytes_le(&f.into_bigint().to_bytes_le()).to_string();
    let mut m = p;
    m.pi_b[0] = [d(x.c0), d(x.c1)];
    m.pi_b[1] = [d(y.c0), d(y.c1)];
    assert!(matches!(check(&m, &i).unwrap_err(), Error::NotInSubgroup { .. }));
}

#[test]
fn projective_markers_and_infinity_are_rejected() {
    let (p, i) = good();
    let mut m = p.clone();
    m.pi_a[2] = "2".into();
    assert!(matches!(check(&m, &i).unwrap_err(), Error::NotAffine { .. }));
    let mut m = p.clone();
    m.pi_b[2] = ["1".into(), "1".into()];
    assert!(matches!(check(&m, &i).unwrap_err(), Error::NotAffine { .. }));
    let mut m = p.clone();
    m.pi_a = ["0".into(), "1".into(), "0".into()];
    assert!(matches!(check(&m, &i).unwrap_err(), Error::NotAffine { .. }));
    let mut m = p;
    m.pi_c = ["0".into(), "0".into(), "1".into()];
    assert!(matches!(check(&m, &i).unwrap_err(), Error::PointAtInfinity { .. }));
}

#[test]
fn protocol_curve_and_circuit_id_are_checked() {
    let (p, i) = good();
    let mut m = p.clone();
    m.protocol = "plonk".into();
    assert!(matches!(check(&m, &i).unwrap_err(), Error::Unsupported { field: "protocol", .. }));
    let mut m = p.clone();
    m.curve = "bls12381".into();
    assert!(matches!(check(&m, &i).unwrap_err(), Error::Unsupported { field: "curve", .. }));
    let mut m = p;
    m.circuit_id = Some(format!("0x{}", "ab".repeat(32)));
    assert!(matches!(check(&m, &i).unwrap_err(), Error::CircuitMismatch { .. }));
    // The dataset proof against the inclusion key: refused by id before any math.
    let d = dataset_proof();
    assert!(matches!(
        check(&d.proof_json(), &d.public_json()).unwrap_err(),
        Error::CircuitMismatch { .. }
    ));
    // Without an id (as snarkjs writes proofs) the mismatch shows as the input count.
    let mut anon = d.proof_json();
    anon.circuit_id = None;
    assert!(matches!(check(&anon, &d.public_json()).unwrap_err(), Error::WrongInputCount { .. }));
}

#[test]
fn truncated_and_garbled_json_are_rejected() {
    let b = inclusion_proof();
    let dir = tempfile::tempdir().unwrap();
    b.write(dir.path()).unwrap();
    let proof_path = dir.path().join("proof.json");
    let public_path = dir.path().join("public.json");
    let text = std::fs::read_to_string(&proof_path).unwrap();
    let v = verifier();
    for (what, bad) in [
        ("truncated", text[..text.len() / 2].to_string()),
        ("garbled", text.replace("pi_b", "pi_x")),
        ("not json", "hello".to_string()),
        ("wrong shape", text.replacen("\"1\"\n", "\"1\", \"2\"\n", 1)),
        ("empty", String::new()),
    ] {
        std::fs::write(&proof_path, bad).unwrap();
        let err = v.verify_files(&proof_path, &public_path).unwrap_err();
        assert!(matches!(err, Error::Json { .. }), "{what}: {err}");
    }
    std::fs::write(&proof_path, &text).unwrap();
    std::fs::write(&public_path, "[\"1\",").unwrap();
    assert!(matches!(v.verify_files(&proof_path, &public_path).unwrap_err(), Error::Json { .. }));
    let missing = dir.path().join("nope.json");
    assert!(matches!(v.verify_files(&missing, &public_path).unwrap_err(), Error::Io { .. }));
}

#[test]
fn calldata_words_decode_strictly() {
    let b = inclusion_proof();
    let words = proof_words(&b.proof);
    assert_eq!(proof_from_words(&words).unwrap(), b.proof);
    let qw = {
        let mut w = [0u8; 32];
        let be = q().to_bytes_be();
        w[32 - be.len()..].copy_from_slice(&be);
        w
    };
    let plus_q = |w: &[u8; 32]| {
        let n = BigUint::from_bytes_be(w) + BigUint::from_bytes_be(&qw);
        let mut out = [0u8; 32];
        let be = n.to_bytes_be();
        out[32 - be.len()..].copy_from_slice(&be);
        out
    };
    for k in 0..8 {
        let mut m = words;
        m[k] = plus_q(&m[k]);
        assert!(matches!(proof_from_words(&m).unwrap_err(), Error::NotInField { .. }), "word {k}");
    }
    let mut m = words;
    m[0] = [0u8; 32];
    m[1] = [0u8; 32];
    assert!(matches!(proof_from_words(&m).unwrap_err(), Error::PointAtInfinity { .. }));
    let mut r_word = [0u8; 32];
    let be = r().to_bytes_be();
    r_word[32 - be.len()..].copy_from_slice(&be);
    assert!(matches!(inputs_from_words(&[r_word]).unwrap_err(), Error::NotInField { .. }));
}
