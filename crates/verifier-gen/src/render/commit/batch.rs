//! verifyBatch of the commit template: `n` proofs with `k` commitments each, checked with one
//! pairing of `n + 3 + k` pairs (`docs/commit-and-prove.md`, "Batch verification").

use super::super::{Mode, PAIR_BYTES, Src, at, func_header, g2_stores, helpers, hex};
use super::{Shape, challenge_scalar, commit_helpers, gsigmaneg};

/// `acc + t * PAIR_BYTES` as Yul, for accumulator pair `t` after pair n + 1.
fn acc_pair(t: usize, off: usize) -> String {
    let pair = match t {
        0 => None,
        1 => Some("PAIR_BYTES".to_string()),
        t => Some(format!("mul({t}, PAIR_BYTES)")),
    };
    match (pair, off) {
        (None, 0) => "acc".into(),
        (None, o) => format!("add(acc, {})", hex(o)),
        (Some(p), 0) => format!("add(acc, {p})"),
        (Some(p), o) => format!("add(acc, add({p}, {}))", hex(o)),
    }
}

/// verifyBatch.
pub(super) fn batch(s: &mut Src, sh: Shape) {
    let Shape { l, k } = sh;
    s.block(
        4,
        "/// @notice Reverts unless every proofs[i] is a valid proof with public inputs inputs[i].
/// @dev Checks each proof's encoding in order as verifyProof does (error indices count across
///      the batch), then all proofs at once with one pairing of n + 3 + k pairs: the product
///      over i of verifyProof's k + 4 pair product for proof i (with its own c_ij and rho_i)
///      raised to w_i = keccak256(seed, i) mod (r - 1) + 1, seed = keccak256(CIRCUIT_ID,
///      proofs, inputs): pairs (-w_i A_i, B_i), (sum w_i alpha, beta), (sum w_i C_i, delta),
///      (sum_i w_i rho_i^j D_ij, GSigmaNeg_j) for each commitment j, and
///      (sum_i w_i (vk_x_i + sum_j D_ij + sum_j rho_i^j P_ij), gamma). The weights are fixed
///      by the call's own proofs and inputs, so no proof can be chosen after its weight is
///      known. A failing batch reverts with ProofInvalid (or ProofBNotInG2) without naming the
///      proof: check them one by one to find it.
/// @param proofs The proofs, each as in verifyProof.
/// @param inputs The public inputs of each proof.",
    );
    let args = format!("uint256[{}][] calldata proofs, uint256[{l}][] calldata inputs", sh.words());
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
// The scalars start at 0; sum w_i C_i (pair n + 1), each sum w_i rho_i^j D_ij
// (pair n + 1 + j) and the gamma pair's G1 point (pair n + 2 + k) accumulate from
// infinity.
calldatacopy(M_VK_SCALARS, calldatasize(), VK_SCALAR_BYTES)
acc := add(M_PAIRING, mul(add(n, 1), PAIR_BYTES))",
    );
    for t in 0..k + 2 {
        s.line(&format!("            mstore({}, 0)", acc_pair(t, 0)));
        s.line(&format!("            mstore({}, 0)", acc_pair(t, 0x20)));
    }
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
        "// Pair n: (sum_i w_i alpha, beta); then delta and every GSigmaNeg_j after their
// accumulators.
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
    for j in 1..=k {
        g2_stores(s, 12, "acc", j * PAIR_BYTES + 0x40, &gsigmaneg(j));
    }
    s.line("        }");
    s.line("        unchecked {");
    s.line(&format!("            acc += {} * PAIR_BYTES;", k + 1));
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
pub(super) fn batch_proof(s: &mut Src, sh: Shape) {
    let Shape { l, k } = sh;
    let words = sh.words();
    s.block(
        4,
        "/// @dev Proof i of verifyBatch, with its weight w_i from the seed at memory 0: its words
///      checked as verifyProof checks them (indices across the batch), pair i (-w_i A_i, B_i),
///      s_0 += w_i, s_j += w_i x_ij, s_{L+j} += w_i c_ij; at `acc` (pair n + 1) += w_i C_i,
///      at pair n + 1 + j += w_i rho_i^j D_ij, at pair n + 2 + k += w_i D_ij +
///      w_i rho_i^j P_ij, for each commitment j. ecMul, ecAdd and SHA-256 accept every point,
///      scalar and message here: a failed call ran out of gas (or the chain lacks the
///      precompile).",
    );
    let args = format!(
        "uint256 index, uint256[{words}] calldata proof, uint256[{l}] calldata input, uint256 acc"
    );
    func_header(s, "_batchProof", &args, &["private", "view"]);
    s.line("        assembly {");
    helpers(s, &["reject", "precompileFailed", "checks"], Mode::Revert);
    commit_helpers(s, &["challenge"]);
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
    for w in 1..words {
        s.line(&format!("            ok := and(ok, lt(calldataload({}), Q))", at("p", 32 * w)));
    }
    s.block(
        12,
        &format!(
            "if iszero(ok) {{
    reject(ERR_PROOF_COORDINATE_NOT_IN_FIELD, add(mul(i, {words}), firstNotBelow(p, {words}, Q)))
}}
// Every public input below r; s_j += w_i x_ij (mod r).
for {{ let j := 0 }} lt(j, INPUT_BYTES) {{ j := add(j, 0x20) }} {{
    let v := calldataload(add(x, j))
    ok := and(ok, lt(v, R))
    let sj := add(add(M_VK_SCALARS, 0x20), j)
    mstore(sj, addmod(mload(sj), mulmod(w, v, R), R))
}}
if iszero(ok) {{
    reject(
        ERR_PUBLIC_INPUT_NOT_IN_FIELD,
        add(mul(i, NUM_PUBLIC_INPUTS), firstNotBelow(x, NUM_PUBLIC_INPUTS, R))
    )
}}
// A, C, every D_j and P_j on the curve y^2 = x^3 + 3, which (0, 0), the encoding of
// infinity, is not; B not infinity (the pairing precompile checks that it is in G2).
for {{ let k := 0 }} lt(k, {points}) {{ k := add(k, 1) }} {{
    // Word offsets: A 0, C 0xc0, every D_j and P_j from 0x100; B (k = 1) below.
    if iszero(eq(k, 1)) {{
        let o := shl(6, k)
        if gt(k, 1) {{
            o := add(o, 0x40)
        }}
        let px := calldataload(add(p, o))
        let py := calldataload(add(p, add(o, 0x20)))
        let t := addmod(mulmod(px, mulmod(px, px, Q), Q), 3, Q)
        if iszero(eq(mulmod(py, py, Q), t)) {{
            if iszero(or(px, py)) {{
                reject(ERR_PROOF_POINT_AT_INFINITY, add(mul(i, {points}), k))
            }}
            reject(ERR_PROOF_POINT_NOT_ON_CURVE, add(mul(i, {points}), k))
        }}
    }}
    if eq(k, 1) {{
        let t := or(calldataload(add(p, 0x40)), calldataload(add(p, 0x60)))
        t := or(t, or(calldataload(add(p, 0x80)), calldataload(add(p, 0xa0))))
        if iszero(t) {{
            reject(ERR_PROOF_POINT_AT_INFINITY, add(mul(i, {points}), 1))
        }}
    }}
}}
// Pair i: (-w_i A_i, B_i); A.y is not 0 on the curve, so q - A.y is below q.
{{
    let t := add(M_PAIRING, mul(i, PAIR_BYTES))
    mstore(t, calldataload(p))
    mstore(add(t, 0x20), sub(Q, calldataload(add(p, 0x20))))
    mstore(add(t, 0x40), w)
    ok := staticcall(gas(), 7, t, 0x60, t, 0x40)
    if iszero(and(ok, eq(returndatasize(), 0x40))) {{
        precompileFailed(7)
    }}
    calldatacopy(add(t, 0x40), add(p, 0x40), 0x80)
}}
// rho_i = keccak256(proof words, input words) mod r, as verifyProof's; wr = w_i rho_i^j
// in commitment j's block.
calldatacopy(M_WORDS, p, PROOF_BYTES)
calldatacopy(M_INPUTS, x, INPUT_BYTES)
let rho := mod(keccak256(M_WORDS, WORDS_BYTES), R)
let wr := w
addMul(acc, mload(add(M_WORDS, 0xc0)), mload(add(M_WORDS, 0xe0)), w)
let g := add(acc, {gamma})",
            points = sh.points(),
            gamma = hex((k + 1) * PAIR_BYTES),
        ),
    );
    for j in 1..=k {
        let d = at("M_D", 0x40 * (j - 1));
        let p = at("M_P", 0x40 * (j - 1));
        let dy = at("M_D", 0x40 * (j - 1) + 0x20);
        let py = at("M_P", 0x40 * (j - 1) + 0x20);
        s.block(
            12,
            &format!(
                "// Commitment j = {j}: s_{{L+j}} += w_i c_ij, pair n + 1 + j += w_i rho_i^j D_ij, and
// the gamma pair += w_i D_ij + w_i rho_i^j P_ij.
wr := mulmod(wr, rho, R)
{{
    let dx := mload({d})
    let dy := mload({dy})
    let sc := {sc}
    mstore(sc, addmod(mload(sc), mulmod(w, challenge(M_XMD, dx, dy), R), R))
    addMul(add(acc, {dpair}), dx, dy, wr)
    addMul(g, dx, dy, w)
    addMul(g, mload({p}), mload({py}), wr)
}}",
                sc = challenge_scalar(j),
                dpair = hex(j * PAIR_BYTES),
            ),
        );
    }
    s.line("        }");
    s.line("    }");
}
