//! What the prover's benchmarks share: timing and their environment settings.

#![allow(dead_code, reason = "each benchmark uses the part it needs")]

use std::time::Instant;

/// The median wall time of `reps` runs of `f`, in milliseconds.
pub(crate) fn median_ms(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    median(&mut v)
}

/// The median of `v` (sorted in place; `v` must not be empty).
pub(crate) fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The environment's `name` as a number, else `default`.
pub(crate) fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}
