// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../src/LedgerAnchor.sol";
import {LedgerAnchorTestBase} from "./utils/LedgerAnchorTestBase.sol";
import {Vm} from "./utils/Vm.sol";

/// @title LedgerAnchorGasTest
/// @notice The anchor transaction's gas budget: at most 60,000 gas in total, i.e. 21,000 base,
///         plus calldata, plus execution. The test_Gas_Anchor* entries of .gas-snapshot track the
///         execution; test_Gas_AnchorFitsBudget enforces the budget.
contract LedgerAnchorGasTest is LedgerAnchorTestBase {
    /// @dev The hard per-transaction budget.
    uint256 internal constant BUDGET = 60_000;
    /// @dev Intrinsic cost of a transaction.
    uint256 internal constant TX_BASE = 21_000;
    /// @dev Calldata costs per byte (EIP-2028).
    uint256 internal constant ZERO_BYTE = 4;
    /// @dev See ZERO_BYTE.
    uint256 internal constant NONZERO_BYTE = 16;
    /// @dev Worst-case calldata of anchor(bytes32,uint64,bytes32): the selector, root and prev
    ///      all nonzero bytes (76 bytes) and the 24 always-zero high bytes of the uint64 count.
    uint256 internal constant WORST_CALLDATA = 76 * NONZERO_BYTE + 24 * ZERO_BYTE;

    /// @dev A root and a count with every byte nonzero: the costliest calldata.
    bytes32 internal constant DENSE_ROOT =
        0x2a1b3c4d5e6f718293a4b5c6d7e8f9112233445566778899aabbccddeeff1122;
    uint64 internal constant DENSE_COUNT = 0x0102030405060708;

    /// @dev Head after the setUp anchor; kept in this contract so that reading it does not warm
    ///      the ledger's storage.
    bytes32 internal currentHead;

    /// @dev A second ledger with a submitter and no anchor yet.
    LedgerAnchor internal fresh;

    function setUp() public override {
        super.setUp();
        currentHead = _anchor(bytes32(uint256(0x5eed)), 1000);
        fresh = new LedgerAnchor(owner);
        vm.prank(owner);
        fresh.addSubmitter(submitter);
    }

    /// @notice First anchor on a fresh ledger (prev = 0), from cold storage.
    function test_Gas_AnchorFirst() public {
        vm.cool(address(fresh));
        vm.prank(submitter);
        fresh.anchor(DENSE_ROOT, DENSE_COUNT, bytes32(0));
        _report("anchor first: execution gas", vm.lastCallGas());
    }

    /// @notice A later anchor (nonzero prev), from cold storage as in a real transaction.
    function test_Gas_AnchorSteadyState() public {
        vm.cool(address(ledger));
        vm.prank(submitter);
        ledger.anchor(DENSE_ROOT, DENSE_COUNT, currentHead);
        _report("anchor steady state: execution gas", vm.lastCallGas());
    }

    /// @notice Execution gas plus worst-case calldata plus the base cost stays within budget.
    function test_Gas_AnchorFitsBudget() public {
        bytes memory data =
            abi.encodeCall(LedgerAnchor.anchor, (DENSE_ROOT, DENSE_COUNT, currentHead));
        vm.cool(address(ledger));
        vm.prank(submitter);
        (bool ok,) = address(ledger).call(data);
        vm.assertTrue(ok, "anchor succeeded");
        uint256 execution = vm.lastCallGas().gasTotalUsed;
        uint256 calldataGas = _calldataGas(data);
        vm.assertLe(calldataGas, WORST_CALLDATA, "worst-case calldata bound");
        emit log_named_uint("execution", execution);
        emit log_named_uint("calldata", calldataGas);
        emit log_named_uint("transaction total", TX_BASE + calldataGas + execution);
        emit log_named_uint("worst-case total", TX_BASE + WORST_CALLDATA + execution);
        vm.assertLe(TX_BASE + WORST_CALLDATA + execution, BUDGET, "anchor over 60,000 gas");
    }

    function _report(string memory key, Vm.Gas memory gas) internal {
        emit log_named_uint(key, gas.gasTotalUsed);
        vm.assertLe(TX_BASE + WORST_CALLDATA + gas.gasTotalUsed, BUDGET, key);
    }

    /// @dev EIP-2028 calldata gas of `data`.
    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? ZERO_BYTE : NONZERO_BYTE;
        }
    }
}
