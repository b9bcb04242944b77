//! The FFTs of a Groth16 quotient over BN254's scalar field: evaluations on a domain `D` to
//! evaluations on a coset `g D`, and evaluations on `g D` back to coefficients.
//!
//! On a CPU with AVX-512 IFMA they run eight butterflies at a time in the project's own
//! radix-2^52 arithmetic (`simd/fft.rs`: no bit-reversal passes, stages blocked for the
//! cache); elsewhere, or with `ZKP_LEDGER_SIMD=off`, arkworks' FFTs do the same work. Both give
//! the same field elements (differential tests in `tests/it/fft.rs`).

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};

/// Replaces `v` (the evaluations on `domain` of a polynomial of degree below its size, natural
/// order; shorter vectors are padded with zeros) by the polynomial's evaluations on the coset
/// `g D`, natural order: `v[i] = p(g omega^i)`.
pub fn to_coset(domain: &Radix2EvaluationDomain<Fr>, g: Fr, v: &mut Vec<Fr>) {
    v.resize(domain.size(), Fr::ZERO);
    #[cfg(target_arch = "x86_64")]
    if let Some((c, t)) = simd(domain) {
        crate::simd::fft::to_coset(c, &t, v, g);
        return;
    }
    domain.ifft_in_place(v);
    Radix2EvaluationDomain::distribute_powers(v, g);
    domain.fft_in_place(v);
}

/// Replaces `v` (evaluations on the coset `g D` of a polynomial of degree below `domain`'s
/// size, natural order; shorter vectors are padded with zeros) by the polynomial's coefficients.
pub fn from_coset(domain: &Radix2EvaluationDomain<Fr>, g: Fr, v: &mut Vec<Fr>) {
    v.resize(domain.size(), Fr::ZERO);
    #[cfg(target_arch = "x86_64")]
    if let Some((c, t)) = simd(domain) {
        crate::simd::fft::from_coset(c, &t, v, g);
        return;
    }
    domain.ifft_in_place(v);
    Radix2EvaluationDomain::distribute_powers(v, g.inverse().unwrap_or(Fr::ONE));
}

/// The vector path's context and tables for this domain, if the CPU and the size allow.
#[cfg(target_arch = "x86_64")]
fn simd(
    domain: &Radix2EvaluationDomain<Fr>,
) -> Option<(&'static crate::simd::Ctx, std::sync::Arc<crate::simd::fft::Tables>)> {
    let c = crate::simd::Ctx::fr()?;
    let t = crate::simd::fft::Tables::get(domain.log_size_of_group)?;
    (domain.group_gen == t.omega()).then_some((c, t))
}
