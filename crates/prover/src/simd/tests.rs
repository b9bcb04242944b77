//! Differential tests of the vector arithmetic against arkworks (the FFTs are tested through
//! their public functions in `tests/it/fft.rs`).

use super::g1::add_assign;
use super::*;
use ark_bn254::{FqConfig, Fr, FrConfig, G1Affine, G1Projective};
use ark_ec::CurveGroup;
use ark_ff::{AdditiveGroup, Field, MontConfig, UniformRand};
use rand::{SeedableRng, rngs::StdRng};

type FrB = MontBackend<FrConfig, 4>;

#[test]
fn constants_fit_their_bounds() {
    let (q, r) = (FqConfig::MODULUS.0, FrConfig::MODULUS.0);
    // Every value's bound is below 2^260: 66 p in G1's additions, 83 r in the FFTs.
    assert!(times(&q, 66)[4] < 1 << 4);
    assert!(times(&r, 83)[4] < 1 << 4);
    // Each adjusted k m covers its subtrahend's bound.
    for (m, k, bound) in [(q, 2u64, 1.1f64), (q, 32, 16.0), (q, 64, 32.0), (r, 3, 2.0)] {
        let top = adjusted(&m, k)[4] as f64;
        let sub_top = bound * (limbs(&m)[4] as f64 + 1.0);
        assert!(top >= sub_top, "k = {k}");
    }
}

#[test]
fn batch_add_equals_arkworks() {
    let Some(c) = Ctx::fq() else {
        return; // no IFMA on this CPU: the scalar path runs instead (tested elsewhere)
    };
    let mut rng = StdRng::seed_from_u64(7);
    for n in [1usize, 7, 8, 9, 31, 256] {
        let p: Vec<G1Affine> = (0..n).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
        let q: Vec<G1Affine> = (0..n).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
        let mut acc = p.clone();
        add_assign(c, &mut acc, &q);
        for i in 0..n {
            assert_eq!(acc[i], (p[i] + q[i]).into_affine(), "n {n}, i {i}");
        }
    }
}

/// Products of every pair of `xs` (edge values first) in both fields, through this form.
fn products_equal_arkworks<P: FpConfig<4>>(c: &Ctx, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let m1 = -Fp::<P, 4>::ONE;
    let edges =
        [Fp::<P, 4>::from(0u64), Fp::ONE, m1, m1.double(), Fp::from(2u64).inverse().unwrap_or(m1)];
    let mut xs: Vec<Fp<P, 4>> = edges.to_vec();
    xs.extend((0..11).map(|_| Fp::rand(&mut rng)));
    for a in xs.chunks(8) {
        for b in xs.chunks(8) {
            // SAFETY: `c` exists only where AVX-512F and IFMA were detected.
            let got = unsafe {
                let (va, vb) = (F8::load(&pack(a.iter(), &m1)), F8::load(&pack(b.iter(), &m1)));
                va.mul(&vb, c).mul(&c.to_ark, c).store()
            };
            for k in 0..a.len().min(b.len()) {
                assert_eq!(unpack::<P>(&got, k), a[k] * b[k]);
            }
        }
    }
}

#[test]
fn mul_equals_arkworks_at_the_edges() {
    if let (Some(q), Some(r)) = (Ctx::fq(), Ctx::fr()) {
        products_equal_arkworks::<MontBackend<FqConfig, 4>>(q, 8);
        products_equal_arkworks::<FrB>(r, 9);
    }
}

#[test]
fn conversions_and_constants_are_exact() {
    let Some(c) = Ctx::fr() else {
        return;
    };
    let mut rng = StdRng::seed_from_u64(10);
    let xs: Vec<Fr> = (0..8).map(|_| Fr::rand(&mut rng)).collect();
    let ark: Packed = std::array::from_fn(|i| std::array::from_fn(|k| limbs(&xs[k].0.0)[i]));
    // SAFETY: as above.
    let (round_trip, via_one, via_ours) = unsafe {
        let x = F8::load(&ark).mul(&c.from_ark, c); // this form
        let ours8: Packed = std::array::from_fn(|i| std::array::from_fn(|k| ours(xs[k])[i]));
        (
            x.mul(&c.to_ark, c).store(),
            x.mul(&c.one, c).mul(&c.to_ark, c).store(),
            F8::load(&ours8).mul(&c.to_ark, c).store(),
        )
    };
    for (k, x) in xs.iter().enumerate() {
        assert_eq!(unpack::<FrB>(&round_trip, k), *x);
        assert_eq!(unpack::<FrB>(&via_one, k), *x);
        assert_eq!(unpack::<FrB>(&via_ours, k), *x);
    }
}

#[test]
fn transpose_transposes() {
    if Ctx::fr().is_none() {
        return;
    }
    let rows: [Packed; 8] = std::array::from_fn(|r| {
        std::array::from_fn(|l| std::array::from_fn(|k| (100 * l + 10 * r + k) as u64))
    });
    // SAFETY: AVX-512F was detected (a context exists).
    let out: [Packed; 8] = unsafe {
        let mut v: [F8; 8] = std::array::from_fn(|r| F8::load(&rows[r]));
        transpose(&mut v);
        std::array::from_fn(|r| v[r].store())
    };
    for r in 0..8 {
        for l in 0..5 {
            for k in 0..8 {
                assert_eq!(out[r][l][k], rows[k][l][r], "row {r}, limb {l}, lane {k}");
            }
        }
    }
}
