//! Errors of ingestion: every one names the file and, where there is one, the row, the line and
//! the column, and says what to do.

use std::path::PathBuf;

/// Longest value shown in an error message, in characters.
pub const MAX_SHOWN_VALUE: usize = 60;

/// Errors from reading, inferring and encoding a dataset file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The CSV parser failed (quoting, I/O).
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The parser's error, with its position.
        #[source]
        source: csv::Error,
    },
    /// The Parquet reader or writer failed.
    #[error("{path}: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: parquet::errors::ParquetError,
    },
    /// An Arrow operation failed.
    #[error("{path}: {source}")]
    Arrow {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: arrow_schema::ArrowError,
    },
    /// The file's extension names no supported format.
    #[error(
        "{0}: cannot tell the format from the file name; use a .csv, .jsonl/.ndjson or \
         .parquet/.pq file, or name the format explicitly"
    )]
    UnknownFormat(PathBuf),
    /// The file has no header (CSV), no rows to infer a schema from (JSONL) or no columns.
    #[error("{path}: {problem}")]
    Empty {
        /// The file.
        path: PathBuf,
        /// What is missing and what to do.
        problem: &'static str,
    },
    /// Two columns with one name.
    #[error("{path}: column {column:?} appears twice; give every column a distinct name")]
    DuplicateColumn {
        /// The file (data or schema).
        path: PathBuf,
        /// The repeated name.
        column: String,
    },
    /// A column name that cannot be used.
    #[error("{path}: column {index} has an empty name; name every column in the header")]
    EmptyColumnName {
        /// The file.
        path: PathBuf,
        /// 1-based column position.
        index: usize,
    },
    /// A schema file that does not parse or is invalid.
    #[error("schema {path}: {problem}")]
    BadSchema {
        /// The schema file (or the data file whose schema was built).
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The file's columns are not the schema's columns.
    #[error(
        "{path}: the file's columns do not match the schema ({detail}); file columns: [{file}]; \
         schema columns: [{schema}]; fix the file or the schema"
    )]
    ColumnsMismatch {
        /// The file.
        path: PathBuf,
        /// Which columns are missing and which are extra.
        detail: String,
        /// The file's column names, comma-separated.
        file: String,
        /// The schema's column names, comma-separated.
        schema: String,
    },
    /// A file column whose stored type cannot be converted exactly to the schema's type.
    #[error(
        "{path}, column {column:?}: the file stores {file_type}, which does not convert exactly \
         to the schema's {schema_type}; change the schema or convert the column"
    )]
    TypeMismatch {
        /// The file.
        path: PathBuf,
        /// Column name.
        column: String,
        /// The stored type.
        file_type: String,
        /// The schema's type.
        schema_type: String,
    },
    /// A row with a different number of fields than the header.
    #[error(
        "{at}: has {found} fields but the header has {expected}; every row needs one field per \
         column (quote fields that contain commas)"
    )]
    Ragged {
        /// Where.
        at: Box<Place>,
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A value that does not parse, does not fit i64, or does not fit the column's type.
    #[error("{at}: {value:?} is not {expected}; {hint}")]
    BadValue {
        /// Where (with the column).
        at: Box<Place>,
        /// The value, truncated to [`MAX_SHOWN_VALUE`] characters.
        value: String,
        /// What was expected.
        expected: String,
        /// What to do.
        hint: &'static str,
    },
    /// A null (empty CSV cell, JSON null or missing key, Parquet null) under the refusing policy.
    #[error(
        "{at}: null value (the null policy is \"refuse\"); fill or drop nulls before committing"
    )]
    Null {
        /// Where (with the column).
        at: Box<Place>,
    },
    /// A JSON Lines line that is not one flat JSON object, or a key not among the columns.
    #[error("{at}: {problem}")]
    BadJson {
        /// Where.
        at: Box<Place>,
        /// What is wrong and what to do.
        problem: String,
    },
    /// An argument out of range (e.g. zero rows per block).
    #[error("{0}")]
    BadArgument(String),
}

/// A place in a data file: file, 1-based data row, line (text formats) and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub path: PathBuf,
    /// 1-based data row (the header is not counted).
    pub row: u64,
    /// 1-based line where the row starts (CSV and JSON Lines).
    pub line: Option<u64>,
    /// The column's name, when one column is concerned.
    pub column: Option<String>,
}

impl Place {
    /// A place with no column.
    pub(crate) fn row(path: &std::path::Path, row: u64, line: Option<u64>) -> Box<Self> {
        Box::new(Self { path: path.to_path_buf(), row, line, column: None })
    }

    /// A place in a column.
    pub(crate) fn cell(
        path: &std::path::Path,
        row: u64,
        line: Option<u64>,
        column: &str,
    ) -> Box<Self> {
        Box::new(Self { path: path.to_path_buf(), row, line, column: Some(column.to_string()) })
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, row {}", self.path.display(), self.row)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column:?}")?;
        }
        Ok(())
    }
}

/// `value` cut to [`MAX_SHOWN_VALUE`] characters (with "..." when cut).
pub(crate) fn shown(value: &str) -> String {
    match value.char_indices().nth(MAX_SHOWN_VALUE) {
        Some((cut, _)) => format!("{}...", &value[..cut]),
        None => value.to_string(),
    }
}

/// Result with ingestion's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
