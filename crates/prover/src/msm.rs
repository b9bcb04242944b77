//! Multi-scalar multiplication for the Groth16 prover: signed-digit Pippenger whose bucket
//! accumulation uses batch-affine additions, with or without precomputed window tables.
//!
//! Adding a point to a bucket in affine coordinates costs about 5 multiplications and a square
//! once the inversion is shared: all pending additions of a batch invert their denominators
//! together (Montgomery's trick). arkworks' general MSM adds in XYZZ coordinates (about 8M + 2S).
//! A point whose bucket already has an addition pending in the current batch is added to that
//! bucket's projective overflow instead, so each batch's additions are independent. A bucket
//! that receives many additions (a small digit's, when most scalars are small values such as a
//! witness's bits and counters) is spread over several slots first ([`Slots`]), so that a batch
//! rarely meets a busy one. Buckets are then summed with the usual running sum in projective
//! coordinates.
//!
//! In BN254's G1 and G2, on a CPU with AVX-512 IFMA, each batch's additions run eight at a time
//! on vectors (`crate::simd`: `simd::g1` in Fq, `simd::g2` in Fq2), all but doublings and
//! `P + (-P)` (which keep the scalar path); other curves, other CPUs and
//! `ZKP_LEDGER_SIMD=off` use arkworks' field arithmetic.
//!
//! [`msm`] processes windows in parallel and combines them with doublings. [`Precomputed`]
//! stores `2^(c j) P` for every base `P` and window `j` (built once per proving key), so an MSM
//! becomes a single accumulation of every (point, window) pair into one set of buckets: no
//! per-window bucket sums and no doublings, at the cost of `windows` points of memory per base.
//! Figures: BENCHMARKS.md ("Prover").

use ark_ec::{
    AffineRepr, CurveGroup, VariableBaseMSM,
    short_weierstrass::{Affine, Projective, SWCurveConfig},
};
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use rayon::prelude::*;
use std::collections::HashMap;

/// Additions per batch: enough to amortize one inversion (with the vectorised additions of
/// [`crate::simd`] an inversion costs about as much as 60 of them), small next to the thousands of
/// buckets a thread accumulates into (so few points collide).
const BATCH: usize = 1024;

/// How many additions ahead a bucket is prefetched.
const AHEAD: usize = 8;

/// Below this many points arkworks' MSM is used (set-up costs dominate).
const SMALL: usize = 256;

/// Window width (bits) for `n` full-size scalars in `P`, tuned for batch-affine accumulation
/// with vectorised additions on this prover's sizes (`BENCH_MSM_TUNE` in the msm benchmark,
/// BENCHMARKS.md). With additions that cheap, a window's buckets must stay few enough to sit
/// near the core: G2's points, twice G1's size, want a narrower window.
fn window_bits<P: SWCurveConfig>(n: usize) -> u32 {
    let c = match n {
        0..=4_095 => 9,
        4_096..=16_383 => 10,
        16_384..=131_071 => 12,
        131_072..=524_287 => 13,
        _ => 16,
    };
    if size_of::<Affine<P>>() > 100 && n < 524_288 { c.min(12) } else { c }
}

/// Window width of the precomputed tables: one set of `2^(c-1)` buckets per thread, so a wider
/// window than [`window_bits`] pays (fewer windows, hence fewer table points and additions).
const TABLE_BITS: u32 = 13;

/// Scalar sizes (bits) an MSM sorts its scalars by: a circuit's witness is mostly bits, limbs and
/// small integers, beside full-size field elements (inverses, hashes).
const SIZE_CLASSES: [u32; 3] = [16, 32, 64];

/// `sum_i scalars[i] * bases[i]` (lengths must match; extra elements of the longer are ignored).
///
/// Scalars are sorted by size first ([`SIZE_CLASSES`]; zeros dropped): each class is an MSM over
/// only the windows its scalars need, with a window width fit to the class's size
/// ([`class_window_bits`]). A Groth16 witness's `B` query, mostly bits and 16-bit limbs in G2,
/// then costs two or three windows of a few hundred buckets instead of sixteen windows of 2^15
/// buckets (whose running sums dominated it).
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
    let full = P::ScalarField::MODULUS_BIT_SIZE;
    let class_of = |s: &<P::ScalarField as PrimeField>::BigInt| -> Option<usize> {
        let b = s.num_bits();
        (b > 0).then(|| SIZE_CLASSES.iter().position(|&m| b <= m).unwrap_or(SIZE_CLASSES.len()))
    };
    // Each scalar's class (`NONE` for zero), then the classes gathered, all in parallel: on a
    // million scalars the serial version left one core idle for a tenth of a second per MSM.
    const NONE: u8 = u8::MAX;
    let cls: Vec<u8> = scalars.par_iter().map(|s| class_of(s).map_or(NONE, |k| k as u8)).collect();
    let mut counts = [0usize; SIZE_CLASSES.len() + 1];
    for &k in &cls {
        if let Some(c) = counts.get_mut(usize::from(k)) {
            *c += 1;
        }
    }
    // All full-size: no sorting needed.
    if counts[SIZE_CLASSES.len()] == n {
        return msm_bits(bases, scalars, full, window_bits::<P>(n));
    }
    let classes: Vec<(Vec<Affine<P>>, Vec<_>)> = (0..counts.len())
        .map(|k| {
            if counts[k] == 0 {
                return (Vec::new(), Vec::new());
            }
            bases
                .par_iter()
                .zip(scalars)
                .zip(&cls)
                .filter(|(_, c)| usize::from(**c) == k)
                .map(|((b, s), _)| (*b, *s))
                .unzip()
        })
        .collect();
    classes
        .iter()
        .enumerate()
        .map(|(k, (b, s))| {
            let bits = SIZE_CLASSES.get(k).copied().unwrap_or(full);
            match b.len() {
                0 => Projective::zero(),
                m if m < SMALL => <Projective<P> as VariableBaseMSM>::msm_bigint(b, s),
                m if bits == full => msm_bits(b, s, full, window_bits::<P>(m)),
                m => msm_bits(b, s, bits, class_window_bits(m, bits)),
            }
        })
        .sum()
}

/// Window width for `n` scalars of at most `bits` bits, from a cost model of this MSM: each of
/// the `bits / c + 1` windows costs `n` batch-affine additions plus its running sum over
/// `2^(c-1)` buckets (two projective additions each, about three affine ones), and the windows are
/// shared among the threads (a window is one thread's work).
fn class_window_bits(n: usize, bits: u32) -> u32 {
    let threads = rayon::current_num_threads().max(1) as u64;
    let cost = |c: u32| {
        let windows = u64::from(bits / c + 1);
        windows.div_ceil(threads) * (n as u64 + 3 * (1u64 << (c - 1)))
    };
    (4..=16).min_by_key(|&c| cost(c)).unwrap_or(8)
}

/// [`msm`] with window width `c` bits (clamped to 2..=20), for tuning.
pub fn msm_c<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: &[<P::ScalarField as PrimeField>::BigInt],
    c: u32,
) -> Projective<P> {
    let n = bases.len().min(scalars.len());
    let (bases, scalars) = (&bases[..n], &scalars[..n]);
    // A pending addition names its point in 31 bits.
    if n >= 1 << 31 {
        return <Projective<P> as VariableBaseMSM>::msm_bigint(bases, scalars);
    }
    msm_bits(bases, scalars, P::ScalarField::MODULUS_BIT_SIZE, c)
}

/// The MSM of scalars of at most `bits` bits (higher bits are ignored) in `c`-bit windows
/// (clamped to 2..=20).
fn msm_bits<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: &[<P::ScalarField as PrimeField>::BigInt],
    bits: u32,
    c: u32,
) -> Projective<P> {
    if bases.len().min(scalars.len()) >= 1 << 31 {
        return <Projective<P> as VariableBaseMSM>::msm_bigint(bases, scalars);
    }
    let c = c.clamp(2, 20);
    let windows = (bits / c + 1) as usize;
    let digits = recode(scalars, c, windows);
    msm_digits(bases, &digits, windows, c)
}

/// `sum_i values[i] * bases[i]` for signed 64-bit scalars (lengths must match; extra elements of
/// the longer are ignored): the same signed-digit accumulation as [`msm`] over `64 / c + 1`
/// windows instead of `254 / c + 1`, a negative value's digits being those of its magnitude,
/// negated. About four times faster than [`msm`] on the same points.
pub fn msm_i64<P: SWCurveConfig>(bases: &[Affine<P>], values: &[i64]) -> Projective<P> {
    let n = bases.len().min(values.len());
    let (bases, values) = (&bases[..n], &values[..n]);
    if !(SMALL..1 << 31).contains(&n) {
        let scalars: Vec<<P::ScalarField as PrimeField>::BigInt> = values
            .iter()
            .map(|v| {
                let m = P::ScalarField::from(v.unsigned_abs());
                if *v < 0 { -m } else { m }.into_bigint()
            })
            .collect();
        return <Projective<P> as VariableBaseMSM>::msm_bigint(bases, &scalars);
    }
    let c = window_bits::<P>(n).min(13);
    let windows = (64 / c + 1) as usize;
    let mut digits = vec![0i32; n * windows];
    for (v, out) in values.iter().zip(digits.chunks_mut(windows)) {
        recode_into(&[v.unsigned_abs()], c, out, *v < 0);
    }
    msm_digits(bases, &digits, windows, c)
}

/// The Pippenger sum of signed digits (point-major, `windows` per point, width `c`).
fn msm_digits<P: SWCurveConfig>(
    bases: &[Affine<P>],
    digits: &[i32],
    windows: usize,
    c: u32,
) -> Projective<P> {
    let threads = rayon::current_num_threads().clamp(1, windows);
    let per = windows.div_ceil(threads);
    let groups: Vec<std::ops::Range<usize>> =
        (0..windows).step_by(per).map(|w| w..(w + per).min(windows)).collect();
    let sums: Vec<Vec<Projective<P>>> =
        groups.into_par_iter().map(|ws| window_sums(bases, digits, windows, ws, c)).collect();
    let mut acc = Projective::<P>::zero();
    for s in sums.iter().flatten().rev() {
        for _ in 0..c {
            acc.double_in_place();
        }
        acc += s;
    }
    acc
}

/// One signed digit: the window's bits `raw` plus the carry from the window below, taken down by
/// `full = 2^c` (carrying one into the next window) when above `half = 2^(c-1)`.
#[inline(always)]
fn signed_digit(raw: u64, carry: &mut i64, half: i64, full: i64) -> i64 {
    let d = raw as i64 + *carry;
    if d > half {
        *carry = 1;
        d - full
    } else {
        *carry = 0;
        d
    }
}

/// Number of `c`-bit windows for scalars of `F`: one more than the scalar's bits need, to absorb
/// the carry of the signed recoding.
fn windows<F: PrimeField>(c: u32) -> usize {
    (F::MODULUS_BIT_SIZE / c + 1) as usize
}

/// Signed base-2^c digits, point-major: `digits[i * windows + w]` in `[-2^(c-1), 2^(c-1)]`.
fn recode<B: BigInteger>(scalars: &[B], c: u32, windows: usize) -> Vec<i32> {
    /// Scalars per parallel task.
    const BLOCK: usize = 4096;
    let mut digits = vec![0i32; scalars.len() * windows];
    digits.par_chunks_mut(BLOCK * windows).zip(scalars.par_chunks(BLOCK)).for_each(
        |(digits, scalars)| {
            for (s, out) in scalars.iter().zip(digits.chunks_mut(windows)) {
                recode_into(s.as_ref(), c, out, false);
            }
        },
    );
    digits
}

/// The signed base-2^c digits of the integer with little-endian `limbs` into `out` (one per
/// window; the digits of its negation if `negate`).
#[inline]
fn recode_into(limbs: &[u64], c: u32, out: &mut [i32], negate: bool) {
    let half = 1i64 << (c - 1);
    let full = 1i64 << c;
    let mask = (1u64 << c) - 1;
    let mut carry = 0i64;
    for (w, o) in out.iter_mut().enumerate() {
        let bit = w * c as usize;
        let (limb, off) = (bit / 64, bit % 64);
        let mut raw = limbs.get(limb).map_or(0, |l| l >> off);
        if off + c as usize > 64 {
            raw |= limbs.get(limb + 1).map_or(0, |l| l << (64 - off));
        }
        let d = signed_digit(raw & mask, &mut carry, half, full) as i32;
        *o = if negate { -d } else { d };
    }
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
    // How many additions each bucket of these windows gets, for its slots.
    let mut per_bucket = vec![0u32; ws.len() * nb];
    for_each_addition(bases, digits, windows, ws.clone(), nb, &mut |_, b, _| {
        per_bucket[b as usize] += 1;
    });
    let slots = Slots::from_counts(per_bucket);
    let mut acc = Accumulator::<P>::new(bases, slots.len());
    // Each addition is made AHEAD additions after its bucket was prefetched: the buckets are
    // touched at random, most of them outside the core's caches.
    let mut ring = [Op { bucket: 0, point: 0 }; AHEAD];
    let mut k = 0usize;
    for_each_addition(bases, digits, windows, ws.clone(), nb, &mut |i, b, neg| {
        let op = Op { bucket: slots.slot(b, i), point: (i as u32) << 1 | u32::from(neg) };
        acc.prefetch(op.bucket);
        let slot = &mut ring[k % AHEAD];
        if k >= AHEAD {
            acc.add(*slot);
        }
        *slot = op;
        k += 1;
    });
    for j in k.saturating_sub(AHEAD)..k {
        acc.add(ring[j % AHEAD]);
    }
    acc.finish();
    (0..ws.len()).map(|k| acc.weighted_sum(k * nb..(k + 1) * nb, &slots)).collect()
}

/// Calls `f(i, bucket, negated)` for every addition of windows `ws` (bucket `k * nb + |d| - 1`
/// for digit `d` of the `k`-th of them), in point order; bases at infinity add nothing (their
/// (0, 0) coordinates must not reach a bucket). The one walk that both passes of
/// [`window_sums`] (counting, then adding) share.
#[inline(always)]
fn for_each_addition<P: SWCurveConfig>(
    bases: &[Affine<P>],
    digits: &[i32],
    windows: usize,
    ws: std::ops::Range<usize>,
    nb: usize,
    f: &mut impl FnMut(usize, u32, bool),
) {
    for (i, d) in digits.chunks_exact(windows).enumerate() {
        if bases[i].is_zero() {
            continue;
        }
        for (k, &d) in d[ws.clone()].iter().enumerate() {
            if d != 0 {
                f(i, (k * nb) as u32 + d.unsigned_abs() - 1, d < 0);
            }
        }
    }
}

/// Where a bucket's additions go: a bucket that receives many of them (a small digit's, when
/// the scalars are mostly small values) is spread over several slots, so that a batch of
/// additions rarely meets a busy one (a busy bucket's addition falls back to projective
/// coordinates, about twice the cost); the slots are added up in the running sum.
struct Slots {
    /// Bucket `b`'s slots are `first[b]..first[b + 1]`.
    first: Vec<u32>,
}

impl Slots {
    /// The slots of `count` buckets for the additions into `buckets` (each below `count`):
    /// at most `max(total / (8 BATCH), 64)` additions per slot, so that a batch rarely holds
    /// two for one slot.
    fn new(count: usize, buckets: impl Iterator<Item = u32>) -> Self {
        let mut per = vec![0u32; count];
        for b in buckets {
            per[b as usize] += 1;
        }
        Self::from_counts(per)
    }

    /// [`Self::new`] from the number of additions into each bucket.
    fn from_counts(per: Vec<u32>) -> Self {
        let total: usize = per.iter().map(|&m| m as usize).sum();
        let hot = (total / (8 * BATCH)).max(64) as u32;
        let mut first = Vec::with_capacity(per.len() + 1);
        let mut next = 0u32;
        first.push(next);
        for m in per {
            next += m.div_ceil(hot).max(1);
            first.push(next);
        }
        Self { first }
    }

    /// Number of slots.
    fn len(&self) -> usize {
        self.first.last().map_or(0, |&n| n as usize)
    }

    /// The slot of point `i`'s addition into `bucket`.
    #[inline(always)]
    fn slot(&self, bucket: u32, i: usize) -> u32 {
        let (f, n) = (self.first[bucket as usize], self.first[bucket as usize + 1]);
        if n - f == 1 { f } else { f + (i as u32) % (n - f) }
    }

    /// Bucket `b`'s slots.
    fn of(&self, b: usize) -> std::ops::Range<usize> {
        self.first[b] as usize..self.first[b + 1] as usize
    }
}

/// `out[k] = sum of bases[i] over the i with buckets[i] == k`, for `k < count`, with the
/// batch-affine accumulation of [`msm`] (about half the cost of adding in projective
/// coordinates). Sums a column's bases by value before one MSM over the distinct values. An index
/// at or above `count`, or a base at infinity, adds nothing.
pub fn bucket_sums<P: SWCurveConfig>(
    bases: &[Affine<P>],
    buckets: &[u32],
    count: usize,
) -> Vec<Projective<P>> {
    let n = bases.len().min(buckets.len());
    // Slots are named in 32 bits (at most n / 8 of them when copied, below 2^28).
    if n >= 1 << 31 || count > u32::MAX as usize {
        let mut out = vec![Projective::<P>::zero(); count];
        for (b, &k) in bases.iter().zip(buckets) {
            if let Some(o) = out.get_mut(k as usize) {
                *o += b;
            }
        }
        return out;
    }
    // With few buckets nearly every addition of a batch would meet a busy bucket and fall back
    // to a projective addition: spread each bucket over `copies` slots (by point index), so that
    // a batch meets mostly idle ones, and add the copies up at the end (about n / 8 slots in
    // all, so that the final sums cost little next to the n additions).
    let copies = (n / 8 / count.max(1)).clamp(1, 1024);
    let slots = count * copies;
    let mut acc = Accumulator::<P>::new(bases, slots);
    for (i, &k) in buckets[..n].iter().enumerate() {
        if (k as usize) < count && !bases[i].is_zero() {
            let slot = k as usize * copies + i % copies;
            acc.add(Op { bucket: slot as u32, point: (i as u32) << 1 });
        }
    }
    acc.finish();
    acc.buckets
        .chunks(copies)
        .enumerate()
        .map(|(k, b)| {
            let mut sum = Projective::<P>::zero();
            for (j, b) in b.iter().enumerate() {
                if !b.is_zero() {
                    sum += b;
                }
                acc.add_extra(k * copies + j, &mut sum);
            }
            sum
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
    /// Points that met a busy bucket, added there in projective coordinates instead of
    /// waiting (a hot bucket, such as a small digit's, would otherwise stall every batch); few
    /// buckets have any, so they are kept by bucket rather than one per bucket (which cost an
    /// initialised array as large as the buckets' on every MSM).
    extra: HashMap<u32, Projective<P>>,
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
            extra: HashMap::new(),
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
            let (x, y) = self.coords(op);
            let q = Affine::<P>::new_unchecked(*x, y);
            *self.extra.entry(op.bucket).or_insert_with(Projective::zero) += q;
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
        }
    }

    fn finish(&mut self) {
        self.flush();
    }

    /// Brings bucket `b` toward the core before it is added to.
    #[inline(always)]
    fn prefetch(&self, b: u32) {
        #[cfg(target_arch = "x86_64")]
        if let Some(x) = self.buckets.get(b as usize) {
            crate::simd::prefetch(x);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = b;
    }

    /// `sum += ` what bucket `b` received in projective coordinates.
    #[inline(always)]
    fn add_extra(&self, b: usize, sum: &mut Projective<P>) {
        if !self.extra.is_empty()
            && let Some(e) = self.extra.get(&(b as u32))
        {
            *sum += e;
        }
    }

    /// `sum_k (k + 1) bucket_k` over the buckets of `range` (bucket `k` of the range holds the
    /// points of digit `k + 1`, in its `slots`), by the usual running sum.
    fn weighted_sum(&self, range: std::ops::Range<usize>, slots: &Slots) -> Projective<P> {
        let mut running = Projective::<P>::zero();
        let mut total = Projective::<P>::zero();
        for k in range.rev() {
            for s in slots.of(k) {
                let b = &self.buckets[s];
                if !b.is_zero() {
                    running += b;
                }
                self.add_extra(s, &mut running);
            }
            total += &running;
        }
        total
    }

    /// Performs every pending addition with one shared inversion.
    fn flush(&mut self) {
        #[cfg(target_arch = "x86_64")]
        self.flush_simd();
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

#[cfg(target_arch = "x86_64")]
impl<P: SWCurveConfig> Accumulator<'_, P> {
    /// In BN254's G1 or G2 on a CPU with AVX-512 IFMA: performs the pending additions eight at a
    /// time ([`crate::simd::g1`], [`crate::simd::g2`]), leaving in `pending` only doublings and
    /// `P + (-P)` (rare) for [`Self::flush`].
    fn flush_simd(&mut self) {
        use ark_bn254::{g1, g2};
        use std::any::TypeId;
        if self.pending.len() < 16 {
            return;
        }
        let Some(ctx) = crate::simd::Ctx::fq() else {
            return;
        };
        if TypeId::of::<P>() == TypeId::of::<g1::Config>() {
            self.flush_simd_in::<g1::Config>(|acc, add| crate::simd::g1::add_assign(ctx, acc, add));
        } else if TypeId::of::<P>() == TypeId::of::<g2::Config>() {
            self.flush_simd_in::<g2::Config>(|acc, add| crate::simd::g2::add_assign(ctx, acc, add));
        }
    }

    /// [`Self::flush_simd`] with `P` known to be `Q`: the additions with distinct x go to
    /// `add_assign` (`acc[i] += add[i]`, every point finite, `acc[i].x != add[i].x`).
    fn flush_simd_in<Q: SWCurveConfig>(
        &mut self,
        add_assign: impl FnOnce(&mut [Affine<Q>], &[Affine<Q>]),
    ) {
        use std::any::Any;
        let Some(buckets) = (&mut self.buckets as &mut dyn Any).downcast_mut::<Vec<Affine<Q>>>()
        else {
            return;
        };
        let n = self.pending.len();
        let (mut acc, mut add, mut slots) =
            (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let mut kept = 0;
        for k in 0..n {
            let op = self.pending[k];
            let b = op.bucket as usize;
            let base = &self.bases[(op.point >> 1) as usize];
            let pair = buckets.get(b).zip((base as &dyn Any).downcast_ref::<Affine<Q>>());
            let Some((p, &q)) = pair.filter(|(p, q)| p.x != q.x) else {
                // A doubling or P + (-P) (or, impossibly, another curve): the scalar path.
                self.pending[kept] = op;
                kept += 1;
                continue;
            };
            let q = if op.point & 1 == 1 { -q } else { q };
            self.busy[b] = false;
            acc.push(*p);
            add.push(q);
            slots.push(b);
        }
        self.pending.truncate(kept);
        add_assign(&mut acc, &add);
        for (b, p) in slots.into_iter().zip(acc) {
            buckets[b] = p;
        }
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

    /// Keeps the non-infinity bases of `query`, in place (no copy of the points).
    pub fn from_query(mut query: Vec<Affine<P>>) -> Self {
        let mut index = Vec::with_capacity(query.len());
        let mut kept = 0;
        for i in 0..query.len() {
            if !query[i].is_zero() {
                query[kept] = query[i];
                index.push(i as u32);
                kept += 1;
            }
        }
        query.truncate(kept);
        Self { bases: query, index }
    }

    /// The scalars of the kept bases.
    fn pick(
        &self,
        scalars: &[<P::ScalarField as PrimeField>::BigInt],
    ) -> Vec<<P::ScalarField as PrimeField>::BigInt> {
        self.index
            .par_iter()
            .map(|&i| scalars.get(i as usize).copied().unwrap_or_default())
            .collect()
    }

    /// `sum_i scalars[i] * query[i]` over the original indices, with this module's batch-affine
    /// MSM.
    pub fn msm(&self, scalars: &[<P::ScalarField as PrimeField>::BigInt]) -> Projective<P> {
        msm(&self.bases, &self.pick(scalars))
    }

    /// The window tables of these bases ([`Precomputed`]), or `None` when they would hold 2^31
    /// points or more (a point's index must fit an addition's 31 bits). Their size is
    /// [`Precomputed::table_bytes`]; building them costs about 255 doublings per base.
    pub fn precompute(&self) -> Option<Precomputed<P>> {
        let windows = Precomputed::<P>::windows();
        if self.bases.len().checked_mul(windows)? >= 1 << 31 {
            return None;
        }
        let c = TABLE_BITS;
        let proj: Vec<Projective<P>> = self
            .bases
            .par_iter()
            .flat_map_iter(|b| {
                let mut p: Projective<P> = (*b).into();
                (0..windows).map(move |_| {
                    let out = p;
                    for _ in 0..c {
                        p.double_in_place();
                    }
                    out
                })
            })
            .collect();
        Some(Precomputed {
            table: Projective::<P>::normalize_batch(&proj),
            index: self.index.clone(),
            c,
            windows,
        })
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

/// Bases with the multiples every window needs precomputed: `table[i * windows + j] =
/// 2^(c j) base_i` for the non-infinity bases. An MSM is then a single bucket accumulation of
/// `n x windows` points (no per-window bucket sums, no doublings) into one set of `2^(c-1)`
/// buckets per thread. Built by [`FixedBases::precompute`].
#[derive(Clone)]
pub struct Precomputed<P: SWCurveConfig> {
    table: Vec<Affine<P>>,
    index: Vec<u32>,
    c: u32,
    windows: usize,
}

impl<P: SWCurveConfig> std::fmt::Debug for Precomputed<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Precomputed")
            .field("bases", &self.index.len())
            .field("c", &self.c)
            .field("windows", &self.windows)
            .finish()
    }
}

impl<P: SWCurveConfig> Precomputed<P> {
    /// Windows per base with [`TABLE_BITS`]-bit windows.
    fn windows() -> usize {
        windows::<P::ScalarField>(TABLE_BITS)
    }

    /// Bytes the table of `bases` points takes.
    pub fn table_bytes(bases: usize) -> usize {
        bases.saturating_mul(Self::windows()).saturating_mul(size_of::<Affine<P>>())
    }

    /// Number of bases.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are no bases.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// `sum_i scalars[i] * query[i]` over the original indices.
    pub fn msm(&self, scalars: &[<P::ScalarField as PrimeField>::BigInt]) -> Projective<P> {
        let picked: Vec<_> = self
            .index
            .par_iter()
            .map(|&i| scalars.get(i as usize).copied().unwrap_or_default())
            .collect();
        let digits = recode(&picked, self.c, self.windows);
        let threads = rayon::current_num_threads().max(1);
        let per = digits.len().div_ceil(threads).max(1);
        let nb = 1usize << (self.c - 1);
        digits
            .par_chunks(per)
            .enumerate()
            .map(|(t, chunk)| {
                let start = t * per;
                let ops = || {
                    chunk.iter().enumerate().filter(|(k, d)| {
                        // `digits[i * windows + j]` multiplies `table[i * windows + j]`, never
                        // at infinity for a key's points (whose multiples below r are not).
                        **d != 0 && !self.table[start + k].is_zero()
                    })
                };
                let slots = Slots::new(nb, ops().map(|(_, d)| d.unsigned_abs() - 1));
                let mut acc = Accumulator::<P>::new(&self.table, slots.len());
                for (k, &d) in ops() {
                    acc.add(Op {
                        bucket: slots.slot(d.unsigned_abs() - 1, start + k),
                        point: ((start + k) as u32) << 1 | u32::from(d < 0),
                    });
                }
                acc.finish();
                acc.weighted_sum(0..nb, &slots)
            })
            .sum()
    }
}
