//! The Solidity text. Everything here is written the way `forge fmt` (with the repository's
//! `foundry.toml`) would format it, so a generated file passes `forge fmt --check` as it is.

use ark_bn254::{Bn254, Fq, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_groth16::VerifyingKey;
use sha3::{Digest, Keccak256};
use zkp_ledger_prover::{evm::circuit_id_hex, field::to_word};

use crate::Options;

pub(crate) mod commit;

/// Longest line `forge fmt` leaves alone (`line_length` in foundry.toml).
const LINE_LENGTH: usize = 100;

/// Longest word of a header comment kept whole (it must fit after `//   ` in any line).
const COMMENT_WORD: usize = 80;

/// The BN254 base field modulus q.
const Q_HEX: &str = "0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
/// The BN254 scalar field modulus r.
const R_HEX: &str = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
/// r - 1.
const R_MINUS_1_HEX: &str = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000";

/// Bytes of one pairing pair: a G1 point (2 words) and a G2 point (4 words).
const PAIR_BYTES: usize = 0xc0;
/// Where the commit template's vk_x scalars start in memory (Solidity's free memory pointer's
/// initial value; the contract never allocates).
const M_SCALARS: usize = 0x80;
/// Where the plain template's vk_x scalars start in memory: after two scratch words (verifyBatch
/// hashes its weights there); every function ends in assembly and never allocates.
const M_PLAIN_SCALARS: usize = 0x40;

/// A custom error of the generated contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolidityError {
    /// Its name.
    pub name: &'static str,
    /// Its parameters: (type, name).
    pub params: &'static [(&'static str, &'static str)],
    /// The constant holding its selector in the contract.
    constant: &'static str,
    /// NatSpec lines (after `/// @notice `, continued with `///         `).
    doc: &'static [&'static str],
}

impl SolidityError {
    /// The signature, e.g. `PublicInputNotInField(uint256)`.
    pub fn signature(&self) -> String {
        let types: Vec<&str> = self.params.iter().map(|(t, _)| *t).collect();
        format!("{}({})", self.name, types.join(","))
    }

    /// The 4-byte selector: the first bytes of keccak256 of the signature.
    pub fn selector(&self) -> [u8; 4] {
        let h = Keccak256::digest(self.signature().as_bytes());
        [h[0], h[1], h[2], h[3]]
    }
}

/// The errors every generated contract declares, in declaration order.
pub const ERRORS: &[SolidityError] = &[
    SolidityError {
        name: "ProofCoordinateNotInField",
        params: &[("uint256", "index")],
        constant: "ERR_PROOF_COORDINATE_NOT_IN_FIELD",
        doc: &[
            "A proof word is not below the base field modulus q. `index` is the word's",
            "position: 0 to 7 in verifyProof and isValidProof, 8 * i + k for word k of proof i in",
            "verifyBatch.",
        ],
    },
    SolidityError {
        name: "PublicInputNotInField",
        params: &[("uint256", "index")],
        constant: "ERR_PUBLIC_INPUT_NOT_IN_FIELD",
        doc: &[
            "A public input is not below the scalar field modulus r. `index` is the input's",
            "position: j for input j, NUM_PUBLIC_INPUTS * i + j for input j of proof i in",
            "verifyBatch.",
        ],
    },
    SolidityError {
        name: "ProofPointAtInfinity",
        params: &[("uint256", "point")],
        constant: "ERR_PROOF_POINT_AT_INFINITY",
        doc: &[
            "A, B or C is the point at infinity (all its words 0, the precompiles' encoding).",
            "`point` is 0 for A, 1 for B, 2 for C; 3 * i + that for proof i in verifyBatch.",
        ],
    },
    SolidityError {
        name: "ProofPointNotOnCurve",
        params: &[("uint256", "point")],
        constant: "ERR_PROOF_POINT_NOT_ON_CURVE",
        doc: &["A or C is not on the curve y^2 = x^3 + 3. `point` as in ProofPointAtInfinity."],
    },
    SolidityError {
        name: "ProofBNotInG2",
        params: &[],
        constant: "ERR_PROOF_B_NOT_IN_G2",
        doc: &[
            "The pairing precompile rejected B: it is not on the twist, or not in its",
            "prime-order subgroup. In verifyBatch: the B of at least one proof. A rejecting",
            "precompile consumes all the gas it was given (63/64 of the gas left).",
        ],
    },
    SolidityError {
        name: "ProofInvalid",
        params: &[],
        constant: "ERR_PROOF_INVALID",
        doc: &[
            "The proof is well-formed but the pairing check fails: it does not prove the",
            "statement with these public inputs. In verifyBatch: at least one proof is invalid.",
        ],
    },
    SolidityError {
        name: "PrecompileFailed",
        params: &[("uint256", "precompile")],
        constant: "ERR_PRECOMPILE_FAILED",
        doc: &[
            "A call to precompile 6 (ecAdd), 7 (ecMul) or 8 (pairing) failed on input it",
            "accepts: the call ran out of gas, or it returned other than 64 bytes (ecAdd, ecMul)",
            "or 32 bytes (pairing), as a call to an address without that precompile does (it",
            "succeeds with no data) on a chain that lacks it.",
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

/// `0x`-hex of a field element's 32-byte word.
fn hex_word(x: &Fq) -> String {
    format!("0x{}", hex::encode(to_word(x)))
}

/// A decimal number as `forge fmt` writes it with `number_underscore = "thousands"`.
fn decimal(n: usize) -> String {
    let s = n.to_string();
    if s.len() < 5 {
        return s;
    }
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

/// Lower-case `0x`-hex of a small number (memory offsets and sizes).
fn hex(n: usize) -> String {
    format!("{n:#x}")
}

/// The generated source under construction.
struct Src {
    out: String,
}

impl Src {
    /// Appends a line (indentation included in `text`); empty text gives an empty line.
    fn line(&mut self, text: &str) {
        self.out.push_str(text.trim_end());
        self.out.push('\n');
    }

    /// Appends several lines, each indented by `indent` spaces (empty lines stay empty).
    fn block(&mut self, indent: usize, text: &str) {
        let pad = " ".repeat(indent);
        for l in text.lines() {
            if l.trim().is_empty() {
                self.line("");
            } else {
                self.line(&format!("{pad}{l}"));
            }
        }
    }

    /// `uint256 private constant NAME = value;` at contract level, split after `=` when too long.
    fn constant(&mut self, ty: &str, visibility: &str, name: &str, value: &str) {
        let one = format!("    {ty} {visibility} constant {name} = {value};");
        if one.len() <= LINE_LENGTH {
            self.line(&one);
        } else {
            self.line(&format!("    {ty} {visibility} constant {name} ="));
            self.line(&format!("        {value};"));
        }
    }

    /// A `//` comment at `indent`, words wrapped greedily at the line length; continuation lines
    /// start with `cont` after the slashes. A word too long for a line is split into pieces that
    /// end in `\\` (a shell's line continuation), each ending its line: `forge fmt` cannot wrap
    /// such a word and would mangle the comment.
    fn comment(&mut self, indent: usize, first: &str, cont: &str, text: &str) {
        let pad = " ".repeat(indent);
        let mut cur = format!("{pad}// {first}");
        let mut empty = true;
        let mut pieces: Vec<String> = Vec::new();
        for w in text.split_whitespace() {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() <= COMMENT_WORD {
                pieces.push(w.to_string());
                continue;
            }
            let chunks: Vec<String> =
                chars.chunks(COMMENT_WORD - 1).map(|c| c.iter().collect()).collect();
            let last = chunks.len() - 1;
            for (i, c) in chunks.into_iter().enumerate() {
                pieces.push(if i < last { format!("{c}\\") } else { c });
            }
        }
        for w in pieces {
            if !empty && cur.chars().count() + 1 + w.chars().count() > LINE_LENGTH {
                self.line(&cur);
                cur = format!("{pad}// {cont}");
            }
            cur.push(' ');
            cur.push_str(&w);
            empty = false;
            if w.ends_with('\\') {
                self.line(&cur);
                cur = format!("{pad}// {cont}");
                empty = true;
            }
        }
        if !empty {
            self.line(&cur);
        }
    }
}

/// How a single-proof function ends a failed check.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `verifyProof`: revert with the error.
    Revert,
    /// `isValidProof`: return false.
    Bool,
}

fn g1_words(p: &G1Affine) -> Option<[String; 2]> {
    p.xy().map(|(x, y)| [hex_word(&x), hex_word(&y)])
}

fn g2_words(p: &G2Affine) -> [String; 4] {
    let (x, y) = p.xy().unwrap_or_default();
    [hex_word(&x.c1), hex_word(&x.c0), hex_word(&y.c1), hex_word(&y.c0)]
}

/// Renders the contract (inputs already validated).
pub(crate) fn contract(vk: &VerifyingKey<Bn254>, opts: &Options) -> String {
    let name = opts.contract_name.as_str();
    let mut s = Src { out: String::new() };

    header(&mut s, vk, opts);
    s.line("");
    s.line(&format!("/// @title {name}"));
    s.block(
        0,
        "/// @notice Verifies Groth16 proofs over BN254 for one verifying key, the circuit CIRCUIT_ID.
///         A proof has one accepted encoding, the one zkp-ledger's Rust verifier accepts: every
///         proof word below q, every public input below r, A and C on the curve, B in G2, none
///         of them the point at infinity.
/// @dev Proof words: A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y (G2 coordinates with the
///      imaginary part first, as the BN254 precompiles take them). The check is
///      e(A, B) e(C, -delta) e(alpha, -beta) e(vk_x, -gamma) == 1, where
///      vk_x = IC[0] + sum_j input[j] IC[j]: the signs sit on the key's constants, so every
///      proof word reaches a precompile unchanged, and the precompiles' own checks (every
///      coordinate below q, every point on its curve, B in G2) cover the proof's encoding.
///      Generated by zkp-ledger-verifier-gen.",
    );
    s.line(&format!("contract {name} {{"));
    errors(&mut s);
    constants(&mut s, vk);
    s.line("");
    single(&mut s, vk, Mode::Revert);
    s.line("");
    single(&mut s, vk, Mode::Bool);
    s.line("");
    batch(&mut s, vk);
    s.line("");
    vk_x(&mut s, vk);
    s.line("}");
    s.out
}

fn header(s: &mut Src, vk: &VerifyingKey<Bn254>, opts: &Options) {
    s.block(
        0,
        "// SPDX-License-Identifier: MIT
// Generated by zkp-ledger's verifier generator (crate zkp-ledger-verifier-gen) from a Groth16
// verifying key over BN254. Do not edit: regenerate it with the command below.",
    );
    s.comment(0, "Command:", " ", &opts.command);
    s.line(&format!("// Circuit id: {}", circuit_id_hex(vk)));
    s.line("pragma solidity ^0.8.20;");
}

fn errors(s: &mut Src) {
    for (i, e) in ERRORS.iter().enumerate() {
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

fn constants(s: &mut Src, vk: &VerifyingKey<Bn254>) {
    let l = vk.gamma_abc_g1.len() - 1;
    s.line("");
    s.block(
        4,
        "/// @notice The circuit id: keccak256 of the verifying key's 32-byte words (alpha, beta,
///         gamma, delta, then every IC point; G2 coordinates imaginary part first), as in
///         zkp-ledger's key manifests.",
    );
    s.constant("bytes32", "public", "CIRCUIT_ID", &circuit_id_hex(vk));
    s.line("");
    s.line("    /// @notice The number of public inputs of a proof.");
    s.constant("uint256", "public", "NUM_PUBLIC_INPUTS", &decimal(l));
    s.line("");
    s.line("    // The BN254 base field modulus q, the scalar field modulus r, and r - 1.");
    s.constant("uint256", "private", "Q", Q_HEX);
    s.constant("uint256", "private", "R", R_HEX);
    s.constant("uint256", "private", "R_MINUS_1", R_MINUS_1_HEX);
    s.line("");
    s.block(
        4,
        "// The verifying key, with beta, gamma and delta negated (-P = (x, -y)): the pairing check
// carries its signs on these constants and never negates a proof point. G2 coordinates:
// imaginary part, then real part.",
    );
    let alpha = g1_words(&vk.alpha_g1).unwrap_or_default();
    s.constant("uint256", "private", "ALPHA_X", &alpha[0]);
    s.constant("uint256", "private", "ALPHA_Y", &alpha[1]);
    for (p, n) in
        [(&vk.beta_g2, "NEG_BETA"), (&vk.gamma_g2, "NEG_GAMMA"), (&vk.delta_g2, "NEG_DELTA")]
    {
        let w = g2_words(&(-*p));
        for (k, part) in ["X_IMAG", "X_REAL", "Y_IMAG", "Y_REAL"].iter().enumerate() {
            s.constant("uint256", "private", &format!("{n}_{part}"), &w[k]);
        }
    }
    for (j, p) in vk.gamma_abc_g1.iter().enumerate() {
        match g1_words(p) {
            Some([x, y]) => {
                s.constant("uint256", "private", &format!("IC{j}_X"), &x);
                s.constant("uint256", "private", &format!("IC{j}_Y"), &y);
            }
            None => s.line(&format!("    // IC{j} is the point at infinity.")),
        }
    }
    s.line("");
    s.line(
        "    // Error selectors, for the assembly (the forge tests check each against its error).",
    );
    for e in ERRORS {
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
        "// Memory (every function ends in assembly; nothing is allocated): the scalars of vk_x from
// M_SCALARS (one per input; verifyBatch keeps its seed and index below, at 0 and 0x20), then
// the pairing input from M_PAIRING, PAIR_BYTES per pair (a G1 point, then a G2 point). One
// proof uses the pairs (A, B), (C, -delta), (alpha, -beta), (vk_x, -gamma); vk_x lands at
// M_VK_X, and the pairing writes its answer at M_RESULT, which nothing else writes.",
    );
    let m_pairing = M_PLAIN_SCALARS + 32 * l;
    s.constant("uint256", "private", "M_SCALARS", &hex(M_PLAIN_SCALARS));
    s.constant("uint256", "private", "M_PAIRING", &hex(m_pairing));
    s.constant("uint256", "private", "M_VK_X", &hex(m_pairing + 3 * PAIR_BYTES));
    s.constant("uint256", "private", "M_RESULT", &hex(m_pairing + 4 * PAIR_BYTES));
    s.constant("uint256", "private", "PAIR_BYTES", &hex(PAIR_BYTES));
    s.constant("uint256", "private", "INPUT_BYTES", &hex(32 * l));
    s.line("");
    s.block(
        4,
        "// What _vkX returns when every ecMul and every ecAdd returned its 64 bytes and every scalar
// is below r: its ecMul flag (0x40) in bits 0-15, its ecAdd flag (0x40) in bits 16-31, bit
// 32 (a scalar not below r) clear.",
    );
    s.constant("uint256", "private", "VKX_OK", &hex(0x40 * 0x1_0001));
}

/// Yul helpers for failure paths (the hot paths are written out inline), at 12 spaces.
fn helper(name: &str, mode: Mode) -> &'static str {
    match (name, mode) {
        ("reject", Mode::Revert) => {
            "// Reverts with the error `selector`, with one argument or none.
function reject(selector, arg) {
    mstore(0, shl(224, selector))
    mstore(4, arg)
    revert(0, 0x24)
}
function reject0(selector) {
    mstore(0, shl(224, selector))
    revert(0, 4)
}"
        }
        ("reject", Mode::Bool) => {
            "// Where verifyProof reverts with the error `selector`, isValidProof returns false.
function reject(selector, arg) {
    mstore(0, 0)
    return(0, 0x20)
}
function reject0(selector) {
    mstore(0, 0)
    return(0, 0x20)
}"
        }
        ("precompileFailed", _) => {
            "// Reverts with PrecompileFailed(precompile): a call ran out of gas.
function precompileFailed(precompile) {
    mstore(0, shl(224, ERR_PRECOMPILE_FAILED))
    mstore(4, precompile)
    revert(0, 0x24)
}"
        }
        ("checks", _) => {
            "// The index of the first of `count` calldata words from `ptr` not below `bound`.
function firstNotBelow(ptr, count, bound) -> i {
    for {} lt(i, count) { i := add(i, 1) } {
        if iszero(lt(calldataload(add(ptr, shl(5, i))), bound)) {
            leave
        }
    }
}
// (x, y) is not on the curve: infinity, or another point off it.
function pointError(x, y, point) {
    if iszero(or(x, y)) {
        reject(ERR_PROOF_POINT_AT_INFINITY, point)
    }
    reject(ERR_PROOF_POINT_NOT_ON_CURVE, point)
}"
        }
        ("fail", _) => {
            "// The single-proof path folds every check into one condition after the pairing; when
// it fails, this finds the cause, checking in the documented order (only failures run
// it). `p`, `x`: the calldata offsets of the proof and the inputs; `ok`, `offered`: the
// pairing call's success flag and the gas before it; `vs`: what _vkX returned. It runs
// right after the pairing, whose return size it reads.
function fail(p, x, ok, offered, vs) {
    let k := firstNotBelow(p, 8, Q)
    if lt(k, 8) {
        reject(ERR_PROOF_COORDINATE_NOT_IN_FIELD, k)
    }
    k := firstNotBelow(x, NUM_PUBLIC_INPUTS, R)
    if lt(k, NUM_PUBLIC_INPUTS) {
        reject(ERR_PUBLIC_INPUT_NOT_IN_FIELD, k)
    }
    onCurve(calldataload(p), calldataload(add(p, 0x20)), 0)
    let t := or(calldataload(add(p, 0x40)), calldataload(add(p, 0x60)))
    t := or(t, or(calldataload(add(p, 0x80)), calldataload(add(p, 0xa0))))
    if iszero(t) {
        reject(ERR_PROOF_POINT_AT_INFINITY, 1)
    }
    onCurve(calldataload(add(p, 0xc0)), calldataload(add(p, 0xe0)), 2)
    if iszero(eq(and(vs, 0xffff), and(VKX_OK, 0xffff))) {
        precompileFailed(7)
    }
    if iszero(eq(vs, VKX_OK)) {
        precompileFailed(6)
    }
    if and(ok, eq(returndatasize(), 0x20)) {
        reject0(ERR_PROOF_INVALID)
    }
    pairingFailed(ok, offered, 0x300)
}"
        }
        ("onCurve", _) => {
            "// (x, y) is on the curve y^2 = x^3 + 3, or reject naming `point`.
function onCurve(x, y, point) {
    if iszero(eq(mulmod(y, y, Q), addmod(mulmod(x, mulmod(x, x, Q), Q), 3, Q))) {
        pointError(x, y, point)
    }
}"
        }
        ("scanB", _) => {
            "// Rejects the first B word not below q among proofs 0 to count - 1 (word 8 k + 2 to
// 8 k + 5): the only check the batch leaves to the pairing precompile.
function scanB(ps, count) {
    for { let k := 0 } lt(k, count) { k := add(k, 1) } {
        let e := firstNotBelow(add(add(ps, shl(8, k)), 0x40), 4, Q)
        if lt(e, 4) {
            reject(ERR_PROOF_COORDINATE_NOT_IN_FIELD, add(shl(3, k), add(e, 2)))
        }
    }
}"
        }
        ("batchFail", _) => {
            "// A check of proof i failed in verifyBatch's loop: find the batch's first error in the
// documented order. Proofs 0 to i - 1 passed every check but their B words' (the
// pairing's), then proof i's checks run in order; when all pass, an ecMul or ecAdd
// call failed (out of gas). Only failures run this.
function batchFail(ps, xs, i) {
    scanB(ps, i)
    let p := add(ps, shl(8, i))
    let k := firstNotBelow(p, 8, Q)
    if lt(k, 8) {
        reject(ERR_PROOF_COORDINATE_NOT_IN_FIELD, add(shl(3, i), k))
    }
    let x := add(xs, mul(i, INPUT_BYTES))
    k := firstNotBelow(x, NUM_PUBLIC_INPUTS, R)
    if lt(k, NUM_PUBLIC_INPUTS) {
        reject(ERR_PUBLIC_INPUT_NOT_IN_FIELD, add(mul(i, NUM_PUBLIC_INPUTS), k))
    }
    onCurve(calldataload(p), calldataload(add(p, 0x20)), mul(i, 3))
    let t := or(calldataload(add(p, 0x40)), calldataload(add(p, 0x60)))
    t := or(t, or(calldataload(add(p, 0x80)), calldataload(add(p, 0xa0))))
    if iszero(t) {
        reject(ERR_PROOF_POINT_AT_INFINITY, add(mul(i, 3), 1))
    }
    onCurve(calldataload(add(p, 0xc0)), calldataload(add(p, 0xe0)), add(mul(i, 3), 2))
    precompileFailed(7)
}"
        }
        ("pairingFailed", _) => {
            "// The pairing precompile takes all the gas it is given both when it rejects its input
// (here only a B can be invalid) and when it runs out: tell them apart by the gas
// offered. A call that succeeded (`ok`) with other than 32 bytes reached no pairing
// precompile.
function pairingFailed(ok, offered, size) {
    if ok {
        precompileFailed(8)
    }
    let price := add(PAIRING_BASE_GAS, mul(div(size, PAIR_BYTES), PAIRING_PAIR_GAS))
    if lt(offered, add(div(mul(price, 64), 63), PAIRING_CALL_MARGIN)) {
        precompileFailed(8)
    }
    reject0(ERR_PROOF_B_NOT_IN_G2)
}"
        }
        _ => "",
    }
}

fn helpers(s: &mut Src, names: &[&str], mode: Mode) {
    for n in names {
        s.block(12, helper(n, mode));
    }
}

fn g2_stores(s: &mut Src, indent: usize, base: &str, offset: usize, point: &str) {
    let pad = " ".repeat(indent);
    for (k, part) in ["X_IMAG", "X_REAL", "Y_IMAG", "Y_REAL"].iter().enumerate() {
        let off = hex(offset + 32 * k);
        s.line(&format!("{pad}mstore(add({base}, {off}), {point}_{part})"));
    }
}

/// `base` or `add(base, off)`.
fn at(base: &str, off: usize) -> String {
    if off == 0 { base.to_string() } else { format!("add({base}, {})", hex(off)) }
}

/// Where a proof's explicit checks are written: the commit template's verifyProof/isValidProof
/// (one proof, words at `proof`, inputs at `input`). The plain template leaves them to its
/// precompiles and to its failure paths.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Site {
    Single,
}

impl Site {
    fn indent(self) -> usize {
        match self {
            Self::Single => 12,
        }
    }

    fn p(self) -> &'static str {
        match self {
            Self::Single => "proof",
        }
    }

    /// The index argument of a point error (0 = A, 1 = B, 2 = C).
    fn point(self, k: usize) -> String {
        match (self, k) {
            (Self::Single, _) => k.to_string(),
        }
    }
}

/// Emits a reject call the way forge fmt lays it out.
fn reject_call(s: &mut Src, indent: usize, error: &str, arg: &str) {
    let pad = " ".repeat(indent);
    let one = format!("{pad}reject({error}, {arg})");
    if one.len() <= LINE_LENGTH {
        s.line(&one);
    } else {
        s.line(&format!("{pad}reject("));
        s.line(&format!("{pad}    {error},"));
        s.line(&format!("{pad}    {arg}"));
        s.line(&format!("{pad})"));
    }
}

/// The point checks of one proof, in blocks (so that the batch loop stays within the stack):
/// A on the curve, then B not infinity, then C on the curve; each point is written to its pair
/// right after its check.
fn point_checks(s: &mut Src, site: Site) {
    let ind = site.indent();
    let p = site.p();
    let (a_pair, c_note) = match site {
        Site::Single => (
            "// Pair 0: (-A, B); A.y is not 0 on the curve, so q - A.y is below q.
mstore(M_PAIRING, ax)
mstore(add(M_PAIRING, 0x20), sub(Q, ay))
calldatacopy(add(M_PAIRING, 0x40), add(proof, 0x40), 0x80)"
                .to_string(),
            "// Pair 2: (C, delta).
mstore(add(M_PAIRING, 0x180), cx)
mstore(add(M_PAIRING, 0x1a0), cy)"
                .to_string(),
        ),
    };
    s.block(
        ind,
        "// A and C on the curve y^2 = x^3 + 3, which (0, 0), the encoding of infinity, is
// not; B not infinity (the pairing precompile checks that it is in G2).",
    );
    s.block(
        ind,
        &format!(
            "{{
    let ax := calldataload({p})
    let ay := calldataload({a_y})
    let t := addmod(mulmod(ax, mulmod(ax, ax, Q), Q), 3, Q)
    if iszero(eq(mulmod(ay, ay, Q), t)) {{
        pointError(ax, ay, {pa})
    }}",
            a_y = at(p, 0x20),
            pa = site.point(0),
        ),
    );
    s.block(ind + 4, &a_pair);
    s.block(
        ind,
        &format!(
            "}}
{{
    let t := or(calldataload({b0}), calldataload({b1}))
    t := or(t, or(calldataload({b2}), calldataload({b3})))
    if iszero(t) {{
        reject(ERR_PROOF_POINT_AT_INFINITY, {pb})
    }}
}}
{{
    let cx := calldataload({c0})
    let cy := calldataload({c1})
    let t := addmod(mulmod(cx, mulmod(cx, cx, Q), Q), 3, Q)
    if iszero(eq(mulmod(cy, cy, Q), t)) {{
        pointError(cx, cy, {pc})
    }}",
            b0 = at(p, 0x40),
            b1 = at(p, 0x60),
            b2 = at(p, 0x80),
            b3 = at(p, 0xa0),
            c0 = at(p, 0xc0),
            c1 = at(p, 0xe0),
            pb = site.point(1),
            pc = site.point(2),
        ),
    );
    s.block(ind + 4, &c_note);
    s.block(ind, "}");
}

/// verifyProof (Mode::Revert) or isValidProof (Mode::Bool).
fn single(s: &mut Src, vk: &VerifyingKey<Bn254>, mode: Mode) {
    let l = vk.gamma_abc_g1.len() - 1;
    match mode {
        Mode::Revert => s.block(
            4,
            "/// @notice Reverts unless `proof` is a valid proof of the statement with public inputs
///         `input`.
/// @dev A failing proof reverts with the first of these that applies, in this order: a proof
///      word not below q (ProofCoordinateNotInField), an input not below r
///      (PublicInputNotInField), A off the curve, B at infinity, C off the curve
///      (ProofPointAtInfinity, ProofPointNotOnCurve), then the pairing (ProofBNotInG2,
///      ProofInvalid). PrecompileFailed only when out of gas, or where a precompile is
///      missing. The proof words go to the pairing precompile unchanged, which refuses any
///      coordinate not below q, A or C off the curve and B outside G2; the inputs are checked
///      below r, and A, B, C against infinity; the causes are looked for only after a failure.
///      So a malformed proof word costs 63/64 of the gas left, as a B outside G2 always did (a
///      rejecting precompile consumes the gas it is given).
/// @param proof A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y.
/// @param input The public inputs.",
        ),
        Mode::Bool => s.block(
            4,
            "/// @notice Whether `proof` is a valid proof of the statement with public inputs `input`:
///         true exactly when verifyProof returns. Never reverts on any proof or input words;
///         only when out of gas or where a precompile is missing (PrecompileFailed), so that
///         neither can make a valid proof look invalid. A proof word not below q, an A or C
///         off the curve or a B outside G2 costs 63/64 of the gas left (the pairing precompile
///         checks them, and consumes what it is given when it rejects): cap the gas of the call
///         if that matters.
/// @param proof A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y.
/// @param input The public inputs.
/// @return Whether the proof is valid.",
        ),
    }
    let args = format!("uint256[8] calldata proof, uint256[{l}] calldata input");
    match mode {
        Mode::Revert => func_header(s, "verifyProof", &args, &["external", "view"]),
        Mode::Bool => {
            func_header(s, "isValidProof", &args, &["external", "view", "returns (bool)"]);
        }
    }
    s.line("        assembly {");
    s.block(
        12,
        "// Pairs 0 and 1 take the proof words exactly as given: (A, B), then C with -delta.
calldatacopy(M_PAIRING, proof, 0x100)",
    );
    g2_stores(s, 12, "M_PAIRING", 0x100, "NEG_DELTA");
    s.block(
        12,
        "// Pair 2: (alpha, -beta).
mstore(add(M_PAIRING, 0x180), ALPHA_X)
mstore(add(M_PAIRING, 0x1a0), ALPHA_Y)",
    );
    g2_stores(s, 12, "M_PAIRING", 0x1c0, "NEG_BETA");
    match g1_words(&vk.gamma_abc_g1[0]) {
        Some(_) => s.block(
            12,
            "// Pair 3: (vk_x, -gamma); vk_x starts at IC0, and _vkX adds the inputs' terms.
mstore(M_VK_X, IC0_X)
mstore(add(M_VK_X, 0x20), IC0_Y)",
        ),
        None => s.block(
            12,
            "// Pair 3: (vk_x, -gamma); vk_x starts at IC0, the point at infinity, and _vkX adds
// the inputs' terms.
mstore(M_VK_X, 0)
mstore(add(M_VK_X, 0x20), 0)",
        ),
    }
    s.line("            calldatacopy(M_SCALARS, input, INPUT_BYTES)");
    s.line("        }");
    s.line("        uint256 st = _vkX(M_VK_X);");
    s.line("        assembly {");
    helpers(s, &["reject", "precompileFailed", "pairingFailed", "checks", "onCurve", "fail"], mode);
    g2_stores(s, 12, "M_VK_X", 0x40, "NEG_GAMMA");
    s.block(
        12,
        "// The pairing writes 1 at M_RESULT (zero until then) only when it ran and the check
// holds: a failed call, or a call to an address without the precompile, leaves the 0.
let g := gas()
let ok := staticcall(gas(), 8, M_PAIRING, 0x300, M_RESULT, 0x20)
// None of A, B, C at infinity: A.y, B.y and C.y are 0 at infinity, and only there among
// the points the precompiles accept (neither group has a point of order 2).
let inf := or(iszero(mload(add(M_PAIRING, 0x20))), iszero(mload(add(M_PAIRING, 0xe0))))
inf := or(inf, iszero(or(mload(add(M_PAIRING, 0x80)), mload(add(M_PAIRING, 0xa0)))))
// One condition for a valid proof; any failure goes to `fail` for its cause.
if iszero(and(and(eq(st, VKX_OK), iszero(inf)), mload(M_RESULT))) {
    fail(proof, input, ok, g, st)
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

/// A function header as forge fmt writes it (`multiline_func_header = "attributes_first"`).
fn func_header(s: &mut Src, name: &str, args: &str, attrs: &[&str]) {
    let one = format!("    function {name}({args}) {} {{", attrs.join(" "));
    if one.len() <= LINE_LENGTH {
        s.line(&one);
        return;
    }
    let first = format!("    function {name}({args})");
    if first.len() <= LINE_LENGTH {
        s.line(&first);
    } else {
        s.line(&format!("    function {name}("));
        let parts: Vec<&str> = args.split(", ").collect();
        for (i, a) in parts.iter().enumerate() {
            let sep = if i + 1 < parts.len() { "," } else { "" };
            s.line(&format!("        {a}{sep}"));
        }
        // With the parameters on lines of their own, forge fmt keeps the attributes on the
        // closing line.
        s.line(&format!("    ) {} {{", attrs.join(" ")));
        return;
    }
    for a in attrs {
        s.line(&format!("        {a}"));
    }
    s.line("    {");
}

fn batch(s: &mut Src, vk: &VerifyingKey<Bn254>) {
    let l = vk.gamma_abc_g1.len() - 1;
    s.block(
        4,
        "/// @notice Reverts unless every proofs[i] is a valid proof with public inputs inputs[i].
/// @dev Checks each proof's encoding in order as verifyProof does (error indices count across
///      the batch), then all proofs at once with one pairing of n + 3 pairs: a random linear
///      combination with weights w_i = keccak256(seed, i) mod (r - 1) + 1, where
///      seed = keccak256(CIRCUIT_ID, proofs, inputs). The weights are fixed by the call's own
///      proofs and inputs, so no proof can be chosen after its weight is known. A failing batch
///      reverts with ProofInvalid (or ProofBNotInG2) without naming the proof: check them one
///      by one to find it. A and C go to ecMul and B to the pairing as given (the precompiles
///      check their coordinates and curves); the encoding errors are named by a search that
///      only a failing batch runs, so a malformed word costs 63/64 of the gas left.
/// @param proofs The proofs, each as in verifyProof.
/// @param inputs The public inputs of each proof.",
    );
    let args = format!("uint256[8][] calldata proofs, uint256[{l}][] calldata inputs");
    func_header(s, "verifyBatch", &args, &["external", "view"]);
    s.line("        uint256 n = proofs.length;");
    s.line("        uint256 acc;");
    s.line("        assembly {");
    helpers(
        s,
        &["reject", "precompileFailed", "checks", "onCurve", "scanB", "batchFail"],
        Mode::Revert,
    );
    s.block(
        12,
        "if iszero(eq(n, inputs.length)) {
    mstore(0, shl(224, ERR_BATCH_LENGTH_MISMATCH))
    mstore(4, n)
    mstore(0x24, inputs.length)
    revert(0, 0x44)
}
if iszero(n) {
    reject0(ERR_EMPTY_BATCH)
}
// seed = keccak256(CIRCUIT_ID, proofs, inputs), from a copy where the pairs go later;
// it stays at 0, and w_i = keccak256(seed, i) mod (r - 1) + 1.
mstore(M_PAIRING, CIRCUIT_ID)
let proofBytes := shl(8, n)
calldatacopy(add(M_PAIRING, 0x20), proofs.offset, proofBytes)
let inputBytes := mul(n, INPUT_BYTES)
calldatacopy(add(add(M_PAIRING, 0x20), proofBytes), inputs.offset, inputBytes)
mstore(0, keccak256(M_PAIRING, add(add(0x20, proofBytes), inputBytes)))
// The scalars s_j start at 0; sum_i w_i C_i accumulates in pair n + 1.
calldatacopy(M_SCALARS, calldatasize(), INPUT_BYTES)
let cAcc := add(M_PAIRING, mul(add(n, 1), PAIR_BYTES))
mstore(cAcc, 0)
mstore(add(cAcc, 0x20), 0)
let sumW := 0
for { let i := 0 } lt(i, n) { i := add(i, 1) } {
    let p := add(proofs.offset, shl(8, i))
    mstore(0x20, i)
    let w := add(mod(keccak256(0, 0x40), R_MINUS_1), 1)
    sumW := addmod(sumW, w, R)
    // s_j += w_i x_ij (mod r); every input below r.
    let good := 1
    {
        let x := add(inputs.offset, mul(i, INPUT_BYTES))
        for { let j := 0 } lt(j, INPUT_BYTES) { j := add(j, 0x20) } {
            let v := calldataload(add(x, j))
            good := and(good, lt(v, R))
            let sj := add(M_SCALARS, j)
            mstore(sj, addmod(mload(sj), mulmod(w, v, R), R))
        }
    }
    // Pair i: (w_i A_i, B_i), A and B as given: ecMul refuses a coordinate not below q
    // and a point off the curve, the pairing a B outside G2.
    {
        let t := add(M_PAIRING, mul(i, PAIR_BYTES))
        calldatacopy(t, p, 0x40)
        mstore(add(t, 0x40), w)
        let ok := staticcall(gas(), 7, t, 0x60, t, 0x40)
        good := and(good, and(ok, eq(returndatasize(), 0x40)))
        calldatacopy(add(t, 0x40), add(p, 0x40), 0x80)
    }
    // cAcc += w_i C_i, C as given (ecMul checks it as it does A).
    {
        let t := add(cAcc, 0x40)
        calldatacopy(t, add(p, 0xc0), 0x40)
        mstore(add(t, 0x40), w)
        let ok := staticcall(gas(), 7, t, 0x60, t, 0x40)
        good := and(good, and(ok, eq(returndatasize(), 0x40)))
        ok := staticcall(gas(), 6, cAcc, 0x80, cAcc, 0x40)
        good := and(good, and(ok, eq(returndatasize(), 0x40)))
    }
    // None of A, B, C at infinity: A.y, B.y and C.y are 0 there, and only there among
    // the points the precompiles accept.
    let inf := iszero(calldataload(add(p, 0x20)))
    inf := or(inf, iszero(calldataload(add(p, 0xe0))))
    inf := or(inf, iszero(or(calldataload(add(p, 0x80)), calldataload(add(p, 0xa0)))))
    if iszero(and(good, iszero(inf))) {
        batchFail(proofs.offset, inputs.offset, i)
    }
}
// Pair n: (sum_i w_i alpha, -beta); pair n + 1: (sum_i w_i C_i, -delta).
let pair := add(M_PAIRING, mul(n, PAIR_BYTES))
mstore(pair, ALPHA_X)
mstore(add(pair, 0x20), ALPHA_Y)
mstore(add(pair, 0x40), sumW)
let ok := staticcall(gas(), 7, pair, 0x60, pair, 0x40)
if iszero(and(ok, eq(returndatasize(), 0x40))) {
    precompileFailed(7)
}",
    );
    g2_stores(s, 12, "pair", 0x40, "NEG_BETA");
    g2_stores(s, 12, "cAcc", 0x40, "NEG_DELTA");
    match g1_words(&vk.gamma_abc_g1[0]) {
        Some(_) => s.block(
            12,
            "// Pair n + 2: (vk_x, -gamma), vk_x = (sum_i w_i) IC0 + sum_j s_j IC[j] (_vkX adds the
// s_j terms): l + 1 ecMul.
acc := add(cAcc, PAIR_BYTES)
mstore(acc, IC0_X)
mstore(add(acc, 0x20), IC0_Y)
mstore(add(acc, 0x40), sumW)
ok := staticcall(gas(), 7, acc, 0x60, acc, 0x40)
if iszero(and(ok, eq(returndatasize(), 0x40))) {
    precompileFailed(7)
}",
        ),
        None => s.block(
            12,
            "// Pair n + 2: (vk_x, -gamma), vk_x = sum_j s_j IC[j] (IC0 is the point at infinity;
// _vkX adds the s_j terms).
acc := add(cAcc, PAIR_BYTES)
mstore(acc, 0)
mstore(add(acc, 0x20), 0)",
        ),
    }
    s.line("        }");
    s.line("        uint256 st = _vkX(acc);");
    s.line("        assembly {");
    helpers(s, &["reject", "precompileFailed", "pairingFailed", "checks", "scanB"], Mode::Revert);
    s.block(
        12,
        "// The scalars are reduced mod r, so st is VKX_OK unless an ecMul or ecAdd failed.
if iszero(eq(and(st, 0xffff), and(VKX_OK, 0xffff))) {
    precompileFailed(7)
}
if iszero(eq(st, VKX_OK)) {
    precompileFailed(6)
}",
    );
    g2_stores(s, 12, "acc", 0x40, "NEG_GAMMA");
    s.line("            let size := add(sub(acc, M_PAIRING), PAIR_BYTES)");
    s.block(
        12,
        "let g := gas()
let ok := staticcall(gas(), 8, M_PAIRING, size, 0, 0x20)
if iszero(and(ok, eq(returndatasize(), 0x20))) {
    // The pairing alone saw the B words: one not below q is named first.
    scanB(proofs.offset, n)
    pairingFailed(ok, g, size)
}
if iszero(mload(0)) {
    reject0(ERR_PROOF_INVALID)
}",
    );
    s.line("            stop()");
    s.line("        }");
    s.line("    }");
}

fn vk_x(s: &mut Src, vk: &VerifyingKey<Bn254>) {
    s.block(
        4,
        "/// @dev Adds sum_j s_j IC[j] (j = 1 to NUM_PUBLIC_INPUTS) to the point (x, y) at `acc`, for
///      the scalars s_j at M_SCALARS (s_j = 0 skips IC[j]: a zero input costs no ecMul), using
///      the three words after it as scratch. Returns
///      VKX_OK when every call returned its 64 bytes and every scalar is below r; anything else
///      when a call failed (out of gas, or no precompile at the address) or a scalar is not.
///      ecMul and ecAdd accept every point and scalar here.
function _vkX(uint256 acc) private view returns (uint256 st) {",
    );
    s.line("        assembly {");
    s.block(
        12,
        "// The sizes the calls returned are ANDed per precompile into 0x40: ecMul and ecAdd
// return 64 bytes when they succeed, none when they fail or when the address has no
// precompile, so the flag stays 0x40 only if every call succeeded. The caller compares
// them with VKX_OK, once. Each AND is a statement of its own, after its call: Yul
// evaluates a call's arguments right to left.
let rsMul := 0x40
let rsAdd := 0x40
let t := add(acc, 0x40)
// r - 1 on the stack, not in every input's code (EIP-170 at the most inputs).
let rm1 := R_MINUS_1",
    );
    let mut first = true;
    for (j, p) in vk.gamma_abc_g1.iter().enumerate().skip(1) {
        let m = at("M_SCALARS", 32 * (j - 1));
        let (decl, bad) = if first { ("let ", "gt(s, rm1)") } else { ("", "or(bad, gt(s, rm1))") };
        first = false;
        if p.is_zero() {
            s.line(&format!(
                "            // IC{j} is the point at infinity: s_{j} adds nothing, but is checked."
            ));
            s.line(&format!("            {decl}s := mload({m})"));
            s.line(&format!("            {decl}bad := {bad}"));
            continue;
        }
        s.block(
            12,
            &format!(
                "{decl}s := mload({m})
{decl}bad := {bad}
if s {{
    mstore(t, IC{j}_X)
    mstore(add(t, 0x20), IC{j}_Y)
    mstore(add(t, 0x40), s)
    pop(staticcall(gas(), 7, t, 0x60, t, 0x40))
    rsMul := and(rsMul, returndatasize())
    pop(staticcall(gas(), 6, acc, 0x80, acc, 0x40))
    rsAdd := and(rsAdd, returndatasize())
}}"
            ),
        );
    }
    s.line("            st := or(or(rsMul, shl(16, rsAdd)), shl(32, bad))");
    s.line("        }");
    s.line("    }");
}
