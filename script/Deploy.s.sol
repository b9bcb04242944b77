// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILedgerAnchor} from "../contracts/src/interfaces/ILedgerAnchor.sol";
import {IStatementRegistry} from "../contracts/src/interfaces/IStatementRegistry.sol";
import {DeploymentsFile} from "./utils/DeploymentsFile.sol";

/// @title Deploy
/// @notice Deploys (or finds) LedgerAnchor and StatementRegistry with CREATE2 through the
///         deterministic deployment proxy (creation code from the forge artifacts), so that the
/// same OWNER and SALT give the same addresses on every chain; adds SUBMITTERS to the anchor;
/// writes
///         `<DEPLOYMENTS_DIR>/<chainId>.json`, keeping its "verifiers". Idempotent: a run after
///         a successful run changes nothing on chain and rewrites the same file.
///
///         FOUNDRY_ETH_RPC_URL=<url> DEPLOYER_PRIVATE_KEY=<key> \
///         forge script script/Deploy.s.sol --broadcast --slow
///
///         Environment (all optional):
///           DEPLOYER_PRIVATE_KEY the broadcasting key; default: forge's wallet options
///           OWNER            initialOwner of both contracts; default: the broadcaster
///           SUBMITTERS       comma-separated addresses to authorise on the anchor (the
///                            broadcaster must then be the anchor's owner); default: none
///           SALT             bytes32 CREATE2 salt; default keccak256("zkp-ledger.deploy.v1")
///           DEPLOYMENTS_DIR  default "deployments" (the devnet uses "deployments/devnet")
///           LEDGER_ANCHOR, STATEMENT_REGISTRY
///                            use these existing contracts instead (must have code)
///
///         Where an address comes from, in order: the environment, the deployments file (if
///         the address there has code), the CREATE2 address (if it has code), else a new
///         deployment at the CREATE2 address.
contract Deploy is DeploymentsFile {
    /// @dev This run's inputs.
    struct Config {
        address broadcaster;
        address owner;
        bytes32 salt;
    }

    function run() external {
        string memory dir = _dir();
        string memory path = _path(dir);
        Deployments memory d = _read(path);
        Config memory c;
        c.broadcaster = _broadcaster();
        c.owner = vm.envOr("OWNER", c.broadcaster);
        c.salt = vm.envOr("SALT", DEFAULT_SALT);

        _startBroadcast();
        bool deployedLedger;
        bool deployedRegistry;
        (d.ledgerAnchor, deployedLedger) = _ledgerAnchor(c, d.ledgerAnchor);
        (d.statementRegistry, deployedRegistry) =
            _statementRegistry(c, d.statementRegistry, d.ledgerAnchor.addr);
        _addSubmitters(ILedgerAnchor(d.ledgerAnchor.addr), c.broadcaster);
        vm.stopBroadcast();

        // The file's owner, salt and deployer describe the run that deployed the contracts.
        if (deployedLedger || deployedRegistry || d.owner == address(0)) {
            d.owner = c.owner;
            d.salt = c.salt;
            d.deployer = c.broadcaster;
        }
        vm.createDir(dir, true);
        _write(path, d);
    }

    /// @dev Finds or deploys the LedgerAnchor (creation code from its artifact, so that this
    ///      script stays small).
    function _ledgerAnchor(Config memory c, Deployed memory recorded)
        internal
        returns (Deployed memory result, bool deployed)
    {
        bytes memory init =
            bytes.concat(vm.getCode("LedgerAnchor.sol:LedgerAnchor"), abi.encode(c.owner));
        (result, deployed) = _resolve("LEDGER_ANCHOR", recorded, c.salt, init);
        if (deployed) _create2(c.salt, init, result.addr);
    }

    /// @dev Finds or deploys the StatementRegistry bound to `ledger`.
    function _statementRegistry(Config memory c, Deployed memory recorded, address ledger)
        internal
        returns (Deployed memory result, bool deployed)
    {
        bytes memory init = bytes.concat(
            vm.getCode("StatementRegistry.sol:StatementRegistry"), abi.encode(c.owner, ledger)
        );
        (result, deployed) = _resolve("STATEMENT_REGISTRY", recorded, c.salt, init);
        if (deployed) _create2(c.salt, init, result.addr);
        require(
            IStatementRegistry(result.addr).anchor() == ledger,
            "Deploy: STATEMENT_REGISTRY is bound to another LedgerAnchor"
        );
    }

    /// @dev Authorises every SUBMITTERS address that is not a submitter yet.
    function _addSubmitters(ILedgerAnchor ledger, address broadcaster) internal {
        address[] memory submitters = _submitters();
        for (uint256 i; i < submitters.length; ++i) {
            if (ledger.isSubmitter(submitters[i])) continue;
            require(
                ledger.owner() == broadcaster,
                "Deploy: adding SUBMITTERS needs the broadcaster to own the LedgerAnchor"
            );
            ledger.addSubmitter(submitters[i]);
        }
    }

    /// @dev The contract to use for `envName` with the block to record for it, and whether it
    ///      must be deployed (at the returned CREATE2 address).
    function _resolve(
        string memory envName,
        Deployed memory recorded,
        bytes32 salt,
        bytes memory initCode
    ) internal view returns (Deployed memory result, bool deploy) {
        address fromEnv = vm.envOr(envName, address(0));
        if (fromEnv != address(0)) {
            require(fromEnv.code.length > 0, string.concat("Deploy: ", envName, " has no code"));
            return (_keep(recorded, fromEnv), false);
        }
        if (recorded.addr != address(0) && recorded.addr.code.length > 0) {
            return (recorded, false);
        }
        address predicted = vm.computeCreate2Address(salt, keccak256(initCode));
        if (predicted.code.length > 0) return (_keep(recorded, predicted), false);
        return (Deployed({addr: predicted, startBlock: block.number}), true);
    }

    /// @dev `addr`, with the recorded start block if the record is of the same address.
    function _keep(Deployed memory recorded, address addr) internal pure returns (Deployed memory) {
        return Deployed({addr: addr, startBlock: recorded.addr == addr ? recorded.startBlock : 0});
    }

    /// @dev SUBMITTERS, comma-separated; empty or unset: none.
    function _submitters() internal view returns (address[] memory) {
        if (bytes(vm.envOr("SUBMITTERS", string(""))).length == 0) return new address[](0);
        return vm.envAddress("SUBMITTERS", ",");
    }
}
