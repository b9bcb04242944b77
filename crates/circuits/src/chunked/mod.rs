//! Datasets of any size, proven chunk by chunk (design: `docs/datasets-at-scale.md`).
//!
//! - [`chain`]: the hiding commitment `h = H(salt, state)` to the running totals that link one
//!   chunk proof to the next (native and in-circuit).
//! - [`chunk`]: the universal chunk circuit (commit-and-prove, two commitments: the chunk's data,
//!   then its lookup witnesses).
//! - [`finalize`]: the small plain-Groth16 circuit that opens the last `h` and proves the
//!   whole-dataset bounds (sums, sums of squares, counts).

pub mod chain;
pub mod chunk;
pub mod finalize;
