//! Times a Groth16 setup from an r1cs and a prepared powers of tau, whole process as `snarkjs
//! groth16 setup R1CS PTAU ZKEY` does it (read both, derive the key, write the zkey):
//! `cargo run --release -p zkp-ledger-circom --example setup_time -- R1CS PTAU OUT.zkey`.
//! Prints each phase's time and the circuit hash.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::{path::PathBuf, time::Instant};

use zkp_ledger_circom::{Error, Ptau, R1cs, Result, setup::domain_power};

fn main() -> Result<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [r1cs, ptau, out] = args.as_slice() else {
        return Err(Error::Io {
            path: "usage: setup_time R1CS PTAU OUT.zkey".into(),
            source: std::io::ErrorKind::InvalidInput.into(),
        });
    };
    let t0 = Instant::now();
    let r1cs = R1cs::read(r1cs)?;
    let t_r1cs = t0.elapsed();
    let (log_n, rows) = domain_power(&r1cs);
    let mut ptau = Ptau::open(ptau)?;
    let phase2 = ptau.phase2(log_n, rows)?;
    let t_ptau = t0.elapsed();
    let key = zkp_ledger_circom::setup::derive(&r1cs, &phase2)?;
    let t_key = t0.elapsed();
    key.write(out)?;
    let t_all = t0.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} constraints, {} signals, domain 2^{log_n} (ptau 2^{}): read r1cs {:.0} ms, \
         ptau points {:.0} ms, key {:.0} ms, write {:.0} ms; total {:.0} ms",
        r1cs.num_constraints(),
        r1cs.num_wires,
        ptau.power(),
        ms(t_r1cs),
        ms(t_ptau - t_r1cs),
        ms(t_key - t_ptau),
        ms(t_all - t_key),
        ms(t_all),
    );
    println!("Circuit hash:\n\t{}", key.cs_hash_lines().join("\n\t"));
    Ok(())
}
