//! BN254 field arithmetic on eight elements at once with AVX-512 IFMA: the base field for the
//! batch-affine additions of the MSMs in G1 ([`g1`]) and in G2 ([`g2`], whose Fq2 coordinates
//! are pairs of base-field vectors), the scalar field for the quotient's FFTs ([`fft`]).
//! Together they are most of a proof's time.
//!
//! An element `a` of a field with modulus `m` (BN254's `p` or `r`, both below 2^254) is held as
//! `a 2^260 mod m` (any representative below 2^260, not reduced) in five 52-bit limbs: one
//! 512-bit vector per limb, one lane per element. A product is a Montgomery product with
//! `R = 2^260` (five rounds of `vpmadd52luq`/`vpmadd52huq`), which needs no final subtraction:
//! for `a = alpha m` and `b = beta m` it is below `(alpha beta m / 2^260 + 1) m`, about
//! `(alpha beta / 85 + 1) m`. The bounds of every value are written beside it; every one stays
//! below 2^260 (84 m), so no limb overflows.
//!
//! Arkworks holds `a 2^256 mod m` (canonical): in, that is shifted left by 4 bits (times 16,
//! below 16 m) or multiplied by `2^264 mod m` (below 1.1 m); out, a product with `2^256 mod m`
//! divides by 16, then one conditional subtraction makes it canonical.
//!
//! This is the only module of the project with `unsafe`: calling the `#[target_feature]`
//! functions (allowed once [`Ctx::fq`] or [`Ctx::fr`] has seen the CPU features at run time),
//! the unaligned vector loads and stores of plain `u64` arrays, and a cache prefetch hint
//! ([`prefetch`]). Differential tests against arkworks:
//! `crates/prover/tests/it/msm.rs` and `crates/prover/tests/it/fft.rs` (every MSM and FFT runs
//! through here on a CPU with IFMA) and the tests below.

#![allow(unsafe_code)]

pub(crate) mod fft;
pub(crate) mod g1;
pub(crate) mod g2;

use ark_ff::{BigInt, BigInteger, Field, Fp, FpConfig, MontBackend};
use std::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_and_si512, _mm512_loadu_si512, _mm512_madd52hi_epu64,
    _mm512_madd52lo_epu64, _mm512_permutex2var_epi64, _mm512_set_epi64, _mm512_set1_epi64,
    _mm512_setzero_si512, _mm512_srli_epi64, _mm512_storeu_si512, _mm512_sub_epi64,
    _mm512_unpackhi_epi64, _mm512_unpacklo_epi64,
};
use std::sync::OnceLock;

const MASK52: u64 = (1 << 52) - 1;

/// Eight field elements, limb-major.
#[derive(Clone, Copy)]
pub(crate) struct F8([__m512i; 5]);

/// Eight elements' limbs in memory: `[limb][lane]`.
pub(crate) type Packed = [[u64; 8]; 5];

/// A field's constants in vector form; exists only on a CPU with AVX-512F and IFMA.
pub(crate) struct Ctx {
    m: [__m512i; 5],
    /// `-m^-1 mod 2^52`.
    minv: __m512i,
    mask: __m512i,
    /// `k m` in limbs raised by borrowing from the next, so that subtracting a normalised value
    /// below `(k - 1) m` limb by limb never goes negative.
    pub(crate) m2: [__m512i; 5],
    pub(crate) m3: [__m512i; 5],
    pub(crate) m32: [__m512i; 5],
    pub(crate) m64: [__m512i; 5],
    /// `2^256 mod m`: a product with it takes this form to arkworks' (divides by 16).
    pub(crate) to_ark: F8,
    /// `2^264 mod m`: a product with it takes arkworks' form to this one (times 16).
    pub(crate) from_ark: F8,
    /// One: `2^260 mod m`, as 16 times arkworks' one.
    pub(crate) one: F8,
}

/// The constants of BN254's base field `p` and scalar field `r`, if this CPU has AVX-512F and
/// AVX-512 IFMA (checked once), unless the environment sets `ZKP_LEDGER_SIMD=off` (to compare
/// both paths in benchmarks).
struct Contexts {
    fq: Ctx,
    fr: Ctx,
}

fn contexts() -> Option<&'static Contexts> {
    static CTX: OnceLock<Option<Contexts>> = OnceLock::new();
    CTX.get_or_init(|| {
        let ok = std::env::var_os("ZKP_LEDGER_SIMD").is_none_or(|v| v != "off")
            && std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512ifma");
        // SAFETY: `Ctx::new` needs AVX-512F, just detected.
        ok.then(|| unsafe {
            Contexts {
                fq: Ctx::new::<MontBackend<ark_bn254::FqConfig, 4>>(),
                fr: Ctx::new::<MontBackend<ark_bn254::FrConfig, 4>>(),
            }
        })
    })
    .as_ref()
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

/// The limbs of a value below 2^256.
fn limbs(a: &[u64; 4]) -> [u64; 5] {
    limbs52(&[a[0], a[1], a[2], a[3], 0])
}

/// The limbs of `16 a` for arkworks' limbs `a` (`a < m < 2^254`).
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

/// `k m` in five words.
fn times(m: &[u64; 4], k: u64) -> [u64; 5] {
    let mut out = [0u64; 5];
    let mut carry = 0u128;
    for (o, &w) in out.iter_mut().zip(m.iter()) {
        let t = u128::from(w) * u128::from(k) + carry;
        *o = t as u64;
        carry = t >> 64;
    }
    out[4] = carry as u64;
    out
}

/// The limbs of `k m`, each below the top raised by 2^52 borrowed from the next.
fn adjusted(m: &[u64; 4], k: u64) -> [u64; 5] {
    let l = limbs52(&times(m, k));
    [l[0] + (1 << 52), l[1] + MASK52, l[2] + MASK52, l[3] + MASK52, l[4] - 1]
}

/// This form (`a 2^260 mod m`, canonical) of an arkworks element.
pub(crate) fn ours<P: FpConfig<4>>(x: Fp<P, 4>) -> [u64; 5] {
    limbs(&(x * Fp::<P, 4>::from(16u64)).0.0)
}

/// arkworks' form (`a 2^256 mod m`, canonical) of an arkworks element, as limbs: a product
/// with it turns this form into arkworks' (`M(a 2^260, b 2^256) = a b 2^256`).
pub(crate) fn ark_limbs<P: FpConfig<4>>(x: Fp<P, 4>) -> [u64; 5] {
    limbs(&x.0.0)
}

impl Ctx {
    /// The constants of the field with `P`'s modulus, or `None` on a CPU without AVX-512 IFMA.
    pub(crate) fn fq() -> Option<&'static Ctx> {
        contexts().map(|c| &c.fq)
    }

    /// See [`Ctx::fq`]: the scalar field.
    pub(crate) fn fr() -> Option<&'static Ctx> {
        contexts().map(|c| &c.fr)
    }

    #[target_feature(enable = "avx512f")]
    fn new<P: FpConfig<4>>() -> Self {
        let modulus = P::MODULUS.0;
        let m = limbs(&modulus);
        // -m^-1 mod 2^64 by Newton's iteration (each step doubles the correct low bits).
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m[0].wrapping_mul(inv)));
        }
        let minv = inv.wrapping_neg() & MASK52;
        let r = Fp::<P, 4>::ONE.0.0; // 2^256 mod m (arkworks' Montgomery form of one)
        let r264 = (Fp::<P, 4>::from(16u64) * Fp::<P, 4>::from(16u64)).0.0; // 256 * 2^256
        Ctx {
            m: broadcast(&m),
            minv: _mm512_set1_epi64(minv as i64),
            mask: _mm512_set1_epi64(MASK52 as i64),
            m2: broadcast(&adjusted(&modulus, 2)),
            m3: broadcast(&adjusted(&modulus, 3)),
            m32: broadcast(&adjusted(&modulus, 32)),
            m64: broadcast(&adjusted(&modulus, 64)),
            to_ark: F8(broadcast(&limbs(&r))),
            from_ark: F8(broadcast(&limbs(&r264))),
            one: F8(broadcast(&limbs_times16(&r))),
        }
    }
}

/// Every lane of limb `i` set to `l[i]`.
#[target_feature(enable = "avx512f")]
pub(crate) fn broadcast(l: &[u64; 5]) -> [__m512i; 5] {
    l.map(|x| _mm512_set1_epi64(x as i64))
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

impl F8 {
    /// Eight copies of one element in this form (limbs from [`ours`] or [`ark_limbs`]).
    #[target_feature(enable = "avx512f")]
    pub(crate) fn splat(l: &[u64; 5]) -> F8 {
        F8(broadcast(l))
    }

    /// The Montgomery product `a b / 2^260 mod m` (not reduced; see the module's bound).
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(crate) fn mul(&self, b: &F8, c: &Ctx) -> F8 {
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
            // t += q m with q = t0 (-m^-1) mod 2^52, so that 2^52 divides t0
            let q = _mm512_madd52lo_epu64(zero, t0, c.minv);
            t0 = _mm512_madd52lo_epu64(t0, q, c.m[0]);
            t1 = _mm512_madd52lo_epu64(t1, q, c.m[1]);
            t2 = _mm512_madd52lo_epu64(t2, q, c.m[2]);
            t3 = _mm512_madd52lo_epu64(t3, q, c.m[3]);
            t4 = _mm512_madd52lo_epu64(t4, q, c.m[4]);
            t1 = _mm512_madd52hi_epu64(t1, q, c.m[0]);
            t2 = _mm512_madd52hi_epu64(t2, q, c.m[1]);
            t3 = _mm512_madd52hi_epu64(t3, q, c.m[2]);
            t4 = _mm512_madd52hi_epu64(t4, q, c.m[3]);
            t5 = _mm512_madd52hi_epu64(t5, q, c.m[4]);
            // t /= 2^52
            t0 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
            t1 = t2;
            t2 = t3;
            t3 = t4;
            t4 = t5;
        }
        F8(normalize([t0, t1, t2, t3, t4], c.mask))
    }

    /// `self + b`, normalised.
    #[target_feature(enable = "avx512f")]
    pub(crate) fn add(&self, b: &F8, c: &Ctx) -> F8 {
        F8(normalize(std::array::from_fn(|i| _mm512_add_epi64(self.0[i], b.0[i])), c.mask))
    }

    /// `self + k m - b` for an adjusted `k m` (see [`Ctx`]) above `b`'s bound.
    #[target_feature(enable = "avx512f")]
    pub(crate) fn sub(&self, b: &F8, km: &[__m512i; 5], c: &Ctx) -> F8 {
        let t =
            std::array::from_fn(|i| _mm512_sub_epi64(_mm512_add_epi64(self.0[i], km[i]), b.0[i]));
        F8(normalize(t, c.mask))
    }

    #[target_feature(enable = "avx512f")]
    pub(crate) fn load(l: &Packed) -> F8 {
        // SAFETY: each `l[i]` is 64 initialised bytes; `loadu` needs no alignment.
        F8(std::array::from_fn(|i| unsafe { _mm512_loadu_si512(l[i].as_ptr().cast()) }))
    }

    #[target_feature(enable = "avx512f")]
    pub(crate) fn store(&self) -> Packed {
        let mut out = [[0u64; 8]; 5];
        self.store_into(&mut out);
        out
    }

    #[target_feature(enable = "avx512f")]
    pub(crate) fn store_into(&self, out: &mut Packed) {
        for (o, v) in out.iter_mut().zip(&self.0) {
            // SAFETY: `o` is 64 writable bytes; `storeu` needs no alignment.
            unsafe { _mm512_storeu_si512(o.as_mut_ptr().cast(), *v) };
        }
    }
}

/// Asks the CPU to bring `x`'s first cache line into L1 ahead of its use (a hint: no effect on
/// any result). Any x86-64 CPU has the instruction (SSE).
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    // SAFETY: a prefetch never faults and has no architectural effect; `x` is a valid reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast(),
        );
    }
}

/// Transposes eight vectors of eight elements: lane `j` of output `i` is lane `i` of input `j`
/// (limb by limb).
#[target_feature(enable = "avx512f")]
pub(crate) fn transpose(v: &mut [F8; 8]) {
    let lo2 = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
    let hi2 = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    let lo4 = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    let hi4 = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    for k in 0..5 {
        let r: [__m512i; 8] = std::array::from_fn(|i| v[i].0[k]);
        // pairs of rows: lanes 2i and 2i + 1 hold rows (2j, 2j + 1) at columns 2i (lo), 2i + 1 (hi)
        let s: [__m512i; 8] = std::array::from_fn(|i| {
            let (a, b) = (r[i & !1], r[i | 1]);
            if i & 1 == 0 { _mm512_unpacklo_epi64(a, b) } else { _mm512_unpackhi_epi64(a, b) }
        });
        // quadruples of rows: u[c] holds rows 0-3 (or 4-7) at columns c and c + 4
        let u: [__m512i; 8] = std::array::from_fn(|i| {
            let base = i & 4; // rows 0-3 or 4-7
            let col = i & 3; // columns col, col + 4
            let (a, b) = (s[base + (col & 1)], s[base + 2 + (col & 1)]);
            _mm512_permutex2var_epi64(a, if col < 2 { lo2 } else { hi2 }, b)
        });
        for col in 0..8 {
            let (a, b) = (u[col & 3], u[4 + (col & 3)]);
            v[col].0[k] = _mm512_permutex2var_epi64(a, if col < 4 { lo4 } else { hi4 }, b);
        }
    }
}

/// Lanes of up to eight arkworks elements (times 16); missing lanes hold `pad`.
#[inline(always)]
pub(crate) fn pack<'a, P: FpConfig<4>>(
    xs: impl Iterator<Item = &'a Fp<P, 4>>,
    pad: &Fp<P, 4>,
) -> Packed {
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

/// Lane `k` as an arkworks element, from a product with `to_ark` (below 2 m).
#[inline(always)]
pub(crate) fn unpack<P: FpConfig<4>>(l: &Packed, k: usize) -> Fp<P, 4> {
    let mut b = BigInt::<4>(words(&[l[0][k], l[1][k], l[2][k], l[3][k], l[4][k]]));
    if b >= P::MODULUS {
        b.sub_with_borrow(&P::MODULUS);
    }
    Fp(b, std::marker::PhantomData)
}

#[cfg(test)]
mod tests;
