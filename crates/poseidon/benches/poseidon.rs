//! Native Poseidon throughput. Run: `cargo bench -p zkp-ledger-poseidon`.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

use ark_bn254::Fr;
use criterion::{Criterion, black_box, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let a = Fr::from(1u64);
    let b = Fr::from(2u64);
    c.bench_function("poseidon_hash1", |bench| {
        bench.iter(|| zkp_ledger_poseidon::hash1(black_box(a)));
    });
    c.bench_function("poseidon_hash2", |bench| {
        bench.iter(|| zkp_ledger_poseidon::hash2(black_box(a), black_box(b)));
    });
    let four = [a, b, a, b];
    c.bench_function("poseidon_hash4", |bench| {
        bench.iter(|| zkp_ledger_poseidon::hash(black_box(&four)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
