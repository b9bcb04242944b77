// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../../src/LedgerAnchor.sol";
import {StatementRegistry} from "../../src/StatementRegistry.sol";
import {DevnetArbGasInfo} from "../../src/devnet/DevnetArbGasInfo.sol";
import {DevnetArbNodeInterface} from "../../src/devnet/DevnetArbNodeInterface.sol";
import {IDevnetArbNodeInterface} from "../../src/devnet/IDevnetFeeStandIns.sol";
import {ILedgerAnchorErrors} from "../../src/interfaces/ILedgerAnchorErrors.sol";
import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {TestBase} from "../utils/TestBase.sol";
import {InclusionFixture} from "../verifiers/fixtures/InclusionFixture.sol";

/// @title DevnetArbNodeInterfaceTest
/// @notice The NodeInterface stand-in at 0xC8 (with the ArbGasInfo stand-in at 0x6C), etched as
///         the devnet installs them: its estimates of real LedgerAnchor and StatementRegistry
///         transactions against those transactions' measured gas, its L1 component formula,
///         and that a simulation never persists anything, even when called in a transaction.
contract DevnetArbNodeInterfaceTest is TestBase {
    address internal constant NODE_INTERFACE = address(0xC8);
    address internal constant ARB_GAS_INFO = address(0x6C);

    /// @dev A transaction's intrinsic gas.
    uint256 internal constant TX_BASE = 21_000;

    /// @dev A root and count with every byte nonzero, as in LedgerAnchorGasTest.
    bytes32 internal constant ROOT_A =
        0x2a1b3c4d5e6f718293a4b5c6d7e8f9112233445566778899aabbccddeeff1122;
    bytes32 internal constant ROOT_B =
        0x1f2e3d4c5b6a79881726354453627181928374655647382910abcdefa1b2c3d4;
    uint64 internal constant COUNT = 0x0102030405060708;
    /// @dev A head that is not the ledger's.
    bytes32 internal constant STALE_HEAD = keccak256("stale head");

    DevnetArbNodeInterface internal node = DevnetArbNodeInterface(NODE_INTERFACE);
    DevnetArbGasInfo internal gasInfo = DevnetArbGasInfo(ARB_GAS_INFO);
    LedgerAnchor internal ledger;
    address internal owner;
    address internal submitter;

    function setUp() public {
        vm.etch(NODE_INTERFACE, type(DevnetArbNodeInterface).runtimeCode);
        vm.etch(ARB_GAS_INFO, type(DevnetArbGasInfo).runtimeCode);
        owner = _addr("owner");
        submitter = _addr("submitter");
        ledger = new LedgerAnchor(owner);
        vm.startPrank(owner);
        ledger.addSubmitter(submitter);
        // As the devnet does: the simulated call's msg.sender is the stand-in.
        ledger.addSubmitter(NODE_INTERFACE);
        vm.stopPrank();
        vm.fee(0.1 gwei);
    }

    function _anchorData(bytes32 root) internal view returns (bytes memory) {
        return abi.encodeCall(LedgerAnchor.anchor, (root, COUNT, ledger.head()));
    }

    /// @notice Called in a transaction (not eth_call), the estimate leaves the ledger as it was.
    function test_GasEstimateComponents_NeverPersistsState() public {
        bytes32 headBefore = ledger.head();
        (uint64 gasEstimate,,,) =
            node.gasEstimateComponents(address(ledger), false, _anchorData(ROOT_A));
        vm.assertTrue(gasEstimate > TX_BASE, "an estimate");
        vm.assertFalse(ledger.isAnchored(ROOT_A), "root not anchored");
        vm.assertEq(ledger.nextSeq(), 0, "nextSeq");
        vm.assertEq(ledger.head(), headBefore, "head");
        // And the real anchor still works afterwards, as the first one.
        vm.prank(submitter);
        ledger.anchor(ROOT_A, COUNT, headBefore);
        vm.assertEq(ledger.anchorOf(ROOT_A).seq, 0, "first anchor");
    }

    /// @notice The estimate (without its L1 component) is within 1% of the gas the real
    ///         anchor transaction uses, first anchor and later anchor.
    ///         The first estimate is the test's first call to the ledger, so the ledger's
    ///         account is cold for it, as a transaction's destination is at the start of an
    ///         eth_call.
    function test_GasEstimateComponents_MatchesRealAnchor() public {
        _compareWithRealAnchor(
            abi.encodeCall(LedgerAnchor.anchor, (ROOT_A, COUNT, bytes32(0))), "first anchor"
        );
        _compareWithRealAnchor(_anchorData(ROOT_B), "later anchor");
    }

    function _compareWithRealAnchor(bytes memory data, string memory what) internal {
        vm.cool(address(ledger));
        (uint64 gasEstimate, uint64 forL1,,) =
            node.gasEstimateComponents(address(ledger), false, data);
        vm.cool(address(ledger));
        vm.prank(submitter);
        (bool ok,) = address(ledger).call(data);
        vm.assertTrue(ok, "real anchor");
        uint256 real = TX_BASE + _calldataGas(data) + vm.lastCallGas().gasTotalUsed;
        uint256 estimate = gasEstimate - forL1;
        emit log_named_uint(string.concat(what, ": real transaction gas"), real);
        emit log_named_uint(string.concat(what, ": estimate without L1"), estimate);
        _assertWithinOnePercent(estimate, real, what);
    }

    /// @notice The same for a StatementRegistry.submit of a real inclusion proof (a big call:
    ///         two precompile-heavy external calls, 1 KB of calldata).
    function test_GasEstimateComponents_MatchesRealSubmit() public {
        StatementRegistry registry = new StatementRegistry(owner, ledger);
        InclusionVerifier verifier = new InclusionVerifier();
        vm.prank(owner);
        registry.registerInclusion(InclusionFixture.CIRCUIT_ID, address(verifier));
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = InclusionFixture.load();
        vm.prank(submitter);
        ledger.anchor(bytes32(inputs[0][0]), 48, bytes32(0));
        uint256[] memory x = new uint256[](2);
        (x[0], x[1]) = (inputs[0][0], inputs[0][1]);
        bytes memory data =
            abi.encodeCall(StatementRegistry.submit, (InclusionFixture.CIRCUIT_ID, proofs[0], x));

        vm.cool(address(registry));
        vm.cool(address(ledger));
        (uint64 gasEstimate, uint64 forL1,,) =
            node.gasEstimateComponents(address(registry), false, data);
        vm.assertEq(
            registry.verifiedAt(keccak256(abi.encodePacked(InclusionFixture.CIRCUIT_ID, x))),
            0,
            "not recorded"
        );
        vm.cool(address(registry));
        vm.cool(address(ledger));
        (bool ok,) = address(registry).call(data);
        vm.assertTrue(ok, "real submit");
        uint256 real = TX_BASE + _calldataGas(data) + vm.lastCallGas().gasTotalUsed;
        emit log_named_uint("submit: real transaction gas", real);
        emit log_named_uint("submit: estimate without L1", gasEstimate - forL1);
        _assertWithinOnePercent(gasEstimate - forL1, real, "submit");
    }

    /// @notice A destination without code runs nothing: 21,000 + calldata + the L1 component.
    function test_GasEstimateComponents_DestinationWithoutCode() public {
        bytes memory data = hex"00c0ffee";
        (uint64 gasEstimate, uint64 forL1,,) =
            node.gasEstimateComponents(_addr("an account"), false, data);
        vm.assertEq(gasEstimate, TX_BASE + 4 + 3 * 16 + forL1, "no execution");
    }

    /// @notice gasEstimateForL1 = ceil(l1BaseFeeEstimate * 16 * (len + 140) / baseFee), and
    ///         gasEstimate adds it to 21,000 + calldata + execution.
    function test_GasEstimateForL1_Formula() public {
        vm.fee(0.25 gwei);
        gasInfo.setL1BaseFeeEstimate(30 gwei + 7);
        bytes memory data = _anchorData(ROOT_A);
        (uint64 gasEstimate, uint64 forL1, uint256 baseFee, uint256 l1Estimate) =
            node.gasEstimateComponents(address(ledger), false, data);
        uint256 cost = (30 gwei + 7) * 16 * (data.length + 140);
        vm.assertEq(forL1, (cost + 0.25 gwei - 1) / 0.25 gwei, "ceil division");
        vm.assertEq(baseFee, 0.25 gwei, "baseFee");
        vm.assertEq(l1Estimate, 30 gwei + 7, "l1BaseFeeEstimate");
        vm.assertTrue(gasEstimate > forL1 + TX_BASE + _calldataGas(data), "adds execution");
        (uint64 forL1Only, uint256 baseFeeOnly, uint256 l1Only) =
            node.gasEstimateL1Component(address(ledger), false, data);
        vm.assertEq(forL1Only, forL1, "gasEstimateL1Component");
        vm.assertEq(baseFeeOnly, baseFee, "same baseFee");
        vm.assertEq(l1Only, l1Estimate, "same estimate");
    }

    /// @notice Below the minimum gas price (anvil's decaying base fee, or 0 in eth_call), the
    ///         L1 component is priced at the minimum.
    function test_GasEstimateForL1_AtMinimumGasPrice() public {
        vm.fee(0);
        bytes memory data = _anchorData(ROOT_A);
        (, uint64 forL1, uint256 baseFee,) =
            node.gasEstimateComponents(address(ledger), false, data);
        vm.assertEq(baseFee, 0.1 gwei, "minimum");
        vm.assertEq(forL1, 20 gwei * 16 * (data.length + 140) / 0.1 gwei, "at the minimum");
    }

    /// @notice A simulated call that reverts: SimulationFailed carrying its revert data.
    function test_RevertWhen_SimulatedCallReverts() public {
        bytes memory data = abi.encodeCall(LedgerAnchor.anchor, (ROOT_A, COUNT, STALE_HEAD));
        vm.expectRevert(
            abi.encodeWithSelector(
                IDevnetArbNodeInterface.SimulationFailed.selector,
                abi.encodeWithSelector(
                    ILedgerAnchorErrors.StaleHead.selector, bytes32(0), STALE_HEAD
                )
            )
        );
        node.gasEstimateComponents(address(ledger), false, data);
    }

    /// @notice Without 0xC8 as a submitter the estimate of an anchor fails: the simulated
    ///         call's sender is the stand-in.
    function test_RevertWhen_StandInIsNotASubmitter() public {
        vm.prank(owner);
        ledger.removeSubmitter(NODE_INTERFACE);
        bytes memory data = _anchorData(ROOT_A);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDevnetArbNodeInterface.SimulationFailed.selector,
                abi.encodeWithSelector(ILedgerAnchorErrors.NotSubmitter.selector, NODE_INTERFACE)
            )
        );
        node.gasEstimateComponents(address(ledger), false, data);
    }

    function test_RevertWhen_GasPriceIsZero() public {
        vm.fee(0);
        gasInfo.setMinimumGasPrice(0);
        bytes memory data = _anchorData(ROOT_A);
        vm.expectRevert(IDevnetArbNodeInterface.ZeroGasPrice.selector);
        node.gasEstimateComponents(address(ledger), false, data);
    }

    /// @notice simulate itself always reverts, with the measured gas.
    function test_Simulate_AlwaysReverts() public {
        bytes memory data = _anchorData(ROOT_A);
        vm.expectPartialRevert(IDevnetArbNodeInterface.SimulationResult.selector);
        node.simulate(address(ledger), false, data);
        vm.assertFalse(ledger.isAnchored(ROOT_A), "not anchored");
    }

    /// @notice A contract creation is simulated with CREATE: the estimate covers the deposit
    ///         of the runtime code, and no contract is left behind.
    function test_GasEstimateComponents_ContractCreation() public {
        bytes memory initCode = bytes.concat(type(LedgerAnchor).creationCode, abi.encode(owner));
        uint64 nonce = vm.getNonce(NODE_INTERFACE);
        (uint64 gasEstimate, uint64 forL1,,) =
            node.gasEstimateComponents(address(0), true, initCode);
        uint256 execution = gasEstimate - forL1 - TX_BASE - _calldataGas(initCode);
        uint256 deposit = 200 * type(LedgerAnchor).runtimeCode.length;
        vm.assertTrue(execution > 32_000 + deposit, "CREATE and code deposit");
        vm.assertEq(vm.getNonce(NODE_INTERFACE), nonce, "nonce unchanged");
        vm.assertEq(
            vm.computeCreateAddress(NODE_INTERFACE, nonce).code.length, 0, "nothing created"
        );
    }

    function test_RevertWhen_SimulatedCreationFails() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDevnetArbNodeInterface.SimulationFailed.selector,
                abi.encodeWithSelector(ILedgerAnchorErrors.ZeroOwner.selector)
            )
        );
        node.gasEstimateComponents(
            address(0), true, bytes.concat(type(LedgerAnchor).creationCode, abi.encode(address(0)))
        );
    }

    function _assertWithinOnePercent(uint256 estimate, uint256 real, string memory what)
        internal
        pure
    {
        uint256 diff = estimate > real ? estimate - real : real - estimate;
        vm.assertLe(diff * 100, real, string.concat(what, ": estimate off by more than 1%"));
    }

    /// @dev EIP-2028 calldata gas of `data`.
    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }
}
