//! Generates one self-contained Solidity contract that verifies Groth16 (BN254) proofs for one
//! verifying key: ours (`zkp-ledger setup`) or any snarkjs `verification_key.json`.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use zkp_ledger_prover::snarkjs::{VerificationKeyJson, read_json};
//! use zkp_ledger_verifier_gen::{Options, generate};
//!
//! let vk = read_json::<VerificationKeyJson>("verification_key.json".as_ref())?.to_vk()?;
//! let opts = Options {
//!     contract_name: "MyVerifier".into(),
//!     command: "zkp-ledger export-verifier --vk verification_key.json --out Verifier.sol".into(),
//! };
//! std::fs::write("MyVerifier.sol", generate(&vk, &opts)?)?;
//! # Ok(())
//! # }
//! ```
//!
//! # The contract
//!
//! With `L` public inputs:
//!
//! - `verifyProof(uint256[8] proof, uint256[L] input)` returns nothing and reverts with a custom
//!   error naming the cause unless the proof is valid;
//! - `isValidProof(uint256[8] proof, uint256[L] input) returns (bool)` answers the same question
//!   without reverting on any proof or input (only when out of gas);
//! - `verifyBatch(uint256[8][] proofs, uint256[L][] inputs)` checks `n` proofs with one pairing of
//!   `n + 3` pairs, a random linear combination whose weights are hashed from the circuit id and
//!   every proof and input word of the call;
//! - `CIRCUIT_ID` is [`zkp_ledger_prover::evm::circuit_id`] of the key.
//!
//! Proof words are `A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y` (G2 imaginary part first,
//! the precompiles' order). The contract accepts exactly the encodings the Rust verifier accepts:
//! every word below q, every input below r, A and C on the curve, B in G2, none of them the point
//! at infinity.
//!
//! # Proofs with commitments
//!
//! [`generate_commit`] makes a verifier for a [`CommitVerifyingKey`] with `k` commitments,
//! `1 <= k <=` [`MAX_COMMITMENTS`] (commit-and-prove, `docs/commit-and-prove.md`):
//! `verifyProof(uint256[8 + 4k] proof, uint256[L] input)` and `isValidProof(...)` as above, the
//! proof words being the 8 plain ones, then every commitment `D_j.x, D_j.y`, then every proof of
//! knowledge `P_j.x, P_j.y` (`j = 1..k`). It recomputes each challenge `c_j = hash_to_field(D_j)`
//! (SHA-256 precompile), folds the proofs of knowledge into the Groth16 equation with powers of
//! `rho = keccak256(proof words, input words) mod r` (`rho^j` for commitment `j`, as
//! `CommitVerifier::verify_with_rho` does) and checks everything with one pairing of `4 + k`
//! pairs; its errors are [`COMMIT_ERRORS`]. `verifyBatch(uint256[8 + 4k][] proofs,
//! uint256[L][] inputs)` checks `n` such proofs with one pairing of `n + 3 + k` pairs: each
//! proof's `4 + k`-pair product (its own challenges and rho) weighted as in the plain batch.
//! `NUM_COMMITMENTS` is `k`. Keys with no commitment or more than [`MAX_COMMITMENTS`] are
//! refused ([`Error::UnsupportedCommitments`]).
//!
//! The body is assembly with the key as immediate constants. Output is deterministic and already
//! `forge fmt`-formatted under the repository's `foundry.toml`.
//!
//! # How `verifyProof` checks a proof
//!
//! The plain verifier checks `e(A, B) e(C, -delta) e(alpha, -beta) e(vk_x, -gamma) == 1`: the
//! signs sit on the key's G2 constants, so no proof point is negated and the 8 proof words go to
//! the pairing precompile exactly as given. The precompile refuses any coordinate at or above q,
//! an A or C off the curve and a B outside G2 (EIP-197), which covers those parts of the encoding
//! without a check of the contract's own; the contract adds what the precompile does not check:
//! every input below r (ecMul would take x + r as x) and none of A, B, C at infinity (A.y, B.y,
//! C.y zero). Every check folds into one condition after the pairing; only a failing proof runs
//! the search for its cause, which reverts with the same typed error, in the same order, as the
//! checks used to (word, input, point, B, pairing). It costs the precompile floor plus about
//! 1,250 gas at one input and 370 per further input, less than snarkjs's exported verifier at
//! every number of inputs from 1 to 8 (`BENCHMARKS.md`, "Solidity verifier gas"). A malformed
//! proof word or point reaches the precompile, which consumes the gas it is given when it
//! rejects. `verifyBatch` does the same for each proof (A and C to ecMul, B to the pairing, as
//! given); the commit template keeps explicit word and curve checks before its calls.

mod error;
mod render;

pub use error::{Error, Result};
pub use render::{ERRORS, SolidityError, commit::COMMIT_ERRORS};

use ark_bn254::{Bn254, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_groth16::VerifyingKey;
use zkp_ledger_prover::commit::CommitVerifyingKey;

/// Solidity's reserved words and keywords, which cannot name a contract.
const RESERVED: &[&str] = &[
    "abstract",
    "address",
    "after",
    "alias",
    "anonymous",
    "apply",
    "as",
    "assembly",
    "auto",
    "bool",
    "break",
    "byte",
    "bytes",
    "calldata",
    "case",
    "catch",
    "constant",
    "constructor",
    "continue",
    "contract",
    "copyof",
    "default",
    "define",
    "delete",
    "do",
    "else",
    "emit",
    "enum",
    "error",
    "event",
    "external",
    "fallback",
    "false",
    "final",
    "fixed",
    "for",
    "function",
    "gwei",
    "hex",
    "if",
    "immutable",
    "implements",
    "import",
    "in",
    "indexed",
    "inline",
    "interface",
    "internal",
    "is",
    "let",
    "library",
    "macro",
    "mapping",
    "match",
    "memory",
    "modifier",
    "mutable",
    "new",
    "null",
    "of",
    "override",
    "partial",
    "payable",
    "pragma",
    "private",
    "promise",
    "public",
    "pure",
    "receive",
    "reference",
    "relocatable",
    "return",
    "returns",
    "revert",
    "sealed",
    "seconds",
    "sizeof",
    "static",
    "storage",
    "string",
    "struct",
    "super",
    "supports",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "type",
    "typedef",
    "typeof",
    "ufixed",
    "uint",
    "unchecked",
    "unicode",
    "using",
    "var",
    "view",
    "virtual",
    "weeks",
    "wei",
    "while",
    "years",
    "minutes",
    "hours",
    "days",
    "ether",
    "szabo",
    "finney",
    "int",
    "transient",
];

/// Longest contract name accepted.
pub const MAX_CONTRACT_NAME_LEN: usize = 64;

/// Most public inputs a generated verifier takes: its runtime code grows with the inputs (the key
/// is immediate constants) and must stay within EIP-170's 24,576 bytes.
pub const MAX_PUBLIC_INPUTS: usize = 128;

/// Longest command accepted in the header.
pub const MAX_COMMAND_LEN: usize = 1000;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The contract's name: an ASCII Solidity identifier (`[A-Za-z_][A-Za-z0-9_]*`, not a
    /// reserved word, at most [`MAX_CONTRACT_NAME_LEN`] characters).
    pub contract_name: String,
    /// The command that made the file, written in its header (e.g. `zkp-ledger export-verifier
    /// --vk keys/verification_key.json --contract-name MyVerifier`). One line of printable text.
    pub command: String,
}

/// Checks that `name` can name the contract (see [`Options::contract_name`]).
pub fn validate_contract_name(name: &str) -> Result<()> {
    let err = |reason| Err(Error::InvalidContractName { name: name.to_string(), reason });
    let mut chars = name.chars();
    match chars.next() {
        None => return err("it is empty"),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            return err("it must start with an ASCII letter or '_'");
        }
        Some(_) => {}
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return err("it may contain only ASCII letters, digits and '_'");
    }
    if name.len() > MAX_CONTRACT_NAME_LEN {
        return err("it is longer than 64 characters");
    }
    if RESERVED.contains(&name) || is_elementary_type(name) {
        return err("it is a Solidity keyword or type name");
    }
    Ok(())
}

/// `uintN`, `intN`, `bytesN`, `fixedMxN`, `ufixedMxN`: type names Solidity reserves.
fn is_elementary_type(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let fixed = |s: &str| s.split_once('x').is_some_and(|(m, n)| digits(m) && digits(n));
    ["uint", "int", "bytes"].iter().any(|p| name.strip_prefix(p).is_some_and(digits))
        || ["ufixed", "fixed"].iter().any(|p| name.strip_prefix(p).is_some_and(fixed))
}

fn validate_command(command: &str) -> Result<()> {
    let err = |reason| Err(Error::InvalidCommand { reason });
    if command.trim().is_empty() {
        return err("it is empty");
    }
    if command.len() > MAX_COMMAND_LEN {
        return err("it is longer than 1000 bytes");
    }
    if command.chars().any(char::is_control) {
        return err("it contains a line break or another control character");
    }
    Ok(())
}

/// Checks the key: at least one public input and at most [`MAX_PUBLIC_INPUTS`]; alpha, beta, gamma and delta real points; every
/// point on its curve and in its prime-order subgroup (IC points may be the point at infinity).
pub fn validate_key(vk: &VerifyingKey<Bn254>) -> Result<()> {
    if vk.gamma_abc_g1.len() < 2 {
        return Err(Error::NoPublicInputs);
    }
    let inputs = vk.gamma_abc_g1.len() - 1;
    if inputs > MAX_PUBLIC_INPUTS {
        return Err(Error::TooManyInputs { inputs, max: MAX_PUBLIC_INPUTS });
    }
    let g1 = |p: &G1Affine, name: &str| {
        if p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() {
            Ok(())
        } else {
            Err(Error::KeyPointInvalid { point: name.to_string() })
        }
    };
    let g2 = |p: &G2Affine, name: &str| {
        if p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() {
            Ok(())
        } else {
            Err(Error::KeyPointInvalid { point: name.to_string() })
        }
    };
    if vk.alpha_g1.is_zero() {
        return Err(Error::KeyPointAtInfinity { point: "alpha" });
    }
    g1(&vk.alpha_g1, "alpha")?;
    for (p, name) in [(&vk.beta_g2, "beta"), (&vk.gamma_g2, "gamma"), (&vk.delta_g2, "delta")] {
        if p.is_zero() {
            return Err(Error::KeyPointAtInfinity { point: name });
        }
        g2(p, name)?;
    }
    for (j, p) in vk.gamma_abc_g1.iter().enumerate() {
        if !p.is_zero() {
            g1(p, &format!("IC[{j}]"))?;
        }
    }
    // The same refusal of forgeable keys as every Rust verifier (gamma = delta and the like).
    match zkp_ledger_prover::verify::degeneracy(vk) {
        Some(problem) => Err(Error::DegenerateKey { problem }),
        None => Ok(()),
    }
}

/// Generates the verifier contract for `vk`: one self-contained, `forge fmt`-formatted Solidity
/// file. Deterministic: equal inputs give equal bytes.
///
/// Errors: [`Error::InvalidContractName`], [`Error::InvalidCommand`], [`Error::NoPublicInputs`],
/// [`Error::TooManyInputs`], [`Error::KeyPointAtInfinity`], [`Error::KeyPointInvalid`],
/// [`Error::DegenerateKey`].
pub fn generate(vk: &VerifyingKey<Bn254>, opts: &Options) -> Result<String> {
    validate_contract_name(&opts.contract_name)?;
    validate_command(&opts.command)?;
    validate_key(vk)?;
    Ok(render::contract(vk, opts))
}

/// Most commitments a generated commit verifier supports: four (the dataset chunk proofs have
/// two). The generated code grows by about one ecMul block per commitment in each entry point;
/// keys with more are refused with [`Error::UnsupportedCommitments`].
pub const MAX_COMMITMENTS: usize = 4;

/// Checks a key with commitments: 1 to [`MAX_COMMITMENTS`] commitments, at least one public
/// input of its own (the challenges are not inputs) and at most [`MAX_PUBLIC_INPUTS`] IC points
/// after IC0 (challenges included), every point as in [`validate_key`], every commitment's
/// `GSigmaNeg` on the twist, in G2 and not at infinity, and none of the degenerate keys the
/// prover refuses ([`CommitVerifyingKey::validate`]: gamma equal to delta, a sigma 0 or ±1, a G
/// not gamma, two commitments sharing a sigma, ...).
pub fn validate_commit_key(vk: &CommitVerifyingKey) -> Result<()> {
    let k = vk.num_commitments();
    if !(1..=MAX_COMMITMENTS).contains(&k) {
        return Err(Error::UnsupportedCommitments { commitments: k, max: MAX_COMMITMENTS });
    }
    if vk.vk.gamma_abc_g1.len() < 1 + k {
        return Err(Error::DegenerateKey {
            problem: "fewer IC points than the constant plus one challenge per commitment",
        });
    }
    if vk.num_public() == 0 {
        return Err(Error::NoPublicInputs);
    }
    validate_key(&vk.vk)?;
    for c in &vk.commitments {
        let p = &c.g_sigma_neg;
        if p.is_zero() {
            return Err(Error::KeyPointAtInfinity { point: "GSigmaNeg" });
        }
        if !(p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve()) {
            return Err(Error::KeyPointInvalid { point: "GSigmaNeg".into() });
        }
    }
    vk.validate().map_err(|e| Error::DegenerateKey {
        problem: match e {
            zkp_ledger_prover::Error::DegenerateKey { problem } => problem,
            _ => "the prover's key validation refuses it",
        },
    })
}

/// Generates the verifier contract for a key with 1 to [`MAX_COMMITMENTS`] commitments
/// ([`validate_commit_key`]): one self-contained, `forge fmt`-formatted Solidity file,
/// deterministic. See the crate documentation for its interface.
///
/// Errors: [`Error::InvalidContractName`], [`Error::InvalidCommand`],
/// [`Error::UnsupportedCommitments`], [`Error::NoPublicInputs`], [`Error::TooManyInputs`],
/// [`Error::KeyPointAtInfinity`], [`Error::KeyPointInvalid`], [`Error::DegenerateKey`].
pub fn generate_commit(vk: &CommitVerifyingKey, opts: &Options) -> Result<String> {
    validate_contract_name(&opts.contract_name)?;
    validate_command(&opts.command)?;
    validate_commit_key(vk)?;
    Ok(render::commit::contract(vk, opts))
}
