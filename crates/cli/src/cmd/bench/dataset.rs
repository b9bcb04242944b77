//! `zkp-ledger bench dataset`: a generated table (8 columns: 7 numeric, 1 categorical) written,
//! committed, and optionally proven and verified, with times, rates and peak memory.

use std::{path::PathBuf, time::Instant};

use rand::rngs::OsRng;
use serde_json::json;
use zkp_ledger_dataset::{
    chunked::{
        ChunkOutcome, Chunker, ColumnStatement, CountStatement, DatasetStatement, Opening,
        STATEMENT_FORMAT, columns_of, commit, prove_dataset, verify_dataset,
    },
    ingest::{self, Format, synth},
};

use super::peak_rss;
use crate::output::{Output, fmt_bytes, fmt_duration, ms};
use crate::util::{KeyArgs, load_keys};

pub(crate) fn run(
    out: Output,
    rows: u64,
    format: &str,
    dir: Option<PathBuf>,
    prove: bool,
    key: &KeyArgs,
) -> eyre::Result<()> {
    if cfg!(debug_assertions) {
        out.warn("this is a debug build: figures are not representative (cargo build --release)");
    }
    let tmp = tempfile::tempdir()?;
    let dir = dir.unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let (f, ext) = match format {
        "csv" => (Format::Csv, "csv"),
        "jsonl" => (Format::JsonLines, "jsonl"),
        _ => (Format::Parquet, "parquet"),
    };
    let data = dir.join(format!("table-{rows}.{ext}"));
    let t = Instant::now();
    if !data.exists() {
        synth::write_table(&data, f, rows, 1)?;
    }
    let write = t.elapsed();
    let size = std::fs::metadata(&data)?.len();
    let schema = synth::schema();
    let shape = key.shape(&schema)?;
    let t = Instant::now();
    let keys = load_keys(out, &key.cache()?, &shape)?;
    let key_time = t.elapsed();
    let rss_keys = peak_rss();
    let opening = Opening::random(&mut OsRng);
    let t = Instant::now();
    let reader = ingest::open(&data, Some(f), Some(schema.clone()), 65_536)?;
    let chunks = Chunker::new(reader.map(|b| b.map_err(Into::into)), shape.rows, Vec::new());
    let c =
        commit(&keys, columns_of(&schema), hex::encode(schema.hash()), chunks, &opening, |_| ())?;
    let commit_time = t.elapsed();
    let rss_commit = peak_rss();
    let mut proof = serde_json::Value::Null;
    let mut lines = vec![
        format!(
            "table: {rows} rows x 8 columns, {} as {format} ({}), written in {}",
            fmt_bytes(size),
            data.display(),
            fmt_duration(write)
        ),
        format!(
            "chunk key: {} rows per chunk, {} constraints per row, loaded in {}",
            shape.rows,
            shape.constraints_per_row()?,
            fmt_duration(key_time)
        ),
        format!(
            "commit: {} ({:.0} rows/s), {} chunks; peak memory {} (with the key loaded: {})",
            fmt_duration(commit_time),
            rows as f64 / commit_time.as_secs_f64().max(1e-9),
            c.chunks.len(),
            rss_commit.map(fmt_bytes).unwrap_or_default(),
            rss_keys.map(fmt_bytes).unwrap_or_default()
        ),
    ];
    if prove {
        let claim = |column: &str| ColumnStatement { column: column.into(), ..Default::default() };
        let statement = DatasetStatement {
            format: STATEMENT_FORMAT.into(),
            commitment: c.id()?,
            columns: vec![
                ColumnStatement { range: Some([0, i64::MAX]), ..claim("id") },
                ColumnStatement {
                    range: Some([18, 90]),
                    sum: Some(["0".into(), (90 * i128::from(rows)).to_string()]),
                    ..claim("age")
                },
                ColumnStatement {
                    range: Some([0, 25_000_000]),
                    sum: Some(["0".into(), (25_000_000 * i128::from(rows)).to_string()]),
                    sumsq_max: Some((625_000_000_000_000 * i128::from(rows)).to_string()),
                    ..claim("income")
                },
                ColumnStatement {
                    range: Some([-10_000, 10_000]),
                    sumsq_max: Some((100_000_000 * i128::from(rows)).to_string()),
                    ..claim("score")
                },
                ColumnStatement {
                    set: Some(synth::LABELS.iter().map(|(l, _)| (*l).to_string()).collect()),
                    count: Some(CountStatement { value: "cat".into(), min: 0, max: rows }),
                    ..claim("label")
                },
                ColumnStatement { range: Some([0, 1]), ..claim("member") },
                ColumnStatement {
                    range: Some([1_420_070_400_000_000, 1_735_689_600_000_000]),
                    ..claim("signup")
                },
                ColumnStatement {
                    range: Some([0, 1_000_000]),
                    sum: Some(["0".into(), (1_000_000 * i128::from(rows)).to_string()]),
                    ..claim("clicks")
                },
            ],
        };
        let pdir = dir.join(format!("proof-{rows}"));
        let _ = std::fs::remove_dir_all(&pdir);
        let reader = ingest::open(&data, Some(f), Some(schema), 65_536)?;
        let chunks = Chunker::new(reader.map(|b| b.map_err(Into::into)), shape.rows, Vec::new());
        let (mut witness, mut quotient, mut msm, mut n) = (0.0, 0.0, 0.0, 0usize);
        let t = Instant::now();
        prove_dataset(&keys, &c, &opening, &statement, chunks, &pdir, &mut OsRng, |_, o| {
            if let ChunkOutcome::Proven(tm) = o {
                witness += ms(tm.witness);
                quotient += ms(tm.check);
                msm += ms(tm.prove);
                n += 1;
            }
        })?;
        let prove_time = t.elapsed();
        let rss_prove = peak_rss();
        let t = Instant::now();
        verify_dataset(&pdir, &c, &mut OsRng)?;
        let verify_time = t.elapsed();
        let per = |x: f64| x / n.max(1) as f64;
        let constraints = (shape.constraints()? as f64) * c.chunks.len() as f64;
        let cores = std::thread::available_parallelism().map_or(1, usize::from) as f64;
        lines.push(format!(
            "prove: {} for {} chunk proofs and the final proof ({:.1} core-s per million constraints on {cores} cores); per chunk {:.0} ms witness, {:.0} ms quotient, {:.0} ms MSMs; peak memory {}",
            fmt_duration(prove_time),
            c.chunks.len(),
            prove_time.as_secs_f64() * cores / (constraints / 1e6),
            per(witness),
            per(quotient),
            per(msm),
            rss_prove.map(fmt_bytes).unwrap_or_default()
        ));
        lines.push(format!(
            "verify: {} (every chunk proof in one batch, the chain, the final proof)",
            fmt_duration(verify_time)
        ));
        proof = json!({ "prove_ms": ms(prove_time), "verify_ms": ms(verify_time), "chunk_ms": { "witness": per(witness), "quotient": per(quotient), "msm": per(msm) }, "peak_rss_bytes": rss_prove, "constraints": constraints });
    }
    out.result(
        || lines.join("\n"),
        || json!({ "rows": rows, "format": format, "file_bytes": size, "chunk_rows": shape.rows, "chunks": c.chunks.len(), "commit_ms": ms(commit_time), "key_ms": ms(key_time), "peak_rss_commit_bytes": rss_commit, "proof": proof }),
    );
    Ok(())
}
