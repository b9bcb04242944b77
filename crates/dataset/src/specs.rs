//! Statement flags: `--range COL=LO..HI`, `--sum-max COL=X`, `--sumsq-max COL=X` and
//! `--scale COL=DIGITS`, turned into the circuit's per-column statements.

use std::collections::BTreeMap;

use zkp_ledger_circuits::dataset::{ColumnBounds, Schema, Statements};

use crate::{
    Error, Result,
    decimal::parse_scaled,
    reader::{MAX_SCALE, columns_list},
};

/// The statement flags as given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Specs {
    /// `COL=LO..HI`.
    pub range: Vec<String>,
    /// `COL=X`.
    pub sum_max: Vec<String>,
    /// `COL=X`.
    pub sumsq_max: Vec<String>,
}

fn split<'a>(flag: &'static str, spec: &'a str) -> Result<(&'a str, &'a str)> {
    spec.split_once('=')
        .map(|(c, v)| (c.trim(), v.trim()))
        .filter(|(c, v)| !c.is_empty() && !v.is_empty())
        .ok_or_else(|| Error::BadSpec {
            flag,
            spec: spec.into(),
            problem: "expected COLUMN=VALUE".into(),
        })
}

/// Parses `--scale` flags into a map from column to scale.
pub fn parse_scales(specs: &[String]) -> Result<BTreeMap<String, u8>> {
    let mut out = BTreeMap::new();
    for spec in specs {
        let (col, v) = split("scale", spec)?;
        let scale: u8 =
            v.parse().ok().filter(|s| *s <= MAX_SCALE).ok_or_else(|| Error::BadSpec {
                flag: "scale",
                spec: spec.clone(),
                problem: format!("the scale is the number of decimal digits, 0..={MAX_SCALE}"),
            })?;
        if out.insert(col.to_string(), scale).is_some() {
            return Err(Error::BadSpec {
                flag: "scale",
                spec: spec.clone(),
                problem: format!("column {col:?} is given twice"),
            });
        }
    }
    Ok(out)
}

impl Specs {
    /// Whether no statement is asked for.
    pub fn is_empty(&self) -> bool {
        self.range.is_empty() && self.sum_max.is_empty() && self.sumsq_max.is_empty()
    }

    /// The statements over `schema` (bounds in each column's own decimal units).
    pub fn to_statements(&self, schema: &Schema) -> Result<Statements> {
        let mut columns = vec![ColumnBounds::default(); schema.columns.len()];
        let find = |flag: &'static str, col: &str| {
            schema.index_of(col).ok_or_else(|| Error::UnknownColumn {
                flag,
                column: col.into(),
                available: columns_list(
                    &schema.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
                ),
            })
        };
        let twice = |flag: &'static str, spec: &str, col: &str| Error::BadSpec {
            flag,
            spec: spec.into(),
            problem: format!("column {col:?} already has a --{flag}"),
        };
        for spec in &self.range {
            let (col, v) = split("range", spec)?;
            let j = find("range", col)?;
            let scale = schema.columns[j].scale;
            let bad =
                |problem: String| Error::BadSpec { flag: "range", spec: spec.clone(), problem };
            let (lo, hi) =
                v.split_once("..").ok_or_else(|| bad("expected COLUMN=LO..HI".into()))?;
            let parse = |s: &str| {
                parse_scaled(s.trim(), scale).ok().and_then(|x| i64::try_from(x).ok()).ok_or_else(
                    || {
                        bad(format!(
                            "{s:?} is not a number of this column (scale {scale}, within 64 bits)"
                        ))
                    },
                )
            };
            let (lo, hi) = (parse(lo)?, parse(hi)?);
            if lo > hi {
                return Err(bad("the range is empty (LO is above HI)".into()));
            }
            if columns[j].range.replace((lo, hi)).is_some() {
                return Err(twice("range", spec, col));
            }
        }
        for spec in &self.sum_max {
            let (col, v) = split("sum-max", spec)?;
            let j = find("sum-max", col)?;
            let scale = schema.columns[j].scale;
            let x = parse_scaled(v, scale).map_err(|e| Error::BadSpec {
                flag: "sum-max",
                spec: spec.clone(),
                problem: format!("expected {e} (column scale {scale})"),
            })?;
            if columns[j].sum_max.replace(x).is_some() {
                return Err(twice("sum-max", spec, col));
            }
        }
        for spec in &self.sumsq_max {
            let (col, v) = split("sumsq-max", spec)?;
            let j = find("sumsq-max", col)?;
            // Squares of values scaled by 10^s are scaled by 10^(2s).
            let scale = schema.columns[j].scale.saturating_mul(2);
            let bad =
                |problem: String| Error::BadSpec { flag: "sumsq-max", spec: spec.clone(), problem };
            let x = parse_scaled(v, scale)
                .map_err(|e| bad(format!("expected {e} (scale {scale}: the column's, doubled)")))?;
            let x = u128::try_from(x)
                .map_err(|_| bad("a sum of squares bound cannot be negative".into()))?;
            if columns[j].sumsq_max.replace(x).is_some() {
                return Err(twice("sumsq-max", spec, col));
            }
        }
        Ok(Statements { columns })
    }
}
