//! An independent check of proofs with one commitment: lightprotocol's `groth16-solana` 0.3
//! (feature `bsb22`), which verifies gnark's Groth16 proofs with a BSB22 commitment through
//! `solana-bn254` (arkworks 0.5 underneath: pairing and group code not shared with ours). Its
//! layout is gnark's: the challenge is the last IC slot, recomputed from the commitment with
//! gnark's hash to field; the proof of knowledge is `e(D, GSigmaNeg) e(P, G) == 1`. It takes
//! `-A` (Solana's convention). It accepts our honest proofs and rejects every mutant that changes
//! a value.

use ark_bn254::Fr;
use ark_ff::PrimeField;
use groth16_solana::{
    groth16::{CommitmentVerifyingKey, Groth16Verifier, Groth16Verifyingkey, negate_g1_be},
    hash_to_field_bn254_fr,
};
use zkp_ledger_prover::{
    commit::{CommitProof, CommitVerifyingKey, challenge},
    evm::{Word, commit_proof_from_words, commit_proof_words, input_words, vk_words},
};

use crate::commit::{commitment_to, data_values, honest_proof, verifier_vk};

fn g1(words: &[Word]) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&words[0]);
    out[32..].copy_from_slice(&words[1]);
    out
}

fn g2(words: &[Word]) -> [u8; 128] {
    let mut out = [0u8; 128];
    for (i, w) in words.iter().take(4).enumerate() {
        out[32 * i..32 * (i + 1)].copy_from_slice(w);
    }
    out
}

/// Verifies proof words (`8 + 4` for one commitment) and input words with groth16-solana.
fn solana_verify(vk: &CommitVerifyingKey, words: &[Word], inputs: &[Word; 2]) -> bool {
    let v = vk_words(&vk.vk);
    let ic: Vec<[u8; 64]> = v[14..].chunks(2).map(g1).collect();
    let c = &vk.commitments[0];
    let g = zkp_ledger_prover::evm::commit_vk_words(vk);
    let n = g.len();
    let key = Groth16Verifyingkey {
        nr_pubinputs: 2,
        vk_alpha_g1: g1(&v[0..2]),
        vk_beta_g2: g2(&v[2..6]),
        vk_gamma_g2: g2(&v[6..10]),
        vk_delta_g2: g2(&v[10..14]),
        vk_ic: &ic,
        vk_commitment: Some(CommitmentVerifyingKey {
            g2: g2(&g[n - 8..n - 4]),
            g_sigma_neg_g2: g2(&g[n - 4..]),
        }),
    };
    assert_eq!(c.g, vk.vk.gamma_g2);
    let a = negate_g1_be(&g1(&words[0..2]));
    let b = g2(&words[2..6]);
    let cc = g1(&words[6..8]);
    let d = g1(&words[8..10]);
    let p = g1(&words[10..12]);
    let Ok(mut verifier) = Groth16Verifier::new_with_commitment(&a, &b, &cc, &d, &p, inputs, &key)
    else {
        return false;
    };
    verifier.verify().is_ok()
}

fn inputs_array(inputs: &[Fr]) -> [Word; 2] {
    let w = input_words(inputs);
    [w[0], w[1]]
}

#[test]
fn groth16_solana_accepts_our_proof_and_rejects_every_mutated_word() {
    let vk = verifier_vk(1);
    let (proof, inputs): (CommitProof, Vec<Fr>) = honest_proof(1);
    let words = commit_proof_words(&proof);
    let ins = inputs_array(&inputs);
    assert!(solana_verify(&vk, &words, &ins), "groth16-solana rejects an honest proof");

    // Its hash to field (written independently of ours) gives our challenge.
    let d = g1(&words[8..10]);
    let theirs = hash_to_field_bn254_fr(&d, b"bsb22-commitment");
    assert_eq!(Fr::from_be_bytes_mod_order(&theirs), challenge(&proof.commitments[0]).unwrap());

    // Every mutant that changes a value is rejected. Observed with groth16-solana 0.3.1 off chain
    // (solana-bn254 3.2.1): the top bit of a y coordinate is read as an arkworks serialization
    // flag and dropped, so `y + 2^255` (not below q: a non-canonical encoding of the same point)
    // is accepted for A, B, C and P (not for D, whose bytes are hashed). Our decoder refuses each
    // of those words.
    let mut accepted = Vec::new();
    for j in 0..words.len() {
        for bit in [0usize, 1, 7, 64, 128, 200, 253, 254, 255] {
            let mut w = words.clone();
            w[j][31 - bit / 8] ^= 1 << (bit % 8);
            if solana_verify(&vk, &w, &ins) {
                accepted.push((j, bit));
                assert!(matches!(
                    commit_proof_from_words(&w, 1),
                    Err(zkp_ledger_prover::Error::NotInField { .. })
                ));
            }
        }
    }
    assert_eq!(
        accepted,
        [(1, 255), (4, 255), (7, 255), (11, 255)],
        "top bits of A.y, B.y.c1, C.y, P.y"
    );
    for j in 0..2 {
        let mut i = ins;
        i[j][31] ^= 1;
        assert!(!solana_verify(&vk, &words, &i), "input {j} accepted");
    }
    // A commitment to other values with its honest proof of knowledge is rejected too.
    let mut other = data_values();
    other[1] += Fr::from(1u64);
    let (d, p) = commitment_to(&other, Fr::from(77u64));
    let mut m = proof;
    m.commitments[0] = d;
    m.poks[0] = p;
    assert!(!solana_verify(&vk, &commit_proof_words(&m), &ins));
}
