//! The quotient's FFTs (BENCHMARKS.md, "Quotient FFTs"): `zkp_ledger_prover::fft::to_coset`
//! (evaluations on D to evaluations on g D: an inverse and a forward transform) and `from_coset`
//! (one inverse transform) against arkworks' `ifft_in_place` + coset `fft_in_place` and coset
//! `ifft_in_place`, on random vectors of 2^17 (the 100k Circom circuit) and 2^20 elements (a
//! dataset chunk). Each result is checked against arkworks' before it is timed.
//!
//! `cargo bench -p zkp-ledger-prover --bench fft` (release profile; `BENCH_REPS` sets the timed
//! repetitions, default 7; `BENCH_FFT_LOGS` the sizes, default `17,20`; `RAYON_NUM_THREADS=1`
//! for one core; medians are printed).

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark, not library code")]

mod common;

use common::{env, median_ms};
use std::hint::black_box;

use ark_bn254::Fr;
use ark_ff::{FftField, UniformRand};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_prover::fft::{from_coset, to_coset};

fn main() {
    let reps = env("BENCH_REPS", 7);
    let logs: Vec<u32> = std::env::var("BENCH_FFT_LOGS")
        .unwrap_or_else(|_| "17,20".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let threads = rayon::current_num_threads();
    let mut rng = StdRng::seed_from_u64(1);
    println!("threads: {threads}; medians of {reps} runs");
    println!("| size | arkworks to_coset | ours | arkworks from_coset | ours |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    for log in logs {
        let n = 1usize << log;
        let d = Radix2EvaluationDomain::<Fr>::new(n).unwrap();
        let g = Fr::GENERATOR;
        let coset = d.get_coset(g).unwrap();
        let v: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();

        let mut expect = v.clone();
        d.ifft_in_place(&mut expect);
        coset.fft_in_place(&mut expect);
        let mut got = v.clone();
        to_coset(&d, g, &mut got);
        assert!(got == expect, "to_coset differs from arkworks at 2^{log}");
        let mut expect_back = v.clone();
        coset.ifft_in_place(&mut expect_back);
        let mut back = v.clone();
        from_coset(&d, g, &mut back);
        assert!(back == expect_back, "from_coset differs from arkworks at 2^{log}");

        let mut w = v.clone();
        let ark_to = median_ms(reps, || {
            w.copy_from_slice(&v);
            d.ifft_in_place(&mut w);
            coset.fft_in_place(&mut w);
            black_box(&w);
        });
        let ours_to = median_ms(reps, || {
            w.copy_from_slice(&v);
            to_coset(&d, g, &mut w);
            black_box(&w);
        });
        let ark_from = median_ms(reps, || {
            w.copy_from_slice(&v);
            coset.ifft_in_place(&mut w);
            black_box(&w);
        });
        let ours_from = median_ms(reps, || {
            w.copy_from_slice(&v);
            from_coset(&d, g, &mut w);
            black_box(&w);
        });
        println!(
            "| 2^{log} | {ark_to:.1} ms | {ours_to:.1} ms | {ark_from:.1} ms | {ours_from:.1} ms |"
        );
    }
}
