//! `ZkeyProver` against `snarkjs groth16 prove` on one zkey and witness, in the same run:
//!
//! ```sh
//! cargo run --release -p zkp-ledger-circom --example prove_time -- ZKEY WTNS [RUNS]
//! ```
//!
//! After one warm-up round, RUNS rounds (default 5), alternating: ours in process (zkey and wtns
//! read, then proved: each timed), then `node_modules/.bin/snarkjs groth16 prove` as a whole
//! process (its proof checked with `snarkjs groth16 verify` against the key's verifying key,
//! as is ours). Prints the medians.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "an example that prints its measurements and stops on any error"
)]

use std::{path::PathBuf, process::Command, time::Instant};

use rand::rngs::OsRng;
use zkp_ledger_circom::{Wtns, Zkey, ZkeyProver};
use zkp_ledger_prover::snarkjs::{self, ProofJson, VerificationKeyJson};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (zkey_path, wtns_path) = (PathBuf::from(&args[0]), PathBuf::from(&args[1]));
    let runs: usize = args.get(2).map_or(5, |r| r.parse().unwrap());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let snarkjs_bin = root.join("node_modules/.bin/snarkjs");
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| dir.path().join(name);
    let verify = |public: &PathBuf, proof: &PathBuf| {
        let out = Command::new(&snarkjs_bin)
            .args(["groth16", "verify"])
            .args([&file("vk.json"), public, proof])
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).contains("OK!"), "snarkjs refuses");
    };

    let (mut read, mut prove, mut ours, mut theirs) = (vec![], vec![], vec![], vec![]);
    for round in 0..=runs {
        let t0 = Instant::now();
        let zkey = Zkey::read(&zkey_path).unwrap();
        let wtns = Wtns::read(&wtns_path).unwrap();
        let t1 = Instant::now();
        let prover = ZkeyProver::new(zkey);
        let proof = prover.prove(&wtns.values, &mut OsRng).unwrap();
        let public = prover.public_signals(&wtns.values).unwrap();
        let t2 = Instant::now();
        std::fs::write(
            file("vk.json"),
            snarkjs::to_json_string(&VerificationKeyJson::from_vk(&prover.vk)),
        )
        .unwrap();
        std::fs::write(
            file("ours.json"),
            snarkjs::to_json_string(&ProofJson::from_proof(&proof, None)),
        )
        .unwrap();
        std::fs::write(
            file("public.json"),
            snarkjs::to_json_string(&snarkjs::public_to_json(&public)),
        )
        .unwrap();
        let t3 = Instant::now();
        let status = Command::new(&snarkjs_bin)
            .args(["groth16", "prove"])
            .args([&zkey_path, &wtns_path, &file("theirs.json"), &file("their-public.json")])
            .output()
            .unwrap()
            .status;
        let t4 = Instant::now();
        assert!(status.success(), "snarkjs groth16 prove failed");
        verify(&file("public.json"), &file("ours.json"));
        verify(&file("their-public.json"), &file("theirs.json"));
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
        println!(
            "{} read {:.1} ms, prove {:.1} ms; snarkjs groth16 prove {:.1} ms",
            if round == 0 { "warm-up:".to_string() } else { format!("run {round}:") },
            ms(t0, t1),
            ms(t1, t2),
            ms(t3, t4)
        );
        if round > 0 {
            read.push(ms(t0, t1));
            prove.push(ms(t1, t2));
            ours.push(ms(t0, t2));
            theirs.push(ms(t3, t4));
        }
    }
    let (r, p, o, s) = (median(read), median(prove), median(ours), median(theirs));
    println!(
        "medians of {runs}: zkp-ledger read {r:.1} ms + prove {p:.1} ms = {o:.1} ms in process; \
         snarkjs groth16 prove {s:.1} ms whole process ({:.1}x)",
        s / o
    );
}
