//! `zkp-ledger demo`: the main job end to end, with a short account of each step and its figures.
//!
//! Steps: set up keys for both circuits; notarize the sample dataset with range and L2-norm
//! statements; verify the proof with our verifier and with snarkjs; put the statement's ledger
//! entry in a batch of ledger entries and prove in zero knowledge that it is in the batch.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use ark_bn254::Fr;
use clap::Args;
use eyre::{WrapErr, bail, ensure};
use serde_json::json;
use zkp_ledger_dataset::{Specs, notarize, parse_scales, read_csv};
use zkp_ledger_prover::{CircuitSpec, KeyDir, Verifier, evm::parse_hex_word, inclusion};

use crate::output::{Output, fmt_bytes, fmt_duration, ms};

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Working directory for keys and outputs (emptied first).
    #[arg(long, default_value = "demo-out")]
    dir: PathBuf,
    /// The dataset to notarize.
    #[arg(long, default_value = "examples/training_data.csv")]
    data: PathBuf,
    /// Rows the dataset keys hold.
    #[arg(long, default_value_t = 256)]
    rows: usize,
    /// Columns the dataset keys hold.
    #[arg(long, default_value_t = 8)]
    cols: usize,
    /// Depth of the ledger's batch trees (and of the inclusion circuit).
    #[arg(long, default_value_t = zkp_ledger_circuits::inclusion::DEFAULT_DEPTH)]
    depth: usize,
    /// Other ledger entries in the batch beside the notarized statement.
    #[arg(long, default_value_t = 4095)]
    entries: usize,
    /// Repository root (for the npm toolchain used to cross-check with snarkjs).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// A made-up ledger entry: SHA-256-like 32 bytes from a counter (many exceed the field modulus,
/// as real digests do).
fn synthetic_entry(i: u64) -> [u8; 32] {
    let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xdead_beef;
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_be_bytes());
    }
    out
}

fn snarkjs_verify(root: &Path, vk: &Path, public: &Path, proof: &Path) -> eyre::Result<bool> {
    let snarkjs = root.join("node_modules/.bin/snarkjs");
    if !snarkjs.exists() {
        bail!("{} is missing: run `npm ci` in the repository root", snarkjs.display());
    }
    let o = Command::new(snarkjs)
        .args(["groth16", "verify"])
        .args([vk, public, proof])
        .output()
        .wrap_err("running snarkjs")?;
    Ok(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("OK"))
}

impl DemoArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let step = |n: u32, text: &str| out.note(&format!("\n[{n}] {text}"));
        let say = |text: String| out.note(&format!("    {text}"));
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir)
                .wrap_err_with(|| format!("emptying {}", self.dir.display()))?;
        }
        std::fs::create_dir_all(&self.dir)?;
        let spinner = out.spinner();

        step(1, "Set up keys for both circuits (single-party setup, fresh randomness)");
        let inc_spec = CircuitSpec::Inclusion { depth: self.depth };
        let ds_spec = CircuitSpec::Dataset { rows: self.rows, cols: self.cols };
        let (inc_keys, inc_setup) =
            KeyDir::setup(inc_spec, &self.dir.join("keys/inclusion"), &spinner)?;
        let (ds_keys, ds_setup) = KeyDir::setup(ds_spec, &self.dir.join("keys/dataset"), &spinner)?;
        for (kd, rep) in [(&inc_keys, &inc_setup), (&ds_keys, &ds_setup)] {
            let m = &kd.manifest;
            say(format!(
                "{}: {} constraints, proving key {}, set up in {} (circuit id {}…)",
                m.circuit.describe(),
                m.constraints,
                fmt_bytes(m.files.get("proving_key.bin").map_or(0, |f| f.bytes)),
                fmt_duration(rep.synthesis + rep.keygen + rep.write),
                &m.circuit_id[..18]
            ));
        }

        step(
            2,
            &format!("Notarize {}: commit to it and prove what it contains", self.data.display()),
        );
        let scales = parse_scales(&["income=2".into(), "loan_amount=2".into(), "update=4".into()])?;
        let dataset = read_csv(&self.data, &scales)?;
        let specs = Specs {
            range: vec![
                "age=18..100".into(),
                "credit_score=300..850".into(),
                "defaulted=0..1".into(),
                "loan_amount=0..500000".into(),
            ],
            sum_max: vec![],
            sumsq_max: vec!["update=1".into()],
        };
        let statements = specs.to_statements(&dataset.schema)?;
        let ds_prover = ds_keys.load_prover(&spinner)?;
        let t = Instant::now();
        let notarized = spinner.step("proving the dataset statements", || {
            notarize(&ds_prover, &dataset, &statements)
        })?;
        let notarize_time = t.elapsed();
        let out_dir = self.dir.join("notarized");
        notarize::write(&out_dir, &notarized, &self.data)?;
        let c = &notarized.commitment_json;
        say(format!(
            "{} rows x {} columns committed: {}",
            c.row_count,
            c.schema.columns.len(),
            c.commitment
        ));
        for st in &c.statements {
            let scale = c
                .schema
                .columns
                .iter()
                .find(|col| col.name == st.column)
                .map_or(0, |col| col.scale);
            say(format!("proved  {}", st.describe(scale)));
        }
        let t = notarized.timings;
        say(format!(
            "proof made in {} (witness {}, Groth16 {}); files in {} (opening.json is secret)",
            fmt_duration(t.witness + t.check + t.prove),
            fmt_duration(t.witness),
            fmt_duration(t.prove),
            out_dir.display()
        ));

        step(
            3,
            "Verify the dataset proof: our verifier, then snarkjs (an independent implementation)",
        );
        let verifier = Verifier::from_key_dir(&ds_keys.dir)?;
        let t0 = Instant::now();
        let ok =
            verifier.verify_files(&out_dir.join("proof.json"), &out_dir.join("public.json"))?;
        let verify_time = t0.elapsed();
        ensure!(ok, "our verifier rejected the demo's own proof");
        ensure!(
            c.public_inputs()? == notarized.bundle.inputs,
            "public.json does not match commitment.json"
        );
        say(format!(
            "zkp-ledger verify: valid ({}), public inputs match commitment.json",
            fmt_duration(verify_time)
        ));
        let t0 = Instant::now();
        let sj = snarkjs_verify(
            &self.root,
            &ds_keys.dir.join("verification_key.json"),
            &out_dir.join("public.json"),
            &out_dir.join("proof.json"),
        )?;
        ensure!(sj, "snarkjs rejected the demo's proof");
        say(format!(
            "snarkjs groth16 verify: OK ({} including node start-up)",
            fmt_duration(t0.elapsed())
        ));

        step(
            4,
            "Put the statement's ledger entry in a batch and prove, in zero knowledge, that it is there",
        );
        let statement = parse_hex_word(&c.statement_hash, "statement hash")?;
        let mut entries: Vec<[u8; 32]> = (0..self.entries as u64).map(synthetic_entry).collect();
        let position = entries.len() / 3;
        entries.insert(position, statement);
        let values: Vec<Fr> = entries.iter().map(zkp_ledger_merkle::entry_value).collect();
        let inc_prover = inc_keys.load_prover(&spinner)?;
        let (bundle, tm) = spinner.step("proving inclusion", || {
            inclusion::prove(&inc_prover, &values, position as u64)
        })?;
        let inc_dir = self.dir.join("inclusion");
        bundle.write(&inc_dir)?;
        let inc_verifier = Verifier::from_key_dir(&inc_keys.dir)?;
        let t0 = Instant::now();
        ensure!(inc_verifier.verify(&bundle.proof, &bundle.inputs)?, "inclusion proof rejected");
        let inc_verify = t0.elapsed();
        say(format!(
            "batch of {} entries, root {}; the entry's position and path stay private",
            entries.len(),
            bundle.public_json()[0]
        ));
        say(format!(
            "inclusion proof made in {} (Groth16 {}), verified in {}; files in {}",
            fmt_duration(tm.witness + tm.check + tm.prove),
            fmt_duration(tm.prove),
            fmt_duration(inc_verify),
            inc_dir.display()
        ));
        drop(spinner);

        out.result(
            || "\ndemo finished: every proof verified".into(),
            || {
                json!({
                    "dir": self.dir,
                    "commitment": c.commitment,
                    "statement_hash": c.statement_hash,
                    "dataset_prove_ms": ms(notarized.timings.witness + notarized.timings.check + notarized.timings.prove),
                    "notarize_total_ms": ms(notarize_time),
                    "dataset_verify_ms": ms(verify_time),
                    "batch_entries": entries.len(),
                    "batch_root": bundle.public_json()[0],
                    "inclusion_prove_ms": ms(tm.witness + tm.check + tm.prove),
                    "inclusion_verify_ms": ms(inc_verify),
                })
            },
        );
        Ok(())
    }
}
