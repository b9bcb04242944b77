//! Cross-checks on the Poseidon fixture against independent computations and snarkjs's JSON.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field};
use zkp_ledger_circom::{R1cs, Wtns, Zkey};
use zkp_ledger_prover::{
    groth16,
    snarkjs::{self, ProofJson, VerificationKeyJson},
};

use crate::common::{bytes, fixture};

fn read() -> (R1cs, Wtns, Zkey) {
    let dir = fixture("poseidon");
    (
        R1cs::read(&dir.join("poseidon.r1cs")).unwrap(),
        Wtns::read(&dir.join("poseidon.wtns")).unwrap(),
        Zkey::read(&dir.join("poseidon.zkey")).unwrap(),
    )
}

/// `sum c * w[i]`, written out here rather than taken from the prover.
fn eval(lc: &[(Fr, usize)], w: &[Fr]) -> Fr {
    let mut acc = Fr::ZERO;
    for (c, i) in lc {
        acc += *c * w[*i];
    }
    acc
}

/// The first row where `A w * B w != C w`.
fn first_unsatisfied(r1cs: &R1cs, w: &[Fr]) -> Option<usize> {
    let [a, b, c] = &r1cs.abc;
    (0..a.len()).find(|&i| eval(&a[i], w) * eval(&b[i], w) != eval(&c[i], w))
}

#[test]
fn header_counts_match_snarkjs_r1cs_info() {
    // `snarkjs r1cs info poseidon.r1cs`: 240 constraints, 1 private input, 1 public input,
    // 1 output (tools/circom/make-fixtures.sh logs them).
    let (r1cs, wtns, zkey) = read();
    assert_eq!(r1cs.num_constraints(), 240);
    assert_eq!((r1cs.num_pub_out, r1cs.num_pub_in, r1cs.num_prv_in), (1, 1, 1));
    assert_eq!(r1cs.wire_to_label.len(), r1cs.num_wires);
    assert_eq!(wtns.values.len(), r1cs.num_wires);
    assert_eq!((zkey.num_vars, zkey.num_public), (r1cs.num_wires, r1cs.num_public()));
    assert!(zkey.domain_size > r1cs.num_constraints() + r1cs.num_public());
    // Same constraints read from memory as from the file.
    assert_eq!(R1cs::from_bytes(&bytes("poseidon", "poseidon.r1cs")).unwrap(), r1cs);
    assert_eq!(Zkey::from_bytes(&bytes("poseidon", "poseidon.zkey")).unwrap(), zkey);
}

#[test]
fn witness_satisfies_every_constraint() {
    let (r1cs, wtns, _) = read();
    assert_eq!(wtns.values[0], Fr::ONE);
    assert_eq!(first_unsatisfied(&r1cs, &wtns.values), None);
    // The prover's own check agrees.
    r1cs.clone().into_matrices().check(&wtns.values).unwrap();
    // The public signals snarkjs wrote are wires 1..=nPublic of the witness.
    let public: Vec<String> = snarkjs::read_json(&fixture("poseidon").join("public.json")).unwrap();
    let public = snarkjs::public_from_json(&public).unwrap();
    assert_eq!(public, wtns.values[1..=r1cs.num_public()]);
    // Any changed wire other than the constant breaks some constraint (every wire is used).
    for i in [1, 2, 3, wtns.values.len() / 2, wtns.values.len() - 1] {
        let mut w = wtns.values.clone();
        w[i] += Fr::ONE;
        assert!(first_unsatisfied(&r1cs, &w).is_some(), "wire {i} changed, still satisfied");
    }
}

#[test]
fn verifying_key_equals_snarkjs_export() {
    let (_, _, zkey) = read();
    let json: VerificationKeyJson =
        snarkjs::read_json(&fixture("poseidon").join("verification_key.json")).unwrap();
    assert_eq!(*zkey.verifying_key(), json.to_vk().unwrap());
}

#[test]
fn snarkjs_proof_verifies_under_the_zkey_key() {
    let (_, _, zkey) = read();
    let dir = fixture("poseidon");
    let proof: ProofJson = snarkjs::read_json(&dir.join("proof.json")).unwrap();
    let proof = proof.to_proof().unwrap();
    let public: Vec<String> = snarkjs::read_json(&dir.join("public.json")).unwrap();
    let mut public = snarkjs::public_from_json(&public).unwrap();
    let pvk = groth16::prepare(zkey.verifying_key());
    assert!(groth16::verify(&pvk, &proof, &public).unwrap());
    public[1] += Fr::ONE;
    assert!(!groth16::verify(&pvk, &proof, &public).unwrap());
}

#[test]
fn zkey_coefficients_are_the_r1cs_a_and_b_plus_input_rows() {
    let (r1cs, _, zkey) = read();
    let n = r1cs.num_constraints();
    let sorted = |row: &[(Fr, usize)]| {
        let mut r = row.to_vec();
        r.sort_by_key(|(c, i)| (*i, *c));
        r
    };
    // snarkjs's setup appends one A row `1 * signal i` for the constant and each public signal.
    assert_eq!(zkey.a.len(), n + r1cs.num_public() + 1);
    assert_eq!(zkey.b.len(), zkey.a.len());
    assert_eq!(zkey.num_constraints(), n);
    for i in 0..n {
        assert_eq!(sorted(&zkey.a[i]), sorted(&r1cs.abc[0][i]), "A row {i}");
        assert_eq!(sorted(&zkey.b[i]), sorted(&r1cs.abc[1][i]), "B row {i}");
    }
    for i in 0..=r1cs.num_public() {
        assert_eq!(zkey.a[n + i], vec![(Fr::ONE, i)], "input row {i}");
        assert!(zkey.b[n + i].is_empty());
    }
}

#[test]
fn proving_key_shapes() {
    let (r1cs, _, zkey) = read();
    let pk = &zkey.proving_key;
    assert_eq!(pk.a_query.len(), r1cs.num_wires);
    assert_eq!(pk.b_g1_query.len(), r1cs.num_wires);
    assert_eq!(pk.b_g2_query.len(), r1cs.num_wires);
    assert_eq!(pk.l_query.len(), r1cs.num_wires - r1cs.num_public() - 1);
    assert_eq!(pk.h_query.len(), zkey.domain_size);
    assert_eq!(pk.vk.gamma_abc_g1.len(), r1cs.num_public() + 1);
}
