//! `zkp-ledger commit`, `zkp-ledger prove dataset` and `zkp-ledger verify dataset`: datasets of
//! any size, committed chunk by chunk and proven with one chained proof per chunk
//! (docs/datasets-at-scale.md).

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::Instant,
};

use clap::Args;
use eyre::{WrapErr, bail, eyre};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::OsRng;
use serde_json::json;
use zkp_ledger_circuits::chunked::chunk::ChunkShape;
use zkp_ledger_dataset::{
    chunked::{
        ChunkKeys, ChunkOutcome, Chunker, ColumnStatement, CountStatement, DatasetCommitment,
        DatasetStatement, Opening, STATEMENT_FORMAT, columns_of, commit, prove_dataset,
        verify_dataset,
    },
    decimal::parse_scaled,
    ingest::{self, ColumnType, Format, Schema},
};

use crate::output::{Output, fmt_duration, ms};

/// `commitment.json`, `schema.json` and `opening.json` in a commitment directory.
pub(crate) const COMMITMENT_FILE: &str = "commitment.json";
pub(crate) const SCHEMA_FILE: &str = "schema.json";
pub(crate) const OPENING_FILE: &str = "opening.json";

/// Where chunk keys are cached, and their shape.
#[derive(Debug, Args)]
pub(crate) struct KeyArgs {
    /// Directory of cached chunk keys (made once per shape, reused for every dataset). Default:
    /// $ZKP_LEDGER_KEY_CACHE, else $XDG_CACHE_HOME/zkp-ledger/chunk-keys, else
    /// ~/.cache/zkp-ledger/chunk-keys.
    #[arg(long, value_name = "DIR")]
    keys: Option<PathBuf>,
    /// Chunk size as a power of two of constraints: 20 gives 11,539 rows of 8 columns per chunk
    /// proof (about a minute of key generation once, then seconds per chunk).
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(10..=24))]
    chunk_log2: u32,
    /// Elements a membership set (--in) may have.
    #[arg(long, value_name = "K", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=256))]
    set_size: u32,
    /// Bits per range-check limb (16: tables of 2^16, 4 lookups per 64-bit check; smaller keys
    /// for small chunks with fewer bits).
    #[arg(long, value_name = "B", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=16))]
    limb_bits: u32,
}

impl KeyArgs {
    pub(crate) fn cache(&self) -> eyre::Result<PathBuf> {
        if let Some(k) = &self.keys {
            return Ok(k.clone());
        }
        if let Some(d) = std::env::var_os("ZKP_LEDGER_KEY_CACHE") {
            return Ok(PathBuf::from(d));
        }
        if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
            return Ok(PathBuf::from(d).join("zkp-ledger").join("chunk-keys"));
        }
        let home = std::env::var_os("HOME").ok_or_else(|| {
            eyre!("no --keys DIR, $ZKP_LEDGER_KEY_CACHE, $XDG_CACHE_HOME or $HOME")
        })?;
        Ok(PathBuf::from(home).join(".cache").join("zkp-ledger").join("chunk-keys"))
    }

    pub(crate) fn shape(&self, schema: &Schema) -> eyre::Result<ChunkShape> {
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

/// Loads (or makes once, with a note) the chunk keys of `shape`.
pub(crate) fn load_keys(out: Output, cache: &Path, shape: &ChunkShape) -> eyre::Result<ChunkKeys> {
    let dir = cache.join(zkp_ledger_dataset::chunked::shape_dir(shape));
    if !dir.join("manifest.json").exists() {
        out.note(&format!(
            "making the chunk key for {} rows x {} numeric + {} categorical columns (once; cached in {})",
            shape.rows,
            shape.numeric,
            shape.categorical,
            dir.display()
        ));
    }
    let spinner = out.spinner();
    let (keys, _) =
        spinner.step("loading the chunk key", || ChunkKeys::cached(cache, shape, &mut OsRng))?;
    Ok(keys)
}

/// A progress bar over rows or chunks, on a terminal only.
fn bar(out: Output, len: u64, unit: &str) -> Option<ProgressBar> {
    use std::io::IsTerminal;
    (!out.quiet && !out.json && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(len);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{bar:30}} {{pos}}/{{len}} {unit} ({{per_sec}}, eta {{eta}})"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    })
}

#[derive(Debug, Args)]
pub(crate) struct CommitArgs {
    /// The table: CSV (header row), JSON Lines (one flat object per line) or Parquet, by
    /// extension unless --format says.
    #[arg(value_name = "DATA")]
    data: PathBuf,
    /// The file's format when its extension does not say.
    #[arg(long, value_parser = ["csv", "jsonl", "parquet"])]
    format: Option<String>,
    /// Column types (JSON: {"columns":[{"name":"age","type":"int"},{"name":"income",
    /// "type":"decimal","scale":2},...]}); inferred from the first 1,000 rows when absent.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Reuse this opening (the secret that hides the commitment) instead of making a new one.
    #[arg(long, value_name = "FILE")]
    opening: Option<PathBuf>,
    /// A commitment directory (or its commitment.json) of an earlier version of this table: its
    /// rows must be the first rows of DATA; its chunks are kept as they are and the new rows
    /// go into new chunks, so the new commitment provably extends it. Uses its opening unless
    /// --opening says.
    #[arg(long, value_name = "DIR")]
    parent: Option<PathBuf>,
    /// Directory for commitment.json, schema.json and (unless --opening) opening.json.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Add the commitment's ledger entry to the outbox (anchored by `zkp-ledger serve`).
    #[arg(long)]
    enqueue: bool,
    #[command(flatten)]
    key: KeyArgs,
}

/// Adds `entry` (0x-hex, 32 bytes) to the outbox of the configured store; `false` when it was
/// there already.
fn enqueue_entry(entry: &str, config: Option<&Path>) -> eyre::Result<bool> {
    let digest = zkp_ledger_submitter::parse_digest(entry, "ledger entry")?;
    let (mut store, _) = crate::cmd::enqueue::open_store(config)?;
    let done = store.enqueue(&[digest], zkp_ledger_submitter::now_ms())?;
    Ok(!done.added.is_empty())
}

fn format_of(s: Option<&str>) -> Option<Format> {
    match s {
        Some("csv") => Some(Format::Csv),
        Some("jsonl") => Some(Format::JsonLines),
        Some("parquet") => Some(Format::Parquet),
        _ => None,
    }
}

/// The commitment of a commitment directory or file.
fn read_commitment(path: &Path) -> eyre::Result<(DatasetCommitment, PathBuf)> {
    let file = if path.is_dir() { path.join(COMMITMENT_FILE) } else { path.to_path_buf() };
    let c = DatasetCommitment::read(&file)?;
    Ok((c, file))
}

/// The schema embedded in a commitment.
fn schema_of(c: &DatasetCommitment, file: &Path) -> eyre::Result<Schema> {
    let v = c.schema.as_ref().ok_or_else(|| eyre!("{}: no schema", file.display()))?;
    let schema = Schema::parse(&v.to_string(), file)?;
    if hex::encode(schema.hash()) != c.schema_hash {
        bail!("{}: the schema does not match its hash", file.display());
    }
    Ok(schema)
}

impl CommitArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let commitment_path = self.out.join(COMMITMENT_FILE);
        if commitment_path.exists() {
            return Err(zkp_ledger_dataset::Error::WouldOverwrite(commitment_path).into());
        }
        let parent = match &self.parent {
            Some(p) => Some(read_commitment(p)?),
            None => None,
        };
        let given_schema = match (&self.schema, &parent) {
            (Some(s), _) => Some(Schema::read(s)?),
            (None, Some((c, file))) => Some(schema_of(c, file)?),
            (None, None) => None,
        };
        let opening_path = match (&self.opening, &self.parent) {
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
            Some(p) => Opening::read(p).wrap_err("reading the opening")?,
            None => Opening::random(&mut OsRng),
        };
        let t0 = Instant::now();
        let reader =
            ingest::open(&self.data, format_of(self.format.as_deref()), given_schema, 65_536)?;
        let schema = reader.schema().clone();
        let inferred = reader.inferred();
        let shape = match &parent {
            Some((c, _)) => c.shape,
            None => self.key.shape(&schema)?,
        };
        let keys = load_keys(out, &self.key.cache()?, &shape)?;
        let t1 = Instant::now();
        let plan: Vec<usize> = parent
            .as_ref()
            .map(|(c, _)| c.chunks.iter().map(|c| c.rows).collect())
            .unwrap_or_default();
        let chunks = Chunker::new(reader.map(|b| b.map_err(Into::into)), shape.rows, plan);
        let size = std::fs::metadata(&self.data).map(|m| m.len()).unwrap_or(0);
        let progress = bar(out, size.max(1), "rows");
        if let Some(b) = &progress {
            b.set_length(0);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos} rows committed ({per_sec}, {elapsed})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
        }
        let mut c = commit(
            &keys,
            columns_of(&schema),
            hex::encode(schema.hash()),
            chunks,
            &opening,
            |rows| {
                if let Some(b) = &progress {
                    b.set_position(rows);
                }
            },
        )?;
        if let Some(b) = progress {
            b.finish_and_clear();
        }
        let commit_time = t1.elapsed();
        c.schema = Some(serde_json::from_slice(&schema.canonical_json())?);
        if let Some((p, _)) = &parent {
            c.parent = Some(p.id()?);
            if !c.extends(p) {
                bail!(
                    "{} does not extend the parent version: its first {} rows differ from the parent's (a rewritten, not appended, table), or another opening was used",
                    self.data.display(),
                    p.rows
                );
            }
        }
        std::fs::create_dir_all(&self.out)
            .wrap_err_with(|| format!("creating {}", self.out.display()))?;
        if opening_path.is_none() {
            opening.write_new(&self.out.join(OPENING_FILE))?;
        }
        schema.write(&self.out.join(SCHEMA_FILE))?;
        zkp_ledger_dataset::chunked::write_json_atomic(&commitment_path, &c)?;
        let id = c.id()?;
        let entry = format!("0x{id}");
        let enqueued = if self.enqueue { Some(enqueue_entry(&entry, config)?) } else { None };
        let total = t0.elapsed();
        let rate = c.rows as f64 / commit_time.as_secs_f64().max(1e-9);
        out.result(
            || {
                let mut s = format!(
                    "committed {} ({} rows, {} columns{}) in {} chunks of up to {} rows\n  ledger entry  {entry}\n  commit time   {} ({:.0} rows/s; {} with key loading)\n",
                    self.data.display(),
                    c.rows,
                    c.columns.len(),
                    if inferred { ", types inferred: see schema.json" } else { "" },
                    c.chunks.len(),
                    shape.rows,
                    fmt_duration(commit_time),
                    rate,
                    fmt_duration(total),
                );
                if let Some(p) = &c.parent {
                    s += &format!("  extends       0x{p}\n");
                }
                match enqueued {
                    Some(true) => s += "  enqueued: `zkp-ledger serve` anchors it\n",
                    Some(false) => s += "  already in the outbox\n",
                    None => s += "  anchor it with: zkp-ledger enqueue {entry} (or commit --enqueue)\n",
                }
                s += &format!("  wrote {dir}/commitment.json, schema.json{}", if opening_path.is_none() { format!(", and {}/opening.json (secret, owner-only: keep it to prove and to open)", self.out.display()) } else { String::new() }, dir = self.out.display());
                s.replace("{entry}", &entry)
            },
            || json!({ "entry": entry, "commitment": commitment_path, "rows": c.rows, "chunks": c.chunks.len(), "chunk_rows": shape.rows, "parent": c.parent, "enqueued": enqueued, "timings_ms": { "commit": ms(commit_time), "total": ms(total) } }),
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub(crate) struct ProveDatasetArgs {
    /// The commitment directory made by `zkp-ledger commit` (or its commitment.json).
    #[arg(value_name = "DIR")]
    commitment: PathBuf,
    /// The committed table (the same rows, in the same order, in any of the three formats).
    #[arg(long, value_name = "DATA")]
    data: PathBuf,
    /// The data file's format when its extension does not say.
    #[arg(long, value_parser = ["csv", "jsonl", "parquet"])]
    format: Option<String>,
    /// The opening (default: opening.json beside the commitment).
    #[arg(long, value_name = "FILE")]
    opening: Option<PathBuf>,
    /// Directory for the proof: statement.json, chunks/, final.json and the verifying keys. An
    /// interrupted run resumes here: chunks already proven are kept.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A proof directory of the parent version (same per-chunk claims): its chunk proofs are
    /// copied and reused for the chunks the versions share, and only the new chunks are proven.
    #[arg(long, value_name = "PROOFDIR")]
    reuse: Option<PathBuf>,
    /// Every value of numeric column COL lies in [LO, HI] (in the column's units: decimals,
    /// timestamps as text; either side may be left out).
    #[arg(long, value_name = "COL=LO..HI")]
    range: Vec<String>,
    /// The sum of COL lies in [LO, HI] (either side may be left out).
    #[arg(long, value_name = "COL=LO..HI")]
    sum: Vec<String>,
    /// The sum of COL is at most X (as --sum COL=..X).
    #[arg(long = "sum-max", value_name = "COL=X")]
    sum_max: Vec<String>,
    /// The mean of COL lies in [LO, HI] (exactly: the row count is public, so this is a sum
    /// bound).
    #[arg(long, value_name = "COL=LO..HI")]
    mean: Vec<String>,
    /// The sum of squares of COL is at most X (an L2-norm bound: X = norm^2; in squared units).
    #[arg(long = "sumsq-max", value_name = "COL=X")]
    sumsq_max: Vec<String>,
    /// Every value of categorical column COL is one of the listed values.
    #[arg(long = "in", value_name = "COL=A,B,...")]
    member: Vec<String>,
    /// The number of rows where categorical column COL equals VALUE lies in [MIN, MAX].
    #[arg(long, value_name = "COL=VALUE:MIN..MAX")]
    count: Vec<String>,
    #[command(flatten)]
    key: KeyArgs,
}

fn split_spec<'a>(flag: &str, spec: &'a str) -> eyre::Result<(&'a str, &'a str)> {
    spec.split_once('=')
        .filter(|(c, v)| !c.is_empty() && !v.is_empty())
        .ok_or_else(|| eyre!("--{flag} {spec:?}: expected COL=...; see --help"))
}

fn split_range<'a>(
    flag: &str,
    spec: &str,
    v: &'a str,
) -> eyre::Result<(Option<&'a str>, Option<&'a str>)> {
    let (lo, hi) = v
        .split_once("..")
        .ok_or_else(|| eyre!("--{flag} {spec:?}: expected LO..HI (either side may be empty)"))?;
    let side = |s: &'a str| (!s.trim().is_empty()).then_some(s.trim());
    let r = (side(lo), side(hi));
    if r == (None, None) {
        bail!("--{flag} {spec:?}: give at least one of LO and HI");
    }
    Ok(r)
}

/// The statement the flags ask for, in the table's column order.
fn statement_from_flags(
    a: &ProveDatasetArgs,
    c: &DatasetCommitment,
    schema: &Schema,
) -> eyre::Result<DatasetStatement> {
    let mut claims: BTreeMap<usize, ColumnStatement> = BTreeMap::new();
    let names = || schema.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
    let column =
        |flag: &str, spec: &str, name: &str, numeric: bool| -> eyre::Result<(usize, ColumnType)> {
            let i = schema.index_of(name).ok_or_else(|| {
                eyre!("--{flag} {spec:?}: no column {name:?}; the table's columns are: {}", names())
            })?;
            let ty = schema.columns[i].ty;
            if ty.is_numeric() != numeric {
                bail!(
                    "--{flag} {spec:?}: {name:?} is {}; --{flag} applies to {} columns",
                    ty.name(),
                    if numeric { "numeric" } else { "categorical" }
                );
            }
            Ok((i, ty))
        };
    let value = |flag: &str, spec: &str, ty: &ColumnType, s: &str| -> eyre::Result<i64> {
        ingest::parse_value(ty, s).map_err(|e| eyre!("--{flag} {spec:?}: {s:?} is not {e}"))
    };
    let scaled =
        |flag: &str, spec: &str, ty: &ColumnType, s: &str, factor: u8| -> eyre::Result<i128> {
            let scale = match ty {
                ColumnType::Decimal { scale } => *scale,
                _ => 0,
            };
            parse_scaled(s, scale * factor)
                .map_err(|e| eyre!("--{flag} {spec:?}: {s:?} is not {e}"))
        };
    fn set_once<T>(slot: &mut Option<T>, v: T, flag: &str, name: &str) -> eyre::Result<()> {
        if slot.is_some() {
            bail!("two --{flag} (or --sum/--sum-max/--mean) claims for column {name:?}: give one");
        }
        *slot = Some(v);
        Ok(())
    }
    let rows = i128::from(c.rows);
    for spec in &a.range {
        let (name, v) = split_spec("range", spec)?;
        let (i, ty) = column("range", spec, name, true)?;
        let (lo, hi) = split_range("range", spec, v)?;
        let lo = lo.map(|s| value("range", spec, &ty, s)).transpose()?.unwrap_or(i64::MIN);
        let hi = hi.map(|s| value("range", spec, &ty, s)).transpose()?.unwrap_or(i64::MAX);
        if lo > hi {
            bail!("--range {spec:?}: LO is above HI");
        }
        let e = claims
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.range, [lo, hi], "range", name)?;
    }
    let limit = 1i128 << 126;
    let mut sums: Vec<(String, usize, Option<i128>, Option<i128>)> = Vec::new();
    for spec in &a.sum {
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
    for spec in &a.sum_max {
        let (name, v) = split_spec("sum-max", spec)?;
        let (i, ty) = column("sum-max", spec, name, true)?;
        sums.push((name.into(), i, None, Some(scaled("sum-max", spec, &ty, v, 1)?)));
    }
    for spec in &a.mean {
        let (name, v) = split_spec("mean", spec)?;
        let (i, ty) = column("mean", spec, name, true)?;
        let (lo, hi) = split_range("mean", spec, v)?;
        // mean >= lo  <=>  sum >= lo * n (exact in the column's scaled integers).
        let times = |x: i128| {
            x.checked_mul(rows)
                .ok_or_else(|| eyre!("--mean {spec:?}: the bound times the row count overflows"))
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
            bail!("the sum bounds of {name:?} are empty ({lo} > {hi})");
        }
        let e = claims
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.clone(), ..Default::default() });
        set_once(&mut e.sum, [lo.to_string(), hi.to_string()], "sum", &name)?;
    }
    for spec in &a.sumsq_max {
        let (name, v) = split_spec("sumsq-max", spec)?;
        let (i, ty) = column("sumsq-max", spec, name, true)?;
        let x = scaled("sumsq-max", spec, &ty, v, 2)?;
        if x < 0 {
            bail!("--sumsq-max {spec:?}: a sum of squares is never negative");
        }
        let e = claims
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.sumsq_max, x.to_string(), "sumsq-max", name)?;
    }
    for spec in &a.member {
        let (name, v) = split_spec("in", spec)?;
        let (i, _) = column("in", spec, name, false)?;
        let set: Vec<String> = v.split(',').map(str::to_string).collect();
        if set.len() > c.shape.set_size {
            bail!(
                "--in {spec:?}: {} values; the chunk key takes sets of up to {} (commit with a larger --set-size)",
                set.len(),
                c.shape.set_size
            );
        }
        let e = claims
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.set, set, "in", name)?;
    }
    for spec in &a.count {
        let (name, v) = split_spec("count", spec)?;
        let (i, _) = column("count", spec, name, false)?;
        let (val, range) = v
            .rsplit_once(':')
            .ok_or_else(|| eyre!("--count {spec:?}: expected COL=VALUE:MIN..MAX"))?;
        let (lo, hi) = split_range("count", spec, range)?;
        let num = |s: &str| {
            s.parse::<u64>().map_err(|_| eyre!("--count {spec:?}: {s:?} is not a row count"))
        };
        let min = lo.map(num).transpose()?.unwrap_or(0);
        let max = hi.map(num).transpose()?.unwrap_or(c.rows);
        if min > max {
            bail!("--count {spec:?}: MIN is above MAX");
        }
        let e = claims
            .entry(i)
            .or_insert_with(|| ColumnStatement { column: name.into(), ..Default::default() });
        set_once(&mut e.count, CountStatement { value: val.into(), min, max }, "count", name)?;
    }
    Ok(DatasetStatement {
        format: STATEMENT_FORMAT.into(),
        commitment: c.id()?,
        columns: claims.into_values().collect(),
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

/// The sum bounds `prove dataset` writes when a side is not given (2^126 in magnitude).
const UNBOUNDED_SUM: i128 = 1 << 126;

/// The statement in words, one line per claim.
pub(crate) fn describe(s: &DatasetStatement, schema: Option<&Schema>, rows: u64) -> Vec<String> {
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

impl ProveDatasetArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let (c, file) = read_commitment(&self.commitment)?;
        let schema = schema_of(&c, &file)?;
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let opening_path = self.opening.clone().unwrap_or_else(|| dir.join(OPENING_FILE));
        if self.opening.is_none() && !opening_path.exists() {
            bail!(
                "no {} beside the commitment (it was committed with --opening or --parent, which \
                 reuse an opening kept elsewhere): pass --opening FILE",
                opening_path.display()
            );
        }
        let opening = Opening::read(&opening_path).wrap_err("reading the opening")?;
        let statement = statement_from_flags(&self, &c, &schema)?;
        if statement.columns.is_empty() {
            out.warn("no statement flags given: the proof shows only that the table has its row count and every numeric value is a 64-bit integer");
        }
        // The same checks prove_dataset makes, before the key is loaded.
        statement.chunk_statement(&c)?;
        statement.bounds(&c)?;
        let keys = load_keys(out, &self.key.cache()?, &c.shape)?;
        let reader = ingest::open(
            &self.data,
            format_of(self.format.as_deref()),
            Some(schema.clone()),
            65_536,
        )?;
        let chunks = Chunker::new(
            reader.map(|b| b.map_err(Into::into)),
            c.shape.rows,
            c.chunks.iter().map(|c| c.rows).collect(),
        );
        std::fs::create_dir_all(&self.out)
            .wrap_err_with(|| format!("creating {}", self.out.display()))?;
        std::fs::copy(&file, self.out.join(COMMITMENT_FILE))
            .wrap_err("copying commitment.json into the proof")?;
        if let Some(parent) = &self.reuse {
            // Copied proofs are checked like any proof found in the directory: reused only if
            // they verify with exactly this chunk's inputs and data commitment.
            let chunks = self.out.join("chunks");
            std::fs::create_dir_all(&chunks)
                .wrap_err_with(|| format!("creating {}", chunks.display()))?;
            for i in 0..c.chunks.len() {
                let (from, to) = (
                    zkp_ledger_dataset::chunked::chunk_proof_path(parent, i),
                    zkp_ledger_dataset::chunked::chunk_proof_path(&self.out, i),
                );
                if from.exists() && !to.exists() {
                    std::fs::copy(&from, &to)
                        .wrap_err_with(|| format!("copying {}", from.display()))?;
                }
            }
        }
        let progress = bar(out, c.chunks.len() as u64, "chunks");
        let t = Instant::now();
        let (mut witness, mut check, mut prove) = (0.0, 0.0, 0.0);
        let summary = prove_dataset(
            &keys,
            &c,
            &opening,
            &statement,
            chunks,
            &self.out,
            &mut OsRng,
            |_, o| {
                if let ChunkOutcome::Proven(tm) = o {
                    witness += ms(tm.witness);
                    check += ms(tm.check);
                    prove += ms(tm.prove);
                }
                if let Some(b) = &progress {
                    b.inc(1);
                }
            },
        )?;
        if let Some(b) = progress {
            b.finish_and_clear();
        }
        let elapsed = t.elapsed();
        let lines = describe(&statement, Some(&schema), c.rows);
        out.result(
            || {
                let mut s = format!(
                    "proved about {} ({} rows, commitment 0x{}):\n",
                    self.data.display(),
                    c.rows,
                    statement.commitment
                );
                for l in &lines {
                    s += &format!("  {l}\n");
                }
                s += &format!(
                    "  {} chunk proofs made, {} reused from an earlier run, and the final proof in {}\n  wrote {}/ (statement.json, chunks/, final.json); check it with: zkp-ledger verify dataset {}",
                    summary.proven,
                    summary.reused,
                    fmt_duration(elapsed),
                    self.out.display(),
                    self.out.display()
                );
                s
            },
            || json!({ "out": self.out, "statement": statement, "claims": lines, "chunks_proven": summary.proven, "chunks_reused": summary.reused, "timings_ms": { "total": ms(elapsed), "witness": witness, "quotient": check, "msm": prove } }),
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub(crate) struct VerifyDatasetArgs {
    /// The proof directory made by `zkp-ledger prove dataset`.
    #[arg(value_name = "PROOFDIR")]
    proof: PathBuf,
    /// The commitment to check against (default: the copy in PROOFDIR). Pin what was anchored
    /// with --entry.
    #[arg(long, value_name = "FILE")]
    commitment: Option<PathBuf>,
    /// Refuse unless the commitment's ledger entry (id) is this one (0x-hex): the value you
    /// saw anchored.
    #[arg(long, value_name = "0xENTRY")]
    entry: Option<String>,
    /// Once the statement is checked, add its ledger entry (SHA-256 of statement.json, which
    /// names the commitment) to the outbox, so that `zkp-ledger serve` anchors it: the cheap
    /// on-chain record of a checked statement (docs/datasets-at-scale.md, "On chain").
    #[arg(long)]
    enqueue: bool,
}

impl VerifyDatasetArgs {
    /// Exit 0 when the statement holds, 1 when a proof is invalid, 2 when input is unusable.
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> std::process::ExitCode {
        use std::process::ExitCode;
        let file = self.commitment.clone().unwrap_or_else(|| self.proof.join(COMMITMENT_FILE));
        let c = match read_commitment(&file) {
            Ok((c, _)) => c,
            Err(e) => {
                out.error(&e);
                return ExitCode::from(2);
            }
        };
        let id = match c.id() {
            Ok(id) => id,
            Err(e) => {
                out.error(&e.into());
                return ExitCode::from(2);
            }
        };
        if let Some(entry) = &self.entry
            && entry.trim_start_matches("0x").to_ascii_lowercase() != id
        {
            out.error(&eyre!("the commitment's entry is 0x{id}, not the pinned {entry}"));
            return ExitCode::from(2);
        }
        let t = Instant::now();
        match verify_dataset(&self.proof, &c, &mut OsRng) {
            Ok(v) => {
                let elapsed = t.elapsed();
                let schema = schema_of(&c, &file).ok();
                let lines = describe(&v.statement, schema.as_ref(), c.rows);
                let statement_entry = match v.statement.hash() {
                    Ok(h) => format!("0x{}", hex::encode(h)),
                    Err(e) => {
                        out.error(&e.into());
                        return ExitCode::from(2);
                    }
                };
                let enqueued = if self.enqueue {
                    match enqueue_entry(&statement_entry, config) {
                        Ok(added) => Some(added),
                        Err(e) => {
                            out.error(&e);
                            return ExitCode::from(2);
                        }
                    }
                } else {
                    None
                };
                out.result(
                    || {
                        let mut s = format!("valid: for the dataset committed as 0x{id}\n");
                        for l in &lines {
                            s += &format!("  {l}\n");
                        }
                        s += &format!("  checked {} chunk proofs and the final proof in {}\n", v.chunks, fmt_duration(elapsed));
                        s += &format!("  statement entry {statement_entry}");
                        match enqueued {
                            Some(true) => s += " (enqueued: `zkp-ledger serve` anchors it)",
                            Some(false) => s += " (already in the outbox)",
                            None => {}
                        }
                        s
                    },
                    || json!({ "valid": true, "entry": format!("0x{id}"), "statement_entry": statement_entry, "enqueued": enqueued, "claims": lines, "statement": v.statement, "chunks": v.chunks, "timings_ms": { "verify": ms(elapsed) } }),
                );
                ExitCode::SUCCESS
            }
            Err(zkp_ledger_dataset::Error::ProofRejected(why)) => {
                out.result(
                    || format!("INVALID: {why}"),
                    || json!({ "valid": false, "reason": why }),
                );
                ExitCode::from(1)
            }
            Err(e) => {
                out.error(&e.into());
                ExitCode::from(2)
            }
        }
    }
}
