//! The Solidity text of a verifier for Groth16 proofs with `k` commitments (commit-and-prove,
//! `docs/commit-and-prove.md`), `1 <= k <= MAX_COMMITMENTS`. It reuses the plain template's
//! writer, helpers and A/B/C checks; what differs (`8 + 4k` proof words, every D_j and P_j, the
//! challenges, the Fiat–Shamir fold by powers of rho, `4 + k` pairs) is here.

use ark_bn254::G2Affine;
use ark_ec::AffineRepr;
use zkp_ledger_prover::{
    commit::{COMMITMENT_DST, CommitVerifyingKey, HASH_TO_FIELD_BYTES},
    evm::commit_circuit_id_hex,
};

use super::{
    M_SCALARS, Mode, PAIR_BYTES, Q_HEX, R_HEX, R_MINUS_1_HEX, Site, SolidityError, Src, at,
    decimal, func_header, g1_words, g2_stores, g2_words, helpers, hex, point_checks, reject_call,
};
use crate::Options;

/// The sizes of a verifier with `l` public inputs and `k` commitments.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    /// Public inputs (the challenges are not inputs).
    pub(super) l: usize,
    /// Commitments.
    pub(super) k: usize,
}

impl Shape {
    /// Proof words: the 8 plain words, every D_j (2 each), then every P_j (2 each).
    pub(super) fn words(self) -> usize {
        8 + 4 * self.k
    }

    /// Points of a proof: A, B, C, every D_j, every P_j (the index of a point error).
    pub(super) fn points(self) -> usize {
        3 + 2 * self.k
    }

    /// Pairs of verifyProof's pairing: (-A, B), (alpha, beta), (C, delta), one
    /// (rho^j D_j, GSigmaNeg_j) per commitment, (vk_x + sum D_j + sum rho^j P_j, gamma).
    fn pairs(self) -> usize {
        4 + self.k
    }

    /// Byte offset of D_j (j from 1) in the proof words.
    pub(super) fn d_offset(self, j: usize) -> usize {
        0x100 + 0x40 * (j - 1)
    }

    /// Byte offset of P_j (j from 1) in the proof words.
    pub(super) fn p_offset(self, j: usize) -> usize {
        0x100 + 0x40 * self.k + 0x40 * (j - 1)
    }

    /// Where the scalars of vk_x start (after the words rho hashes).
    fn m_vk_scalars(self) -> usize {
        M_SCALARS + 32 * (self.words() + self.l)
    }

    /// Where a challenge is hashed (after the scalars s_0..s_{L+k}).
    fn m_xmd(self) -> usize {
        self.m_vk_scalars() + 32 * (self.l + 1 + self.k)
    }

    /// Where the pairing input starts.
    fn m_pairing(self) -> usize {
        self.m_xmd() + 0xc0
    }

    /// The point list of the point errors' documentation: `3 D_1, 4 P_1` and the like.
    fn point_list(self) -> String {
        let k = self.k;
        if k == 1 {
            "3 D_1, 4 P_1".into()
        } else if k == 2 {
            "3 D_1, 4 D_2, 5 P_1, 6 P_2".into()
        } else {
            format!("3..{} D_1..D_{k}, {}..{} P_1..P_{k}", 2 + k, 3 + k, 2 + 2 * k)
        }
    }
}

/// `1 commitment`, `2 commitments`.
fn commitments_text(k: usize) -> String {
    if k == 1 { "1 commitment".into() } else { format!("{k} commitments") }
}

/// The errors a commit verifier declares, in declaration order: the plain verifier's (same names,
/// parameters and selectors), documented for `8 + 4k` proof words and `3 + 2k` points (in the
/// text, `{WORDS}`, `{LAST_WORD}`, `{POINTS}` and `{POINT_LIST}` stand for the contract's own
/// figures).
pub const COMMIT_ERRORS: &[SolidityError] = &[
    SolidityError {
        name: "ProofCoordinateNotInField",
        params: &[("uint256", "index")],
        constant: "ERR_PROOF_COORDINATE_NOT_IN_FIELD",
        doc: &[
            "A proof word is not below the base field modulus q. `index` is the word's",
            "position, 0 to {LAST_WORD}; {WORDS} * i + that for proof i in verifyBatch.",
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
            "A, B, C, a commitment D_j or its proof of knowledge P_j is the point at infinity",
            "(all its words 0, the precompiles' encoding). `point`: 0 A, 1 B, 2 C,",
            "{POINT_LIST}; {POINTS} * i + that for proof i in verifyBatch.",
        ],
    },
    SolidityError {
        name: "ProofPointNotOnCurve",
        params: &[("uint256", "point")],
        constant: "ERR_PROOF_POINT_NOT_ON_CURVE",
        doc: &[
            "A, C, a D_j or a P_j is not on the curve y^2 = x^3 + 3. `point` as in",
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
            "statement with these public inputs, or a P_j is not a proof of knowledge of its",
            "D_j. In verifyBatch: at least one proof is invalid.",
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

/// Renders the contract (inputs already validated: 1 to MAX_COMMITMENTS commitments, at least
/// one input).
pub(crate) fn contract(vk: &CommitVerifyingKey, opts: &Options) -> String {
    let name = opts.contract_name.as_str();
    let sh = Shape { l: vk.num_public(), k: vk.num_commitments() };
    let mut s = Src { out: String::new() };

    header(&mut s, vk, opts);
    s.line("");
    s.line(&format!("/// @title {name}"));
    s.block(
        0,
        &format!(
            "/// @notice Verifies Groth16 proofs with {commitments} (commit-and-prove, BSB22 /
///         LegoGroth16 style) over BN254 for one verifying key, the circuit CIRCUIT_ID. A proof
///         has one accepted encoding, the one zkp-ledger's Rust verifier accepts: every proof
///         word below q, every public input below r, A, C, every D_j and P_j on the curve, B in
///         G2, none of them the point at infinity.
/// @dev Proof words: A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y, then D_j.x, D_j.y for
///      j = 1..k, then P_j.x, P_j.y for j = 1..k (k = NUM_COMMITMENTS; G2 coordinates with the
///      imaginary part first, as the BN254 precompiles take them): D_j is commitment j, P_j its
///      proof of knowledge. The challenges c_j = hash_to_field(D_j) (expand_message_xmd with
///      SHA-256, DST \"bsb22-commitment\", 48 bytes, mod r; gnark's) are the last k public
///      inputs of the circuit, computed here, never sent. With
///      rho = keccak256(proof words, input words) mod r, one pairing of k + 4 pairs checks
///      e(-A, B) e(alpha, beta) e(C, delta) prod_j e(rho^j D_j, GSigmaNeg_j)
///      e(vk_x + sum_j D_j + sum_j rho^j P_j, gamma) == 1, where
///      vk_x = IC[0] + sum_i input[i] IC[i] + sum_j c_j IC[L + j]: the Groth16 equation and
///      the proofs of knowledge e(D_j, GSigmaNeg_j) e(P_j, gamma) == 1 folded by powers of rho
///      (see docs/commit-and-prove.md). verifyBatch checks n proofs with one pairing of
///      n + 3 + k pairs. Generated by zkp-ledger-verifier-gen.",
            commitments = commitments_text(sh.k),
        ),
    );
    s.line(&format!("contract {name} {{"));
    errors(&mut s, sh);
    constants(&mut s, vk, sh);
    s.line("");
    single(&mut s, sh, Mode::Revert);
    s.line("");
    single(&mut s, sh, Mode::Bool);
    s.line("");
    fold(&mut s, sh);
    s.line("");
    vk_x(&mut s, vk);
    s.line("");
    batch::batch(&mut s, sh);
    s.line("");
    batch::batch_proof(&mut s, sh);
    s.line("}");
    s.out
}

fn header(s: &mut Src, vk: &CommitVerifyingKey, opts: &Options) {
    s.block(
        0,
        &format!(
            "// SPDX-License-Identifier: MIT
// Generated by zkp-ledger's verifier generator (crate zkp-ledger-verifier-gen) from a Groth16
// verifying key with {} over BN254. Do not edit: regenerate it with the command
// below.",
            commitments_text(vk.num_commitments())
        ),
    );
    s.comment(0, "Command:", " ", &opts.command);
    s.line(&format!("// Circuit id: {}", commit_circuit_id_hex(vk)));
    s.line("pragma solidity ^0.8.20;");
}

fn errors(s: &mut Src, sh: Shape) {
    for (i, e) in COMMIT_ERRORS.iter().enumerate() {
        if i > 0 {
            s.line("");
        }
        for (k, d) in e.doc.iter().enumerate() {
            let lead = if k == 0 { "/// @notice " } else { "///         " };
            let d = d
                .replace("{LAST_WORD}", &(sh.words() - 1).to_string())
                .replace("{WORDS}", &sh.words().to_string())
                .replace("{POINT_LIST}", &sh.point_list())
                .replace("{POINTS}", &sh.points().to_string());
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

/// The name of commitment j's `GSigmaNeg` constants (j from 1).
pub(super) fn gsigmaneg(j: usize) -> String {
    format!("GSIGMANEG{j}")
}

fn constants(s: &mut Src, vk: &CommitVerifyingKey, sh: Shape) {
    let Shape { l, k } = sh;
    s.line("");
    s.block(
        4,
        "/// @notice The circuit id: keccak256 of the verifying key's 32-byte words (alpha, beta,
///         gamma, delta, every IC point, then G and GSigmaNeg of every commitment; G2
///         coordinates imaginary part first), as in zkp-ledger's key manifests.",
    );
    s.constant("bytes32", "public", "CIRCUIT_ID", &commit_circuit_id_hex(vk));
    s.line("");
    s.line(
        "    /// @notice The number of public inputs of a proof (the challenges are not inputs).",
    );
    s.constant("uint256", "public", "NUM_PUBLIC_INPUTS", &decimal(l));
    s.line("");
    s.line("    /// @notice The number of commitments of a proof (k).");
    s.constant("uint256", "public", "NUM_COMMITMENTS", &decimal(k));
    s.line("");
    s.line("    // The BN254 base field modulus q and scalar field modulus r.");
    s.constant("uint256", "private", "Q", Q_HEX);
    s.constant("uint256", "private", "R", R_HEX);
    s.constant("uint256", "private", "R_MINUS_1", R_MINUS_1_HEX);
    s.line("");
    s.block(
        4,
        "// The verifying key. G2 coordinates: imaginary part, then real part. IC[L + j] is
// challenge j's; GSIGMANEGj is commitment j's [-sigma_j gamma]_2 (its G is gamma).",
    );
    let alpha = g1_words(&vk.vk.alpha_g1).unwrap_or_default();
    s.constant("uint256", "private", "ALPHA_X", &alpha[0]);
    s.constant("uint256", "private", "ALPHA_Y", &alpha[1]);
    g2_constants(s, &vk.vk.beta_g2, "BETA");
    g2_constants(s, &vk.vk.gamma_g2, "GAMMA");
    g2_constants(s, &vk.vk.delta_g2, "DELTA");
    for (j, c) in vk.commitments.iter().enumerate() {
        g2_constants(s, &c.g_sigma_neg, &gsigmaneg(j + 1));
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
        "// expand_message_xmd (RFC 9380, SHA-256) of a challenge, left-aligned words: the
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
// the inputs from M_WORDS (what rho hashes; D_1.. at M_D, P_1.. at M_P, the inputs at
// M_INPUTS), the scalars s_0..s_{L+k} of vk_x (IC0, the inputs, the challenges) at
// M_VK_SCALARS, the hashing of a challenge at M_XMD, then the pairing input from M_PAIRING,
// PAIR_BYTES per pair (a G1 point, then a G2 point): (-A, B), (alpha, beta), (C, delta),
// (rho^j D_j, GSigmaNeg_j) for j = 1..k from M_RHO_D, and
// (vk_x + sum_j D_j + sum_j rho^j P_j, gamma) at M_VK_X.",
    );
    let mp = sh.m_pairing();
    s.constant("uint256", "private", "M_WORDS", &hex(M_SCALARS));
    s.constant("uint256", "private", "M_D", &hex(M_SCALARS + sh.d_offset(1)));
    s.constant("uint256", "private", "M_P", &hex(M_SCALARS + sh.p_offset(1)));
    s.constant("uint256", "private", "M_INPUTS", &hex(M_SCALARS + 32 * sh.words()));
    s.constant("uint256", "private", "M_VK_SCALARS", &hex(sh.m_vk_scalars()));
    s.constant("uint256", "private", "VK_SCALAR_BYTES", &hex(32 * (l + 1 + k)));
    s.constant("uint256", "private", "M_XMD", &hex(sh.m_xmd()));
    s.constant("uint256", "private", "M_PAIRING", &hex(mp));
    s.constant("uint256", "private", "M_RHO_D", &hex(mp + 3 * PAIR_BYTES));
    s.constant("uint256", "private", "M_VK_X", &hex(mp + (3 + k) * PAIR_BYTES));
    s.constant("uint256", "private", "PAIR_BYTES", &hex(PAIR_BYTES));
    s.constant("uint256", "private", "PAIRS", &decimal(sh.pairs()));
    s.constant("uint256", "private", "PAIRING_BYTES", &hex(sh.pairs() * PAIR_BYTES));
    s.constant("uint256", "private", "PROOF_BYTES", &hex(32 * sh.words()));
    s.constant("uint256", "private", "INPUT_BYTES", &hex(32 * l));
    s.constant("uint256", "private", "WORDS_BYTES", &hex(32 * (sh.words() + l)));
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
        "challenge" => {
            "// c = hash_to_field(D) for D = (dx, dy), hashed at `h` (0x94 bytes, the output at
// h + 0x60): b_0 = H(Z_pad || D.x || D.y || I2OSP(48, 2) || I2OSP(0, 1) || DST_prime),
// b_1 = H(b_0 || 1 || DST_prime), b_2 = H(b_0 xor b_1 || 2 || DST_prime),
// c = (b_1 || first 16 bytes of b_2) mod r. SHA-256 accepts every message: a failed
// call ran out of gas (or the chain lacks the precompile).
function challenge(h, dx, dy) -> c {
    mstore(h, 0)
    mstore(add(h, 0x20), 0)
    mstore(add(h, 0x40), dx)
    mstore(add(h, 0x60), dy)
    mstore(add(h, 0x80), XMD_MSG_TAIL)
    let ok := staticcall(gas(), 2, h, XMD_MSG_BYTES, h, 0x20)
    ok := and(ok, eq(returndatasize(), 0x20))
    let b0 := mload(h)
    mstore(add(h, 0x20), XMD_B1_TAIL)
    ok := and(ok, staticcall(gas(), 2, h, XMD_BLOCK_BYTES, add(h, 0x60), 0x20))
    ok := and(ok, eq(returndatasize(), 0x20))
    let b1 := mload(add(h, 0x60))
    mstore(h, xor(b0, b1))
    mstore(add(h, 0x20), XMD_B2_TAIL)
    ok := and(ok, staticcall(gas(), 2, h, XMD_BLOCK_BYTES, add(h, 0x60), 0x20))
    ok := and(ok, eq(returndatasize(), 0x20))
    if iszero(ok) {
        precompileFailed(2)
    }
    c := addmod(mulmod(b1, shl(128, 1), R), shr(128, mload(add(h, 0x60))), R)
}"
        }
        _ => "",
    }
}

pub(super) fn commit_helpers(s: &mut Src, names: &[&str]) {
    for n in names {
        s.block(12, commit_helper(n));
    }
}

/// Every D_j and P_j on the curve (as A and C are), in point order.
fn commitment_checks(s: &mut Src, sh: Shape) {
    let ds = (1..=sh.k).map(|j| (2 + j, sh.d_offset(j), format!("D_{j}")));
    let ps = (1..=sh.k).map(|j| (2 + sh.k + j, sh.p_offset(j), format!("P_{j}")));
    for (point, o, what) in ds.chain(ps) {
        s.block(
            12,
            &format!(
                "{{
    // {what} on the curve.
    let x := calldataload(add(proof, {x}))
    let y := calldataload(add(proof, {y}))
    let t := addmod(mulmod(x, mulmod(x, x, Q), Q), 3, Q)
    if iszero(eq(mulmod(y, y, Q), t)) {{
        pointError(x, y, {point})
    }}
}}",
                x = hex(o),
                y = hex(o + 0x20),
            ),
        );
    }
}

/// The offset of scalar s_{L+j} (challenge j's) from M_VK_SCALARS, as Yul.
pub(super) fn challenge_scalar(j: usize) -> String {
    format!("add(M_VK_SCALARS, add(INPUT_BYTES, {}))", hex(0x20 * j))
}

/// verifyProof (Mode::Revert) or isValidProof (Mode::Bool).
fn single(s: &mut Src, sh: Shape, mode: Mode) {
    let words = sh.words();
    let params =
        "/// @param proof A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y, then D_j.x, D_j.y and
///        P_j.x, P_j.y for j = 1..k (every D before every P).
/// @param input The public inputs (the challenges are not inputs: they are computed from the
///        D_j).";
    match mode {
        Mode::Revert => s.block(
            4,
            &format!(
                "/// @notice Reverts unless `proof` is a valid proof of the statement with public inputs
///         `input`.
/// @dev Checks, in this order: every proof word below q (ProofCoordinateNotInField), every
///      input below r (PublicInputNotInField), A on the curve, B not infinity, C, every D_j
///      and every P_j on the curve (ProofPointAtInfinity, ProofPointNotOnCurve), then the
///      pairing (ProofBNotInG2, ProofInvalid). PrecompileFailed only when out of gas, or where
///      a precompile is missing.
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
    let args = format!("uint256[{words}] calldata proof, uint256[{}] calldata input", sh.l);
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
    for k in 1..words {
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
        &format!("firstNotBelow(proof, {words}, Q)"),
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
    commitment_checks(s, sh);
    s.block(
        12,
        "// Pair 1: (alpha, beta), and delta for pair 2; _fold writes the pairs after them.
mstore(add(M_PAIRING, 0xc0), ALPHA_X)
mstore(add(M_PAIRING, 0xe0), ALPHA_Y)",
    );
    g2_stores(s, 12, "M_PAIRING", 0x100, "BETA");
    g2_stores(s, 12, "M_PAIRING", 0x1c0, "DELTA");
    s.block(
        12,
        "// The words rho hashes: the proof's, then the inputs; the scalars of vk_x: 1 for IC0,
// the inputs, then _fold writes the challenges.
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

/// `_fold`: rho, the challenges, each commitment's pair (rho^j D_j, GSigmaNeg_j) and the gamma
/// pair's sum_j D_j + rho^j P_j.
fn fold(s: &mut Src, sh: Shape) {
    s.block(
        4,
        "/// @dev From the proof and input words at M_WORDS (checked): rho; for each commitment j the
///      challenge c_j (written as s_{L+j}), pair 2 + j (rho^j D_j, GSigmaNeg_j), and
///      D_j + rho^j P_j added at M_VK_X (from infinity), to which _vkX adds vk_x. ecMul, ecAdd
///      and SHA-256 accept every point, scalar and message here: a failed call ran out of gas
///      (or the chain lacks the precompile).
function _fold() private view {",
    );
    s.line("        assembly {");
    helpers(s, &["precompileFailed"], Mode::Revert);
    commit_helpers(s, &["challenge"]);
    s.block(
        12,
        "// A failed ecMul or ecAdd call, or one that returns other than 64 bytes, leaves its
// flag 0; the reverts come after the last call. Each size check is a statement of its
// own, after its call: Yul evaluates a call's arguments right to left.
let okMul := 1
let okAdd := 1
// rho = keccak256(proof words, input words) mod r; rhoJ = rho^j for commitment j.
let rho := mod(keccak256(M_WORDS, WORDS_BYTES), R)
let rhoJ := rho
let acc := M_VK_X",
    );
    for j in 1..=sh.k {
        if j > 1 {
            s.line("            rhoJ := mulmod(rhoJ, rho, R)");
        }
        let d = at("M_D", 0x40 * (j - 1));
        let p = at("M_P", 0x40 * (j - 1));
        let dy = at("M_D", 0x40 * (j - 1) + 0x20);
        let py = at("M_P", 0x40 * (j - 1) + 0x20);
        let pair = at("M_RHO_D", PAIR_BYTES * (j - 1));
        let rj = if j == 1 { "rho".to_string() } else { format!("rho^{j}") };
        s.block(
            12,
            &format!(
                "// Commitment {j}: s_{{L+{j}}} = c_{j} = hash_to_field(D_{j}), and pair {pair_no}:
// ({rj} D_{j}, GSigmaNeg_{j}); the gamma pair += D_{j} + {rj} P_{j}.
{{
    let dx := mload({d})
    let dy := mload({dy})
    mstore({sc}, challenge(M_XMD, dx, dy))
    let pair := {pair}
    mstore(pair, dx)
    mstore(add(pair, 0x20), dy)
    mstore(add(pair, 0x40), rhoJ)
    okMul := and(okMul, staticcall(gas(), 7, pair, 0x60, pair, 0x40))
    okMul := and(okMul, eq(returndatasize(), 0x40))",
                pair_no = 2 + j,
                sc = challenge_scalar(j),
            ),
        );
        g2_stores(s, 16, "pair", 0x40, &gsigmaneg(j));
        if j == 1 {
            s.block(
                16,
                &format!(
                    "// acc = D_1 + rho P_1, with the words after it as scratch.
mstore(acc, mload({p}))
mstore(add(acc, 0x20), mload({py}))
mstore(add(acc, 0x40), rhoJ)
okMul := and(okMul, staticcall(gas(), 7, acc, 0x60, acc, 0x40))
okMul := and(okMul, eq(returndatasize(), 0x40))
mstore(add(acc, 0x40), dx)
mstore(add(acc, 0x60), dy)
okAdd := and(okAdd, staticcall(gas(), 6, acc, 0x80, acc, 0x40))
okAdd := and(okAdd, eq(returndatasize(), 0x40))"
                ),
            );
        } else {
            s.block(
                16,
                &format!(
                    "// acc += {rj} P_{j}, then += D_{j}.
let t := add(acc, 0x40)
mstore(t, mload({p}))
mstore(add(t, 0x20), mload({py}))
mstore(add(t, 0x40), rhoJ)
okMul := and(okMul, staticcall(gas(), 7, t, 0x60, t, 0x40))
okMul := and(okMul, eq(returndatasize(), 0x40))
okAdd := and(okAdd, staticcall(gas(), 6, acc, 0x80, acc, 0x40))
okAdd := and(okAdd, eq(returndatasize(), 0x40))
mstore(t, dx)
mstore(add(t, 0x20), dy)
okAdd := and(okAdd, staticcall(gas(), 6, acc, 0x80, acc, 0x40))
okAdd := and(okAdd, eq(returndatasize(), 0x40))"
                ),
            );
        }
        s.line("            }");
    }
    s.block(
        12,
        "if iszero(okMul) {
    precompileFailed(7)
}
if iszero(okAdd) {
    precompileFailed(6)
}",
    );
    s.line("        }");
    s.line("    }");
}

/// `_vkX`: adds sum_j s_j IC[j] (IC0 to the last challenge's IC[L + k]) to the point at
/// `acc`; the one copy of the key's IC points in the code, shared by verifyProof, isValidProof
/// and verifyBatch (EIP-170).
fn vk_x(s: &mut Src, vk: &CommitVerifyingKey) {
    s.block(
        4,
        "/// @dev Adds vk_x = sum_j s_j IC[j] for the scalars s_0..s_{L+k} at M_VK_SCALARS (s_0 = 1
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
        let m = at("M_VK_SCALARS", 32 * j);
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
