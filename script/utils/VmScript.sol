// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title VmScript
/// @notice The subset of forge's cheatcodes (at HEVM_ADDRESS) that the deploy scripts use,
///         declared against forge's own cheatcode interface instead of forge-std.
interface VmScript {
    /// @notice How the caller is currently set (see readCallers).
    enum CallerMode {
        None,
        Broadcast,
        RecurrentBroadcast,
        Prank,
        RecurrentPrank
    }

    // ---- broadcasting
    function startBroadcast() external;
    function startBroadcast(uint256 privateKey) external;
    function stopBroadcast() external;
    function readCallers()
        external
        returns (CallerMode callerMode, address msgSender, address txOrigin);

    // ---- environment
    function envOr(string calldata name, address defaultValue) external view returns (address);
    function envOr(string calldata name, bytes32 defaultValue) external view returns (bytes32);
    function envOr(string calldata name, bool defaultValue) external view returns (bool);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
    function envOr(string calldata name, string calldata defaultValue)
        external
        view
        returns (string memory);
    function envAddress(string calldata name, string calldata delim)
        external
        view
        returns (address[] memory);
    function envString(string calldata name) external view returns (string memory);

    // ---- files
    function exists(string calldata path) external view returns (bool);
    function readFile(string calldata path) external view returns (string memory);
    function createDir(string calldata path, bool recursive) external;
    function getCode(string calldata artifactPath) external view returns (bytes memory);

    // ---- JSON
    function keyExistsJson(string calldata json, string calldata key) external view returns (bool);
    function parseJsonKeys(string calldata json, string calldata key)
        external
        pure
        returns (string[] memory keys);
    function parseJsonAddress(string calldata json, string calldata key)
        external
        pure
        returns (address);
    function parseJsonUint(string calldata json, string calldata key)
        external
        pure
        returns (uint256);
    function parseJsonBool(string calldata json, string calldata key) external pure returns (bool);
    function parseJsonString(string calldata json, string calldata key)
        external
        pure
        returns (string memory);
    function parseJsonBytes32(string calldata json, string calldata key)
        external
        pure
        returns (bytes32);
    function serializeAddress(string calldata objectKey, string calldata key, address value)
        external
        returns (string memory json);
    function serializeUint(string calldata objectKey, string calldata key, uint256 value)
        external
        returns (string memory json);
    function serializeBool(string calldata objectKey, string calldata key, bool value)
        external
        returns (string memory json);
    function serializeBytes32(string calldata objectKey, string calldata key, bytes32 value)
        external
        returns (string memory json);
    function serializeString(string calldata objectKey, string calldata key, string calldata value)
        external
        returns (string memory json);
    function writeJson(string calldata json, string calldata path) external;

    // ---- addresses and strings
    function parseBytes32(string calldata value) external pure returns (bytes32);
    function computeCreate2Address(bytes32 salt, bytes32 initCodeHash)
        external
        pure
        returns (address);
    function toString(uint256 value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
}
