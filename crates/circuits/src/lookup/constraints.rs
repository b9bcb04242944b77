//! The lookup gadgets' constraints: the range and set checkers in their two phases, the shared
//! log-derivative argument, and set membership by a product.

use std::collections::HashMap;

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field, batch_inversion};
use ark_r1cs_std::{GR1CSVar, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};

use super::{
    MAX_LIMB_BITS, MAX_WIDTH,
    native::{
        check_limb_bits, check_params, dedup, fits, is_member, limb_count, limbs_unchecked,
        partial_top_bits,
    },
};
use crate::gadgets::{ValueOpt, pow2};

/// `2^63`, the offset that maps an i64 to `[0, 2^64)`.
fn two_63() -> Fr {
    pow2(63)
}

/// `2^shift` for a top limb's shift (below 16), without an exponentiation each time.
fn shift_weight(shift: u32) -> Fr {
    thread_local! {
        static WEIGHTS: Vec<Fr> = (0..MAX_LIMB_BITS).map(pow2).collect();
    }
    WEIGHTS.with(|w| w.get(shift as usize).copied()).unwrap_or_else(|| pow2(shift))
}

/// A value to check: a constant known while synthesizing, or a linear combination and its value
/// (absent in setup mode).
enum Term {
    Constant(Fr),
    Lc(LinearCombination<Fr>, Option<Fr>),
}

impl Term {
    /// The linear combination and its value (a constant as `c * One`).
    fn into_lc(self) -> (LinearCombination<Fr>, Option<Fr>) {
        match self {
            Self::Constant(c) => (LinearCombination::from((c, Variable::One)), Some(c)),
            Self::Lc(lc, v) => (lc, v),
        }
    }

    fn of(x: &FpVar<Fr>) -> Self {
        match x {
            FpVar::Constant(c) => Self::Constant(*c),
            FpVar::Var(a) => Self::Lc(LinearCombination::from(a.variable), x.value_opt()),
        }
    }

    fn minus(self, other: Self) -> Self {
        match (self, other) {
            (Self::Constant(a), Self::Constant(b)) => Self::Constant(a - b),
            (Self::Constant(a), Self::Lc(b, bv)) => {
                Self::Lc(LinearCombination::from((a, Variable::One)) - b, bv.map(|bv| a - bv))
            }
            (Self::Lc(a, av), Self::Constant(b)) => {
                Self::Lc(a - (b, Variable::One), av.map(|av| av - b))
            }
            (Self::Lc(a, av), Self::Lc(b, bv)) => {
                Self::Lc(a - b, av.zip(bv).map(|(av, bv)| av - bv))
            }
        }
    }
}

/// The error for a gadget misused by the circuit that calls it (bad parameters, a constant
/// challenge, a constant out of range): a circuit with such a call has no valid proof.
const MISUSE: SynthesisError = SynthesisError::Unsatisfiable;

/// The lookup challenge `X`: a public input of the circuit.
///
/// It can only be made from a public input variable, never from a constant or a private witness.
/// Soundness needs more than the type can say: `X` must be derived (by the prover and, from the
/// proof, by the verifier) from a commitment to every variable that
/// [`Committed::committed_variables`] lists, for every checker of the circuit, made before `X`
/// is known. With a constant `X`, or one the prover may choose, any value passes.
#[derive(Debug, Clone)]
pub struct Challenge {
    variable: Variable,
    value: Option<Fr>,
}

impl Challenge {
    /// Allocates the challenge as a new public input with value `f()` (not called in setup mode).
    pub fn new_input(
        cs: &ConstraintSystemRef<Fr>,
        f: impl FnOnce() -> Result<Fr, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let mut value = None;
        let variable = cs.new_input_variable(|| {
            let v = f()?;
            value = Some(v);
            Ok(v)
        })?;
        Ok(Self { variable, value })
    }

    /// The challenge held by a public input the caller allocated.
    ///
    /// Errors with [`SynthesisError::Unsatisfiable`] for a constant or a private witness.
    pub fn from_public_input(x: &FpVar<Fr>) -> Result<Self, SynthesisError> {
        match x {
            FpVar::Var(a) if a.variable.is_instance() => {
                Ok(Self { variable: a.variable, value: x.value_opt() })
            }
            _ => Err(MISUSE),
        }
    }

    /// The public input variable.
    pub fn variable(&self) -> Variable {
        self.variable
    }

    /// Its value (absent in setup mode).
    pub fn value(&self) -> Option<Fr> {
        self.value
    }
}

/// Phase 1 of range checks: a builder that collects every range check of one circuit against one
/// shared table `0..2^b`.
///
/// [`check`](Self::check) allocates a value's limbs (values fixed by the checked value alone)
/// and its recomposition constraint; [`commit`](Self::commit) allocates the table's
/// multiplicities and ends the phase. Nothing here depends on the challenge.
#[derive(Debug)]
pub struct RangeChecker {
    cs: ConstraintSystemRef<Fr>,
    bits_per_limb: u32,
    /// `2^(k b)` for every limb position `k`.
    weights: Vec<Fr>,
    limbs: Vec<Variable>,
    shifted: Vec<(Variable, u32)>,
}

impl RangeChecker {
    /// A range checker with limbs of `bits_per_limb` bits (1..=16; the table has
    /// `2^bits_per_limb` entries and costs as many constraints, once).
    ///
    /// Errors with [`SynthesisError::Unsatisfiable`] for a limb size outside 1..=16.
    pub fn new(cs: ConstraintSystemRef<Fr>, bits_per_limb: u32) -> Result<Self, SynthesisError> {
        check_limb_bits(bits_per_limb).map_err(|_| MISUSE)?;
        let weights =
            (0..limb_count(MAX_WIDTH, bits_per_limb)).map(|k| pow2(k * bits_per_limb)).collect();
        Ok(Self { cs, bits_per_limb, weights, limbs: Vec::new(), shifted: Vec::new() })
    }

    /// Bits per limb.
    pub fn bits_per_limb(&self) -> u32 {
        self.bits_per_limb
    }

    /// Table lookups registered so far (one constraint each once finalized).
    pub fn lookups(&self) -> usize {
        self.limbs.len() + self.shifted.len()
    }

    /// Enforces `0 <= x < 2^width_bits` (as an integer in `[0, r)`), for `width_bits` in 1..=64.
    ///
    /// Allocates `ceil(width / b)` limbs and one recomposition constraint now; each limb costs one
    /// constraint at [`Committed::finalize`], and the top limb one more when `b` does not divide
    /// the width (it is also looked up shifted left by `b - width mod b` bits, so it lies below
    /// `2^(width mod b)`). A 64-bit check with 16-bit limbs costs 5 constraints.
    ///
    /// A constant `x` is checked here and costs nothing. Errors with
    /// [`SynthesisError::Unsatisfiable`] for a width outside 1..=64 or a constant out of range.
    pub fn check(&mut self, x: &FpVar<Fr>, width_bits: u32) -> Result<(), SynthesisError> {
        self.check_term(Term::of(x), width_bits)
    }

    /// Enforces `lo <= x <= hi` for i64-valued `lo`, `hi` (negative numbers as `r - |v|`; they
    /// may be public inputs or constants): `x - lo` and `hi - x` are each below 2^64. Two 64-bit
    /// checks: 10 constraints with 16-bit limbs.
    ///
    /// Both differences below 2^64 means `x = lo + a` with `0 <= a <= hi - lo` as integers (their
    /// sum is `hi - lo` modulo `r`, and two numbers below 2^64 cannot add up to `r + hi - lo`), so
    /// `x` is the field element of an i64 in `[lo, hi]`; with `hi < lo` nothing passes. A value
    /// near `r` ("negative") fails `[0, hi]` because `x - 0` is not below 2^64. The caller must
    /// make sure `lo` and `hi` are i64s (for example with [`check_i64`](Self::check_i64) on a
    /// public input); for field elements beyond the i64 range the statement is only "`x` is
    /// within 2^64 above `lo` and below `hi`".
    pub fn check_signed_range(
        &mut self,
        x: &FpVar<Fr>,
        lo: &FpVar<Fr>,
        hi: &FpVar<Fr>,
    ) -> Result<(), SynthesisError> {
        self.check_term(Term::of(x).minus(Term::of(lo)), MAX_WIDTH)?;
        self.check_term(Term::of(hi).minus(Term::of(x)), MAX_WIDTH)
    }

    /// Enforces that `x` is the field element of an i64: `x + 2^63` is below 2^64 (5 constraints
    /// with 16-bit limbs).
    pub fn check_i64(&mut self, x: &FpVar<Fr>) -> Result<(), SynthesisError> {
        self.check_term(Term::of(x).minus(Term::Constant(-two_63())), MAX_WIDTH)
    }

    /// Enforces `(a - b) * sel` in `[0, 2^width_bits)` with one recomposition constraint
    /// `(a - b) * sel = sum_k 2^(b k) limb_k`, and returns that sum (its linear combination and
    /// value) for the caller to reuse. With `sel = 1` this is [`check`](Self::check) of `a - b`; with
    /// `sel = 0` the limbs are zero and nothing is said about `a - b`. `sel` must be constrained
    /// boolean by the caller. The mask costs no extra constraint.
    pub fn check_masked_difference(
        &mut self,
        a: &FpVar<Fr>,
        b: &FpVar<Fr>,
        sel: &FpVar<Fr>,
        width_bits: u32,
    ) -> Result<(LinearCombination<Fr>, Option<Fr>), SynthesisError> {
        let bl = self.bits_per_limb;
        check_params(width_bits, bl).map_err(|_| MISUSE)?;
        let (diff, diff_value) = Term::of(a).minus(Term::of(b)).into_lc();
        let (sel_lc, sel_value) = Term::of(sel).into_lc();
        let masked = diff_value.zip(sel_value).map(|(d, s)| d * s);
        let limbs = masked.map(|v| limbs_unchecked(v, width_bits, bl));
        let mut recomposed = LinearCombination::zero();
        let mut top = Variable::Zero;
        for (k, weight) in self.weights.iter().take(limb_count(width_bits, bl) as usize).enumerate()
        {
            let limb = self.cs.new_witness_variable(|| {
                limbs
                    .as_ref()
                    .and_then(|l| l.get(k))
                    .map(|l| Fr::from(*l))
                    .ok_or(SynthesisError::AssignmentMissing)
            })?;
            recomposed.0.push((*weight, limb));
            self.limbs.push(limb);
            top = limb;
        }
        if let Some(top_bits) = partial_top_bits(width_bits, bl) {
            self.shifted.push((top, bl - top_bits));
        }
        let out = recomposed.clone();
        self.cs.enforce_r1cs_constraint(|| diff, || sel_lc, || recomposed)?;
        Ok((out, masked))
    }

    fn check_term(&mut self, x: Term, width_bits: u32) -> Result<(), SynthesisError> {
        let b = self.bits_per_limb;
        check_params(width_bits, b).map_err(|_| MISUSE)?;
        let (x, value) = match x {
            Term::Constant(c) => return if fits(c, width_bits) { Ok(()) } else { Err(MISUSE) },
            Term::Lc(x, value) => (x, value),
        };
        let limbs = value.map(|v| limbs_unchecked(v, width_bits, b));
        let mut recomposed = LinearCombination::zero();
        let mut top = Variable::Zero;
        for (k, weight) in self.weights.iter().take(limb_count(width_bits, b) as usize).enumerate()
        {
            let limb = self.cs.new_witness_variable(|| {
                limbs
                    .as_ref()
                    .and_then(|l| l.get(k))
                    .map(|l| Fr::from(*l))
                    .ok_or(SynthesisError::AssignmentMissing)
            })?;
            recomposed.0.push((*weight, limb));
            self.limbs.push(limb);
            top = limb;
        }
        if let Some(top_bits) = partial_top_bits(width_bits, b) {
            self.shifted.push((top, b - top_bits));
        }
        self.cs.enforce_r1cs_constraint(|| recomposed, || Variable::One.into(), || x)
    }

    /// Ends phase 1: counts how often each table entry is looked up (from the limbs' assigned
    /// values) and allocates those multiplicities, `2^b` private witnesses. Without any check the
    /// table is left out and costs nothing.
    pub fn commit(self) -> Result<Committed, SynthesisError> {
        let b = self.bits_per_limb;
        let position = move |v: Fr| fits(v, b).then(|| limbs_unchecked(v, b, b)[0] as usize);
        Committed::new(self.cs, Table::Range(b), self.limbs, self.shifted, position)
    }
}

/// Phase 1 of set membership by lookup: a builder that collects values that must each be one
/// of a fixed set, checked against one table holding the set.
///
/// Per value: a private copy (fixed before the challenge) equal to it, 1 constraint, and one
/// lookup, 1 constraint at [`Committed::finalize`]; the table costs one constraint per element,
/// once. Compare [`enforce_member`] (`k - 1` constraints per value, no challenge, the set may be
/// public inputs): for `n` values and `k` elements the lookup costs `2n + k`, the product
/// `n (k - 1)`, so the lookup pays from 4 elements on (for `n` above `k / (k - 3)`).
#[derive(Debug)]
pub struct SetChecker {
    cs: ConstraintSystemRef<Fr>,
    set: Vec<Fr>,
    copies: Vec<Variable>,
}

impl SetChecker {
    /// A checker for membership in `set` (constants of the circuit; repeated elements are kept
    /// once).
    ///
    /// Errors with [`SynthesisError::Unsatisfiable`] for an empty set.
    pub fn new(cs: ConstraintSystemRef<Fr>, set: &[Fr]) -> Result<Self, SynthesisError> {
        if set.is_empty() {
            return Err(MISUSE);
        }
        Ok(Self { cs, set: dedup(set), copies: Vec::new() })
    }

    /// The set without repetitions: the table, in order.
    pub fn set(&self) -> &[Fr] {
        &self.set
    }

    /// Enforces that `x` is in the set. A constant is checked here and costs nothing (errors with
    /// [`SynthesisError::Unsatisfiable`] when it is not a member).
    pub fn check(&mut self, x: &FpVar<Fr>) -> Result<(), SynthesisError> {
        let (x, value) = match Term::of(x) {
            Term::Constant(c) => return if is_member(c, &self.set) { Ok(()) } else { Err(MISUSE) },
            Term::Lc(x, value) => (x, value),
        };
        let copy =
            self.cs.new_witness_variable(|| value.ok_or(SynthesisError::AssignmentMissing))?;
        self.copies.push(copy);
        self.cs.enforce_r1cs_constraint(|| copy.into(), || Variable::One.into(), || x)
    }

    /// Ends phase 1: counts each element's lookups and allocates the multiplicities, one private
    /// witness per element. Without any check the table is left out and costs nothing.
    pub fn commit(self) -> Result<Committed, SynthesisError> {
        let index: HashMap<Fr, usize> = self.set.iter().enumerate().map(|(j, s)| (*s, j)).collect();
        let position = move |v: Fr| index.get(&v).copied();
        Committed::new(self.cs, Table::Set(self.set), self.copies, Vec::new(), position)
    }
}

/// Membership in a set given as public inputs (a statement's parameter rather than a circuit
/// constant), by a log-derivative lookup.
///
/// A table entry the prover could choose after seeing the challenge would break the argument
/// (module docs), and public inputs are the prover's to choose. So each element is copied into a
/// witness variable (one linking constraint each) that is **committed** with the lookups
/// ([`Committed::committed_variables`] lists the copies): the entries are fixed before the
/// challenge like every looked-up value, and the linking constraints tie them to the public
/// inputs. Repeated elements are allowed (padding a short set by repeating an element): every
/// lookup of a value counts at its first occurrence.
///
/// Costs `k` (linking) `+ k` (table side at finalize) constraints once, and per value 1 for the
/// copy plus 1 lookup.
#[derive(Debug)]
pub struct PublicSetChecker {
    cs: ConstraintSystemRef<Fr>,
    entries: Vec<Variable>,
    values: Option<Vec<Fr>>,
    copies: Vec<Variable>,
}

impl PublicSetChecker {
    /// A checker for membership in `set`, whose elements are usually public inputs. Errors with
    /// [`SynthesisError::Unsatisfiable`] for an empty set.
    pub fn new(cs: ConstraintSystemRef<Fr>, set: &[FpVar<Fr>]) -> Result<Self, SynthesisError> {
        if set.is_empty() {
            return Err(MISUSE);
        }
        let values: Option<Vec<Fr>> = set.iter().map(ValueOpt::value_opt).collect();
        let mut entries = Vec::with_capacity(set.len());
        for (i, s) in set.iter().enumerate() {
            let copy = cs.new_witness_variable(|| {
                values
                    .as_ref()
                    .and_then(|v| v.get(i))
                    .copied()
                    .ok_or(SynthesisError::AssignmentMissing)
            })?;
            let (lc, _) = Term::of(s).into_lc();
            cs.enforce_r1cs_constraint(|| copy.into(), || Variable::One.into(), || lc)?;
            entries.push(copy);
        }
        Ok(Self { cs, entries, values, copies: Vec::new() })
    }

    /// Enforces that `x` is in the set where `sel = 1`; where `sel = 0` the lookup is of the
    /// first element and says nothing about `x`. One constraint,
    /// `(x - s_0) * sel = copy - s_0`, plus the lookup of `copy`. `sel` must be constrained
    /// boolean by the caller.
    pub fn check_masked(&mut self, x: &FpVar<Fr>, sel: &FpVar<Fr>) -> Result<(), SynthesisError> {
        let s0 = self.entries[0];
        let s0_value = self.values.as_ref().and_then(|v| v.first().copied());
        let (x_lc, x_value) = Term::of(x).into_lc();
        let (sel_lc, sel_value) = Term::of(sel).into_lc();
        let copy_value = match (x_value, sel_value, s0_value) {
            (Some(x), Some(t), Some(s0)) => Some(s0 + (x - s0) * t),
            _ => None,
        };
        let copy =
            self.cs.new_witness_variable(|| copy_value.ok_or(SynthesisError::AssignmentMissing))?;
        self.copies.push(copy);
        self.cs.enforce_r1cs_constraint(
            || x_lc - s0,
            || sel_lc,
            || LinearCombination::from(copy) - s0,
        )
    }

    /// Ends phase 1 (see [`SetChecker::commit`]); the entries' copies are committed too.
    pub fn commit(self) -> Result<Committed, SynthesisError> {
        let mut index: HashMap<Fr, usize> = HashMap::new();
        if let Some(values) = &self.values {
            for (j, s) in values.iter().enumerate() {
                index.entry(*s).or_insert(j);
            }
        }
        let position = move |v: Fr| index.get(&v).copied();
        Committed::new(self.cs, Table::Vars(self.entries), self.copies, Vec::new(), position)
    }
}

/// A lookup table: `0..2^b`, a set of constants, or committed copies of public inputs.
#[derive(Debug)]
enum Table {
    Range(u32),
    Set(Vec<Fr>),
    /// Entries held by committed witness variables (copies of public inputs).
    Vars(Vec<Variable>),
}

impl Table {
    fn len(&self) -> usize {
        match self {
            Self::Range(b) => 1 << b,
            Self::Set(s) => s.len(),
            Self::Vars(v) => v.len(),
        }
    }

    /// Each entry as `c * var` (constants as `c * One`).
    fn entries(&self) -> Vec<(Fr, Variable)> {
        match self {
            Self::Range(b) => (0..1u64 << b).map(|t| (Fr::from(t), Variable::One)).collect(),
            Self::Set(s) => s.iter().map(|t| (*t, Variable::One)).collect(),
            Self::Vars(v) => v.iter().map(|v| (Fr::ONE, *v)).collect(),
        }
    }

    /// Table variables that must be committed with the lookups.
    fn variables(&self) -> &[Variable] {
        match self {
            Self::Vars(v) => v,
            _ => &[],
        }
    }
}

/// Phase 2 of a checker: every value the lookups depend on is allocated and fixed. List
/// [`committed_variables`](Self::committed_variables) in the commitment the challenge is derived
/// from, then [`finalize`](Self::finalize) with that challenge.
#[derive(Debug)]
pub struct Committed {
    cs: ConstraintSystemRef<Fr>,
    table: Table,
    /// Variables looked up as they are (limbs, or copies of set members).
    queried: Vec<Variable>,
    /// Top limbs looked up again, multiplied by `2^shift`.
    shifted: Vec<(Variable, u32)>,
    multiplicities: Vec<Variable>,
}

impl Committed {
    fn new(
        cs: ConstraintSystemRef<Fr>,
        table: Table,
        queried: Vec<Variable>,
        shifted: Vec<(Variable, u32)>,
        position: impl Fn(Fr) -> Option<usize>,
    ) -> Result<Self, SynthesisError> {
        if queried.is_empty() {
            return Ok(Self { cs, table, queried, shifted, multiplicities: Vec::new() });
        }
        let counts = if cs.is_in_setup_mode() {
            None
        } else {
            let mut m = vec![0u64; table.len()];
            let value = |v: Variable| cs.assigned_value(v).ok_or(SynthesisError::AssignmentMissing);
            let looked_up = queried
                .iter()
                .map(|v| value(*v))
                .chain(shifted.iter().map(|(v, s)| Ok(value(*v)? * shift_weight(*s))));
            for f in looked_up {
                // A value off the table cannot be counted; the identity will fail for it.
                if let Some(slot) = position(f?).and_then(|j| m.get_mut(j)) {
                    *slot += 1;
                }
            }
            Some(m)
        };
        let multiplicities = (0..table.len())
            .map(|j| {
                cs.new_witness_variable(|| {
                    counts
                        .as_ref()
                        .and_then(|m| m.get(j))
                        .map(|m| Fr::from(*m))
                        .ok_or(SynthesisError::AssignmentMissing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { cs, table, queried, shifted, multiplicities })
    }

    /// The private variables the challenge must be derived from, in a fixed order: the looked-up
    /// variables in the order they were checked (each check's limbs least significant first, or
    /// the set members' copies), then the multiplicities in table order. Empty when nothing was
    /// checked.
    pub fn committed_variables(&self) -> Vec<Variable> {
        self.queried
            .iter()
            .chain(&self.multiplicities)
            .chain(self.table.variables())
            .copied()
            .collect()
    }

    /// The values of [`committed_variables`](Self::committed_variables), in the same order
    /// (absent in setup mode).
    pub fn committed_values(&self) -> Option<Vec<Fr>> {
        self.queried
            .iter()
            .chain(&self.multiplicities)
            .chain(self.table.variables())
            .map(|v| self.cs.assigned_value(*v))
            .collect()
    }

    /// Constraints [`finalize`](Self::finalize) adds: one per lookup plus one per table entry.
    pub fn finalize_cost(&self) -> usize {
        if self.queried.is_empty() {
            0
        } else {
            self.queried.len() + self.shifted.len() + self.table.len()
        }
    }

    /// Phase 3: allocates the challenge-dependent witnesses and enforces
    /// `sum_i 1 / (X - f_i) = sum_j m_j / (X - t_j)`.
    ///
    /// One constraint per looked-up value `f_i` (`inv_i * (X - f_i) = 1`) and one per table entry
    /// (`q_j * (X - t_j) = m_j`); the sum needs none of its own, as the last table entry's
    /// constraint reads `(sum_i inv_i - sum_{j < T-1} q_j) * (X - t_{T-1}) = m_{T-1}`.
    ///
    /// Errors with [`SynthesisError::DivisionByZero`] when `X` equals a table entry or a looked-up
    /// value (probability about `(lookups + table) / r` for an honest challenge; the prover must
    /// then start over with a fresh commitment blinding), and with
    /// [`SynthesisError::AssignmentMissing`] when the challenge has no value outside setup mode.
    pub fn finalize(self, challenge: &Challenge) -> Result<(), SynthesisError> {
        let Self { cs, table, queried, shifted, multiplicities } = self;
        if queried.is_empty() {
            return Ok(());
        }
        let x = challenge.variable;
        let x_value = if cs.is_in_setup_mode() {
            None
        } else {
            Some(challenge.value.ok_or(SynthesisError::AssignmentMissing)?)
        };
        let lookups: Vec<(Variable, Fr)> = queried
            .iter()
            .map(|v| (*v, Fr::ONE))
            .chain(shifted.iter().map(|(v, s)| (*v, shift_weight(*s))))
            .collect();
        let entries = table.entries();

        // Values: 1 / (X - f_i) and m_j / (X - t_j), by batch inversion.
        let (inv_values, q_values) = match x_value {
            None => (None, None),
            Some(xv) => {
                let value =
                    |v: Variable| cs.assigned_value(v).ok_or(SynthesisError::AssignmentMissing);
                let mut d = lookups
                    .iter()
                    .map(|(v, c)| Ok(xv - *c * value(*v)?))
                    .collect::<Result<Vec<_>, SynthesisError>>()?;
                let mut e = entries
                    .iter()
                    .map(|(c, v)| Ok(xv - *c * value(*v)?))
                    .collect::<Result<Vec<_>, SynthesisError>>()?;
                if d.iter().chain(&e).any(|z| *z == Fr::ZERO) {
                    return Err(SynthesisError::DivisionByZero);
                }
                batch_inversion(&mut d);
                batch_inversion(&mut e);
                for (q, m) in e.iter_mut().zip(&multiplicities) {
                    *q *= value(*m)?;
                }
                (Some(d), Some(e))
            }
        };
        let assigned = |values: &Option<Vec<Fr>>, i: usize| {
            values.as_ref().and_then(|v| v.get(i)).copied().ok_or(SynthesisError::AssignmentMissing)
        };
        // `a - c b`, without a zero term for the table entry 0.
        let minus = |a: Variable, c: Fr, b: Variable| {
            let mut lc = LinearCombination(vec![(Fr::ONE, a)]);
            if c != Fr::ZERO {
                lc.0.push((-c, b));
            }
            lc
        };

        let mut sum = LinearCombination(Vec::with_capacity(lookups.len() + entries.len()));
        for (i, (v, c)) in lookups.iter().enumerate() {
            let inv = cs.new_witness_variable(|| assigned(&inv_values, i))?;
            cs.enforce_r1cs_constraint(
                || inv.into(),
                || minus(x, *c, *v),
                || Variable::One.into(),
            )?;
            sum.0.push((Fr::ONE, inv));
        }
        let last = entries.len() - 1;
        for (j, ((c, t), m)) in entries.iter().zip(&multiplicities).enumerate().take(last) {
            let q = cs.new_witness_variable(|| assigned(&q_values, j))?;
            cs.enforce_r1cs_constraint(|| q.into(), || minus(x, *c, *t), || (*m).into())?;
            sum.0.push((-Fr::ONE, q));
        }
        let ((c, t), m) = (entries[last], multiplicities[last]);
        cs.enforce_r1cs_constraint(|| sum, || minus(x, c, t), || m.into())
    }
}

/// Enforces that `x` is one of `set` (constants or variables, e.g. public inputs) by the product
/// `prod_k (x - s_k) = 0`: `k - 1` constraints for `k >= 2` elements (1 for one element), no
/// challenge and nothing to commit. The right choice for sets of up to 3 elements, or for a few
/// values; see [`SetChecker`] for many values against a larger constant set.
///
/// Errors with [`SynthesisError::Unsatisfiable`] for an empty set, or when `x` and the set are all
/// constants and `x` is not a member.
pub fn enforce_member(x: &FpVar<Fr>, set: &[FpVar<Fr>]) -> Result<(), SynthesisError> {
    let cs = set.iter().fold(x.cs(), |cs, s| cs.or(s.cs()));
    let mut diffs = set.iter().map(|s| Term::of(x).minus(Term::of(s)));
    let Some(first) = diffs.next() else {
        return Err(MISUSE);
    };
    if cs.is_none() {
        let all_constant: Option<Vec<Fr>> = std::iter::once(first)
            .chain(diffs)
            .map(|d| match d {
                Term::Constant(c) => Some(c),
                Term::Lc(..) => None,
            })
            .collect();
        return match all_constant {
            Some(d) if d.contains(&Fr::ZERO) => Ok(()),
            _ => Err(MISUSE),
        };
    }
    let split = Term::into_lc;
    let (mut acc, mut acc_value) = split(first);
    let rest: Vec<_> = diffs.map(split).collect();
    let Some(((last, _), middle)) = rest.split_last() else {
        // One element: x - s = 0.
        return cs.enforce_r1cs_constraint(
            || acc,
            || Variable::One.into(),
            LinearCombination::zero,
        );
    };
    for (d, d_value) in middle {
        let product_value = acc_value.zip(*d_value).map(|(a, b)| a * b);
        let product =
            cs.new_witness_variable(|| product_value.ok_or(SynthesisError::AssignmentMissing))?;
        cs.enforce_r1cs_constraint(|| acc, || d.clone(), || product.into())?;
        acc = product.into();
        acc_value = product_value;
    }
    cs.enforce_r1cs_constraint(|| acc, || last.clone(), LinearCombination::zero)
}
