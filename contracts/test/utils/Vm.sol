// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Vm
/// @notice The subset of forge's cheatcodes (at HEVM_ADDRESS) that these tests use, declared
///         against forge's own cheatcode interface instead of forge-std.
interface Vm {
    /// @notice Gas figures of the last call made by the test contract.
    struct Gas {
        uint64 gasLimit;
        uint64 gasTotalUsed;
        uint64 gasMemoryUsed;
        int64 gasRefunded;
        uint64 gasRemaining;
    }

    /// @notice Fails the test unless `left == right`.
    function assertEq(uint256 left, uint256 right, string calldata error) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(bytes32 left, bytes32 right, string calldata error) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(address left, address right, string calldata error) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(bool left, bool right, string calldata error) external pure;

    /// @notice Fails the test unless `left != right`.
    function assertNotEq(uint256 left, uint256 right, string calldata error) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(bytes calldata left, bytes calldata right, string calldata error)
        external
        pure;

    /// @notice Fails the test unless `left <= right`.
    function assertLe(uint256 left, uint256 right, string calldata error) external pure;

    /// @notice Fails the test unless `condition` holds.
    function assertTrue(bool condition, string calldata error) external pure;

    /// @notice Fails the test unless `condition` is false.
    function assertFalse(bool condition, string calldata error) external pure;

    /// @notice Discards the current fuzz input unless `condition` holds.
    function assume(bool condition) external pure;

    /// @notice Makes the next call's msg.sender `sender`.
    function prank(address sender) external;

    /// @notice Makes every following call's msg.sender `sender` until `stopPrank`.
    function startPrank(address sender) external;

    /// @notice Ends `startPrank`.
    function stopPrank() external;

    /// @notice Expects the next call to revert, with any revert data.
    function expectRevert() external;

    /// @notice Expects the next call to revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;

    /// @notice Expects the next call to revert with exactly the 4 bytes `revertData` (an error
    ///         without arguments).
    function expectRevert(bytes4 revertData) external;

    /// @notice Expects the next call to revert with data starting with the selector
    ///         `revertData`, whatever the arguments.
    function expectPartialRevert(bytes4 revertData) external;

    /// @notice Expects the next emitted event, from any emitter, to match in topics and data the
    ///         event emitted right after this call.
    function expectEmit() external;

    /// @notice Expects the next emitted event to match, in topics and data, the event emitted by
    ///         `emitter` right after this call.
    function expectEmit(address emitter) external;

    /// @notice Sets block.number.
    function roll(uint256 newHeight) external;

    /// @notice Sets block.timestamp.
    function warp(uint256 newTimestamp) external;

    /// @notice Marks every storage slot of `target` cold, as at the start of a transaction.
    function cool(address target) external;

    /// @notice Gas figures of the last call.
    function lastCallGas() external view returns (Gas memory gas);

    /// @notice Names `account` in traces.
    function label(address account, string calldata newLabel) external;

    /// @notice `value` in decimal.
    function toString(uint256 value) external pure returns (string memory);

    /// @notice Sets the runtime code of `target` (as anvil_setCode does).
    function etch(address target, bytes calldata newRuntimeBytecode) external;

    /// @notice Sets block.basefee.
    function fee(uint256 newBasefee) external;

    /// @notice Sets the balance of `account`.
    function deal(address account, uint256 newBalance) external;

    /// @notice Reads storage slot `slot` of `target`.
    function load(address target, bytes32 slot) external view returns (bytes32 data);

    /// @notice Writes `value` to storage slot `slot` of `target`.
    function store(address target, bytes32 slot, bytes32 value) external;

    /// @notice Starts recording every storage read and write, per account.
    function record() external;

    /// @notice The slots of `target` read and written since `record`.
    function accesses(address target)
        external
        returns (bytes32[] memory readSlots, bytes32[] memory writeSlots);

    /// @notice The nonce of `account`.
    function getNonce(address account) external view returns (uint64 nonce);

    /// @notice The address a CREATE from `deployer` with `nonce` makes.
    function computeCreateAddress(address deployer, uint256 nonce) external pure returns (address);
}
