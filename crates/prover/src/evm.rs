//! The EVM forms: proof calldata words and the circuit id.
//!
//! Proof words, in the BN254 precompiles' order (the same as snarkjs's Solidity calldata):
//! `A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y` — G2 coordinates imaginary part first.
//! A proof with commitments appends every `D_i`, then every `P_i` (2 words each); its inputs are
//! the circuit's own (the challenges are recomputed, never sent).

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_groth16::{Proof, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha3::{Digest, Keccak256};

use crate::{
    Error, Result,
    commit::{CommitProof, CommitVerifyingKey},
    field::{FieldKind, from_word, to_hex_word, to_word},
    snarkjs::{g1_from_coords, g2_from_coords},
};

/// One 32-byte big-endian word.
pub type Word = [u8; 32];

fn g1_words(p: &G1Affine) -> [Word; 2] {
    // The EVM encodes infinity as (0, 0).
    p.xy().map_or([[0u8; 32]; 2], |(x, y)| [to_word(&x), to_word(&y)])
}

fn g2_words(p: &G2Affine) -> [Word; 4] {
    p.xy().map_or([[0u8; 32]; 4], |(x, y)| {
        [to_word(&x.c1), to_word(&x.c0), to_word(&y.c1), to_word(&y.c0)]
    })
}

/// The 8 proof words.
pub fn proof_words(proof: &Proof<Bn254>) -> [Word; 8] {
    let [ax, ay] = g1_words(&proof.a);
    let [bx1, bx0, by1, by0] = g2_words(&proof.b);
    let [cx, cy] = g1_words(&proof.c);
    [ax, ay, bx1, bx0, by1, by0, cx, cy]
}

/// Decodes 8 proof words with the checks of the JSON decoder: every word below q, points on the
/// curve (B in its subgroup), none at infinity.
pub fn proof_from_words(words: &[Word; 8]) -> Result<Proof<Bn254>> {
    let names = ["A.x", "A.y", "B.x.c1", "B.x.c0", "B.y.c1", "B.y.c0", "C.x", "C.y"];
    let mut f = [Fq::from(0u64); 8];
    for (i, w) in words.iter().enumerate() {
        f[i] = from_word(w, &format!("proof word {i} ({})", names[i]), FieldKind::Base)?;
    }
    Ok(Proof {
        a: g1_from_coords(f[0], f[1], "A")?,
        b: g2_from_coords(Fq2::new(f[3], f[2]), Fq2::new(f[5], f[4]), "B")?,
        c: g1_from_coords(f[6], f[7], "C")?,
    })
}

/// Public inputs as words.
pub fn input_words(inputs: &[Fr]) -> Vec<Word> {
    inputs.iter().map(to_word).collect()
}

/// Decodes public-input words, each strictly below r.
pub fn inputs_from_words(words: &[Word]) -> Result<Vec<Fr>> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| from_word(w, &format!("public input {i}"), FieldKind::Scalar))
        .collect()
}

/// The canonical words of a verifying key: alpha (2), beta (4), gamma (4), delta (4), then every
/// IC point (2 each), G2 in the precompile order.
pub fn vk_words(vk: &VerifyingKey<Bn254>) -> Vec<Word> {
    let mut out = Vec::with_capacity(14 + 2 * vk.gamma_abc_g1.len());
    out.extend(g1_words(&vk.alpha_g1));
    out.extend(g2_words(&vk.beta_g2));
    out.extend(g2_words(&vk.gamma_g2));
    out.extend(g2_words(&vk.delta_g2));
    for p in &vk.gamma_abc_g1 {
        out.extend(g1_words(p));
    }
    out
}

/// The circuit id: keccak256 of the concatenated [`vk_words`]. A contract can recompute it from
/// the constants it embeds; proofs and manifests carry it as `0x`-hex.
pub fn circuit_id(vk: &VerifyingKey<Bn254>) -> Word {
    let mut h = Keccak256::new();
    for w in vk_words(vk) {
        h.update(w);
    }
    h.finalize().into()
}

/// The circuit id as `0x`-hex.
pub fn circuit_id_hex(vk: &VerifyingKey<Bn254>) -> String {
    format!("0x{}", hex::encode(circuit_id(vk)))
}

/// The calldata form written by `zkp-ledger calldata`: the words as `0x`-hex strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calldata {
    /// `uint256[8] proof`.
    pub proof: Vec<String>,
    /// `uint256[L] input`.
    pub input: Vec<String>,
}

impl Calldata {
    /// The calldata of a proof and its inputs.
    pub fn new(proof: &Proof<Bn254>, inputs: &[Fr]) -> Self {
        Self {
            proof: proof_words(proof).iter().map(|w| format!("0x{}", hex::encode(w))).collect(),
            input: inputs.iter().map(to_hex_word).collect(),
        }
    }

    /// ABI-encoded arguments of `verifyProof(uint256[8],uint256[L])` (no selector): the static
    /// arrays inline, 8 + L words.
    pub fn abi_args(proof: &Proof<Bn254>, inputs: &[Fr]) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 * (8 + inputs.len()));
        for w in proof_words(proof) {
            out.extend_from_slice(&w);
        }
        for w in input_words(inputs) {
            out.extend_from_slice(&w);
        }
        out
    }
}

/// Parses a `0x`-hex word (exactly 64 digits).
pub fn parse_hex_word(s: &str, what: &str) -> Result<Word> {
    let h = s.strip_prefix("0x").unwrap_or(s);
    let mut w = [0u8; 32];
    if h.len() != 64 || hex::decode_to_slice(h, &mut w).is_err() {
        return Err(Error::BadNumber { what: what.into(), value: s.chars().take(90).collect() });
    }
    Ok(w)
}

/// The statement hash: `keccak256(circuit_id || input_0 || ... || input_{L-1})`, 32-byte words.
/// It names one proven statement (which circuit, which public inputs) independently of the
/// proof's randomness; StatementRegistry records it and it is the ledger entry of a proof.
pub fn statement_hash(circuit_id: &Word, inputs: &[Fr]) -> Word {
    statement_hash_words(circuit_id, &input_words(inputs))
}

/// [`statement_hash`] of inputs already in word form (as a contract receives them; the one
/// implementation of the hash, used by the chain side too).
pub fn statement_hash_words(circuit_id: &Word, inputs: &[Word]) -> Word {
    let mut h = Keccak256::new();
    h.update(circuit_id);
    for w in inputs {
        h.update(w);
    }
    h.finalize().into()
}

/// The proof words of a proof with commitments: the 8 plain words, then `D_1.x, D_1.y, ...,
/// D_k.y`, then `P_1.x, ..., P_k.y` (for one commitment, gnark's Solidity layout).
pub fn commit_proof_words(proof: &CommitProof) -> Vec<Word> {
    let mut out = Vec::with_capacity(8 + 4 * proof.commitments.len());
    out.extend(proof_words(&proof.proof));
    for p in proof.commitments.iter().chain(&proof.poks) {
        out.extend(g1_words(p));
    }
    out
}

/// Decodes the words of a proof with `k` commitments ([`commit_proof_words`]) with the checks of
/// the plain decoder: exactly `8 + 4k` words, every word below q, every point on the curve (B in
/// its subgroup), none at infinity.
pub fn commit_proof_from_words(words: &[Word], k: usize) -> Result<CommitProof> {
    if words.len() != 8 + 4 * k {
        return Err(Error::WrongCommitmentCount {
            what: "proof words (8 + 4 per commitment)",
            expected: k,
            got: words.len().saturating_sub(8) / 4,
        });
    }
    let mut plain = [[0u8; 32]; 8];
    plain.copy_from_slice(&words[..8]);
    let proof = proof_from_words(&plain)?;
    let point = |j: usize, what: String| -> Result<G1Affine> {
        let x = from_word(
            &words[8 + 2 * j],
            &format!("proof word {} ({what}.x)", 8 + 2 * j),
            FieldKind::Base,
        )?;
        let y = from_word(
            &words[9 + 2 * j],
            &format!("proof word {} ({what}.y)", 9 + 2 * j),
            FieldKind::Base,
        )?;
        g1_from_coords(x, y, &what)
    };
    let commitments =
        (0..k).map(|i| point(i, format!("commitment {i}"))).collect::<Result<Vec<_>>>()?;
    let poks = (0..k)
        .map(|i| point(k + i, format!("proof of knowledge {i}")))
        .collect::<Result<Vec<_>>>()?;
    Ok(CommitProof { proof, commitments, poks })
}

/// The canonical words of a verifying key with commitments: [`vk_words`] of its Groth16 part,
/// then for every commitment `G` and `GSigmaNeg` (4 words each, precompile order).
pub fn commit_vk_words(vk: &CommitVerifyingKey) -> Vec<Word> {
    let mut out = vk_words(&vk.vk);
    for c in &vk.commitments {
        out.extend(g2_words(&c.g));
        out.extend(g2_words(&c.g_sigma_neg));
    }
    out
}

/// The circuit id of a key with commitments: keccak256 of [`commit_vk_words`].
pub fn commit_circuit_id(vk: &CommitVerifyingKey) -> Word {
    let mut h = Keccak256::new();
    for w in commit_vk_words(vk) {
        h.update(w);
    }
    h.finalize().into()
}

/// [`commit_circuit_id`] as `0x`-hex.
pub fn commit_circuit_id_hex(vk: &CommitVerifyingKey) -> String {
    format!("0x{}", hex::encode(commit_circuit_id(vk)))
}

impl Calldata {
    /// The calldata of a proof with commitments: `proof` holds its `8 + 4k` words
    /// ([`commit_proof_words`]), `input` the circuit's own inputs (never the challenges).
    pub fn from_commit(proof: &CommitProof, inputs: &[Fr]) -> Self {
        Self {
            proof: commit_proof_words(proof)
                .iter()
                .map(|w| format!("0x{}", hex::encode(w)))
                .collect(),
            input: inputs.iter().map(to_hex_word).collect(),
        }
    }

    /// ABI-encoded arguments of `verifyProof(uint256[8 + 4k],uint256[L])` (no selector): the
    /// static arrays inline.
    pub fn abi_args_commit(proof: &CommitProof, inputs: &[Fr]) -> Vec<u8> {
        let words = commit_proof_words(proof);
        let mut out = Vec::with_capacity(32 * (words.len() + inputs.len()));
        for w in words.iter().chain(&input_words(inputs)) {
            out.extend_from_slice(w);
        }
        out
    }

    /// Decodes calldata of a proof with `k` commitments strictly: the proof and the inputs.
    pub fn to_commit_proof(&self, k: usize) -> Result<(CommitProof, Vec<Fr>)> {
        let words = self
            .proof
            .iter()
            .enumerate()
            .map(|(i, s)| parse_hex_word(s, &format!("proof word {i}")))
            .collect::<Result<Vec<_>>>()?;
        let inputs = self
            .input
            .iter()
            .enumerate()
            .map(|(i, s)| parse_hex_word(s, &format!("input word {i}")))
            .collect::<Result<Vec<_>>>()?;
        Ok((commit_proof_from_words(&words, k)?, inputs_from_words(&inputs)?))
    }
}
