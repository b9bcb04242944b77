// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Bn254
/// @notice BN254 constants and point operations for the verifier tests, on the calldata words of
///         a proof (A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y).
library Bn254 {
    /// @dev The base field modulus q.
    uint256 internal constant Q =
        0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47;
    /// @dev The scalar field modulus r.
    uint256 internal constant R =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @dev A point of the twist outside G2 (x = 2 + u), words in the precompile order; the
    ///      Rust test twist_point_outside_g2_used_by_forge_tests checks it.
    uint256 internal constant OFF_G2_X_IMAG = 1;
    uint256 internal constant OFF_G2_X_REAL = 2;
    uint256 internal constant OFF_G2_Y_IMAG =
        0x04ed8cf98795e6ff221299312d1758032001ee7d71ca132fe307d56157ed9d69;
    uint256 internal constant OFF_G2_Y_REAL =
        0x2044dbfa9f9e977067b6591653b277985f621d6a969ba7794bc97597d23bfb79;

    /// @dev -y for a coordinate 0 < y < q.
    function neg(uint256 y) internal pure returns (uint256) {
        return Q - y;
    }

    /// @dev The proof with A negated.
    function negA(uint256[8] memory p) internal pure returns (uint256[8] memory) {
        p[1] = neg(p[1]);
        return p;
    }

    /// @dev The proof with B negated (both parts of B.y).
    function negB(uint256[8] memory p) internal pure returns (uint256[8] memory) {
        p[4] = neg(p[4]);
        p[5] = neg(p[5]);
        return p;
    }

    /// @dev The proof with C negated.
    function negC(uint256[8] memory p) internal pure returns (uint256[8] memory) {
        p[7] = neg(p[7]);
        return p;
    }

    /// @dev The proof with B replaced by the twist point outside G2.
    function offG2B(uint256[8] memory p) internal pure returns (uint256[8] memory) {
        p[2] = OFF_G2_X_IMAG;
        p[3] = OFF_G2_X_REAL;
        p[4] = OFF_G2_Y_IMAG;
        p[5] = OFF_G2_Y_REAL;
        return p;
    }

    /// @dev P + Q in G1 through the ecAdd precompile.
    function add(uint256 px, uint256 py, uint256 qx, uint256 qy)
        internal
        view
        returns (uint256 x, uint256 y)
    {
        (bool ok, bytes memory out) = address(6).staticcall(abi.encode(px, py, qx, qy));
        require(ok, "Bn254: ecAdd failed");
        (x, y) = abi.decode(out, (uint256, uint256));
    }
}
