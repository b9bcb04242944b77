//! Groth16 with one commitment against plain Groth16 on the same relation: `n` private values,
//! their sum of squares public, and `prod_i (c - v_i)` for a challenge `c` (a public input chosen
//! by the prover in the plain circuit; `H(D)` of the commitment to the values in the other). Prints
//! key generation, proving and verification times (medians).
//!
//! `cargo bench -p zkp-ledger-prover --bench commit` (release profile; `BENCH_N` sets `n`, default
//! 2^14; `BENCH_REPS` the timed repetitions of proving, default 5; verification takes 4x as many).
//!
//! Then batch verification (`CommitVerifier::verify_batch`) of 16 and 128 proofs of a small
//! instance of the same circuit (`BENCH_BATCH_VALUES` committed values, default 64), against
//! verifying them one by one.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark, not library code")]

mod common;

use common::{env, median_ms};
use std::time::Instant;

use ark_bn254::Fr;
use ark_r1cs_std::{
    alloc::AllocVar,
    eq::EqGadget,
    fields::{FieldVar, fp::FpVar},
};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError, Variable};
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_prover::commit::CommitProof;
use zkp_ledger_prover::{
    commit::{
        CommitCircuit, CommitLayout, CommitPreparedKey, CommitVerifier, generate_commit_keys,
        prove_commit,
    },
    groth16::{self, PreparedKey},
};

#[derive(Clone)]
struct Squares {
    values: Vec<Fr>,
    /// The plain circuit's challenge input.
    c: Fr,
}

impl Squares {
    /// Allocates the relation after the inputs; returns the value variables.
    fn body(
        &self,
        cs: ConstraintSystemRef<Fr>,
        sumsq: &FpVar<Fr>,
        c: &FpVar<Fr>,
    ) -> Result<Vec<Variable>, SynthesisError> {
        let mut acc = FpVar::<Fr>::zero();
        let mut prod = FpVar::<Fr>::one();
        let mut vars = Vec::with_capacity(self.values.len());
        for v in &self.values {
            let x = FpVar::new_witness(cs.clone(), || Ok(*v))?;
            acc += &x * &x;
            prod = &prod * &(c - &x);
            if let FpVar::Var(a) = &x {
                vars.push(a.variable);
            }
        }
        acc.enforce_equal(sumsq)?;
        Ok(vars)
    }

    fn sumsq(&self) -> Fr {
        self.values.iter().map(|v| v * v).sum()
    }
}

impl ConstraintSynthesizer<Fr> for Squares {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let s = FpVar::new_input(cs.clone(), || Ok(self.sumsq()))?;
        let c = FpVar::new_input(cs.clone(), || Ok(self.c))?;
        self.body(cs, &s, &c).map(|_| ())
    }
}

impl CommitCircuit for Squares {
    fn num_commitments(&self) -> usize {
        1
    }

    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<CommitLayout, SynthesisError> {
        let s = FpVar::new_input(cs.clone(), || Ok(self.sumsq()))?;
        let c = FpVar::new_input(cs.clone(), || Ok(challenges[0]))?;
        let FpVar::Var(cv) = &c else { return Err(SynthesisError::AssignmentMissing) };
        let challenge = cv.variable;
        let committed = self.body(cs, &s, &c)?;
        Ok(CommitLayout { challenges: vec![challenge], committed: vec![committed] })
    }
}

fn main() {
    let n = env("BENCH_N", 1 << 14);
    let reps = env("BENCH_REPS", 5);
    let mut rng = StdRng::seed_from_u64(1);
    let circuit = Squares {
        values: (0..n as u64).map(|i| Fr::from(i * 7 + 3)).collect(),
        c: Fr::from(123_456_789u64),
    };
    println!("n = {n} committed values, {} threads", rayon::current_num_threads());

    let t = Instant::now();
    let matrices = groth16::matrices(circuit.clone()).unwrap();
    let pk = groth16::generate_keys(circuit.clone(), &mut rng).unwrap();
    let plain_keygen = t.elapsed().as_secs_f64() * 1e3;
    let constraints = matrices.num_constraints;
    let key = PreparedKey::new(pk, matrices);
    let pvk = groth16::prepare(&key.vk);
    let (proof, inputs, _) = groth16::prove(&key, circuit.clone(), &mut rng).unwrap();
    assert!(groth16::verify(&pvk, &proof, &inputs).unwrap());
    let plain_prove = median_ms(reps, || {
        groth16::prove(&key, circuit.clone(), &mut rng).unwrap();
    });
    let plain_verify = median_ms(4 * reps, || {
        assert!(groth16::verify(&pvk, &proof, &inputs).unwrap());
    });

    let t = Instant::now();
    let (cpk, cm) = generate_commit_keys(&circuit, &mut rng).unwrap();
    let commit_keygen = t.elapsed().as_secs_f64() * 1e3;
    let commit_constraints = cm.num_constraints;
    let verifier = CommitVerifier::new(cpk.vk.clone()).unwrap();
    let ckey = CommitPreparedKey::new(cpk, cm);
    let (cproof, cinputs, _) = prove_commit(&ckey, &circuit, &[None], &mut rng).unwrap();
    assert!(verifier.verify(&cproof, &cinputs).unwrap());
    let commit_prove = median_ms(reps, || {
        prove_commit(&ckey, &circuit, &[None], &mut rng).unwrap();
    });
    let commit_verify = median_ms(4 * reps, || {
        assert!(verifier.verify(&cproof, &cinputs).unwrap());
    });
    let commit_verify_fs = median_ms(4 * reps, || {
        assert!(verifier.verify_fiat_shamir(&cproof, &cinputs).unwrap());
    });

    println!("{:<34}{:>12}{:>12}", "", "plain", "commit");
    println!("{:<34}{:>12}{:>12}", "constraints", constraints, commit_constraints);
    println!("{:<34}{:>12.1}{:>12.1}", "key generation (ms)", plain_keygen, commit_keygen);
    println!("{:<34}{:>12.1}{:>12.1}", "prove, median (ms)", plain_prove, commit_prove);
    println!("{:<34}{:>12.2}{:>12.2}", "verify, random rho (ms)", plain_verify, commit_verify);
    println!("{:<34}{:>12}{:>12.2}", "verify, Fiat-Shamir rho (ms)", "", commit_verify_fs);

    batch_bench(reps, &mut rng);
}

/// Batch verification of 16 and 128 proofs against one-by-one verification.
fn batch_bench(reps: usize, rng: &mut StdRng) {
    let values = env("BENCH_BATCH_VALUES", 64);
    let sizes = [16usize, 128];
    let max = sizes[sizes.len() - 1];
    let small = |i: u64| Squares {
        values: (0..values as u64).map(|j| Fr::from(j * 13 + i + 1)).collect(),
        c: Fr::from(0u64),
    };
    let (cpk, cm) = generate_commit_keys(&small(0), rng).unwrap();
    let verifier = CommitVerifier::new(cpk.vk.clone()).unwrap();
    let ckey = CommitPreparedKey::new(cpk, cm);
    let proofs: Vec<(CommitProof, Vec<Fr>)> = (0..max as u64)
        .map(|i| {
            let (p, x, _) = prove_commit(&ckey, &small(i), &[None], rng).unwrap();
            (p, x)
        })
        .collect();
    println!();
    println!("batch verification, {values} committed values per proof, 1 commitment");
    println!("{:<10}{:>16}{:>20}{:>14}", "proofs", "batch (ms)", "one by one (ms)", "ms/proof");
    for n in sizes {
        let items: Vec<(&CommitProof, &[Fr])> =
            proofs[..n].iter().map(|(p, x)| (p, x.as_slice())).collect();
        assert!(verifier.verify_batch(&items, rng).unwrap());
        let batch = median_ms(4 * reps, || {
            assert!(verifier.verify_batch(&items, &mut StdRng::seed_from_u64(7)).unwrap());
        });
        let single = median_ms(reps, || {
            for (p, x) in &items {
                assert!(verifier.verify(p, x).unwrap());
            }
        });
        println!("{n:<10}{batch:>16.2}{single:>20.2}{:>14.3}", batch / n as f64);
    }
}
