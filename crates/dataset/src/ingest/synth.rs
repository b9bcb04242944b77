//! A realistic generated table for tests and benchmarks, deterministic from a seed, written as
//! CSV, JSON Lines or Parquet while it is generated (memory of one batch, whatever the size).
//!
//! Columns: `id` int (the 0-based row number), `age` int in 18..=90, `income` decimal(2) in
//! 0..250000.00 (skewed towards small values), `score` decimal(4) in [-1, 1], `label`
//! categorical among 5 class names with uneven frequencies, `member` bool, `signup` timestamp in
//! 2015..2025 (whole seconds), `clicks` int in 0..10^6 (skewed).
//!
//! CSV writes decimals with all their digits ("1234.50"), timestamps as "YYYY-MM-DD HH:MM:SS";
//! JSON Lines writes numbers as JSON numbers and timestamps in RFC 3339 with `Z`; Parquet writes
//! Int64/Int32 integers, Float64 decimals, Utf8 labels, Boolean and Timestamp(µs, UTC), snappy
//! compressed, in row groups of [`ROW_GROUP_ROWS`] rows.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema as ArrowSchema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::Format;
use super::error::{Error, Result};
use super::schema::{Column, ColumnType, Schema};
use crate::decimal::format_scaled;

/// Rows per Parquet row group.
pub const ROW_GROUP_ROWS: usize = 128 * 1024;
/// Rows generated per batch (and per Arrow record batch).
const BATCH_ROWS: usize = 64 * 1024;

/// The class names of `label`, most frequent first, and their weights (out of 100).
pub const LABELS: [(&str, u32); 5] =
    [("cat", 40), ("dog", 30), ("bird", 15), ("fish", 10), ("lizard", 5)];

/// 2015-01-01T00:00:00Z in seconds since the epoch.
const SIGNUP_FROM: i64 = 1_420_070_400;
/// 2025-01-01T00:00:00Z in seconds since the epoch.
const SIGNUP_TO: i64 = 1_735_689_600;

/// The schema of the generated table (what inference finds on it, given enough rows).
pub fn schema() -> Schema {
    let col = |name: &str, ty| Column { name: name.to_string(), ty };
    Schema::new(vec![
        col("id", ColumnType::Int),
        col("age", ColumnType::Int),
        col("income", ColumnType::Decimal { scale: 2 }),
        col("score", ColumnType::Decimal { scale: 4 }),
        col("label", ColumnType::Categorical),
        col("member", ColumnType::Bool),
        col("signup", ColumnType::Timestamp),
        col("clicks", ColumnType::Int),
    ])
}

/// One generated row.
struct Row {
    id: i64,
    age: i32,
    /// Hundredths.
    income: i64,
    /// Ten-thousandths.
    score: i64,
    label: &'static str,
    member: bool,
    /// Seconds since the epoch.
    signup: i64,
    clicks: i64,
}

fn row(rng: &mut StdRng, id: u64) -> Row {
    let u: f64 = rng.r#gen();
    let income = (u * u * u * 25_000_000.0) as i64;
    let mut pick = rng.gen_range(0..100u32);
    let mut label = LABELS[0].0;
    for (name, weight) in LABELS {
        if pick < weight {
            label = name;
            break;
        }
        pick -= weight;
    }
    let c: f64 = rng.r#gen();
    Row {
        id: i64::try_from(id).unwrap_or(i64::MAX),
        age: rng.gen_range(18..=90),
        income: income.min(24_999_999),
        score: rng.gen_range(-10_000..=10_000),
        label,
        member: rng.gen_bool(0.3),
        signup: rng.gen_range(SIGNUP_FROM..SIGNUP_TO),
        clicks: ((c * c * c * c) * 1_000_000.0) as i64 % 1_000_000,
    }
}

fn timestamp_text(secs: i64, sep: char, zone: &str) -> String {
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(t) => format!("{}{sep}{}{zone}", t.format("%Y-%m-%d"), t.format("%H:%M:%S")),
        None => String::new(),
    }
}

/// Writes `rows` rows generated from `seed` to `path` in `format`.
pub fn write_table(path: &Path, format: Format, rows: u64, seed: u64) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(seed);
    let io = |source| Error::Io { action: "writing", path: path.to_path_buf(), source };
    let file = File::create(path).map_err(io)?;
    match format {
        Format::Csv | Format::JsonLines => {
            let mut w = BufWriter::with_capacity(1 << 16, file);
            if format == Format::Csv {
                let schema = schema();
                writeln!(w, "{}", schema.names().collect::<Vec<_>>().join(",")).map_err(io)?;
            }
            for id in 0..rows {
                let r = row(&mut rng, id);
                let (income, score) =
                    (format_scaled(r.income.into(), 2), format_scaled(r.score.into(), 4));
                if format == Format::Csv {
                    writeln!(
                        w,
                        "{},{},{income},{score},{},{},{},{}",
                        r.id,
                        r.age,
                        r.label,
                        r.member,
                        timestamp_text(r.signup, ' ', ""),
                        r.clicks
                    )
                } else {
                    writeln!(
                        w,
                        "{{\"id\":{},\"age\":{},\"income\":{income},\"score\":{score},\"label\":\"{}\",\"member\":{},\"signup\":\"{}\",\"clicks\":{}}}",
                        r.id,
                        r.age,
                        r.label,
                        r.member,
                        timestamp_text(r.signup, 'T', "Z"),
                        r.clicks
                    )
                }
                .map_err(io)?;
            }
            w.flush().map_err(io)
        }
        Format::Parquet => write_parquet(path, file, &mut rng, rows),
    }
}

fn write_parquet(path: &Path, file: File, rng: &mut StdRng, rows: u64) -> Result<()> {
    let pq = |source| Error::Parquet { path: path.to_path_buf(), source };
    let arrow_schema = Arc::new(ArrowSchema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("age", DataType::Int32, false),
        Field::new("income", DataType::Float64, false),
        Field::new("score", DataType::Float64, false),
        Field::new("label", DataType::Utf8, false),
        Field::new("member", DataType::Boolean, false),
        Field::new("signup", DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())), false),
        Field::new("clicks", DataType::Int64, false),
    ]));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .build();
    let mut writer = ArrowWriter::try_new(BufWriter::new(file), arrow_schema.clone(), Some(props))
        .map_err(pq)?;
    let mut id = 0u64;
    while id < rows {
        let n = usize::try_from((rows - id).min(BATCH_ROWS as u64)).unwrap_or(BATCH_ROWS);
        let batch: Vec<Row> = (0..n as u64).map(|i| row(rng, id + i)).collect();
        id += n as u64;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from_iter_values(batch.iter().map(|r| r.id))),
            Arc::new(Int32Array::from_iter_values(batch.iter().map(|r| r.age))),
            Arc::new(Float64Array::from_iter_values(batch.iter().map(|r| r.income as f64 / 100.0))),
            Arc::new(Float64Array::from_iter_values(
                batch.iter().map(|r| r.score as f64 / 10_000.0),
            )),
            Arc::new(StringArray::from_iter_values(batch.iter().map(|r| r.label))),
            Arc::new(BooleanArray::from(batch.iter().map(|r| r.member).collect::<Vec<_>>())),
            Arc::new(
                TimestampMicrosecondArray::from_iter_values(
                    batch.iter().map(|r| r.signup * 1_000_000),
                )
                .with_timezone("UTC"),
            ),
            Arc::new(Int64Array::from_iter_values(batch.iter().map(|r| r.clicks))),
        ];
        let batch = RecordBatch::try_new(arrow_schema.clone(), columns)
            .map_err(|source| Error::Arrow { path: path.to_path_buf(), source })?;
        writer.write(&batch).map_err(pq)?;
    }
    writer.close().map_err(pq)?;
    Ok(())
}
