//! The Solidity text of a verifier for Groth16 proofs with one commitment (commit-and-prove,
//! `docs/commit-and-prove.md`). It reuses the plain template's writer, helpers and A/B/C checks;
//! what differs (12 proof words, D and P, the challenge, the Fiat–Shamir fold, five pairs) is
//! here.

use ark_bn254::G2Affine;
use ark_ec::AffineRepr;
use zkp_ledger_prover::{
    commit::{COMMITMENT_DST, CommitVerifyingKey, HASH_TO_FIELD_BYTES},
    evm::commit_circuit_id_hex,
};

use super::{
    M_SCALARS, Mode, PAIR_BYTES, Q_HEX, R_HEX, R_MINUS_1_HEX, Site, SolidityError, Src, decimal,
    func_header, g1_words, g2_stores, g2_words, helpers, hex, point_checks, reject_call,
};
use crate::Options;

/// Proof words of a proof with one commitment: the 8 plain words, D (2), P (2).
const PROOF_WORDS: usize = 12;

/// Pairs of the one pairing: (-A, B), (alpha, beta), (C, delta), (rho D, GSigmaNeg),
/// (vk_x + D + rho P, gamma).
const PAIRS: usize = 5;

/// The errors a commit verifier declares, in declaration order: the plain verifier's (same names,
/// parameters and selectors), documented for 12 proof words and five points.
pub const COMMIT_ERRORS: &[SolidityError] = &[
    SolidityError {
        name: "ProofCoordinateNotInField",
        params: &[("uint256", "index")],
        constant: "ERR_PROOF_COORDINATE_NOT_IN_FIELD",
        doc: &[
            "A proof word is not below the base field modulus q. `index` is the word's",
            "position, 0 to 11; 12 * i + that for proof i in verifyBatch.",
        ],
    },
    SolidityError {
        name: "PublicInputNotInField",
        params: &[("uint256", "index")],
        constant: "ERR_PUBLIC_INPUT_NOT_IN_FIELD",
        doc: &[
            "A public input is not below the scalar field modulus r. `index` is its position;",
            "L * i + that for proof i in verifyBatch.",
        ],
    },
    SolidityError {
        name: "ProofPointAtInfinity",
        params: &[("uint256", "point")],
        constant: "ERR_PROOF_POINT_AT_INFINITY",
        doc: &[
            "A, B, C, the commitment D or its proof of knowledge P is the point at infinity",
            "(all its words 0, the precompiles' encoding). `point`: 0 A, 1 B, 2 C, 3 D, 4 P;",
            "5 * i + that for proof i in verifyBatch.",
        ],
    },
    SolidityError {
        name: "ProofPointNotOnCurve",
        params: &[("uint256", "point")],
        constant: "ERR_PROOF_POINT_NOT_ON_CURVE",
        doc: &[
            "A, C, D or P is not on the curve y^2 = x^3 + 3. `point` as in",
            "ProofPointAtInfinity.",
        ],
    },
    SolidityError {
        name: "ProofBNotInG2",
        params: &[],
        constant: "ERR_PROOF_B_NOT_IN_G2",
        doc: &[
            "The pairing precompile rejected B: it is not on the twist, or not in its",
            "prime-order subgroup (in verifyBatch: the B of at least one proof). A rejecting",
            "precompile consumes all the gas it was given (63/64 of the gas left).",
        ],
    },
    SolidityError {
        name: "ProofInvalid",
        params: &[],
        constant: "ERR_PROOF_INVALID",
        doc: &[
            "The proof is well-formed but the pairing check fails: it does not prove the",
            "statement with these public inputs, or P is not a proof of knowledge of D. In",
            "verifyBatch: at least one proof is invalid.",
        ],
    },
    SolidityError {
        name: "PrecompileFailed",
        params: &[("uint256", "precompile")],
        constant: "ERR_PRECOMPILE_FAILED",
        doc: &[
            "A call to precompile 2 (SHA-256), 6 (ecAdd), 7 (ecMul) or 8 (pairing) failed on",
            "input it accepts (the call ran out of gas), or it returned other than 32 bytes",
            "(SHA-256, pairing) or 64 bytes (ecAdd, ecMul), as a call to an address without",
            "that precompile does (it succeeds with no data) on a chain that lacks it.",
        ],
    },
    SolidityError {
        name: "BatchLengthMismatch",
        params: &[("uint256", "proofs"), ("uint256", "inputs")],
        constant: "ERR_BATCH_LENGTH_MISMATCH",
        doc: &["verifyBatch got `proofs` proofs but `inputs` arrays of public inputs."],
    },
    SolidityError {
        name: "EmptyBatch",
        params: &[],
        constant: "ERR_EMPTY_BATCH",
        doc: &["verifyBatch got no proofs."],
    },
];

/// The 32-byte word `bytes` left-aligned, as `0x`-hex.
fn left_word(bytes: &[u8]) -> String {
    let mut w = [0u8; 32];
    w[..bytes.len()].copy_from_slice(bytes);
    format!("0x{}", hex::encode(w))
}

/// `DST || len(DST)`: RFC 9380's DST_prime.
fn dst_prime() -> Vec<u8> {
    let mut v = COMMITMENT_DST.to_vec();
    // The DST is 16 bytes (a constant of the prover): it fits in one byte.
    v.push(COMMITMENT_DST.len() as u8);
    v
}

/// The message's tail after `Z_pad || D`: `I2OSP(48, 2) || I2OSP(0, 1) || DST_prime`.
fn msg_tail() -> Vec<u8> {
    let mut v = (HASH_TO_FIELD_BYTES as u16).to_be_bytes().to_vec();
    v.push(0);
    v.extend(dst_prime());
    v
}

/// The input's tail after `b_0` (or `b_0 xor b_1`) for block `i`: `I2OSP(i, 1) || DST_prime`.
fn block_tail(i: u8) -> Vec<u8> {
    let mut v = vec![i];
    v.extend(dst_prime());
    v
}

/// Renders the contract (inputs already validated: one commitment, at least one input).
pub(crate) fn contract(vk: &CommitVerifyingKey, opts: &Options) -> String {
    let name = opts.contract_name.as_str();
    let l = vk.num_public();
    let mut s = Src { out: String::new() };

    header(&mut s, vk, opts);
    s.line("");
    s.line(&format!("/// @title {name}"));
    s.block(
        0,
        "/// @notice Verifies Groth16 proofs with one commitment (commit-and-prove, BSB22 /
///         LegoGroth16 style) over BN254 for one verifying key, the circuit CIRCUIT_ID. A proof
///         has one accepted encoding, the one zkp-ledger's Rust verifier accepts: every proof
///         word below q, every public input below r, A, C, D and P on the curve, B in G2, none
///         of them the point at infinity.
/// @dev Proof words: A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y, D.x, D.y, P.x, P.y
///      (G2 coordinates with the imaginary part first, as the BN254 precompiles take them): D
///      is the commitment, P its proof of knowledge. The challenge c = hash_to_field(D)
///      (expand_message_xmd with SHA-256, DST \"bsb22-commitment\", 48 bytes, mod r; gnark's) is
///      the last public input of the circuit, computed here, never sent. With
///      rho = keccak256(proof words, input words) mod r, one pairing checks
///      e(-A, B) e(alpha, beta) e(C, delta) e(rho D, GSigmaNeg) e(vk_x + D + rho P, gamma) == 1,
///      where vk_x = IC[0] + sum_j input[j] IC[j] + c IC[L + 1]: the Groth16 equation and the
///      proof of knowledge e(D, GSigmaNeg) e(P, gamma) == 1 folded by rho (see
///      docs/commit-and-prove.md). verifyBatch checks n proofs with one pairing of n + 4
///      pairs. Generated by zkp-ledger-verifier-gen.",
    );
    s.line(&format!("contract {name} {{"));
    errors(&mut s);
    constants(&mut s, vk);
    s.line("");
    single(&mut s, l, Mode::Revert);
    s.line("");
    single(&mut s, l, Mode::Bool);
    s.line("");
    fold(&mut s);
    s.line("");
    vk_x(&mut s, vk);
    s.line("");
    batch::batch(&mut s, l);
    s.line("");
    batch::batch_proof(&mut s, l);
    s.line("}");
    s.out
}

fn header(s: &mut Src, vk: &CommitVerifyingKey, opts: &Options) {
    s.block(
        0,
        "// SPDX-License-Identifier: MIT
// Generated by zkp-ledger's verifier generator (crate zkp-ledger-verifier-gen) from a Groth16
// verifying key with one commitment over BN254. Do not edit: regenerate it with the command
// below.",
    );
    s.comment(0, "Command:", " ", &opts.command);
    s.line(&format!("// Circuit id: {}", commit_circuit_id_hex(vk)));
    s.line("pragma solidity ^0.8.20;");
}

fn errors(s: &mut Src) {
    for (i, e) in COMMIT_ERRORS.iter().enumerate() {
        if i > 0 {
            s.line("");
        }
        for (k, d) in e.doc.iter().enumerate() {
            let lead = if k == 0 { "/// @notice " } else { "///         " };
            s.line(&format!("    {lead}{d}"));
        }
        let params: Vec<String> = e.params.iter().map(|(t, n)| format!("{t} {n}")).collect();
        s.line(&format!("    error {}({});", e.name, params.join(", ")));
    }
}

fn g2_constants(s: &mut Src, p: &G2Affine, n: &str) {
    let w = g2_words(p);
    for (k, part) in ["X_IMAG", "X_REAL", "Y_IMAG", "Y_REAL"].iter().enumerate() {
        s.constant("uint256", "private", &format!("{n}_{part}"), &w[k]);
    }
}

/// Where the scalars of vk_x start for `l` inputs (after the words rho hashes).
fn m_vk_scalars(l: usize) -> usize {
    M_SCALARS + 32 * (PROOF_WORDS + l)
}

/// Where verifyBatch hashes a challenge (after the scalars s_0..s_{L+1}).
fn m_xmd(l: usize) -> usize {
    m_vk_scalars(l) + 32 * (l + 2)
}

/// Where the pairing input starts for `l` inputs.
fn m_pairing(l: usize) -> usize {
    m_xmd(l) + 0xc0
}

fn constants(s: &mut Src, vk: &CommitVerifyingKey) {
    let l = vk.num_public();
    s.line("");
    s.block(
        4,
        "/// @notice The circuit id: keccak256 of the verifying key's 32-byte words (alpha, beta,
///         gamma, delta, every IC point, then G and GSigmaNeg of the commitment; G2
///         coordinates imaginary part first), as in zkp-ledger's key manifests.",
    );
    s.constant("bytes32", "public", "CIRCUIT_ID", &commit_circuit_id_hex(vk));
    s.line("");
    s.line("    /// @notice The number of public inputs of a proof (the challenge is not one).");
    s.constant("uint256", "public", "NUM_PUBLIC_INPUTS", &decimal(l));
    s.line("");
    s.line("    // The BN254 base field modulus q and scalar field modulus r.");
    s.constant("uint256", "private", "Q", Q_HEX);
    s.constant("uint256", "private", "R", R_HEX);
    s.constant("uint256", "private", "R_MINUS_1", R_MINUS_1_HEX);
    s.line("");
    s.block(
        4,
        "// The verifying key. G2 coordinates: imaginary part, then real part. IC[L + 1] is the
// challenge's; GSIGMANEG is the commitment's [-sigma gamma]_2 (its G is gamma).",
    );
    let alpha = g1_words(&vk.vk.alpha_g1).unwrap_or_default();
    s.constant("uint256", "private", "ALPHA_X", &alpha[0]);
    s.constant("uint256", "private", "ALPHA_Y", &alpha[1]);
    g2_constants(s, &vk.vk.beta_g2, "BETA");
    g2_constants(s, &vk.vk.gamma_g2, "GAMMA");
    g2_constants(s, &vk.vk.delta_g2, "DELTA");
    if let Some(c) = vk.commitments.first() {
        g2_constants(s, &c.g_sigma_neg, "GSIGMANEG");
    }
    for (j, p) in vk.vk.gamma_abc_g1.iter().enumerate() {
        match g1_words(p) {
            Some([x, y]) => {
                s.constant("uint256", "private", &format!("IC{j}_X"), &x);
                s.constant("uint256", "private", &format!("IC{j}_Y"), &y);
            }
            None => s.line(&format!("    // IC{j} is the point at infinity.")),
        }
    }
    s.line("");
    s.block(
        4,
        "// expand_message_xmd (RFC 9380, SHA-256) of the challenge, left-aligned words: the
// message's tail after Z_pad || D.x || D.y (I2OSP(48, 2) || I2OSP(0, 1) || DST_prime), and
// the tails of blocks 1 and 2 (I2OSP(i, 1) || DST_prime), DST_prime = DST || I2OSP(16, 1).",
    );
    let tail = msg_tail();
    let (b1, b2) = (block_tail(1), block_tail(2));
    s.constant("uint256", "private", "XMD_MSG_TAIL", &left_word(&tail));
    s.constant("uint256", "private", "XMD_B1_TAIL", &left_word(&b1));
    s.constant("uint256", "private", "XMD_B2_TAIL", &left_word(&b2));
    s.constant("uint256", "private", "XMD_MSG_BYTES", &hex(64 + 64 + tail.len()));
    s.constant("uint256", "private", "XMD_BLOCK_BYTES", &hex(32 + b1.len()));
    s.line("");
    s.line(
        "    // Error selectors, for the assembly (the forge tests check each against its error).",
    );
    for e in COMMIT_ERRORS {
        let sel = format!("0x{}", hex::encode(e.selector()));
        s.constant("uint256", "private", e.constant, &sel);
    }
    s.line("");
    s.block(
        4,
        "// Pairing precompile prices (EIP-1108), and the gas beyond 64/63 of its price that a call
// needs so that a failure cannot be running out of gas.",
    );
    s.constant("uint256", "private", "PAIRING_BASE_GAS", &decimal(45_000));
    s.constant("uint256", "private", "PAIRING_PAIR_GAS", &decimal(34_000));
    s.constant("uint256", "private", "PAIRING_CALL_MARGIN", &decimal(1000));
    s.line("");
    s.block(
        4,
        "// Memory (every function ends in assembly; nothing is allocated): the proof words then
// the inputs from M_WORDS (what rho hashes; D at M_D, P at M_P, the inputs at M_INPUTS),
// the scalars s_0..s_{L+1} of vk_x (IC0, the inputs, the challenge) at M_VK_SCALARS,
// verifyBatch's hashing of a challenge at M_XMD, then the pairing input from M_PAIRING,
// PAIR_BYTES per pair (a G1 point, then a G2 point):
// (-A, B), (alpha, beta), (C, delta), (rho D, GSigmaNeg) at M_RHO_D, and
// (vk_x + D + rho P, gamma) at M_VK_X, where the challenge's hash runs first.",
    );
    let mp = m_pairing(l);
    s.constant("uint256", "private", "M_WORDS", &hex(M_SCALARS));
    s.constant("uint256", "private", "M_D", &hex(M_SCALARS + 0x100));
    s.constant("uint256", "private", "M_P", &hex(M_SCALARS + 0x140));
    s.constant("uint256", "private", "M_INPUTS", &hex(M_SCALARS + 32 * PROOF_WORDS));
    s.constant("uint256", "private", "M_VK_SCALARS", &hex(m_vk_scalars(l)));
    s.constant("uint256", "private", "VK_SCALAR_BYTES", &hex(32 * (l + 2)));
    s.constant("uint256", "private", "M_XMD", &hex(m_xmd(l)));
    s.constant("uint256", "private", "M_PAIRING", &hex(mp));
    s.constant("uint256", "private", "M_RHO_D", &hex(mp + 3 * PAIR_BYTES));
    s.constant("uint256", "private", "M_VK_X", &hex(mp + 4 * PAIR_BYTES));
    s.constant("uint256", "private", "PAIR_BYTES", &hex(PAIR_BYTES));
    s.constant("uint256", "private", "PAIRS", &decimal(PAIRS));
    s.constant("uint256", "private", "PAIRING_BYTES", &hex(PAIRS * PAIR_BYTES));
    s.constant("uint256", "private", "PROOF_BYTES", &hex(32 * PROOF_WORDS));
    s.constant("uint256", "private", "INPUT_BYTES", &hex(32 * l));
    s.constant("uint256", "private", "WORDS_BYTES", &hex(32 * (PROOF_WORDS + l)));
}

/// Yul helpers of this template (those of the plain one come from `super::helpers`), at 12
/// spaces.
fn commit_helper(name: &str) -> &'static str {
    match name {
        "pairingFailed" => {
            "// The pairing precompile takes all the gas it is given both when it rejects its input
// (here only B can be invalid: every other G2 point is the key's) and when it runs out:
// tell them apart by the gas offered. A call that succeeded (`ok`) with other than 32
// bytes reached no pairing precompile.
function pairingFailed(ok, offered) {
    if ok {
        precompileFailed(8)
    }
    let price := add(PAIRING_BASE_GAS, mul(PAIRS, PAIRING_PAIR_GAS))
    if lt(offered, add(div(mul(price, 64), 63), PAIRING_CALL_MARGIN)) {
        precompileFailed(8)
    }
    reject0(ERR_PROOF_B_NOT_IN_G2)
}"
        }
        _ => "",
    }
}

/// The two G1 points of the commitment on the curve (on-curve as for A and C).
fn commitment_checks(s: &mut Src) {
    for (k, (x, y), what) in [(3, (0x100, 0x120), "D"), (4, (0x140, 0x160), "P")] {
        s.block(
            12,
            &format!(
                "{{
    // {what} on the curve.
    let x := calldataload(add(proof, {x}))
    let y := calldataload(add(proof, {y}))
    let t := addmod(mulmod(x, mulmod(x, x, Q), Q), 3, Q)
    if iszero(eq(mulmod(y, y, Q), t)) {{
        pointError(x, y, {k})
    }}
}}",
                x = hex(x),
                y = hex(y),
            ),
        );
    }
}

/// verifyProof (Mode::Revert) or isValidProof (Mode::Bool).
fn single(s: &mut Src, l: usize, mode: Mode) {
    let params =
        "/// @param proof A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y, D.x, D.y, P.x, P.y.
/// @param input The public inputs (the challenge is not one: it is computed from D).";
    match mode {
        Mode::Revert => s.block(
            4,
            &format!(
                "/// @notice Reverts unless `proof` is a valid proof of the statement with public inputs
///         `input`.
/// @dev Checks, in this order: every proof word below q (ProofCoordinateNotInField), every
///      input below r (PublicInputNotInField), A on the curve, B not infinity, C, D and P on
///      the curve (ProofPointAtInfinity, ProofPointNotOnCurve), then the pairing
///      (ProofBNotInG2, ProofInvalid). PrecompileFailed only when out of gas, or where a
///      precompile is missing.
{params}"
            ),
        ),
        Mode::Bool => s.block(
            4,
            &format!(
                "/// @notice Whether `proof` is a valid proof of the statement with public inputs `input`:
///         true exactly when verifyProof returns. Never reverts on any proof or input words;
///         only when out of gas or where a precompile is missing (PrecompileFailed), so that
///         neither can make a valid proof look invalid. A B outside G2 costs 63/64 of the gas
///         left (the pairing precompile consumes what it is given when it rejects): cap the gas
///         of the call if that matters.
{params}
/// @return Whether the proof is valid."
            ),
        ),
    }
    let args = format!("uint256[{PROOF_WORDS}] calldata proof, uint256[{l}] calldata input");
    match mode {
        Mode::Revert => func_header(s, "verifyProof", &args, &["external", "view"]),
        Mode::Bool => {
            func_header(s, "isValidProof", &args, &["external", "view", "returns (bool)"]);
        }
    }
    s.line("        assembly {");
    helpers(s, &["reject", "checks"], mode);
    s.line("            // Every proof word below q: one encoding per proof.");
    s.line("            let ok := lt(calldataload(proof), Q)");
    for k in 1..PROOF_WORDS {
        s.line(&format!(
            "            ok := and(ok, lt(calldataload(add(proof, {})), Q))",
            hex(32 * k)
        ));
    }
    s.line("            if iszero(ok) {");
    reject_call(
        s,
        16,
        "ERR_PROOF_COORDINATE_NOT_IN_FIELD",
        &format!("firstNotBelow(proof, {PROOF_WORDS}, Q)"),
    );
    s.line("            }");
    s.block(
        12,
        "// Every public input below r.
let j := firstNotBelow(input, NUM_PUBLIC_INPUTS, R)
if lt(j, NUM_PUBLIC_INPUTS) {
    reject(ERR_PUBLIC_INPUT_NOT_IN_FIELD, j)
}",
    );
    point_checks(s, Site::Single);
    commitment_checks(s);
    s.block(
        12,
        "// Pair 1: (alpha, beta), and delta for pair 2; _fold writes pairs 3 and 4.
mstore(add(M_PAIRING, 0xc0), ALPHA_X)
mstore(add(M_PAIRING, 0xe0), ALPHA_Y)",
    );
    g2_stores(s, 12, "M_PAIRING", 0x100, "BETA");
    g2_stores(s, 12, "M_PAIRING", 0x1c0, "DELTA");
    s.block(
        12,
        "// The words rho hashes: the proof's, then the inputs; the scalars of vk_x: 1 for IC0,
// the inputs, then _fold writes the challenge.
calldatacopy(M_WORDS, proof, PROOF_BYTES)
calldatacopy(M_INPUTS, input, INPUT_BYTES)
mstore(M_VK_SCALARS, 1)
calldatacopy(add(M_VK_SCALARS, 0x20), input, INPUT_BYTES)",
    );
    s.line("        }");
    s.line("        _fold();");
    s.line("        _vkX(M_VK_X);");
    s.line("        assembly {");
    helpers(s, &["reject", "precompileFailed"], mode);
    s.block(12, commit_helper("pairingFailed"));
    g2_stores(s, 12, "M_VK_X", 0x40, "GAMMA");
    s.block(
        12,
        "let g := gas()
let ok := staticcall(gas(), 8, M_PAIRING, PAIRING_BYTES, 0, 0x20)
if iszero(and(ok, eq(returndatasize(), 0x20))) {
    pairingFailed(ok, g)
}
if iszero(mload(0)) {
    reject0(ERR_PROOF_INVALID)
}",
    );
    match mode {
        Mode::Revert => s.line("            stop()"),
        Mode::Bool => {
            s.line("            mstore(0, 1)");
            s.line("            return(0, 0x20)");
        }
    }
    s.line("        }");
    s.line("    }");
}

/// `_fold`: rho, the challenge, pair 3 and pair 4's D + rho P.
fn fold(s: &mut Src) {
    s.block(
        4,
        "/// @dev From the proof and input words at M_WORDS (checked): rho, the challenge c (written
///      as s_{L+1}), then pair 3 (rho D, GSigmaNeg) and D + rho P at pair 4, to which _vkX adds
///      vk_x. ecMul, ecAdd and SHA-256 accept every point, scalar and message here: a failed
///      call ran out of gas (or the chain lacks the precompile).
function _fold() private view {",
    );
    s.line("        assembly {");
    helpers(s, &["precompileFailed"], Mode::Revert);
    s.block(
        12,
        "// A failed call, or one that returns other than its output's size, leaves its flag 0;
// the reverts come after the last call. Each size check is a statement of its own,
// after its call: Yul evaluates a call's arguments right to left.
let okHash := 1
let okMul := 1
let okAdd := 1
// rho = keccak256(proof words, input words) mod r.
let rho := mod(keccak256(M_WORDS, WORDS_BYTES), R)
let dx := mload(M_D)
let dy := mload(add(M_D, 0x20))
// c = hash_to_field(D): b_0 = H(Z_pad || D.x || D.y || I2OSP(48, 2) || I2OSP(0, 1) ||
// DST_prime), b_1 = H(b_0 || 1 || DST_prime), b_2 = H(b_0 xor b_1 || 2 || DST_prime),
// c = (b_1 || first 16 bytes of b_2) mod r, hashed in pair 4 before vk_x lands there.
let c
{
    let h := M_VK_X
    mstore(h, 0)
    mstore(add(h, 0x20), 0)
    mstore(add(h, 0x40), dx)
    mstore(add(h, 0x60), dy)
    mstore(add(h, 0x80), XMD_MSG_TAIL)
    okHash := staticcall(gas(), 2, h, XMD_MSG_BYTES, h, 0x20)
    okHash := and(okHash, eq(returndatasize(), 0x20))
    let b0 := mload(h)
    mstore(add(h, 0x20), XMD_B1_TAIL)
    okHash := and(okHash, staticcall(gas(), 2, h, XMD_BLOCK_BYTES, add(h, 0x60), 0x20))
    okHash := and(okHash, eq(returndatasize(), 0x20))
    let b1 := mload(add(h, 0x60))
    mstore(h, xor(b0, b1))
    mstore(add(h, 0x20), XMD_B2_TAIL)
    okHash := and(okHash, staticcall(gas(), 2, h, XMD_BLOCK_BYTES, add(h, 0x60), 0x20))
    okHash := and(okHash, eq(returndatasize(), 0x20))
    c := addmod(mulmod(b1, shl(128, 1), R), shr(128, mload(add(h, 0x60))), R)
}
// Pair 3: (rho D, GSigmaNeg).
mstore(M_RHO_D, dx)
mstore(add(M_RHO_D, 0x20), dy)
mstore(add(M_RHO_D, 0x40), rho)
okMul := staticcall(gas(), 7, M_RHO_D, 0x60, M_RHO_D, 0x40)
okMul := and(okMul, eq(returndatasize(), 0x40))",
    );
    g2_stores(s, 12, "M_RHO_D", 0x40, "GSIGMANEG");
    s.block(
        12,
        "// Pair 4 before vk_x: D + rho P (_vkX adds vk_x), with the words after it as scratch.
mstore(add(M_VK_SCALARS, add(INPUT_BYTES, 0x20)), c)
let acc := M_VK_X
mstore(acc, mload(M_P))
mstore(add(acc, 0x20), mload(add(M_P, 0x20)))
mstore(add(acc, 0x40), rho)
okMul := and(okMul, staticcall(gas(), 7, acc, 0x60, acc, 0x40))
okMul := and(okMul, eq(returndatasize(), 0x40))
mstore(add(acc, 0x40), dx)
mstore(add(acc, 0x60), dy)
okAdd := and(okAdd, staticcall(gas(), 6, acc, 0x80, acc, 0x40))
okAdd := and(okAdd, eq(returndatasize(), 0x40))
if iszero(okHash) {
    precompileFailed(2)
}
if iszero(okMul) {
    precompileFailed(7)
}
if iszero(okAdd) {
    precompileFailed(6)
}",
    );
    s.line("        }");
    s.line("    }");
}

/// `_vkX`: adds sum_j s_j IC[j] (IC0 to the challenge's IC[L + 1]) to the point at `acc`; the
/// one copy of the key's IC points in the code, shared by verifyProof, isValidProof and
/// verifyBatch (EIP-170).
fn vk_x(s: &mut Src, vk: &CommitVerifyingKey) {
    s.block(
        4,
        "/// @dev Adds vk_x = sum_j s_j IC[j] for the scalars s_0..s_{L+1} at M_VK_SCALARS (s_0 = 1
///      adds IC0 as it is; s_j = 0 skips IC[j]) to the point at `acc`, with the three words
///      after it as scratch. ecMul and ecAdd accept every point and scalar here: a failed call
///      ran out of gas (or the chain lacks the precompile), and reverts at once.
function _vkX(uint256 acc) private view {",
    );
    s.line("        assembly {");
    helpers(s, &["precompileFailed"], Mode::Revert);
    s.block(
        12,
        "// sum += s (x, y), with the three words after sum as scratch; s = 0 adds nothing. A
// function, so that each IC point costs little code (EIP-170).
function term(sum, x, y, s) {
    if s {
        let t := add(sum, 0x40)
        mstore(t, x)
        mstore(add(t, 0x20), y)
        mstore(add(t, 0x40), s)
        let ok := staticcall(gas(), 7, t, 0x60, t, 0x40)
        if iszero(and(ok, eq(returndatasize(), 0x40))) {
            precompileFailed(7)
        }
        ok := staticcall(gas(), 6, sum, 0x80, sum, 0x40)
        if iszero(and(ok, eq(returndatasize(), 0x40))) {
            precompileFailed(6)
        }
    }
}",
    );
    for (j, p) in vk.vk.gamma_abc_g1.iter().enumerate() {
        if p.is_zero() || g1_words(p).is_none() {
            s.line(&format!("            // IC{j} is the point at infinity: s_{j} adds nothing."));
            continue;
        }
        let m = super::at("M_VK_SCALARS", 32 * j);
        if j == 0 {
            s.block(
                12,
                &format!(
                    "// s_0 = 1 (verifyProof): IC0 as it is, one ecAdd.
{{
    let s := mload({m})
    if eq(s, 1) {{
        let t := add(acc, 0x40)
        mstore(t, IC0_X)
        mstore(add(t, 0x20), IC0_Y)
        let ok := staticcall(gas(), 6, acc, 0x80, acc, 0x40)
        if iszero(and(ok, eq(returndatasize(), 0x40))) {{
            precompileFailed(6)
        }}
    }}
    if iszero(eq(s, 1)) {{
        term(acc, IC0_X, IC0_Y, s)
    }}
}}"
                ),
            );
        } else {
            s.line(&format!("            term(acc, IC{j}_X, IC{j}_Y, mload({m}))"));
        }
    }
    s.line("        }");
    s.line("    }");
}

mod batch;
