//! verifyBatch of the commit template: `n` proofs with one commitment each, checked with one
//! pairing of `n + 4` pairs (`docs/commit-and-prove.md`, "Batch verification").

use super::super::{Mode, PAIR_BYTES, Src, at, func_header, g2_stores, helpers};
use super::PROOF_WORDS;

/// verifyBatch.
pub(super) fn batch(s: &mut Src, l: usize) {
    s.block(
        4,
        "/// @notice Reverts unless every proofs[i] is a valid proof with public inputs inputs[i].
/// @dev Checks each proof's encoding in order as verifyProof does (error indices count across
///      the batch), then all proofs at once with one pairing of n + 4 pairs: the product over
///      i of verifyProof's five-pair product for proof i (with its own c_i and rho_i) raised to
///      w_i = keccak256(seed, i) mod (r - 1) + 1, seed = keccak256(CIRCUIT_ID, proofs,
///      inputs): pairs (-w_i A_i, B_i), (sum w_i alpha, beta), (sum w_i C_i, delta),
///      (sum w_i rho_i D_i, GSigmaNeg), (sum w_i (vk_x_i + D_i + rho_i P_i), gamma). The
///      weights are fixed by the call's own proofs and inputs, so no proof can be chosen after
///      its weight is known. A failing batch reverts with ProofInvalid (or ProofBNotInG2)
///      without naming the proof: check them one by one to find it.
/// @param proofs The proofs, each as in verifyProof.
/// @param inputs The public inputs of each proof.",
    );
    let args = format!("uint256[{PROOF_WORDS}][] calldata proofs, uint256[{l}][] calldata inputs");
    func_header(s, "verifyBatch", &args, &["external", "view"]);
    s.line("        uint256 n = proofs.length;");
    s.line("        uint256 acc;");
    s.line("        assembly {");
    helpers(s, &["reject"], Mode::Revert);
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
let proofBytes := mul(n, PROOF_BYTES)
calldatacopy(add(M_PAIRING, 0x20), proofs.offset, proofBytes)
let inputBytes := mul(n, INPUT_BYTES)
calldatacopy(add(add(M_PAIRING, 0x20), proofBytes), inputs.offset, inputBytes)
mstore(0, keccak256(M_PAIRING, add(add(0x20, proofBytes), inputBytes)))
// The scalars start at 0; sum w_i C_i, sum w_i rho_i D_i and the gamma pair's G1 point
// accumulate from infinity in pairs n + 1, n + 2 and n + 3.
calldatacopy(M_VK_SCALARS, calldatasize(), VK_SCALAR_BYTES)
acc := add(M_PAIRING, mul(add(n, 1), PAIR_BYTES))
mstore(acc, 0)
mstore(add(acc, 0x20), 0)
mstore(add(acc, PAIR_BYTES), 0)
mstore(add(acc, add(PAIR_BYTES, 0x20)), 0)
mstore(add(acc, mul(2, PAIR_BYTES)), 0)
mstore(add(acc, add(mul(2, PAIR_BYTES), 0x20)), 0)",
    );
    s.line("        }");
    s.line("        unchecked {");
    s.line("            for (uint256 i; i < n; ++i) {");
    s.line("                _batchProof(i, proofs[i], inputs[i], acc);");
    s.line("            }");
    s.line("        }");
    s.line("        assembly {");
    helpers(s, &["precompileFailed"], Mode::Revert);
    s.block(
        12,
        "// Pair n: (sum_i w_i alpha, beta); then delta, GSigmaNeg after their accumulators.
let pair := sub(acc, PAIR_BYTES)
mstore(pair, ALPHA_X)
mstore(add(pair, 0x20), ALPHA_Y)
mstore(add(pair, 0x40), mload(M_VK_SCALARS))
let ok := staticcall(gas(), 7, pair, 0x60, pair, 0x40)
if iszero(and(ok, eq(returndatasize(), 0x40))) {
    precompileFailed(7)
}",
    );
    g2_stores(s, 12, "pair", 0x40, "BETA");
    g2_stores(s, 12, "acc", 0x40, "DELTA");
    g2_stores(s, 12, "acc", PAIR_BYTES + 0x40, "GSIGMANEG");
    s.line("        }");
    s.line("        unchecked {");
    s.line("            acc += 2 * PAIR_BYTES;");
    s.line("        }");
    s.line("        _vkX(acc);");
    s.line("        assembly {");
    helpers(s, &["reject", "precompileFailed", "pairingFailed"], Mode::Revert);
    g2_stores(s, 12, "acc", 0x40, "GAMMA");
    s.line("            let size := add(sub(acc, M_PAIRING), PAIR_BYTES)");
    s.block(
        12,
        "let g := gas()
let ok := staticcall(gas(), 8, M_PAIRING, size, 0, 0x20)
if iszero(and(ok, eq(returndatasize(), 0x20))) {
    pairingFailed(ok, g, size)
}
if iszero(mload(0)) {
    reject0(ERR_PROOF_INVALID)
}
stop()",
    );
    s.line("        }");
    s.line("    }");
}

/// `_batchProof`: proof i's checks, its pair and its terms of the accumulators.
pub(super) fn batch_proof(s: &mut Src, l: usize) {
    s.block(
        4,
        "/// @dev Proof i of verifyBatch, with its weight w_i from the seed at memory 0: its words
///      checked as verifyProof checks them (indices across the batch), pair i (-w_i A_i, B_i),
///      s_0 += w_i, s_j += w_i x_ij, s_{L+1} += w_i c_i; at `acc` (pair n + 1) += w_i C_i,
///      at pair n + 2 += w_i rho_i D_i, at pair n + 3 += w_i D_i + w_i rho_i P_i. ecMul, ecAdd
///      and SHA-256 accept every point, scalar and message here: a failed call ran out of gas
///      (or the chain lacks the precompile).",
    );
    let args = format!(
        "uint256 index, uint256[{PROOF_WORDS}] calldata proof, uint256[{l}] calldata input, \
         uint256 acc"
    );
    func_header(s, "_batchProof", &args, &["private", "view"]);
    s.line("        assembly {");
    helpers(s, &["reject", "precompileFailed", "checks"], Mode::Revert);
    s.block(
        12,
        "// sum += k (x, y), with the three words after sum as scratch.
function addMul(sum, x, y, k) {
    let t := add(sum, 0x40)
    mstore(t, x)
    mstore(add(t, 0x20), y)
    mstore(add(t, 0x40), k)
    let ok := staticcall(gas(), 7, t, 0x60, t, 0x40)
    if iszero(and(ok, eq(returndatasize(), 0x40))) {
        precompileFailed(7)
    }
    ok := staticcall(gas(), 6, sum, 0x80, sum, 0x40)
    if iszero(and(ok, eq(returndatasize(), 0x40))) {
        precompileFailed(6)
    }
}
// c = hash_to_field(D) as in _fold, at M_XMD.
function challenge(dx, dy) -> c {
    let h := M_XMD
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
}
// The helpers' parameters may not be the names of Solidity variables: i, p and x here.
let i := index
let p := proof
let x := input
mstore(0x20, i)
let w := add(mod(keccak256(0, 0x40), R_MINUS_1), 1)
mstore(M_VK_SCALARS, addmod(mload(M_VK_SCALARS), w, R))
// Every proof word below q: one encoding per proof.
let ok := lt(calldataload(p), Q)",
    );
    for k in 1..PROOF_WORDS {
        s.line(&format!("            ok := and(ok, lt(calldataload({}), Q))", at("p", 32 * k)));
    }
    s.block(
        12,
        "if iszero(ok) {
    reject(ERR_PROOF_COORDINATE_NOT_IN_FIELD, add(mul(i, 12), firstNotBelow(p, 12, Q)))
}
// Every public input below r; s_j += w_i x_ij (mod r).
for { let j := 0 } lt(j, INPUT_BYTES) { j := add(j, 0x20) } {
    let v := calldataload(add(x, j))
    ok := and(ok, lt(v, R))
    let sj := add(add(M_VK_SCALARS, 0x20), j)
    mstore(sj, addmod(mload(sj), mulmod(w, v, R), R))
}
if iszero(ok) {
    reject(
        ERR_PUBLIC_INPUT_NOT_IN_FIELD,
        add(mul(i, NUM_PUBLIC_INPUTS), firstNotBelow(x, NUM_PUBLIC_INPUTS, R))
    )
}
// A, C, D and P on the curve y^2 = x^3 + 3, which (0, 0), the encoding of infinity, is
// not; B not infinity (the pairing precompile checks that it is in G2).
for { let k := 0 } lt(k, 5) { k := add(k, 1) } {
    // Word offsets: A 0, C 0xc0, D 0x100, P 0x140; B (k = 1) is checked below.
    if iszero(eq(k, 1)) {
        let o := shl(6, k)
        if gt(k, 1) {
            o := add(o, 0x40)
        }
        let px := calldataload(add(p, o))
        let py := calldataload(add(p, add(o, 0x20)))
        let t := addmod(mulmod(px, mulmod(px, px, Q), Q), 3, Q)
        if iszero(eq(mulmod(py, py, Q), t)) {
            if iszero(or(px, py)) {
                reject(ERR_PROOF_POINT_AT_INFINITY, add(mul(i, 5), k))
            }
            reject(ERR_PROOF_POINT_NOT_ON_CURVE, add(mul(i, 5), k))
        }
    }
    if eq(k, 1) {
        let t := or(calldataload(add(p, 0x40)), calldataload(add(p, 0x60)))
        t := or(t, or(calldataload(add(p, 0x80)), calldataload(add(p, 0xa0))))
        if iszero(t) {
            reject(ERR_PROOF_POINT_AT_INFINITY, add(mul(i, 5), 1))
        }
    }
}
// Pair i: (-w_i A_i, B_i); A.y is not 0 on the curve, so q - A.y is below q.
{
    let t := add(M_PAIRING, mul(i, PAIR_BYTES))
    mstore(t, calldataload(p))
    mstore(add(t, 0x20), sub(Q, calldataload(add(p, 0x20))))
    mstore(add(t, 0x40), w)
    ok := staticcall(gas(), 7, t, 0x60, t, 0x40)
    if iszero(and(ok, eq(returndatasize(), 0x40))) {
        precompileFailed(7)
    }
    calldatacopy(add(t, 0x40), add(p, 0x40), 0x80)
}
// rho_i = keccak256(proof words, input words) mod r, as verifyProof's.
calldatacopy(M_WORDS, p, PROOF_BYTES)
calldatacopy(M_INPUTS, x, INPUT_BYTES)
let wr := mulmod(w, mod(keccak256(M_WORDS, WORDS_BYTES), R), R)
let dx := mload(M_D)
let dy := mload(add(M_D, 0x20))
{
    // s_{L+1} += w_i c_i.
    let sc := add(M_VK_SCALARS, add(INPUT_BYTES, 0x20))
    mstore(sc, addmod(mload(sc), mulmod(w, challenge(dx, dy), R), R))
}
addMul(acc, mload(add(M_WORDS, 0xc0)), mload(add(M_WORDS, 0xe0)), w)
addMul(add(acc, PAIR_BYTES), dx, dy, wr)
let g := add(acc, mul(2, PAIR_BYTES))
addMul(g, dx, dy, w)
addMul(g, mload(M_P), mload(add(M_P, 0x20)), wr)",
    );
    s.line("        }");
    s.line("    }");
}
