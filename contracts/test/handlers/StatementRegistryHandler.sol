// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../../src/LedgerAnchor.sol";
import {StatementRegistry} from "../../src/StatementRegistry.sol";
import {IStatementRegistryErrors as E} from "../../src/interfaces/IStatementRegistryErrors.sol";
import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {TestBase} from "../utils/TestBase.sol";
import {GasL4Fixture} from "../verifiers/fixtures/GasL4Fixture.sol";
import {InclusionFixture} from "../verifiers/fixtures/InclusionFixture.sol";
import {GasL4Verifier} from "../verifiers/generated/GasL4Verifier.sol";

/// @title StatementRegistryHandler
/// @notice Drives a StatementRegistry for the invariant suite with real proofs: inclusion
///         submissions (valid, duplicated, with a changed leaf, with another statement's proof;
///         before and after the root is anchored; before and after the circuit is registered),
///         inclusion batches (duplicates inside included), submissions to a generic 4-input
///         circuit, registrations (right, wrong id, repeated, by strangers), revocations
///         (rarely by the owner, repeated, of unregistered circuits, by strangers), anchors and
///         block advances, from random actors. Before every registry call it predicts the outcome
/// from its own model, the exact revert data included, and counts every disagreement. The
///         handler itself never reverts.
contract StatementRegistryHandler is TestBase {
    /// @dev The BN254 scalar field modulus r.
    uint256 internal constant R =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;
    /// @dev The fixture's 32 inclusion proofs prove 16 distinct statements (i and i + 16).
    uint256 internal constant DISTINCT = 16;

    bytes32 public constant INCLUSION_ID = InclusionFixture.CIRCUIT_ID;
    bytes32 public constant L4_ID = GasL4Fixture.CIRCUIT_ID;

    StatementRegistry public immutable registry;
    LedgerAnchor public immutable ledger;
    InclusionVerifier public immutable inclusionVerifier;
    GasL4Verifier public immutable l4Verifier;
    address internal immutable owner;
    address internal immutable ledgerSubmitter;
    address[] internal actors;

    /// @dev The fixture proofs, copied once.
    uint256[8][32] internal inclusionProofs;
    uint256[2][32] internal inclusionInputs;
    uint256[8][2] internal l4Proofs;
    uint256[4][2] internal l4Inputs;

    // ---- model
    mapping(bytes32 circuitId => address verifier) public modelVerifier;
    mapping(bytes32 circuitId => uint256 blockNumber) public modelRevokedAt;
    mapping(bytes32 statementHash => uint256 blockNumber) public modelVerifiedAt;
    /// @dev For each recorded statement: its circuit and, for inclusion, its root.
    mapping(bytes32 statementHash => bytes32 circuitId) public circuitOf;
    mapping(bytes32 statementHash => bytes32 root) public rootOf;
    /// @dev Every statement hash ever submitted, recorded or not, and those recorded.
    bytes32[] internal attempted;
    mapping(bytes32 statementHash => bool seen) internal wasAttempted;
    bytes32[] internal recorded;

    // ---- violations, all expected to stay zero
    /// @dev Calls whose success or revert data differed from the model's prediction.
    uint256 public mismatches;

    // ---- metrics
    uint256 public accepted;
    uint256 public rejected;
    uint256 public revocations;

    constructor(
        StatementRegistry registry_,
        LedgerAnchor ledger_,
        InclusionVerifier inclusionVerifier_,
        GasL4Verifier l4Verifier_,
        address owner_,
        address ledgerSubmitter_,
        address[] memory actors_
    ) {
        registry = registry_;
        ledger = ledger_;
        inclusionVerifier = inclusionVerifier_;
        l4Verifier = l4Verifier_;
        owner = owner_;
        ledgerSubmitter = ledgerSubmitter_;
        actors = actors_;
        (uint256[8][] memory p, uint256[2][] memory x) = InclusionFixture.load();
        for (uint256 i; i < 32; ++i) {
            inclusionProofs[i] = p[i];
            inclusionInputs[i] = x[i];
        }
        (uint256[8][] memory p4, uint256[4][] memory x4) = GasL4Fixture.load();
        for (uint256 i; i < 2; ++i) {
            l4Proofs[i] = p4[i];
            l4Inputs[i] = x4[i];
        }
    }

    // ------------------------------------------------------------------ actions

    /// @notice Submits inclusion proof i as is (half the time), with its leaf changed, or with
    ///         the proof of another statement.
    function submitInclusion(uint256 actorSeed, uint256 proofSeed, uint256 mutation) external {
        uint256 i = proofSeed % 32;
        uint256[8] memory p = inclusionProofs[i];
        uint256[] memory x = new uint256[](2);
        (x[0], x[1]) = (inclusionInputs[i][0], inclusionInputs[i][1]);
        bool valid = true;
        mutation %= 4;
        if (mutation == 2) {
            x[1] = addmod(x[1], 1 + (proofSeed >> 8) % 1000, R);
            valid = false;
        } else if (mutation == 3) {
            p = inclusionProofs[(i + 1 + (proofSeed >> 8) % 15) % 32];
            valid = false;
        }
        bytes32 h = _hash(INCLUSION_ID, x);
        _attempt(h);

        bytes memory expected;
        if (modelVerifier[INCLUSION_ID] == address(0)) {
            expected = abi.encodeWithSelector(E.UnknownCircuit.selector, INCLUSION_ID);
        } else if (modelRevokedAt[INCLUSION_ID] != 0) {
            expected = _revoked(INCLUSION_ID);
        } else if (modelVerifiedAt[h] != 0) {
            expected = _duplicate(h, modelVerifiedAt[h]);
        } else if (!ledger.isAnchored(bytes32(x[0]))) {
            expected = abi.encodeWithSelector(E.RootNotAnchored.selector, bytes32(x[0]));
        } else if (!valid) {
            expected = abi.encodeWithSelector(InclusionVerifier.ProofInvalid.selector);
        }
        _call(
            _actor(actorSeed),
            abi.encodeCall(StatementRegistry.submit, (INCLUSION_ID, p, x)),
            expected,
            _one(h),
            true
        );
    }

    /// @notice Submits a batch of 1 to 6 inclusion proofs picked at random (the same statement
    ///         may occur twice), sometimes with two proofs swapped.
    function submitInclusionBatch(uint256 actorSeed, uint256 seed, uint256 size) external {
        uint256 n = 1 + size % 6;
        uint256[8][] memory proofs = new uint256[8][](n);
        uint256[] memory flat = new uint256[](2 * n);
        bytes32[] memory hashes = new bytes32[](n);
        for (uint256 k; k < n; ++k) {
            uint256 i = uint256(keccak256(abi.encode(seed, k))) % 32;
            proofs[k] = inclusionProofs[i];
            (flat[2 * k], flat[2 * k + 1]) = (inclusionInputs[i][0], inclusionInputs[i][1]);
            uint256[] memory x = new uint256[](2);
            (x[0], x[1]) = (flat[2 * k], flat[2 * k + 1]);
            hashes[k] = _hash(INCLUSION_ID, x);
            _attempt(hashes[k]);
        }
        bool valid = true;
        if (n > 1 && seed % 5 == 0 && hashes[0] != hashes[1]) {
            (proofs[0], proofs[1]) = (proofs[1], proofs[0]);
            valid = false;
        }

        bytes memory expected;
        if (modelVerifier[INCLUSION_ID] == address(0)) {
            expected = abi.encodeWithSelector(E.UnknownCircuit.selector, INCLUSION_ID);
        } else if (modelRevokedAt[INCLUSION_ID] != 0) {
            expected = _revoked(INCLUSION_ID);
        } else {
            for (uint256 k; k < n && expected.length == 0; ++k) {
                if (modelVerifiedAt[hashes[k]] != 0) {
                    expected = _duplicate(hashes[k], modelVerifiedAt[hashes[k]]);
                } else if (_earlier(hashes, k)) {
                    expected = _duplicate(hashes[k], block.number);
                } else if (!ledger.isAnchored(bytes32(flat[2 * k]))) {
                    expected = abi.encodeWithSelector(E.RootNotAnchored.selector, flat[2 * k]);
                }
            }
            if (expected.length == 0 && !valid) {
                expected = abi.encodeWithSelector(InclusionVerifier.ProofInvalid.selector);
            }
        }
        _call(
            _actor(actorSeed),
            abi.encodeCall(StatementRegistry.submitBatch, (INCLUSION_ID, proofs, flat)),
            expected,
            hashes,
            true
        );
    }

    /// @notice Submits one of the 4-input circuit's two proofs, or a changed input.
    function submitGeneric(uint256 actorSeed, uint256 seed) external {
        uint256 i = seed % 2;
        uint256[] memory x = new uint256[](4);
        for (uint256 j; j < 4; ++j) {
            x[j] = l4Inputs[i][j];
        }
        bool valid = (seed >> 1) % 3 != 0;
        if (!valid) x[(seed >> 3) % 4] = addmod(x[(seed >> 3) % 4], 1, R);
        bytes32 h = _hash(L4_ID, x);
        _attempt(h);

        bytes memory expected;
        if (modelVerifier[L4_ID] == address(0)) {
            expected = abi.encodeWithSelector(E.UnknownCircuit.selector, L4_ID);
        } else if (modelRevokedAt[L4_ID] != 0) {
            expected = _revoked(L4_ID);
        } else if (modelVerifiedAt[h] != 0) {
            expected = _duplicate(h, modelVerifiedAt[h]);
        } else if (!valid) {
            expected = abi.encodeWithSelector(GasL4Verifier.ProofInvalid.selector);
        }
        _call(
            _actor(actorSeed),
            abi.encodeCall(StatementRegistry.submit, (L4_ID, l4Proofs[i], x)),
            expected,
            _one(h),
            false
        );
    }

    /// @notice Registers the inclusion circuit, the 4-input circuit, or the 4-input id with the
    ///         inclusion verifier (a mismatch), from the owner (usually) or anyone.
    function register(uint256 actorSeed, uint256 which) external {
        address caller = actorSeed % 3 == 0 ? _actor(actorSeed >> 2) : owner;
        which %= 3;
        bytes32 id = which == 1 ? L4_ID : INCLUSION_ID;
        address verifier = which == 0 ? address(inclusionVerifier) : address(l4Verifier);
        bool inclusion = which == 0;
        if (which == 2) {
            id = L4_ID;
            verifier = address(inclusionVerifier);
        }
        bytes memory expected;
        if (caller != owner) {
            expected = abi.encodeWithSelector(E.NotOwner.selector, caller);
        } else if (which == 2) {
            expected = abi.encodeWithSelector(E.CircuitIdMismatch.selector, L4_ID, INCLUSION_ID);
        } else if (modelVerifier[id] != address(0)) {
            expected =
                abi.encodeWithSelector(E.CircuitAlreadyRegistered.selector, id, modelVerifier[id]);
        }
        bytes memory data = inclusion
            ? abi.encodeCall(StatementRegistry.registerInclusion, (id, verifier))
            : abi.encodeCall(StatementRegistry.register, (id, verifier));
        vm.prank(caller);
        (bool ok, bytes memory ret) = address(registry).call(data);
        _compare(ok, ret, expected);
        if (ok && expected.length == 0) modelVerifier[id] = verifier;
    }

    /// @notice Revokes the inclusion or the 4-input circuit: by the owner one time in 16 (a
    ///         revocation ends that circuit's submissions for the rest of the run), otherwise
    ///         by another actor.
    function revoke(uint256 actorSeed, uint256 which) external {
        address caller = actorSeed % 16 == 0 ? owner : _actor(1 + (actorSeed >> 4) % 3);
        bytes32 id = which % 2 == 0 ? INCLUSION_ID : L4_ID;
        bytes memory expected;
        if (caller != owner) {
            expected = abi.encodeWithSelector(E.NotOwner.selector, caller);
        } else if (modelVerifier[id] == address(0)) {
            expected = abi.encodeWithSelector(E.UnknownCircuit.selector, id);
        } else if (modelRevokedAt[id] != 0) {
            // Block numbers stay far below 2^64.
            // forge-lint: disable-next-line(unsafe-typecast)
            uint64 at = uint64(modelRevokedAt[id]);
            expected = abi.encodeWithSelector(E.CircuitAlreadyRevoked.selector, id, at);
        }
        vm.prank(caller);
        (bool ok, bytes memory ret) =
            address(registry).call(abi.encodeCall(StatementRegistry.revoke, (id)));
        _compare(ok, ret, expected);
        if (ok && expected.length == 0) {
            modelRevokedAt[id] = block.number;
            ++revocations;
        }
    }

    /// @notice Anchors the fixture root (often) or another root, as the ledger's submitter.
    function anchor(uint256 seed) external {
        bytes32 root = seed % 2 == 0
            ? bytes32(inclusionInputs[0][0])
            : bytes32(1 + uint256(keccak256(abi.encode(seed))) % (R - 1));
        if (ledger.isAnchored(root)) return;
        bytes32 head = ledger.head();
        vm.prank(ledgerSubmitter);
        ledger.anchor(root, 48, head);
    }

    /// @notice Moves to a later block.
    function advance(uint256 blocks) external {
        vm.roll(block.number + 1 + blocks % 100);
    }

    // ------------------------------------------------------------------ views for invariants

    function attemptedCount() external view returns (uint256) {
        return attempted.length;
    }

    function attemptedAt(uint256 i) external view returns (bytes32) {
        return attempted[i];
    }

    function recordedCount() external view returns (uint256) {
        return recorded.length;
    }

    function recordedAt(uint256 i) external view returns (bytes32) {
        return recorded[i];
    }

    // ------------------------------------------------------------------ internals

    /// @dev Makes the call as `caller`, compares the outcome with `expected` (empty: success)
    ///      and, on success, records `hashes` in the model.
    function _call(
        address caller,
        bytes memory data,
        bytes memory expected,
        bytes32[] memory hashes,
        bool inclusion
    ) internal {
        vm.prank(caller);
        (bool ok, bytes memory ret) = address(registry).call(data);
        _compare(ok, ret, expected);
        if (!ok) {
            ++rejected;
            return;
        }
        ++accepted;
        for (uint256 k; k < hashes.length; ++k) {
            if (modelVerifiedAt[hashes[k]] != 0) continue;
            modelVerifiedAt[hashes[k]] = block.number;
            recorded.push(hashes[k]);
            circuitOf[hashes[k]] = inclusion ? INCLUSION_ID : L4_ID;
            if (inclusion) rootOf[hashes[k]] = bytes32(inclusionInputs[0][0]);
        }
    }

    function _compare(bool ok, bytes memory ret, bytes memory expected) internal {
        if (ok != (expected.length == 0) || (!ok && keccak256(ret) != keccak256(expected))) {
            ++mismatches;
        }
    }

    function _attempt(bytes32 h) internal {
        if (!wasAttempted[h]) {
            wasAttempted[h] = true;
            attempted.push(h);
        }
    }

    function _revoked(bytes32 id) internal view returns (bytes memory) {
        // Block numbers stay far below 2^64.
        // forge-lint: disable-next-line(unsafe-typecast)
        return abi.encodeWithSelector(E.RevokedCircuit.selector, id, uint64(modelRevokedAt[id]));
    }

    function _duplicate(bytes32 h, uint256 blockNumber) internal pure returns (bytes memory) {
        // Block numbers stay far below 2^64.
        // forge-lint: disable-next-line(unsafe-typecast)
        return abi.encodeWithSelector(E.StatementAlreadyVerified.selector, h, uint64(blockNumber));
    }

    /// @dev Whether hashes[k] occurs before position k.
    function _earlier(bytes32[] memory hashes, uint256 k) internal pure returns (bool) {
        for (uint256 m; m < k; ++m) {
            if (hashes[m] == hashes[k]) return true;
        }
        return false;
    }

    function _one(bytes32 h) internal pure returns (bytes32[] memory a) {
        a = new bytes32[](1);
        a[0] = h;
    }

    function _hash(bytes32 circuitId, uint256[] memory x) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(circuitId, x));
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }
}
