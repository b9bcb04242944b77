//! Radix-2 FFTs over BN254's scalar field, eight butterflies at a time ([`super`]'s arithmetic),
//! for the quotient of a Groth16 proof: evaluations on a domain `D` of size `n = 2^L` to
//! evaluations on a coset `g D`, and evaluations on `g D` back to coefficients.
//!
//! Data is held packed ([`Packed`]: eight consecutive elements, limb-major), in this module's
//! form `a 2^260 mod r`. Every butterfly is Cooley-Tukey's: `t = w v`, `(u, v) <- (u + t,
//! u - t)`. A product is below `2 r` whatever its inputs (below 2^260) when the twiddle is
//! canonical, so a butterfly adds at most `3 r` to its outputs' bound (`u + 3 r - t` for the
//! difference) and a transform of `L` stages from inputs below `2 r` leaves them below
//! `(2 + 3 L) r`, below 2^260 (84 r) up to `L = 27` ([`MAX_LOG`]; BN254's two-adicity is 28).
//! Products (the coset's scaling, the conversion out) bring values back below `2 r`.
//!
//! Two orders, so that no transform needs a bit-reversal pass:
//! - [`nr`] (natural in, bit-reversed out) with `w = omega^-1`: block `b` of every stage uses the
//!   twiddle `w^{bitrev_{L-1}(b)}` ([`Tables::nr`]). Its output at `p` is the unnormalised
//!   inverse transform at `bitrev(p)`.
//! - [`rn`] (bit-reversed in, natural out) with `omega`: butterfly `j` of a stage with half-size
//!   `h` uses `omega^{j n / 2h}` ([`Tables::rn`], one run per stage).
//!
//! A stage whose blocks are larger than [`BLOCK_LOG`] runs over the whole vector (split over
//! threads); the others run block by block, every stage of a block while it is in cache. The
//! three stages inside one packed group of eight (half-sizes 4, 2, 1) run on eight groups at
//! once, transposed ([`transpose`]) so that a lane holds one group.

use super::{Ctx, F8, Packed, ark_limbs, limbs, ours, transpose};
use ark_bn254::Fr;
use ark_ff::{FftField, Field};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The largest supported `log2 n` (see the module's bound).
pub(crate) const MAX_LOG: u32 = 27;
/// The smallest supported `log2 n`: eight packed groups.
pub(crate) const MIN_LOG: u32 = 6;
/// Elements of a block whose stages run in cache (2^14: 640 KB packed).
const BLOCK_LOG: u32 = 14;
/// Packed groups per task in a stage over the whole vector.
const TASK: usize = 512;

/// Twiddles for one domain size.
pub(crate) struct Tables {
    log_n: u32,
    omega: Fr,
    /// `omega^{-bitrev_{L-1}(b)}` for `b < n / 2`, this form: the inverse transform's [`nr`].
    nr: Vec<[u64; 5]>,
    /// For each half-size `h = 8, 16, ..., n / 2` (at offset `h / 8 - 1`), `omega^{j n / 2h}` for
    /// `j < h`, packed: the forward transform's [`rn`].
    rn: Vec<Packed>,
    /// `omega_8^j` for `j < 4` (`omega_4 = omega_8^2`): [`rn`]'s first three stages.
    rn_small: [[u64; 5]; 4],
}

fn bitrev(i: usize, bits: u32) -> usize {
    if bits == 0 { 0 } else { i.reverse_bits() >> (usize::BITS - bits) }
}

/// `x^0, x^1, ..., x^{len-1}`.
fn powers(x: Fr, len: usize) -> Vec<Fr> {
    let mut out = Vec::with_capacity(len);
    let mut acc = Fr::ONE;
    for _ in 0..len {
        out.push(acc);
        acc *= x;
    }
    out
}

/// Eight elements' limbs from a function of the lane.
fn packed(f: impl Fn(usize) -> [u64; 5]) -> Packed {
    let mut out = [[0u64; 8]; 5];
    for k in 0..8 {
        for (o, l) in out.iter_mut().zip(f(k)) {
            o[k] = l;
        }
    }
    out
}

impl Tables {
    /// The tables of the domain of size `2^log_n` (made once per size, then shared), or `None`
    /// outside [`MIN_LOG`]..=[`MAX_LOG`].
    pub(crate) fn get(log_n: u32) -> Option<Arc<Tables>> {
        static CACHE: OnceLock<Mutex<HashMap<u32, Arc<Tables>>>> = OnceLock::new();
        if !(MIN_LOG..=MAX_LOG).contains(&log_n) {
            return None;
        }
        let cache = CACHE.get_or_init(Default::default);
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = cache.get(&log_n) {
            return Some(t.clone());
        }
        let t = Arc::new(Tables::new(log_n)?);
        cache.insert(log_n, t.clone());
        Some(t)
    }

    /// The domain's generator the tables were made from (arkworks' `get_root_of_unity(n)`).
    pub(crate) fn omega(&self) -> Fr {
        self.omega
    }

    fn new(log_n: u32) -> Option<Tables> {
        let n = 1usize << log_n;
        let omega = Fr::get_root_of_unity(n as u64)?;
        let fwd = powers(omega, n / 2);
        let inv = powers(omega.inverse()?, n / 2);
        let nr = (0..n / 2).into_par_iter().map(|b| ours(inv[bitrev(b, log_n - 1)])).collect();
        let mut rn = Vec::with_capacity(n / 8);
        let mut h = 8;
        while h <= n / 2 {
            let stride = n / (2 * h);
            rn.par_extend(
                (0..h / 8).into_par_iter().map(|q| packed(|k| ours(fwd[(8 * q + k) * stride]))),
            );
            h *= 2;
        }
        let rn_small = std::array::from_fn(|j| ours(fwd[j * n / 8]));
        Some(Tables { log_n, omega, nr, rn, rn_small })
    }
}

/// The scaling of a bit-reversed vector by `x^{bitrev(p)} s` at `p`, as two tables: with
/// `p = ph 2^a + pl`, `bitrev_L(p) = bitrev_a(pl) 2^{L-a} + bitrev_{L-a}(ph)`, so the factor is
/// `low[pl] high[ph]` with `low[pl] = x^{bitrev_a(pl) 2^{L-a}}` (this form, packed) and
/// `high[ph] = x^{bitrev_{L-a}(ph)} s` (in the form `form` gives).
struct Scale {
    a: u32,
    low: Vec<Packed>,
    high: Vec<[u64; 5]>,
}

impl Scale {
    fn new(log_n: u32, x: Fr, s: Fr, form: fn(Fr) -> [u64; 5]) -> Scale {
        let a = (log_n / 2).max(3);
        let b = log_n - a;
        let step = x.pow([1u64 << b]);
        let low_pow = powers(step, 1 << a);
        let low = (0..1usize << (a - 3))
            .map(|q| packed(|k| ours(low_pow[bitrev(8 * q + k, a)])))
            .collect();
        let high_pow = powers(x, 1 << b);
        let high = (0..1usize << b).map(|ph| form(high_pow[bitrev(ph, b)] * s)).collect();
        Scale { a, low, high }
    }
}

/// Evaluations on `D` (natural order) to evaluations on `g D` (natural order), in place.
/// `v.len()` is `2^t.log_n`.
pub(crate) fn to_coset(c: &Ctx, t: &Tables, v: &mut [Fr], g: Fr) {
    let n = v.len();
    let n_inv = Fr::from(n as u64).inverse().unwrap_or(Fr::ONE);
    let mut data = load(c, v);
    nr(c, t, &mut data);
    scale(c, &mut data, &Scale::new(t.log_n, g, n_inv, ours));
    rn(c, t, &mut data);
    v.par_chunks_mut(8).zip(data.par_iter()).for_each(|(out, x)| store_ark(c, x, out));
}

/// Evaluations on `g D` (natural order) to the polynomial's coefficients (natural order), in
/// place. `v.len()` is `2^t.log_n`.
pub(crate) fn from_coset(c: &Ctx, t: &Tables, v: &mut [Fr], g: Fr) {
    let n = v.len();
    let n_inv = Fr::from(n as u64).inverse().unwrap_or(Fr::ONE);
    let g_inv = g.inverse().unwrap_or(Fr::ONE);
    let mut data = load(c, v);
    nr(c, t, &mut data);
    // Products with arkworks-form factors leave arkworks' form (below 2 r).
    scale(c, &mut data, &Scale::new(t.log_n, g_inv, n_inv, ark_limbs));
    v.par_chunks_mut(8).zip(data.par_iter()).for_each(|(out, x)| {
        for (k, o) in out.iter_mut().enumerate() {
            *o = super::unpack(x, k);
        }
    });
    // Bit-reversed to natural order, in arkworks' layout (one cache line per element; the
    // packed layout spreads an element's limbs over five).
    let bits = t.log_n;
    for i in 0..v.len() {
        let j = bitrev(i, bits);
        if i < j {
            v.swap(i, j);
        }
    }
}

/// `v` packed in this form (below 1.1 r).
fn load(c: &Ctx, v: &[Fr]) -> Vec<Packed> {
    v.par_chunks(8)
        .map(|xs| {
            let l = packed(|k| limbs(&xs[k].0.0));
            // SAFETY: a `Ctx` exists only where AVX-512F and IFMA were detected.
            unsafe { from_ark(c, &l) }
        })
        .collect()
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn from_ark(c: &Ctx, l: &Packed) -> Packed {
    F8::load(l).mul(&c.from_ark, c).store()
}

/// Eight elements of this form out in arkworks' form, canonical.
fn store_ark(c: &Ctx, x: &Packed, out: &mut [Fr]) {
    // SAFETY: as in `load`.
    let l = unsafe { to_ark(c, x) };
    for (k, o) in out.iter_mut().enumerate() {
        *o = super::unpack(&l, k);
    }
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn to_ark(c: &Ctx, x: &Packed) -> Packed {
    F8::load(x).mul(&c.to_ark, c).store()
}

/// `data[p] *= low[pl] high[ph]` (see [`Scale`]).
fn scale(c: &Ctx, data: &mut [Packed], s: &Scale) {
    let run = 1usize << (s.a - 3); // packed groups per value of `ph`
    data.par_chunks_mut(run).zip(s.high.par_iter()).for_each(|(chunk, high)| {
        // SAFETY: as in `load`.
        unsafe { scale_run(c, chunk, &s.low, high) }
    });
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn scale_run(c: &Ctx, chunk: &mut [Packed], low: &[Packed], high: &[u64; 5]) {
    let h = F8::splat(high);
    for (x, l) in chunk.iter_mut().zip(low) {
        let f = F8::load(l).mul(&h, c); // < 1.1 r
        F8::load(x).mul(&f, c).store_into(x); // < 2 r
    }
}

/// `t = w v; (u, v) <- (u + t, u - t)`.
#[target_feature(enable = "avx512f,avx512ifma")]
fn butterfly(c: &Ctx, u: &mut F8, v: &mut F8, w: &F8) {
    let t = v.mul(w, c); // < 2 r
    *v = u.sub(&t, &c.m3, c);
    *u = u.add(&t, c);
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn butterflies(c: &Ctx, lo: &mut [Packed], hi: &mut [Packed], w: impl Fn(usize) -> F8) {
    for (j, (u, v)) in lo.iter_mut().zip(hi.iter_mut()).enumerate() {
        let (mut x, mut y) = (F8::load(u), F8::load(v));
        butterfly(c, &mut x, &mut y, &w(j));
        x.store_into(u);
        y.store_into(v);
    }
}

/// Eight elements whose limbs are `tab[start + stride g]` in lane `g`.
fn strided(tab: &[[u64; 5]], start: usize, stride: usize) -> Packed {
    packed(|g| tab[start + stride * g])
}

/// A stage over the whole vector: blocks of `2 hp` packed groups, each split into tasks; `w(b,
/// j)` is the twiddle of butterfly `j` of block `b`.
fn global_stage<'a>(
    c: &Ctx,
    data: &mut [Packed],
    hp: usize,
    w: &(impl Fn(usize, usize) -> Wt<'a> + Sync),
) {
    let mut tasks = Vec::new();
    for (b, block) in data.chunks_mut(2 * hp).enumerate() {
        let (lo, hi) = block.split_at_mut(hp);
        for (i, (l, h)) in lo.chunks_mut(TASK).zip(hi.chunks_mut(TASK)).enumerate() {
            tasks.push((b, i * TASK, l, h));
        }
    }
    tasks.into_par_iter().for_each(|(b, j0, l, h)| {
        // SAFETY: as in `load`.
        unsafe { global_task(c, l, h, |j| w(b, j0 + j)) }
    });
}

/// A twiddle: one for the whole block, or one packed group per butterfly.
#[derive(Clone, Copy)]
enum Wt<'a> {
    Splat(&'a [u64; 5]),
    Lanes(&'a Packed),
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn global_task<'a>(c: &Ctx, lo: &mut [Packed], hi: &mut [Packed], w: impl Fn(usize) -> Wt<'a>) {
    match w(0) {
        Wt::Splat(s) => {
            let w = F8::splat(s);
            butterflies(c, lo, hi, |_| w);
        }
        Wt::Lanes(_) => butterflies(c, lo, hi, |j| match w(j) {
            Wt::Lanes(l) => F8::load(l),
            Wt::Splat(s) => F8::splat(s),
        }),
    }
}

/// The inverse transform's stages, natural order in, bit-reversed out (unnormalised: times `n`).
fn nr(c: &Ctx, t: &Tables, data: &mut [Packed]) {
    let l = t.log_n;
    let mut s = 0; // stage: 2^s blocks of 2^(l - s) elements
    while l - s > BLOCK_LOG {
        let hp = 1usize << (l - s - 4);
        global_stage(c, data, hp, &|b, _| Wt::Splat(&t.nr[b]));
        s += 1;
    }
    let block = 1usize << (l - s - 3); // packed groups per block
    data.par_chunks_mut(block).enumerate().for_each(|(i, blk)| {
        // SAFETY: as in `load`.
        unsafe { nr_block(c, t, blk, i, s) }
    });
}

/// Stages `s0..L` of [`nr`] on block `i` (of `2^(L - s0)` elements).
#[target_feature(enable = "avx512f,avx512ifma")]
fn nr_block(c: &Ctx, t: &Tables, blk: &mut [Packed], i: usize, s0: u32) {
    let l = t.log_n;
    for s in s0..l - 3 {
        let hp = 1usize << (l - s - 4);
        for (lb, block) in blk.chunks_mut(2 * hp).enumerate() {
            let (lo, hi) = block.split_at_mut(hp);
            let w = F8::splat(&t.nr[(i << (s - s0)) | lb]);
            butterflies(c, lo, hi, |_| w);
        }
    }
    // The last three stages, eight groups (64 elements) at a time, lane g = group g.
    let q0 = i * blk.len() / 8; // the first 64-element chunk's global index
    for (q, chunk) in blk.chunks_mut(8).enumerate() {
        let q = q0 + q;
        let mut v: [F8; 8] = std::array::from_fn(|g| F8::load(&chunk[g]));
        transpose(&mut v);
        let w4 = F8::load(&strided(&t.nr, 8 * q, 1));
        for j in 0..4 {
            let (a, b) = v.split_at_mut(4);
            butterfly(c, &mut a[j], &mut b[j], &w4);
        }
        for half in 0..2 {
            let w2 = F8::load(&strided(&t.nr, 16 * q + half, 2));
            let (a, b) = v[4 * half..4 * half + 4].split_at_mut(2);
            for j in 0..2 {
                butterfly(c, &mut a[j], &mut b[j], &w2);
            }
        }
        for pair in 0..4 {
            let w1 = F8::load(&strided(&t.nr, 32 * q + pair, 4));
            let (a, b) = v[2 * pair..2 * pair + 2].split_at_mut(1);
            butterfly(c, &mut a[0], &mut b[0], &w1);
        }
        transpose(&mut v);
        for (g, x) in v.iter().enumerate() {
            x.store_into(&mut chunk[g]);
        }
    }
}

/// The forward transform's stages, bit-reversed order in, natural out.
fn rn(c: &Ctx, t: &Tables, data: &mut [Packed]) {
    let l = t.log_n;
    let local = l.min(BLOCK_LOG); // stages with blocks up to 2^local elements run per block
    data.par_chunks_mut(1 << (local - 3)).for_each(|blk| {
        // SAFETY: as in `load`.
        unsafe { rn_block(c, t, blk, local) }
    });
    for s in local + 1..=l {
        let hp = 1usize << (s - 4); // blocks of 2^s elements: half-size 2^(s - 1)
        let off = hp - 1;
        global_stage(c, data, hp, &|_, j| Wt::Lanes(&t.rn[off + j]));
    }
}

/// The stages of [`rn`] with blocks of up to `2^local` elements, on one such block.
#[target_feature(enable = "avx512f,avx512ifma")]
fn rn_block(c: &Ctx, t: &Tables, blk: &mut [Packed], local: u32) {
    let w: [F8; 4] = std::array::from_fn(|j| F8::splat(&t.rn_small[j]));
    let one = w[0]; // omega_8^0, canonical (a twiddle must be: the module's bound)
    for chunk in blk.chunks_mut(8) {
        let mut v: [F8; 8] = std::array::from_fn(|g| F8::load(&chunk[g]));
        transpose(&mut v);
        for pair in 0..4 {
            let (a, b) = v[2 * pair..2 * pair + 2].split_at_mut(1);
            butterfly(c, &mut a[0], &mut b[0], &one);
        }
        for half in 0..2 {
            let (a, b) = v[4 * half..4 * half + 4].split_at_mut(2);
            butterfly(c, &mut a[0], &mut b[0], &one);
            butterfly(c, &mut a[1], &mut b[1], &w[2]);
        }
        let (a, b) = v.split_at_mut(4);
        for j in 0..4 {
            butterfly(c, &mut a[j], &mut b[j], &w[j]);
        }
        transpose(&mut v);
        for (g, x) in v.iter().enumerate() {
            x.store_into(&mut chunk[g]);
        }
    }
    for s in 4..=local {
        let hp = 1usize << (s - 4);
        let tw = &t.rn[hp - 1..2 * hp - 1];
        for block in blk.chunks_mut(2 * hp) {
            let (lo, hi) = block.split_at_mut(hp);
            butterflies(c, lo, hi, |j| F8::load(&tw[j]));
        }
    }
}
