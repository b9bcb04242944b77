//! BN254 base-field arithmetic on eight elements at once with AVX-512 IFMA, for the batch-affine
//! additions of [`super::Accumulator`] in G1 (most of a proof's time).
//!
//! An element `a` is held as `a 2^260 mod p` (any representative below 2^260, not reduced) in
//! five 52-bit limbs: one 512-bit vector per limb, one lane per element. A product is a
//! Montgomery product with `R = 2^260` (five rounds of `vpmadd52luq`/`vpmadd52huq`), which needs
//! no final subtraction: for `a = alpha p` and `b = beta p` it is below
//! `(alpha beta p / 2^260 + 1) p`, about `(alpha beta / 85 + 1) p`. The bounds of every value in
//! [`batch_add`] are written beside it; every one stays below 2^260 (66 p), so no limb overflows.
//!
//! Arkworks holds `a 2^256 mod p` (canonical): in, that is shifted left by 4 bits (times 16,
//! below 16 p); out, a product with `2^256 mod p` divides by 16, then one conditional subtraction
//! makes it canonical.
//!
//! This is the only module of the project with `unsafe`: calling the `#[target_feature]`
//! functions (allowed once [`ctx`] has seen the CPU features at run time) and the unaligned vector
//! loads and stores of plain `u64` arrays. Differential tests against arkworks:
//! `crates/prover/tests/it/msm.rs` (every MSM path runs through here on a CPU with IFMA) and the
//! tests below.
#![allow(unsafe_code)]

use ark_bn254::{Fq, G1Affine};
use ark_ff::{BigInt, BigInteger, PrimeField};
use std::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_and_si512, _mm512_loadu_si512, _mm512_madd52hi_epu64,
    _mm512_madd52lo_epu64, _mm512_set1_epi64, _mm512_setzero_si512, _mm512_srli_epi64,
    _mm512_storeu_si512, _mm512_sub_epi64,
};
use std::sync::OnceLock;

const MASK52: u64 = (1 << 52) - 1;

/// Eight field elements, limb-major.
#[derive(Clone, Copy)]
struct Fq8([__m512i; 5]);

/// The field's constants in vector form; exists only on a CPU with AVX-512F and IFMA.
pub(super) struct Ctx {
    p: [__m512i; 5],
    /// `-p^-1 mod 2^52`.
    pinv: __m512i,
    mask: __m512i,
    /// `k p` in limbs raised by borrowing from the next, so that subtracting a normalised value
    /// below `k p / 2` limb by limb never goes negative.
    p2: [__m512i; 5],
    p32: [__m512i; 5],
    p64: [__m512i; 5],
    /// `2^256 mod p`: a product with it takes this form to arkworks' (divides by 16).
    to_ark: Fq8,
    /// One: `2^260 mod p`, as 16 times arkworks' one.
    one: Fq8,
}

/// The context if this CPU has AVX-512F and AVX-512 IFMA (checked once), unless the environment
/// sets `ZKP_LEDGER_SIMD=off` (to compare both paths in benchmarks).
pub(super) fn ctx() -> Option<&'static Ctx> {
    static CTX: OnceLock<Option<Ctx>> = OnceLock::new();
    CTX.get_or_init(|| {
        let ok = std::env::var_os("ZKP_LEDGER_SIMD").is_none_or(|v| v != "off")
            && std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512ifma");
        // SAFETY: `Ctx::new` needs AVX-512F, just detected.
        ok.then(|| unsafe { Ctx::new() })
    })
    .as_ref()
}

/// `acc[i] += add[i]` for every `i` (affine), sharing one field inversion. Every point must be
/// finite and `acc[i].x != add[i].x` (no doubling, no `P + (-P)`): the caller keeps those.
pub(super) fn add_assign(ctx: &Ctx, acc: &mut [G1Affine], add: &[G1Affine]) {
    // SAFETY: a `Ctx` exists only where `ctx()` detected AVX-512F and AVX-512 IFMA.
    unsafe { batch_add(ctx, acc, add) }
}

/// Five 52-bit limbs of a value below 2^260 held in five 64-bit words.
fn limbs52(x: &[u64; 5]) -> [u64; 5] {
    std::array::from_fn(|i| {
        let bit = 52 * i;
        let (w, s) = (bit / 64, bit % 64);
        let mut v = x[w] >> s;
        if s > 12 && w + 1 < 5 {
            v |= x[w + 1] << (64 - s);
        }
        v & MASK52
    })
}

/// The limbs of `16 a` for arkworks' limbs `a` (`a < p < 2^254`).
#[inline(always)]
fn limbs_times16(a: &[u64; 4]) -> [u64; 5] {
    [
        (a[0] << 4) & MASK52,
        ((a[0] >> 48) | (a[1] << 16)) & MASK52,
        ((a[1] >> 36) | (a[2] << 28)) & MASK52,
        ((a[2] >> 24) | (a[3] << 40)) & MASK52,
        a[3] >> 12,
    ]
}

/// Four 64-bit words of normalised limbs (the value must be below 2^256).
#[inline(always)]
fn words(l: &[u64; 5]) -> [u64; 4] {
    [
        l[0] | (l[1] << 52),
        (l[1] >> 12) | (l[2] << 40),
        (l[2] >> 24) | (l[3] << 28),
        (l[3] >> 36) | (l[4] << 16),
    ]
}

/// `k p` in five words.
fn p_times(k: u64) -> [u64; 5] {
    let mut out = [0u64; 5];
    let mut carry = 0u128;
    for (o, &w) in out.iter_mut().zip(Fq::MODULUS.0.iter()) {
        let t = u128::from(w) * u128::from(k) + carry;
        *o = t as u64;
        carry = t >> 64;
    }
    out[4] = carry as u64;
    out
}

/// The limbs of `k p`, each below the top raised by 2^52 borrowed from the next.
fn adjusted(k: u64) -> [u64; 5] {
    let l = limbs52(&p_times(k));
    [l[0] + (1 << 52), l[1] + MASK52, l[2] + MASK52, l[3] + MASK52, l[4] - 1]
}

impl Ctx {
    #[target_feature(enable = "avx512f")]
    fn new() -> Self {
        let p = limbs52(&p_times(1));
        // -p^-1 mod 2^64 by Newton's iteration (each step doubles the correct low bits).
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(p[0].wrapping_mul(inv)));
        }
        let pinv = inv.wrapping_neg() & MASK52;
        let v = |l: [u64; 5]| l.map(|x| _mm512_set1_epi64(x as i64));
        let r = Fq::R.0; // 2^256 mod p
        Ctx {
            p: v(p),
            pinv: _mm512_set1_epi64(pinv as i64),
            mask: _mm512_set1_epi64(MASK52 as i64),
            p2: v(adjusted(2)),
            p32: v(adjusted(32)),
            p64: v(adjusted(64)),
            to_ark: Fq8(v(limbs52(&[r[0], r[1], r[2], r[3], 0]))),
            one: Fq8(v(limbs_times16(&r))),
        }
    }
}

/// Carries every limb's excess into the next (the top limb keeps its own).
#[target_feature(enable = "avx512f")]
fn normalize(mut t: [__m512i; 5], mask: __m512i) -> [__m512i; 5] {
    for i in 0..4 {
        t[i + 1] = _mm512_add_epi64(t[i + 1], _mm512_srli_epi64(t[i], 52));
        t[i] = _mm512_and_si512(t[i], mask);
    }
    t
}

impl Fq8 {
    /// The Montgomery product `a b / 2^260 mod p` (not reduced; see the module's bound).
    #[target_feature(enable = "avx512f,avx512ifma")]
    fn mul(&self, b: &Fq8, c: &Ctx) -> Fq8 {
        let (a, b) = (&self.0, &b.0);
        let zero = _mm512_setzero_si512();
        let (mut t0, mut t1, mut t2, mut t3, mut t4) = (zero, zero, zero, zero, zero);
        for &ai in a {
            // t += ai b (low halves at their limb, high halves one limb up)
            t0 = _mm512_madd52lo_epu64(t0, ai, b[0]);
            t1 = _mm512_madd52lo_epu64(t1, ai, b[1]);
            t2 = _mm512_madd52lo_epu64(t2, ai, b[2]);
            t3 = _mm512_madd52lo_epu64(t3, ai, b[3]);
            t4 = _mm512_madd52lo_epu64(t4, ai, b[4]);
            let mut t5 = _mm512_madd52hi_epu64(zero, ai, b[4]);
            t1 = _mm512_madd52hi_epu64(t1, ai, b[0]);
            t2 = _mm512_madd52hi_epu64(t2, ai, b[1]);
            t3 = _mm512_madd52hi_epu64(t3, ai, b[2]);
            t4 = _mm512_madd52hi_epu64(t4, ai, b[3]);
            // t += m p with m = t0 (-p^-1) mod 2^52, so that 2^52 divides t0
            let m = _mm512_madd52lo_epu64(zero, t0, c.pinv);
            t0 = _mm512_madd52lo_epu64(t0, m, c.p[0]);
            t1 = _mm512_madd52lo_epu64(t1, m, c.p[1]);
            t2 = _mm512_madd52lo_epu64(t2, m, c.p[2]);
            t3 = _mm512_madd52lo_epu64(t3, m, c.p[3]);
            t4 = _mm512_madd52lo_epu64(t4, m, c.p[4]);
            t1 = _mm512_madd52hi_epu64(t1, m, c.p[0]);
            t2 = _mm512_madd52hi_epu64(t2, m, c.p[1]);
            t3 = _mm512_madd52hi_epu64(t3, m, c.p[2]);
            t4 = _mm512_madd52hi_epu64(t4, m, c.p[3]);
            t5 = _mm512_madd52hi_epu64(t5, m, c.p[4]);
            // t /= 2^52
            t0 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
            t1 = t2;
            t2 = t3;
            t3 = t4;
            t4 = t5;
        }
        Fq8(normalize([t0, t1, t2, t3, t4], c.mask))
    }

    /// `self + b`, normalised.
    #[target_feature(enable = "avx512f")]
    fn add(&self, b: &Fq8, c: &Ctx) -> Fq8 {
        Fq8(normalize(std::array::from_fn(|i| _mm512_add_epi64(self.0[i], b.0[i])), c.mask))
    }

    /// `self + k p - b` for an adjusted `k p` (see [`Ctx`]) above `b`'s bound.
    #[target_feature(enable = "avx512f")]
    fn sub(&self, b: &Fq8, kp: &[__m512i; 5], c: &Ctx) -> Fq8 {
        let t =
            std::array::from_fn(|i| _mm512_sub_epi64(_mm512_add_epi64(self.0[i], kp[i]), b.0[i]));
        Fq8(normalize(t, c.mask))
    }

    #[target_feature(enable = "avx512f")]
    fn load(l: &[[u64; 8]; 5]) -> Fq8 {
        // SAFETY: each `l[i]` is 64 initialised bytes; `loadu` needs no alignment.
        Fq8(std::array::from_fn(|i| unsafe { _mm512_loadu_si512(l[i].as_ptr().cast()) }))
    }

    #[target_feature(enable = "avx512f")]
    fn store(&self) -> [[u64; 8]; 5] {
        let mut out = [[0u64; 8]; 5];
        for (o, v) in out.iter_mut().zip(&self.0) {
            // SAFETY: `o` is 64 writable bytes; `storeu` needs no alignment.
            unsafe { _mm512_storeu_si512(o.as_mut_ptr().cast(), *v) };
        }
        out
    }
}

/// Lanes of up to eight arkworks elements (times 16); missing lanes hold `pad`.
#[inline(always)]
fn pack<'a>(xs: impl Iterator<Item = &'a Fq>, pad: &Fq) -> [[u64; 8]; 5] {
    let mut out = [[0u64; 8]; 5];
    let mut xs = xs.fuse();
    for k in 0..8 {
        let l = limbs_times16(&xs.next().unwrap_or(pad).0.0);
        for (o, l) in out.iter_mut().zip(l) {
            o[k] = l;
        }
    }
    out
}

/// Lane `k` as an arkworks element, from a product with `to_ark` (below 2 p).
#[inline(always)]
fn unpack(l: &[[u64; 8]; 5], k: usize) -> Fq {
    let mut b = BigInt::<4>(words(&[l[0][k], l[1][k], l[2][k], l[3][k], l[4][k]]));
    if b >= Fq::MODULUS {
        b.sub_with_borrow(&Fq::MODULUS);
    }
    Fq::new_unchecked(b)
}

/// One group of eight additions, packed.
struct Group {
    x1: Fq8,
    y1: Fq8,
    x2: Fq8,
    y2: Fq8,
    /// The product of the denominators of the groups before this one.
    prefix: Fq8,
}

/// `acc[i] += add[i]`: lambda = (y2 - y1) / (x2 - x1), x3 = lambda^2 - x1 - x2,
/// y3 = lambda (x1 - x3) - y1, with the denominators inverted together (each lane a chain of
/// products, then one arkworks inversion for the eight lanes).
#[target_feature(enable = "avx512f,avx512ifma")]
fn batch_add(c: &Ctx, acc: &mut [G1Affine], add: &[G1Affine]) {
    let n = acc.len().min(add.len());
    let (zero, one) = (Fq::from(0u64), Fq::from(1u64));
    let mut groups = Vec::with_capacity(n.div_ceil(8));
    let mut prod = c.one; // < 2.3 p (fixed point of a -> 48 a / 85 + 1)
    for (a, b) in acc[..n].chunks(8).zip(add[..n].chunks(8)) {
        // Padding lanes add (1, 0) to (0, 0): a non-zero denominator, results unused.
        let x1 = Fq8::load(&pack(a.iter().map(|p| &p.x), &zero)); // < 16 p
        let y1 = Fq8::load(&pack(a.iter().map(|p| &p.y), &zero)); // < 16 p
        let x2 = Fq8::load(&pack(b.iter().map(|p| &p.x), &one)); // < 16 p
        let y2 = Fq8::load(&pack(b.iter().map(|p| &p.y), &zero)); // < 16 p
        let d = x2.sub(&x1, &c.p32, c); // < 48 p
        groups.push(Group { x1, y1, x2, y2, prefix: prod });
        prod = prod.mul(&d, c);
    }
    // The eight lanes' products (non-zero: every x1 != x2), inverted together.
    let lanes = prod.mul(&c.to_ark, c).store(); // < 1.1 p
    let mut inv: [Fq; 8] = std::array::from_fn(|k| unpack(&lanes, k));
    ark_ff::batch_inversion(&mut inv);
    let mut inv = Fq8::load(&pack(inv.iter(), &zero)); // < 16 p, then < 2.3 p
    for (g, a) in groups.iter().zip(acc[..n].chunks_mut(8)).rev() {
        let d = g.x2.sub(&g.x1, &c.p32, c); // < 48 p
        let inv_d = inv.mul(&g.prefix, c); // < 1.5 p
        inv = inv.mul(&d, c);
        let lambda = g.y2.sub(&g.y1, &c.p32, c).mul(&inv_d, c); // < 48 p, then < 1.9 p
        let l2 = lambda.mul(&lambda, c); // < 1.1 p
        let s = g.x1.add(&g.x2, c); // < 32 p
        let x3 = l2.sub(&s, &c.p64, c); // < 66 p
        // x1 - x3 = 2 x1 + x2 - lambda^2
        let u = g.x1.add(&s, c).sub(&l2, &c.p2, c); // < 50 p
        let y3 = lambda.mul(&u, c).sub(&g.y1, &c.p32, c); // < 2.2 p, then < 35 p
        let xs = x3.mul(&c.to_ark, c).store(); // < 1.8 p
        let ys = y3.mul(&c.to_ark, c).store(); // < 1.5 p
        for (k, p) in a.iter_mut().enumerate() {
            *p = G1Affine::new_unchecked(unpack(&xs, k), unpack(&ys, k));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::G1Projective;
    use ark_ec::CurveGroup;
    use ark_ff::{AdditiveGroup, Field, UniformRand};
    use rand::{SeedableRng, rngs::StdRng};

    #[test]
    fn constants_fit_their_bounds() {
        // 66 p < 2^260 (every value's bound), and each adjusted k p covers its subtrahend.
        let p66 = p_times(66);
        assert!(p66[4] < 1 << 4);
        for (k, bound) in [(2u64, 1.1f64), (32, 16.0), (64, 32.0)] {
            let top = adjusted(k)[4] as f64;
            let sub_top = bound * (limbs52(&p_times(1))[4] as f64 + 1.0);
            assert!(top >= sub_top, "k = {k}");
        }
    }

    #[test]
    fn batch_add_equals_arkworks() {
        let Some(c) = ctx() else {
            return; // no IFMA on this CPU: the scalar path runs instead (tested elsewhere)
        };
        let mut rng = StdRng::seed_from_u64(7);
        for n in [1usize, 7, 8, 9, 31, 256] {
            let p: Vec<G1Affine> =
                (0..n).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
            let q: Vec<G1Affine> =
                (0..n).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
            let mut acc = p.clone();
            add_assign(c, &mut acc, &q);
            for i in 0..n {
                assert_eq!(acc[i], (p[i] + q[i]).into_affine(), "n {n}, i {i}");
            }
        }
    }

    #[test]
    fn mul_equals_arkworks_at_the_edges() {
        let Some(c) = ctx() else {
            return;
        };
        let mut rng = StdRng::seed_from_u64(8);
        let m1 = -Fq::ONE;
        let edges =
            [Fq::from(0u64), Fq::ONE, m1, m1.double(), Fq::from(2u64).inverse().unwrap_or(m1)];
        let mut xs: Vec<Fq> = edges.to_vec();
        xs.extend((0..11).map(|_| Fq::rand(&mut rng)));
        for a in xs.chunks(8) {
            for b in xs.chunks(8) {
                // SAFETY: `ctx()` found AVX-512F and IFMA.
                let got = unsafe {
                    let (va, vb) =
                        (Fq8::load(&pack(a.iter(), &m1)), Fq8::load(&pack(b.iter(), &m1)));
                    va.mul(&vb, c).mul(&c.to_ark, c).store()
                };
                for k in 0..a.len().min(b.len()) {
                    assert_eq!(unpack(&got, k), a[k] * b[k]);
                }
            }
        }
    }
}
