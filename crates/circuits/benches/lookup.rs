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
//! Measured on the project's 2-core machine, 2^20 checks: 5,308,416 constraints (5.0625 per
//! check, table included), setup synthesis 6.4 s, prove-mode witness generation 7.5 s; bit
//! decomposition 65 constraints per check.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark, not library code")]

use std::time::Instant;

use ark_bn254::Fr;
use ark_ff::UniformRand;
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, fields::fp::FpVar};
use ark_relations::gr1cs::{
    ConstraintSystem, ConstraintSystemRef, LinearCombination, SynthesisMode, Variable,
};
use rand::{Rng, SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::lookup::{Challenge, DEFAULT_LIMB_BITS, RangeChecker};

const WIDTH: u32 = 64;

fn system(mode: SynthesisMode) -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(mode);
    cs
}

/// Synthesizes `values.len()` lookup range checks (values absent in setup mode); returns seconds.
fn lookups(cs: &ConstraintSystemRef<Fr>, values: &[u64], challenge: Fr) -> f64 {
    let t = Instant::now();
    let mut rc = RangeChecker::new(cs.clone(), DEFAULT_LIMB_BITS).unwrap();
    for v in values {
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(*v))).unwrap();
        rc.check(&x, WIDTH).unwrap();
    }
    let committed = rc.commit().unwrap();
    let ch = Challenge::new_input(cs, || Ok(challenge)).unwrap();
    committed.finalize(&ch).unwrap();
    t.elapsed().as_secs_f64()
}

/// Synthesizes the same checks by bit decomposition; returns seconds.
fn bits(cs: &ConstraintSystemRef<Fr>, values: &[u64]) -> f64 {
    let t = Instant::now();
    for v in values {
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(*v))).unwrap();
        let mut sum = LinearCombination::zero();
        let mut coeff = Fr::from(1u64);
        for k in 0..WIDTH {
            let b = Boolean::new_witness(cs.clone(), || Ok((v >> k) & 1 == 1)).unwrap();
            sum = sum + (coeff, &b.lc());
            coeff += coeff;
        }
        let FpVar::Var(x) = x else { unreachable!("a witness") };
        cs.enforce_r1cs_constraint(|| sum, || Variable::One.into(), || x.variable.into()).unwrap();
    }
    t.elapsed().as_secs_f64()
}

fn main() {
    let n: usize = std::env::var("BENCH_CHECKS").map_or(1 << 20, |s| s.parse().unwrap());
    let mut rng = StdRng::seed_from_u64(20);
    let values: Vec<u64> = (0..n).map(|_| rng.r#gen()).collect();
    let challenge = Fr::rand(&mut rng);
    println!("{n} range checks of {WIDTH} bits");

    let report = |what: &str, cs: &ConstraintSystemRef<Fr>, checks: usize, secs: f64| {
        let c = cs.num_constraints();
        println!(
            "{what:<44} {c:>10} constraints  {:>7.4} per check  {:>10} witnesses  {secs:>7.2} s",
            c as f64 / checks as f64,
            cs.num_witness_variables(),
        );
    };
    let cs = system(SynthesisMode::Setup);
    let secs = lookups(&cs, &values, challenge);
    report("lookup, 16-bit limbs (setup)", &cs, n, secs);
    drop(cs);

    let cs =
        system(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: true });
    let secs = lookups(&cs, &values, challenge);
    println!("{:<44} {secs:>7.2} s", "lookup, 16-bit limbs (prove, witness only)");
    drop(cs);

    let m: usize = std::env::var("BENCH_BITS_CHECKS").map_or(n / 16, |s| s.parse().unwrap());
    let cs = system(SynthesisMode::Setup);
    let secs = bits(&cs, &values[..m.min(n)]);
    report(&format!("bit decomposition, {m} checks (setup)"), &cs, m.min(n), secs);
}
