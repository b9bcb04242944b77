//! The final statement circuit (plain Groth16): it opens the last chunk's chained commitment
//! `h_final` and proves the whole-dataset bounds on the totals, which stay private.
//!
//! # Statement
//!
//! Shape `(a, b)`: `a` numeric and `b` categorical columns. Public inputs, in order:
//!
//! 1. `h_final`;
//! 2. per numeric column `j`: `sum_lo_j`, `sum_hi_j`, `sumsq_hi_j`;
//! 3. per categorical column `j`: `count_lo_j`, `count_hi_j`;
//!
//! `1 + 3a + 2b` in all, negative numbers as `r - |x|`. Witness: `salt` and the state
//! `[S_1..S_a, Q_1..Q_a, E_1..E_b]` ([`super::chain`]). Constraints:
//!
//! - `chain_hash(salt, state) == h_final`;
//! - `S_j - sum_lo_j` and `sum_hi_j - S_j` below `2^128`;
//! - `sumsq_hi_j - Q_j` below `2^192`;
//! - `E_j - count_lo_j` and `count_hi_j - E_j` below `2^64`;
//!
//! each "below `2^n`" by an `n`-bit decomposition (`n + 1` constraints).
//!
//! # Limits on the bounds
//!
//! [`Bounds`] (hence [`public_inputs`]) accepts `|sum_lo|, |sum_hi| <= 2^126` with
//! `sum_lo <= sum_hi`, `0 <= sumsq_hi <= 2^191`, and `count_lo <= count_hi <= 2^63`.
//! [`Bounds::unbounded`] gives the widest of them.
//!
//! # Soundness
//!
//! Read field elements in the symmetric representation `(-r/2, r/2)`, `r ~ 2^254`.
//!
//! - **What the chunk proofs guarantee about the state.** Each value is proven in its column's
//!   range `[lo, hi]` by the chunk circuit's range checks, within 65 bits (`|v| < 2^65`), and a
//!   dataset has fewer than `2^40` rows. So the totals the chain carries are integers with
//!   `|S_j| < 2^65 * 2^40 < 2^106`, `0 <= Q_j < 2^130 * 2^40 = 2^170` and `0 <= E_j < 2^40`
//!   (no partial sum wraps the field), and the binding of `h` ([`super::chain`]) means the state
//!   opened here is that one.
//! - **Sums, two-sided.** `S - lo = t` with `0 <= t < 2^128` and `|lo| <= 2^126` give the
//!   integer `lo + t` in `[-2^126, 2^126 + 2^128)`, inside `(-r/2, r/2)`: no wrap, so `S = lo + t
//!   >= lo` as integers. Likewise `hi - S = u < 2^128` gives `S = hi - u <= hi`. Both hold for
//!   any field element `S`, so the two-sided statement is exact even without the chunk bound.
//! - **Sums of squares, one-sided.** `sumsq_hi - Q = u < 2^192` with `sumsq_hi <= 2^191` gives
//!   `Q = sumsq_hi - u` in `(-2^192, 2^191]`, no wrap; with `Q >= 0` from the chunks this is
//!   exactly `0 <= Q <= sumsq_hi`.
//! - **Counts, two-sided.** As for sums with 64-bit slacks and `0 <= lo <= hi <= 2^63`.
//! - **Completeness.** An honest state within its bounds has every slack in range: `hi - S <=
//!   2^127 < 2^128`, `sumsq_hi - Q <= 2^191 < 2^192`, `hi - E <= 2^63 < 2^64`. Bounds beyond the
//!   limits could make an honest prover fail, which is why [`public_inputs`] refuses them (the
//!   circuit needs no range check on its public inputs: by the argument above a bound beyond the
//!   limits still gives a true, only weaker or unprovable, statement).
//!
//! [`Witness::new`] checks the same inequalities natively first and names the violated bound, so
//! a false statement is an error ([`FinalViolation`]), never an invalid proof.

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;

use super::chain::{chain_hash, chain_hash_var, state_len};
use crate::{Error, Result, dataset::field_to_i128, gadgets::enforce_bits};

/// `|sum_lo|, |sum_hi| <= 2^SUM_LIMIT_BITS`.
pub const SUM_LIMIT_BITS: u32 = 126;
/// Bits of the slacks `S - sum_lo` and `sum_hi - S`.
pub const SUM_SLACK_BITS: u32 = 128;
/// `sumsq_hi <= 2^SUMSQ_LIMIT_BITS`.
pub const SUMSQ_LIMIT_BITS: u32 = 191;
/// Bits of the slack `sumsq_hi - Q`.
pub const SUMSQ_SLACK_BITS: u32 = 192;
/// `count_hi <= 2^COUNT_LIMIT_BITS`.
pub const COUNT_LIMIT_BITS: u32 = 63;
/// Bits of the slacks `E - count_lo` and `count_hi - E`.
pub const COUNT_SLACK_BITS: u32 = 64;
/// Public inputs per numeric column: sum_lo, sum_hi, sumsq_hi.
pub const INPUTS_PER_NUMERIC: usize = 3;
/// Public inputs per categorical column: count_lo, count_hi.
pub const INPUTS_PER_CATEGORICAL: usize = 2;

/// Number of public inputs for `numeric` and `categorical` columns: `1 + 3a + 2b`.
pub fn num_public(numeric: usize, categorical: usize) -> usize {
    1 + INPUTS_PER_NUMERIC * numeric + INPUTS_PER_CATEGORICAL * categorical
}

/// The whole-dataset bounds, one entry per column of each kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounds {
    /// Per numeric column, `(sum_lo, sum_hi)`: `|x| <= 2^126`, `lo <= hi`.
    pub sums: Vec<(i128, i128)>,
    /// Per numeric column, the largest sum of squares: an integer in `[0, 2^191]`.
    pub sumsq_max: Vec<BigUint>,
    /// Per categorical column, `(count_lo, count_hi)`: `lo <= hi <= 2^63`.
    pub counts: Vec<(u64, u64)>,
}

impl Bounds {
    /// The widest bounds: sums in `[-2^126, 2^126]`, sums of squares at most `2^191`, counts in
    /// `[0, 2^63]`.
    pub fn unbounded(numeric: usize, categorical: usize) -> Self {
        let s = 1i128 << SUM_LIMIT_BITS;
        Self {
            sums: vec![(-s, s); numeric],
            sumsq_max: vec![BigUint::from(1u8) << SUMSQ_LIMIT_BITS; numeric],
            counts: vec![(0, 1u64 << COUNT_LIMIT_BITS); categorical],
        }
    }

    /// Number of numeric columns.
    pub fn numeric(&self) -> usize {
        self.sums.len()
    }

    /// Number of categorical columns.
    pub fn categorical(&self) -> usize {
        self.counts.len()
    }

    /// Checks every bound against the limits (module doc).
    pub fn validate(&self) -> Result<()> {
        if self.sumsq_max.len() != self.sums.len() {
            return Err(Error::InvalidParams(format!(
                "{} sum bounds but {} sum-of-squares bounds: one of each per numeric column",
                self.sums.len(),
                self.sumsq_max.len()
            )));
        }
        let bad = |what, column, value: String, reason| {
            Err(Error::BadBound { what, column, value, reason })
        };
        let sum_limit = 1i128 << SUM_LIMIT_BITS;
        for (column, &(lo, hi)) in self.sums.iter().enumerate() {
            for (what, x) in [("sum lo", lo), ("sum hi", hi)] {
                if !(-sum_limit..=sum_limit).contains(&x) {
                    return bad(what, column, x.to_string(), "sum bounds must be within ±2^126");
                }
            }
            if lo > hi {
                return bad("sum lo", column, lo.to_string(), "above the column's sum hi");
            }
        }
        let sumsq_limit = BigUint::from(1u8) << SUMSQ_LIMIT_BITS;
        for (column, max) in self.sumsq_max.iter().enumerate() {
            if *max > sumsq_limit {
                return bad("sumsq max", column, max.to_string(), "above 2^191");
            }
        }
        for (column, &(lo, hi)) in self.counts.iter().enumerate() {
            if hi > 1u64 << COUNT_LIMIT_BITS {
                return bad("count hi", column, hi.to_string(), "above 2^63");
            }
            if lo > hi {
                return bad("count lo", column, lo.to_string(), "above the column's count hi");
            }
        }
        Ok(())
    }
}

/// The public inputs in circuit order for `h_final` and `bounds` (validated first).
pub fn public_inputs(h_final: Fr, bounds: &Bounds) -> Result<Vec<Fr>> {
    bounds.validate()?;
    let mut out = Vec::with_capacity(num_public(bounds.numeric(), bounds.categorical()));
    out.push(h_final);
    for ((lo, hi), max) in bounds.sums.iter().zip(&bounds.sumsq_max) {
        out.extend([Fr::from(*lo), Fr::from(*hi), Fr::from(max.clone())]);
    }
    for (lo, hi) in &bounds.counts {
        out.extend([Fr::from(*lo), Fr::from(*hi)]);
    }
    Ok(out)
}

/// A bound the totals break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FinalViolation {
    /// A column sum below its lower bound.
    #[error("sum of column {column} is {sum}, below the bound {lo}")]
    SumBelow {
        /// Numeric column index.
        column: usize,
        /// The sum.
        sum: i128,
        /// The bound.
        lo: i128,
    },
    /// A column sum above its upper bound.
    #[error("sum of column {column} is {sum}, above the bound {hi}")]
    SumAbove {
        /// Numeric column index.
        column: usize,
        /// The sum.
        sum: i128,
        /// The bound.
        hi: i128,
    },
    /// A column sum of squares above its bound.
    #[error("sum of squares of column {column} is {sumsq}, above the bound {max}")]
    SumSqAbove {
        /// Numeric column index.
        column: usize,
        /// The sum of squares (the field element's canonical integer).
        sumsq: BigUint,
        /// The bound.
        max: BigUint,
    },
    /// A count below its lower bound.
    #[error("count of categorical column {column} is {count}, below the bound {lo}")]
    CountBelow {
        /// Categorical column index.
        column: usize,
        /// The count.
        count: u64,
        /// The bound.
        lo: u64,
    },
    /// A count above its upper bound.
    #[error("count of categorical column {column} is {count}, above the bound {hi}")]
    CountAbove {
        /// Categorical column index.
        column: usize,
        /// The count.
        count: u64,
        /// The bound.
        hi: u64,
    },
    /// A state element that no dataset can produce (a sum beyond i128, a count beyond u64).
    #[error("{what} of column {column} is not a possible total (field element {value})")]
    NotATotal {
        /// "sum" or "count".
        what: &'static str,
        /// Column index within its kind.
        column: usize,
        /// The field element, as its canonical integer.
        value: BigUint,
    },
}

/// `x` as a u64, if it is one.
fn field_to_u64(x: Fr) -> Option<u64> {
    let limbs = x.into_bigint().0;
    (limbs[1..].iter().all(|l| *l == 0)).then_some(limbs[0])
}

/// `x`'s canonical integer.
fn field_to_biguint(x: Fr) -> BigUint {
    BigUint::from_bytes_le(&x.into_bigint().to_bytes_le())
}

/// The native twin of the circuit's bound checks: `Ok` iff every total is within its bounds
/// (`state` is `[S.., Q.., E..]` for the bounds' shape). A sum of squares is compared as the
/// field element's canonical integer, so a "negative" one (which no dataset produces) is refused
/// as above its bound.
pub fn check(state: &[Fr], bounds: &Bounds) -> Result<()> {
    bounds.validate()?;
    let (a, b) = (bounds.numeric(), bounds.categorical());
    if state.len() != state_len(a, b) {
        return Err(Error::InvalidParams(format!(
            "the state has {} elements, the shape ({a}, {b}) needs {}",
            state.len(),
            state_len(a, b)
        )));
    }
    for (column, ((lo, hi), max)) in bounds.sums.iter().zip(&bounds.sumsq_max).enumerate() {
        let s = state[column];
        let sum = field_to_i128(s).ok_or_else(|| FinalViolation::NotATotal {
            what: "sum",
            column,
            value: field_to_biguint(s),
        })?;
        if sum < *lo {
            return Err(FinalViolation::SumBelow { column, sum, lo: *lo }.into());
        }
        if sum > *hi {
            return Err(FinalViolation::SumAbove { column, sum, hi: *hi }.into());
        }
        let sumsq = field_to_biguint(state[a + column]);
        if sumsq > *max {
            return Err(FinalViolation::SumSqAbove { column, sumsq, max: max.clone() }.into());
        }
    }
    for (column, (lo, hi)) in bounds.counts.iter().enumerate() {
        let e = state[2 * a + column];
        let count = field_to_u64(e).ok_or_else(|| FinalViolation::NotATotal {
            what: "count",
            column,
            value: field_to_biguint(e),
        })?;
        if count < *lo {
            return Err(FinalViolation::CountBelow { column, count, lo: *lo }.into());
        }
        if count > *hi {
            return Err(FinalViolation::CountAbove { column, count, hi: *hi }.into());
        }
    }
    Ok(())
}

/// Everything the prover assigns, as raw field elements (so tests can tamper with any of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// The salt of `h_final` (private).
    pub salt: Fr,
    /// The state `[S.., Q.., E..]` (private).
    pub state: Vec<Fr>,
    /// The public inputs in circuit order ([`public_inputs`]).
    pub public: Vec<Fr>,
}

impl Witness {
    /// Builds the witness, checking the totals against the bounds natively first: an `Err` here
    /// means no proof can exist, and says which bound is broken. `h_final` is computed from
    /// `salt` and `state`.
    pub fn new(salt: Fr, state: Vec<Fr>, bounds: &Bounds) -> Result<Self> {
        check(&state, bounds)?;
        let h_final = chain_hash(salt, &state)?;
        let public = public_inputs(h_final, bounds)?;
        Ok(Self { salt, state, public })
    }

    /// The commitment opened: the first public input.
    pub fn h_final(&self) -> Fr {
        self.public.first().copied().unwrap_or_else(Fr::zero)
    }
}

/// The final statement circuit for `numeric` and `categorical` columns, with the witness when
/// proving (`None` at setup).
#[derive(Debug, Clone)]
pub struct Finalize {
    /// Numeric columns (`a`).
    pub numeric: usize,
    /// Categorical columns (`b`).
    pub categorical: usize,
    /// The witness; `None` for key generation.
    pub witness: Option<Witness>,
}

impl Finalize {
    /// The circuit shape for key generation.
    pub fn for_setup(numeric: usize, categorical: usize) -> Self {
        Self { numeric, categorical, witness: None }
    }

    /// The circuit with a witness for proving (built by [`Witness::new`], or tampered with in
    /// tests: only its lengths are checked here).
    pub fn for_proving(numeric: usize, categorical: usize, witness: Witness) -> Result<Self> {
        if witness.state.len() != state_len(numeric, categorical)
            || witness.public.len() != num_public(numeric, categorical)
        {
            return Err(Error::InvalidParams(format!(
                "witness with {} state elements and {} public inputs; the shape ({numeric}, \
                 {categorical}) needs {} and {}",
                witness.state.len(),
                witness.public.len(),
                state_len(numeric, categorical),
                num_public(numeric, categorical)
            )));
        }
        Ok(Self { numeric, categorical, witness: Some(witness) })
    }

    /// Proving circuit from totals and bounds in one step ([`Witness::new`] then
    /// [`Finalize::for_proving`]).
    pub fn prove_bounds(salt: Fr, state: Vec<Fr>, bounds: &Bounds) -> Result<Self> {
        Self::for_proving(
            bounds.numeric(),
            bounds.categorical(),
            Witness::new(salt, state, bounds)?,
        )
    }

    /// Number of public inputs.
    pub fn num_public(&self) -> usize {
        num_public(self.numeric, self.categorical)
    }
}

impl ConstraintSynthesizer<Fr> for Finalize {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let (a, b) = (self.numeric, self.categorical);
        let w = self.witness.as_ref();
        let missing = || SynthesisError::AssignmentMissing;
        let mut next = 0usize;
        let mut input = || {
            let i = next;
            next += 1;
            FpVar::new_input(cs.clone(), || {
                w.and_then(|w| w.public.get(i).copied()).ok_or_else(missing)
            })
        };

        // Public inputs, in the documented order.
        let h_final = input()?;
        let mut sums = Vec::with_capacity(a);
        for _ in 0..a {
            sums.push((input()?, input()?, input()?));
        }
        let mut counts = Vec::with_capacity(b);
        for _ in 0..b {
            counts.push((input()?, input()?));
        }

        // The opening of h_final.
        let salt = FpVar::new_witness(cs.clone(), || w.map(|w| w.salt).ok_or_else(missing))?;
        let state = (0..state_len(a, b))
            .map(|i| {
                FpVar::new_witness(cs.clone(), || {
                    w.and_then(|w| w.state.get(i).copied()).ok_or_else(missing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        chain_hash_var(&salt, &state)?.enforce_equal(&h_final)?;

        // The bounds, as bit-length checks of the slacks (exact integer comparisons: module doc).
        for (j, (lo, hi, sumsq_hi)) in sums.iter().enumerate() {
            let (s, q) = (&state[j], &state[a + j]);
            enforce_bits(&cs, &(s - lo), SUM_SLACK_BITS)?;
            enforce_bits(&cs, &(hi - s), SUM_SLACK_BITS)?;
            enforce_bits(&cs, &(sumsq_hi - q), SUMSQ_SLACK_BITS)?;
        }
        for (j, (lo, hi)) in counts.iter().enumerate() {
            let e = &state[2 * a + j];
            enforce_bits(&cs, &(e - lo), COUNT_SLACK_BITS)?;
            enforce_bits(&cs, &(hi - e), COUNT_SLACK_BITS)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use ark_relations::gr1cs::{ConstraintSystem, SynthesisMode};

    use super::*;

    fn satisfied(c: Finalize) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        c.generate_constraints(cs.clone()).unwrap();
        cs.is_satisfied().unwrap()
    }

    fn state(sums: &[i128], sumsqs: &[u128], counts: &[u64]) -> Vec<Fr> {
        let mut s: Vec<Fr> = sums.iter().map(|x| Fr::from(*x)).collect();
        s.extend(sumsqs.iter().map(|x| Fr::from(*x)));
        s.extend(counts.iter().map(|x| Fr::from(*x)));
        s
    }

    /// Constraint count of the (7, 1) shape, and of (1, 0) for the per-column cost.
    #[test]
    fn constraint_counts() {
        for (a, b) in [(1, 0), (0, 1), (7, 1)] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            cs.set_mode(SynthesisMode::Setup);
            Finalize::for_setup(a, b).generate_constraints(cs.clone()).unwrap();
            assert_eq!(cs.num_instance_variables(), 1 + num_public(a, b));
            println!("finalize ({a}, {b}): {} constraints", cs.num_constraints());
        }
        // (7, 1): the chain over 15 elements (Poseidon(8) twice, Poseidon(2) once: 402 + 402 +
        // 240), its equality, 7 x (129 + 129 + 193) for the numeric slacks, 2 x 65 for the count.
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(SynthesisMode::Setup);
        Finalize::for_setup(7, 1).generate_constraints(cs.clone()).unwrap();
        assert_eq!(cs.num_constraints(), 1044 + 1 + 7 * (129 + 129 + 193) + 2 * 65);
    }

    #[test]
    fn honest_boundaries_satisfy_and_forced_violations_do_not() {
        let bounds = Bounds {
            sums: vec![(-50, 100)],
            sumsq_max: vec![BigUint::from(1000u32)],
            counts: vec![(3, 9)],
        };
        let salt = Fr::from(777u64);
        for (s, q, e) in [(-50, 1000, 3), (100, 0, 9), (0, 999, 5)] {
            let c = Finalize::prove_bounds(salt, state(&[s], &[q], &[e]), &bounds).unwrap();
            assert!(satisfied(c), "({s}, {q}, {e})");
        }
        // Forced witnesses (the native check bypassed) one step beyond each bound.
        let honest = Witness::new(salt, state(&[0], &[0], &[5]), &bounds).unwrap();
        for (s, q, e) in [(-51, 0, 5), (101, 0, 5), (0, 1001, 5), (0, 0, 2), (0, 0, 10)] {
            let mut w = honest.clone();
            w.state = state(&[s], &[q], &[e]);
            w.public[0] = chain_hash(salt, &w.state).unwrap();
            assert!(!satisfied(Finalize::for_proving(1, 1, w).unwrap()), "({s}, {q}, {e})");
        }
        // Another salt: the opening fails.
        let mut w = honest;
        w.salt += Fr::from(1u64);
        assert!(!satisfied(Finalize::for_proving(1, 1, w).unwrap()));
    }

    #[test]
    fn widest_bounds_are_accepted_and_beyond_them_refused() {
        let wide = Bounds::unbounded(2, 1);
        wide.validate().unwrap();
        let ins = public_inputs(Fr::from(5u64), &wide).unwrap();
        assert_eq!(ins.len(), num_public(2, 1));
        let s = 1i128 << 126;
        assert_eq!(ins[1], -Fr::from(s));
        assert_eq!(ins[3], Fr::from(BigUint::from(1u8) << 191));
        // The extreme sums prove at both ends (slacks reach 2^127 but stay below 2^128).
        let st = state(&[s, -s], &[0, 0], &[1u64 << 63]);
        let mut st2 = st.clone();
        st2[2] = Fr::from(BigUint::from(1u8) << 191);
        for st in [st, st2] {
            assert!(satisfied(Finalize::prove_bounds(Fr::from(1u64), st, &wide).unwrap()));
        }

        let mut b = wide.clone();
        b.sums[1].1 = s + 1;
        assert!(matches!(b.validate(), Err(Error::BadBound { what: "sum hi", column: 1, .. })));
        let mut b = wide.clone();
        b.sums[0] = (5, 4);
        assert!(matches!(b.validate(), Err(Error::BadBound { what: "sum lo", column: 0, .. })));
        let mut b = wide.clone();
        b.sumsq_max[1] += 1u8;
        assert!(matches!(public_inputs(Fr::zero(), &b), Err(Error::BadBound { .. })));
        let mut b = wide.clone();
        b.counts[0].1 += 1;
        assert!(matches!(b.validate(), Err(Error::BadBound { what: "count hi", .. })));
        let mut b = wide;
        b.sumsq_max.pop();
        assert!(matches!(b.validate(), Err(Error::InvalidParams(_))));
    }

    #[test]
    fn violations_are_named() {
        let bounds = Bounds {
            sums: vec![(0, 10), (-5, 1000)],
            sumsq_max: vec![BigUint::from(100u32), BigUint::from(50u32)],
            counts: vec![(1, 2)],
        };
        let err = Witness::new(Fr::zero(), state(&[3, 1234], &[9, 9], &[1]), &bounds).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the totals do not satisfy the statement: sum of column 1 is 1234, above the bound 1000"
        );
        let err = Witness::new(Fr::zero(), state(&[3, 4], &[9, 51], &[1]), &bounds).unwrap_err();
        assert!(matches!(err, Error::Final(FinalViolation::SumSqAbove { column: 1, .. })));
        let mut st = state(&[3, 4], &[9, 9], &[1]);
        st[4] = -Fr::from(1u64);
        let err = Witness::new(Fr::zero(), st, &bounds).unwrap_err();
        assert!(matches!(err, Error::Final(FinalViolation::NotATotal { what: "count", .. })));
    }
}
