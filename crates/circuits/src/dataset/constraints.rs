//! The dataset circuit's constraints.
//!
//! Cost for `R` rows and `K` columns (`W = ceil(K / 3)` packed words per row):
//! - per value: 2 x 64 bits plus 2 equations for the range, 1 for its square: 131;
//! - per row: 2 for the padding bit, `Poseidon(W)` + `Poseidon(1)` + 1 select for its tree leaf;
//! - the rows tree: `2^ceil(log2 R) - 1` Poseidon(2) at most (empty subtrees fold away);
//! - per column: bit decompositions of the parameters and of the two slacks (774);
//! - the commitment: one Poseidon(4).
//!
//! Range check of a value `v` in row `i`, column `j`, with `a_i` the row's "active" bit:
//! `a_i * lo_j = v - A` and `a_i * hi_j = v + B` with `A`, `B` proven below 2^64. In an active
//! row that is `lo <= v <= hi`. In a padding row it gives `v = A = -B`, so `A + B = 0` and, as both
//! are small, `v = 0`: padding needs no separate constraint.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field};
use ark_r1cs_std::{
    alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::fp::FpVar, select::CondSelectGadget,
};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystemRef, LinearCombination, SynthesisError, Variable,
};
use zkp_ledger_merkle::constraints::{leaf_node, root_of_leaf_nodes};
use zkp_ledger_poseidon::constraints::hash;

use super::{DatasetCircuit, INPUTS_PER_COLUMN, SUMSQ_BITS, native::VALUES_PER_WORD};
use crate::gadgets::{ValueOpt, alloc_bits, enforce_bits, lc, pow2};

/// Bits of a value's distance to its range ends.
const VALUE_BITS: u32 = 64;
/// Bits of `sum_max + 2^127`.
const SUM_MAX_BITS: u32 = 128;
/// Bits of the slack `sum_max - sum`: |sum_max| < 2^127 and |sum| < 2^63 * 2^24.
const SUM_SLACK_BITS: u32 = 128;

/// Enforces `0 <= value(lc) < 2^n` for a linear combination with known value.
fn enforce_lc_bits(
    cs: &ConstraintSystemRef<Fr>,
    x: LinearCombination<Fr>,
    value: Option<Fr>,
    n: u32,
) -> Result<(), SynthesisError> {
    let sum = alloc_bits(cs, value, n)?;
    cs.enforce_r1cs_constraint(|| sum, || Variable::One.into(), || x)
}

impl ConstraintSynthesizer<Fr> for DatasetCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let (rows, cols) = (self.shape.rows, self.shape.cols);
        let w = self.witness.as_ref();
        let missing = || SynthesisError::AssignmentMissing;
        let input = |f: &dyn Fn(&super::Witness) -> Fr| {
            FpVar::new_input(cs.clone(), || w.map(f).ok_or_else(missing))
        };

        // Public inputs, in the documented order.
        let commitment = input(&|w| w.commitment)?;
        let row_count = input(&|w| Fr::from(w.row_count))?;
        let schema_hash = input(&|w| w.schema_hash)?;
        let mut bounds: Vec<[FpVar<Fr>; INPUTS_PER_COLUMN]> = Vec::with_capacity(cols);
        for j in 0..cols {
            let b = |k: usize| input(&move |w: &super::Witness| w.bounds[j][k]);
            bounds.push([b(0)?, b(1)?, b(2)?, b(3)?]);
        }

        // The parameters are what they claim to be: lo, hi in i64; sum_max in i128;
        // sumsq_max below 2^192.
        let two_63 = pow2(63);
        let two_127 = pow2(127);
        for [lo, hi, sum_max, sumsq_max] in &bounds {
            enforce_bits(&cs, &(lo + two_63), VALUE_BITS)?;
            enforce_bits(&cs, &(hi + two_63), VALUE_BITS)?;
            enforce_bits(&cs, &(sum_max + two_127), SUM_MAX_BITS)?;
            enforce_bits(&cs, sumsq_max, SUMSQ_BITS)?;
        }

        // Row i is active iff i < row_count: booleans, non-increasing, summing to row_count.
        let active = (0..rows)
            .map(|i| {
                Boolean::new_witness(cs.clone(), || {
                    w.map(|w| (i as u64) < w.row_count).ok_or_else(missing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for pair in active.windows(2) {
            let (prev, next) = (&pair[0], &pair[1]);
            cs.enforce_r1cs_constraint(
                || next.lc(),
                || LinearCombination::from(Variable::One) - &prev.lc(),
                LinearCombination::zero,
            )?;
        }
        let active_sum = active.iter().fold(LinearCombination::zero(), |acc, a| acc + &a.lc());
        cs.enforce_r1cs_constraint(|| active_sum, || Variable::One.into(), || lc(&row_count))?;

        // Values: range, square, running sums.
        let mut sums = vec![LinearCombination::<Fr>::zero(); cols];
        let mut sum_values = vec![Some(Fr::ZERO); cols];
        let mut sumsqs = vec![LinearCombination::<Fr>::zero(); cols];
        let mut sumsq_values = vec![Some(Fr::ZERO); cols];
        let mut leaves = Vec::with_capacity(rows);
        for (i, a) in active.iter().enumerate() {
            let a_val = a.value_opt();
            let mut row = Vec::with_capacity(cols);
            for (j, [lo, hi, _, _]) in bounds.iter().enumerate() {
                let v = FpVar::new_witness(cs.clone(), || {
                    w.map(|w| w.values[i][j]).ok_or_else(missing)
                })?;
                let v_val = v.value_opt();
                let (lo_val, hi_val) = (lo.value_opt(), hi.value_opt());
                // A = v - a*lo, B = a*hi - v.
                let dist_lo = v_val.zip(a_val).zip(lo_val).map(|((v, a), lo)| v - a * lo);
                let dist_hi = v_val.zip(a_val).zip(hi_val).map(|((v, a), hi)| a * hi - v);
                let bits_lo = alloc_bits(&cs, dist_lo, VALUE_BITS)?;
                cs.enforce_r1cs_constraint(|| a.lc(), || lc(lo), || lc(&v) - &bits_lo)?;
                let bits_hi = alloc_bits(&cs, dist_hi, VALUE_BITS)?;
                cs.enforce_r1cs_constraint(|| a.lc(), || lc(hi), || lc(&v) + &bits_hi)?;

                let square = FpVar::new_witness(cs.clone(), || {
                    v_val.map(|v| v.square()).ok_or_else(missing)
                })?;
                cs.enforce_r1cs_constraint(|| lc(&v), || lc(&v), || lc(&square))?;

                sums[j] = std::mem::take(&mut sums[j]) + &lc(&v);
                sum_values[j] = sum_values[j].zip(v_val).map(|(s, v)| s + v);
                sumsqs[j] = std::mem::take(&mut sumsqs[j]) + &lc(&square);
                sumsq_values[j] = sumsq_values[j].zip(v_val).map(|(s, v)| s + v.square());
                row.push(v);
            }

            // Row hash over the packed words; the tree slot is empty for padding rows.
            let words = row
                .chunks(VALUES_PER_WORD)
                .map(|chunk| {
                    chunk
                        .iter()
                        .rev()
                        .fold(FpVar::Constant(Fr::ZERO), |acc, v| acc * pow2(64) + v + two_63)
                })
                .collect::<Vec<_>>();
            let node = leaf_node(&hash(&words)?)?;
            leaves.push(FpVar::conditionally_select(a, &node, &FpVar::Constant(Fr::ZERO))?);
        }

        // Column statements: sum_max - sum and sumsq_max - sumsq are non-negative.
        for (j, [_, _, sum_max, sumsq_max]) in bounds.iter().enumerate() {
            let slack = lc(sum_max) - &sums[j];
            let slack_val = sum_max.value_opt().zip(sum_values[j]).map(|(m, s)| m - s);
            enforce_lc_bits(&cs, slack, slack_val, SUM_SLACK_BITS)?;
            let slack = lc(sumsq_max) - &sumsqs[j];
            let slack_val = sumsq_max.value_opt().zip(sumsq_values[j]).map(|(m, s)| m - s);
            enforce_lc_bits(&cs, slack, slack_val, SUMSQ_BITS)?;
        }

        // Commitment.
        let rows_root = root_of_leaf_nodes(self.shape.tree_depth(), &leaves)?;
        let blinding =
            FpVar::new_witness(cs.clone(), || w.map(|w| w.blinding).ok_or_else(missing))?;
        hash(&[rows_root, row_count, schema_hash, blinding])?.enforce_equal(&commitment)
    }
}
