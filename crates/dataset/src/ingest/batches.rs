//! Arrow record batches, from a Parquet file (read in batches of `block_rows` rows) or from
//! memory (any [`RecordBatchReader`], e.g. a pyarrow Table imported through the Arrow C stream
//! interface); types from the batches' schema. Both go through [`BatchSource`]: the same batches
//! give the same blocks whatever their source and however they are split.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type,
    Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader};
use arrow_schema::{DataType, Fields, TimeUnit};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::encode::Encoders;
use super::encode::{ColumnEncoder, Inference, MICROS_PER_DAY, Refusal, parse_decimal, text_scale};
use super::error::{Error, Place, Result, shown};
use super::schema::{Column, ColumnType, MAX_SCALE, Schema, match_columns};
use super::{Block, INFER_ROWS};

/// Largest Decimal128 scale taken ([`MAX_SCALE`] as Arrow's i8).
const MAX_DECIMAL128_SCALE: i8 = 18;
const _: () = assert!(MAX_DECIMAL128_SCALE as u8 == MAX_SCALE);

/// A reader of record batches that can be moved to another thread (the Python module reads
/// with the GIL released).
pub type BoxedBatches = Box<dyn RecordBatchReader + Send>;

/// Rows of a stream of record batches.
pub(crate) struct BatchSource {
    /// The file, or the name of the in-memory data, in errors.
    path: PathBuf,
    reader: BoxedBatches,
    /// Batches read ahead (for inference) or partly used.
    pending: VecDeque<RecordBatch>,
    /// Rows of the front pending batch already used.
    offset: usize,
    /// Batch column of each schema column.
    perm: Vec<usize>,
}

/// Opens a Parquet file as batches of `block_rows` rows.
pub(crate) fn open_parquet(
    path: &Path,
    schema: Option<Schema>,
    block_rows: usize,
) -> Result<(BatchSource, Schema)> {
    let pq = |source| Error::Parquet { path: path.to_path_buf(), source };
    let file = File::open(path).map_err(|source| Error::Io {
        action: "opening",
        path: path.to_path_buf(),
        source,
    })?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.with_batch_size(block_rows).build())
        .map_err(pq)?;
    BatchSource::open(path, Box::new(reader), schema)
}

fn is_text(dt: &DataType) -> bool {
    match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, v) => is_text(v),
        _ => false,
    }
}

fn is_integer(dt: &DataType) -> bool {
    matches!(
        dt,
        DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
    )
}

/// The type a file column gets when no schema is given (floats: scale 0, raised by the data).
fn natural_type(dt: &DataType) -> Option<ColumnType> {
    Some(match dt {
        d if is_integer(d) => ColumnType::Int,
        DataType::Float32 | DataType::Float64 => ColumnType::Decimal { scale: 0 },
        DataType::Decimal128(_, s) if (0..=MAX_DECIMAL128_SCALE).contains(s) => {
            ColumnType::Decimal { scale: s.unsigned_abs() }
        }
        DataType::Boolean => ColumnType::Bool,
        DataType::Timestamp(..) | DataType::Date32 | DataType::Date64 => ColumnType::Timestamp,
        d if is_text(d) => ColumnType::Categorical,
        _ => return None,
    })
}

/// Whether a file column of type `dt` can be converted to `ty` (value by value, exactly).
fn convertible(dt: &DataType, ty: ColumnType) -> bool {
    if is_text(dt) {
        return true;
    }
    match ty {
        ColumnType::Int | ColumnType::Decimal { .. } => {
            is_integer(dt)
                || matches!(dt, DataType::Float32 | DataType::Float64 | DataType::Decimal128(..))
        }
        ColumnType::Bool => matches!(dt, DataType::Boolean),
        ColumnType::Timestamp => {
            matches!(dt, DataType::Timestamp(..) | DataType::Date32 | DataType::Date64)
        }
        ColumnType::Categorical => false,
    }
}

impl BatchSource {
    /// Reads batches from `reader` (named `path` in errors); with no schema, infers one (float
    /// scales from the first rows).
    pub(crate) fn open(
        path: &Path,
        reader: BoxedBatches,
        schema: Option<Schema>,
    ) -> Result<(Self, Schema)> {
        let fields = reader.schema().fields().clone();
        if fields.is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
                problem: "the data has no columns",
            });
        }
        let names: Vec<String> = fields.iter().map(|f| f.name().clone()).collect();
        let mut source = Self {
            path: path.to_path_buf(),
            reader,
            pending: VecDeque::new(),
            offset: 0,
            perm: vec![],
        };
        let schema = match schema {
            Some(schema) => {
                source.perm = match_columns(path, &schema, &names)?;
                for (col, &f) in schema.columns.iter().zip(&source.perm) {
                    let dt = fields[f].data_type();
                    if !convertible(dt, col.ty) {
                        return Err(Error::TypeMismatch {
                            path: path.to_path_buf(),
                            column: col.name.clone(),
                            file_type: dt.to_string(),
                            schema_type: col.ty.to_string(),
                        });
                    }
                }
                schema
            }
            None => {
                let mut seen = std::collections::HashSet::new();
                let mut columns = Vec::with_capacity(fields.len());
                for f in &fields {
                    if !seen.insert(f.name().as_str()) {
                        return Err(Error::DuplicateColumn {
                            path: path.to_path_buf(),
                            column: f.name().clone(),
                        });
                    }
                    let ty = natural_type(f.data_type()).ok_or_else(|| Error::TypeMismatch {
                        path: path.to_path_buf(),
                        column: f.name().clone(),
                        file_type: f.data_type().to_string(),
                        schema_type: "any supported type (integers, floats, decimal128, \
                                      boolean, strings, timestamps, dates)"
                            .into(),
                    })?;
                    columns.push(Column { name: f.name().clone(), ty });
                }
                source.perm = (0..columns.len()).collect();
                source.infer_float_scales(&fields, &mut columns)?;
                Schema::new(columns)
            }
        };
        Ok((source, schema))
    }

    /// Reads ahead up to [`INFER_ROWS`] rows and sets each float column's scale to the most
    /// fractional digits of its values' shortest round-trip text.
    fn infer_float_scales(&mut self, fields: &Fields, columns: &mut [Column]) -> Result<()> {
        let floats: Vec<usize> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.data_type(), DataType::Float32 | DataType::Float64))
            .map(|(i, _)| i)
            .collect();
        if floats.is_empty() {
            return Ok(());
        }
        let mut rows = 0;
        while rows < INFER_ROWS {
            let Some(batch) = self.reader.next() else { break };
            let batch = batch.map_err(|source| Error::Arrow { path: self.path.clone(), source })?;
            rows += batch.num_rows();
            self.pending.push_back(batch);
        }
        let mut text = String::new();
        for &i in &floats {
            let mut inf = Inference::default();
            let mut left = INFER_ROWS;
            for batch in &self.pending {
                let arr = batch.column(i);
                let n = arr.len().min(left);
                left -= n;
                for j in (0..n).filter(|&j| arr.is_valid(j)) {
                    text.clear();
                    let finite = match arr.data_type() {
                        DataType::Float32 => {
                            let v = arr.as_primitive::<Float32Type>().value(j);
                            let _ = write!(text, "{v}");
                            v.is_finite()
                        }
                        _ => {
                            let v = arr.as_primitive::<Float64Type>().value(j);
                            let _ = write!(text, "{v}");
                            v.is_finite()
                        }
                    };
                    if let Some(scale) = text_scale(&text).filter(|_| finite) {
                        inf.observe_scale(scale);
                    }
                }
            }
            columns[i].ty = ColumnType::Decimal { scale: inf.scale() };
        }
        Ok(())
    }

    /// Encodes up to `block_rows` rows into a block; `None` at the end of the file.
    pub(crate) fn next_block(
        &mut self,
        schema: &Schema,
        enc: &mut Encoders,
        block_rows: usize,
        first_row: u64,
        hint: &'static str,
    ) -> Result<Option<Block>> {
        enc.reserve(block_rows);
        let mut rows = 0;
        while rows < block_rows {
            let Some(batch) = self.pending.front() else {
                match self.reader.next() {
                    Some(batch) => {
                        let batch = batch
                            .map_err(|source| Error::Arrow { path: self.path.clone(), source })?;
                        self.pending.push_back(batch);
                        self.offset = 0;
                        continue;
                    }
                    None => break,
                }
            };
            let avail = batch.num_rows() - self.offset;
            if avail == 0 {
                self.pending.pop_front();
                self.offset = 0;
                continue;
            }
            let take = avail.min(block_rows - rows);
            let row0 = first_row + rows as u64;
            for ((col, e), &f) in schema.columns.iter().zip(&mut enc.cols).zip(&self.perm) {
                let arr = batch.column(f).slice(self.offset, take);
                append(At { path: &self.path, col, row0, hint }, e, &arr)?;
            }
            self.offset += take;
            rows += take;
        }
        Ok((rows > 0).then(|| enc.block(first_row, rows)))
    }
}

/// Context for value errors: the file, the column, the 0-based row of the array's first value.
struct At<'a> {
    path: &'a Path,
    col: &'a Column,
    row0: u64,
    hint: &'static str,
}

impl At<'_> {
    fn bad(&self, j: usize, value: String, expected: Refusal) -> Error {
        Error::BadValue {
            at: Place::cell(self.path, self.row0 + j as u64 + 1, None, &self.col.name),
            value: shown(&value),
            expected: format!("{expected} (column type {})", self.col.ty),
            hint: self.hint,
        }
    }
}

const TEN: i128 = 10;

/// `v * 10^scale` as i64.
fn scale_int(v: i128, scale: u8) -> Result<i64, Refusal> {
    TEN.checked_pow(u32::from(scale))
        .and_then(|p| v.checked_mul(p))
        .and_then(|v| i64::try_from(v).ok())
        .ok_or_else(|| format!("a number whose value times 10^{scale} fits in i64"))
}

/// A Decimal128 of scale `from` rescaled to `to`, exactly.
fn rescale(v: i128, from: i8, to: u8) -> Result<i64, Refusal> {
    let to_i = i32::from(to);
    let from_i = i32::from(from);
    let out = if to_i >= from_i {
        TEN.checked_pow(u32::try_from(to_i - from_i).unwrap_or(u32::MAX))
            .and_then(|p| v.checked_mul(p))
    } else {
        let p = TEN.checked_pow(u32::try_from(from_i - to_i).unwrap_or(u32::MAX));
        match p {
            Some(p) if v % p == 0 => Some(v / p),
            Some(_) => return Err(format!("a number with at most {to} digits after the point")),
            None => (v == 0).then_some(0),
        }
    };
    out.and_then(|v| i64::try_from(v).ok())
        .ok_or_else(|| format!("a number whose value times 10^{to} fits in i64"))
}

fn first_null(arr: &dyn Array) -> Option<usize> {
    (0..arr.len()).find(|&j| arr.is_null(j))
}

/// Appends the values of `arr` (already sliced to the rows wanted) to the column's encoder.
fn append(at: At<'_>, e: &mut ColumnEncoder, arr: &ArrayRef) -> Result<()> {
    let (path, col, row0) = (at.path, at.col, at.row0);
    if arr.null_count() > 0
        && let Some(j) = first_null(arr.as_ref())
    {
        return Err(Error::Null { at: Place::cell(path, row0 + j as u64 + 1, None, &col.name) });
    }
    let scale = match col.ty {
        ColumnType::Int => 0,
        ColumnType::Decimal { scale } => scale,
        _ => 0,
    };
    macro_rules! ints {
        ($t:ty) => {{
            for (j, &v) in arr.as_primitive::<$t>().values().iter().enumerate() {
                let v = scale_int(i128::from(v), scale).map_err(|x| at.bad(j, v.to_string(), x))?;
                e.push_int(v);
            }
        }};
    }
    macro_rules! floats {
        ($t:ty) => {{
            let mut text = std::mem::take(&mut e.scratch);
            for (j, &v) in arr.as_primitive::<$t>().values().iter().enumerate() {
                if let Some(r) = FloatFast::of(&v).and_then(|v| v.scaled(scale)) {
                    e.push_int(r);
                    continue;
                }
                text.clear();
                let _ = write!(text, "{v}");
                if !v.is_finite() {
                    return Err(at.bad(j, text, "a finite number".into()));
                }
                let v = parse_decimal(&text, scale).map_err(|x| at.bad(j, text.clone(), x))?;
                e.push_int(v);
            }
            e.scratch = text;
        }};
    }
    macro_rules! times {
        ($t:ty, $mul:expr, $div:expr) => {{
            for (j, &v) in arr.as_primitive::<$t>().values().iter().enumerate() {
                let v = i64::from(v);
                #[allow(clippy::modulo_one, reason = "the divisor is 1 for most units")]
                let whole = v % $div == 0;
                if !whole {
                    return Err(at.bad(
                        j,
                        v.to_string(),
                        "a timestamp with at most microsecond precision".into(),
                    ));
                }
                let m = (v / $div).checked_mul($mul).ok_or_else(|| {
                    at.bad(j, v.to_string(), "a timestamp within ±292,000 years".into())
                })?;
                e.push_int(m);
            }
        }};
    }
    let dt = arr.data_type();
    match (col.ty, dt) {
        (_, d) if is_text(d) => {
            // Dictionaries are read through their keys.
            let (values, keys): (&dyn Array, Option<Vec<usize>>) = match d {
                DataType::Dictionary(..) => {
                    let dict = arr.as_any_dictionary();
                    (dict.values().as_ref(), Some(dict.normalized_keys()))
                }
                _ => (arr.as_ref(), None),
            };
            for j in 0..arr.len() {
                let k = keys.as_ref().map_or(j, |keys| keys[j]);
                if values.is_null(k) {
                    return Err(Error::Null {
                        at: Place::cell(path, row0 + j as u64 + 1, None, &col.name),
                    });
                }
                let s = str_value(values, k).ok_or_else(|| mismatch(path, col, dt))?;
                if col.ty == ColumnType::Categorical {
                    e.push_str(s);
                } else {
                    e.push_text(s).map_err(|x| at.bad(j, s.to_string(), x))?;
                }
            }
        }
        (ColumnType::Int | ColumnType::Decimal { .. }, d) => match d {
            DataType::Int8 => ints!(Int8Type),
            DataType::Int16 => ints!(Int16Type),
            DataType::Int32 => ints!(Int32Type),
            DataType::Int64 => ints!(Int64Type),
            DataType::UInt8 => ints!(UInt8Type),
            DataType::UInt16 => ints!(UInt16Type),
            DataType::UInt32 => ints!(UInt32Type),
            DataType::UInt64 => ints!(UInt64Type),
            DataType::Float32 => floats!(Float32Type),
            DataType::Float64 => floats!(Float64Type),
            DataType::Decimal128(_, s) => {
                let a = arr.as_primitive::<Decimal128Type>();
                for (j, &v) in a.values().iter().enumerate() {
                    let v =
                        rescale(v, *s, scale).map_err(|x| at.bad(j, a.value_as_string(j), x))?;
                    e.push_int(v);
                }
            }
            _ => return Err(mismatch(path, col, dt)),
        },
        (ColumnType::Bool, DataType::Boolean) => {
            for v in arr.as_boolean().values() {
                e.push_int(i64::from(v));
            }
        }
        (ColumnType::Timestamp, DataType::Timestamp(unit, _)) => match unit {
            TimeUnit::Second => times!(TimestampSecondType, 1_000_000, 1),
            TimeUnit::Millisecond => times!(TimestampMillisecondType, 1_000, 1),
            TimeUnit::Microsecond => times!(TimestampMicrosecondType, 1, 1),
            TimeUnit::Nanosecond => times!(TimestampNanosecondType, 1, 1_000),
        },
        (ColumnType::Timestamp, DataType::Date32) => times!(Date32Type, MICROS_PER_DAY, 1),
        (ColumnType::Timestamp, DataType::Date64) => times!(Date64Type, 1_000, 1),
        _ => return Err(mismatch(path, col, dt)),
    }
    Ok(())
}

/// The string at `j` of a Utf8, LargeUtf8 or Utf8View array.
fn str_value(arr: &dyn Array, j: usize) -> Option<&str> {
    match arr.data_type() {
        DataType::Utf8 => Some(arr.as_string::<i32>().value(j)),
        DataType::LargeUtf8 => Some(arr.as_string::<i64>().value(j)),
        DataType::Utf8View => Some(arr.as_string_view().value(j)),
        _ => None,
    }
}

fn mismatch(path: &Path, col: &Column, dt: &DataType) -> Error {
    Error::TypeMismatch {
        path: path.to_path_buf(),
        column: col.name.clone(),
        file_type: dt.to_string(),
        schema_type: col.ty.to_string(),
    }
}

/// Below this magnitude of `v * 10^scale` (2^52), an f64's spacing is smaller than `10^-scale`.
const FAST_LIMIT: f64 = 4_503_599_627_370_496.0;

/// `10^k` for `k` in `0..=18`, each exact in f64.
const POW10: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

/// The fast path for f64 values; f32 values always take the text path.
struct FloatFast(f64);

impl FloatFast {
    fn of<T: std::any::Any>(v: &T) -> Option<Self> {
        (v as &dyn std::any::Any).downcast_ref::<f64>().map(|v| Self(*v))
    }

    /// `v * 10^scale` as an integer when it is exactly what the shortest round-trip text of `v`
    /// gives, without formatting it; `None` leaves the value to the text path.
    ///
    /// When `|v| * 10^scale < 2^52`, the spacing of f64s around `v` is below `10^-scale`, so at
    /// most one multiple of `10^-scale` rounds to `v`. If `r / 10^scale` rounds to `v` (checked
    /// with one correctly rounded division of exact integers), the shortest text of `v` has at
    /// most that many fractional digits, is a multiple of `10^-scale` rounding to `v`, and so
    /// is `r / 10^scale` itself.
    fn scaled(&self, scale: u8) -> Option<i64> {
        let p = *POW10.get(usize::from(scale))?;
        let x = self.0 * p;
        if !x.is_finite() || x.abs() >= FAST_LIMIT {
            return None;
        }
        let r = x.round();
        #[allow(clippy::float_cmp, reason = "exact equality is the point")]
        let exact = r / p == self.0;
        #[allow(clippy::cast_possible_truncation, reason = "|r| < 2^52")]
        exact.then_some(r as i64)
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;

    /// The fast path agrees with formatting and parsing the text, whenever it answers.
    #[test]
    fn float_fast_path_equals_text_path() {
        let mut rng = StdRng::seed_from_u64(9);
        let mut answered = 0;
        for i in 0..200_000u32 {
            let v: f64 = match i % 4 {
                0 => f64::from_bits(rng.r#gen()),
                1 => rng.gen_range(-1e6..1e6),
                2 => rng.gen_range(-10_000_000i64..10_000_000) as f64 / 100.0,
                _ => rng.gen_range(-1_000_000_000_000i64..1_000_000_000_000) as f64 / 1e4,
            };
            if !v.is_finite() {
                continue;
            }
            for scale in [0u8, 1, 2, 4, 9, 18] {
                if let Some(fast) = FloatFast(v).scaled(scale) {
                    answered += 1;
                    assert_eq!(Ok(fast), parse_decimal(&format!("{v}"), scale), "{v} at {scale}");
                }
            }
        }
        assert!(answered > 200_000, "the fast path answered {answered} times");
    }
}
