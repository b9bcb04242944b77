// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILedgerAnchor} from "./interfaces/ILedgerAnchor.sol";
import {IStatementRegistry} from "./interfaces/IStatementRegistry.sol";
import {VerifierSelectors} from "./libraries/VerifierSelectors.sol";

/// @title StatementRegistry
/// @notice Records statements proven against zkp-ledger's generated Groth16 verifiers, one
///         verifier per circuit id, and ties inclusion proofs to roots anchored in a
///         {LedgerAnchor} (see {IStatementRegistry}).
/// @dev A circuit's verifier, its number of public inputs L, its two entry-point selectors
///      (which depend on L: `verifyProof(uint256[8],uint256[L])`,
///      `verifyBatch(uint256[8][],uint256[L][])`), the inclusion and revoked flags and the
///      circuit's number (its registration order) are packed into one word per circuit, so
///      that a submission reads one slot for them, plus the verifier's registered code hash in
///      a second slot (a 256-bit hash does not fit beside the address, and a truncated one
///      could be matched by a verifier author who grinds two codes). A statement's record
///      holds its block and its circuit's number in the one slot it always took, so that
///      `statementStatus` names the circuit and its revocation at no cost to submissions.
///      The registry calls the verifier with a STATICCALL whose calldata it builds from the
///      stored selector, the proof words and the inputs (static arrays are encoded inline),
///      and passes the verifier's revert data through unchanged, so callers see the
///      verifier's own typed error. On top of the verifier's gas, a first-time `submit` costs
///      a cold circuit slot (2,100), a new statement slot (22,100), the code check (the code
///      hash's cold slot, 2,100, and a cold EXTCODEHASH, 2,600, which warms the verifier's
///      account so that its call costs 100 instead of 2,600: about 2,200 more than an
///      unchecked call), for inclusion circuits the anchor's `isAnchored` (about 5,000), and
///      the event (measured figures: BENCHMARKS.md). The address depends only on the
///      bytecode, `initialOwner` and the anchor (msg.sender is not used), so CREATE2 through
///      the deterministic deployer gives the same address on every chain.
contract StatementRegistry is IStatementRegistry {
    /// @notice The largest number of public inputs a registered verifier may have. (A verifier
    ///         with that many inputs would not fit the 24,576-byte code size limit anyway.)
    uint256 public constant MAX_PUBLIC_INPUTS = 1024;

    /// @notice The largest number of circuits the registry can hold (a statement record names
    ///         its circuit by its number, 1 to MAX_CIRCUITS, in 19 bits).
    uint256 public constant MAX_CIRCUITS = (1 << 19) - 1;

    /// @dev Layout of a circuit word: verifier in bits 0-159, the verifyProof selector in bits
    ///      160-191, the verifyBatch selector in bits 192-223, L in bits 224-234 (L is at most
    ///      MAX_PUBLIC_INPUTS < 2^11), the inclusion flag in bit 235, the revoked flag in bit
    ///      236, the circuit's number (1 to MAX_CIRCUITS) in bits 237-255. Zero means not
    ///      registered (a verifier is never address(0)).
    uint256 private constant VERIFY_SHIFT = 160;
    /// @dev See VERIFY_SHIFT.
    uint256 private constant BATCH_SHIFT = 192;
    /// @dev See VERIFY_SHIFT.
    uint256 private constant INPUTS_SHIFT = 224;
    /// @dev See VERIFY_SHIFT.
    uint256 private constant INPUTS_MASK = 0x7ff;
    /// @dev See VERIFY_SHIFT.
    uint256 private constant INCLUSION_FLAG = 1 << 235;
    /// @dev See VERIFY_SHIFT.
    uint256 private constant REVOKED_FLAG = 1 << 236;
    /// @dev See VERIFY_SHIFT.
    uint256 private constant NUMBER_SHIFT = 237;

    /// @dev Layout of a statement record: the block in which it was verified in bits 0-63, its
    ///      circuit's number in bits 64-82. Zero means never verified (blocks start at 1 for any
    ///      transaction).
    uint256 private constant RECORD_NUMBER_SHIFT = 64;
    /// @dev See RECORD_NUMBER_SHIFT.
    uint256 private constant BLOCK_MASK = 0xffffffffffffffff;

    /// @dev The LedgerAnchor inclusion roots must be anchored in.
    ILedgerAnchor private immutable _anchor;

    /// @dev The owner; never address(0).
    address private _owner;
    /// @dev Proposed owner awaiting `acceptOwnership`, or address(0).
    address private _pendingOwner;
    /// @dev Registered circuits, packed (see VERIFY_SHIFT).
    mapping(bytes32 circuitId => uint256 word) private _circuits;
    /// @dev Statement records, packed (see RECORD_NUMBER_SHIFT); 0 for never verified.
    mapping(bytes32 statementHash => uint256 record) private _statements;
    /// @dev Each registered circuit's verifier's EXTCODEHASH at registration.
    mapping(bytes32 circuitId => bytes32 codeHash) private _codeHashes;
    /// @dev The block in which each revoked circuit was revoked; 0 for not revoked.
    mapping(bytes32 circuitId => uint256 blockNumber) private _revokedAt;
    /// @dev Registered circuit ids in registration order: circuit number k is _circuitIds[k - 1].
    bytes32[] private _circuitIds;

    /// @notice Deploys with `initialOwner` as owner, no circuits, bound to `anchor_` for good.
    /// @dev Reverts with ZeroOwner or AnchorHasNoCode. Emits
    ///      {OwnershipTransferred}(address(0), initialOwner).
    /// @param initialOwner The owner; not msg.sender, which is the CREATE2 deployer proxy.
    /// @param anchor_ The LedgerAnchor whose roots inclusion statements must name.
    constructor(address initialOwner, ILedgerAnchor anchor_) {
        if (initialOwner == address(0)) revert ZeroOwner();
        if (address(anchor_).code.length == 0) revert AnchorHasNoCode({anchor: address(anchor_)});
        _owner = initialOwner;
        _anchor = anchor_;
        emit OwnershipTransferred({previousOwner: address(0), newOwner: initialOwner});
    }

    /// @dev Reverts with NotOwner unless msg.sender is the owner.
    modifier onlyOwner() {
        if (msg.sender != _owner) revert NotOwner({caller: msg.sender});
        _;
    }

    /// @inheritdoc IStatementRegistry
    function submit(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata inputs)
        external
        returns (bytes32 statementHash)
    {
        uint256 word = _circuits[circuitId];
        _checkCircuit(circuitId, word);
        uint256 numInputs = _numInputsOf(word);
        if (inputs.length != numInputs) {
            revert InputCountMismatch({
                circuitId: circuitId, expected: numInputs, given: inputs.length
            });
        }
        statementHash = _hashStatement(circuitId, inputs, 0, numInputs);
        _record(statementHash, word);
        bytes32 root;
        if (word & INCLUSION_FLAG != 0) {
            root = bytes32(inputs[0]);
            if (!_anchor.isAnchored(root)) revert RootNotAnchored({root: root});
        }
        _verifyProof(word, proof, inputs);
        emit StatementVerified({
            statementHash: statementHash, circuitId: circuitId, submitter: msg.sender, root: root
        });
    }

    /// @inheritdoc IStatementRegistry
    function submitBatch(bytes32 circuitId, uint256[8][] calldata proofs, uint256[] calldata inputs)
        external
        returns (bytes32[] memory statementHashes)
    {
        uint256 word = _circuits[circuitId];
        _checkCircuit(circuitId, word);
        uint256 n = proofs.length;
        if (n == 0) revert EmptyBatch();
        uint256 numInputs = _numInputsOf(word);
        // n * numInputs cannot overflow: both are bounded by the calldata's size.
        if (inputs.length != n * numInputs) {
            revert BatchInputCountMismatch({
                circuitId: circuitId, expected: n * numInputs, given: inputs.length
            });
        }
        bool inclusion = word & INCLUSION_FLAG != 0;
        statementHashes = new bytes32[](n);
        // The last root found anchored: a batch usually proves several leaves of one root.
        bytes32 anchoredRoot;
        for (uint256 i; i < n; ++i) {
            bytes32 statementHash = _hashStatement(circuitId, inputs, i * numInputs, numInputs);
            _record(statementHash, word);
            statementHashes[i] = statementHash;
            if (inclusion) {
                bytes32 root = bytes32(inputs[i * numInputs]);
                // The zero root is never anchored, so it never matches the initial value.
                if (root != anchoredRoot || root == bytes32(0)) {
                    if (!_anchor.isAnchored(root)) revert RootNotAnchored({root: root});
                    anchoredRoot = root;
                }
            }
        }
        _verifyBatch(word, proofs, inputs);
        for (uint256 i; i < n; ++i) {
            emit StatementVerified({
                statementHash: statementHashes[i],
                circuitId: circuitId,
                submitter: msg.sender,
                root: inclusion ? bytes32(inputs[i * numInputs]) : bytes32(0)
            });
        }
    }

    /// @inheritdoc IStatementRegistry
    function register(bytes32 circuitId, address verifier) external onlyOwner {
        _register(circuitId, verifier, false);
    }

    /// @inheritdoc IStatementRegistry
    function registerInclusion(bytes32 circuitId, address verifier) external onlyOwner {
        _register(circuitId, verifier, true);
    }

    /// @inheritdoc IStatementRegistry
    function revoke(bytes32 circuitId) external onlyOwner {
        uint256 word = _circuits[circuitId];
        if (word == 0) revert UnknownCircuit({circuitId: circuitId});
        if (word & REVOKED_FLAG != 0) {
            revert CircuitAlreadyRevoked({circuitId: circuitId, revokedAt: _revokedAtOf(circuitId)});
        }
        _circuits[circuitId] = word | REVOKED_FLAG;
        _revokedAt[circuitId] = block.number;
        emit CircuitRevoked({circuitId: circuitId, verifier: _verifierOf(word)});
    }

    /// @inheritdoc IStatementRegistry
    function transferOwnership(address newOwner) external onlyOwner {
        _pendingOwner = newOwner;
        emit OwnershipTransferStarted({previousOwner: msg.sender, newOwner: newOwner});
    }

    /// @inheritdoc IStatementRegistry
    function acceptOwnership() external {
        address pending = _pendingOwner;
        // The zero check keeps the owner nonzero even for a caller at address(0).
        if (msg.sender != pending || pending == address(0)) {
            revert NotPendingOwner({caller: msg.sender, pendingOwner: pending});
        }
        address previous = _owner;
        _owner = pending;
        delete _pendingOwner;
        emit OwnershipTransferred({previousOwner: previous, newOwner: pending});
    }

    /// @inheritdoc IStatementRegistry
    function verifiedAt(bytes32 statementHash) external view returns (uint64 blockNumber) {
        return _blockOf(_statements[statementHash]);
    }

    /// @inheritdoc IStatementRegistry
    function statementStatus(bytes32 statementHash)
        external
        view
        returns (uint64 verifiedAtBlock, bytes32 circuitId, uint64 revokedAtBlock)
    {
        uint256 record = _statements[statementHash];
        if (record == 0) return (0, bytes32(0), 0);
        verifiedAtBlock = _blockOf(record);
        circuitId = _circuitIds[(record >> RECORD_NUMBER_SHIFT) - 1];
        revokedAtBlock = _revokedAtOf(circuitId);
    }

    /// @inheritdoc IStatementRegistry
    function revokedAt(bytes32 circuitId) external view returns (uint64 blockNumber) {
        return _revokedAtOf(circuitId);
    }

    /// @inheritdoc IStatementRegistry
    function verifierCodeHash(bytes32 circuitId) external view returns (bytes32) {
        return _codeHashes[circuitId];
    }

    /// @inheritdoc IStatementRegistry
    function circuit(bytes32 circuitId)
        external
        view
        returns (address verifier, uint256 numInputs, bool inclusion)
    {
        uint256 word = _circuits[circuitId];
        return (_verifierOf(word), _numInputsOf(word), word & INCLUSION_FLAG != 0);
    }

    /// @inheritdoc IStatementRegistry
    function anchor() external view returns (address) {
        return address(_anchor);
    }

    /// @inheritdoc IStatementRegistry
    function owner() external view returns (address) {
        return _owner;
    }

    /// @inheritdoc IStatementRegistry
    function pendingOwner() external view returns (address) {
        return _pendingOwner;
    }

    /// @inheritdoc IStatementRegistry
    function statementHashOf(bytes32 circuitId, uint256[] calldata inputs)
        external
        pure
        returns (bytes32)
    {
        return _hashStatement(circuitId, inputs, 0, inputs.length);
    }

    /// @dev Checks `verifier` and stores it for `circuitId`; see `register` for the errors.
    function _register(bytes32 circuitId, address verifier, bool inclusion) private {
        if (verifier.code.length == 0) revert VerifierHasNoCode({verifier: verifier});
        bytes32 verifierCircuitId = bytes32(_readWord(verifier, "CIRCUIT_ID()"));
        uint256 numInputs = _readWord(verifier, "NUM_PUBLIC_INPUTS()");
        if (verifierCircuitId != circuitId) {
            revert CircuitIdMismatch({circuitId: circuitId, verifierCircuitId: verifierCircuitId});
        }
        if (numInputs == 0 || numInputs > MAX_PUBLIC_INPUTS) {
            revert UnsupportedInputCount({verifier: verifier, numInputs: numInputs});
        }
        uint256 existing = _circuits[circuitId];
        if (existing != 0) {
            revert CircuitAlreadyRegistered({circuitId: circuitId, verifier: _verifierOf(existing)});
        }
        uint256 number = _circuitIds.length + 1;
        if (number > MAX_CIRCUITS) revert CircuitLimitReached({maxCircuits: MAX_CIRCUITS});
        uint256 word = uint256(uint160(verifier))
            | (uint256(uint32(VerifierSelectors.verifyProof(numInputs))) << VERIFY_SHIFT)
            | (uint256(uint32(VerifierSelectors.verifyBatch(numInputs))) << BATCH_SHIFT)
            | (numInputs << INPUTS_SHIFT) | (number << NUMBER_SHIFT);
        if (inclusion) word |= INCLUSION_FLAG;
        _circuits[circuitId] = word;
        _codeHashes[circuitId] = verifier.codehash;
        _circuitIds.push(circuitId);
        emit CircuitRegistered({
            circuitId: circuitId, verifier: verifier, numInputs: numInputs, inclusion: inclusion
        });
    }

    /// @dev Reverts with UnknownCircuit, RevokedCircuit or VerifierCodeChanged unless the
    ///      circuit in `word` is registered, not revoked, and its verifier has the code it was
    ///      registered with.
    function _checkCircuit(bytes32 circuitId, uint256 word) private view {
        if (word == 0) revert UnknownCircuit({circuitId: circuitId});
        if (word & REVOKED_FLAG != 0) {
            revert RevokedCircuit({circuitId: circuitId, revokedAt: _revokedAtOf(circuitId)});
        }
        address verifier = _verifierOf(word);
        bytes32 registered = _codeHashes[circuitId];
        bytes32 current = verifier.codehash;
        if (current != registered) {
            revert VerifierCodeChanged({
                circuitId: circuitId,
                verifier: verifier,
                registeredCodeHash: registered,
                currentCodeHash: current
            });
        }
    }

    /// @dev Records `statementHash` as verified in this block under the circuit in `word`;
    ///      reverts with StatementAlreadyVerified if it already was. Called before the
    ///      verifier: if the proof fails, the whole call reverts, the record with it.
    function _record(bytes32 statementHash, uint256 word) private {
        uint256 existing = _statements[statementHash];
        if (existing != 0) {
            revert StatementAlreadyVerified({
                statementHash: statementHash, blockNumber: _blockOf(existing)
            });
        }
        _statements[statementHash] = block.number | ((word >> NUMBER_SHIFT) << RECORD_NUMBER_SHIFT);
    }

    /// @dev Calls `verifyProof(uint256[8],uint256[L])` of the circuit in `word` with `proof` and
    ///      `inputs` (whose length the caller checked), bubbling up any revert unchanged.
    function _verifyProof(uint256 word, uint256[8] calldata proof, uint256[] calldata inputs)
        private
        view
    {
        address verifier = _verifierOf(word);
        uint256 selector = (word >> VERIFY_SHIFT) & 0xffffffff;
        assembly ("memory-safe") {
            // selector (4 bytes) | proof (8 words) | inputs (L words), past the free pointer.
            let ptr := mload(0x40)
            mstore(ptr, shl(224, selector))
            calldatacopy(add(ptr, 0x04), proof, 0x100)
            let inputBytes := shl(5, inputs.length)
            calldatacopy(add(ptr, 0x104), inputs.offset, inputBytes)
            if iszero(staticcall(gas(), verifier, ptr, add(0x104, inputBytes), 0, 0)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
        }
    }

    /// @dev Calls `verifyBatch(uint256[8][],uint256[L][])` of the circuit in `word`, bubbling up
    ///      any revert unchanged. ABI: two dynamic arrays of static elements, i.e. two offsets,
    ///      then each array as its length followed by its elements inline.
    function _verifyBatch(uint256 word, uint256[8][] calldata proofs, uint256[] calldata inputs)
        private
        view
    {
        address verifier = _verifierOf(word);
        uint256 selector = (word >> BATCH_SHIFT) & 0xffffffff;
        assembly ("memory-safe") {
            let n := proofs.length
            let proofBytes := shl(8, n)
            let inputBytes := shl(5, inputs.length)
            let ptr := mload(0x40)
            mstore(ptr, shl(224, selector))
            // Offsets of the two arrays, from the start of the arguments (ptr + 4).
            mstore(add(ptr, 0x04), 0x40)
            mstore(add(ptr, 0x24), add(0x60, proofBytes))
            mstore(add(ptr, 0x44), n)
            calldatacopy(add(ptr, 0x64), proofs.offset, proofBytes)
            let q := add(add(ptr, 0x64), proofBytes)
            mstore(q, n)
            calldatacopy(add(q, 0x20), inputs.offset, inputBytes)
            let size := add(0x84, add(proofBytes, inputBytes))
            if iszero(staticcall(gas(), verifier, ptr, size, 0, 0)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
        }
    }

    /// @dev keccak256(circuitId ‖ inputs[start] ‖ … ‖ inputs[start + count - 1]); the
    /// caller
    ///      keeps start + count within inputs.length.
    function _hashStatement(
        bytes32 circuitId,
        uint256[] calldata inputs,
        uint256 start,
        uint256 count
    ) private pure returns (bytes32 statementHash) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, circuitId)
            let inputBytes := shl(5, count)
            calldatacopy(add(ptr, 0x20), add(inputs.offset, shl(5, start)), inputBytes)
            statementHash := keccak256(ptr, add(0x20, inputBytes))
        }
    }

    /// @dev Calls the view function `signature` of `target`, which takes no arguments, and
    ///      returns its one-word result; reverts with NotAVerifier unless it returns one word.
    function _readWord(address target, string memory signature)
        private
        view
        returns (uint256 result)
    {
        (bool ok, bytes memory data) = target.staticcall(abi.encodeWithSignature(signature));
        if (!ok || data.length != 32) revert NotAVerifier({verifier: target});
        result = abi.decode(data, (uint256));
    }

    /// @dev The verifier in a circuit word.
    function _verifierOf(uint256 word) private pure returns (address) {
        // The verifier is the low 160 bits: truncation is the intent.
        // forge-lint: disable-next-line(unsafe-typecast)
        return address(uint160(word));
    }

    /// @dev The number of public inputs in a circuit word.
    function _numInputsOf(uint256 word) private pure returns (uint256) {
        return (word >> INPUTS_SHIFT) & INPUTS_MASK;
    }

    /// @dev The block number in a statement record.
    function _blockOf(uint256 record) private pure returns (uint64) {
        // The low 64 bits: truncation is the intent (block numbers stay far below 2^64).
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(record & BLOCK_MASK);
    }

    /// @dev The block in which `circuitId` was revoked, or 0.
    function _revokedAtOf(bytes32 circuitId) private view returns (uint64) {
        // Block numbers stay far below 2^64.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(_revokedAt[circuitId]);
    }
}
