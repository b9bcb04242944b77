//! The quotient's FFTs (`zkp_ledger_prover::fft`) against arkworks' own, at sizes that take
//! every path of the vector code (stages in cache only, then stages over the whole vector), on
//! random vectors and on the field's edge values.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, FftField, Field, UniformRand};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_prover::fft::{from_coset, to_coset};

/// arkworks: evaluations on D to evaluations on g D.
fn ark_to_coset(d: &Radix2EvaluationDomain<Fr>, g: Fr, v: &[Fr]) -> Vec<Fr> {
    let coset = d.get_coset(g).unwrap();
    let mut out = v.to_vec();
    d.ifft_in_place(&mut out);
    coset.fft_in_place(&mut out);
    out
}

/// arkworks: evaluations on g D to coefficients.
fn ark_from_coset(d: &Radix2EvaluationDomain<Fr>, g: Fr, v: &[Fr]) -> Vec<Fr> {
    let coset = d.get_coset(g).unwrap();
    let mut out = v.to_vec();
    coset.ifft_in_place(&mut out);
    out
}

fn inputs(n: usize, rng: &mut StdRng) -> Vec<Vec<Fr>> {
    let m1 = -Fr::ONE;
    vec![
        (0..n).map(|_| Fr::rand(rng)).collect(),
        vec![m1; n],
        (0..n).map(|i| if i % 3 == 0 { m1 } else { Fr::from(i as u64) }).collect(),
        {
            let mut v = vec![Fr::ZERO; n];
            v[n - 1] = m1;
            v
        },
    ]
}

#[test]
fn coset_transforms_equal_arkworks() {
    let mut rng = StdRng::seed_from_u64(31);
    // 2^6 is the vector path's smallest size; above 2^14 stages also run over the whole vector.
    for log in [3u32, 6, 7, 10, 15, 16] {
        let n = 1usize << log;
        let d = Radix2EvaluationDomain::<Fr>::new(n).unwrap();
        let gens = [Fr::GENERATOR, Radix2EvaluationDomain::<Fr>::new(2 * n).unwrap().group_gen()];
        for (i, v) in inputs(n, &mut rng).into_iter().enumerate() {
            for g in gens {
                let mut got = v.clone();
                to_coset(&d, g, &mut got);
                assert!(got == ark_to_coset(&d, g, &v), "to_coset: 2^{log}, input {i}");
                let mut back = v.clone();
                from_coset(&d, g, &mut back);
                assert!(back == ark_from_coset(&d, g, &v), "from_coset: 2^{log}, input {i}");
                // On g D and back: the coefficients of the polynomial v interpolates on D.
                from_coset(&d, g, &mut got);
                assert!(got == d.ifft(&v), "round trip: 2^{log}, input {i}");
            }
        }
    }
}

#[test]
fn short_inputs_are_padded() {
    let d = Radix2EvaluationDomain::<Fr>::new(64).unwrap();
    let v: Vec<Fr> = (0..40u64).map(Fr::from).collect();
    let mut padded = v.clone();
    padded.resize(64, Fr::ZERO);
    let mut got = v;
    to_coset(&d, Fr::GENERATOR, &mut got);
    assert!(got == ark_to_coset(&d, Fr::GENERATOR, &padded));
}
