//! The lookup gadgets against their native twins: boundaries of every width, signed ranges with
//! public bounds, set membership, cheating provers (tampered limbs and multiplicities with every
//! challenge-dependent value recomputed consistently), degenerate challenges and constraint
//! counts.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field, UniformRand};
use ark_r1cs_std::{alloc::AllocVar, fields::fp::FpVar};
use ark_relations::gr1cs::{
    ConstraintSystem, ConstraintSystemRef, SynthesisError, SynthesisMode, Variable,
};
use proptest::prelude::*;
use rand::{Rng, SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::{
    Error,
    lookup::{
        Challenge, Committed, DEFAULT_LIMB_BITS, RangeChecker, RangeChecks, SetChecker,
        enforce_member,
        native::{
            fits, fr_from_i64, in_signed_range, is_member, log_derivative_sides, range_check_cost,
            range_limbs, range_multiplicities, range_queries, range_table, set_multiplicities,
        },
    },
};

const B: u32 = DEFAULT_LIMB_BITS;

fn two(k: u64) -> Fr {
    Fr::from(2u64).pow([k])
}

fn challenge(rng: &mut StdRng) -> Fr {
    Fr::rand(rng)
}

/// Phase 1 and 2 of a range checker over fresh witnesses `(value, width)`.
fn range_committed(bits: u32, checks: &[(Fr, u32)]) -> (ConstraintSystemRef<Fr>, Committed) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut rc = RangeChecker::new(cs.clone(), bits).unwrap();
    for (v, w) in checks {
        let x = FpVar::new_witness(cs.clone(), || Ok(*v)).unwrap();
        rc.check(&x, *w).unwrap();
    }
    (cs, rc.commit().unwrap())
}

/// Phase 3 with a public challenge; whether the system is satisfied. Cached values of the linear
/// combinations made so far are recomputed first, so forced assignments count everywhere.
fn finish(cs: &ConstraintSystemRef<Fr>, c: Committed, x: Fr) -> Result<bool, SynthesisError> {
    recompute_lcs(cs);
    let ch = Challenge::new_input(cs, || Ok(x))?;
    c.finalize(&ch)?;
    Ok(cs.is_satisfied().unwrap())
}

fn range_satisfied(bits: u32, checks: &[(Fr, u32)], rng: &mut StdRng) -> bool {
    let (cs, c) = range_committed(bits, checks);
    finish(&cs, c, challenge(rng)).unwrap()
}

/// Re-evaluates the constraint system's cached linear-combination values from the (possibly
/// forced) variable assignments, in creation order.
fn recompute_lcs(cs: &ConstraintSystemRef<Fr>) {
    let n = cs.borrow().unwrap().assignments.lc_assignment.len();
    for i in 0..n {
        let lc = cs.get_lc(Variable::symbolic_lc(i)).unwrap();
        let v: Fr = lc.0.iter().map(|(c, v)| *c * cs.assigned_value(*v).unwrap()).sum();
        cs.borrow_mut().unwrap().assignments.lc_assignment[i] = v;
    }
}

fn value_of(cs: &ConstraintSystemRef<Fr>, v: Variable) -> Fr {
    cs.assigned_value(v).unwrap()
}

/// A forced assignment, as a cheating prover would make it.
fn force(cs: &ConstraintSystemRef<Fr>, v: Variable, value: Fr) {
    let i = v.index().unwrap();
    cs.borrow_mut().unwrap().assignments.witness_assignment[i] = value;
}

/// The looked-up values of range checks of `widths` with limbs read from the constraint system,
/// as field elements (tampered limbs need not fit a u64).
fn looked_up(cs: &ConstraintSystemRef<Fr>, limbs: &[Variable], widths: &[u32], b: u32) -> Vec<Fr> {
    let mut out = Vec::new();
    let mut next = limbs.iter();
    let mut tops = Vec::new();
    for w in widths {
        let n = w.div_ceil(b);
        let mut top = Fr::ZERO;
        for _ in 0..n {
            top = value_of(cs, *next.next().unwrap());
            out.push(top);
        }
        if w % b != 0 {
            tops.push(top * two(u64::from(b - w % b)));
        }
    }
    out.extend(tops);
    out
}

/// A cheating prover's best effort: multiplicities recounted for the (tampered) limbs, written
/// over the honest ones. Values off the table cannot be counted.
fn recount(cs: &ConstraintSystemRef<Fr>, c: &Committed, widths: &[u32], b: u32) {
    let vars = c.committed_variables();
    let (limbs, mults) = vars.split_at(vars.len() - (1 << b));
    let mut m = vec![0u64; 1 << b];
    for f in looked_up(cs, limbs, widths, b) {
        if fits(f, b) {
            let j = range_limbs(f, b, b).unwrap()[0] as usize;
            m[j] += 1;
        }
    }
    for (v, m) in mults.iter().zip(m) {
        force(cs, *v, Fr::from(m));
    }
}

/// In-range values at every boundary satisfy; limbs and multiplicities equal the native twin's;
/// the native sums agree at the challenge.
#[test]
fn boundaries_satisfy_and_match_native() {
    let mut rng = StdRng::seed_from_u64(1);
    let mut checks = Vec::new();
    for v in [0u64, 1, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, u64::MAX - 1, u64::MAX] {
        checks.push((Fr::from(v), 64));
    }
    for w in [1u32, 15, 16, 17, 33, 64] {
        checks.push((Fr::ZERO, w));
        checks.push((two(u64::from(w)) - Fr::ONE, w));
        checks.push((two(u64::from(w) - 1), w));
    }
    let widths: Vec<u32> = checks.iter().map(|c| c.1).collect();
    let (cs, c) = range_committed(B, &checks);
    let values = c.committed_values().unwrap();
    let n_limbs = values.len() - (1 << B);

    let mut limbs = Vec::new();
    let mut queries = Vec::new();
    for (v, w) in &checks {
        let l = range_limbs(*v, *w, B).unwrap();
        queries.extend(range_queries(&l, *w, B).unwrap());
        limbs.extend(l);
    }
    assert_eq!(n_limbs, limbs.len());
    assert_eq!(&values[..n_limbs], limbs.iter().map(|l| Fr::from(*l)).collect::<Vec<_>>());
    let m = range_multiplicities(queries.iter().copied(), B).unwrap();
    assert_eq!(&values[n_limbs..], m.iter().map(|m| Fr::from(*m)).collect::<Vec<_>>());

    // The circuit's looked-up values (top limbs shifted) are the native queries, as a multiset.
    let vars = c.committed_variables();
    let mut circuit_queries = looked_up(&cs, &vars[..n_limbs], &widths, B);
    let mut native_queries: Vec<Fr> = queries.iter().map(|q| Fr::from(*q)).collect();
    circuit_queries.sort();
    native_queries.sort();
    assert_eq!(circuit_queries, native_queries);

    let x = challenge(&mut rng);
    let (lhs, rhs) =
        log_derivative_sides(&native_queries, &range_table(B).unwrap(), &m, x).unwrap();
    assert_eq!(lhs, rhs);
    assert!(finish(&cs, c, x).unwrap());
}

/// Out-of-range values leave the system unsatisfied at every width, as the native check says.
#[test]
fn out_of_range_values_are_unsatisfied() {
    let mut rng = StdRng::seed_from_u64(2);
    for w in [1u32, 15, 16, 17, 33, 64] {
        let w64 = u64::from(w);
        let bad = [
            two(w64),
            two(w64) + Fr::ONE,
            two(w64 + 1) - Fr::ONE,
            -Fr::ONE,
            -two(w64),
            -Fr::from(5u64),
            two(200),
            two(w64) + two(100),
        ];
        for (i, v) in bad.into_iter().enumerate() {
            assert!(!fits(v, w), "native accepted {v} at width {w}");
            // Beside an in-range value, so the table is in use either way. 16-bit limbs for the
            // first cases, 5-bit limbs (a cheap table) for all.
            let checks = [(Fr::from(3u64), 64), (v, w)];
            for b in [B, 5].into_iter().skip(usize::from(i >= 3)) {
                assert!(!range_satisfied(b, &checks, &mut rng), "accepted {v} at width {w}, b {b}");
            }
        }
    }
}

/// Widths 1..=64 with several limb sizes: the circuit agrees with the native check and its cost
/// is the documented one.
#[test]
fn every_width_and_limb_size_agrees_with_native() {
    let mut rng = StdRng::seed_from_u64(3);
    for b in [1u32, 4, 7, 8] {
        for w in [1u32, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64] {
            let w64 = u64::from(w);
            for v in [Fr::ZERO, two(w64) - Fr::ONE, two(w64), Fr::from(rng.r#gen::<u64>())] {
                let (cs, c) = range_committed(b, &[(v, w)]);
                let before = cs.num_constraints();
                let cost = c.finalize_cost();
                let ok = finish(&cs, c, challenge(&mut rng)).unwrap();
                assert_eq!(ok, fits(v, w), "b {b} w {w} v {v}");
                assert_eq!(before + cost, cs.num_constraints());
                assert_eq!(cs.num_constraints(), range_check_cost(w, b).unwrap() + (1 << b));
            }
        }
    }
    assert_eq!(range_check_cost(64, 16).unwrap(), 5);
    assert_eq!(range_check_cost(17, 16).unwrap(), 4);
    assert!(matches!(range_check_cost(65, 16), Err(Error::InvalidParams(_))));
    assert!(matches!(range_check_cost(8, 17), Err(Error::InvalidParams(_))));
}

/// A cheating prover that decomposes 2^64 as [0, 0, 0, 2^16] (the recomposition holds) and
/// recounts the multiplicities fails only on the lookup; so does one that writes r - 1 into a
/// limb; the same flow without tampering is satisfied.
#[test]
fn tampered_limbs_are_unsatisfied() {
    let mut rng = StdRng::seed_from_u64(4);
    let widths = [64u32, 64, 32];
    let cases: [(Fr, usize, [Fr; 4]); 3] = [
        // value of check 1, first limb index in check 1 (after check 0's four), forced limbs.
        (two(64), 4, [Fr::ZERO, Fr::ZERO, Fr::ZERO, two(16)]),
        (two(64) - Fr::ONE, 4, [-Fr::ONE, Fr::ZERO, Fr::ZERO, two(16)]),
        (Fr::from(7u64), 4, [Fr::from(7u64) + two(16), -Fr::ONE, Fr::ZERO, Fr::ZERO]),
    ];
    for (v, first, forced) in cases {
        for tamper in [false, true] {
            let checks =
                [(Fr::from(11u64), widths[0]), (v, widths[1]), (Fr::from(9u64), widths[2])];
            let (cs, c) = range_committed(B, &checks);
            let vars = c.committed_variables();
            if tamper {
                for (k, f) in forced.iter().enumerate() {
                    force(&cs, vars[first + k], *f);
                }
                // The forced limbs recompose to the value: only the lookup can catch them.
                let limbs: Fr =
                    forced.iter().enumerate().map(|(k, f)| *f * two(16 * k as u64)).sum();
                assert_eq!(limbs, v);
                recount(&cs, &c, &widths, B);
            }
            let ok = finish(&cs, c, challenge(&mut rng)).unwrap();
            assert_eq!(ok, !tamper && fits(v, 64), "value {v} tampered {tamper}");
            if tamper {
                // The first constraint broken is the lookup's final one, not a recomposition.
                let broken = cs.which_is_unsatisfied().unwrap().unwrap();
                assert_eq!(cs.num_constraints() - 1, last_index(&broken), "{broken}");
            }
        }
    }
}

/// The index in a "label - index" report of an unsatisfied constraint.
fn last_index(report: &str) -> usize {
    report.rsplit(' ').next().unwrap().trim().parse().unwrap()
}

/// The top limb of a 17-bit check must be below 2: limbs [0, 2] recompose 2^17, pass the plain
/// lookups (0 and 2 are table entries) and are caught only by the shifted lookup (2 * 2^15).
#[test]
fn shifted_top_limb_catches_a_wide_top() {
    let mut rng = StdRng::seed_from_u64(5);
    let widths = [17u32];
    let (cs, c) = range_committed(B, &[(two(17), 17)]);
    let vars = c.committed_variables();
    force(&cs, vars[0], Fr::ZERO);
    force(&cs, vars[1], Fr::from(2u64));
    recount(&cs, &c, &widths, B);
    assert!(!finish(&cs, c, challenge(&mut rng)).unwrap());
    let broken = cs.which_is_unsatisfied().unwrap().unwrap();
    assert_eq!(cs.num_constraints() - 1, last_index(&broken), "{broken}");
    // Honest: 2^17 - 1 as [2^16 - 1, 1].
    assert!(range_satisfied(B, &[(two(17) - Fr::ONE, 17)], &mut rng));
}

/// A multiplicity moved from one entry to another (inverses recomputed from it) fails, as does an
/// extra count; the honest multiplicities satisfy.
#[test]
fn tampered_multiplicities_are_unsatisfied() {
    let mut rng = StdRng::seed_from_u64(6);
    let checks: Vec<(Fr, u32)> = (0..20).map(|_| (Fr::from(rng.r#gen::<u64>()), 64)).collect();
    type Tamper<'a> = &'a dyn Fn(&mut Vec<Fr>);
    let tampers: [Tamper<'_>; 3] = [
        &|_| {},
        &|m| {
            let j = m.iter().position(|m| *m != Fr::ZERO).unwrap();
            m[j] -= Fr::ONE;
            m[j + 1] += Fr::ONE;
        },
        &|m| m[0] += Fr::ONE,
    ];
    for (i, tamper) in tampers.iter().enumerate() {
        let (cs, c) = range_committed(B, &checks);
        let vars = c.committed_variables();
        let mult_vars = &vars[vars.len() - (1 << B)..];
        let mut m: Vec<Fr> = mult_vars.iter().map(|v| value_of(&cs, *v)).collect();
        tamper(&mut m);
        for (v, m) in mult_vars.iter().zip(m) {
            force(&cs, *v, m);
        }
        assert_eq!(finish(&cs, c, challenge(&mut rng)).unwrap(), i == 0, "tamper {i}");
        if i > 0 {
            let broken = cs.which_is_unsatisfied().unwrap().unwrap();
            assert_eq!(cs.num_constraints() - 1, last_index(&broken), "{broken}");
        }
    }
}

/// The committed values do not depend on the challenge (a two-pass prover gets the same
/// commitment), and setup-mode synthesis has the same shape as proving.
#[test]
fn committed_values_are_challenge_independent_and_setup_matches() {
    let mut rng = StdRng::seed_from_u64(7);
    let checks: Vec<(Fr, u32)> =
        (0..10).map(|i| (Fr::from(rng.r#gen::<u64>() >> (i * 5)), 64 - i * 5)).collect();
    let run = |x: Fr| {
        let (cs, c) = range_committed(B, &checks);
        let values = c.committed_values().unwrap();
        assert!(finish(&cs, c, x).unwrap());
        (values, cs.num_constraints(), cs.num_witness_variables())
    };
    let (a, b) = (run(challenge(&mut rng)), run(challenge(&mut rng)));
    assert_eq!(a, b);

    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    let mut rc = RangeChecker::new(cs.clone(), B).unwrap();
    for (_, w) in &checks {
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::ZERO)).unwrap();
        rc.check(&x, *w).unwrap();
    }
    let c = rc.commit().unwrap();
    assert!(c.committed_values().is_none());
    assert_eq!(c.committed_variables().len(), a.0.len());
    let ch = Challenge::new_input(&cs, || Ok(Fr::ZERO)).unwrap();
    c.finalize(&ch).unwrap();
    assert_eq!((cs.num_constraints(), cs.num_witness_variables()), (a.1, a.2));
}

/// A challenge on the table or on a looked-up value is a clean error, in the circuit and natively.
#[test]
fn degenerate_challenges_are_errors() {
    let checks = [(Fr::from(0x1234_5678u64), 64)];
    for x in [Fr::ZERO, Fr::from(5u64), Fr::from(0x5678u64), two(16) - Fr::ONE] {
        let (cs, c) = range_committed(B, &checks);
        assert_eq!(finish(&cs, c, x), Err(SynthesisError::DivisionByZero), "X = {x}");
    }
    // A tampered limb off the table, and X equal to it.
    let (cs, c) = range_committed(B, &checks);
    let limb = c.committed_variables()[0];
    force(&cs, limb, two(40));
    assert_eq!(finish(&cs, c, two(40)), Err(SynthesisError::DivisionByZero));
    // Natively.
    let table = range_table(4).unwrap();
    let m = range_multiplicities([3u64], 4).unwrap();
    assert_eq!(
        log_derivative_sides(&[Fr::from(3u64)], &table, &m, Fr::from(9u64)),
        Err(Error::DegenerateChallenge)
    );
    assert_eq!(
        log_derivative_sides(&[two(40)], &table, &m, two(40)),
        Err(Error::DegenerateChallenge)
    );
}

/// The challenge must be a public input: constants and private witnesses are refused.
#[test]
fn challenge_must_be_a_public_input() {
    let cs = ConstraintSystem::<Fr>::new_ref();
    assert!(Challenge::from_public_input(&FpVar::Constant(Fr::from(77u64))).is_err());
    let w = FpVar::new_witness(cs.clone(), || Ok(Fr::from(77u64))).unwrap();
    assert!(Challenge::from_public_input(&w).is_err());
    let i = FpVar::new_input(cs, || Ok(Fr::from(77u64))).unwrap();
    let ch = Challenge::from_public_input(&i).unwrap();
    assert_eq!(ch.value(), Some(Fr::from(77u64)));
    assert!(ch.variable().is_instance());
}

/// Parameters outside what the gadget supports are refused, and constants are checked at
/// synthesis.
#[test]
fn bad_parameters_and_constants() {
    let cs = ConstraintSystem::<Fr>::new_ref();
    assert!(RangeChecker::new(cs.clone(), 0).is_err());
    assert!(RangeChecker::new(cs.clone(), 17).is_err());
    let mut rc = RangeChecker::new(cs.clone(), B).unwrap();
    let x = FpVar::new_witness(cs.clone(), || Ok(Fr::ONE)).unwrap();
    assert!(rc.check(&x, 0).is_err());
    assert!(rc.check(&x, 65).is_err());
    rc.check(&FpVar::Constant(Fr::from(u64::MAX)), 64).unwrap();
    assert!(rc.check(&FpVar::Constant(two(64)), 64).is_err());
    assert_eq!(rc.lookups(), 0);
    assert_eq!(cs.num_constraints(), 0);
    // Nothing checked: no table, no constraints.
    let c = rc.commit().unwrap();
    assert!(c.committed_variables().is_empty());
    let ch = Challenge::new_input(&cs, || Ok(Fr::ZERO)).unwrap();
    c.finalize(&ch).unwrap();
    assert_eq!(cs.num_constraints(), 0);
    assert!(SetChecker::new(cs, &[]).is_err());
    assert!(enforce_member(&x, &[]).is_err());
}

/// Signed ranges with public bounds at the i64 extremes, the bounds themselves and one step
/// outside; "negative" field elements near r fail [0, hi].
#[test]
fn signed_ranges_at_boundaries() {
    let mut rng = StdRng::seed_from_u64(8);
    let r_minus = |k: u64| -Fr::from(k);
    let cases: Vec<(Fr, i64, i64)> = vec![
        (fr_from_i64(i64::MIN), i64::MIN, i64::MAX),
        (fr_from_i64(i64::MAX), i64::MIN, i64::MAX),
        (Fr::ZERO, i64::MIN, i64::MAX),
        (fr_from_i64(-5), -5, 7),
        (fr_from_i64(7), -5, 7),
        (fr_from_i64(-6), -5, 7),
        (fr_from_i64(8), -5, 7),
        (Fr::ZERO, 0, 0),
        (Fr::ONE, 0, 0),
        (r_minus(1), 0, i64::MAX),
        (r_minus(1), -1, 0),
        (r_minus(1), 0, 100),
        (Fr::from(u64::MAX), 0, 100),
        (two(63), i64::MIN, i64::MAX),
        (-two(63) - Fr::ONE, i64::MIN, i64::MAX),
        (two(200), i64::MIN, i64::MAX),
        (-two(64), i64::MIN, i64::MAX),
        (Fr::from(3u64), 5, 2),
        (fr_from_i64(i64::MIN), i64::MIN + 1, i64::MAX),
        (fr_from_i64(i64::MAX), i64::MIN, i64::MAX - 1),
    ];
    // Every in-range case in one system, each out-of-range case in its own.
    let (inside, outside): (Vec<_>, Vec<_>) =
        cases.into_iter().partition(|(v, lo, hi)| in_signed_range(*v, *lo, *hi));
    assert_eq!((inside.len(), outside.len()), (7, 13));
    assert!(signed_satisfied(&inside, B, &mut rng));
    for case in outside {
        assert!(!signed_satisfied(&[case], B, &mut rng), "accepted {case:?}");
    }
    assert!(in_signed_range(fr_from_i64(i64::MIN), i64::MIN, i64::MAX));
    assert!(!in_signed_range(r_minus(1), 0, i64::MAX));
    assert!(!in_signed_range(fr_from_i64(i64::MAX), i64::MIN, i64::MAX - 1));
}

/// `lo <= v <= hi` for each case, with lo, hi public inputs and v a witness; 10 constraints per
/// case with 16-bit limbs, the table apart.
fn signed_satisfied(cases: &[(Fr, i64, i64)], b: u32, rng: &mut StdRng) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut rc = RangeChecker::new(cs.clone(), b).unwrap();
    for (v, lo, hi) in cases {
        let lo = FpVar::new_input(cs.clone(), || Ok(fr_from_i64(*lo))).unwrap();
        let hi = FpVar::new_input(cs.clone(), || Ok(fr_from_i64(*hi))).unwrap();
        let x = FpVar::new_witness(cs.clone(), || Ok(*v)).unwrap();
        rc.check_signed_range(&x, &lo, &hi).unwrap();
    }
    let c = rc.commit().unwrap();
    let per_value = 2 * range_check_cost(64, b).unwrap();
    assert_eq!(cs.num_constraints() + c.finalize_cost(), per_value * cases.len() + (1 << b));
    if b == 16 {
        assert_eq!(per_value, 10);
    }
    finish(&cs, c, challenge(rng)).unwrap()
}

/// `check_i64` accepts exactly the i64s.
#[test]
fn i64_check() {
    let mut rng = StdRng::seed_from_u64(9);
    for (v, ok) in [
        (fr_from_i64(i64::MIN), true),
        (fr_from_i64(i64::MAX), true),
        (fr_from_i64(-1), true),
        (two(63), false),
        (-two(63) - Fr::ONE, false),
    ] {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_input(cs.clone(), || Ok(v)).unwrap();
        let mut rc = RangeChecker::new(cs.clone(), 8).unwrap();
        rc.check_i64(&x).unwrap();
        assert_eq!(finish(&cs, rc.commit().unwrap(), challenge(&mut rng)).unwrap(), ok, "{v}");
    }
}

/// Membership by lookup and by product, in and out, against the native check; costs as
/// documented.
#[test]
fn set_membership_in_and_out() {
    let mut rng = StdRng::seed_from_u64(10);
    let set: Vec<Fr> = [3u64, 17, 17, 1 << 40, 5].iter().map(|s| Fr::from(*s)).collect();
    let distinct = 4;
    let candidates: Vec<Fr> = vec![
        Fr::from(3u64),
        Fr::from(17u64),
        Fr::from(5u64),
        two(40),
        Fr::ZERO,
        Fr::from(4u64),
        -Fr::from(3u64),
        two(40) + Fr::ONE,
    ];
    for v in &candidates {
        let member = is_member(*v, &set);
        // Lookup: the value beside two members, so the table is in use either way.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut sc = SetChecker::new(cs.clone(), &set).unwrap();
        assert_eq!(sc.set().len(), distinct);
        let values = [Fr::from(3u64), *v, Fr::from(5u64)];
        for value in values {
            sc.check(&FpVar::new_witness(cs.clone(), || Ok(value)).unwrap()).unwrap();
        }
        let c = sc.commit().unwrap();
        let committed = c.committed_values().unwrap();
        let (table, m) = set_multiplicities(&values, &set);
        assert_eq!(&committed[..3], &values);
        assert_eq!(&committed[3..], m.iter().map(|m| Fr::from(*m)).collect::<Vec<_>>());
        assert_eq!(cs.num_constraints() + c.finalize_cost(), 2 * 3 + distinct);
        let x = challenge(&mut rng);
        assert_eq!(finish(&cs, c, x).unwrap(), member, "lookup {v}");
        if member {
            let (lhs, rhs) = log_derivative_sides(&values, &table, &m, x).unwrap();
            assert_eq!(lhs, rhs);
        }

        // Product, with the set as public inputs.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let set_vars: Vec<FpVar<Fr>> =
            set.iter().map(|s| FpVar::new_input(cs.clone(), || Ok(*s)).unwrap()).collect();
        let x = FpVar::new_witness(cs.clone(), || Ok(*v)).unwrap();
        enforce_member(&x, &set_vars).unwrap();
        assert_eq!(cs.num_constraints(), set.len() - 1);
        assert_eq!(cs.is_satisfied().unwrap(), member, "product {v}");
    }
    // One element; constants.
    let cs = ConstraintSystem::<Fr>::new_ref();
    let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(4u64))).unwrap();
    enforce_member(&x, &[FpVar::Constant(Fr::from(4u64))]).unwrap();
    assert!(cs.is_satisfied().unwrap());
    enforce_member(&x, &[FpVar::Constant(Fr::from(5u64))]).unwrap();
    assert!(!cs.is_satisfied().unwrap());
    let c = |v: u64| FpVar::Constant(Fr::from(v));
    assert!(enforce_member(&c(4), &[c(1), c(4)]).is_ok());
    assert!(enforce_member(&c(4), &[c(1), c(5)]).is_err());
    let mut sc = SetChecker::new(cs, &set).unwrap();
    assert!(sc.check(&c(17)).is_ok());
    assert!(sc.check(&c(18)).is_err());
}

/// A set-lookup prover who forces a non-member copy and recounts fails; a challenge on a set
/// element is an error.
#[test]
fn set_lookup_cheats_fail() {
    let mut rng = StdRng::seed_from_u64(11);
    let set = [Fr::from(10u64), Fr::from(20u64), Fr::from(30u64), Fr::from(40u64)];
    let build = |vals: &[Fr]| {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut sc = SetChecker::new(cs.clone(), &set).unwrap();
        for v in vals {
            sc.check(&FpVar::new_witness(cs.clone(), || Ok(*v)).unwrap()).unwrap();
        }
        let c = sc.commit().unwrap();
        (cs, c)
    };
    // Copy changed to a member while the value is not one: the copy constraint fails.
    let (cs, c) = build(&[Fr::from(10u64), Fr::from(25u64)]);
    let vars = c.committed_variables();
    force(&cs, vars[1], Fr::from(20u64));
    force(&cs, vars[2], Fr::ONE);
    force(&cs, vars[3], Fr::ONE);
    assert!(!finish(&cs, c, challenge(&mut rng)).unwrap());
    // Member value, multiplicity moved to another element.
    let (cs, c) = build(&[Fr::from(10u64), Fr::from(20u64)]);
    let vars = c.committed_variables();
    force(&cs, vars[3], Fr::ZERO);
    force(&cs, vars[4], Fr::ONE);
    assert!(!finish(&cs, c, challenge(&mut rng)).unwrap());
    let (cs, c) = build(&[Fr::from(10u64)]);
    assert_eq!(finish(&cs, c, Fr::from(30u64)), Err(SynthesisError::DivisionByZero));
}

/// Constraints per 64-bit check at 2^12 checks: at most 5 + 2^16 / n (setup mode, as for keys).
#[test]
fn constraints_per_64_bit_check() {
    let n = 1usize << 12;
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    let mut rc = RangeChecker::new(cs.clone(), B).unwrap();
    for _ in 0..n {
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::ZERO)).unwrap();
        rc.check(&x, 64).unwrap();
    }
    let c = rc.commit().unwrap();
    let ch = Challenge::new_input(&cs, || Ok(Fr::ZERO)).unwrap();
    c.finalize(&ch).unwrap();
    let total = cs.num_constraints();
    assert!(total * n <= 5 * n * n + (1 << 16) * n, "{total} constraints for {n} checks");
    assert_eq!(total, 5 * n + (1 << 16));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Random values near the edges of random widths: circuit == native, with small limbs.
    #[test]
    fn prop_range_circuit_matches_native(seed in any::<u64>(), w in 1u32..=64, b in 1u32..=8) {
        let mut rng = StdRng::seed_from_u64(seed);
        let edge = two(u64::from(w));
        let offsets = [-Fr::from(rng.gen_range(1u64..4)), Fr::from(rng.gen_range(0u64..4))];
        let v = edge + offsets[rng.gen_range(0..2)];
        let v = if rng.r#gen::<bool>() { v } else { Fr::from(rng.r#gen::<u64>()) };
        prop_assert_eq!(range_satisfied(b, &[(v, w)], &mut rng), fits(v, w));
    }

    /// Random signed ranges and values near their ends: circuit == native.
    #[test]
    fn prop_signed_range_matches_native(seed in any::<u64>()) {
        let mut rng = StdRng::seed_from_u64(seed);
        let lo: i64 = rng.r#gen();
        let hi: i64 = if rng.gen_bool(0.8) { rng.gen_range(lo..=i64::MAX) } else { rng.r#gen() };
        let ends = [lo, hi];
        let v = fr_from_i64(ends[rng.gen_range(0..2)]) + fr_from_i64(rng.gen_range(-2..=2));
        let b = rng.gen_range(1..=8);
        prop_assert_eq!(signed_satisfied(&[(v, lo, hi)], b, &mut rng), in_signed_range(v, lo, hi));
    }
}

/// The prover synthesizes witness-only (no matrices, no linear-combination values): the gadgets
/// assign exactly the variables, in the same order, as a full synthesis does.
#[test]
fn witness_only_synthesis_matches_full() {
    let mut rng = StdRng::seed_from_u64(12);
    let values: Vec<(Fr, u32)> = (0..8).map(|i| (Fr::from(rng.r#gen::<u32>()), 33 + i)).collect();
    let x = challenge(&mut rng);
    let run = |mode: SynthesisMode| {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(mode);
        let lo = FpVar::new_input(cs.clone(), || Ok(fr_from_i64(-3))).unwrap();
        let hi = FpVar::new_input(cs.clone(), || Ok(fr_from_i64(1 << 40))).unwrap();
        let mut rc = RangeChecker::new(cs.clone(), 8).unwrap();
        let mut sc = SetChecker::new(cs.clone(), &[Fr::from(1u64), Fr::from(2u64)]).unwrap();
        for (i, (v, w)) in values.iter().enumerate() {
            let v = FpVar::new_witness(cs.clone(), || Ok(*v)).unwrap();
            // A symbolic combination as the checked value.
            let shifted = &v + &lo - &lo;
            rc.check(&shifted, *w).unwrap();
            rc.check_signed_range(&v, &lo, &hi).unwrap();
            let bit = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1 + i as u64 % 2))).unwrap();
            sc.check(&bit).unwrap();
        }
        let (rc, sc) = (rc.commit().unwrap(), sc.commit().unwrap());
        let ch = Challenge::new_input(&cs, || Ok(x)).unwrap();
        rc.finalize(&ch).unwrap();
        sc.finalize(&ch).unwrap();
        if cs.should_construct_matrices() {
            assert!(cs.is_satisfied().unwrap());
        }
        let a = cs.borrow().unwrap().assignments.clone();
        (a.instance_assignment, a.witness_assignment)
    };
    let full =
        run(SynthesisMode::Prove { construct_matrices: true, generate_lc_assignments: true });
    let lean =
        run(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false });
    assert!(!full.1.is_empty());
    assert_eq!(full, lean);
}

/// The benchmark circuit: setup and proving agree on the layout, the committed values do not
/// depend on the challenge, both versions are satisfied and cost what they claim.
#[test]
fn range_checks_circuit() {
    let mut rng = StdRng::seed_from_u64(13);
    let mut values: Vec<u64> = (0..30).map(|_| rng.r#gen()).collect();
    values.extend([0, u64::MAX, 1 << 16, (1 << 16) - 1]);
    let n = values.len();
    let setup = ConstraintSystem::<Fr>::new_ref();
    setup.set_mode(SynthesisMode::Setup);
    let layout = RangeChecks::for_setup(n).synthesize_lookups(setup.clone(), Fr::ONE, B).unwrap();
    assert_eq!(setup.num_constraints(), 5 * n + (1 << B));
    assert_eq!(layout.committed.len(), 4 * n + (1 << B));
    assert!(layout.challenge.is_instance());
    let mut committed = Vec::new();
    for _ in 0..2 {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let circuit = RangeChecks::for_proving(values.clone());
        let l = circuit.synthesize_lookups(cs.clone(), challenge(&mut rng), B).unwrap();
        assert_eq!(l, layout);
        assert!(cs.is_satisfied().unwrap());
        committed.push(l.committed.iter().map(|v| value_of(&cs, *v)).collect::<Vec<_>>());
    }
    assert_eq!(committed[0], committed[1]);
    let cs = ConstraintSystem::<Fr>::new_ref();
    RangeChecks::for_proving(values).synthesize_bits(cs.clone()).unwrap();
    assert_eq!(cs.num_constraints(), 65 * n);
    assert!(cs.is_satisfied().unwrap());
}
