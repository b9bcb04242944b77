// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title VerifierSelectors
/// @notice Function selectors of a zkp-ledger generated verifier with L public inputs, whose
///         entry points are `verifyProof(uint256[8],uint256[L])` and
///         `verifyBatch(uint256[8][],uint256[L][])`: the selector depends on L, so it is computed
///         from the canonical signature with L written in decimal.
library VerifierSelectors {
    /// @notice The selector of `verifyProof(uint256[8],uint256[numInputs])`.
    /// @param numInputs The verifier's NUM_PUBLIC_INPUTS().
    /// @return The selector.
    function verifyProof(uint256 numInputs) internal pure returns (bytes4) {
        return bytes4(
            keccak256(
                abi.encodePacked("verifyProof(uint256[8],uint256[", toDecimal(numInputs), "])")
            )
        );
    }

    /// @notice The selector of `verifyBatch(uint256[8][],uint256[numInputs][])`.
    /// @param numInputs The verifier's NUM_PUBLIC_INPUTS().
    /// @return The selector.
    function verifyBatch(uint256 numInputs) internal pure returns (bytes4) {
        return bytes4(
            keccak256(
                abi.encodePacked("verifyBatch(uint256[8][],uint256[", toDecimal(numInputs), "][])")
            )
        );
    }

    /// @notice `value` in decimal ASCII digits, without sign or leading zeros ("0" for 0).
    /// @param value The number.
    /// @return digits The decimal digits.
    function toDecimal(uint256 value) internal pure returns (string memory digits) {
        uint256 length = 1;
        for (uint256 v = value; v >= 10; v /= 10) {
            ++length;
        }
        bytes memory buffer = new bytes(length);
        for (uint256 i = length; i > 0; value /= 10) {
            --i;
            // value % 10 < 10, so the digit fits a byte.
            // forge-lint: disable-next-line(unsafe-typecast)
            buffer[i] = bytes1(uint8(48 + value % 10));
        }
        digits = string(buffer);
    }
}
