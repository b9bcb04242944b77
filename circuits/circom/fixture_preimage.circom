pragma circom 2.0.0;

// Tiny fixture circuit for the Solidity verifier generator's tests (see
// tools/fixtures/make-snarkjs-fixture.sh and circuits/fixtures/snarkjs-preimage/README.md).
// Public inputs, in this order: hash, nonce. Private: a, b.
// Statement: hash == Poseidon(a, b) (circomlib). The nonce enters one quadratic constraint
// (nonce * nonce == nonceSq, nonceSq an internal signal) so the compiler keeps it in the R1CS and
// the proof is bound to it.

include "circomlib/circuits/poseidon.circom";

template Preimage() {
    signal input hash;
    signal input nonce;
    signal input a;
    signal input b;

    signal nonceSq;
    nonceSq <== nonce * nonce;

    component h = Poseidon(2);
    h.inputs[0] <== a;
    h.inputs[1] <== b;
    hash === h.out;
}

component main {public [hash, nonce]} = Preimage();
