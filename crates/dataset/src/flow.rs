//! The dataset flows as callers run them: commit a file, prove claims about it, verify a proof
//! directory (docs/datasets-at-scale.md). The CLI (`zkp-ledger commit`, `prove dataset`,
//! `verify dataset`, `notarize`) and the Python module call these, so both read files, infer
//! schemas, cache chunk keys and parse claims the same way and report the same errors. The
//! Python module also passes Arrow record batches from memory ([`Data::Batches`]), read by the
//! same streaming code as Parquet files.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use rand::rngs::OsRng;
use zkp_ledger_circuits::chunked::chunk::ChunkShape;

use crate::{
    Error, Result,
    chunked::{
        self, ChunkKeys, ChunkOutcome, Chunker, ColumnStatement, CountStatement, DatasetCommitment,
        DatasetStatement, Opening, ProveSummary, STATEMENT_FORMAT, columns_of,
    },
    decimal::parse_scaled,
    ingest::{self, ColumnType, Format, Schema},
};

/// `commitment.json` in a commitment (or proof) directory.
pub const COMMITMENT_FILE: &str = "commitment.json";
/// `schema.json` in a commitment directory.
pub const SCHEMA_FILE: &str = "schema.json";
/// `opening.json` (the secret) in a commitment directory.
pub const OPENING_FILE: &str = "opening.json";
/// Rows per block read from a data file.
pub const BLOCK_ROWS: usize = 65_536;
/// Default chunk size, as a power of two of constraints (`--chunk-log2`).
pub const DEFAULT_CHUNK_LOG2: u32 = 20;
/// Default number of elements a membership set may have (`--set-size`).
pub const DEFAULT_SET_SIZE: u32 = 16;
/// Default bits per range-check limb (`--limb-bits`).
pub const DEFAULT_LIMB_BITS: u32 = 16;
/// The sum bounds written when a side is not given (2^126 in magnitude).
pub const UNBOUNDED_SUM: i128 = 1 << 126;

/// Where chunk keys are cached, and the chunk shape of new commitments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOptions {
    /// Directory of cached chunk keys; `None`: $ZKP_LEDGER_KEY_CACHE, else
    /// $XDG_CACHE_HOME/zkp-ledger/chunk-keys, else ~/.cache/zkp-ledger/chunk-keys.
    pub cache: Option<PathBuf>,
    /// Chunk size as a power of two of constraints.
    pub chunk_log2: u32,
    /// Elements a membership set may have.
    pub set_size: u32,
    /// Bits per range-check limb.
    pub limb_bits: u32,
}

impl Default for KeyOptions {
    fn default() -> Self {
        Self {
            cache: None,
            chunk_log2: DEFAULT_CHUNK_LOG2,
            set_size: DEFAULT_SET_SIZE,
            limb_bits: DEFAULT_LIMB_BITS,
        }
    }
}

impl KeyOptions {
    /// The key cache directory (see [`KeyOptions::cache`]).
    pub fn cache_dir(&self) -> Result<PathBuf> {
        if let Some(k) = &self.cache {
            return Ok(k.clone());
        }
        if let Some(d) = std::env::var_os("ZKP_LEDGER_KEY_CACHE") {
            return Ok(PathBuf::from(d));
        }
        if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
            return Ok(PathBuf::from(d).join("zkp-ledger").join("chunk-keys"));
        }
        let home = std::env::var_os("HOME").ok_or(Error::NoKeyCache)?;
        Ok(PathBuf::from(home).join(".cache").join("zkp-ledger").join("chunk-keys"))
    }

    /// The chunk shape of a table with this schema.
    pub fn shape(&self, schema: &Schema) -> Result<ChunkShape> {
        let numeric = schema.columns.iter().filter(|c| c.ty.is_numeric()).count();
        let categorical = schema.columns.len() - numeric;
        Ok(ChunkShape::fit(
            numeric,
            categorical,
            self.set_size as usize,
            self.limb_bits,
            self.chunk_log2,
        )?)
    }
}

/// What a flow reports while it runs.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The chunk key of `shape` is not cached: it is being made now (once), into `dir`.
    MakingKey {
        /// Its cache directory.
        dir: &'a Path,
        /// Its shape.
        shape: &'a ChunkShape,
    },
    /// Loading (or making) the chunk key started.
    LoadingKey,
    /// The chunk key is loaded, after this time.
    KeyLoaded(Duration),
    /// Committing: rows committed so far.
    Rows(u64),
    /// Proving: chunk `index` of `total` is done.
    Chunk {
        /// Chunk index.
        index: usize,
        /// Chunks in the dataset.
        total: usize,
        /// Proven now or reused.
        outcome: ChunkOutcome,
    },
}

/// Loads the chunk keys of `shape` from `cache`, making and caching them first when absent.
pub fn load_keys(
    cache: &Path,
    shape: &ChunkShape,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<ChunkKeys> {
    let dir = cache.join(chunked::shape_dir(shape));
    if !dir.join("manifest.json").exists() {
        progress(Event::MakingKey { dir: &dir, shape });
    }
    progress(Event::LoadingKey);
    let t = Instant::now();
    let (keys, _) = ChunkKeys::cached(cache, shape, &mut OsRng)?;
    progress(Event::KeyLoaded(t.elapsed()));
    Ok(keys)
}

/// The commitment of a commitment directory or file, and the file it was read from.
pub fn read_commitment(path: &Path) -> Result<(DatasetCommitment, PathBuf)> {
    let file = if path.is_dir() { path.join(COMMITMENT_FILE) } else { path.to_path_buf() };
    let c = DatasetCommitment::read(&file)?;
    Ok((c, file))
}

/// The schema embedded in a commitment (read from `file`), checked against its hash.
pub fn schema_of(c: &DatasetCommitment, file: &Path) -> Result<Schema> {
    let v = c.schema.as_ref().ok_or_else(|| Error::NoSchema(file.to_path_buf()))?;
    let schema = Schema::parse(&v.to_string(), file)?;
    if hex::encode(schema.hash()) != c.schema_hash {
        return Err(Error::SchemaHashMismatch(file.to_path_buf()));
    }
    Ok(schema)
}

/// The table a flow reads.
pub enum Data {
    /// A CSV, JSON Lines or Parquet file (its format: the options' `format`, else by its
    /// extension).
    File(PathBuf),
    /// Arrow record batches from memory, read as a Parquet file's batches are
    /// ([`ingest::open_batches`]); `name` stands for a file name in errors.
    Batches {
        /// What errors call the data (e.g. "pandas DataFrame").
        name: PathBuf,
        /// The batches.
        batches: ingest::BoxedBatches,
    },
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(p) => f.debug_tuple("File").field(p).finish(),
            Self::Batches { name, batches } => f
                .debug_struct("Batches")
                .field("name", name)
                .field("schema", &batches.schema())
                .finish_non_exhaustive(),
        }
    }
}

impl Data {
    /// The file, or the name of the batches.
    pub fn name(&self) -> &Path {
        match self {
            Self::File(p) => p,
            Self::Batches { name, .. } => name,
        }
    }

    /// A streaming reader of the table.
    fn open(
        self,
        format: Option<Format>,
        schema: Option<Schema>,
        block_rows: usize,
    ) -> Result<ingest::Reader> {
        Ok(match self {
            Self::File(path) => ingest::open(&path, format, schema, block_rows)?,
            Self::Batches { name, batches } => {
                ingest::open_batches(&name, batches, schema, block_rows)?
            }
        })
    }
}

/// How to commit a file.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// The file's format; `None`: by its extension.
    pub format: Option<Format>,
    /// A schema file; `None`: inferred from the first rows (or the parent's).
    pub schema: Option<PathBuf>,
    /// Reuse this opening file instead of making a new one.
    pub opening: Option<PathBuf>,
    /// A commitment directory (or file) of an earlier version this one extends.
    pub parent: Option<PathBuf>,
    /// Key cache and chunk shape.
    pub keys: KeyOptions,
}

/// What [`commit_file`] made.
#[derive(Debug, Clone)]
pub struct CommitReport {
    /// The commitment (with its schema and parent id).
    pub commitment: DatasetCommitment,
    /// Its ledger entry, `0x` and the commitment id.
    pub entry: String,
    /// The schema used.
    pub schema: Schema,
    /// Whether the schema was inferred.
    pub inferred: bool,
    /// Rows per full chunk.
    pub chunk_rows: usize,
    /// The written `commitment.json`.
    pub commitment_path: PathBuf,
    /// The written `schema.json`.
    pub schema_path: PathBuf,
    /// The new `opening.json`, when one was made (not with a given or the parent's opening).
    pub opening_path: Option<PathBuf>,
    /// Time to commit the rows (without loading the key).
    pub commit_time: Duration,
    /// Time with key loading.
    pub total_time: Duration,
}

/// Commits the table in the file `data` into `out` (`commitment.json`, `schema.json` and,
/// unless an opening is given, the secret `opening.json`). Refuses to overwrite a commitment.
pub fn commit_file(
    data: &Path,
    out: &Path,
    options: &CommitOptions,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<CommitReport> {
    commit_data(Data::File(data.to_path_buf()), out, options, progress)
}

/// [`commit_file`] for a file or for record batches from memory: the same table either way
/// gives the same commitment (with the same opening).
pub fn commit_data(
    data: Data,
    out: &Path,
    options: &CommitOptions,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<CommitReport> {
    let commitment_path = out.join(COMMITMENT_FILE);
    if commitment_path.exists() {
        return Err(Error::WouldOverwrite(commitment_path));
    }
    let parent = match &options.parent {
        Some(p) => Some(read_commitment(p)?),
        None => None,
    };
    let given_schema = match (&options.schema, &parent) {
        (Some(s), _) => Some(Schema::read(s)?),
        (None, Some((c, file))) => Some(schema_of(c, file)?),
        (None, None) => None,
    };
    let opening_path = match (&options.opening, &options.parent) {
        (Some(o), _) => Some(o.clone()),
        (None, Some(p)) => {
            let dir = if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            Some(dir.join(OPENING_FILE))
        }
        (None, None) => None,
    };
    let opening = match &opening_path {
        Some(p) => Opening::read(p).map_err(|e| Error::ReadingOpening(Box::new(e)))?,
        None => Opening::random(&mut OsRng),
    };
    let t0 = Instant::now();
    let name = data.name().to_path_buf();
    let reader = data.open(options.format, given_schema, BLOCK_ROWS)?;
    let schema = reader.schema().clone();
    let inferred = reader.inferred();
    let shape = match &parent {
        Some((c, _)) => c.shape,
        None => options.keys.shape(&schema)?,
    };
    let keys = load_keys(&options.keys.cache_dir()?, &shape, progress)?;
    let t1 = Instant::now();
    let plan: Vec<usize> =
        parent.as_ref().map(|(c, _)| c.chunks.iter().map(|c| c.rows).collect()).unwrap_or_default();
    let chunks = Chunker::new(reader.map(|b| b.map_err(Into::into)), shape.rows, plan);
    let mut c = chunked::commit(
        &keys,
        columns_of(&schema),
        hex::encode(schema.hash()),
        chunks,
        &opening,
        |rows| progress(Event::Rows(rows)),
    )?;
    let commit_time = t1.elapsed();
    c.schema = Some(
        serde_json::from_slice(&schema.canonical_json())
            .map_err(|e| Error::BadFile { what: "schema".into(), problem: e.to_string() })?,
    );
    if let Some((p, _)) = &parent {
        c.parent = Some(p.id()?);
        if !c.extends(p) {
            return Err(Error::NotExtending { data: name, rows: p.rows });
        }
    }
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        action: "creating",
        path: out.to_path_buf(),
        source,
    })?;
    let new_opening = if opening_path.is_none() {
        let p = out.join(OPENING_FILE);
        opening.write_new(&p)?;
        Some(p)
    } else {
        None
    };
    let schema_path = out.join(SCHEMA_FILE);
    schema.write(&schema_path)?;
    chunked::write_json_atomic(&commitment_path, &c)?;
    let entry = format!("0x{}", c.id()?);
    Ok(CommitReport {
        commitment: c,
        entry,
        schema,
        inferred,
        chunk_rows: shape.rows,
        commitment_path,
        schema_path,
        opening_path: new_opening,
        commit_time,
        total_time: t0.elapsed(),
    })
}

/// Claims about a table, as the command line takes them: each a string in the column's units
/// (decimals, timestamps as text), several per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// `COL=LO..HI`: every value of numeric column COL lies in [LO, HI] (either side may be
    /// left out).
    pub range: Vec<String>,
    /// `COL=LO..HI`: the sum of COL lies in [LO, HI].
    pub sum: Vec<String>,
    /// `COL=X`: the sum of COL is at most X.
    pub sum_max: Vec<String>,
    /// `COL=LO..HI`: the mean of COL lies in [LO, HI] (exactly: a sum bound times the public
    /// row count).
    pub mean: Vec<String>,
    /// `COL=X`: the sum of squares of COL is at most X (in squared units).
    pub sumsq_max: Vec<String>,
    /// `COL=A,B,...`: every value of categorical column COL is one of these.
    pub member: Vec<String>,
    /// `COL=VALUE:MIN..MAX`: the number of rows where COL equals VALUE lies in [MIN, MAX].
    pub count: Vec<String>,
}

impl Claims {
    /// No claim at all.
    pub fn is_empty(&self) -> bool {
        [
            &self.range,
            &self.sum,
            &self.sum_max,
            &self.mean,
            &self.sumsq_max,
            &self.member,
            &self.count,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
}

fn bad_spec(flag: &'static str, spec: &str, problem: impl Into<String>) -> Error {
    Error::BadSpec { flag, spec: spec.into(), problem: problem.into() }
}

fn split_spec<'a>(flag: &'static str, spec: &'a str) -> Result<(&'a str, &'a str)> {
    spec.split_once('=')
        .filter(|(c, v)| !c.is_empty() && !v.is_empty())
        .ok_or_else(|| bad_spec(flag, spec, "expected COL=...; see --help"))
}

fn split_range<'a>(
    flag: &'static str,
    spec: &str,
    v: &'a str,
) -> Result<(Option<&'a str>, Option<&'a str>)> {
    let (lo, hi) = v
        .split_once("..")
        .ok_or_else(|| bad_spec(flag, spec, "expected LO..HI (either side may be empty)"))?;
    let side = |s: &'a str| (!s.trim().is_empty()).then_some(s.trim());
    let r = (side(lo), side(hi));
    if r == (None, None) {
        return Err(bad_spec(flag, spec, "give at least one of LO and HI"));
    }
    Ok(r)
}

fn set_once<T>(slot: &mut Option<T>, v: T, flag: &'static str, name: &str) -> Result<()> {
    if slot.is_some() {
        return Err(Error::DuplicateClaim { flag, column: name.into() });
    }
    *slot = Some(v);
    Ok(())
}

/// The statement `claims` ask for about the committed table `c` (whose schema is `schema`), in
/// the table's column order. Every malformed claim is an [`Error::BadSpec`] naming its flag.
pub fn statement_from_claims(
    claims: &Claims,
    c: &DatasetCommitment,
    schema: &Schema,
) -> Result<DatasetStatement> {
    let mut out: BTreeMap<usize, ColumnStatement> = BTreeMap::new();
    let names = || schema.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
    let column = |flag: &'static str,
                  spec: &str,
                  name: &str,
                  numeric: bool|
     -> Result<(usize, ColumnType)> {
        let i = schema.index_of(name).ok_or_else(|| {
            bad_spec(
                flag,
                spec,
                format!("no column {name:?}; the table's columns are: {}", names()),
            )
        })?;
        let ty = schema.columns[i].ty;
        if ty.is_numeric() != numeric {
            return Err(bad_spec(
                flag,
                spec,
                format!(
                    "{name:?} is {}; --{flag} applies to {} columns",
                    ty.name(),
                    if numeric { "numeric" } else { "categorical" }
                ),
            ));
        }
        Ok((i, ty))
    };
    let value = |flag: &'static str, spec: &str, ty: &ColumnType, s: &str| -> Result<i64> {
        ingest::parse_value(ty, s).map_err(|e| bad_spec(flag, spec, format!("{s:?} is not {e}")))
    };
    let scaled =
        |flag: &'static str, spec: &str, ty: &ColumnType, s: &str, factor: u8| -> Result<i128> {
            let scale = match ty {
                ColumnType::Decimal { scale } => *scale,
                _ => 0,
            };
            parse_scaled(s, scale * factor)
                .map_err(|e| bad_spec(flag, spec, format!("{s:?} is not {e}")))
        };
    let rows = i128::from(c.rows);
    for spec in &claims.range {
        let (name, v) = split_spec("range", spec)?;
        let (i, ty) = column("range", spec, name, true)?;
        let (lo, hi) = split_range("range", spec, v)?;
        let lo = lo.map(|s| value("range", spec, &ty, s)).transpose()?.unwrap_or(i64::MIN);
        let hi = hi.map(|s| value("range", spec, &ty, s)).transpose()?.unwrap_or(i64::MAX);
        if lo > hi {
            return Err(bad_spec("range", spec, "LO is above HI"));
        }
        let e = out
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.range, [lo, hi], "range", name)?;
    }
    let limit = UNBOUNDED_SUM;
    let mut sums: Vec<(String, usize, Option<i128>, Option<i128>)> = Vec::new();
    for spec in &claims.sum {
        let (name, v) = split_spec("sum", spec)?;
        let (i, ty) = column("sum", spec, name, true)?;
        let (lo, hi) = split_range("sum", spec, v)?;
        sums.push((
            name.into(),
            i,
            lo.map(|s| scaled("sum", spec, &ty, s, 1)).transpose()?,
            hi.map(|s| scaled("sum", spec, &ty, s, 1)).transpose()?,
        ));
    }
    for spec in &claims.sum_max {
        let (name, v) = split_spec("sum-max", spec)?;
        let (i, ty) = column("sum-max", spec, name, true)?;
        sums.push((name.into(), i, None, Some(scaled("sum-max", spec, &ty, v, 1)?)));
    }
    for spec in &claims.mean {
        let (name, v) = split_spec("mean", spec)?;
        let (i, ty) = column("mean", spec, name, true)?;
        let (lo, hi) = split_range("mean", spec, v)?;
        // mean >= lo  <=>  sum >= lo * n (exact in the column's scaled integers).
        let times = |x: i128| {
            x.checked_mul(rows)
                .ok_or_else(|| bad_spec("mean", spec, "the bound times the row count overflows"))
        };
        sums.push((
            name.into(),
            i,
            lo.map(|s| scaled("mean", spec, &ty, s, 1).and_then(times)).transpose()?,
            hi.map(|s| scaled("mean", spec, &ty, s, 1).and_then(times)).transpose()?,
        ));
    }
    for (name, i, lo, hi) in sums {
        let lo = lo.unwrap_or(-limit).max(-limit);
        let hi = hi.unwrap_or(limit).min(limit);
        if lo > hi {
            return Err(Error::EmptySumBounds { column: name, lo, hi });
        }
        let e = out
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.clone(), ..Default::default() });
        set_once(&mut e.sum, [lo.to_string(), hi.to_string()], "sum", &name)?;
    }
    for spec in &claims.sumsq_max {
        let (name, v) = split_spec("sumsq-max", spec)?;
        let (i, ty) = column("sumsq-max", spec, name, true)?;
        let x = scaled("sumsq-max", spec, &ty, v, 2)?;
        if x < 0 {
            return Err(bad_spec("sumsq-max", spec, "a sum of squares is never negative"));
        }
        let e = out
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.sumsq_max, x.to_string(), "sumsq-max", name)?;
    }
    for spec in &claims.member {
        let (name, v) = split_spec("in", spec)?;
        let (i, _) = column("in", spec, name, false)?;
        let set: Vec<String> = v.split(',').map(str::to_string).collect();
        if set.len() > c.shape.set_size {
            return Err(bad_spec(
                "in",
                spec,
                format!(
                    "{} values; the chunk key takes sets of up to {} (commit with a larger --set-size)",
                    set.len(),
                    c.shape.set_size
                ),
            ));
        }
        let e = out
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.set, set, "in", name)?;
    }
    for spec in &claims.count {
        let (name, v) = split_spec("count", spec)?;
        let (i, _) = column("count", spec, name, false)?;
        let (val, range) = v
            .rsplit_once(':')
            .ok_or_else(|| bad_spec("count", spec, "expected COL=VALUE:MIN..MAX"))?;
        let (lo, hi) = split_range("count", spec, range)?;
        let num = |s: &str| {
            s.parse::<u64>()
                .map_err(|_| bad_spec("count", spec, format!("{s:?} is not a row count")))
        };
        let min = lo.map(num).transpose()?.unwrap_or(0);
        let max = hi.map(num).transpose()?.unwrap_or(c.rows);
        if min > max {
            return Err(bad_spec("count", spec, "MIN is above MAX"));
        }
        let e = out
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.count, CountStatement { value: val.into(), min, max }, "count", name)?;
    }
    Ok(DatasetStatement {
        format: STATEMENT_FORMAT.into(),
        commitment: c.id()?,
        columns: out.into_values().collect(),
    })
}

/// A scaled integer in the column's units (a timestamp as an ISO 8601 UTC date and time).
fn show(v: i128, ty: ColumnType) -> String {
    match ty {
        ColumnType::Decimal { scale } if scale > 0 => show_scaled(v, u32::from(scale)),
        ColumnType::Timestamp => {
            i64::try_from(v).ok().and_then(chrono::DateTime::from_timestamp_micros).map_or_else(
                || v.to_string(),
                |t| {
                    if t.timestamp_micros() % 86_400_000_000 == 0 {
                        t.format("%Y-%m-%d").to_string()
                    } else {
                        t.format("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
                    }
                },
            )
        }
        _ => v.to_string(),
    }
}

/// `v / 10^scale` written exactly.
fn show_scaled(v: i128, scale: u32) -> String {
    let Some(p) = 10i128.checked_pow(scale) else { return format!("{v}e-{scale}") };
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{}.{:0width$}", (v / p).abs(), (v % p).abs(), width = scale as usize)
}

/// The scale of a column's squares: twice its decimal scale.
fn squared_scale(ty: ColumnType) -> u32 {
    match ty {
        ColumnType::Decimal { scale } => 2 * u32::from(scale),
        _ => 0,
    }
}

/// The statement in words, one line per claim, in the columns' units.
pub fn describe(s: &DatasetStatement, schema: Option<&Schema>, rows: u64) -> Vec<String> {
    let mut out = vec![format!("the table has {rows} rows")];
    for c in &s.columns {
        let ty = schema
            .and_then(|sc| sc.index_of(&c.column).map(|i| sc.columns[i].ty))
            .unwrap_or(ColumnType::Int);
        let col = &c.column;
        if let Some([lo, hi]) = c.range {
            out.push(match (lo, hi) {
                (i64::MIN, i64::MAX) => format!("every {col} is a 64-bit integer"),
                (i64::MIN, hi) => format!("every {col} is at most {}", show(i128::from(hi), ty)),
                (lo, i64::MAX) => format!("every {col} is at least {}", show(i128::from(lo), ty)),
                (lo, hi) => format!(
                    "every {col} is in [{}, {}]",
                    show(i128::from(lo), ty),
                    show(i128::from(hi), ty)
                ),
            });
        }
        if let Some([lo, hi]) = &c.sum {
            let shown = |b: &String| b.parse().map_or_else(|_| b.clone(), |v| show(v, ty));
            // The mean, when the bound is a whole multiple of the row count (as --mean writes).
            let mean = |b: &String| {
                b.parse::<i128>()
                    .ok()
                    .filter(|v| rows > 0 && v % i128::from(rows) == 0)
                    .map(|v| show(v / i128::from(rows), ty))
            };
            let open = |b: &String| b.parse::<i128>().is_ok_and(|v| v.abs() >= UNBOUNDED_SUM);
            let line = match (open(lo), open(hi)) {
                (true, true) => None,
                (true, false) => Some(format!(
                    "the sum of {col} is at most {}{}",
                    shown(hi),
                    mean(hi).map(|m| format!(" (mean at most {m})")).unwrap_or_default()
                )),
                (false, true) => Some(format!(
                    "the sum of {col} is at least {}{}",
                    shown(lo),
                    mean(lo).map(|m| format!(" (mean at least {m})")).unwrap_or_default()
                )),
                (false, false) => Some(format!(
                    "the sum of {col} is in [{}, {}]{}",
                    shown(lo),
                    shown(hi),
                    mean(lo)
                        .zip(mean(hi))
                        .map(|(a, b)| format!(" (mean in [{a}, {b}])"))
                        .unwrap_or_default()
                )),
            };
            out.extend(line);
        }
        if let Some(m) = &c.sumsq_max {
            let scale = squared_scale(ty);
            out.push(match m.parse::<i128>() {
                Ok(v) if scale > 0 => format!(
                    "the sum of squares of {col} is at most {} ({v} in scaled units squared)",
                    show_scaled(v, scale)
                ),
                _ => format!("the sum of squares of {col} is at most {m}"),
            });
        }
        if let Some(set) = &c.set {
            out.push(format!("every {col} is one of {}", set.join(", ")));
        }
        if let Some(k) = &c.count {
            out.push(format!(
                "the number of rows with {col} = {:?} is in [{}, {}]",
                k.value, k.min, k.max
            ));
        }
    }
    out
}

/// How to prove claims about a committed file.
#[derive(Debug, Clone, Default)]
pub struct ProveOptions {
    /// The data file's format; `None`: by its extension.
    pub format: Option<Format>,
    /// The opening; `None`: `opening.json` beside the commitment.
    pub opening: Option<PathBuf>,
    /// A proof directory of the parent version whose chunk proofs are reused.
    pub reuse: Option<PathBuf>,
    /// Key cache (the shape is the commitment's).
    pub keys: KeyOptions,
}

/// What [`prove_file`] made.
#[derive(Debug, Clone)]
pub struct ProveReport {
    /// The proven statement (also in `statement.json`).
    pub statement: DatasetStatement,
    /// The statement in words.
    pub claims: Vec<String>,
    /// The commitment's rows.
    pub rows: u64,
    /// Chunks proven now and reused.
    pub summary: ProveSummary,
    /// Time to prove (without loading the key).
    pub elapsed: Duration,
    /// Witness time summed over the chunks proven now.
    pub witness: Duration,
    /// Constraint checks and quotient time, summed.
    pub check: Duration,
    /// MSM time, summed.
    pub prove: Duration,
}

/// Proves `claims` about the table in the file `data` committed in `commitment` (a directory or
/// its `commitment.json`) into the proof directory `out` (resumable: chunk proofs already there
/// are kept). A false claim is an error naming the chunk and row, never a proof.
pub fn prove_file(
    commitment: &Path,
    data: &Path,
    out: &Path,
    claims: &Claims,
    options: &ProveOptions,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<ProveReport> {
    prove_data(commitment, Data::File(data.to_path_buf()), out, claims, options, progress)
}

/// [`prove_file`] for a file or for record batches from memory.
pub fn prove_data(
    commitment: &Path,
    data: Data,
    out: &Path,
    claims: &Claims,
    options: &ProveOptions,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<ProveReport> {
    let (c, file) = read_commitment(commitment)?;
    let schema = schema_of(&c, &file)?;
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let opening_path = options.opening.clone().unwrap_or_else(|| dir.join(OPENING_FILE));
    if options.opening.is_none() && !opening_path.exists() {
        return Err(Error::NoOpening(opening_path));
    }
    let opening = Opening::read(&opening_path).map_err(|e| Error::ReadingOpening(Box::new(e)))?;
    let statement = statement_from_claims(claims, &c, &schema)?;
    // The same checks prove_dataset makes, before the key is loaded.
    statement.chunk_statement(&c)?;
    statement.bounds(&c)?;
    let keys = load_keys(&options.keys.cache_dir()?, &c.shape, progress)?;
    let reader = data.open(options.format, Some(schema.clone()), BLOCK_ROWS)?;
    let chunks = Chunker::new(
        reader.map(|b| b.map_err(Into::into)),
        c.shape.rows,
        c.chunks.iter().map(|c| c.rows).collect(),
    );
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { action, path, source }
    };
    std::fs::create_dir_all(out).map_err(io("creating", out))?;
    std::fs::copy(&file, out.join(COMMITMENT_FILE)).map_err(io("copying", &file))?;
    if let Some(parent) = &options.reuse {
        // Copied proofs are checked like any proof found in the directory: reused only if
        // they verify with exactly this chunk's inputs and data commitment.
        let chunks = out.join("chunks");
        std::fs::create_dir_all(&chunks).map_err(io("creating", &chunks))?;
        for i in 0..c.chunks.len() {
            let (from, to) =
                (chunked::chunk_proof_path(parent, i), chunked::chunk_proof_path(out, i));
            if from.exists() && !to.exists() {
                std::fs::copy(&from, &to).map_err(io("copying", &from))?;
            }
        }
    }
    let total = c.chunks.len();
    let t = Instant::now();
    let (mut witness, mut check, mut prove) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let summary = chunked::prove_dataset(
        &keys,
        &c,
        &opening,
        &statement,
        chunks,
        out,
        &mut OsRng,
        |index, outcome| {
            if let ChunkOutcome::Proven(tm) = outcome {
                witness += tm.witness;
                check += tm.check;
                prove += tm.prove;
            }
            progress(Event::Chunk { index, total, outcome });
        },
    )?;
    let elapsed = t.elapsed();
    let claims = describe(&statement, Some(&schema), c.rows);
    Ok(ProveReport { statement, claims, rows: c.rows, summary, elapsed, witness, check, prove })
}

/// What [`verify_dir`] established.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    /// The commitment's ledger entry (`0x` and its id).
    pub entry: String,
    /// The statement that holds.
    pub statement: DatasetStatement,
    /// Its ledger entry: `0x` and the SHA-256 of `statement.json`.
    pub statement_entry: String,
    /// The statement in words.
    pub claims: Vec<String>,
    /// The commitment's rows.
    pub rows: u64,
    /// Chunk proofs checked.
    pub chunks: usize,
    /// Verification time.
    pub elapsed: Duration,
}

/// Verifies the proof directory `proof` against the commitment in `commitment` (default: the
/// copy in `proof`), pinned to `entry` (`0x`-hex commitment id) when given. A proof that does
/// not hold is [`Error::ProofRejected`]; unusable input is any other error.
pub fn verify_dir(
    proof: &Path,
    commitment: Option<&Path>,
    entry: Option<&str>,
) -> Result<VerifyReport> {
    let file = commitment.map_or_else(|| proof.join(COMMITMENT_FILE), Path::to_path_buf);
    let (c, _) = read_commitment(&file)?;
    let id = c.id()?;
    if let Some(pinned) = entry
        && pinned.trim_start_matches("0x").to_ascii_lowercase() != id
    {
        return Err(Error::EntryMismatch { id, pinned: pinned.into() });
    }
    let t = Instant::now();
    let v = chunked::verify_dataset(proof, &c, &mut OsRng)?;
    let elapsed = t.elapsed();
    let schema = schema_of(&c, &file).ok();
    let claims = describe(&v.statement, schema.as_ref(), c.rows);
    let statement_entry = format!("0x{}", hex::encode(v.statement.hash()?));
    Ok(VerifyReport {
        entry: format!("0x{id}"),
        statement: v.statement,
        statement_entry,
        claims,
        rows: c.rows,
        chunks: v.chunks,
        elapsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Column, NullPolicy};

    fn table() -> (DatasetCommitment, Schema) {
        let schema = Schema {
            columns: vec![
                Column { name: "age".into(), ty: ColumnType::Int },
                Column { name: "income".into(), ty: ColumnType::Decimal { scale: 2 } },
                Column { name: "label".into(), ty: ColumnType::Categorical },
            ],
            nulls: NullPolicy::default(),
        };
        let c = DatasetCommitment {
            format: chunked::COMMITMENT_FORMAT.into(),
            columns: columns_of(&schema),
            schema_hash: hex::encode(schema.hash()),
            schema: None,
            rows: 300,
            shape: ChunkShape { rows: 100, numeric: 2, categorical: 1, set_size: 4, limb_bits: 4 },
            key_id: "00".into(),
            final_key_id: "00".into(),
            chunks: Vec::new(),
            parent: None,
        };
        (c, schema)
    }

    fn claims(kind: fn(&mut Claims) -> &mut Vec<String>, spec: &str) -> Claims {
        let mut c = Claims::default();
        kind(&mut c).push(spec.into());
        c
    }

    #[test]
    fn claims_in_the_columns_units() {
        let (c, schema) = table();
        let all = Claims {
            range: vec!["age=18..".into()],
            mean: vec!["income=..2500.5".into()],
            member: vec!["label=cat,dog".into()],
            count: vec!["label=cat:1..".into()],
            ..Claims::default()
        };
        let s = statement_from_claims(&all, &c, &schema).unwrap();
        assert_eq!(s.commitment, c.id().unwrap());
        let cols: Vec<&str> = s.columns.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(cols, ["age", "income", "label"]);
        assert_eq!(s.columns[0].range, Some([18, i64::MAX]));
        // mean <= 2500.50 over 300 rows: sum <= 250050 * 300 in cents.
        let hi = (250_050i128 * 300).to_string();
        assert_eq!(s.columns[1].sum, Some([(-UNBOUNDED_SUM).to_string(), hi]));
        assert_eq!(s.columns[2].count.as_ref().map(|k| (k.min, k.max)), Some((1, 300)));
        let words = describe(&s, Some(&schema), c.rows);
        assert!(words.contains(&"every age is at least 18".to_string()), "{words:?}");
        assert!(
            words.contains(&"the sum of income is at most 750150.00 (mean at most 2500.50)".into()),
            "{words:?}"
        );
    }

    #[test]
    fn malformed_claims_are_typed_errors() {
        let (c, schema) = table();
        let err = |cl: Claims| statement_from_claims(&cl, &c, &schema).unwrap_err();
        let e = err(claims(|c| &mut c.range, "nope=1..2"));
        assert!(e.to_string().contains("no column \"nope\""), "{e}");
        assert!(matches!(err(claims(|c| &mut c.range, "age=9..1")), Error::BadSpec { .. }));
        assert!(matches!(err(claims(|c| &mut c.range, "age=..")), Error::BadSpec { .. }));
        assert!(matches!(err(claims(|c| &mut c.sumsq_max, "age=-1")), Error::BadSpec { .. }));
        assert!(matches!(err(claims(|c| &mut c.member, "age=1")), Error::BadSpec { .. }));
        let e = err(claims(|c| &mut c.member, "label=a,b,c,d,e"));
        assert!(e.to_string().contains("sets of up to 4"), "{e}");
        let two = Claims {
            sum_max: vec!["income=5".into()],
            mean: vec!["income=1..2".into()],
            ..Claims::default()
        };
        assert!(matches!(err(two), Error::DuplicateClaim { flag: "sum", .. }));
        let empty = claims(|c| &mut c.sum, "income=5..1");
        assert!(matches!(err(empty), Error::EmptySumBounds { .. }));
        assert!(Claims::default().is_empty() && !claims(|c| &mut c.count, "x").is_empty());
    }
}
