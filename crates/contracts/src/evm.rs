//! The EVM vocabulary of the chain side: 32-byte words are [`B256`] (the store keeps their
//! bytes, `[u8; 32]`, and the proof half its `Word`, the same bytes), a circuit id is a
//! [`CircuitId`], field elements go to and from words through the prover's one conversion, and
//! every calldata this project sends is encoded here.

use alloy::{
    primitives::{B256, Bytes, U256, keccak256},
    sol_types::{SolCall, SolValue},
};
use ark_bn254::{Bn254, Fr};
use ark_groth16::Proof;
use serde::{Deserialize, Serialize};
use zkp_ledger_prover::{
    evm::{proof_words, statement_hash_words},
    field::{FieldKind, from_word, to_word},
};

use crate::{Error, ILedgerAnchor, IStatementRegistry, Result};

/// A circuit id: keccak256 of the verifying key's canonical words (DESIGN.md), as contracts
/// and deployments files carry it. Shown and read as `0x`-hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CircuitId(pub B256);

impl From<B256> for CircuitId {
    fn from(w: B256) -> Self {
        Self(w)
    }
}

impl From<[u8; 32]> for CircuitId {
    fn from(w: [u8; 32]) -> Self {
        Self(B256::from(w))
    }
}

impl std::fmt::Display for CircuitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

impl CircuitId {
    /// Parses `0x`-hex (64 digits, `0x` optional, any case); `what` names it in errors.
    pub fn parse(s: &str, what: &str) -> Result<Self> {
        parse_hex::<32>(s, what).map(Self::from)
    }
}

impl std::str::FromStr for CircuitId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s, "circuit id")
    }
}

/// `0x`-prefixed lowercase hex.
pub fn hex0x(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

fn bad_hex<const N: usize>(what: &str, value: &str, strict: bool) -> Error {
    Error::BadHex {
        what: what.into(),
        value: value.chars().take(80).collect(),
        expected: match (N, strict) {
            (32, false) => "32 bytes of hex (64 hex digits, optionally 0x-prefixed)",
            (20, false) => "20 bytes of hex (an address)",
            (32, true) => "0x and 64 lowercase hex digits",
            (20, true) => "0x and 40 lowercase hex digits",
            _ => "hex of the right length",
        },
    }
}

/// Parses `N` bytes of hex, leniently: surrounding spaces, `0x`, `0X` or no prefix, any case.
/// What users type.
pub fn parse_hex<const N: usize>(s: &str, what: &str) -> Result<[u8; N]> {
    let t = s.trim();
    let h = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
    decode_exact::<N>(h).ok_or_else(|| bad_hex::<N>(what, t, false))
}

/// Parses `N` bytes of hex, strictly: `0x` and lowercase digits only, so that a value has one
/// spelling. What files this project writes must hold.
pub fn parse_hex_strict<const N: usize>(s: &str, what: &str) -> Result<[u8; N]> {
    s.strip_prefix("0x")
        .filter(|h| !h.bytes().any(|b| b.is_ascii_uppercase()))
        .and_then(decode_exact::<N>)
        .ok_or_else(|| bad_hex::<N>(what, s, true))
}

fn decode_exact<const N: usize>(h: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    (h.len() == 2 * N && hex::decode_to_slice(h, &mut out).is_ok()).then_some(out)
}

/// A field element as a word (big-endian; the prover's one conversion).
pub fn fr_to_word(x: &Fr) -> B256 {
    B256::from(to_word(x))
}

/// A word as a field element; a word not below r is an error naming `what`.
pub fn word_to_fr(w: &B256, what: &str) -> Result<Fr> {
    Ok(from_word(&w.0, what, FieldKind::Scalar)?)
}

/// Public inputs as `uint256` words.
pub fn input_words(inputs: &[Fr]) -> Vec<U256> {
    inputs.iter().map(|x| U256::from_be_bytes(to_word(x))).collect()
}

/// A proof's 8 `uint256` words in the precompiles' order (the prover's encoding).
pub fn proof_calldata(proof: &Proof<Bn254>) -> [U256; 8] {
    proof_words(proof).map(U256::from_be_bytes)
}

/// The statement hash StatementRegistry records: keccak256(circuit id || inputs), through the
/// prover's one implementation.
pub fn statement_hash(circuit_id: &CircuitId, inputs: &[U256]) -> B256 {
    let words: Vec<[u8; 32]> = inputs.iter().map(|i| i.to_be_bytes::<32>()).collect();
    B256::from(statement_hash_words(&circuit_id.0.0, &words))
}

/// Calldata of `LedgerAnchor.anchor(root, count, prev)`.
pub fn anchor_calldata(root: B256, count: u64, prev: B256) -> Bytes {
    ILedgerAnchor::anchorCall { root, count, prev }.abi_encode().into()
}

/// LedgerAnchor's hash chain (ILedgerAnchor.sol): the head after anchoring `root` (`count`
/// entries, sequence number `seq`) on top of `prev_head`,
/// `keccak256(abi.encode(prev_head, root, count, seq))`. The submitter predicts the `prev` of
/// an anchor sent behind others still in flight with it; the indexer checks the chain with it.
pub fn next_head(prev_head: B256, root: B256, count: u64, seq: u64) -> B256 {
    keccak256((prev_head, root, count, seq).abi_encode())
}

/// Calldata of `StatementRegistry.submit(circuitId, proof, inputs)`.
pub fn submit_calldata(circuit_id: &CircuitId, proof: [U256; 8], inputs: Vec<U256>) -> Bytes {
    IStatementRegistry::submitCall { circuitId: circuit_id.0, proof, inputs }.abi_encode().into()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn hex_lenient_and_strict() {
        let h = "ab".repeat(32);
        assert_eq!(
            parse_hex::<32>(&format!("  0X{}  ", h.to_uppercase()), "x").unwrap(),
            [0xab; 32]
        );
        assert_eq!(parse_hex::<32>(&h, "x").unwrap(), [0xab; 32]);
        assert!(parse_hex_strict::<32>(&h, "x").is_err());
        assert!(parse_hex_strict::<32>(&format!("0x{}", h.to_uppercase()), "x").is_err());
        assert_eq!(parse_hex_strict::<32>(&format!("0x{h}"), "x").unwrap(), [0xab; 32]);
        for bad in ["", "0x", &h[..62], &format!("{h}00"), &format!("0x{}zz", &h[..62])] {
            let e = parse_hex::<32>(bad, "line 3").unwrap_err();
            assert!(e.to_string().starts_with("line 3:"), "{e}");
        }
        let id: CircuitId = format!("0x{h}").parse().unwrap();
        assert_eq!(id.to_string(), format!("0x{h}"));
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"0x{h}\""));
    }

    #[test]
    fn words_round_trip_and_statement_hash_matches_the_provers() {
        let xs = [Fr::from(0u64), Fr::from(7u64), -Fr::from(1u64)];
        for x in &xs {
            assert_eq!(word_to_fr(&fr_to_word(x), "x").unwrap(), *x);
        }
        // r itself is not a canonical word.
        let r = B256::from(U256::from_be_bytes(to_word(&-Fr::from(1u64))) + U256::from(1));
        assert!(word_to_fr(&r, "x").is_err());
        let id = CircuitId(B256::repeat_byte(3));
        assert_eq!(
            statement_hash(&id, &input_words(&xs)).0,
            zkp_ledger_prover::evm::statement_hash(&id.0.0, &xs)
        );
    }
}
