//! Fixed-point decimals: "12.5" with scale 2 is the integer 1250.

/// Parses a decimal with at most `scale` fractional digits into `value * 10^scale` as i128.
/// Accepts an optional sign, digits, and an optional point followed by digits. No exponent, no
/// separators, no whitespace; more fractional digits than `scale` is an error (no rounding).
pub fn parse_scaled(s: &str, scale: u8) -> Result<i128, String> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_empty()
        || !digits(int)
        || !digits(frac)
        || (body.contains('.') && frac.is_empty())
    {
        return Err("a number".into());
    }
    if frac.len() > usize::from(scale) {
        return Err(format!("a number with at most {scale} digits after the point"));
    }
    let overflow = || "a number within range".to_string();
    let mut v: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(b - b'0')))
            .ok_or_else(overflow)?;
    }
    for _ in frac.len()..usize::from(scale) {
        v = v.checked_mul(10).ok_or_else(overflow)?;
    }
    Ok(if neg { -v } else { v })
}

/// The decimal text of `value / 10^scale`.
pub fn format_scaled(value: i128, scale: u8) -> String {
    if scale == 0 {
        return value.to_string();
    }
    let neg = value < 0;
    let digits = value.unsigned_abs().to_string();
    let scale = usize::from(scale);
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{}{int}.{frac}", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        assert_eq!(parse_scaled("12.5", 2), Ok(1250));
        assert_eq!(parse_scaled("-0.05", 2), Ok(-5));
        assert_eq!(parse_scaled("+7", 0), Ok(7));
        assert_eq!(parse_scaled(".5", 1), Ok(5));
        assert!(parse_scaled("3.", 1).is_err());
        assert!(parse_scaled("1.234", 2).is_err());
        assert!(parse_scaled("1e5", 0).is_err());
        assert!(parse_scaled("", 0).is_err());
        assert!(parse_scaled("-", 0).is_err());
        assert!(parse_scaled("1,000", 0).is_err());
        assert!(parse_scaled(" 1", 0).is_err());
        assert!(parse_scaled("999999999999999999999999999999999999999999", 0).is_err());
        assert_eq!(format_scaled(1250, 2), "12.50");
        assert_eq!(format_scaled(-5, 2), "-0.05");
        assert_eq!(format_scaled(42, 0), "42");
        for (v, s) in [(0i128, 3u8), (-1, 1), (123456, 4), (i128::from(i64::MIN), 2)] {
            assert_eq!(parse_scaled(&format_scaled(v, s), s), Ok(v));
        }
    }
}
