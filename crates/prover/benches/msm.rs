//! Field, curve and MSM primitives behind the prover's figures (BENCHMARKS.md, "Prover"):
//!
//! 1. one BN254 base-field multiplication (a dependent chain: latency) and square;
//! 2. one G1 mixed addition (Jacobian + affine), as arkworks' MSM buckets pay it;
//! 3. the inclusion circuit's MSM sizes (G1: 3,401, 5,076, 8,191 points; G2: 3,401) with
//!    arkworks' MSM, this crate's batch-affine MSM, and its window tables, on random bases and
//!    scalars; each result is checked against arkworks' before it is timed.
//!
//! 4. G1 MSMs of 2^17 and 2^20 random full-size scalars (`BENCH_MSM_LARGE`, comma-separated
//!    sizes), batch-affine against one arkworks run.
//! 5. G2 MSMs of 2^17 random full-size scalars and of 100,000 random 16-bit scalars (the shape
//!    of a zkey's batch subgroup check; `BENCH_MSM_G2=0` skips both), batch-affine against one
//!    arkworks run.
//!
//! 6. Window-width tuning (`BENCH_MSM_TUNE=n,m,...`; `BENCH_MSM_TUNE_G2` the same for G2): MSMs
//!    of `n` random full-size scalars at every window width from 8 to 16 bits (`msm_c`), against
//!    `msm`'s own choice.
//!
//! `ZKP_LEDGER_SIMD=off` times the batch-affine MSMs without AVX-512 IFMA.
//!
//! `cargo bench -p zkp-ledger-prover --bench msm` (release profile; `BENCH_REPS` changes the
//! number of timed repetitions, default 21, at most 5 for the large MSMs; medians are printed).

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark, not library code")]

mod common;

use common::{env, median, median_ms};
use std::{hint::black_box, time::Instant};

use ark_bn254::{Fq, Fr, G1Affine, G1Projective};
use ark_ec::{
    CurveGroup, VariableBaseMSM,
    short_weierstrass::{Affine, Projective, SWCurveConfig},
};
use ark_ff::{Field, PrimeField, UniformRand};
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_prover::msm::{FixedBases, msm, msm_c};

/// `n` random bases ([`bases`]) and `n` random full-size scalars.
fn inputs<P: SWCurveConfig<ScalarField = Fr>>(
    n: usize,
    rng: &mut StdRng,
) -> (Vec<Affine<P>>, Vec<<Fr as PrimeField>::BigInt>) {
    let b = bases::<P>(n, rng);
    (b, (0..n).map(|_| Fr::rand(rng).into_bigint()).collect())
}

/// `n` distinct random points, cheaply (consecutive multiples of a random point, offset).
fn bases<P: SWCurveConfig>(n: usize, rng: &mut StdRng) -> Vec<Affine<P>> {
    let g = Projective::<P>::rand(rng);
    let mut p = Projective::<P>::rand(rng);
    let v: Vec<_> = (0..n)
        .map(|_| {
            p += g;
            p
        })
        .collect();
    Projective::<P>::normalize_batch(&v)
}

fn compare<P: SWCurveConfig<ScalarField = Fr>>(
    group: &str,
    n: usize,
    reps: usize,
    rng: &mut StdRng,
) {
    let (b, s) = inputs::<P>(n, rng);
    let expected = Projective::<P>::msm_bigint(&b, &s);
    let fixed = FixedBases::new(&b);
    let t = Instant::now();
    let tables = fixed.precompute().expect("small tables");
    let build = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(msm(&b, &s), expected);
    assert_eq!(tables.msm(&s), expected);
    let ark = median_ms(reps, || {
        let _ = black_box(Projective::<P>::msm_bigint(&b, &s));
    });
    let ours = median_ms(reps, || {
        let _ = black_box(msm(&b, &s));
    });
    let tab = median_ms(reps, || {
        let _ = black_box(tables.msm(&s));
    });
    println!(
        "{group} n = {n:>5}: arkworks {ark:7.2} ms | batch-affine {ours:7.2} ms | window tables {tab:7.2} ms (built in {build:.0} ms)"
    );
}

fn main() {
    let reps = env("BENCH_REPS", 21);
    let mut rng = StdRng::seed_from_u64(1);
    let (mut a, b) = (Fq::rand(&mut rng), Fq::rand(&mut rng));
    const N: u32 = 10_000_000;
    let t = Instant::now();
    for _ in 0..N {
        a *= &b;
    }
    let mul = t.elapsed().as_nanos() as f64 / f64::from(N);
    let t = Instant::now();
    for _ in 0..N {
        a.square_in_place();
    }
    let sq = t.elapsed().as_nanos() as f64 / f64::from(N);
    let _ = black_box(a);
    let q: G1Affine = G1Projective::rand(&mut rng).into_affine();
    let mut acc = G1Projective::rand(&mut rng);
    let t = Instant::now();
    for _ in 0..1_000_000 {
        acc += &q;
    }
    let add = t.elapsed().as_nanos() as f64 / 1e6;
    let _ = black_box(acc);
    println!(
        "Fq multiplication {mul:.1} ns, square {sq:.1} ns (dependent chains); G1 mixed addition {add:.0} ns"
    );
    for n in [3_401, 5_076, 8_191] {
        compare::<ark_bn254::g1::Config>("G1", n, reps, &mut rng);
    }
    compare::<ark_bn254::g2::Config>("G2", 3_401, reps, &mut rng);
    // Large G1 MSMs of random full-size scalars (a dataset chunk's H query is 2^20 of them).
    let large: Vec<usize> = std::env::var("BENCH_MSM_LARGE")
        .unwrap_or_else(|_| "131072,1048576".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    for n in large {
        let (b, s) = inputs::<ark_bn254::g1::Config>(n, &mut rng);
        let t = Instant::now();
        let expected = G1Projective::msm_bigint(&b, &s);
        let ark = t.elapsed().as_secs_f64() * 1e3;
        assert_eq!(msm(&b, &s), expected);
        let ours = median_ms(reps.min(5), || {
            let _ = black_box(msm(&b, &s));
        });
        println!("G1 n = {n:>7}: arkworks {ark:8.1} ms (one run) | batch-affine {ours:8.1} ms");
    }
    let sizes = |name: &str| -> Vec<usize> {
        std::env::var(name)
            .unwrap_or_default()
            .split(',')
            .filter_map(|v| v.trim().parse().ok())
            .collect()
    };
    let (tune, tune_g2) = (sizes("BENCH_MSM_TUNE"), sizes("BENCH_MSM_TUNE_G2"));
    if !tune.is_empty() || !tune_g2.is_empty() {
        for n in tune {
            tune_c::<ark_bn254::g1::Config>("G1", n, reps, &mut rng);
        }
        for n in tune_g2 {
            tune_c::<ark_bn254::g2::Config>("G2", n, reps, &mut rng);
        }
        return;
    }
    if env("BENCH_MSM_G2", 1) != 0 {
        large_g2(1 << 17, None, reps, &mut rng);
        large_g2(100_000, Some(16), reps, &mut rng);
    }
}

/// A G2 MSM of `n` random scalars of `bits` bits (full size for `None`): one arkworks run
/// against the median of at most five batch-affine ones.
fn large_g2(n: usize, bits: Option<u32>, reps: usize, rng: &mut StdRng) {
    use ark_std::rand::Rng;
    let b = bases::<ark_bn254::g2::Config>(n, rng);
    let s: Vec<_> = (0..n)
        .map(|_| match bits {
            Some(k) => Fr::from(rng.gen_range(0..1u64 << k)).into_bigint(),
            None => Fr::rand(rng).into_bigint(),
        })
        .collect();
    let t = Instant::now();
    let expected = ark_bn254::G2Projective::msm_bigint(&b, &s);
    let ark = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(msm(&b, &s), expected);
    let ours = median_ms(reps.min(5), || {
        let _ = black_box(msm(&b, &s));
    });
    let what = bits.map_or("full-size".to_string(), |k| format!("{k}-bit"));
    println!(
        "G2 n = {n:>7}, {what} scalars: arkworks {ark:8.1} ms (one run) | batch-affine {ours:8.1} ms"
    );
}

/// Medians of `msm_c` on `n` random full-size scalars at window widths 8 to 16, and of `msm`,
/// timed in rounds (every width once per round) so that a slow spell of the machine falls on all
/// of them alike.
fn tune_c<P: SWCurveConfig<ScalarField = Fr>>(
    group: &str,
    n: usize,
    reps: usize,
    rng: &mut StdRng,
) {
    let (b, s) = inputs::<P>(n, rng);
    let expected = msm(&b, &s);
    let widths: Vec<u32> = (8..=16).collect();
    for &c in &widths {
        assert_eq!(msm_c(&b, &s, c), expected);
    }
    // times[0]: msm's own choice; times[1 + k]: widths[k].
    let mut times = vec![Vec::new(); widths.len() + 1];
    for _ in 0..reps.min(7) {
        for (k, t) in times.iter_mut().enumerate() {
            let start = Instant::now();
            let _ = black_box(if k == 0 { msm(&b, &s) } else { msm_c(&b, &s, widths[k - 1]) });
            t.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    print!("{group} n = {n}: msm {:.1} ms; by window width:", median(&mut times[0]));
    for (c, t) in widths.iter().zip(&mut times[1..]) {
        print!(" {c}: {:.1}", median(t));
    }
    println!(" ms");
}
