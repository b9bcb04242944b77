//! The lookup gadgets of `zkp-ledger-circuits` under the commit-and-prove prover: range checks,
//! signed ranges with public bounds and set membership in real proofs, checked by both verifiers
//! (random and Fiat–Shamir rho). At every boundary of issue 11 the value just inside proves and
//! the value just outside gives no valid proof: the prover refuses it, and forced proofs do not
//! verify, whether built from the gadgets' own witness (limbs of the value's low bits: the
//! recomposition fails) or from limbs that recompose the value exactly, with the multiplicities
//! recounted, the commitment and challenge recomputed and every inverse consistent (then only the
//! lookup identity fails). Small tables (8-bit limbs) except one check with the 2^16 table.

use ark_bn254::Fr;
use ark_ff::{Field, One, PrimeField, Zero};
use ark_r1cs_std::{alloc::AllocVar, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::lookup::{
    Challenge, RangeChecker, SetChecker,
    native::{fits, fr_from_i64},
};
use zkp_ledger_prover::{
    Error,
    commit::{
        CommitCircuit, CommitLayout, CommitPreparedKey, CommitProof, CommitVerifier, challenge,
        commit, generate_commit_keys, placeholder_challenges, prove_commit, prove_commit_unchecked,
        synthesize_commit,
    },
    groth16::Matrices,
};

/// Limb size of most tests: a table of 256 entries.
const LIMB_BITS: u32 = 8;
/// The categorical column's set (circuit constants).
const SET: [u64; 5] = [3, 5, 7, 11, 13];

/// A commit-and-prove circuit over the gadgets: public bounds `lo`, `hi` (each checked to be an
/// i64), signed values in `[lo, hi]`, unsigned values of given widths, members of [`SET`]. One
/// commitment covers both checkers' committed variables; its challenge is the last input.
#[derive(Debug, Clone)]
struct Lookups {
    bits: u32,
    lo: Fr,
    hi: Fr,
    signed: Vec<Fr>,
    unsigned: Vec<(Fr, u32)>,
    members: Vec<Fr>,
}

impl Lookups {
    fn new(bits: u32, lo: i64, hi: i64) -> Self {
        Self {
            bits,
            lo: fr_from_i64(lo),
            hi: fr_from_i64(hi),
            signed: Vec::new(),
            unsigned: Vec::new(),
            members: Vec::new(),
        }
    }

    fn signed(mut self, x: Fr) -> Self {
        self.signed.push(x);
        self
    }

    fn unsigned(mut self, x: Fr, width: u32) -> Self {
        self.unsigned.push((x, width));
        self
    }

    fn member(mut self, x: u64) -> Self {
        self.members.push(Fr::from(x));
        self
    }

    /// Every range-checked term, in the order the circuit checks it, with its width: the bounds
    /// shifted by 2^63, then `x - lo` and `hi - x` per signed value, then the unsigned values.
    fn range_terms(&self) -> Vec<(Fr, u32)> {
        let two_63 = Fr::from(1u64 << 63);
        let mut t = vec![(self.lo + two_63, 64), (self.hi + two_63, 64)];
        for x in &self.signed {
            t.push((*x - self.lo, 64));
            t.push((self.hi - *x, 64));
        }
        t.extend(self.unsigned.iter().copied());
        t
    }
}

impl CommitCircuit for Lookups {
    fn num_commitments(&self) -> usize {
        1
    }

    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<CommitLayout, SynthesisError> {
        let lo = FpVar::new_input(cs.clone(), || Ok(self.lo))?;
        let hi = FpVar::new_input(cs.clone(), || Ok(self.hi))?;
        let ch = Challenge::new_input(&cs, || {
            challenges.first().copied().ok_or(SynthesisError::AssignmentMissing)
        })?;
        let mut rc = RangeChecker::new(cs.clone(), self.bits)?;
        let mut sc = SetChecker::new(cs.clone(), &SET.map(Fr::from))?;
        rc.check_i64(&lo)?;
        rc.check_i64(&hi)?;
        for x in &self.signed {
            let x = FpVar::new_witness(cs.clone(), || Ok(*x))?;
            rc.check_signed_range(&x, &lo, &hi)?;
        }
        for (x, width) in &self.unsigned {
            let x = FpVar::new_witness(cs.clone(), || Ok(*x))?;
            rc.check(&x, *width)?;
        }
        for x in &self.members {
            let x = FpVar::new_witness(cs.clone(), || Ok(*x))?;
            sc.check(&x)?;
        }
        let (rc, sc) = (rc.commit()?, sc.commit()?);
        let mut committed = rc.committed_variables();
        committed.extend(sc.committed_variables());
        rc.finalize(&ch)?;
        sc.finalize(&ch)?;
        Ok(CommitLayout { challenges: vec![ch.variable()], committed: vec![committed] })
    }
}

struct Keys {
    key: CommitPreparedKey,
    verifier: CommitVerifier,
}

fn keys(shape: &Lookups, seed: u64) -> Keys {
    let mut rng = StdRng::seed_from_u64(seed);
    let (pk, m) = generate_commit_keys(shape, &mut rng).unwrap();
    Keys {
        verifier: CommitVerifier::new(pk.vk.clone()).unwrap(),
        key: CommitPreparedKey::new(pk, m),
    }
}

/// Both verifiers' answer (they must agree).
fn verifies(k: &Keys, proof: &CommitProof, inputs: &[Fr]) -> bool {
    let random = k.verifier.verify(proof, inputs).unwrap();
    let fs = k.verifier.verify_fiat_shamir(proof, inputs).unwrap();
    assert_eq!(random, fs, "the random-rho and Fiat-Shamir verifiers disagree");
    random
}

fn pow2(k: u32) -> Fr {
    Fr::from(2u64).pow([u64::from(k)])
}

/// Indices of the constraints `z` does not satisfy.
fn unsatisfied(m: &Matrices, z: &[Fr]) -> Vec<usize> {
    let dot = |row: &[(Fr, usize)]| row.iter().map(|(c, i)| *c * z[*i]).sum::<Fr>();
    let [a, b, c] = &m.abc;
    (0..m.num_constraints).filter(|&i| dot(&a[i]) * dot(&b[i]) != dot(&c[i])).collect()
}

/// The circuit's public inputs in a full assignment `(1, lo, hi, challenge, ...)`.
fn inputs_of(z: &[Fr]) -> Vec<Fr> {
    z[1..3].to_vec()
}

/// A forced proof from the gadgets' own witness: commitment to the values the first pass
/// computes, the real challenge, the second pass's assignment as it is, no constraint checked.
fn forced_as_synthesized(k: &Keys, c: &Lookups, rng: &mut StdRng) -> (CommitProof, Vec<Fr>) {
    let v = [Fr::from(7_777u64)];
    let z0 = synthesize_commit(c, &placeholder_challenges(1).unwrap()).unwrap().0;
    let (d, p) = k.key.commit_assignment(&z0, &v).unwrap();
    let (z, _) = synthesize_commit(c, &[challenge(&d[0]).unwrap()]).unwrap();
    let proof = prove_commit_unchecked(&k.key, &z, &v, d, p, rng).unwrap();
    (proof, z)
}

/// A forced proof whose limbs recompose every checked term exactly (the low limbs are the term's
/// low bits, the top limb takes the rest, however large), with the multiplicities recounted over
/// the table, the commitment and challenge recomputed from them, and every inverse `1/(X - f)`
/// and table quotient `m_j/(X - t_j)` recomputed for that challenge. For terms in range this is
/// the honest witness. Returns the proof and its full assignment.
///
/// Relies on the range checker's documented allocation order: the committed variables are the
/// limbs (per check, least significant first), then the multiplicities, then the set checker's;
/// `finalize` allocates one inverse per lookup (the limbs, then the shifted top limbs) and then
/// one quotient per table entry but the last, right after the last multiplicity.
fn forced_recomposed(k: &Keys, c: &Lookups, rng: &mut StdRng) -> (CommitProof, Vec<Fr>) {
    let b = c.bits;
    let table = 1usize << b;
    let mut limbs = Vec::new();
    let mut shifted = Vec::new();
    for (t, width) in c.range_terms() {
        let n = width.div_ceil(b);
        let low_word = t.into_bigint().0[0];
        let mut low = Fr::zero();
        for i in 0..n - 1 {
            let limb = Fr::from((low_word >> (i * b)) & ((1u64 << b) - 1));
            low += limb * pow2(i * b);
            limbs.push(limb);
        }
        let top = (t - low) * pow2((n - 1) * b).inverse().unwrap();
        limbs.push(top);
        if width % b != 0 {
            shifted.push(top * pow2(b - width % b));
        }
    }
    let queries: Vec<Fr> = limbs.iter().chain(&shifted).copied().collect();
    let mut m = vec![0u64; table];
    for q in &queries {
        if fits(*q, b) {
            m[q.into_bigint().0[0] as usize] += 1;
        }
    }

    let ni = k.key.key.matrices.num_instance;
    let wires = &k.key.commitments[0].wires;
    let z0 = synthesize_commit(c, &placeholder_challenges(1).unwrap()).unwrap().0;
    let range_part = limbs.len() + table;
    let mut committed: Vec<Fr> =
        limbs.iter().copied().chain(m.iter().map(|m| Fr::from(*m))).collect();
    committed.extend(wires[range_part..].iter().map(|w| z0[ni + w]));
    let v = Fr::from(4_242u64);
    let (d, p) = commit(&k.key.commitments[0], &committed, v).unwrap();
    let x = challenge(&d).unwrap();

    let (mut z, _) = synthesize_commit(c, &[x]).unwrap();
    for (w, value) in wires.iter().zip(&committed) {
        z[ni + w] = *value;
    }
    let first = ni + wires.iter().max().unwrap() + 1;
    for (i, q) in queries.iter().enumerate() {
        z[first + i] = (x - q).inverse().unwrap();
    }
    for (j, m) in m.iter().enumerate().take(table - 1) {
        z[first + queries.len() + j] = Fr::from(*m) * (x - Fr::from(j as u64)).inverse().unwrap();
    }
    let proof = prove_commit_unchecked(&k.key, &z, &[v], vec![d], vec![p], rng).unwrap();
    (proof, z)
}

/// A value just inside and one just outside, in circuits of one shape.
struct Boundary {
    name: &'static str,
    inside: Lookups,
    outside: Lookups,
    /// Whether the recomposed-limbs forgery applies (range checks; a set check has no limbs).
    limbs: bool,
    /// Whether to also make the forgery from the gadgets' own witness and the control proof of
    /// the recomposed route (off only for the large table, to keep the test quick).
    thorough: bool,
}

/// The inside value proves and verifies; the outside value is refused by the prover, and both
/// forced proofs fail. The recomposed forgery of the inside value verifies (the route is right;
/// checked when `thorough`, and always with 8-bit limbs) and that of the outside value breaks
/// exactly one constraint (the lookup identity).
fn check_boundary(k: &Keys, case: &Boundary, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let name = case.name;
    let (proof, inputs, _) = prove_commit(&k.key, &case.inside, &[None], &mut rng).unwrap();
    assert!(verifies(k, &proof, &inputs), "{name}: the inside value does not verify");

    let err = prove_commit(&k.key, &case.outside, &[None], &mut rng).unwrap_err();
    assert!(matches!(err, Error::Unsatisfied { .. }), "{name}: {err}");

    if case.thorough {
        let (forced, z) = forced_as_synthesized(k, &case.outside, &mut rng);
        assert!(!unsatisfied(&k.key.key.matrices, &z).is_empty(), "{name}");
        assert!(!verifies(k, &forced, &inputs_of(&z)), "{name}: a forced proof verified");
    }

    if case.limbs {
        if case.thorough {
            let (good, z) = forced_recomposed(k, &case.inside, &mut rng);
            assert!(unsatisfied(&k.key.key.matrices, &z).is_empty(), "{name}: control");
            assert!(verifies(k, &good, &inputs_of(&z)), "{name}: the control route fails");
        }
        let (forced, z) = forced_recomposed(k, &case.outside, &mut rng);
        assert_eq!(
            unsatisfied(&k.key.key.matrices, &z).len(),
            1,
            "{name}: the recomposed witness should break the lookup identity alone"
        );
        assert!(!verifies(k, &forced, &inputs_of(&z)), "{name}: a recomposed forgery verified");
    }
}

#[test]
fn range_signed_and_set_checks_prove_and_verify() {
    let c = Lookups::new(LIMB_BITS, -1_000, 1_000_000_000_000)
        .signed(fr_from_i64(-1_000))
        .signed(fr_from_i64(-1))
        .signed(fr_from_i64(0))
        .signed(fr_from_i64(1_000_000_000_000))
        .unsigned(Fr::from(u64::from(u16::MAX)), 16)
        .unsigned(Fr::from((1u64 << 17) - 1), 17)
        .unsigned(Fr::from(u64::MAX), 64)
        .unsigned(Fr::zero(), 64)
        .member(3)
        .member(13)
        .member(7)
        .member(7);
    let k = keys(&c, 1);
    let mut rng = StdRng::seed_from_u64(2);
    let (proof, inputs, _) = prove_commit(&k.key, &c, &[None], &mut rng).unwrap();
    assert_eq!(inputs, vec![fr_from_i64(-1_000), fr_from_i64(1_000_000_000_000)]);
    assert!(verifies(&k, &proof, &inputs));

    // The bounds are public inputs: one key serves other bounds (here the whole i64 range).
    let mut wide = c.clone();
    (wide.lo, wide.hi) = (fr_from_i64(i64::MIN), fr_from_i64(i64::MAX));
    wide.signed = [i64::MIN, i64::MAX, 0, -1].map(fr_from_i64).to_vec();
    let (p2, i2, _) = prove_commit(&k.key, &wide, &[None], &mut rng).unwrap();
    assert!(verifies(&k, &p2, &i2));

    // A proof is bound to its bounds.
    for (i, delta) in [(0, Fr::one()), (1, -Fr::one())] {
        let mut other = inputs.clone();
        other[i] += delta;
        assert!(!verifies(&k, &proof, &other), "input {i} changed");
    }
    assert!(!verifies(&k, &proof, &i2));

    // Bounds that are not i64s are refused.
    let mut big = c.clone();
    big.hi = Fr::from(u64::MAX);
    let err = prove_commit(&k.key, &big, &[None], &mut rng).unwrap_err();
    assert!(matches!(err, Error::Unsatisfied { .. }), "{err}");
}

#[test]
fn a_commitment_to_other_values_fails() {
    let c = Lookups::new(LIMB_BITS, 0, 100)
        .signed(fr_from_i64(10))
        .unsigned(Fr::from(1u64 << 40), 64)
        .member(5);
    let k = keys(&c, 3);
    let mut rng = StdRng::seed_from_u64(4);
    let (proof, inputs, _) = prove_commit(&k.key, &c, &[None], &mut rng).unwrap();
    assert!(verifies(&k, &proof, &inputs));

    // The committed values (limbs, multiplicities, the member's copy) of another valid witness
    // for the same statement.
    let other = Lookups::new(LIMB_BITS, 0, 100)
        .signed(fr_from_i64(11))
        .unsigned(Fr::from((1u64 << 40) + 1), 64)
        .member(13);
    let ni = k.key.key.matrices.num_instance;
    let wires = &k.key.commitments[0].wires;
    let values_of = |c: &Lookups| {
        let z = synthesize_commit(c, &placeholder_challenges(1).unwrap()).unwrap().0;
        wires.iter().map(|w| z[ni + w]).collect::<Vec<_>>()
    };
    let v = Fr::from(99u64);
    let (d, p) = commit(&k.key.commitments[0], &values_of(&other), v).unwrap();
    assert!(k.verifier.check_pok(0, &d, &p).unwrap(), "an honest P for the other values");
    let mut m = proof;
    m.commitments[0] = d;
    m.poks[0] = p;
    assert!(!verifies(&k, &m, &inputs));

    // A whole proof of the original witness built around that commitment (challenge H(D), C
    // blinded for it) fails; the same route with the commitment to its own values verifies.
    let (z, _) = synthesize_commit(&c, &[challenge(&d).unwrap()]).unwrap();
    let forged = prove_commit_unchecked(&k.key, &z, &[v], vec![d], vec![p], &mut rng).unwrap();
    assert!(!verifies(&k, &forged, &inputs));
    let (d0, p0) = commit(&k.key.commitments[0], &values_of(&c), v).unwrap();
    let (z0, _) = synthesize_commit(&c, &[challenge(&d0).unwrap()]).unwrap();
    let good = prove_commit_unchecked(&k.key, &z0, &[v], vec![d0], vec![p0], &mut rng).unwrap();
    assert!(verifies(&k, &good, &inputs));
}

#[test]
fn values_outside_their_range_give_no_valid_proof() {
    let r_minus = |k: u32| -pow2(k);
    let unsigned = |inside: Fr, outside: Fr, width: u32, name| Boundary {
        name,
        inside: Lookups::new(LIMB_BITS, 0, 0).unsigned(inside, width),
        outside: Lookups::new(LIMB_BITS, 0, 0).unsigned(outside, width),
        limbs: true,
        thorough: true,
    };
    let signed = |lo: i64, hi: i64, inside: Fr, outside: Fr, name| Boundary {
        name,
        inside: Lookups::new(LIMB_BITS, lo, hi).signed(inside),
        outside: Lookups::new(LIMB_BITS, lo, hi).signed(outside),
        limbs: true,
        thorough: true,
    };
    let cases = [
        unsigned(pow2(16) - Fr::one(), pow2(16), 16, "2^16 - 1 in, 2^16 out, 16 bits"),
        unsigned(pow2(17) - Fr::one(), pow2(17), 17, "2^17 - 1 in, 2^17 out, 17 bits (top limb)"),
        unsigned(pow2(64) - Fr::one(), pow2(64), 64, "2^64 - 1 in, 2^64 out, 64 bits"),
        unsigned(pow2(64) - pow2(16), -Fr::one(), 64, "r - 1 out, 64 bits"),
        unsigned(pow2(16), r_minus(16), 64, "r - 2^16 out, 64 bits"),
        unsigned(Fr::zero(), -Fr::one(), 16, "r - 1 out, 16 bits"),
        signed(
            i64::MIN,
            0,
            fr_from_i64(i64::MIN),
            fr_from_i64(i64::MIN) - Fr::one(),
            "i64::MIN in, i64::MIN - 1 out, [i64::MIN, 0]",
        ),
        signed(0, i64::MAX, Fr::zero(), -Fr::one(), "0 in, -1 = r - 1 out, [0, i64::MAX]"),
        signed(-5, 1_000, fr_from_i64(1_000), fr_from_i64(1_001), "hi in, hi + 1 out, [-5, 1000]"),
        Boundary {
            name: "set member in, non-member out",
            inside: Lookups::new(LIMB_BITS, 0, 0).member(13),
            outside: Lookups::new(LIMB_BITS, 0, 0).member(4),
            limbs: false,
            thorough: true,
        },
    ];
    for (i, case) in cases.iter().enumerate() {
        // One key per shape; cases of the same shape could share it, but 8-bit keys are cheap.
        let k = keys(&case.inside, 10 + i as u64);
        check_boundary(&k, case, 100 + i as u64);
    }
}

/// The one check with the 2^16 table (65,536 constraints): a 16-bit value is a single limb, so
/// 2^16 is off the table itself.
#[test]
fn the_16_bit_table_refuses_2_pow_16() {
    let case = Boundary {
        name: "2^16 - 1 in, 2^16 out, 16 bits, 16-bit limbs",
        inside: Lookups::new(16, 0, 0).unsigned(pow2(16) - Fr::one(), 16),
        outside: Lookups::new(16, 0, 0).unsigned(pow2(16), 16),
        limbs: true,
        thorough: false,
    };
    let k = keys(&case.inside, 20);
    assert!(k.key.key.matrices.num_constraints > 1 << 16);
    check_boundary(&k, &case, 21);
}
