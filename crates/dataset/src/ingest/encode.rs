//! Encoding of single values (text and Arrow) into integers and field elements, and schema
//! inference from text values. The rules are in the module documentation of `ingest`.

use std::borrow::Cow;
use std::collections::HashMap;

use ark_bn254::Fr;
use ark_ff::PrimeField;
use sha2::{Digest, Sha256};

use super::schema::{ColumnType, MAX_SCALE};
use super::{Block, ColumnData};
use crate::decimal::parse_scaled;

/// Domain separator hashed before a categorical string.
pub const CATEGORICAL_DOMAIN: &[u8] = b"zkp-ledger/categorical/v1\0";

/// Distinct strings remembered per categorical column; the cache is emptied when it reaches
/// this size, so memory stays bounded whatever the number of distinct labels.
pub const CATEGORICAL_CACHE_ENTRIES: usize = 1 << 16;

/// Largest decimal exponent (`1.5e7`) expanded; beyond it a number is refused.
const MAX_EXPONENT: i64 = 40;

/// Microseconds per day.
pub(crate) const MICROS_PER_DAY: i64 = 86_400_000_000;

/// The field element of a categorical string:
/// `SHA-256("zkp-ledger/categorical/v1\0" || utf8(s))` read big-endian, reduced mod r.
pub fn categorical(s: &str) -> Fr {
    let mut h = Sha256::new();
    h.update(CATEGORICAL_DOMAIN);
    h.update(s.as_bytes());
    Fr::from_be_bytes_mod_order(&h.finalize())
}

/// Why a value was refused: what was expected.
pub(crate) type Refusal = String;

/// Number text without an exponent: `1.5e3` becomes `1500`, `25E-1` becomes `2.5`. Text without
/// `e`/`E` is returned as is. Exactly; no rounding.
fn expand_exponent(s: &str) -> Result<Cow<'_, str>, Refusal> {
    let Some(pos) = s.find(['e', 'E']) else {
        return Ok(Cow::Borrowed(s));
    };
    let (mantissa, exp) = (&s[..pos], &s[pos + 1..]);
    let exp: i64 = exp.parse().map_err(|_| "a number".to_string())?;
    if !(-MAX_EXPONENT..=MAX_EXPONENT).contains(&exp) {
        return Err(format!("a number with an exponent within ±{MAX_EXPONENT}"));
    }
    let (sign, body) = match mantissa.as_bytes().first() {
        Some(b'-') => ("-", &mantissa[1..]),
        Some(b'+') => ("", &mantissa[1..]),
        _ => ("", mantissa),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err("a number".into());
    }
    let digits: String = [int, frac].concat();
    // Position of the point within `digits` after shifting.
    let point = i64::try_from(int.len()).map_err(|_| "a number".to_string())? + exp;
    let out = if point <= 0 {
        let zeros = usize::try_from(-point).unwrap_or(0);
        format!("{sign}0.{}{digits}", "0".repeat(zeros))
    } else {
        let point = usize::try_from(point).unwrap_or(0);
        if point >= digits.len() {
            format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
        } else {
            format!("{sign}{}.{}", &digits[..point], &digits[point..])
        }
    };
    Ok(Cow::Owned(out))
}

/// Number text in the form `parse_scaled` takes, with trailing zeros of the fraction removed
/// (they are exact: "1.50" has scale 1) and the exponent expanded. Returns the text and its
/// number of fractional digits.
fn plain_decimal(s: &str) -> Result<(Cow<'_, str>, usize), Refusal> {
    let s = expand_exponent(s)?;
    let Some(dot) = s.find('.') else {
        return Ok((s, 0));
    };
    let frac = &s[dot + 1..];
    if frac.is_empty() {
        // "3." is refused by parse_scaled, as before.
        return Ok((s, 0));
    }
    let kept = frac.trim_end_matches('0').len();
    let out = match (kept, &s) {
        (0, _) if dot == 0 || s[..dot].bytes().all(|b| b == b'+' || b == b'-') => {
            // ".0", "-.00": zero.
            Cow::Owned(format!("{}0", &s[..dot]))
        }
        (0, _) => cut(s, dot),
        _ => cut(s, dot + 1 + kept),
    };
    Ok((out, kept))
}

fn cut(s: Cow<'_, str>, end: usize) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(&b[..end]),
        Cow::Owned(mut o) => {
            o.truncate(end);
            Cow::Owned(o)
        }
    }
}

/// Fast path: plain decimal digits with an optional sign, as i64.
fn parse_plain_i64(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 {
        return s.parse().ok();
    }
    let mut v: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(d - b'0');
    }
    Some(if neg { -v } else { v })
}

/// Fast path of [`parse_decimal`] for the common `[-+]digits[.digits]` with at most 18 digits
/// after scaling (so no overflow is possible); `None` leaves the text to the general path, which
/// gives the same value or the error.
#[inline]
fn parse_decimal_fast(s: &str, scale: u8) -> Option<i64> {
    let b = s.as_bytes();
    let (neg, b) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(dot) => (&b[..dot], &b[dot + 1..]),
        None => (b, &b[..0]),
    };
    // "3." and "." go to the general path (refused there); so do exponents and odd bytes.
    if int.is_empty() && frac.is_empty() || b.len() != int.len() && frac.is_empty() {
        return None;
    }
    let scale = usize::from(scale);
    let (kept, dropped) = frac.split_at(frac.len().min(scale));
    if int.len() + scale > 18 || dropped.iter().any(|&c| c != b'0') {
        return None;
    }
    let mut v: i64 = 0;
    for &c in int.iter().chain(kept) {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    for _ in kept.len()..scale {
        v *= 10;
    }
    Some(if neg { -v } else { v })
}

/// `value * 10^scale` of decimal text, exactly, as i64.
pub(crate) fn parse_decimal(s: &str, scale: u8) -> Result<i64, Refusal> {
    if let Some(v) = parse_decimal_fast(s, scale) {
        return Ok(v);
    }
    let (plain, _) = plain_decimal(s)?;
    let v = parse_scaled(&plain, scale)?;
    i64::try_from(v).map_err(|_| format!("a number whose value times 10^{scale} fits in i64"))
}

/// An integer (i64); "5.0" is accepted as 5, "5.5" is not.
pub(crate) fn parse_int(s: &str) -> Result<i64, Refusal> {
    if let Some(v) = parse_plain_i64(s) {
        return Ok(v);
    }
    parse_decimal(s, 0).map_err(|_| "an integer within i64".to_string())
}

/// true/false (any case) or 1/0.
pub(crate) fn parse_bool(s: &str) -> Result<i64, Refusal> {
    if s.eq_ignore_ascii_case("true") || s == "1" {
        Ok(1)
    } else if s.eq_ignore_ascii_case("false") || s == "0" {
        Ok(0)
    } else {
        Err("a boolean (true/false or 1/0)".into())
    }
}

const TIMESTAMP_EXPECTED: &str = "a timestamp (RFC 3339 like 2024-05-01T12:00:00Z or \
     2024-05-01T12:00:00+02:00, \"2024-05-01 12:00:00[.ffffff]\" in UTC, or a date 2024-05-01) \
     with at most microsecond precision";

fn digits_n(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let d = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in d {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Days from 1970-01-01 to a valid proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > month_days {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Microseconds since the Unix epoch (UTC) of a timestamp text.
pub(crate) fn parse_timestamp(s: &str) -> Result<i64, Refusal> {
    parse_timestamp_opt(s).ok_or_else(|| TIMESTAMP_EXPECTED.to_string())
}

fn parse_timestamp_opt(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let year = digits_n(b, 0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits_n(b, 5, 2)?;
    let day = digits_n(b, 8, 2)?;
    let days = days_from_civil(i64::from(year), month, day)?;
    let mut micros = days.checked_mul(MICROS_PER_DAY)?;
    if b.len() == 10 {
        return Some(micros);
    }
    let sep = *b.get(10)?;
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let (h, m, sec) = (digits_n(b, 11, 2)?, digits_n(b, 14, 2)?, digits_n(b, 17, 2)?);
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') || h > 23 || m > 59 || sec > 59 {
        return None;
    }
    micros = micros.checked_add(i64::from(h * 3600 + m * 60 + sec) * 1_000_000)?;
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        let mut frac: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            let pos = i - start;
            if pos < 6 {
                frac = frac * 10 + i64::from(c - b'0');
            } else if c != b'0' {
                // Sub-microsecond precision that is not zero.
                return None;
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 {
            return None;
        }
        for _ in n..6 {
            frac *= 10;
        }
        micros = micros.checked_add(frac)?;
    }
    let rest = &b[i..];
    let offset_minutes: i64 = match rest {
        [] if sep == b' ' => 0,
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if rest.len() == 6 && rest[3] == b':' => {
            let oh = i64::from(digits_n(rest, 1, 2)?);
            let om = i64::from(digits_n(rest, 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let v = oh * 60 + om;
            if *sign == b'-' { -v } else { v }
        }
        _ => return None,
    };
    micros.checked_sub(offset_minutes * 60_000_000)
}

/// Encodes values of one column into a growing vector.
#[derive(Debug)]
pub(crate) struct ColumnEncoder {
    pub(crate) ty: ColumnType,
    ints: Vec<i64>,
    fields: Vec<Fr>,
    cache: HashMap<Box<str>, Fr>,
    /// Reused text buffer for numbers formatted from Arrow floats.
    pub(crate) scratch: String,
}

impl ColumnEncoder {
    pub(crate) fn new(ty: ColumnType) -> Self {
        Self {
            ty,
            ints: Vec::new(),
            fields: Vec::new(),
            cache: HashMap::new(),
            scratch: String::new(),
        }
    }

    /// Reserves room for `n` more values.
    pub(crate) fn reserve(&mut self, n: usize) {
        if self.ty.is_numeric() {
            self.ints.reserve(n);
        } else {
            self.fields.reserve(n);
        }
    }

    /// Appends an already encoded integer (numeric types).
    #[inline]
    pub(crate) fn push_int(&mut self, v: i64) {
        self.ints.push(v);
    }

    /// Appends a categorical string.
    #[inline]
    pub(crate) fn push_str(&mut self, s: &str) {
        let f = match self.cache.get(s) {
            Some(f) => *f,
            None => {
                let f = categorical(s);
                if self.cache.len() >= CATEGORICAL_CACHE_ENTRIES {
                    self.cache.clear();
                }
                self.cache.insert(s.into(), f);
                f
            }
        };
        self.fields.push(f);
    }

    /// Appends a value given as text, parsed by the column's type.
    #[inline]
    pub(crate) fn push_text(&mut self, s: &str) -> Result<(), Refusal> {
        let v = match self.ty {
            ColumnType::Int => parse_int(s)?,
            ColumnType::Decimal { scale } => parse_decimal(s, scale)?,
            ColumnType::Bool => parse_bool(s)?,
            ColumnType::Timestamp => parse_timestamp(s)?,
            ColumnType::Categorical => {
                self.push_str(s);
                return Ok(());
            }
        };
        self.ints.push(v);
        Ok(())
    }

    /// Values pushed since the last `take`.
    pub(crate) fn len(&self) -> usize {
        if self.ty.is_numeric() { self.ints.len() } else { self.fields.len() }
    }

    /// The values pushed so far, leaving the encoder empty (the cache stays).
    pub(crate) fn take(&mut self) -> ColumnData {
        if self.ty.is_numeric() {
            ColumnData::Int(std::mem::take(&mut self.ints))
        } else {
            ColumnData::Field(std::mem::take(&mut self.fields))
        }
    }
}

/// Initial capacity of a block's columns (they grow past it when blocks are larger).
const MAX_RESERVE: usize = 1 << 20;

/// The encoders of a table, one per schema column.
#[derive(Debug)]
pub(crate) struct Encoders {
    pub(crate) cols: Vec<ColumnEncoder>,
}

impl Encoders {
    pub(crate) fn new(types: impl Iterator<Item = ColumnType>) -> Self {
        Self { cols: types.map(ColumnEncoder::new).collect() }
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        for c in &mut self.cols {
            c.reserve(n.min(MAX_RESERVE));
        }
    }

    pub(crate) fn block(&mut self, first_row: u64, rows: usize) -> Block {
        Block { first_row, rows, columns: self.cols.iter_mut().map(ColumnEncoder::take).collect() }
    }

    pub(crate) fn rows(&self) -> usize {
        self.cols.first().map_or(0, ColumnEncoder::len)
    }
}

/// Type inference over the text values of one column.
#[derive(Clone, Debug)]
pub(crate) struct Inference {
    all_bool: bool,
    all_int: bool,
    all_number: bool,
    all_timestamp: bool,
    scale: usize,
}

impl Default for Inference {
    fn default() -> Self {
        Self { all_bool: true, all_int: true, all_number: true, all_timestamp: true, scale: 0 }
    }
}

impl Inference {
    /// Takes one non-null text value into account.
    pub(crate) fn observe(&mut self, s: &str) {
        if self.all_bool {
            self.all_bool = s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false");
        }
        if self.all_int || self.all_number {
            let has_point = s.contains('.');
            // A number: at most 18 fractional digits (after dropping trailing zeros) and an
            // integer value at its own scale that fits i64.
            let number = plain_decimal(s).ok().and_then(|(plain, scale)| {
                let scale8 = u8::try_from(scale).ok().filter(|sc| *sc <= MAX_SCALE)?;
                let v = parse_scaled(&plain, scale8).ok()?;
                i64::try_from(v).ok().map(|_| scale)
            });
            match number {
                Some(scale) => {
                    if has_point || scale > 0 {
                        self.all_int = false;
                    }
                    self.scale = self.scale.max(scale);
                }
                None => {
                    self.all_int = false;
                    self.all_number = false;
                }
            }
        }
        if self.all_timestamp {
            self.all_timestamp = parse_timestamp_opt(s).is_some();
        }
    }

    /// Observes a float's shortest round-trip text (Parquet float columns).
    pub(crate) fn observe_scale(&mut self, scale: usize) {
        self.scale = self.scale.max(scale);
    }

    /// The decimal scale seen so far, capped at [`MAX_SCALE`].
    pub(crate) fn scale(&self) -> u8 {
        u8::try_from(self.scale.min(usize::from(MAX_SCALE))).unwrap_or(MAX_SCALE)
    }

    /// The inferred type: bool, int, decimal, timestamp, else categorical. A column with no
    /// values is categorical.
    pub(crate) fn finish(&self, seen_any: bool) -> ColumnType {
        if !seen_any {
            ColumnType::Categorical
        } else if self.all_bool {
            ColumnType::Bool
        } else if self.all_int {
            ColumnType::Int
        } else if self.all_number && self.scale <= usize::from(MAX_SCALE) {
            ColumnType::Decimal { scale: self.scale() }
        } else if self.all_timestamp {
            ColumnType::Timestamp
        } else {
            ColumnType::Categorical
        }
    }
}

/// Fractional digits of a decimal text after removing trailing zeros ("1.50" has 1).
pub(crate) fn text_scale(s: &str) -> Option<usize> {
    plain_decimal(s).ok().map(|(_, scale)| scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("12.5", 2), Ok(1250));
        assert_eq!(parse_decimal("1.50", 1), Ok(15));
        assert_eq!(parse_decimal("1.500000", 1), Ok(15));
        assert!(parse_decimal("1.55", 1).is_err());
        assert_eq!(parse_decimal("1.5e3", 0), Ok(1500));
        assert_eq!(parse_decimal("25E-1", 1), Ok(25));
        assert_eq!(parse_decimal("-1e-5", 5), Ok(-1));
        assert!(parse_decimal("1e-5", 4).is_err());
        assert_eq!(parse_decimal(".0", 0), Ok(0));
        assert_eq!(parse_decimal("-0.00", 2), Ok(0));
        assert!(parse_decimal("3.", 1).is_err());
        assert!(parse_decimal("92233720368547758.08", 2).is_err());
        assert_eq!(parse_decimal("92233720368547758.07", 2), Ok(i64::MAX));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert!(parse_int("9223372036854775808").is_err());
        assert_eq!(parse_int("7.0"), Ok(7));
        assert!(parse_int("7.5").is_err());
        assert!(parse_int("1e400").is_err());
        assert!(parse_int("").is_err());
    }

    /// The fast decimal path agrees with the general one whenever it answers.
    #[test]
    fn fast_decimal_equals_general() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(4);
        let alphabet = b"0123456789.-+e0000";
        for _ in 0..100_000 {
            let len = rng.gen_range(0..22);
            let s: String =
                (0..len).map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())])).collect();
            for scale in [0u8, 1, 2, 4, 18] {
                if let Some(fast) = parse_decimal_fast(&s, scale) {
                    let general = plain_decimal(&s)
                        .and_then(|(p, _)| parse_scaled(&p, scale))
                        .map(|v| i64::try_from(v).ok());
                    assert_eq!(general, Ok(Some(fast)), "{s:?} at {scale}");
                }
            }
        }
    }

    /// Day numbers agree with chrono's.
    #[test]
    fn days_match_chrono() {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for year in [0i64, 1, 1600, 1899, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=13u32 {
                for day in 0..=32u32 {
                    let ours = days_from_civil(year, month, day);
                    let theirs = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)
                        .map(|d| d.signed_duration_since(epoch).num_days());
                    assert_eq!(ours, theirs, "{year}-{month}-{day}");
                }
            }
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("1970-01-01"), Ok(0));
        assert_eq!(parse_timestamp("1970-01-01T00:00:01Z"), Ok(1_000_000));
        assert_eq!(parse_timestamp("1970-01-01 00:00:01.5"), Ok(1_500_000));
        assert_eq!(parse_timestamp("1970-01-01T01:00:00+01:00"), Ok(0));
        assert_eq!(parse_timestamp("1969-12-31T23:59:59.999999Z"), Ok(-1));
        assert_eq!(parse_timestamp("2024-02-29 12:00:00.123456000"), Ok(1_709_208_000_123_456));
        assert!(parse_timestamp("2024-02-29 12:00:00.1234567").is_err());
        assert!(parse_timestamp("2023-02-29").is_err());
        assert!(parse_timestamp("2024-01-01T00:00:00").is_err());
        assert!(parse_timestamp("2024-01-01 24:00:00").is_err());
        assert!(parse_timestamp("2024-01-01 00:00:00.").is_err());
    }

    #[test]
    fn inference() {
        let infer = |vals: &[&str]| {
            let mut i = Inference::default();
            vals.iter().for_each(|v| i.observe(v));
            i.finish(!vals.is_empty())
        };
        assert_eq!(infer(&["1", "-2"]), ColumnType::Int);
        assert_eq!(infer(&["1", "1.50"]), ColumnType::Decimal { scale: 1 });
        assert_eq!(infer(&["1.0", "2.00"]), ColumnType::Decimal { scale: 0 });
        assert_eq!(infer(&["True", "false"]), ColumnType::Bool);
        assert_eq!(infer(&["1", "0"]), ColumnType::Int);
        assert_eq!(infer(&["2024-01-01", "2024-01-01 10:00:00"]), ColumnType::Timestamp);
        assert_eq!(infer(&["a", "1"]), ColumnType::Categorical);
        assert_eq!(infer(&["99999999999999999999"]), ColumnType::Categorical);
        assert_eq!(infer(&[]), ColumnType::Categorical);
    }
}
