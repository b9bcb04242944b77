//! Differential tests of the vector arithmetic against arkworks (the FFTs are tested through
//! their public functions in `tests/it/fft.rs`).

use super::g1::add_assign;
use super::*;
use ark_bn254::{Fq, Fq2, FqConfig, Fr, FrConfig, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup};
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
    // (G2's additions subtract a product below 2.2 p with 3 p.)
    for (m, k, bound) in [(q, 2u64, 1.1f64), (q, 3, 2.2), (q, 32, 16.0), (q, 64, 32.0), (r, 3, 2.0)]
    {
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

/// `n` random points of G2, cheaply: `a + i g` for random `a` and `g`.
fn g2_points(n: usize, rng: &mut StdRng) -> Vec<G2Affine> {
    let (mut a, g) = (G2Projective::rand(rng), G2Projective::rand(rng));
    let v: Vec<G2Projective> = (0..n)
        .map(|_| {
            a += g;
            a
        })
        .collect();
    G2Projective::normalize_batch(&v)
}

/// Points of the twist whose x coordinates are edge values (0, 1, 2, 1/2, p - 2, p - 1 in each
/// component), both y for each (so y near 0 and p - 1 too); not all in G2, which the addition
/// formulas do not need.
fn g2_edge_points() -> Vec<G2Affine> {
    let m1 = -Fq::ONE;
    let half = Fq::from(2u64).inverse().unwrap_or(m1);
    let edges = [Fq::ZERO, Fq::ONE, Fq::from(2u64), half, m1.double(), m1];
    let mut out = Vec::new();
    for a in edges {
        for b in edges {
            if let Some(p) = G2Affine::get_point_from_x_unchecked(Fq2::new(a, b), false) {
                out.extend([p, -p]);
            }
        }
    }
    out
}

/// `acc[i] + add[i]` from the vector path equals arkworks' sum, lane by lane.
fn g2_sums_equal_arkworks(c: &Ctx, p: &[G2Affine], q: &[G2Affine], what: &str) {
    let mut acc = p.to_vec();
    g2::add_assign(c, &mut acc, q);
    for i in 0..p.len() {
        assert_eq!(acc[i], (p[i] + q[i]).into_affine(), "{what}, i {i}");
    }
}

#[test]
fn g2_batch_add_equals_arkworks() {
    let Some(c) = Ctx::fq() else {
        return; // no IFMA on this CPU: the scalar path runs instead (tested elsewhere)
    };
    let mut rng = StdRng::seed_from_u64(13);
    for n in [1usize, 7, 8, 9, 17, 1000] {
        let (p, q) = (g2_points(n, &mut rng), g2_points(n, &mut rng));
        g2_sums_equal_arkworks(c, &p, &q, &format!("n {n}"));
    }
    // Every pair of edge points with distinct x, in one call (hundreds of lanes, not a multiple
    // of eight), then each pair in a call of its own (seven padding lanes).
    let edges = g2_edge_points();
    assert!(edges.len() >= 16 && edges.iter().all(|p| p.is_on_curve() && !p.is_zero()));
    let (mut p, mut q) = (Vec::new(), Vec::new());
    for a in &edges {
        for b in edges.iter().filter(|b| b.x != a.x) {
            p.push(*a);
            q.push(*b);
        }
    }
    if p.len() % 8 == 0 {
        p.pop();
        q.pop();
    }
    g2_sums_equal_arkworks(c, &p, &q, "edges");
    for (a, b) in p.iter().zip(&q).step_by(7) {
        g2_sums_equal_arkworks(c, &[*a], &[*b], "one edge pair");
    }
    // Edge points beside random ones in one batch.
    let r = g2_points(p.len(), &mut rng);
    g2_sums_equal_arkworks(c, &p, &r, "edges and random");
    g2_sums_equal_arkworks(c, &r, &q, "random and edges");
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
