//! Streaming ingestion of tables (CSV, JSON Lines, Parquet) into integer and field-element
//! columns, in blocks of a fixed number of rows with memory bounded by the block size.
//!
//! [`open`] reads a file with a [`Schema`] (given, or inferred) and yields [`Block`]s of
//! `block_rows` rows (the last one shorter), each holding every column in schema order. The same
//! table written as CSV, JSON Lines or Parquet gives the same schema and the same blocks.
//! [`open_batches`] reads Arrow record batches from memory the same way (a Parquet file is read
//! as record batches too, by the same code): the same table as a Parquet file or as record
//! batches, split into batches anyhow, gives the same schema and the same blocks.
//!
//! # Encoding (version 1; part of the commitment)
//!
//! Every value of a numeric column ([`ColumnType::is_numeric`]) becomes one `i64`, every value of
//! a categorical column one BN254 scalar field element ([`ark_bn254::Fr`]):
//!
//! - **int**: the integer. Text is an optionally signed decimal integer; a number text whose
//!   value is a whole number ("7.0", "7e0") is taken too. It must fit `i64`.
//! - **decimal(scale)**, `scale` in `0..=18`: the exact integer `value * 10^scale`, which must fit
//!   `i64`. Text is `[+-]digits[.digits]` with an optional exponent (`e`/`E`, at most ±40,
//!   expanded exactly); trailing zeros of the fraction are dropped first (they are exact), and
//!   more remaining fractional digits than `scale` is an error: values are never rounded.
//! - **bool**: 1 for `true`, 0 for `false` (any letter case in text), and text `1`/`0`.
//! - **timestamp**: microseconds since 1970-01-01T00:00:00 UTC, as `i64`. Text is RFC 3339
//!   (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.25+02:00`; the `T` may be a space), or
//!   `YYYY-MM-DD HH:MM:SS[.fraction]` taken as UTC, or `YYYY-MM-DD` (midnight UTC). Fraction
//!   digits past the sixth must be zero (sub-microsecond precision is an error, never truncated);
//!   leap seconds (`:60`) are refused.
//! - **categorical**: the UTF-8 string `s` becomes the field element
//!   `SHA-256("zkp-ledger/categorical/v1\0" || s)` read as a big-endian integer and reduced mod
//!   r (`Fr::from_be_bytes_mod_order`). Labels are cached per column (at most 65,536 distinct
//!   strings, then the cache starts over).
//!
//! Text comes from CSV cells as they stand (no trimming) and from JSON values: a string by its
//! content, a number by its literal text, `true`/`false` as those words.
//!
//! Parquet (Arrow) columns: Int8..Int64 and UInt8..UInt64 are integers (a UInt64 above
//! `i64::MAX` is an error); Float32/Float64 are taken from their shortest round-trip decimal text
//! (Rust's `{}` formatting of the f32 or f64; NaN and infinities are errors); Decimal128(p, s)
//! with `0 <= s <= 18` is rescaled exactly to the column's scale (error if digits would be lost);
//! Boolean is bool; Utf8, LargeUtf8, Utf8View and dictionaries of them are text (categorical,
//! or parsed like CSV text for other column types); Timestamp of any unit and time zone is
//! converted to microseconds (nanoseconds must be whole microseconds), Date32 and Date64 to
//! midnight UTC. An integer column read into a decimal column is multiplied by `10^scale`.
//!
//! # Nulls
//!
//! The only policy, [`NullPolicy::Refuse`]: an empty CSV cell, a JSON `null` or missing key, or a
//! Parquet null is an error naming the file, row and column.
//!
//! # Schema inference
//!
//! Without a schema, CSV and JSON Lines columns are typed from the first 1,000 data rows
//! ([`INFER_ROWS`]): all `true`/`false` gives bool; all integers gives int; all numbers, some with
//! a point, gives decimal with the scale of the most fractional digits after dropping trailing
//! zeros ("1.50" counts 1); all dates or timestamps gives timestamp; anything else categorical.
//! Columns are in CSV header order, or the key order of the first JSON object. Parquet columns
//! take the type of their Arrow type in file order, floats the scale found in their first 1,000
//! values' text. A later value that does not fit the inferred type is an error naming its row and
//! column (pass an explicit schema). With a schema, the file's columns must be exactly the
//! schema's names, in any order; blocks follow the schema's order.
//!
//! Rows are numbered from 1 in errors (the data row, not counting the header; CSV and JSON Lines
//! errors also give the line); [`Block::first_row`] counts from 0.

mod batches;
mod csv;
mod encode;
mod error;
mod jsonl;
mod schema;
pub mod synth;
mod text;
mod value;

pub use batches::BoxedBatches;
pub use value::parse_value;

use std::path::{Path, PathBuf};

pub use encode::{CATEGORICAL_CACHE_ENTRIES, CATEGORICAL_DOMAIN, categorical};
pub use error::{Error, MAX_SHOWN_VALUE, Place, Result};
pub use schema::{Column, ColumnType, MAX_SCALE, NullPolicy, Schema};

use encode::Encoders;
use text::Buffered;

/// Data rows read to infer a schema (at most this many are buffered).
pub const INFER_ROWS: usize = 1_000;

/// A data file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// The format named by the file's extension: `.csv`; `.jsonl` or `.ndjson`; `.parquet` or
    /// `.pq` (any letter case).
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl" | "ndjson") => Ok(Format::JsonLines),
            Some("parquet" | "pq") => Ok(Format::Parquet),
            _ => Err(Error::UnknownFormat(path.to_path_buf())),
        }
    }
}

/// The encoded values of one column in a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnData {
    /// Numeric columns (int, decimal, bool, timestamp).
    Int(Vec<i64>),
    /// Categorical columns.
    Field(Vec<ark_bn254::Fr>),
}

impl ColumnData {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Self::Int(v) => v.len(),
            Self::Field(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Consecutive rows of a table, column by column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// 0-based index of the block's first row in the file.
    pub first_row: u64,
    /// Rows in the block (`block_rows`, except for a shorter last block; never 0).
    pub rows: usize,
    /// One entry per schema column, in schema order, each with `rows` values.
    pub columns: Vec<ColumnData>,
}

/// Where the rows come from.
enum Source {
    Csv(Buffered<csv::CsvSource>),
    Jsonl(Buffered<jsonl::JsonlSource>),
    /// Parquet files and in-memory record batches.
    Batches(batches::BatchSource),
}

/// A streaming reader of one file (or of record batches from memory): an iterator of blocks.
/// After an error it yields nothing more.
pub struct Reader {
    path: PathBuf,
    format: Option<Format>,
    schema: Schema,
    inferred: bool,
    block_rows: usize,
    next_row: u64,
    done: bool,
    enc: Encoders,
    source: Source,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("schema", &self.schema)
            .field("block_rows", &self.block_rows)
            .field("next_row", &self.next_row)
            .finish_non_exhaustive()
    }
}

/// Hint for values that do not fit an inferred type.
const INFERRED_HINT: &str = "the column's type was inferred from the first 1000 rows; pass \
                             --schema FILE to declare it";
/// Hint for values that do not fit a given schema.
const SCHEMA_HINT: &str = "fix the value or the schema";

/// Opens a data file for streaming. `format` defaults to [`Format::from_path`]; without a
/// `schema`, one is inferred (see the module documentation). Blocks have `block_rows` rows
/// (at least 1).
pub fn open(
    path: &Path,
    format: Option<Format>,
    schema: Option<Schema>,
    block_rows: usize,
) -> Result<Reader> {
    if block_rows == 0 {
        return Err(Error::BadArgument("block_rows must be at least 1".into()));
    }
    let format = match format {
        Some(f) => f,
        None => Format::from_path(path)?,
    };
    if let Some(schema) = &schema {
        schema.validate(path)?;
    }
    let inferred = schema.is_none();
    let (source, schema) = match format {
        Format::Csv => {
            let (mut src, names) = csv::CsvSource::open(path)?;
            match schema {
                Some(schema) => {
                    src.set_order(schema::match_columns(path, &schema, &names)?);
                    (Source::Csv(Buffered::new(src)), schema)
                }
                None => {
                    let mut src = Buffered::new(src);
                    let schema = src.infer(names)?;
                    (Source::Csv(src), schema)
                }
            }
        }
        Format::JsonLines => match schema {
            Some(schema) => {
                // The first object's keys must be the schema's names (later objects are checked
                // row by row: a missing key is a null, an extra key an error).
                match jsonl::JsonlSource::first_keys(path) {
                    Ok(keys) => {
                        schema::match_columns(path, &schema, &keys)?;
                    }
                    Err(Error::Empty { .. }) => {}
                    Err(e) => return Err(e),
                }
                let names = schema.names().map(str::to_string).collect();
                (Source::Jsonl(Buffered::new(jsonl::JsonlSource::open(path, names)?)), schema)
            }
            None => {
                let names = jsonl::JsonlSource::first_keys(path)?;
                let mut src = Buffered::new(jsonl::JsonlSource::open(path, names.clone())?);
                let schema = src.infer(names)?;
                (Source::Jsonl(src), schema)
            }
        },
        Format::Parquet => {
            let (src, schema) = batches::open_parquet(path, schema, block_rows)?;
            (Source::Batches(src), schema)
        }
    };
    Ok(Reader {
        path: path.to_path_buf(),
        format: Some(format),
        enc: Encoders::new(schema.columns.iter().map(|c| c.ty)),
        schema,
        inferred,
        block_rows,
        next_row: 0,
        done: false,
        source,
    })
}

/// Reads Arrow record batches from memory (e.g. a pyarrow Table or a pandas DataFrame imported
/// through the Arrow C stream interface: no copy of the data) as [`open`] reads a Parquet file:
/// the same column types, inference, conversions and errors, which name the data `name` where
/// they would name a file. Without a `schema`, one is inferred from the batches' Arrow schema.
/// Batches may have any number of rows; blocks have `block_rows` rows (at least 1).
pub fn open_batches(
    name: &Path,
    batches: BoxedBatches,
    schema: Option<Schema>,
    block_rows: usize,
) -> Result<Reader> {
    if block_rows == 0 {
        return Err(Error::BadArgument("block_rows must be at least 1".into()));
    }
    if let Some(schema) = &schema {
        schema.validate(name)?;
    }
    let inferred = schema.is_none();
    let (source, schema) = batches::BatchSource::open(name, batches, schema)?;
    Ok(Reader {
        path: name.to_path_buf(),
        format: None,
        enc: Encoders::new(schema.columns.iter().map(|c| c.ty)),
        schema,
        inferred,
        block_rows,
        next_row: 0,
        done: false,
        source: Source::Batches(source),
    })
}

impl Reader {
    /// The schema (given or inferred); blocks hold columns in its order.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The file being read (the name given to [`open_batches`] for record batches).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's format (`None` for record batches from memory).
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// Whether the schema was inferred from the file (no schema was given).
    pub fn inferred(&self) -> bool {
        self.inferred
    }

    /// Rows yielded so far.
    pub fn rows_read(&self) -> u64 {
        self.next_row
    }

    fn next_block(&mut self) -> Result<Option<Block>> {
        let hint = if self.inferred { INFERRED_HINT } else { SCHEMA_HINT };
        let (schema, enc, n, first) = (&self.schema, &mut self.enc, self.block_rows, self.next_row);
        match &mut self.source {
            Source::Csv(src) => text::next_block(src, schema, enc, n, first, hint),
            Source::Jsonl(src) => text::next_block(src, schema, enc, n, first, hint),
            Source::Batches(src) => src.next_block(schema, enc, n, first, hint),
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Block>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_block() {
            Ok(Some(block)) => {
                self.next_row += block.rows as u64;
                Some(Ok(block))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
