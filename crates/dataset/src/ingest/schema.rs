//! The schema: column names and types, the null policy, the schema file and its hash.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::{Error, Result};

/// Largest decimal scale: `10^18` is the largest power of ten in an i64.
pub const MAX_SCALE: u8 = 18;

/// The type of a column, which fixes how its values are encoded (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// A signed 64-bit integer.
    Int,
    /// A fixed-point decimal, encoded as the integer `value * 10^scale`.
    Decimal {
        /// Digits after the point, `0..=18`.
        scale: u8,
    },
    /// A boolean, encoded as 1 or 0.
    Bool,
    /// An instant, encoded as microseconds since the Unix epoch (UTC).
    Timestamp,
    /// A string label, encoded as a field element (a hash of its UTF-8 bytes).
    Categorical,
}

impl ColumnType {
    /// Whether values of this type are integers (all types but [`ColumnType::Categorical`]).
    pub fn is_numeric(&self) -> bool {
        !matches!(self, Self::Categorical)
    }

    /// The name used in the schema file: "int", "decimal", "bool", "timestamp", "categorical".
    pub fn name(&self) -> &'static str {
        match self {
            Self::Int => "int",
            Self::Decimal { .. } => "decimal",
            Self::Bool => "bool",
            Self::Timestamp => "timestamp",
            Self::Categorical => "categorical",
        }
    }
}

impl std::fmt::Display for ColumnType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Decimal { scale } => write!(f, "decimal(scale {scale})"),
            other => f.write_str(other.name()),
        }
    }
}

/// A named, typed column.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Column {
    /// The column's name (CSV header, JSON key, Parquet field name).
    pub name: String,
    /// Its type.
    pub ty: ColumnType,
}

/// What to do with missing values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NullPolicy {
    /// A null anywhere is an error naming the row and column ("refuse" in the schema file).
    #[default]
    Refuse,
}

/// The columns of a table, in order, and the null policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Schema {
    /// The columns; blocks hold their data in this order.
    pub columns: Vec<Column>,
    /// The null policy.
    pub nulls: NullPolicy,
}

/// One column in the schema file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnJson {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scale: Option<u8>,
}

/// The schema file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaJson {
    columns: Vec<ColumnJson>,
    #[serde(default)]
    nulls: NullPolicy,
}

impl Schema {
    /// A schema refusing nulls.
    pub fn new(columns: Vec<Column>) -> Self {
        Self { columns, nulls: NullPolicy::Refuse }
    }

    /// Reads a schema file: `{"columns":[{"name":"age","type":"int"},{"name":"income",
    /// "type":"decimal","scale":2},...],"nulls":"refuse"}`. Types are `int`, `decimal` (with
    /// `scale` 0..=18), `bool`, `timestamp` and `categorical`; `nulls` is optional (default
    /// `refuse`); unknown keys, duplicate or empty names and an empty column list are refused.
    pub fn read(path: &Path) -> Result<Schema> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            action: "reading schema",
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses schema JSON (the schema file's format); `path` names its origin in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Schema> {
        let bad = |problem: String| Error::BadSchema { path: path.to_path_buf(), problem };
        let json: SchemaJson = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut columns = Vec::with_capacity(json.columns.len());
        for c in json.columns {
            let ty = match (c.ty.as_str(), c.scale) {
                ("decimal", Some(scale)) => ColumnType::Decimal { scale },
                ("decimal", None) => {
                    return Err(bad(format!("column {:?}: a decimal needs a \"scale\"", c.name)));
                }
                (other, Some(_)) => {
                    return Err(bad(format!(
                        "column {:?}: \"scale\" is only for decimals, not {other:?}",
                        c.name
                    )));
                }
                ("int", None) => ColumnType::Int,
                ("bool", None) => ColumnType::Bool,
                ("timestamp", None) => ColumnType::Timestamp,
                ("categorical", None) => ColumnType::Categorical,
                (other, None) => {
                    return Err(bad(format!(
                        "column {:?}: unknown type {other:?} (use int, decimal, bool, timestamp \
                         or categorical)",
                        c.name
                    )));
                }
            };
            columns.push(Column { name: c.name, ty });
        }
        let schema = Schema { columns, nulls: json.nulls };
        schema.validate(path)?;
        Ok(schema)
    }

    /// Writes the schema file (pretty JSON; [`Schema::read`] reads it back).
    pub fn write(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(&self.to_json())
            .map_err(|e| Error::BadSchema { path: path.to_path_buf(), problem: e.to_string() })?;
        text.push('\n');
        std::fs::write(path, text).map_err(|source| Error::Io {
            action: "writing schema",
            path: path.to_path_buf(),
            source,
        })
    }

    /// SHA-256 of the canonical JSON of the schema: the schema file's form with no whitespace,
    /// keys in the order `columns`, `nulls`, each column's keys in the order `name`, `type`,
    /// `scale` (`scale` only for decimals), strings escaped as serde_json does, e.g.
    /// `{"columns":[{"name":"age","type":"int"},{"name":"income","type":"decimal","scale":2}],
    /// "nulls":"refuse"}` (without the line break).
    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.canonical_json()).into()
    }

    /// The canonical JSON bytes hashed by [`Schema::hash`].
    pub fn canonical_json(&self) -> Vec<u8> {
        // Serializing plain strings, integers and enums cannot fail; an empty result would
        // still hash deterministically.
        serde_json::to_vec(&self.to_json()).unwrap_or_default()
    }

    /// The column names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// The position of the column named `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Checks names (non-empty, distinct), scales (at most 18) and that there is a column.
    pub(crate) fn validate(&self, path: &Path) -> Result<()> {
        let bad = |problem: String| Error::BadSchema { path: path.to_path_buf(), problem };
        if self.columns.is_empty() {
            return Err(bad("the schema has no columns".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in self.columns.iter().enumerate() {
            if c.name.is_empty() {
                return Err(Error::EmptyColumnName { path: path.to_path_buf(), index: i + 1 });
            }
            if !seen.insert(c.name.as_str()) {
                return Err(Error::DuplicateColumn {
                    path: path.to_path_buf(),
                    column: c.name.clone(),
                });
            }
            if let ColumnType::Decimal { scale } = c.ty
                && scale > MAX_SCALE
            {
                return Err(bad(format!(
                    "column {:?}: scale {scale} is above the largest, {MAX_SCALE}",
                    c.name
                )));
            }
        }
        Ok(())
    }

    fn to_json(&self) -> SchemaJson {
        SchemaJson {
            columns: self
                .columns
                .iter()
                .map(|c| ColumnJson {
                    name: c.name.clone(),
                    ty: c.ty.name().to_string(),
                    scale: match c.ty {
                        ColumnType::Decimal { scale } => Some(scale),
                        _ => None,
                    },
                })
                .collect(),
            nulls: self.nulls,
        }
    }
}

/// Where a data file's columns sit in the schema: `perm[i]` is the file position of schema
/// column `i`. Errors list both sets when a name is missing or extra.
pub(crate) fn match_columns(path: &Path, schema: &Schema, file: &[String]) -> Result<Vec<usize>> {
    let mut seen = std::collections::HashSet::new();
    for name in file {
        if !seen.insert(name.as_str()) {
            return Err(Error::DuplicateColumn { path: path.to_path_buf(), column: name.clone() });
        }
    }
    let missing: Vec<&str> = schema.names().filter(|n| !seen.contains(n)).collect();
    let extra: Vec<&str> =
        file.iter().map(String::as_str).filter(|n| schema.index_of(n).is_none()).collect();
    if !missing.is_empty() || !extra.is_empty() {
        let mut detail = Vec::new();
        if !missing.is_empty() {
            detail.push(format!("missing from the file: {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            detail.push(format!("not in the schema: {}", extra.join(", ")));
        }
        return Err(Error::ColumnsMismatch {
            path: path.to_path_buf(),
            detail: detail.join("; "),
            file: file.join(", "),
            schema: schema.names().collect::<Vec<_>>().join(", "),
        });
    }
    Ok(schema.names().filter_map(|n| file.iter().position(|f| f == n)).collect())
}
