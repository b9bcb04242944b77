//! circomlib's Poseidon parameters for BN254, embedded from `src/params/t<T>.txt`.
//!
//! The files are extracted from circomlibjs by `tools/poseidon/extract-constants.mjs`; each holds
//! the `(R_F + R_P) * t` round constants followed by the `t x t` MDS matrix.

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{BigInteger256, PrimeField};

use crate::{Error, Result};

/// Full rounds (circomlib: 8 for every width).
pub const ROUNDS_F: usize = 8;

/// Partial rounds for t = 2..=17, as in circomlib (`N_ROUNDS_P`).
pub const ROUNDS_P: [usize; 16] = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];

/// The smallest number of inputs supported.
pub const MIN_INPUTS: usize = 1;

/// The largest number of inputs supported (width t = 9). circomlib goes to 16; the circuits here
/// need at most 8, and each further width adds tens of kilobytes of constants.
pub const MAX_INPUTS: usize = 8;

const RAW: [&str; MAX_INPUTS] = [
    include_str!("params/t2.txt"),
    include_str!("params/t3.txt"),
    include_str!("params/t4.txt"),
    include_str!("params/t5.txt"),
    include_str!("params/t6.txt"),
    include_str!("params/t7.txt"),
    include_str!("params/t8.txt"),
    include_str!("params/t9.txt"),
];

/// Parameters of one Poseidon width.
#[derive(Debug)]
pub struct Params {
    /// State width: inputs + 1.
    pub t: usize,
    /// Number of partial rounds.
    pub rounds_p: usize,
    /// Round constants, `t` per round.
    pub round_constants: Vec<Fr>,
    /// MDS matrix, `mds[i][j]`.
    pub mds: Vec<Vec<Fr>>,
}

impl Params {
    /// Total number of rounds.
    pub fn rounds(&self) -> usize {
        ROUNDS_F + self.rounds_p
    }

    /// Whether round `r` is a full round.
    pub fn is_full_round(&self, r: usize) -> bool {
        r < ROUNDS_F / 2 || r >= ROUNDS_F / 2 + self.rounds_p
    }
}

/// The parameters for `n_inputs` inputs (width `n_inputs + 1`).
pub fn for_inputs(n_inputs: usize) -> Result<&'static Params> {
    if !(MIN_INPUTS..=MAX_INPUTS).contains(&n_inputs) {
        return Err(Error::UnsupportedArity { got: n_inputs, min: MIN_INPUTS, max: MAX_INPUTS });
    }
    static CACHE: [OnceLock<Params>; MAX_INPUTS] = [const { OnceLock::new() }; MAX_INPUTS];
    Ok(CACHE[n_inputs - 1].get_or_init(|| parse(n_inputs + 1, RAW[n_inputs - 1])))
}

#[allow(
    clippy::expect_used,
    clippy::panic,
    reason = "the embedded parameter files are fixed at build time and checked by the tests; \
              a malformed one is a build defect, not a runtime condition"
)]
fn parse(t: usize, text: &str) -> Params {
    let words: Vec<Fr> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let hex = l.trim().strip_prefix("0x").expect("constant lacks 0x prefix");
            assert_eq!(hex.len(), 64, "constant is not 32 bytes");
            let mut limbs = [0u64; 4];
            for (i, limb) in limbs.iter_mut().enumerate() {
                let start = 64 - 16 * (i + 1);
                *limb = u64::from_str_radix(&hex[start..start + 16], 16).expect("bad hex");
            }
            Fr::from_bigint(BigInteger256::new(limbs)).expect("constant not below r")
        })
        .collect();
    let rounds_p = ROUNDS_P[t - 2];
    let n_c = (ROUNDS_F + rounds_p) * t;
    assert_eq!(words.len(), n_c + t * t, "wrong number of constants for t={t}");
    let round_constants = words[..n_c].to_vec();
    let mds = words[n_c..].chunks(t).map(<[Fr]>::to_vec).collect();
    Params { t, rounds_p, round_constants, mds }
}
