//! Reading a dataset from CSV: a header row naming the columns, then one row of numbers per line.
//! Columns with a scale hold decimals with at most that many digits after the point; each value
//! is stored as the integer `value * 10^scale` and must fit a signed 64-bit integer.

use std::{collections::BTreeMap, path::Path};

use zkp_ledger_circuits::dataset::{Column, Dataset, Schema};

use crate::{Error, Result, decimal::parse_scaled};

/// Largest scale accepted (10^18 is the largest power of ten below 2^63).
pub const MAX_SCALE: u8 = 18;

/// Reads `path`. `scales` maps column names to their decimal scale (absent: 0). A scale naming
/// a column the file does not have is an error.
pub fn read_csv(path: &Path, scales: &BTreeMap<String, u8>) -> Result<Dataset> {
    let file = std::fs::File::open(path).map_err(|e| Error::Io {
        action: "reading",
        path: path.into(),
        source: e,
    })?;
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(false).from_reader(file);
    let mut records = rdr.records();
    let header = match records.next() {
        None => return Err(Error::NoHeader(path.into())),
        Some(r) => r.map_err(|source| Error::Csv { path: path.into(), source })?,
    };
    let mut columns = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let problem = if name.is_empty() {
            Some("is empty".to_string())
        } else if columns.iter().any(|c: &Column| c.name == name) {
            Some(format!("repeats the name {name:?}"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(Error::BadHeader { path: path.into(), index: i + 1, problem });
        }
        columns.push(Column { name: name.to_string(), scale: 0 });
    }
    for (name, scale) in scales {
        let col =
            columns.iter_mut().find(|c| &c.name == name).ok_or_else(|| Error::UnknownColumn {
                flag: "scale",
                column: name.clone(),
                available: columns_list(&header.iter().map(str::trim).collect::<Vec<_>>()),
            })?;
        col.scale = *scale;
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|source| Error::Csv { path: path.into(), source })?;
        let line = record.position().map_or(0, csv::Position::line);
        let mut row = Vec::with_capacity(columns.len());
        for (cell, col) in record.iter().zip(&columns) {
            let cell = cell.trim();
            let expected = || {
                if col.scale == 0 && cell.contains('.') {
                    format!(
                        "an integer (for decimals give the column a scale: --scale {}=DIGITS)",
                        col.name
                    )
                } else if col.scale == 0 {
                    "a signed 64-bit integer".to_string()
                } else {
                    format!(
                        "a decimal with at most {} digits after the point (scaled, within 64 bits)",
                        col.scale
                    )
                }
            };
            let v = parse_scaled(cell, col.scale)
                .ok()
                .and_then(|v| i64::try_from(v).ok())
                .ok_or_else(|| Error::BadCell {
                    path: path.into(),
                    line,
                    column: col.name.clone(),
                    value: cell.chars().take(60).collect(),
                    expected: expected(),
                })?;
            row.push(v);
        }
        rows.push(row);
    }
    Ok(Dataset { schema: Schema { columns }, rows })
}

pub(crate) fn columns_list(names: &[&str]) -> String {
    names.join(", ")
}
