// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILedgerAnchor} from "./interfaces/ILedgerAnchor.sol";

/// @title LedgerAnchor
/// @notice Anchors batch Merkle roots of zkp-ledger entries in an append-only hash chain (see
///         {ILedgerAnchor} for the head formula). An owner manages submitters and can pause.
/// @dev Built so that one `anchor` transaction costs at most 60,000 gas, base cost and calldata
///      included (figures: BENCHMARKS.md, LedgerAnchor gas). An anchor touches four slots:
///        _state (slot 0)         owner | paused | nextSeq              read, rewritten
///        _maskedHead (slot 1)    head XOR HEAD_MASK                    read, rewritten
///        _submitters[msg.sender] authorised flag                       read
///        _records[root]          count | blockNumber | timestamp | seq read (zero), written
///      The head is stored masked so that its slot is nonzero from the constructor on; otherwise
///      the first anchor would pay 20,000 gas instead of 2,900 to set it. The deployed address
///      depends only on the bytecode and `initialOwner` (msg.sender is not used), so CREATE2
///      through the deterministic deployer gives the same address on every chain.
contract LedgerAnchor is ILedgerAnchor {
    /// @notice The BN254 scalar field modulus r, roots' exclusive upper bound: r =
    ///         21888242871839275222246405745257275088548364400416034343698204186575808495617.
    uint256 public constant SNARK_SCALAR_FIELD =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @dev XORed into the stored head so that the head slot is never zero (short of a keccak256
    ///      output equal to this constant).
    bytes32 private constant HEAD_MASK = keccak256("zkp-ledger.LedgerAnchor.head-mask");

    /// @dev `_state` holds the owner in bits 0-159, the paused flag in bit 160 and nextSeq in bits
    ///      192-255.
    uint256 private constant OWNER_MASK = (1 << 160) - 1;
    /// @dev The paused flag in `_state`.
    uint256 private constant PAUSED_FLAG = 1 << 160;
    /// @dev Bit offset of nextSeq in `_state` and of seq in a packed record.
    uint256 private constant SEQ_SHIFT = 192;
    /// @dev Adding it to `_state` increments nextSeq.
    uint256 private constant SEQ_ONE = 1 << 192;
    /// @dev Bit offset of blockNumber in a packed record (count is in bits 0-63).
    uint256 private constant BLOCK_SHIFT = 64;
    /// @dev Bit offset of timestamp in a packed record.
    uint256 private constant TIME_SHIFT = 128;

    /// @dev One anchored root's {AnchorRecord} packed into one word: count in bits 0-63,
    ///      blockNumber in bits 64-127, timestamp in bits 128-191, seq in bits 192-255. Zero means
    ///      not anchored, since an anchored root's count is nonzero. A struct so that `anchor` can
    ///      hold a storage pointer and hash the mapping key once.
    struct PackedRecord {
        uint256 word;
    }

    /// @dev Owner, paused flag and nextSeq in one word, so that `anchor` reads and writes one
    ///      slot for them. The owner is never address(0), so the slot is never zero.
    uint256 private _state;
    /// @dev Current head XOR HEAD_MASK.
    bytes32 private _maskedHead;
    /// @dev Proposed owner awaiting `acceptOwnership`, or address(0).
    address private _pendingOwner;
    /// @dev Authorised submitters.
    mapping(address account => bool authorised) private _submitters;
    /// @dev Records of anchored roots.
    mapping(bytes32 root => PackedRecord record) private _records;

    /// @notice Deploys with `initialOwner` as owner, no submitters, not paused, head bytes32(0).
    /// @dev Reverts with ZeroOwner when `initialOwner` is address(0). Emits
    ///      {OwnershipTransferred}(address(0), initialOwner).
    /// @param initialOwner The owner; not msg.sender, which is the CREATE2 deployer proxy.
    constructor(address initialOwner) {
        if (initialOwner == address(0)) revert ZeroOwner();
        _state = uint160(initialOwner);
        _maskedHead = HEAD_MASK;
        emit OwnershipTransferred({previousOwner: address(0), newOwner: initialOwner});
    }

    /// @dev Reverts with NotOwner unless msg.sender is the owner.
    modifier onlyOwner() {
        _checkOwner();
        _;
    }

    /// @inheritdoc ILedgerAnchor
    function anchor(bytes32 root, uint64 count, bytes32 prev) external {
        if (!_submitters[msg.sender]) revert NotSubmitter({caller: msg.sender});
        uint256 state = _state;
        if (state & PAUSED_FLAG != 0) revert AnchoringPaused();
        if (root == bytes32(0)) revert ZeroRoot();
        if (uint256(root) >= SNARK_SCALAR_FIELD) revert RootNotInField({root: root});
        if (count == 0) revert ZeroCount();
        PackedRecord storage record = _records[root];
        uint256 existing = record.word;
        if (existing != 0) revert RootAlreadyAnchored({root: root, seq: _seqOf(existing)});
        bytes32 current = _maskedHead ^ HEAD_MASK;
        if (prev != current) revert StaleHead({expected: current, given: prev});

        uint256 seq = state >> SEQ_SHIFT;
        bytes32 newHead;
        bytes32 topic = Anchored.selector;
        // Same as `newHead = keccak256(abi.encode(current, root, count, seq));` followed by
        // `emit Anchored(root, uint64(seq), count, current, newHead);`, but both encode into the
        // same unallocated memory past the free memory pointer, which is scratch space.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, current)
            mstore(add(ptr, 0x20), root)
            mstore(add(ptr, 0x40), count)
            mstore(add(ptr, 0x60), seq)
            newHead := keccak256(ptr, 0x80)
            mstore(ptr, seq)
            mstore(add(ptr, 0x20), count)
            mstore(add(ptr, 0x40), current)
            mstore(add(ptr, 0x60), newHead)
            log2(ptr, 0x80, topic, root)
        }
        // Block numbers and timestamps stay far below 2^64, so they fit their 64-bit fields.
        record.word = uint256(count) | (block.number << BLOCK_SHIFT)
            | (block.timestamp << TIME_SHIFT) | (seq << SEQ_SHIFT);
        unchecked {
            // nextSeq + 1, which cannot reach 2^64.
            _state = state + SEQ_ONE;
        }
        _maskedHead = newHead ^ HEAD_MASK;
    }

    /// @inheritdoc ILedgerAnchor
    function addSubmitter(address account) external onlyOwner {
        if (account == address(0)) revert ZeroSubmitter();
        if (_submitters[account]) revert SubmitterAlreadyAdded({account: account});
        _submitters[account] = true;
        emit SubmitterAdded({account: account});
    }

    /// @inheritdoc ILedgerAnchor
    function removeSubmitter(address account) external onlyOwner {
        if (!_submitters[account]) revert SubmitterNotFound({account: account});
        _submitters[account] = false;
        emit SubmitterRemoved({account: account});
    }

    /// @inheritdoc ILedgerAnchor
    function pause() external onlyOwner {
        uint256 state = _state;
        if (state & PAUSED_FLAG != 0) revert AlreadyPaused();
        _state = state | PAUSED_FLAG;
        emit Paused({account: msg.sender});
    }

    /// @inheritdoc ILedgerAnchor
    function unpause() external onlyOwner {
        uint256 state = _state;
        if (state & PAUSED_FLAG == 0) revert NotPaused();
        _state = state & ~PAUSED_FLAG;
        emit Unpaused({account: msg.sender});
    }

    /// @inheritdoc ILedgerAnchor
    function transferOwnership(address newOwner) external onlyOwner {
        _pendingOwner = newOwner;
        emit OwnershipTransferStarted({previousOwner: msg.sender, newOwner: newOwner});
    }

    /// @inheritdoc ILedgerAnchor
    function acceptOwnership() external {
        address pending = _pendingOwner;
        // The zero check keeps the owner nonzero even for a caller at address(0).
        if (msg.sender != pending || pending == address(0)) {
            revert NotPendingOwner({caller: msg.sender, pendingOwner: pending});
        }
        uint256 state = _state;
        _state = (state & ~OWNER_MASK) | uint160(pending);
        delete _pendingOwner;
        emit OwnershipTransferred({previousOwner: _ownerOf(state), newOwner: pending});
    }

    /// @inheritdoc ILedgerAnchor
    function owner() external view returns (address) {
        return _ownerOf(_state);
    }

    /// @inheritdoc ILedgerAnchor
    function pendingOwner() external view returns (address) {
        return _pendingOwner;
    }

    /// @inheritdoc ILedgerAnchor
    function paused() external view returns (bool) {
        return _state & PAUSED_FLAG != 0;
    }

    /// @inheritdoc ILedgerAnchor
    function isSubmitter(address account) external view returns (bool) {
        return _submitters[account];
    }

    /// @inheritdoc ILedgerAnchor
    function head() external view returns (bytes32) {
        return _maskedHead ^ HEAD_MASK;
    }

    /// @inheritdoc ILedgerAnchor
    function nextSeq() external view returns (uint64) {
        return _seqOf(_state);
    }

    /// @inheritdoc ILedgerAnchor
    function isAnchored(bytes32 root) external view returns (bool) {
        return _records[root].word != 0;
    }

    /// @inheritdoc ILedgerAnchor
    function anchorOf(bytes32 root) external view returns (AnchorRecord memory) {
        uint256 word = _records[root].word;
        // Each field is the low 64 bits of the word shifted to it: truncation is the intent.
        // forge-lint: disable-start(unsafe-typecast)
        return AnchorRecord({
            count: uint64(word),
            blockNumber: uint64(word >> BLOCK_SHIFT),
            timestamp: uint64(word >> TIME_SHIFT),
            seq: uint64(word >> SEQ_SHIFT)
        });
        // forge-lint: disable-end(unsafe-typecast)
    }

    /// @dev Reverts with NotOwner unless msg.sender is the owner.
    function _checkOwner() private view {
        if (msg.sender != _ownerOf(_state)) revert NotOwner({caller: msg.sender});
    }

    /// @dev The owner held in `state`.
    function _ownerOf(uint256 state) private pure returns (address) {
        // The owner is the low 160 bits: truncation is the intent.
        // forge-lint: disable-next-line(unsafe-typecast)
        return address(uint160(state));
    }

    /// @dev The sequence number in the top 64 bits of `word` (`_state` or a packed record).
    function _seqOf(uint256 word) private pure returns (uint64) {
        // The shift leaves 64 bits, so the cast cannot truncate.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(word >> SEQ_SHIFT);
    }
}
