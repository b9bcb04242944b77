//! Constraints and synthesis time of range checks: `BENCH_CHECKS` (default 2^20) 64-bit values
//! checked by log-derivative lookups with 16-bit limbs (one shared 2^16 table) against the same
//! checks by bit decomposition (64 booleans and a recomposition each).
//!
//! `cargo bench -p zkp-ledger-circuits --bench lookup` (release profile). Counting constraints
//! needs only setup-mode synthesis (what key generation runs); the prove-mode line is witness
//! generation with values and a random challenge, without building matrices (what a prover's
//! synthesis pays). The bit-decomposition comparison runs on `BENCH_BITS_CHECKS` values
//! (default `BENCH_CHECKS / 16`: at 2^20 checks it would take 68M constraints, 2 minutes and
//! 7 GB); its cost per check does not depend on the count.
//!
//! Measured on the project's 2-core machine (shared, loaded), 2^20 checks: 5,308,416 constraints
//! (5.0625 per check, table included), 9,568,255 witnesses, setup synthesis 3.4 s, witness-only
//! synthesis 3.4 s; bit decomposition 65 constraints per check (2^16 checks in 5.5 s).

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark, not library code")]

use std::time::Instant;

use ark_bn254::Fr;
use ark_ff::UniformRand;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};
use rand::{Rng, SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::lookup::{DEFAULT_LIMB_BITS, RangeChecks};

fn system(mode: SynthesisMode) -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(mode);
    cs
}

fn main() {
    let n: usize = std::env::var("BENCH_CHECKS").map_or(1 << 20, |s| s.parse().unwrap());
    let mut rng = StdRng::seed_from_u64(20);
    let values: Vec<u64> = (0..n).map(|_| rng.r#gen()).collect();
    let challenge = Fr::rand(&mut rng);
    println!("{n} range checks of 64 bits");

    let report = |what: &str, cs: &ConstraintSystemRef<Fr>, checks: usize, secs: f64| {
        let c = cs.num_constraints();
        println!(
            "{what:<44} {c:>10} constraints  {:>7.4} per check  {:>10} witnesses  {secs:>7.2} s",
            c as f64 / checks as f64,
            cs.num_witness_variables(),
        );
    };
    let timed = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };

    let cs = system(SynthesisMode::Setup);
    let circuit = RangeChecks::for_setup(n);
    let secs = timed(&|| {
        circuit.synthesize_lookups(cs.clone(), challenge, DEFAULT_LIMB_BITS).unwrap();
    });
    report("lookup, 16-bit limbs (setup)", &cs, n, secs);
    drop(cs);

    let cs =
        system(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false });
    let circuit = RangeChecks::for_proving(values);
    let secs = timed(&|| {
        circuit.synthesize_lookups(cs.clone(), challenge, DEFAULT_LIMB_BITS).unwrap();
    });
    println!("{:<44} {secs:>7.2} s", "lookup, 16-bit limbs (prove, witness only)");
    drop(cs);

    let m: usize = std::env::var("BENCH_BITS_CHECKS").map_or(n / 16, |s| s.parse().unwrap());
    let m = m.min(n);
    let cs = system(SynthesisMode::Setup);
    let circuit = RangeChecks::for_setup(m);
    let secs = timed(&|| circuit.synthesize_bits(cs.clone()).unwrap());
    report(&format!("bit decomposition, {m} checks (setup)"), &cs, m, secs);
}
