pragma circom 2.0.0;

// Merkle inclusion in a Poseidon tree of fixed depth D, with zkp-ledger's conventions:
// - Poseidon is circomlib's `Poseidon(n)` (initial state 0);
// - a leaf VALUE v sits in the tree as its leaf node Poseidon(v) (1 input);
// - an inner node is Poseidon(left, right) (2 inputs);
// - pathIndices[h] (little-endian, h = 0 at the leaf level) = 1 means the current node is the
//   RIGHT child at height h (parent = Poseidon(sibling, node)), 0 means left
//   (parent = Poseidon(node, sibling));
// - empty slots hold 0 (only matters for the siblings a prover supplies).
//
// Public inputs, in this order: root, leaf. Private: pathIndices[D] (each constrained to be a
// bit), siblings[D].
//
// Cost: 213 constraints for the leaf node, then per level 240 (Poseidon(2)) + 1 (the swap's one
// multiplication) + 1 (booleanity of the index bit), i.e. 213 + 242 * D (with --O2).
//
// Include path: compile with `-l node_modules` from the repository root (see
// tools/bench/snarkjs-inclusion.sh).

include "circomlib/circuits/poseidon.circom";

template Inclusion(D) {
    signal input root;
    signal input leaf;
    signal input pathIndices[D];
    signal input siblings[D];

    // node[h] is the node on the path at height h; node[0] is the leaf node.
    signal node[D + 1];
    // d[h] = pathIndices[h] * (siblings[h] - node[h]): the swap's single multiplication.
    signal d[D];

    component leafHash = Poseidon(1);
    leafHash.inputs[0] <== leaf;
    node[0] <== leafHash.out;

    component hashers[D];
    for (var h = 0; h < D; h++) {
        pathIndices[h] * (1 - pathIndices[h]) === 0;

        d[h] <== pathIndices[h] * (siblings[h] - node[h]);
        hashers[h] = Poseidon(2);
        // bit 0: (node, sibling); bit 1: (sibling, node).
        hashers[h].inputs[0] <== node[h] + d[h];
        hashers[h].inputs[1] <== siblings[h] - d[h];
        node[h + 1] <== hashers[h].out;
    }

    root === node[D];
}
