//! Lookup gadgets for commit-and-prove circuits: range checks of any width up to 64 bits against
//! one shared table, signed ranges `[lo, hi]`, and membership in a small public set.
//!
//! # The argument
//!
//! A log-derivative lookup (Haböck, "Multivariate lookups based on logarithmic derivatives",
//! eprint 2022/1530; gnark's `std/internal/logderivarg` uses the same idea) proves that every
//! looked-up value `f_i` is an entry of a table `t_0..t_{T-1}`: with multiplicities `m_j` (how
//! often `t_j` is looked up),
//!
//! ```text
//! sum_i 1 / (X - f_i) = sum_j m_j / (X - t_j)
//! ```
//!
//! holds as an identity of rational functions in `X` exactly when the `f_i`, counted with
//! multiplicity, are the table entries counted by `m` (fewer than `r` lookups, so counts do not
//! wrap). Both sides have at most `lookups + T` poles, so if the `f_i` and `m_j` are fixed before
//! a uniformly random `X` is drawn, a false lookup satisfies the equation with probability at most
//! `(lookups + T) / r` (below 2^-225 for 2^25 lookups).
//!
//! # The challenge and the commitment
//!
//! In a commit-and-prove Groth16 proof the prover commits (a Pedersen commitment inside the
//! proof) to a declared set of private wires, and the challenge `X` is a public input derived by
//! hashing that commitment. **`X` must be derived from a commitment to every variable that
//! [`Committed::committed_variables`] lists, for every checker in the circuit** (limbs or set
//! copies, then multiplicities). A circuit must never hand the gadgets a constant or a
//! prover-chosen challenge: [`Challenge`] can only be made from a public input, and the rest is
//! the prover's and verifier's contract. The checked values themselves need not be committed:
//! each is tied to committed limbs (or a committed copy) by a constraint that does not involve
//! `X`. Set elements are circuit constants for the same reason: a table entry that the prover
//! could pick after seeing `X` would break the argument.
//!
//! # Phases
//!
//! The types make the order explicit, so that every committed value is fixed before anything
//! that depends on `X`:
//!
//! 1. [`RangeChecker`] / [`SetChecker`]: `check` calls allocate limbs (or copies) and their
//!    linking constraints; their values depend only on the checked values.
//! 2. `commit()` counts the lookups natively and allocates the multiplicities, giving a
//!    [`Committed`]: its [`committed_variables`](Committed::committed_variables) (and
//!    [`committed_values`](Committed::committed_values)) are what goes into the commitment.
//! 3. [`Committed::finalize`] with the [`Challenge`] allocates the inverses and enforces the
//!    identity.
//!
//! A two-pass prover can synthesize up to phase 2, read the committed values, commit and derive
//! `X`, then synthesize again with `X` (the committed values come out the same, as they do not
//! depend on `X`). One circuit should use one [`RangeChecker`] for all its range checks, so the
//! table is paid once.
//!
//! # Costs (R1CS constraints)
//!
//! - Range check of `w` bits with `b`-bit limbs: `ceil(w / b)` lookups, one more when `b` does
//!   not divide `w` (the top limb, shifted left by `b - w mod b` bits, is looked up again so that
//!   it lies below `2^(w mod b)`, as gnark does), plus one recomposition: **5** for 64 bits with
//!   16-bit limbs, 4 for 17 bits, 2 for 16 bits, 3 for 1 bit.
//! - Table: `2^b` constraints once (`q_j (X - j) = m_j`, the last one folded with the final sum),
//!   so `n` 64-bit checks cost `5 n + 2^16`.
//! - Signed range `[lo, hi]`: two 64-bit checks, 10.
//! - Set membership, `k` elements, `n` values: [`enforce_member`] (a product) costs `n (k - 1)`
//!   and needs no challenge; [`SetChecker`] (a lookup into a table of the set) costs `2 n + k`
//!   (a committed copy and a lookup per value). The product is cheaper up to 3 elements.
//!
//! The native twins are in [`native`]: the same limbs, queries, multiplicities and sums.
//! [`RangeChecks`] is a circuit of nothing but range checks, by lookups or by bits, for
//! benchmarks.

pub mod constraints;
pub mod native;
mod range_checks;

pub use constraints::{
    Challenge, Committed, PublicSetChecker, RangeChecker, SetChecker, enforce_member,
};
pub use range_checks::{LookupLayout, RangeChecks};

/// Largest limb: tables of at most 2^16 entries.
pub const MAX_LIMB_BITS: u32 = 16;
/// Widest range check.
pub const MAX_WIDTH: u32 = 64;
/// The limb size the cost targets assume (4 limbs per 64-bit value, a table of 2^16 entries).
pub const DEFAULT_LIMB_BITS: u32 = 16;
