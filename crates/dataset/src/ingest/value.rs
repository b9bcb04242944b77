//! One value given by a user (a statement's bound), read as the column's type reads text.

use super::{ColumnType, encode};

/// The integer a text value stands for in a numeric column of type `ty` (exactly as a cell of
/// that column would be encoded), or what was expected.
pub fn parse_value(ty: &ColumnType, s: &str) -> Result<i64, String> {
    match ty {
        ColumnType::Int => encode::parse_int(s),
        ColumnType::Decimal { scale } => encode::parse_decimal(s, *scale),
        ColumnType::Bool => encode::parse_bool(s),
        ColumnType::Timestamp => encode::parse_timestamp(s),
        ColumnType::Categorical => Err("a numeric column (this one is categorical)".into()),
    }
}
