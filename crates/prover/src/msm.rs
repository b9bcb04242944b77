//! Multi-scalar multiplication for the Groth16 prover: signed-digit Pippenger whose bucket
//! accumulation uses batch-affine additions.
//!
//! Adding a point to a bucket in affine coordinates costs about 5 multiplications and a square
//! once the inversion is shared: all pending additions of a batch invert their denominators
//! together (Montgomery's trick). arkworks' general MSM adds in XYZZ coordinates (about 8M + 2S).
//! Measured here (BENCHMARKS.md), that wins in G2, where a multiplication in Fq2 is about four
//! times one in Fq, and loses in G1, where the bookkeeping outweighs the saved multiplications:
//! the prover uses this MSM in G2 and arkworks' in G1 ([`FixedBases::msm_g1`]).
//! A bucket with an addition pending in the current batch defers further points to the next
//! batch, so each batch's additions are independent. Buckets are then summed with the usual
//! running sum in projective coordinates, windows are processed in parallel, and combined with
//! doublings.

use ark_ec::{
    AffineRepr, CurveGroup, VariableBaseMSM,
    short_weierstrass::{Affine, Projective, SWCurveConfig},
};
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use rayon::prelude::*;

/// Additions per batch: enough to amortize one inversion (about 1% of the batch's cost), small
/// next to the thousands of buckets a thread accumulates into (so few points collide).
const BATCH: usize = 256;

/// Below this many points arkworks' MSM is used (set-up costs dominate).
const SMALL: usize = 256;

/// Window width (bits) for `n` points, tuned for batch-affine accumulation on this prover's
/// sizes (see `zkp-ledger bench prover` and BENCHMARKS.md).
fn window_bits(n: usize) -> u32 {
    match n {
        0..=4_095 => 8,
        4_096..=16_383 => 9,
        16_384..=65_535 => 11,
        65_536..=262_143 => 13,
        _ => 15,
    }
}

/// `sum_i scalars[i] * bases[i]` (lengths must match; extra elements of the longer are ignored).
///
/// Each thread takes a contiguous group of windows and accumulates all of them at once into one
/// array of `windows x 2^(c-1)` buckets: with thousands of buckets, a batch of additions rarely
/// meets the same bucket twice.
pub fn msm<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: &[<P::ScalarField as PrimeField>::BigInt],
) -> Projective<P> {
    let n = bases.len().min(scalars.len());
    let (bases, scalars) = (&bases[..n], &scalars[..n]);
    if n < SMALL {
        return <Projective<P> as VariableBaseMSM>::msm_bigint(bases, scalars);
    }
    let c = window_bits(n);
    let bits = P::ScalarField::MODULUS_BIT_SIZE;
    // One extra window absorbs the carry of the signed recoding.
    let windows = (bits / c + 1) as usize;
    let digits = recode(scalars, c, windows);
    let threads = rayon::current_num_threads().clamp(1, windows);
    let per = windows.div_ceil(threads);
    let groups: Vec<std::ops::Range<usize>> =
        (0..windows).step_by(per).map(|w| w..(w + per).min(windows)).collect();
    let sums: Vec<Vec<Projective<P>>> =
        groups.into_par_iter().map(|ws| window_sums(bases, &digits, windows, ws, c)).collect();
    let mut acc = Projective::<P>::zero();
    for s in sums.iter().flatten().rev() {
        for _ in 0..c {
            acc.double_in_place();
        }
        acc += s;
    }
    acc
}

/// Signed base-2^c digits, point-major: `digits[i * windows + w]` in `[-2^(c-1), 2^(c-1)]`.
fn recode<B: BigInteger>(scalars: &[B], c: u32, windows: usize) -> Vec<i32> {
    let mut digits = vec![0i32; scalars.len() * windows];
    let half = 1i64 << (c - 1);
    let full = 1i64 << c;
    let mask = (1u64 << c) - 1;
    for (s, out) in scalars.iter().zip(digits.chunks_mut(windows)) {
        let limbs = s.as_ref();
        let mut carry = 0i64;
        for (w, o) in out.iter_mut().enumerate() {
            let bit = w * c as usize;
            let (limb, off) = (bit / 64, bit % 64);
            let mut raw = limbs.get(limb).map_or(0, |l| l >> off);
            if off + c as usize > 64 {
                raw |= limbs.get(limb + 1).map_or(0, |l| l << (64 - off));
            }
            let mut d = (raw & mask) as i64 + carry;
            if d > half {
                d -= full;
                carry = 1;
            } else {
                carry = 0;
            }
            *o = d as i32;
        }
    }
    digits
}

/// The sums of windows `ws`: accumulate every point into their buckets, then each window's
/// running sum.
fn window_sums<P: SWCurveConfig>(
    bases: &[Affine<P>],
    digits: &[i32],
    windows: usize,
    ws: std::ops::Range<usize>,
    c: u32,
) -> Vec<Projective<P>> {
    let nb = 1usize << (c - 1);
    let mut acc = Accumulator::<P>::new(bases, ws.len() * nb);
    for (i, d) in digits.chunks(windows).enumerate() {
        // A base at infinity adds nothing; its (0, 0) coordinates must not reach a bucket.
        if bases[i].is_zero() {
            continue;
        }
        for (k, &d) in d[ws.clone()].iter().enumerate() {
            if d != 0 {
                acc.add(Op {
                    bucket: (k * nb) as u32 + d.unsigned_abs() - 1,
                    point: (i as u32) << 1 | u32::from(d < 0),
                });
            }
        }
    }
    acc.finish();
    acc.buckets
        .chunks(nb)
        .map(|buckets| {
            let mut running = Projective::<P>::zero();
            let mut total = Projective::<P>::zero();
            for b in buckets.iter().rev() {
                if !b.is_zero() {
                    running += b;
                }
                total += &running;
            }
            total
        })
        .collect()
}

/// One pending addition: a bucket, and a base index with its sign in the low bit.
#[derive(Clone, Copy)]
struct Op {
    bucket: u32,
    point: u32,
}

/// Buckets with batched affine additions.
struct Accumulator<'a, P: SWCurveConfig> {
    bases: &'a [Affine<P>],
    buckets: Vec<Affine<P>>,
    busy: Vec<bool>,
    pending: Vec<Op>,
    /// Additions that met a busy bucket; retried before new ones.
    waiting: Vec<Op>,
    /// Scratch: denominators, then their inverses.
    scratch: Vec<P::BaseField>,
    /// Scratch: prefix products.
    prefix: Vec<P::BaseField>,
}

impl<'a, P: SWCurveConfig> Accumulator<'a, P> {
    fn new(bases: &'a [Affine<P>], num_buckets: usize) -> Self {
        Self {
            bases,
            buckets: vec![Affine::identity(); num_buckets],
            busy: vec![false; num_buckets],
            pending: Vec::with_capacity(BATCH),
            waiting: Vec::new(),
            scratch: Vec::with_capacity(BATCH),
            prefix: Vec::with_capacity(BATCH),
        }
    }

    /// The base's coordinates, y negated for a negative digit.
    #[inline(always)]
    fn coords(&self, op: Op) -> (&P::BaseField, P::BaseField) {
        let p = &self.bases[(op.point >> 1) as usize];
        (&p.x, if op.point & 1 == 1 { -p.y } else { p.y })
    }

    #[inline(always)]
    fn add(&mut self, op: Op) {
        let b = op.bucket as usize;
        if self.busy[b] {
            self.waiting.push(op);
            return;
        }
        if self.buckets[b].is_zero() {
            let (x, y) = self.coords(op);
            self.buckets[b] = Affine::new_unchecked(*x, y);
            return;
        }
        self.busy[b] = true;
        self.pending.push(op);
        if self.pending.len() == BATCH {
            self.flush();
            // Retry the additions that waited, while they fit.
            let waiting = std::mem::take(&mut self.waiting);
            for op in waiting {
                self.add(op);
            }
        }
    }

    fn finish(&mut self) {
        self.flush();
        while !self.waiting.is_empty() {
            let waiting = std::mem::take(&mut self.waiting);
            for op in waiting {
                self.add(op);
            }
            self.flush();
        }
    }

    /// Performs every pending addition with one shared inversion.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let n = self.pending.len();
        self.scratch.resize(n, P::BaseField::ZERO);
        self.prefix.resize(n, P::BaseField::ZERO);
        // Denominators: x2 - x1, or 2 y1 for a doubling; 1 for P + (-P) (result: infinity).
        let mut acc = P::BaseField::ONE;
        for k in 0..n {
            let op = self.pending[k];
            let p = &self.buckets[op.bucket as usize];
            let (qx, qy) = self.coords(op);
            let d = if p.x != *qx {
                *qx - p.x
            } else if p.y == qy && !p.y.is_zero() {
                p.y.double()
            } else {
                P::BaseField::ONE
            };
            self.prefix[k] = acc;
            acc *= &d;
            self.scratch[k] = d;
        }
        // One inversion; the product of non-zero denominators is non-zero.
        let mut inv = acc.inverse().unwrap_or(P::BaseField::ZERO);
        for k in (0..n).rev() {
            let d = self.scratch[k];
            self.scratch[k] = inv * self.prefix[k];
            inv *= &d;
        }
        for k in 0..n {
            let op = self.pending[k];
            let b = op.bucket as usize;
            self.busy[b] = false;
            let (qx, qy) = self.coords(op);
            let p = &self.buckets[b];
            let lambda = if p.x != *qx {
                (qy - p.y) * self.scratch[k]
            } else if p.y == qy && !p.y.is_zero() {
                let x2 = p.x.square();
                (x2.double() + x2 + P::COEFF_A) * self.scratch[k]
            } else {
                self.buckets[b] = Affine::identity();
                continue;
            };
            let x3 = lambda.square() - p.x - qx;
            let y3 = lambda * (p.x - x3) - p.y;
            self.buckets[b] = Affine::new_unchecked(x3, y3);
        }
        self.pending.clear();
    }
}

/// An MSM over a fixed set of bases, skipping those at infinity (variables a query never uses).
#[derive(Clone)]
pub struct FixedBases<P: SWCurveConfig> {
    /// The non-infinity bases.
    pub bases: Vec<Affine<P>>,
    /// For each, its index in the original query.
    pub index: Vec<u32>,
}

impl<P: SWCurveConfig> std::fmt::Debug for FixedBases<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedBases").field("len", &self.bases.len()).finish()
    }
}

impl<P: SWCurveConfig> FixedBases<P> {
    /// Keeps the non-infinity bases of `query`.
    pub fn new(query: &[Affine<P>]) -> Self {
        let (index, bases) = query
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.is_zero())
            .map(|(i, b)| (i as u32, *b))
            .unzip();
        Self { bases, index }
    }

    /// The scalars of the kept bases.
    fn pick(
        &self,
        scalars: &[<P::ScalarField as PrimeField>::BigInt],
    ) -> Vec<<P::ScalarField as PrimeField>::BigInt> {
        self.index.iter().map(|&i| scalars.get(i as usize).copied().unwrap_or_default()).collect()
    }

    /// `sum_i scalars[i] * query[i]` over the original indices, with this module's batch-affine
    /// MSM (the faster one in G2).
    pub fn msm(&self, scalars: &[<P::ScalarField as PrimeField>::BigInt]) -> Projective<P> {
        msm(&self.bases, &self.pick(scalars))
    }

    /// The same with arkworks' MSM (the faster one in G1).
    pub fn msm_g1(&self, scalars: &[<P::ScalarField as PrimeField>::BigInt]) -> Projective<P> {
        <Projective<P> as VariableBaseMSM>::msm_bigint(&self.bases, &self.pick(scalars))
    }

    /// Number of bases kept.
    pub fn len(&self) -> usize {
        self.bases.len()
    }

    /// Whether no base is kept.
    pub fn is_empty(&self) -> bool {
        self.bases.is_empty()
    }
}

/// `msm` as an affine point.
pub fn msm_affine<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: &[<P::ScalarField as PrimeField>::BigInt],
) -> Affine<P> {
    msm(bases, scalars).into_affine()
}
