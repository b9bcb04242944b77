//! Batch-affine additions in BN254's G1, eight at a time ([`super`]'s base-field arithmetic).

use super::{Ctx, F8, pack, unpack};
use ark_bn254::{Fq, G1Affine};

/// `acc[i] += add[i]` for every `i` (affine), sharing one field inversion. Every point must be
/// finite and `acc[i].x != add[i].x` (no doubling, no `P + (-P)`): the caller keeps those.
/// `ctx` is [`Ctx::fq`].
pub(crate) fn add_assign(ctx: &Ctx, acc: &mut [G1Affine], add: &[G1Affine]) {
    // SAFETY: a `Ctx` exists only where `Ctx::fq` detected AVX-512F and AVX-512 IFMA.
    unsafe { batch_add(ctx, acc, add) }
}

/// One group of eight additions, packed.
struct Group {
    x1: F8,
    y1: F8,
    x2: F8,
    y2: F8,
    /// The product of the denominators of the groups before this one.
    prefix: F8,
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
        let x1 = F8::load(&pack(a.iter().map(|p| &p.x), &zero)); // < 16 p
        let y1 = F8::load(&pack(a.iter().map(|p| &p.y), &zero)); // < 16 p
        let x2 = F8::load(&pack(b.iter().map(|p| &p.x), &one)); // < 16 p
        let y2 = F8::load(&pack(b.iter().map(|p| &p.y), &zero)); // < 16 p
        let d = x2.sub(&x1, &c.m32, c); // < 48 p
        groups.push(Group { x1, y1, x2, y2, prefix: prod });
        prod = prod.mul(&d, c);
    }
    // The eight lanes' products (non-zero: every x1 != x2), inverted together.
    let lanes = prod.mul(&c.to_ark, c).store(); // < 1.1 p
    let mut inv: [Fq; 8] = std::array::from_fn(|k| unpack(&lanes, k));
    ark_ff::batch_inversion(&mut inv);
    let mut inv = F8::load(&pack(inv.iter(), &zero)); // < 16 p, then < 2.3 p
    for (g, a) in groups.iter().zip(acc[..n].chunks_mut(8)).rev() {
        let d = g.x2.sub(&g.x1, &c.m32, c); // < 48 p
        let inv_d = inv.mul(&g.prefix, c); // < 1.5 p
        inv = inv.mul(&d, c);
        let lambda = g.y2.sub(&g.y1, &c.m32, c).mul(&inv_d, c); // < 48 p, then < 1.9 p
        let l2 = lambda.mul(&lambda, c); // < 1.1 p
        let s = g.x1.add(&g.x2, c); // < 32 p
        let x3 = l2.sub(&s, &c.m64, c); // < 66 p
        // x1 - x3 = 2 x1 + x2 - lambda^2
        let u = g.x1.add(&s, c).sub(&l2, &c.m2, c); // < 50 p
        let y3 = lambda.mul(&u, c).sub(&g.y1, &c.m32, c); // < 2.2 p, then < 35 p
        let xs = x3.mul(&c.to_ark, c).store(); // < 1.8 p
        let ys = y3.mul(&c.to_ark, c).store(); // < 1.5 p
        for (k, p) in a.iter_mut().enumerate() {
            *p = G1Affine::new_unchecked(unpack(&xs, k), unpack(&ys, k));
        }
    }
}
