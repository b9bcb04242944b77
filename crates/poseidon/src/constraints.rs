//! Poseidon as an R1CS gadget, twin of [`crate::native`].
//!
//! Each S-box `x^5` costs three constraints; round constants and the MDS layer are linear and
//! free. For `n` inputs (width `t = n + 1`) that is `3 * (8 * t + R_P)` constraints with a
//! variable initial state, and 3 fewer with the usual constant one (its first S-box folds): 240
//! for two inputs, 213 for one.
//!
//! The state is tracked as dense coefficient rows over the few variables alive in the
//! permutation (at most `t` plus the S-box outputs of the partial rounds), instead of as a chain
//! of symbolic linear combinations: key generation stays linear in the number of hashes, and when
//! the constraint system only assigns a witness (proving with cached matrices) no linear
//! combination is built at all.

use ark_bn254::Fr;
use ark_ff::{Field, Zero};
use ark_r1cs_std::{
    GR1CSVar,
    fields::fp::{AllocatedFp, FpVar},
};
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};

use crate::params;

/// The permutation state as linear combinations `consts[k] + sum_m coeffs[k][m] * vars[m]`,
/// plus the assigned values when proving.
struct State {
    cs: ConstraintSystemRef<Fr>,
    /// Whether constraints are being recorded (key generation, or proving that builds matrices).
    construct: bool,
    /// Whether each word is a known constant (tracked in every mode, so key generation and
    /// proving allocate exactly the same variables).
    constant: Vec<bool>,
    /// Constant terms (every mode) and variable coefficients (only when `construct`).
    consts: Vec<Fr>,
    vars: Vec<Variable>,
    coeffs: Vec<Vec<Fr>>,
    values: Option<Vec<Fr>>,
}

impl State {
    fn lc(&self, k: usize) -> LinearCombination<Fr> {
        let mut terms: Vec<(Fr, Variable)> = self.coeffs[k]
            .iter()
            .zip(&self.vars)
            .filter(|(c, _)| !c.is_zero())
            .map(|(c, v)| (*c, *v))
            .collect();
        if !self.consts[k].is_zero() {
            terms.push((self.consts[k], Variable::One));
        }
        LinearCombination(terms)
    }

    fn push_var(&mut self, var: Variable) -> usize {
        self.vars.push(var);
        for row in &mut self.coeffs {
            row.push(Fr::zero());
        }
        self.vars.len() - 1
    }

    fn add_constants(&mut self, rc: &[Fr]) {
        for (c, r) in self.consts.iter_mut().zip(rc) {
            *c += r;
        }
        if let Some(values) = &mut self.values {
            for (v, r) in values.iter_mut().zip(rc) {
                *v += r;
            }
        }
    }

    fn new_witness(&self, value: Option<Fr>) -> Result<Variable, SynthesisError> {
        self.cs.new_witness_variable(|| value.ok_or(SynthesisError::AssignmentMissing))
    }

    /// Replaces state word `k` by its fifth power: three constraints, unless it is a constant.
    fn sbox(&mut self, k: usize) -> Result<(), SynthesisError> {
        if self.constant[k] {
            let c = self.consts[k];
            self.consts[k] = c.square().square() * c;
            if let Some(values) = &mut self.values {
                values[k] = self.consts[k];
            }
            return Ok(());
        }
        let x = self.values.as_ref().map(|v| v[k]);
        let x2 = x.map(|x| x.square());
        let x4 = x2.map(|x2| x2.square());
        let x5 = x4.zip(x).map(|(x4, x)| x4 * x);
        let v2 = self.new_witness(x2)?;
        let v4 = self.new_witness(x4)?;
        let v5 = self.new_witness(x5)?;
        if self.construct {
            let x_lc = self.lc(k);
            let x_lc2 = x_lc.clone();
            let x_lc3 = x_lc.clone();
            self.cs.enforce_r1cs_constraint(|| x_lc, || x_lc2, || v2.into())?;
            self.cs.enforce_r1cs_constraint(|| v2.into(), || v2.into(), || v4.into())?;
            self.cs.enforce_r1cs_constraint(|| v4.into(), || x_lc3, || v5.into())?;
            let idx = self.push_var(v5);
            self.coeffs[k].iter_mut().for_each(|c| *c = Fr::zero());
            self.coeffs[k][idx] = Fr::ONE;
        }
        self.consts[k] = Fr::zero();
        if let (Some(values), Some(x5)) = (&mut self.values, x5) {
            values[k] = x5;
        }
        Ok(())
    }

    fn mix(&mut self, mds: &[Vec<Fr>]) {
        let t = mds.len();
        self.constant = mds
            .iter()
            .map(|row| row.iter().zip(&self.constant).all(|(m, c)| m.is_zero() || *c))
            .collect();
        self.consts =
            mds.iter().map(|row| row.iter().zip(&self.consts).map(|(m, c)| *m * c).sum()).collect();
        if self.construct {
            let width = self.vars.len();
            let mut coeffs = vec![vec![Fr::zero(); width]; t];
            for (i, row) in mds.iter().enumerate() {
                for (j, m) in row.iter().enumerate() {
                    for (out, c) in coeffs[i].iter_mut().zip(&self.coeffs[j]) {
                        if !c.is_zero() {
                            *out += *m * c;
                        }
                    }
                }
            }
            // Variables no state word depends on any more (after a full round, all earlier
            // ones) are dropped, keeping the rows short.
            let live: Vec<usize> =
                (0..width).filter(|&m| coeffs.iter().any(|row| !row[m].is_zero())).collect();
            if live.len() < width {
                self.vars = live.iter().map(|&m| self.vars[m]).collect();
                for row in &mut coeffs {
                    *row = live.iter().map(|&m| row[m]).collect();
                }
            }
            self.coeffs = coeffs;
        }
        if let Some(values) = &mut self.values {
            let mixed: Vec<Fr> = mds
                .iter()
                .map(|row| row.iter().zip(values.iter()).map(|(m, v)| *m * v).sum())
                .collect();
            *values = mixed;
        }
    }
}

/// Maps an arity error (a circuit-shape bug) into the constraint system's error type.
fn arity_error(_: crate::Error) -> SynthesisError {
    SynthesisError::Unsatisfiable
}

/// In-circuit circomlib `PoseidonEx(inputs, initialState)[0]`.
pub fn hash_with_state(
    initial_state: &FpVar<Fr>,
    inputs: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    let p = params::for_inputs(inputs.len()).map_err(arity_error)?;
    let words: Vec<&FpVar<Fr>> = std::iter::once(initial_state).chain(inputs).collect();
    let cs = words.iter().fold(ConstraintSystemRef::None, |cs, w| cs.or(w.cs()));
    if cs.is_none() {
        // All constants: fold to a constant, no constraints.
        let values: Vec<Fr> = words.iter().map(|w| w.value()).collect::<Result<_, _>>()?;
        let out = crate::native::hash_with_state(values[0], &values[1..]).map_err(arity_error)?;
        return Ok(FpVar::Constant(out));
    }
    let construct = cs.should_construct_matrices();
    let values: Option<Vec<Fr>> = words.iter().map(|w| w.value().ok()).collect();
    let t = p.t;
    let mut state = State {
        cs: cs.clone(),
        construct,
        constant: vec![true; t],
        consts: vec![Fr::zero(); t],
        vars: Vec::new(),
        coeffs: vec![Vec::new(); t],
        values,
    };
    for (k, w) in words.iter().enumerate() {
        match w {
            FpVar::Constant(c) => state.consts[k] = *c,
            FpVar::Var(a) => {
                state.constant[k] = false;
                if construct {
                    let idx = state.push_var(a.variable);
                    state.coeffs[k][idx] = Fr::ONE;
                }
            }
        }
    }
    for r in 0..p.rounds() {
        state.add_constants(&p.round_constants[r * t..(r + 1) * t]);
        if p.is_full_round(r) {
            for k in 0..t {
                state.sbox(k)?;
            }
        } else {
            state.sbox(0)?;
        }
        state.mix(&p.mds);
    }
    let value = state.values.as_ref().map(|v| v[0]);
    let lc = if construct { state.lc(0) } else { LinearCombination::zero() };
    let variable = cs.new_lc(|| lc)?;
    Ok(FpVar::Var(AllocatedFp::new(value, variable, cs)))
}

/// In-circuit circomlib `Poseidon(n)` (initial state 0).
pub fn hash(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    hash_with_state(&FpVar::Constant(Fr::zero()), inputs)
}
