// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @title TestBase
/// @notice Minimal base for forge tests: the cheatcode handle and small helpers.
abstract contract TestBase {
    /// @dev forge's cheatcode address: address(uint160(uint256(keccak256("hevm cheat code")))).
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @notice forge prints these with -vv.
    event log_named_uint(string key, uint256 val);

    /// @dev Maps `x` into [min, max] (inclusive), keeping `x` when it is already inside, so that
    ///      fuzzer edge values (0, 1, max) stay edge values.
    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "TestBase: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    /// @dev A fresh address derived from `name`.
    function _addr(string memory name) internal returns (address account) {
        account = address(uint160(uint256(keccak256(abi.encodePacked("zkp-ledger.test.", name)))));
        vm.label(account, name);
    }
}
