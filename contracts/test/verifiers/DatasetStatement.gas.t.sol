// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {DatasetChunkFixture} from "./fixtures/DatasetChunkFixture.sol";
import {DatasetFinalFixture} from "./fixtures/DatasetFinalFixture.sol";
import {DatasetChunkVerifier} from "./generated/DatasetChunkVerifier.sol";
import {DatasetFinalVerifier} from "./generated/DatasetFinalVerifier.sol";

/// @title DatasetStatementGasTest
/// @notice On-chain gas of a whole dataset statement (docs/datasets-at-scale.md, "On chain"),
///         on the real proofs of circuits/fixtures/dataset-chunk: verifyBatch of n chunk proofs
///         (2 commitments, 35 inputs each; the fixture's 3 proofs repeated to n) with the
///         generated 2-commitment verifier, and verifyProof of the final proof (24 inputs) with
///         the plain generated verifier. Execution gas is the call's own (vm.lastCallGas: no
///         21,000 base, no calldata); calldata gas is counted here from the ABI encoding at 16
///         per nonzero and 4 per zero byte. Budgets: chunk verifyProof at most 1.06 x its
///         precompile floor, final verifyProof 1.05 x; verifyBatch at most 20,000 + 15,000 n
///         above its floor (a chunk proof's 21 precompile calls, its 35 inputs' scalar sums and
///         the hashing of its 51 words cost about 13,000 beyond their prices). Figures
///         (BENCHMARKS.md):
///         forge test --match-contract DatasetStatementGasTest -vv
contract DatasetStatementGasTest is TestBase {
    /// @dev EIP-1108 precompile prices, and SHA-256's (60 + 12 per word).
    uint256 internal constant EC_ADD = 150;
    uint256 internal constant EC_MUL = 6000;
    uint256 internal constant PAIRING_BASE = 45_000;
    uint256 internal constant PAIRING_PAIR = 34_000;
    uint256 internal constant SHA256_BASE = 60;
    uint256 internal constant SHA256_WORD = 12;

    /// @dev Chunk proof shape: inputs and commitments.
    uint256 internal constant L = 35;
    uint256 internal constant K = 2;

    /// @dev verifyBatch's budget above its precompile floor: fixed, and per chunk proof.
    uint256 internal constant BATCH_FIXED_BUDGET = 20_000;
    uint256 internal constant BATCH_PROOF_BUDGET = 15_000;

    DatasetChunkVerifier internal chunk;
    DatasetFinalVerifier internal fin;

    /// @dev Deployed here so that the .gas-snapshot entries of the tests leave deployment out.
    function setUp() public {
        chunk = new DatasetChunkVerifier();
        fin = new DatasetFinalVerifier();
    }

    /// @dev The three chunk proofs repeated to n.
    function _batch(uint256 n)
        internal
        pure
        returns (uint256[16][] memory proofs, uint256[35][] memory inputs)
    {
        (uint256[16][] memory ps, uint256[35][] memory xs) = DatasetChunkFixture.load();
        proofs = new uint256[16][](n);
        inputs = new uint256[35][](n);
        for (uint256 i; i < n; i++) {
            (proofs[i], inputs[i]) = (ps[i % 3], xs[i % 3]);
        }
    }

    /// @dev Calldata gas of `data` (EIP-2028): 16 per nonzero byte, 4 per zero byte.
    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; i++) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }

    /// @dev SHA-256 of one challenge: 148 bytes (5 words), then twice 50 bytes (2 words).
    function _xmd() internal pure returns (uint256) {
        return 3 * SHA256_BASE + 9 * SHA256_WORD;
    }

    /// @dev A batch of n chunk proofs: n + 3 + K pairs; ecMul w A, w C and per commitment
    ///      w rho^j D, w D, w rho^j P (2 + 3K per proof), sum w alpha and the L + K + 1 IC terms;
    ///      ecAdd 1 + 3K per proof and L + K + 1 for vk_x; SHA-256 K challenges per proof.
    function _batchFloor(uint256 n) internal pure returns (uint256) {
        return PAIRING_BASE + (n + 3 + K) * PAIRING_PAIR + ((2 + 3 * K) * n + L + K + 2) * EC_MUL
            + ((1 + 3 * K) * n + L + K + 1) * EC_ADD + n * K * _xmd();
    }

    /// @dev verifyBatch of n chunk proofs: execution gas (checked against the floor) and
    ///      calldata gas, logged.
    function _chunkBatch(uint256 n) internal returns (uint256 used, uint256 data) {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(n);
        chunk.verifyBatch(proofs, inputs);
        used = vm.lastCallGas().gasTotalUsed;
        data = _calldataGas(abi.encodeCall(DatasetChunkVerifier.verifyBatch, (proofs, inputs)));
        uint256 floor = _batchFloor(n);
        emit log_named_uint("chunk proofs n", n);
        emit log_named_uint("  verifyBatch execution gas", used);
        emit log_named_uint("  precompile floor", floor);
        emit log_named_uint("  calldata gas", data);
        emit log_named_uint("  execution gas per chunk", used / n);
        vm.assertLe(used, floor + BATCH_FIXED_BUDGET + n * BATCH_PROOF_BUDGET, "verifyBatch budget");
    }

    /// @dev The final proof with the plain verifier: 4 pairs, an ecMul and an ecAdd per nonzero
    ///      input, the ecAdd of IC0.
    function _final() internal returns (uint256 used, uint256 data) {
        (uint256[8][] memory ps, uint256[24][] memory xs) = DatasetFinalFixture.load();
        fin.verifyProof(ps[0], xs[0]);
        used = vm.lastCallGas().gasTotalUsed;
        data = _calldataGas(abi.encodeCall(DatasetFinalVerifier.verifyProof, (ps[0], xs[0])));
        uint256 nonzero;
        for (uint256 j; j < 24; j++) {
            if (xs[0][j] != 0) nonzero++;
        }
        uint256 floor = PAIRING_BASE + 4 * PAIRING_PAIR + nonzero * EC_MUL + (nonzero + 1) * EC_ADD;
        emit log_named_uint("final verifyProof execution gas", used);
        emit log_named_uint("  precompile floor", floor);
        emit log_named_uint("  calldata gas", data);
        vm.assertLe(used * 100, floor * 105, "final verifyProof over 1.05 x its floor");
    }

    /// @notice One chunk proof alone: verifyProof (4 + K = 6 pairs; ecMul for the L inputs, the
    ///         K challenges and every rho^j D_j and rho^j P_j; ecAdd for IC0, the L inputs, the
    ///         K challenges and 2K - 1 in the fold; SHA-256 for the K challenges).
    function test_Gas_ChunkVerifyProof() public {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(1);
        chunk.verifyProof(proofs[0], inputs[0]);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        uint256 floor = PAIRING_BASE + (4 + K) * PAIRING_PAIR + (L + 3 * K) * EC_MUL + (L + 3 * K)
            * EC_ADD + K * _xmd();
        emit log_named_uint("chunk verifyProof execution gas", used);
        emit log_named_uint("  precompile floor", floor);
        vm.assertLe(used * 100, floor * 106, "chunk verifyProof over 1.06 x its floor");
    }

    function test_Gas_FinalVerifyProof() public {
        _final();
    }

    /// @notice The whole statement for n = 1, 2, 4, 8 chunks (verifyBatch, then the final
    ///         proof), the marginal gas of a chunk, and the batch below n verifyProof calls.
    function test_Gas_WholeStatement() public {
        (uint256 finalGas, uint256 finalData) = _final();
        uint256[4] memory ns = [uint256(1), 2, 4, 8];
        uint256[4] memory used;
        uint256[4] memory data;
        for (uint256 t; t < 4; t++) {
            (used[t], data[t]) = _chunkBatch(ns[t]);
            emit log_named_uint("  whole statement execution gas", used[t] + finalGas);
            emit log_named_uint("  whole statement calldata gas", data[t] + finalData);
        }
        uint256 marginal = (used[3] - used[2]) / 4;
        uint256 marginalData = (data[3] - data[2]) / 4;
        emit log_named_uint("marginal execution gas per chunk (n = 4 -> 8)", marginal);
        emit log_named_uint("marginal calldata gas per chunk (n = 4 -> 8)", marginalData);
        emit log_named_uint(
            "verifyBatch fixed part (n = 8 minus 8 marginals)", used[3] - 8 * marginal
        );
        // A chunk in a batch costs less than a verifyProof of it alone.
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(1);
        chunk.verifyProof(proofs[0], inputs[0]);
        vm.assertTrue(marginal < vm.lastCallGas().gasTotalUsed, "batching saves nothing");
    }

    /// @notice A batch of 32 chunk proofs: checks the model of BENCHMARKS.md (fixed part plus
    ///         marginal per chunk plus the memory's quadratic term) at a larger n.
    function test_Gas_ChunkBatch_32() public {
        _chunkBatch(32);
    }
}
