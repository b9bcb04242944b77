pragma circom 2.0.0;

// Depth-20 inclusion statement that the benchmark (tools/bench/snarkjs-inclusion.sh) proves with
// snarkjs and compares with the Rust prover. Public inputs: root, leaf (in that order).
include "inclusion.circom";

component main {public [root, leaf]} = Inclusion(20);
