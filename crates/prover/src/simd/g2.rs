//! Batch-affine additions in BN254's G2, eight at a time ([`super`]'s base-field arithmetic).
//!
//! A coordinate is in Fq2 = Fq\[u\] / (u^2 + 1): two [`F8`], `c0 + c1 u`. Products are the
//! schoolbook four (`c0 = a0 b0 - a1 b1`, `c1 = a0 b1 + a1 b0`): Karatsuba's three would multiply
//! sums of two factors, and for the additions' largest factors (differences below 48 p, the
//! `x1 - x3` below 80 p) such a sum would pass 2^260 (84 p) without an extra reduction. A
//! denominator `d` is inverted through its norm: `1 / d = conj(d) / (d0^2 + d1^2)`, the norm in
//! Fq (non-zero for `d != 0`: -1 is not a square mod p), so the shared inversion is the same
//! Fq batch as G1's and each addition pays three products for it instead of twelve for
//! Montgomery's trick in Fq2.

use super::{Ctx, F8, pack, unpack};
use ark_bn254::{Fq, Fq2, G2Affine};
use ark_ff::{AdditiveGroup, Field};

/// `acc[i] += add[i]` for every `i` (affine), sharing one field inversion. Every point must be
/// finite and `acc[i].x != add[i].x` (no doubling, no `P + (-P)`): the caller keeps those.
/// `ctx` is [`Ctx::fq`].
pub(crate) fn add_assign(ctx: &Ctx, acc: &mut [G2Affine], add: &[G2Affine]) {
    // SAFETY: a `Ctx` exists only where `Ctx::fq` detected AVX-512F and AVX-512 IFMA.
    unsafe { batch_add(ctx, acc, add) }
}

/// Eight Fq2 elements, `c0 + c1 u`.
#[derive(Clone, Copy)]
struct E8 {
    c0: F8,
    c1: F8,
}

impl E8 {
    /// Lanes of up to eight arkworks elements (times 16: below 16 p); missing lanes hold `pad`.
    #[target_feature(enable = "avx512f")]
    fn load<'a>(xs: impl Iterator<Item = &'a Fq2> + Clone, pad: &Fq2) -> E8 {
        E8 {
            c0: F8::load(&pack(xs.clone().map(|x| &x.c0), &pad.c0)),
            c1: F8::load(&pack(xs.map(|x| &x.c1), &pad.c1)),
        }
    }

    /// `self + b`, component by component.
    #[target_feature(enable = "avx512f")]
    fn add(&self, b: &E8, c: &Ctx) -> E8 {
        E8 { c0: self.c0.add(&b.c0, c), c1: self.c1.add(&b.c1, c) }
    }

    /// `self + k m - b`, component by component ([`F8::sub`]).
    #[target_feature(enable = "avx512f")]
    fn sub(&self, b: &E8, km: &[std::arch::x86_64::__m512i; 5], c: &Ctx) -> E8 {
        E8 { c0: self.c0.sub(&b.c0, km, c), c1: self.c1.sub(&b.c1, km, c) }
    }

    /// Products with `to_ark` (arkworks' form, below 2 p for `self` below 84 p).
    #[target_feature(enable = "avx512f,avx512ifma")]
    fn ark_form(&self, c: &Ctx) -> E8 {
        E8 { c0: self.c0.mul(&c.to_ark, c), c1: self.c1.mul(&c.to_ark, c) }
    }

    /// Arkworks' elements of the lanes, from products with `to_ark` (below 2 p).
    #[target_feature(enable = "avx512f")]
    fn unpack(&self) -> [Fq2; 8] {
        let (c0, c1) = (self.c0.store(), self.c1.store());
        std::array::from_fn(|k| Fq2::new(unpack(&c0, k), unpack(&c1, k)))
    }
}

/// One group of eight additions, packed.
struct Group {
    x1: E8,
    y1: E8,
    x2: E8,
    y2: E8,
    /// The norm of the denominator, `d0^2 + d1^2`.
    norm: F8,
    /// The product of the norms of the groups before this one.
    prefix: F8,
}

/// `acc[i] += add[i]`: lambda = (y2 - y1) / (x2 - x1), x3 = lambda^2 - x1 - x2,
/// y3 = lambda (x1 - x3) - y1, with the denominators' norms inverted together (each lane a chain
/// of products, then one arkworks inversion for the eight lanes). Bounds in units of p, from
/// the module docs of [`super`] (a product of alpha p and beta p is below (alpha beta / 84.6 + 1)
/// p); `simd::tests::constants_fit_their_bounds` checks the subtractions' constants.
#[target_feature(enable = "avx512f,avx512ifma")]
fn batch_add(c: &Ctx, acc: &mut [G2Affine], add: &[G2Affine]) {
    let n = acc.len().min(add.len());
    let (zero, one) = (Fq2::ZERO, Fq2::ONE);
    let mut groups = Vec::with_capacity(n.div_ceil(8));
    // < 4.7 p: 16 (2^256 mod p) at first, then a -> 56.5 a / 84.6 + 1 keeps it below (to 3.0)
    let mut prod = c.one;
    for (a, b) in acc[..n].chunks(8).zip(add[..n].chunks(8)) {
        // Padding lanes add (1, 0) to (0, 0): a non-zero denominator, results unused.
        let x1 = E8::load(a.iter().map(|p| &p.x), &zero); // < 16 p
        let y1 = E8::load(a.iter().map(|p| &p.y), &zero); // < 16 p
        let x2 = E8::load(b.iter().map(|p| &p.x), &one); // < 16 p
        let y2 = E8::load(b.iter().map(|p| &p.y), &zero); // < 16 p
        let d = x2.sub(&x1, &c.m32, c); // < 48 p
        let norm = d.c0.mul(&d.c0, c).add(&d.c1.mul(&d.c1, c), c); // < 2 x 28.3 = 56.5 p
        groups.push(Group { x1, y1, x2, y2, norm, prefix: prod });
        prod = prod.mul(&norm, c); // < 4.2 p
    }
    // The eight lanes' products of norms (non-zero: every x1 != x2), inverted together.
    let lanes = prod.mul(&c.to_ark, c).store(); // < 1.1 p
    let mut inv: [Fq; 8] = std::array::from_fn(|k| unpack(&lanes, k));
    ark_ff::batch_inversion(&mut inv);
    let mut inv = F8::load(&pack(inv.iter(), &Fq::ZERO)); // < 16 p, then < 11.7 p
    for (g, a) in groups.iter().zip(acc[..n].chunks_mut(8)).rev() {
        let inv_norm = inv.mul(&g.prefix, c); // < 1.9 p
        inv = inv.mul(&g.norm, c); // < 11.7 p
        // 1 / d = conj(d) / norm = e0 - e1 u
        let d = g.x2.sub(&g.x1, &c.m32, c); // < 48 p
        let e0 = d.c0.mul(&inv_norm, c); // < 2.1 p
        let e1 = d.c1.mul(&inv_norm, c); // < 2.1 p
        // lambda = dy (e0 - e1 u) = (dy0 e0 + dy1 e1) + (dy1 e0 - dy0 e1) u
        let dy = g.y2.sub(&g.y1, &c.m32, c); // < 48 p
        let l0 = dy.c0.mul(&e0, c).add(&dy.c1.mul(&e1, c), c); // < 2 x 2.2 = 4.4 p
        let l1 = dy.c1.mul(&e0, c).sub(&dy.c0.mul(&e1, c), &c.m3, c); // < 2.2 + 3 = 5.2 p
        // lambda^2 = (l0 + l1)(l0 - l1) + 2 l0 l1 u
        let sq = E8 {
            c0: l0.add(&l1, c).mul(&l0.sub(&l1, &c.m32, c), c), // < 9.6 p x 36.4 p: < 5.2 p
            c1: l0.add(&l0, c).mul(&l1, c),                     // < 8.8 p x 5.2 p: < 1.6 p
        };
        let s = g.x1.add(&g.x2, c); // < 32 p
        let x3 = sq.sub(&s, &c.m64, c); // < 70 p
        // x1 - x3 = 2 x1 + x2 - lambda^2
        let u = g.x1.add(&s, c).sub(&sq, &c.m32, c); // < 48 + 32 = 80 p
        // y3 = lambda u - y1 = (l0 u0 - l1 u1 - y10) + (l0 u1 + l1 u0 - y11) u
        let (l0u0, l1u1) = (l0.mul(&u.c0, c), l1.mul(&u.c1, c)); // < 5.2 p, < 6.0 p
        let (l0u1, l1u0) = (l0.mul(&u.c1, c), l1.mul(&u.c0, c)); // < 5.2 p, < 6.0 p
        let y3 = E8 {
            c0: l0u0.sub(&l1u1, &c.m32, c), // < 38 p
            c1: l0u1.add(&l1u0, c),         // < 12 p
        }
        .sub(&g.y1, &c.m32, c); // < 70 p, < 44 p
        let xs = x3.ark_form(c).unpack(); // < 70 p x p: < 1.9 p
        let ys = y3.ark_form(c).unpack(); // < 1.9 p
        for ((p, x), y) in a.iter_mut().zip(xs).zip(ys) {
            *p = G2Affine::new_unchecked(x, y);
        }
    }
}
