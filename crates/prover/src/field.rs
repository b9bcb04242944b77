//! Field elements as text and as EVM words: strict canonical decimal (the snarkjs JSON form),
//! lenient user input (decimal or 0x-hex), and 32-byte big-endian words.

use ark_bn254::{Fq, Fr};
use ark_ff::{BigInteger, PrimeField};
use num_bigint::BigUint;

use crate::{Error, Result};

/// Which field a number must belong to; used in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// The scalar field r (public inputs).
    Scalar,
    /// The base field q (curve coordinates).
    Base,
}

impl std::fmt::Display for FieldKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Scalar => "the scalar field r",
            Self::Base => "the base field q",
        })
    }
}

/// Parses the one canonical decimal form: ASCII digits, no sign, no leading zeros (but "0"), no
/// whitespace. `what` names the value in errors.
fn canonical_decimal(s: &str, what: &str) -> Result<BigUint> {
    let ok = !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'))
        && s.len() <= 78;
    if !ok {
        return Err(Error::NonCanonicalNumber { what: what.to_string(), value: truncate(s) });
    }
    s.parse().map_err(|_| Error::NonCanonicalNumber { what: what.to_string(), value: truncate(s) })
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 90 {
        format!("{}…", s.chars().take(90).collect::<String>())
    } else {
        s.to_string()
    }
}

fn to_field<F: PrimeField>(n: &BigUint, what: &str, kind: FieldKind) -> Result<F> {
    let modulus = BigUint::from_bytes_le(&F::MODULUS.to_bytes_le());
    if *n >= modulus {
        return Err(Error::NotInField { what: what.to_string(), field: kind });
    }
    Ok(F::from_le_bytes_mod_order(&n.to_bytes_le()))
}

/// Strict: a canonical decimal string below r.
pub fn fr_from_canonical_decimal(s: &str, what: &str) -> Result<Fr> {
    to_field(&canonical_decimal(s, what)?, what, FieldKind::Scalar)
}

/// Strict: a canonical decimal string below q.
pub fn fq_from_canonical_decimal(s: &str, what: &str) -> Result<Fq> {
    to_field(&canonical_decimal(s, what)?, what, FieldKind::Base)
}

/// Lenient user input: decimal, or `0x`-hex (any case, up to 64 digits); must be below r.
pub fn fr_from_user(s: &str, what: &str) -> Result<Fr> {
    let t = s.trim();
    let n = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        if h.is_empty() || h.len() > 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::BadNumber { what: what.to_string(), value: truncate(t) });
        }
        BigUint::parse_bytes(h.as_bytes(), 16)
    } else if !t.is_empty() && t.len() <= 78 && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
    .ok_or_else(|| Error::BadNumber { what: what.to_string(), value: truncate(t) })?;
    to_field(&n, what, FieldKind::Scalar)
}

/// The canonical decimal form.
pub fn to_decimal<F: PrimeField>(x: &F) -> String {
    BigUint::from_bytes_le(&x.into_bigint().to_bytes_le()).to_string()
}

/// 32-byte big-endian word.
pub fn to_word<F: PrimeField>(x: &F) -> [u8; 32] {
    let mut out = [0u8; 32];
    let be = x.into_bigint().to_bytes_be();
    out[32 - be.len()..].copy_from_slice(&be);
    out
}

/// `0x`-prefixed 64-digit hex word.
pub fn to_hex_word<F: PrimeField>(x: &F) -> String {
    format!("0x{}", hex::encode(to_word(x)))
}

/// A 32-byte big-endian word as a field element, strictly below the modulus.
pub fn from_word<F: PrimeField>(w: &[u8; 32], what: &str, kind: FieldKind) -> Result<F> {
    to_field(&BigUint::from_bytes_be(w), what, kind)
}
