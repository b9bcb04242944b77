//! Times reading Circom files: `cargo run --release -p zkp-ledger-circom --example read_time --
//! FILE...` (`.r1cs`, `.wtns` or `.zkey`, by extension). Prints one line per file: its size,
//! the best of three reads and what it holds.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::{path::Path, time::Instant};

use ark_ec::AffineRepr;

use zkp_ledger_circom::{R1cs, Result, Wtns, Zkey};

fn read(path: &Path) -> Result<String> {
    Ok(match path.extension().and_then(|e| e.to_str()) {
        Some("r1cs") => {
            let r = R1cs::read(path)?;
            format!("{} constraints, {} wires", r.num_constraints(), r.num_wires)
        }
        Some("wtns") => format!("{} values", Wtns::read(path)?.values.len()),
        _ => {
            let z = Zkey::read(path)?;
            let pk = &z.proving_key;
            let finite = |q: &[ark_bn254::G1Affine]| q.iter().filter(|p| !p.is_zero()).count();
            format!(
                "{} signals, domain {}, {} public; finite points: A {}, B1 {}, B2 {}, C {}, H {}",
                z.num_vars,
                z.domain_size,
                z.num_public,
                finite(&pk.a_query),
                finite(&pk.b_g1_query),
                pk.b_g2_query.iter().filter(|p| !p.is_zero()).count(),
                finite(&pk.l_query),
                finite(&pk.h_query),
            )
        }
    })
}

fn main() -> Result<()> {
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let mut best = f64::INFINITY;
        let mut what = String::new();
        for _ in 0..3 {
            let t = Instant::now();
            what = read(path)?;
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{arg}: {size} bytes, {:.1} ms ({what})", best * 1e3);
    }
    Ok(())
}
