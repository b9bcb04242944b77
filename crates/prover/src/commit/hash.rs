//! The challenge of a commitment (gnark's hash to field) and the Fiat–Shamir folding scalar of the
//! EVM verifier.

use ark_bn254::{Fr, G1Affine};
use ark_ec::AffineRepr;
use ark_ff::PrimeField;
use sha2::{Digest as _, Sha256};
use sha3::{Digest as _, Keccak256};

use super::CommitProof;
use crate::{
    Error, Result,
    evm::{commit_proof_words, input_words},
    field::to_word,
};

/// Domain separation tag of the commitment challenge (gnark's `constraint.CommitmentDst`).
pub const COMMITMENT_DST: &[u8] = b"bsb22-commitment";

/// Bytes expanded per field element: `ceil((254 + 128) / 8)`, 128 bits of statistical distance
/// from uniform after the reduction mod r (gnark-crypto's `fr.Hash`).
pub const HASH_TO_FIELD_BYTES: usize = 48;

/// SHA-256's input block size (`r_in_bytes` of RFC 9380).
const SHA256_BLOCK: usize = 64;

/// `expand_message_xmd` of RFC 9380 (section 5.3.1) with SHA-256: `len` pseudo-random bytes from
/// `msg` under the domain separation tag `dst`. Errors when `len` exceeds 255 blocks (8,160
/// bytes), `len` exceeds 65,535, or `dst` is longer than 255 bytes (the RFC's limits).
pub fn expand_message_xmd(msg: &[u8], dst: &[u8], len: usize) -> Result<Vec<u8>> {
    let ell = len.div_ceil(32);
    let (Ok(dst_len), Ok(len16)) = (u8::try_from(dst.len()), u16::try_from(len)) else {
        return Err(Error::HashToField { reason: "DST above 255 bytes or output above 65535" });
    };
    if ell > 255 || len == 0 {
        return Err(Error::HashToField { reason: "output length must be 1 to 8160 bytes" });
    }
    let dst_prime = |h: &mut Sha256| {
        h.update(dst);
        h.update([dst_len]);
    };
    let mut h = Sha256::new();
    h.update([0u8; SHA256_BLOCK]);
    h.update(msg);
    h.update(len16.to_be_bytes());
    h.update([0u8]);
    dst_prime(&mut h);
    let b0: [u8; 32] = h.finalize().into();

    let mut out = Vec::with_capacity(ell * 32);
    let mut prev = [0u8; 32];
    for i in 1..=ell {
        let mut h = Sha256::new();
        let mut x = b0;
        if i > 1 {
            for (x, p) in x.iter_mut().zip(prev) {
                *x ^= p;
            }
        }
        h.update(x);
        // ell <= 255, checked above.
        h.update([i as u8]);
        dst_prime(&mut h);
        prev = h.finalize().into();
        out.extend_from_slice(&prev);
    }
    out.truncate(len);
    Ok(out)
}

/// One element of the scalar field from `msg`: [`HASH_TO_FIELD_BYTES`] bytes of
/// [`expand_message_xmd`] read big-endian and reduced mod r (gnark-crypto's `fr.Hash(msg, dst, 1)`).
pub fn hash_to_field(msg: &[u8], dst: &[u8]) -> Result<Fr> {
    let bytes = expand_message_xmd(msg, dst, HASH_TO_FIELD_BYTES)?;
    Ok(Fr::from_be_bytes_mod_order(&bytes))
}

/// The challenge of a commitment: [`hash_to_field`] of `D.x || D.y` (32-byte big-endian words,
/// gnark's uncompressed encoding) under [`COMMITMENT_DST`]. A commitment at infinity is refused.
pub fn challenge(d: &G1Affine) -> Result<Fr> {
    let Some((x, y)) = d.xy() else {
        return Err(Error::PointAtInfinity { point: "commitment".into() });
    };
    let mut msg = [0u8; 64];
    msg[..32].copy_from_slice(&to_word(&x));
    msg[32..].copy_from_slice(&to_word(&y));
    hash_to_field(&msg, COMMITMENT_DST)
}

/// The folding scalar of the EVM verifier: `keccak256(proof words || input words) mod r`, where
/// the proof words are the calldata's ([`commit_proof_words`]: A, B, C, every D, every P) and the
/// inputs are the circuit's own (the challenges are not inputs). Everything both pairing checks
/// depend on is hashed, so `rho` is fixed only after the proof is.
pub fn fold_challenge(proof: &CommitProof, inputs: &[Fr]) -> Fr {
    let mut h = Keccak256::new();
    for w in commit_proof_words(proof) {
        h.update(w);
    }
    for w in input_words(inputs) {
        h.update(w);
    }
    Fr::from_be_bytes_mod_order(&h.finalize())
}
