//! The batch-affine MSM equals arkworks' MSM, edge cases included.

use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{PrimeField, UniformRand, Zero};
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_prover::msm::{FixedBases, msm, msm_c, msm_i64};

fn reference<G>(bases: &[G::MulBase], scalars: &[Fr]) -> G
where
    G: VariableBaseMSM<ScalarField = Fr>,
{
    let b: Vec<_> = scalars.iter().map(|s| s.into_bigint()).collect();
    G::msm_bigint(bases, &b)
}

fn big(s: &[Fr]) -> Vec<<Fr as PrimeField>::BigInt> {
    s.iter().map(|x| x.into_bigint()).collect()
}

#[test]
fn g1_matches_arkworks_at_many_sizes() {
    let mut rng = StdRng::seed_from_u64(1);
    for n in [0usize, 1, 255, 256, 257, 1000, 2048, 5000, 8192, 9000] {
        let bases: Vec<G1Affine> = (0..n)
            .map(|_| G1Projective::rand(&mut rng))
            .collect::<Vec<_>>()
            .iter()
            .map(|p| p.into_affine())
            .collect();
        let scalars: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        assert_eq!(
            msm(&bases, &big(&scalars)),
            reference::<G1Projective>(&bases, &scalars),
            "n = {n}"
        );
    }
}

#[test]
fn g2_matches_arkworks() {
    let mut rng = StdRng::seed_from_u64(2);
    for n in [300usize, 3000] {
        let bases: Vec<G2Affine> =
            (0..n).map(|_| G2Projective::rand(&mut rng).into_affine()).collect();
        let scalars: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        assert_eq!(
            msm(&bases, &big(&scalars)),
            reference::<G2Projective>(&bases, &scalars),
            "n = {n}"
        );
    }
}

/// Collisions in buckets: equal bases (doubling), a base and its negation (sum at infinity),
/// zero and tiny scalars, -1, infinity among the bases.
#[test]
fn edge_cases_match() {
    let mut rng = StdRng::seed_from_u64(3);
    let p = G1Projective::rand(&mut rng).into_affine();
    let q = G1Projective::rand(&mut rng).into_affine();
    let mut bases = Vec::new();
    let mut scalars = Vec::new();
    for i in 0..2000u64 {
        match i % 7 {
            0 => {
                bases.push(p);
                scalars.push(Fr::from(5u64));
            }
            1 => {
                bases.push(-p);
                scalars.push(Fr::from(5u64));
            }
            2 => {
                bases.push(q);
                scalars.push(Fr::from(0u64));
            }
            3 => {
                bases.push(q);
                scalars.push(-Fr::from(1u64));
            }
            4 => {
                bases.push(G1Affine::zero());
                scalars.push(Fr::rand(&mut rng));
            }
            5 => {
                bases.push(p);
                scalars.push(Fr::from(i));
            }
            _ => {
                bases.push(q);
                scalars.push(Fr::rand(&mut rng));
            }
        }
    }
    assert_eq!(msm(&bases, &big(&scalars)), reference::<G1Projective>(&bases, &scalars));
    // All scalars zero, and everything cancelling.
    let zeros = vec![Fr::from(0u64); bases.len()];
    assert!(msm(&bases, &big(&zeros)).into_affine().is_zero());
    let cancel_b = [p, p, p, p].repeat(100);
    let mut cancel_s = Vec::new();
    for _ in 0..100 {
        cancel_s.extend([Fr::from(3u64), -Fr::from(3u64), Fr::from(7u64), -Fr::from(7u64)]);
    }
    assert!(msm(&cancel_b, &big(&cancel_s)).into_affine().is_zero());
}

#[test]
fn fixed_bases_skip_infinity_and_keep_indices() {
    let mut rng = StdRng::seed_from_u64(4);
    let query: Vec<G1Affine> =
        (0..1500)
            .map(|i| {
                if i % 3 == 0 {
                    G1Affine::zero()
                } else {
                    G1Projective::rand(&mut rng).into_affine()
                }
            })
            .collect();
    let scalars: Vec<Fr> = (0..1500).map(|_| Fr::rand(&mut rng)).collect();
    let fixed = FixedBases::new(&query);
    assert_eq!(fixed.len(), 1000);
    let owned = FixedBases::from_query(query.clone());
    assert_eq!((&owned.bases, &owned.index), (&fixed.bases, &fixed.index));
    assert_eq!(fixed.msm(&big(&scalars)), reference::<G1Projective>(&query, &scalars));
}

/// Every window width, the widest included (16 bits for the dataset circuit's million-point
/// MSMs), and the clamped extremes.
#[test]
fn every_window_width_matches() {
    let mut rng = StdRng::seed_from_u64(5);
    let bases: Vec<G1Affine> = G1Projective::normalize_batch(
        &(0..700).map(|_| G1Projective::rand(&mut rng)).collect::<Vec<_>>(),
    );
    let scalars: Vec<Fr> = (0..700).map(|_| Fr::rand(&mut rng)).collect();
    let expected = reference::<G1Projective>(&bases, &scalars);
    for c in [0, 1, 2, 3, 7, 9, 10, 12, 13, 14, 16, 17, 20, 31] {
        assert_eq!(msm_c(&bases, &big(&scalars), c), expected, "c = {c}");
    }
}

/// The window tables give the same sums as arkworks, over a query with points at infinity,
/// repeated and opposite bases, zero, small and -1 scalars, in G1 and in G2.
#[test]
fn precomputed_tables_match() {
    let mut rng = StdRng::seed_from_u64(6);
    let p = G1Projective::rand(&mut rng).into_affine();
    let mut query = Vec::new();
    let mut scalars = Vec::new();
    for i in 0..3000u64 {
        let (b, s) = match i % 6 {
            0 => (G1Affine::zero(), Fr::rand(&mut rng)),
            1 => (p, Fr::from(i)),
            2 => (-p, Fr::from(i % 11)),
            3 => (G1Projective::rand(&mut rng).into_affine(), -Fr::from(1u64)),
            4 => (G1Projective::rand(&mut rng).into_affine(), Fr::from(0u64)),
            _ => (G1Projective::rand(&mut rng).into_affine(), Fr::rand(&mut rng)),
        };
        query.push(b);
        scalars.push(s);
    }
    let fixed = FixedBases::new(&query);
    let table = fixed.precompute().unwrap();
    assert_eq!(table.len(), 2500);
    assert_eq!(table.msm(&big(&scalars)), reference::<G1Projective>(&query, &scalars));
    // Fewer scalars than bases: the missing ones are zero.
    assert_eq!(
        table.msm(&big(&scalars[..100])),
        reference::<G1Projective>(&query[..100], &scalars[..100])
    );
    let zeros = vec![Fr::from(0u64); query.len()];
    assert!(table.msm(&big(&zeros)).into_affine().is_zero());
    // Empty.
    let empty = FixedBases::<ark_bn254::g1::Config>::new(&[]).precompute().unwrap();
    assert!(empty.is_empty());
    assert!(empty.msm(&big(&scalars)).into_affine().is_zero());

    let g2: Vec<G2Affine> =
        (0..400)
            .map(|i| {
                if i % 5 == 0 {
                    G2Affine::zero()
                } else {
                    G2Projective::rand(&mut rng).into_affine()
                }
            })
            .collect();
    let s2: Vec<Fr> = (0..400).map(|_| Fr::rand(&mut rng)).collect();
    let table = FixedBases::new(&g2).precompute().unwrap();
    assert_eq!(table.msm(&big(&s2)), reference::<G2Projective>(&g2, &s2));
}

#[test]
fn signed_64_bit_scalars_match_arkworks() {
    use ark_std::rand::Rng;
    let mut rng = StdRng::seed_from_u64(9);
    for n in [0usize, 1, 255, 256, 300, 4096, 20_000] {
        let bases: Vec<G1Affine> =
            (0..n).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
        // Random values, with the extremes and zeros mixed in.
        let values: Vec<i64> = (0..n)
            .map(|i| match i % 7 {
                0 => i64::MIN,
                1 => i64::MAX,
                2 => 0,
                3 => -1,
                4 => rng.gen_range(-1000..1000),
                _ => rng.r#gen(),
            })
            .collect();
        let scalars: Vec<Fr> = values
            .iter()
            .map(|v| if *v < 0 { -Fr::from(v.unsigned_abs()) } else { Fr::from(*v as u64) })
            .collect();
        assert_eq!(
            msm_i64(&bases, &values),
            reference::<G1Projective>(&bases, &scalars),
            "n = {n}"
        );
    }
}

/// Scalars of every size class the MSM sorts by (zero, one, up to 16, 32 and 64 bits, full
/// size, the class boundaries themselves, and small negatives, which are full-size), mixed in
/// random order, in G1 and G2, with classes both above and below the small-MSM cut-off.
#[test]
fn mixed_scalar_sizes_match_arkworks() {
    use ark_std::rand::Rng;
    let mut rng = StdRng::seed_from_u64(9);
    let pick = |rng: &mut StdRng| -> Fr {
        match rng.gen_range(0..10) {
            0 => Fr::from(0u64),
            1 => Fr::from(1u64),
            2 => Fr::from(rng.gen_range(0..1u64 << 16)),
            3 => Fr::from([1u64 << 16, (1 << 16) - 1, 1 << 32, (1 << 32) - 1][rng.gen_range(0..4)]),
            4 => Fr::from(rng.gen_range(0..1u64 << 32)),
            5 => Fr::from(rng.r#gen::<u64>()),
            6 => Fr::from(u64::MAX),
            7 => -Fr::from(rng.gen_range(1..1000u64)),
            _ => Fr::rand(rng),
        }
    };
    for n in [100usize, 700, 3000, 20_000] {
        let g1: Vec<G1Affine> = G1Projective::normalize_batch(
            &(0..n).map(|_| G1Projective::rand(&mut rng)).collect::<Vec<_>>(),
        );
        let scalars: Vec<Fr> = (0..n).map(|_| pick(&mut rng)).collect();
        assert_eq!(
            msm(&g1, &big(&scalars)),
            reference::<G1Projective>(&g1, &scalars),
            "G1, n = {n}"
        );
        // One class only: all small.
        let small: Vec<Fr> = (0..n).map(|_| Fr::from(rng.gen_range(0..1u64 << 16))).collect();
        assert_eq!(msm(&g1, &big(&small)), reference::<G1Projective>(&g1, &small), "n = {n}");
    }
    let g2: Vec<G2Affine> = G2Projective::normalize_batch(
        &(0..3000).map(|_| G2Projective::rand(&mut rng)).collect::<Vec<_>>(),
    );
    let scalars: Vec<Fr> = (0..3000).map(|_| pick(&mut rng)).collect();
    assert_eq!(msm(&g2, &big(&scalars)), reference::<G2Projective>(&g2, &scalars), "G2");
}

/// Scalars that are mostly the same few small values (a witness's bits, ones and counters)
/// spread their hot buckets over several slots: the sums still equal arkworks', also when the
/// same base lands twice in one slot (a doubling) or beside its negation, in G1, in G2 and with
/// window tables.
#[test]
fn hot_buckets_match_arkworks() {
    use ark_std::rand::Rng;
    let mut rng = StdRng::seed_from_u64(12);
    let p = G1Projective::rand(&mut rng).into_affine();
    let n = 12_000;
    let bases: Vec<G1Affine> = (0..n)
        .map(|i| match i % 10 {
            0 => p,
            1 => -p,
            _ => G1Projective::rand(&mut rng).into_affine(),
        })
        .collect();
    let pick = |rng: &mut StdRng| -> Fr {
        match rng.gen_range(0..20) {
            0..=11 => Fr::from(1u64),
            12..=14 => -Fr::from(1u64),
            15..=16 => Fr::from(2u64),
            17 => Fr::from(rng.gen_range(0..1u64 << 16)),
            18 => Fr::from(0u64),
            _ => Fr::rand(rng),
        }
    };
    let scalars: Vec<Fr> = (0..n).map(|_| pick(&mut rng)).collect();
    let expected = reference::<G1Projective>(&bases, &scalars);
    assert_eq!(msm(&bases, &big(&scalars)), expected);
    assert_eq!(msm_c(&bases, &big(&scalars), 6), expected);
    let table = FixedBases::new(&bases).precompute().unwrap();
    assert_eq!(table.msm(&big(&scalars)), expected);
    // Every scalar one: a single bucket, spread over many slots.
    let ones = vec![Fr::from(1u64); n];
    assert_eq!(msm(&bases, &big(&ones)), reference::<G1Projective>(&bases, &ones));

    let g2: Vec<G2Affine> = G2Projective::normalize_batch(
        &(0..2000).map(|_| G2Projective::rand(&mut rng)).collect::<Vec<_>>(),
    );
    let s2: Vec<Fr> = (0..2000).map(|_| pick(&mut rng)).collect();
    assert_eq!(msm(&g2, &big(&s2)), reference::<G2Projective>(&g2, &s2));
}

/// `bucket_sums` equals adding each base to its bucket one by one: hot buckets (most points in
/// one), doublings (a base twice), a base and its negation, a base at infinity, an index past
/// the last bucket (ignored).
#[test]
fn bucket_sums_match_naive_sums() {
    use ark_std::rand::Rng;
    use zkp_ledger_prover::msm::bucket_sums;
    let mut rng = StdRng::seed_from_u64(11);
    for (n, count) in [(0usize, 3usize), (1, 1), (700, 5), (5000, 300), (3000, 1)] {
        let mut bases: Vec<G1Affine> = G1Projective::normalize_batch(
            &(0..n).map(|_| G1Projective::rand(&mut rng)).collect::<Vec<_>>(),
        );
        if n > 10 {
            bases[3] = bases[2];
            bases[5] = -bases[4];
            bases[7] = G1Affine::zero();
        }
        let buckets: Vec<u32> = (0..n)
            .map(|i| match i {
                2..=5 => 0,
                9 => count as u32 + 2,
                _ if rng.gen_bool(0.5) => 0,
                _ => rng.gen_range(0..count as u32),
            })
            .collect();
        let mut naive = vec![G1Projective::zero(); count];
        for (b, &k) in bases.iter().zip(&buckets) {
            if (k as usize) < count {
                naive[k as usize] += b;
            }
        }
        assert_eq!(bucket_sums(&bases, &buckets, count), naive, "n = {n}, count = {count}");
    }
}

/// G2 MSMs large enough that batches of pending additions fill up (1,024 additions; on a CPU
/// with AVX-512 IFMA they then run eight at a time), with random full-size scalars, small ones
/// (0, 1, 16-bit), and repeated bases whose doublings and `P + (-P)` fall in the same batches
/// as ordinary additions (they take the scalar path).
#[test]
fn g2_full_batches_match_arkworks() {
    use ark_std::rand::Rng;
    let mut rng = StdRng::seed_from_u64(14);
    let n = 6000;
    let (mut a, g) = (G2Projective::rand(&mut rng), G2Projective::rand(&mut rng));
    let mut bases: Vec<G2Affine> = G2Projective::normalize_batch(
        &(0..n)
            .map(|_| {
                a += g;
                a
            })
            .collect::<Vec<_>>(),
    );
    let full: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
    assert_eq!(msm(&bases, &big(&full)), reference::<G2Projective>(&bases, &full), "full-size");
    let small: Vec<Fr> = (0..n)
        .map(|i| match i % 4 {
            0 => Fr::from(0u64),
            1 => Fr::from(1u64),
            _ => Fr::from(rng.gen_range(0..1u64 << 16)),
        })
        .collect();
    assert_eq!(msm(&bases, &big(&small)), reference::<G2Projective>(&bases, &small), "small");
    let bits16: Vec<Fr> = (0..n).map(|_| Fr::from(rng.gen_range(0..1u64 << 16))).collect();
    assert_eq!(msm(&bases, &big(&bits16)), reference::<G2Projective>(&bases, &bits16), "16-bit");
    // A few points repeated and negated among the others, with a few small scalars each: equal
    // and opposite points meet in the same buckets.
    let p = bases[1];
    let q = bases[2];
    for (i, b) in bases.iter_mut().enumerate() {
        match i % 8 {
            0 => *b = p,
            1 => *b = -p,
            2 => *b = q,
            3 => *b = -q,
            _ => {}
        }
    }
    let few: Vec<Fr> = (0..n)
        .map(|i| if i % 8 < 4 { Fr::from(rng.gen_range(1..4u64)) } else { Fr::rand(&mut rng) })
        .collect();
    assert_eq!(msm(&bases, &big(&few)), reference::<G2Projective>(&bases, &few), "repeated");
    let few_small: Vec<Fr> = (0..n).map(|_| Fr::from(rng.gen_range(0..8u64))).collect();
    assert_eq!(
        msm(&bases, &big(&few_small)),
        reference::<G2Projective>(&bases, &few_small),
        "repeated, small"
    );
    // The same through window tables.
    let table = FixedBases::new(&bases).precompute().unwrap();
    assert_eq!(table.msm(&big(&few)), reference::<G2Projective>(&bases, &few), "tables");
}
