// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VmScript} from "./VmScript.sol";

/// @title DeploymentsFile
/// @notice What the deploy scripts share: the deployments file `<DEPLOYMENTS_DIR>/<chainId>.json`
///         (read, then rewritten whole; only these scripts write it), the CREATE2 factory, the
///         project's default salt, and how to find the broadcaster.
///
///         The file (see deployments/README.md):
///
///             {
///               "chainId": 421614,
///               "owner": "0x…",            initialOwner given to both constructors
///               "salt": "0x…",             CREATE2 salt
///               "deployer": "0x…",         broadcaster of the run that deployed them
///               "create2Factory": "0x4e59b44847b379578588920cA78FbF26c0B4956C",
///               "ledgerAnchor": {"address": "0x…", "startBlock": 123},
///               "statementRegistry": {"address": "0x…", "startBlock": 123},
///               "verifiers": {
///                 "0x<circuitId>": {"address": "0x…", "contract": "InclusionVerifier",
///                                   "inclusion": true}
///               }
///             }
///
///         startBlock is the chain's head block when the script deployed the contract: the
///         deployment is in that block or a later one, so an indexer can start there. It is 0
///         when the script found the contract already deployed and no block was recorded.
abstract contract DeploymentsFile {
    /// @dev forge's cheatcode address.
    VmScript internal constant vm = VmScript(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @notice The deterministic deployment proxy that forge routes `new X{salt: s}` through,
    ///         present on anvil and on every public testnet and mainnet zkp-ledger targets.
    address internal constant CREATE2_FACTORY = 0x4e59b44847b379578588920cA78FbF26c0B4956C;

    /// @notice The salt used unless SALT is set.
    bytes32 internal constant DEFAULT_SALT = keccak256("zkp-ledger.deploy.v1");

    /// @notice A deployed contract and the block an indexer starts from.
    struct Deployed {
        address addr;
        uint256 startBlock;
    }

    /// @notice One registered verifier.
    struct VerifierEntry {
        bytes32 circuitId;
        address addr;
        string name;
        bool inclusion;
    }

    /// @notice The whole file.
    struct Deployments {
        bool exists;
        address owner;
        bytes32 salt;
        address deployer;
        Deployed ledgerAnchor;
        Deployed statementRegistry;
        VerifierEntry[] verifiers;
    }

    /// @dev DEPLOYMENTS_DIR, default "deployments".
    function _dir() internal view returns (string memory) {
        return vm.envOr("DEPLOYMENTS_DIR", string("deployments"));
    }

    /// @dev `<dir>/<chainId>.json`.
    function _path(string memory dir) internal view returns (string memory) {
        return string.concat(dir, "/", vm.toString(block.chainid), ".json");
    }

    /// @dev Starts broadcasting with the key in DEPLOYER_PRIVATE_KEY when it is set (so that
    ///      the key never sits on a command line, where any local user could read it from the
    ///      process list), else with forge's wallet options (--account, --keystore, --ledger,
    ///      --private-key, --sender).
    function _startBroadcast() internal {
        uint256 key = vm.envOr("DEPLOYER_PRIVATE_KEY", uint256(0));
        if (key != 0) vm.startBroadcast(key);
        else vm.startBroadcast();
    }

    /// @dev The address that broadcasts (see _startBroadcast).
    function _broadcaster() internal returns (address sender) {
        _startBroadcast();
        (, sender,) = vm.readCallers();
        vm.stopBroadcast();
    }

    /// @dev Deploys `initCode` with `salt` through the CREATE2 factory (a transaction when
    ///      broadcasting) and checks that the code landed at `expected`.
    function _create2(bytes32 salt, bytes memory initCode, address expected) internal {
        (bool ok,) = CREATE2_FACTORY.call(bytes.concat(salt, initCode));
        require(ok && expected.code.length > 0, "CREATE2 deployment failed");
    }

    /// @dev The file's contents; `exists` false (and all else zero) when there is no file.
    function _read(string memory path) internal view returns (Deployments memory d) {
        if (!vm.exists(path)) return d;
        string memory json = vm.readFile(path);
        d.exists = true;
        require(
            vm.parseJsonUint(json, ".chainId") == block.chainid,
            string.concat(path, ": chainId is not this chain's")
        );
        if (vm.keyExistsJson(json, ".owner")) d.owner = vm.parseJsonAddress(json, ".owner");
        if (vm.keyExistsJson(json, ".salt")) d.salt = vm.parseJsonBytes32(json, ".salt");
        if (vm.keyExistsJson(json, ".deployer")) {
            d.deployer = vm.parseJsonAddress(json, ".deployer");
        }
        d.ledgerAnchor = _readDeployed(json, ".ledgerAnchor");
        d.statementRegistry = _readDeployed(json, ".statementRegistry");
        if (vm.keyExistsJson(json, ".verifiers")) {
            string[] memory ids = vm.parseJsonKeys(json, ".verifiers");
            d.verifiers = new VerifierEntry[](ids.length);
            for (uint256 i; i < ids.length; ++i) {
                string memory key = string.concat(".verifiers['", ids[i], "']");
                d.verifiers[i] = VerifierEntry({
                    circuitId: vm.parseBytes32(ids[i]),
                    addr: vm.parseJsonAddress(json, string.concat(key, ".address")),
                    name: vm.parseJsonString(json, string.concat(key, ".contract")),
                    inclusion: vm.parseJsonBool(json, string.concat(key, ".inclusion"))
                });
            }
        }
    }

    function _readDeployed(string memory json, string memory key)
        private
        view
        returns (Deployed memory deployed)
    {
        if (!vm.keyExistsJson(json, string.concat(key, ".address"))) return deployed;
        deployed.addr = vm.parseJsonAddress(json, string.concat(key, ".address"));
        if (vm.keyExistsJson(json, string.concat(key, ".startBlock"))) {
            deployed.startBlock = vm.parseJsonUint(json, string.concat(key, ".startBlock"));
        }
    }

    /// @dev Writes `d` as the whole file at `path`.
    function _write(string memory path, Deployments memory d) internal {
        string memory verifiers = "{}";
        for (uint256 i; i < d.verifiers.length; ++i) {
            VerifierEntry memory v = d.verifiers[i];
            string memory objectKey =
                string.concat("zkp-ledger.verifier.", vm.toString(v.circuitId));
            vm.serializeAddress(objectKey, "address", v.addr);
            vm.serializeString(objectKey, "contract", v.name);
            string memory entry = vm.serializeBool(objectKey, "inclusion", v.inclusion);
            verifiers = vm.serializeString("zkp-ledger.verifiers", vm.toString(v.circuitId), entry);
        }
        string memory root = "zkp-ledger.deployments";
        vm.serializeUint(root, "chainId", block.chainid);
        vm.serializeAddress(root, "owner", d.owner);
        vm.serializeBytes32(root, "salt", d.salt);
        vm.serializeAddress(root, "deployer", d.deployer);
        vm.serializeAddress(root, "create2Factory", CREATE2_FACTORY);
        vm.serializeString(
            root, "ledgerAnchor", _deployedJson("zkp-ledger.ledgerAnchor", d.ledgerAnchor)
        );
        vm.serializeString(
            root,
            "statementRegistry",
            _deployedJson("zkp-ledger.statementRegistry", d.statementRegistry)
        );
        string memory json = vm.serializeString(root, "verifiers", verifiers);
        vm.writeJson(json, path);
    }

    function _deployedJson(string memory objectKey, Deployed memory deployed)
        private
        returns (string memory)
    {
        vm.serializeAddress(objectKey, "address", deployed.addr);
        return vm.serializeUint(objectKey, "startBlock", deployed.startBlock);
    }
}
