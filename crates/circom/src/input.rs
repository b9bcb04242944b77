//! A circuit's inputs as snarkjs takes them (`input.json` for `snarkjs wtns calculate`).
//!
//! ```json
//! { "a": "1", "b": ["0x10", 3, "-1"], "m": [["1", "2"], ["3", "4"]], "bus": { "x": "5" } }
//! ```
//!
//! - A value is a JSON string (decimal with an optional sign, or `0x` hex, `0o` octal, `0b`
//!   binary, surrounding whitespace ignored, as JavaScript's `BigInt` reads them) or a JSON
//!   integer. Every value is reduced modulo BN254's r, a negative one as snarkjs does (`-1` is
//!   `r - 1`). A JSON number with a fraction (`1.5`), `true`, `null` or an empty string is a
//!   [`WitnessError::BadNumber`]. A JSON integer beyond 2^64 is read as JavaScript reads it, as
//!   the nearest double (write large values as strings).
//! - Nested arrays are flattened in order (row by row), as snarkjs's `flatArray`.
//! - An object value names sub-signals `name.key` (circom 2.2 buses), an array of objects
//!   `name[i].key`, as snarkjs's `qualify_input`.
//!
//! Where snarkjs is looser this reader refuses: snarkjs reads `""` as 0 and `true` as 1.
//! Where it is stricter this reader accepts: snarkjs refuses an array that mixes strings and
//! numbers.

use std::path::Path;

use ark_bn254::Fr;
use ark_ff::PrimeField;
use num_bigint::BigUint;
use serde_json::Value;

use crate::{Error, Result, WitnessError};

/// The values of a circuit's input signals, by signal name, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    signals: Vec<(String, Vec<Fr>)>,
}

impl Inputs {
    /// No inputs yet (see [`Inputs::push`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds signal `name` with its values (flattened, in order).
    pub fn push(&mut self, name: impl Into<String>, values: Vec<Fr>) -> &mut Self {
        self.signals.push((name.into(), values));
        self
    }

    /// The signals and their values.
    pub fn signals(&self) -> &[(String, Vec<Fr>)] {
        &self.signals
    }

    /// Reads an `input.json` file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| Error::Io { path: path.into(), source })?;
        Self::from_json_str(&text)
    }

    /// Parses the text of an `input.json`.
    pub fn from_json_str(text: &str) -> Result<Self> {
        let value: Value =
            serde_json::from_str(text).map_err(|source| WitnessError::InputJson { source })?;
        Self::from_json(&value)
    }

    /// Reads inputs from a parsed JSON object.
    pub fn from_json(value: &Value) -> Result<Self> {
        let Value::Object(map) = value else {
            return Err(WitnessError::InputNotObject { found: json_type(value) }.into());
        };
        let mut inputs = Self::new();
        for (key, v) in map {
            inputs.qualify(key.clone(), v)?;
        }
        Ok(inputs)
    }

    /// snarkjs's `qualify_input`: objects give `prefix.key`, arrays of objects `prefix[i]`,
    /// anything else is one signal with its values flattened.
    fn qualify(&mut self, prefix: String, value: &Value) -> Result<()> {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    self.qualify(format!("{prefix}.{key}"), v)?;
                }
                Ok(())
            }
            Value::Array(items) if first_leaf(items).is_some_and(Value::is_object) => {
                for (i, v) in items.iter().enumerate() {
                    self.qualify(format!("{prefix}[{i}]"), v)?;
                }
                Ok(())
            }
            _ => {
                let mut leaves = Vec::new();
                flatten(value, &mut leaves);
                let values = leaves
                    .iter()
                    .enumerate()
                    .map(|(index, v)| {
                        parse_value(v).map_err(|reason| {
                            Error::from(WitnessError::BadNumber {
                                signal: prefix.clone(),
                                index,
                                value: v.to_string(),
                                reason,
                            })
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                self.signals.push((prefix, values));
                Ok(())
            }
        }
    }
}

/// The first non-array element of nested arrays, if any.
fn first_leaf(items: &[Value]) -> Option<&Value> {
    items.iter().find_map(|v| match v {
        Value::Array(inner) => first_leaf(inner),
        other => Some(other),
    })
}

fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| flatten(v, out)),
        other => out.push(other),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One input value, reduced modulo r; `Err` says why it is not a number.
fn parse_value(value: &Value) -> Result<Fr, &'static str> {
    match value {
        Value::String(s) => parse_str(s),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Ok(Fr::from(u))
            } else if let Some(i) = n.as_i64() {
                Ok(-Fr::from(i.unsigned_abs()))
            } else {
                n.as_f64().ok_or("not a number").and_then(from_integral_f64)
            }
        }
        Value::Object(_) => Err("an object inside an array of numbers"),
        other => Err(match other {
            Value::Null => "null is not a number",
            Value::Bool(_) => "a boolean is not a number",
            _ => "not a number",
        }),
    }
}

/// A string as JavaScript's `BigInt(string)` reads it (but not `""`, which it reads as 0).
fn parse_str(s: &str) -> Result<Fr, &'static str> {
    let s = s.trim();
    let (radix, digits, negative) = match s.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => (16, &s[2..], false),
        Some("0o") => (8, &s[2..], false),
        Some("0b") => (2, &s[2..], false),
        _ => match s.strip_prefix('-') {
            Some(rest) => (10, rest, true),
            None => (10, s.strip_prefix('+').unwrap_or(s), false),
        },
    };
    if digits.is_empty() {
        return Err("empty");
    }
    // `parse_bytes` accepts `_` separators; JavaScript does not.
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(match radix {
            16 => "not a hexadecimal number",
            8 => "not an octal number",
            2 => "not a binary number",
            _ => "not a decimal integer (or 0x hex)",
        });
    }
    let n = BigUint::parse_bytes(digits.as_bytes(), radix).ok_or("not a number")?;
    let v = Fr::from_le_bytes_mod_order(&n.to_bytes_le());
    Ok(if negative { -v } else { v })
}

/// A JSON number that is neither a u64 nor an i64: JavaScript's `BigInt(number)` takes it
/// exactly if it has no fraction.
fn from_integral_f64(f: f64) -> Result<Fr, &'static str> {
    if !f.is_finite() || f.fract() != 0.0 {
        return Err("not an integer");
    }
    // |f| >= 2^63 here: mantissa * 2^exponent exactly.
    let bits = f.abs().to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let Ok(shift) = u32::try_from(exponent) else {
        return Err("not an integer");
    };
    let n = BigUint::from(mantissa) << shift;
    let v = Fr::from_le_bytes_mod_order(&n.to_bytes_le());
    Ok(if f < 0.0 { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<Vec<Fr>> {
        let inputs = Inputs::from_json_str(text)?;
        Ok(inputs.signals()[0].1.clone())
    }

    #[test]
    fn numbers_as_snarkjs_reads_them() {
        let r_minus_1 = -Fr::from(1u64);
        assert_eq!(one(r#"{"a": "12"}"#).unwrap(), vec![Fr::from(12u64)]);
        assert_eq!(one(r#"{"a": 12}"#).unwrap(), vec![Fr::from(12u64)]);
        assert_eq!(one(r#"{"a": "0x1F"}"#).unwrap(), vec![Fr::from(31u64)]);
        assert_eq!(one(r#"{"a": " 0b101 "}"#).unwrap(), vec![Fr::from(5u64)]);
        assert_eq!(one(r#"{"a": "0o17"}"#).unwrap(), vec![Fr::from(15u64)]);
        assert_eq!(one(r#"{"a": "-1"}"#).unwrap(), vec![r_minus_1]);
        assert_eq!(one(r#"{"a": -1}"#).unwrap(), vec![r_minus_1]);
        assert_eq!(one(r#"{"a": 1e20}"#).unwrap(), vec![Fr::from(10u128.pow(20))]);
        assert_eq!(one(r#"{"a": -1e20}"#).unwrap(), vec![-Fr::from(10u128.pow(20))]);
        // r itself and r + 5 reduce.
        let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
        assert_eq!(one(&format!(r#"{{"a": "{r}"}}"#)).unwrap(), vec![Fr::from(0u64)]);
        let r5 = "21888242871839275222246405745257275088548364400416034343698204186575808495622";
        assert_eq!(one(&format!(r#"{{"a": "{r5}"}}"#)).unwrap(), vec![Fr::from(5u64)]);
    }

    #[test]
    fn nested_arrays_flatten_in_order_and_objects_qualify() {
        let inputs =
            Inputs::from_json_str(r#"{"m": [["1", "2"], ["3", [4]]], "s": {"x": "5", "y": []}}"#)
                .unwrap();
        let f = |v: &[u64]| v.iter().map(|&x| Fr::from(x)).collect::<Vec<_>>();
        assert_eq!(
            inputs.signals(),
            &[
                ("m".to_string(), f(&[1, 2, 3, 4])),
                ("s.x".to_string(), f(&[5])),
                ("s.y".to_string(), f(&[])),
            ]
        );
        let inputs = Inputs::from_json_str(r#"{"p": [{"x": "1"}, {"x": "2"}]}"#).unwrap();
        assert_eq!(
            inputs.signals(),
            &[("p[0].x".to_string(), f(&[1])), ("p[1].x".to_string(), f(&[2]))]
        );
    }

    #[test]
    fn bad_values_name_the_signal() {
        for (text, signal, index) in [
            (r#"{"a": "12a"}"#, "a", 0),
            (r#"{"a": ["1", "x"]}"#, "a", 1),
            (r#"{"a": 1.5}"#, "a", 0),
            (r#"{"a": ""}"#, "a", 0),
            (r#"{"a": "-"}"#, "a", 0),
            (r#"{"a": "0x"}"#, "a", 0),
            (r#"{"a": "0xg"}"#, "a", 0),
            (r#"{"a": "1_000"}"#, "a", 0),
            (r#"{"a": "-0x5"}"#, "a", 0),
            (r#"{"a": null}"#, "a", 0),
            (r#"{"b": {"c": [true]}}"#, "b.c", 0),
        ] {
            match Inputs::from_json_str(text) {
                Err(Error::Witness(WitnessError::BadNumber { signal: s, index: i, .. })) => {
                    assert_eq!((s.as_str(), i), (signal, index), "{text}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        let e = Inputs::from_json_str(r#"{"a": ["1", "x"]}"#).unwrap_err().to_string();
        assert!(e.contains("input signal a, value 1") && e.contains("\"x\""), "{e}");
    }

    #[test]
    fn not_json_or_not_an_object() {
        assert!(matches!(
            Inputs::from_json_str("{\"a\": 1"),
            Err(Error::Witness(WitnessError::InputJson { .. }))
        ));
        assert!(matches!(
            Inputs::from_json_str("[1, 2]"),
            Err(Error::Witness(WitnessError::InputNotObject { found: "an array" }))
        ));
    }
}
