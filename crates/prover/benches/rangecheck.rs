//! 64-bit range checks proven with Groth16: log-derivative lookups (16-bit limbs, one shared table
//! of 2^16 entries) in a commit-and-prove proof, against the same checks by bit decomposition in a
//! plain proof. The circuit is `zkp_ledger_circuits::lookup::RangeChecks`: nothing but private
//! values, each proven below 2^64.
//!
//! `cargo bench -p zkp-ledger-prover --bench rangecheck` (bench profile = release). Sizes:
//! `BENCH_CHECKS` (default 2^20) checks by lookups alone, and `BENCH_COMPARE_CHECKS` (default
//! 2^16) checks by both methods, same run. Bit decomposition costs 65 constraints per check, so
//! 2^20 checks would be 68M constraints: beyond this 24 GiB machine's memory for key generation,
//! hence the comparison at a size where both fit. `BENCH_VERIFY_REPS` (default 20) verifications
//! per median.
//!
//! Per circuit: constraints (per check, table included), setup (synthesis, matrices and key
//! generation with the toxic waste drawn in process), one proof (witness synthesis in two passes
//! for the commitment, constraint check and QAP, MSMs), the peak resident memory while proving
//! (VmHWM reset just before the proof through `/proc/self/clear_refs`, so it includes the loaded
//! key) and the median verification time. The load average is printed at the start and the end:
//! figures from a machine shared with compilers are only comparable within one run.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark, not library code")]

mod common;

use common::env;
use std::{
    io::Write,
    time::{Duration, Instant},
};

use ark_bn254::Fr;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_serialize::CanonicalSerialize;
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::lookup::{DEFAULT_LIMB_BITS, RangeChecks};
use zkp_ledger_prover::{
    commit::{
        CommitCircuit, CommitLayout, CommitPreparedKey, CommitVerifier, generate_commit_keys,
        prove_commit,
    },
    groth16::{self, PreparedKey, ProveTimings},
};

/// The lookup version: one commitment (limbs and multiplicities), its challenge the only input.
struct Lookups(RangeChecks);

impl CommitCircuit for Lookups {
    fn num_commitments(&self) -> usize {
        1
    }

    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<CommitLayout, SynthesisError> {
        let challenge = challenges.first().copied().ok_or(SynthesisError::AssignmentMissing)?;
        let layout = self.0.synthesize_lookups(cs, challenge, DEFAULT_LIMB_BITS)?;
        Ok(CommitLayout { challenges: vec![layout.challenge], committed: vec![layout.committed] })
    }
}

/// The bit-decomposition version: a plain circuit, no input.
struct Bits(RangeChecks);

impl ConstraintSynthesizer<Fr> for Bits {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        self.0.synthesize_bits(cs)
    }
}

/// One circuit's figures.
struct Row {
    method: &'static str,
    checks: usize,
    constraints: usize,
    setup: Duration,
    key_bytes: usize,
    prove: Duration,
    timings: ProveTimings,
    prove_peak: Option<u64>,
    verify: Duration,
    verify_fs: Option<Duration>,
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// This process's peak resident memory since start or the last [`reset_peak`] (VmHWM), bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Resets VmHWM to the current resident memory (Linux: "5" into clear_refs). Returns whether the
/// kernel took it; if not, the peaks printed are the process's since start.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn median(reps: usize, mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..reps.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn values(n: usize, rng: &mut StdRng) -> Vec<u64> {
    // Uniform 64-bit values, with both ends of the range among them.
    let mut v: Vec<u64> = (0..n).map(|_| rng.r#gen()).collect();
    if let Some(x) = v.first_mut() {
        *x = u64::MAX;
    }
    if let Some(x) = v.get_mut(1) {
        *x = 0;
    }
    v
}

/// A progress line (the big sizes take minutes).
fn progress(what: &str) {
    println!("... {what} (load average {})", load_average());
    std::io::stdout().flush().unwrap();
}

fn lookups(n: usize, reps: usize, rng: &mut StdRng) -> Row {
    progress(&format!("{n} checks by lookups: setup"));
    let t = Instant::now();
    let (pk, m) = generate_commit_keys(&Lookups(RangeChecks::for_setup(n)), rng).unwrap();
    let setup = t.elapsed();
    let constraints = m.num_constraints;
    let key_bytes = pk.compressed_size();
    let verifier = CommitVerifier::new(pk.vk.clone()).unwrap();
    let key = CommitPreparedKey::new(pk, m);
    let circuit = Lookups(RangeChecks::for_proving(values(n, rng)));
    progress("prove");

    let reset = reset_peak();
    let t = Instant::now();
    let (proof, inputs, timings) = prove_commit(&key, &circuit, &[None], rng).unwrap();
    let prove = t.elapsed();
    let prove_peak = peak_rss().filter(|_| reset);
    drop(key);

    assert!(inputs.is_empty());
    assert!(verifier.verify(&proof, &inputs).unwrap());
    assert!(verifier.verify_fiat_shamir(&proof, &inputs).unwrap());
    let verify = median(reps, || assert!(verifier.verify(&proof, &inputs).unwrap()));
    let verify_fs = median(reps, || assert!(verifier.verify_fiat_shamir(&proof, &inputs).unwrap()));
    Row {
        method: "lookups, 16-bit limbs, commit-and-prove",
        checks: n,
        constraints,
        setup,
        key_bytes,
        prove,
        timings,
        prove_peak,
        verify,
        verify_fs: Some(verify_fs),
    }
}

fn bits(n: usize, reps: usize, rng: &mut StdRng) -> Row {
    progress(&format!("{n} checks by bits: setup"));
    let t = Instant::now();
    let m = groth16::matrices(Bits(RangeChecks::for_setup(n))).unwrap();
    let pk = groth16::generate_keys(Bits(RangeChecks::for_setup(n)), rng).unwrap();
    let setup = t.elapsed();
    let constraints = m.num_constraints;
    let key_bytes = pk.compressed_size();
    let key = PreparedKey::new(pk, m);
    let pvk = groth16::prepare(&key.vk);
    let circuit = Bits(RangeChecks::for_proving(values(n, rng)));
    progress("prove");

    let reset = reset_peak();
    let t = Instant::now();
    let (proof, inputs, timings) = groth16::prove(&key, circuit, rng).unwrap();
    let prove = t.elapsed();
    let prove_peak = peak_rss().filter(|_| reset);
    drop(key);

    assert!(groth16::verify(&pvk, &proof, &inputs).unwrap());
    let verify = median(reps, || assert!(groth16::verify(&pvk, &proof, &inputs).unwrap()));
    Row {
        method: "bit decomposition, plain Groth16",
        checks: n,
        constraints,
        setup,
        key_bytes,
        prove,
        timings,
        prove_peak,
        verify,
        verify_fs: None,
    }
}

fn print(row: &Row) {
    let secs = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    let gb = |b: u64| format!("{:.2} GB", b as f64 / 1e9);
    let t = &row.timings;
    println!("{} checks, {}", row.checks, row.method);
    println!(
        "  constraints       {} ({:.4} per check, table included)",
        row.constraints,
        row.constraints as f64 / row.checks as f64
    );
    println!("  setup             {} (proving key {:.1} MB compressed)", secs(row.setup), {
        row.key_bytes as f64 / 1e6
    });
    println!(
        "  prove             {} (witness {}, check + QAP {}, MSMs {})",
        secs(row.prove),
        secs(t.witness),
        secs(t.check),
        secs(t.prove)
    );
    println!("  peak RSS, prove   {}", row.prove_peak.map_or_else(|| "unknown".into(), gb));
    match row.verify_fs {
        Some(fs) => println!(
            "  verify (median)   {} random rho, {} Fiat-Shamir rho",
            ms(row.verify),
            ms(fs)
        ),
        None => println!("  verify (median)   {}", ms(row.verify)),
    }
    std::io::stdout().flush().unwrap();
}

fn main() {
    let n = env("BENCH_CHECKS", 1 << 20);
    let m = env("BENCH_COMPARE_CHECKS", 1 << 16);
    let reps = env("BENCH_VERIFY_REPS", 20);
    let mut rng = StdRng::seed_from_u64(64);
    println!(
        "64-bit range checks: {n} by lookups, then {m} by both methods; {} threads; load average \
         {}",
        rayon::current_num_threads(),
        load_average()
    );
    if !reset_peak() {
        println!("(VmHWM cannot be reset here: peak RSS figures are the process's since start)");
    }
    std::io::stdout().flush().unwrap();

    // The headline first, so that it is measured even if the comparison is cut short.
    print(&lookups(n, reps, &mut rng));
    println!("load average {}", load_average());

    let compare = [lookups(m, reps, &mut rng), bits(m, reps, &mut rng)];
    for row in &compare {
        print(row);
    }
    let [l, b] = &compare;
    println!(
        "  bits / lookups at {m}: constraints {:.1}x, setup {:.1}x, prove {:.1}x",
        b.constraints as f64 / l.constraints as f64,
        b.setup.as_secs_f64() / l.setup.as_secs_f64(),
        b.prove.as_secs_f64() / l.prove.as_secs_f64()
    );
    println!("load average {}", load_average());
}
