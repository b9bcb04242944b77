pragma circom 2.0.0;

// About 100,000 constraints for tools/circom/bench-100k.sh (issue 13): 416 chained circomlib
// Poseidon(2) hashes, 240 constraints each (99,840 in all, domain 2^17). The second input
// enters every hash; the first only the first, each later hash taking the previous one's output.
include "circomlib/circuits/poseidon.circom";

template PoseidonChain(n) {
    signal input a;
    signal input b;
    signal output out;
    component h[n];
    for (var i = 0; i < n; i++) {
        h[i] = Poseidon(2);
        h[i].inputs[0] <== i == 0 ? a : h[i - 1].out;
        h[i].inputs[1] <== b;
    }
    out <== h[n - 1].out;
}

component main {public [a]} = PoseidonChain(416);
