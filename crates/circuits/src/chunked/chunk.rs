//! The universal chunk circuit: one key per shape proves any statement about any chunk.
//!
//! A chunk holds up to `rows` rows of `numeric` signed 64-bit columns and `categorical` columns
//! (field elements: hashes of strings). Its first `n` rows are data (`n` is public); the rest are
//! padding, masked out of every check and total by a row selector. The statement is public
//! input, not circuit structure, so the commitment to the data (the proof's first commitment,
//! whose bases come from this one key) does not depend on any statement.
//!
//! # Public inputs, in order
//!
//! `h_prev`, `h_next`, `n`; per numeric column `lo, hi`; per categorical column the set
//! `s_1..s_S`, the switch `en` (1: membership in the set is checked), the counted value `e`;
//! then the two challenges (data commitment, lookup commitment), as the commit-and-prove prover
//! requires. Negative numbers are `r - |x|`.
//!
//! # Constraints
//!
//! - Row selector `sel_r`: boolean, non-increasing, `sum sel_r = n` (so `sel` is `n` ones, then
//!   zeros): 2 per row, 1 per chunk.
//! - Numeric value `v` of column `j` at row `r`: `X = (v - lo) sel` and `Y = (hi - v) sel`, each
//!   recomposed from committed 64-bit limbs (lookups), and `X^2`: `2 + 1 + 2L` per value for `L`
//!   lookups per 64-bit check (4 with 16-bit limbs). With `sel = 1` this is `lo <= v <= hi`.
//! - Categorical value `v`: `t = sel * en`, a masked membership lookup (`copy = s_1 + (v - s_1)
//!   t`, looked up in the committed copy of the set), and an equality indicator `z = [v == e]`
//!   (`(v - e) z = 0`, `(v - e) inv = 1 - z`), counted as `sel * z`: 6 per value.
//! - Totals (per chunk): `S += sum X + n lo`, `Q += sum X^2 + 2 lo sum X + n lo^2` (as
//!   `sum (X + lo)^2` over the data rows), `E += sum sel z`: a few constraints per column.
//! - Chain: `h_prev = H(salt_prev, state_prev)`, `h_next = H(salt_next, state_next)`
//!   ([`super::chain`]).
//!
//! # Commitments
//!
//! 1. The data: every value slot, row by row (numeric columns, then categorical, in slot order),
//!    padding rows included (zero when committed honestly; masked, so they cannot change any
//!    check or total whatever they hold).
//! 2. The lookups: limbs and multiplicities of the range checks, then per categorical column its
//!    copies, multiplicities and set entries. Its challenge is the lookups' `X`; the first
//!    commitment's challenge is an input no constraint uses.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field, Zero};
use ark_r1cs_std::{
    alloc::AllocVar,
    eq::EqGadget,
    fields::fp::{AllocatedFp, FpVar},
};
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};
use serde::{Deserialize, Serialize};

use super::chain::{chain_hash, chain_hash_var, state_len};
use crate::{
    Error, Result,
    gadgets::{ValueOpt, lc},
    lookup::{
        Challenge, MAX_LIMB_BITS, MAX_WIDTH, PublicSetChecker, RangeChecker, native::fr_from_i64,
    },
};

/// Number of commitments of a chunk proof: the data, then the lookups.
pub const COMMITMENTS: usize = 2;

/// A chunk key's shape: what one key proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChunkShape {
    /// Row slots per chunk.
    pub rows: usize,
    /// Numeric (signed 64-bit) columns.
    pub numeric: usize,
    /// Categorical columns.
    pub categorical: usize,
    /// Elements of a membership set (shorter sets are padded by repeating an element).
    pub set_size: usize,
    /// Bits per range-check limb (16: 4 lookups per 64-bit check, a table of 2^16).
    pub limb_bits: u32,
}

impl ChunkShape {
    /// Refuses shapes the circuit cannot have.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::InvalidParams(m));
        if self.rows == 0 {
            return bad("a chunk needs at least one row".into());
        }
        if self.numeric + self.categorical == 0 {
            return bad("a chunk needs at least one column".into());
        }
        if self.categorical > 0 && self.set_size == 0 {
            return bad("membership sets need at least one element".into());
        }
        if self.limb_bits == 0 || self.limb_bits > MAX_LIMB_BITS {
            return bad(format!("limbs must have 1..={MAX_LIMB_BITS} bits"));
        }
        Ok(())
    }

    /// Columns in all.
    pub fn columns(&self) -> usize {
        self.numeric + self.categorical
    }

    /// The circuit's own public inputs (the two challenges excluded).
    pub fn num_public(&self) -> usize {
        3 + 2 * self.numeric + self.categorical * (self.set_size + 2)
    }

    /// Length of the chained state.
    pub fn state_len(&self) -> usize {
        state_len(self.numeric, self.categorical)
    }

    /// Value slots per chunk (the data commitment's wires).
    pub fn slots(&self) -> usize {
        self.rows * self.columns()
    }

    /// Constraints of this shape's circuit, counted by synthesizing it in setup mode.
    pub fn constraints(&self) -> Result<usize> {
        use ark_relations::gr1cs::{ConstraintSystem, OptimizationGoal, SynthesisMode};
        let circuit = ChunkCircuit::for_setup(*self)?;
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Setup);
        circuit
            .synthesize(cs.clone(), &[Fr::from(3u64), Fr::from(5u64)])
            .map_err(|e| Error::InvalidParams(format!("synthesizing the chunk circuit: {e}")))?;
        cs.finalize();
        Ok(cs.num_constraints())
    }

    /// Evaluation-domain rows the prover needs: constraints plus one per instance variable
    /// (the constant, the inputs and the two challenges), as arkworks' reduction counts them.
    pub fn domain_rows(&self) -> Result<usize> {
        Ok(self.constraints()? + 1 + self.num_public() + COMMITMENTS)
    }

    /// Constraints per row of data: the exact difference between shapes of 2 and 1 rows.
    pub fn constraints_per_row(&self) -> Result<usize> {
        let one = Self { rows: 1, ..*self }.constraints()?;
        let two = Self { rows: 2, ..*self }.constraints()?;
        Ok(two - one)
    }

    /// The shape with the most rows whose circuit fits an evaluation domain of `2^log_domain`
    /// (the prover's FFTs and key size are set by that power of two, so filling it is free).
    pub fn fit(
        numeric: usize,
        categorical: usize,
        set_size: usize,
        limb_bits: u32,
        log_domain: u32,
    ) -> Result<Self> {
        let base = Self { rows: 1, numeric, categorical, set_size, limb_bits };
        base.validate()?;
        let one = base.domain_rows()?;
        let per_row = Self { rows: 2, ..base }.domain_rows()? - one;
        let domain = 1usize
            .checked_shl(log_domain)
            .ok_or_else(|| Error::InvalidParams(format!("a domain of 2^{log_domain} rows")))?;
        if one > domain {
            return Err(Error::InvalidParams(format!(
                "a single row needs {one} constraints, more than 2^{log_domain}"
            )));
        }
        Ok(Self { rows: 1 + (domain - one) / per_row.max(1), ..base })
    }
}

/// The statement one chunk proof checks (public).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkStatement {
    /// Per numeric column, `lo <= v <= hi` (the whole i64 range for no statement).
    pub ranges: Vec<(i64, i64)>,
    /// Per categorical column, the set its values must belong to (`None`: not checked). Any
    /// length from 1 to the shape's `set_size`.
    pub sets: Vec<Option<Vec<Fr>>>,
    /// Per categorical column, the value whose rows are counted.
    pub counted: Vec<Fr>,
}

impl ChunkStatement {
    /// No statement: whole i64 ranges, no sets, counting zeros.
    pub fn unconstrained(shape: &ChunkShape) -> Self {
        Self {
            ranges: vec![(i64::MIN, i64::MAX); shape.numeric],
            sets: vec![None; shape.categorical],
            counted: vec![Fr::ZERO; shape.categorical],
        }
    }

    /// Refuses a statement of another shape, an empty range or set, or a set too large.
    pub fn validate(&self, shape: &ChunkShape) -> Result<()> {
        let bad = |m: String| Err(Error::InvalidParams(m));
        if self.ranges.len() != shape.numeric
            || self.sets.len() != shape.categorical
            || self.counted.len() != shape.categorical
        {
            return bad(format!(
                "the statement covers {} numeric and {} categorical columns, the key {} and {}",
                self.ranges.len(),
                self.sets.len(),
                shape.numeric,
                shape.categorical
            ));
        }
        for (j, (lo, hi)) in self.ranges.iter().enumerate() {
            if lo > hi {
                return bad(format!("numeric column {j}: range {lo}..{hi} is empty"));
            }
        }
        for (j, set) in self.sets.iter().enumerate() {
            if let Some(set) = set
                && (set.is_empty() || set.len() > shape.set_size)
            {
                return bad(format!(
                    "categorical column {j}: a set of {} elements; keys of this shape take 1 to {}",
                    set.len(),
                    shape.set_size
                ));
            }
        }
        Ok(())
    }

    /// The statement's public inputs after `h_prev, h_next, n`, in the circuit's order.
    pub fn inputs(&self, shape: &ChunkShape) -> Result<Vec<Fr>> {
        self.validate(shape)?;
        let mut out = Vec::with_capacity(shape.num_public() - 3);
        for (lo, hi) in &self.ranges {
            out.push(fr_from_i64(*lo));
            out.push(fr_from_i64(*hi));
        }
        for (set, e) in self.sets.iter().zip(&self.counted) {
            match set {
                Some(set) => {
                    out.extend(set.iter().copied());
                    out.extend(std::iter::repeat_n(set[0], shape.set_size - set.len()));
                    out.push(Fr::ONE);
                }
                None => {
                    out.extend(std::iter::repeat_n(Fr::ZERO, shape.set_size));
                    out.push(Fr::ZERO);
                }
            }
            out.push(*e);
        }
        Ok(out)
    }

    /// All public inputs of a chunk proof (the challenges excluded).
    pub fn public_inputs(
        &self,
        shape: &ChunkShape,
        h_prev: Fr,
        h_next: Fr,
        n: usize,
    ) -> Result<Vec<Fr>> {
        let mut out = vec![h_prev, h_next, Fr::from(n as u64)];
        out.extend(self.inputs(shape)?);
        Ok(out)
    }
}

/// A chunk's private values and chain links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkWitness {
    /// Per numeric column, its values in the chunk's data rows (all the same length `n`).
    pub numeric: Vec<Vec<i64>>,
    /// Per categorical column, its values (length `n`).
    pub categorical: Vec<Vec<Fr>>,
    /// Salt of `h_prev` (zero before the first chunk).
    pub prev_salt: Fr,
    /// State before the chunk (zeros before the first chunk).
    pub prev_state: Vec<Fr>,
    /// Salt of `h_next`.
    pub next_salt: Fr,
}

/// What a chunk adds to the state, natively: per numeric column its sum and sum of squares,
/// per categorical column the rows equal to the counted value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkTotals {
    /// Sums (as field elements; negative sums as `r - |s|`).
    pub sums: Vec<Fr>,
    /// Sums of squares.
    pub sumsq: Vec<Fr>,
    /// Counts.
    pub counts: Vec<Fr>,
}

impl ChunkWitness {
    /// Rows of data (`n`), checked equal across columns and within the shape.
    pub fn rows(&self, shape: &ChunkShape) -> Result<usize> {
        if self.numeric.len() != shape.numeric || self.categorical.len() != shape.categorical {
            return Err(Error::InvalidParams(format!(
                "the chunk has {} numeric and {} categorical columns, the key {} and {}",
                self.numeric.len(),
                self.categorical.len(),
                shape.numeric,
                shape.categorical
            )));
        }
        let n = self
            .numeric
            .first()
            .map(Vec::len)
            .or_else(|| self.categorical.first().map(Vec::len))
            .unwrap_or(0);
        for (row_count, column) in
            self.numeric.iter().map(Vec::len).chain(self.categorical.iter().map(Vec::len)).zip(0..)
        {
            if row_count != n {
                return Err(Error::RaggedRow { row: column, got: row_count, expected: n });
            }
        }
        if n > shape.rows {
            return Err(Error::TooLarge { what: "rows", got: n, max: shape.rows });
        }
        if self.prev_state.len() != shape.state_len() {
            return Err(Error::InvalidParams("the previous state has the wrong length".into()));
        }
        Ok(n)
    }

    /// Checks the statement on the data natively (so that a false statement is a typed error,
    /// never an invalid proof) and returns what the chunk adds to the state.
    pub fn check(&self, shape: &ChunkShape, statement: &ChunkStatement) -> Result<ChunkTotals> {
        statement.validate(shape)?;
        self.rows(shape)?;
        let mut totals = ChunkTotals {
            sums: Vec::with_capacity(shape.numeric),
            sumsq: Vec::with_capacity(shape.numeric),
            counts: Vec::with_capacity(shape.categorical),
        };
        for (j, (values, (lo, hi))) in self.numeric.iter().zip(&statement.ranges).enumerate() {
            let (mut sum, mut sumsq) = (0i128, Fr::ZERO);
            for (r, v) in values.iter().enumerate() {
                if v < lo || v > hi {
                    return Err(Error::ChunkViolation {
                        row: r,
                        column: j,
                        categorical: false,
                        problem: format!("{v} is outside {lo}..{hi}"),
                    });
                }
                sum += i128::from(*v);
                let x = fr_from_i64(*v);
                sumsq += x * x;
            }
            totals.sums.push(Fr::from(sum));
            totals.sumsq.push(sumsq);
        }
        for (j, (values, (set, e))) in
            self.categorical.iter().zip(statement.sets.iter().zip(&statement.counted)).enumerate()
        {
            let mut count = 0u64;
            for (r, v) in values.iter().enumerate() {
                if let Some(set) = set
                    && !set.contains(v)
                {
                    return Err(Error::ChunkViolation {
                        row: r,
                        column: j,
                        categorical: true,
                        problem: "the value is not in the set".into(),
                    });
                }
                count += u64::from(v == e);
            }
            totals.counts.push(Fr::from(count));
        }
        Ok(totals)
    }

    /// The state after the chunk: `prev_state` plus [`check`](Self::check)'s totals.
    pub fn next_state(&self, shape: &ChunkShape, statement: &ChunkStatement) -> Result<Vec<Fr>> {
        let t = self.check(shape, statement)?;
        let add = t.sums.iter().chain(&t.sumsq).chain(&t.counts);
        Ok(self.prev_state.iter().zip(add).map(|(a, b)| *a + b).collect())
    }

    /// `(h_prev, h_next)`.
    pub fn hashes(&self, shape: &ChunkShape, statement: &ChunkStatement) -> Result<(Fr, Fr)> {
        let next = self.next_state(shape, statement)?;
        Ok((chain_hash(self.prev_salt, &self.prev_state)?, chain_hash(self.next_salt, &next)?))
    }
}

/// The chunk circuit: the shape and statement, and for proving the data and chain links.
#[derive(Debug, Clone)]
pub struct ChunkCircuit<'a> {
    shape: ChunkShape,
    statement: ChunkStatement,
    witness: Option<&'a ChunkWitness>,
    /// `(n, h_prev, h_next)` when proving.
    header: Option<(usize, Fr, Fr)>,
}

/// What [`ChunkCircuit::synthesize`] allocated, for the commit-and-prove prover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkLayout {
    /// The two challenge inputs (data, lookups).
    pub challenges: Vec<Variable>,
    /// The data commitment's wires: every value slot, row by row.
    pub data: Vec<Variable>,
    /// The lookup commitment's wires.
    pub lookups: Vec<Variable>,
}

impl<'a> ChunkCircuit<'a> {
    /// The circuit for key generation: shape only.
    pub fn for_setup(shape: ChunkShape) -> Result<Self> {
        shape.validate()?;
        Ok(Self {
            statement: ChunkStatement::unconstrained(&shape),
            shape,
            witness: None,
            header: None,
        })
    }

    /// The circuit over one chunk's data, checked natively first.
    pub fn for_proving(
        shape: ChunkShape,
        statement: ChunkStatement,
        witness: &'a ChunkWitness,
    ) -> Result<Self> {
        shape.validate()?;
        let n = witness.rows(&shape)?;
        let (h_prev, h_next) = witness.hashes(&shape, &statement)?;
        Ok(Self { shape, statement, witness: Some(witness), header: Some((n, h_prev, h_next)) })
    }

    /// The shape.
    pub fn shape(&self) -> &ChunkShape {
        &self.shape
    }

    /// The public inputs of the proof (challenges excluded), when proving.
    pub fn public_inputs(&self) -> Option<Result<Vec<Fr>>> {
        self.header
            .map(|(n, h_prev, h_next)| self.statement.public_inputs(&self.shape, h_prev, h_next, n))
    }

    /// The data commitment's values: every slot, row by row (padding zero).
    pub fn data_values(&self) -> Option<Vec<Fr>> {
        let w = self.witness?;
        let n = self.header?.0;
        let mut out = Vec::with_capacity(self.shape.slots());
        for r in 0..self.shape.rows {
            for col in &w.numeric {
                out.push(if r < n { fr_from_i64(col[r]) } else { Fr::ZERO });
            }
            for col in &w.categorical {
                out.push(if r < n { col[r] } else { Fr::ZERO });
            }
        }
        Some(out)
    }

    /// Allocates everything: inputs, then the challenges (`challenges`: placeholders in setup and
    /// in the prover's first pass), then the witnesses and constraints.
    pub fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<ChunkLayout, SynthesisError> {
        let shape = self.shape;
        if challenges.len() != COMMITMENTS {
            return Err(SynthesisError::Unsatisfiable);
        }
        let header = self.header;
        let w = self.witness;
        let input = |v: Option<Fr>| {
            FpVar::new_input(cs.clone(), || v.ok_or(SynthesisError::AssignmentMissing))
        };
        // Public inputs. In setup mode values are never read.
        let statement_inputs =
            self.statement.inputs(&shape).map_err(|_| SynthesisError::Unsatisfiable)?;
        let h_prev = input(header.map(|h| h.1))?;
        let h_next = input(header.map(|h| h.2))?;
        let n = input(header.map(|h| Fr::from(h.0 as u64)))?;
        let mut stmt = statement_inputs.iter().map(|v| Some(*v));
        let mut next_input = || input(stmt.next().flatten());
        let mut ranges = Vec::with_capacity(shape.numeric);
        for _ in 0..shape.numeric {
            let lo = next_input()?;
            let hi = next_input()?;
            ranges.push((lo, hi));
        }
        let mut cats = Vec::with_capacity(shape.categorical);
        for _ in 0..shape.categorical {
            let set = (0..shape.set_size).map(|_| next_input()).collect::<Result<Vec<_>, _>>()?;
            let en = next_input()?;
            let e = next_input()?;
            cats.push((set, en, e));
        }
        let c_data = Challenge::new_input(&cs, || Ok(challenges[0]))?;
        let c_lookup = Challenge::new_input(&cs, || Ok(challenges[1]))?;

        // Data slots, row by row.
        let n_rows = header.map(|h| h.0);
        let slot = |r: usize, value: &dyn Fn(usize) -> Fr| -> Option<Fr> {
            let n = n_rows?;
            Some(if r < n { value(r) } else { Fr::ZERO })
        };
        let mut num_vals: Vec<Vec<FpVar<Fr>>> = vec![Vec::with_capacity(shape.rows); shape.numeric];
        let mut cat_vals: Vec<Vec<FpVar<Fr>>> =
            vec![Vec::with_capacity(shape.rows); shape.categorical];
        let mut data = Vec::with_capacity(shape.slots());
        for r in 0..shape.rows {
            for (j, col) in num_vals.iter_mut().enumerate() {
                let v = w.and_then(|w| slot(r, &|r| fr_from_i64(w.numeric[j][r])));
                let (var, fp) = alloc(&cs, v)?;
                data.push(var);
                col.push(fp);
            }
            for (j, col) in cat_vals.iter_mut().enumerate() {
                let v = w.and_then(|w| slot(r, &|r| w.categorical[j][r]));
                let (var, fp) = alloc(&cs, v)?;
                data.push(var);
                col.push(fp);
            }
        }

        // Row selector: boolean, non-increasing, sum = n.
        let mut sel = Vec::with_capacity(shape.rows);
        let mut sel_sum = LinearCombination::zero();
        for r in 0..shape.rows {
            let (var, fp) = alloc(&cs, n_rows.map(|n| Fr::from(u64::from(r < n))))?;
            cs.enforce_r1cs_constraint(
                || var.into(),
                || LinearCombination::from(Variable::One) - var,
                LinearCombination::zero,
            )?;
            if let Some((prev, _)) = sel.last() {
                let prev: Variable = *prev;
                cs.enforce_r1cs_constraint(
                    || var.into(),
                    || LinearCombination::from(Variable::One) - prev,
                    LinearCombination::zero,
                )?;
            }
            sel_sum.0.push((Fr::ONE, var));
            sel.push((var, fp));
        }
        cs.enforce_r1cs_constraint(|| sel_sum, || Variable::One.into(), || lc(&n))?;

        // Numeric columns: masked two-sided ranges, squares.
        let mut rc = RangeChecker::new(cs.clone(), shape.limb_bits)?;
        let mut sum_x = Vec::with_capacity(shape.numeric);
        for (col, (lo, hi)) in num_vals.iter().zip(&ranges) {
            let mut sx = LinearCombination::zero();
            let mut sxv = Some(Fr::ZERO);
            let mut sq = LinearCombination::zero();
            let mut sqv = Some(Fr::ZERO);
            for (v, (_, s)) in col.iter().zip(&sel) {
                let (x, xv) = rc.check_masked_difference(v, lo, s, MAX_WIDTH)?;
                let _ = rc.check_masked_difference(hi, v, s, MAX_WIDTH)?;
                let q_value = xv.map(|x| x * x);
                let q =
                    cs.new_witness_variable(|| q_value.ok_or(SynthesisError::AssignmentMissing))?;
                cs.enforce_r1cs_constraint(|| x.clone(), || x.clone(), || q.into())?;
                // Extend, not `+`: adding LCs merges them, quadratic over a chunk.
                sx.0.extend_from_slice(&x.0);
                sq.0.push((Fr::ONE, q));
                sxv = sxv.zip(xv).map(|(a, b)| a + b);
                sqv = sqv.zip(q_value).map(|(a, b)| a + b);
            }
            sum_x.push(((sx, sxv), (sq, sqv)));
        }

        // Categorical columns: masked membership, counted equality.
        let mut sets = Vec::with_capacity(shape.categorical);
        let mut counts = Vec::with_capacity(shape.categorical);
        for (col, (set, en, e)) in cat_vals.iter().zip(&cats) {
            let mut checker = PublicSetChecker::new(cs.clone(), set)?;
            let mut count = LinearCombination::zero();
            let mut count_value = Some(Fr::ZERO);
            let ev = ValueOpt::value_opt(e);
            for (v, (s, s_fp)) in col.iter().zip(&sel) {
                let t_value =
                    ValueOpt::value_opt(s_fp).zip(ValueOpt::value_opt(en)).map(|(a, b)| a * b);
                let (t_var, t) = alloc(&cs, t_value)?;
                cs.enforce_r1cs_constraint(|| (*s).into(), || lc(en), || t_var.into())?;
                checker.check_masked(v, &t)?;
                // z = [v == e]: (v - e) z = 0, (v - e) inv = 1 - z.
                let d_value = ValueOpt::value_opt(v).zip(ev).map(|(a, b)| a - b);
                let z_value = d_value.map(|d| Fr::from(u64::from(d.is_zero())));
                let inv_value = d_value.map(|d| d.inverse().unwrap_or(Fr::ZERO));
                let z =
                    cs.new_witness_variable(|| z_value.ok_or(SynthesisError::AssignmentMissing))?;
                let inv =
                    cs.new_witness_variable(|| inv_value.ok_or(SynthesisError::AssignmentMissing))?;
                let d = lc(v) - lc(e);
                cs.enforce_r1cs_constraint(|| d.clone(), || z.into(), LinearCombination::zero)?;
                cs.enforce_r1cs_constraint(
                    || d,
                    || inv.into(),
                    || LinearCombination::from(Variable::One) - z,
                )?;
                let m_value = z_value.zip(ValueOpt::value_opt(s_fp)).map(|(a, b)| a * b);
                let m =
                    cs.new_witness_variable(|| m_value.ok_or(SynthesisError::AssignmentMissing))?;
                cs.enforce_r1cs_constraint(|| z.into(), || (*s).into(), || m.into())?;
                count.0.push((Fr::ONE, m));
                count_value = count_value.zip(m_value).map(|(a, b)| a + b);
            }
            sets.push(checker);
            counts.push((count, count_value));
        }

        // Commit phase: everything the lookups depend on is fixed.
        let mut lookups = Vec::new();
        let range = rc.commit()?;
        lookups.extend(range.committed_variables());
        let mut committed_sets = Vec::with_capacity(sets.len());
        for s in sets {
            let c = s.commit()?;
            lookups.extend(c.committed_variables());
            committed_sets.push(c);
        }
        range.finalize(&c_lookup)?;
        for c in committed_sets {
            c.finalize(&c_lookup)?;
        }

        // Chain: the previous state opens h_prev; the next state opens h_next.
        let len = shape.state_len();
        let prev_state = (0..len)
            .map(|i| {
                FpVar::new_witness(cs.clone(), || {
                    w.and_then(|w| w.prev_state.get(i).copied())
                        .ok_or(SynthesisError::AssignmentMissing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let prev_salt = FpVar::new_witness(cs.clone(), || {
            w.map(|w| w.prev_salt).ok_or(SynthesisError::AssignmentMissing)
        })?;
        let next_salt = FpVar::new_witness(cs.clone(), || {
            w.map(|w| w.next_salt).ok_or(SynthesisError::AssignmentMissing)
        })?;
        chain_hash_var(&prev_salt, &prev_state)?.enforce_equal(&h_prev)?;

        let nv = ValueOpt::value_opt(&n);
        let mut next_state = Vec::with_capacity(len);
        let mut sumsq_next = Vec::with_capacity(shape.numeric);
        for (j, (((sx, sxv), (sq, sqv)), (lo, _))) in sum_x.into_iter().zip(&ranges).enumerate() {
            let lov = ValueOpt::value_opt(lo);
            // n lo, lo * sum X, n lo^2.
            let (nlo, nlo_fp) = alloc(&cs, nv.zip(lov).map(|(a, b)| a * b))?;
            cs.enforce_r1cs_constraint(|| lc(&n), || lc(lo), || nlo.into())?;
            let (p1, _) = alloc(&cs, lov.zip(sxv).map(|(a, b)| a * b))?;
            cs.enforce_r1cs_constraint(|| lc(lo), || sx.clone(), || p1.into())?;
            let (p2, _) = alloc(&cs, ValueOpt::value_opt(&nlo_fp).zip(lov).map(|(a, b)| a * b))?;
            cs.enforce_r1cs_constraint(|| nlo.into(), || lc(lo), || p2.into())?;
            let s_value = ValueOpt::value_opt(&prev_state[j])
                .zip(sxv)
                .zip(ValueOpt::value_opt(&nlo_fp))
                .map(|((a, b), c)| a + b + c);
            let (s_next, s_fp) = alloc(&cs, s_value)?;
            cs.enforce_r1cs_constraint(
                || lc(&prev_state[j]) + sx + nlo,
                || Variable::One.into(),
                || s_next.into(),
            )?;
            next_state.push(s_fp);
            let q_prev = &prev_state[shape.numeric + j];
            let p1v = lov.zip(sxv).map(|(a, b)| a * b);
            let p2v = ValueOpt::value_opt(&nlo_fp).zip(lov).map(|(a, b)| a * b);
            let q_value = ValueOpt::value_opt(q_prev)
                .zip(sqv)
                .zip(p1v.zip(p2v))
                .map(|((a, b), (c, d))| a + b + c.double() + d);
            let (q_next, q_fp) = alloc(&cs, q_value)?;
            cs.enforce_r1cs_constraint(
                || lc(q_prev) + sq + (Fr::from(2u64), p1) + p2,
                || Variable::One.into(),
                || q_next.into(),
            )?;
            sumsq_next.push(q_fp);
        }
        next_state.extend(sumsq_next);
        for (j, (count, count_value)) in counts.into_iter().enumerate() {
            let e_prev = &prev_state[2 * shape.numeric + j];
            let (e_next, e_fp) =
                alloc(&cs, ValueOpt::value_opt(e_prev).zip(count_value).map(|(a, b)| a + b))?;
            cs.enforce_r1cs_constraint(
                || lc(e_prev) + count,
                || Variable::One.into(),
                || e_next.into(),
            )?;
            next_state.push(e_fp);
        }
        chain_hash_var(&next_salt, &next_state)?.enforce_equal(&h_next)?;

        Ok(ChunkLayout { challenges: vec![c_data.variable(), c_lookup.variable()], data, lookups })
    }
}

/// A new witness variable with its [`FpVar`].
fn alloc(
    cs: &ConstraintSystemRef<Fr>,
    value: Option<Fr>,
) -> Result<(Variable, FpVar<Fr>), SynthesisError> {
    let var = cs.new_witness_variable(|| value.ok_or(SynthesisError::AssignmentMissing))?;
    Ok((var, FpVar::Var(AllocatedFp::new(value, var, cs.clone()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_fills_the_domain_exactly() {
        let shape = ChunkShape::fit(2, 1, 3, 4, 12).unwrap();
        let rows = shape.domain_rows().unwrap();
        assert!(rows <= 1 << 12, "{rows}");
        let bigger = ChunkShape { rows: shape.rows + 1, ..shape };
        assert!(bigger.domain_rows().unwrap() > 1 << 12);
        // 2 (selector) + 2 * (2 recompositions + 1 square + 2 * 17 lookups of 4-bit limbs)
        // + 6 per categorical value.
        assert_eq!(shape.constraints_per_row().unwrap(), 2 + 2 * (3 + 2 * 16) + 6);
    }
}
