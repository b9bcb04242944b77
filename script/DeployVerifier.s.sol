// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStatementRegistry} from "../contracts/src/interfaces/IStatementRegistry.sol";
import {DeploymentsFile} from "./utils/DeploymentsFile.sol";

/// @notice What the script reads from a generated verifier.
interface IGeneratedVerifier {
    function CIRCUIT_ID() external view returns (bytes32);
}

/// @title DeployVerifier
/// @notice Deploys a generated verifier with CREATE2 through the deterministic deployment proxy
///         (same address on every chain), registers it in the StatementRegistry of the
///         deployments file (plain or as an inclusion circuit), and records it there as
///         `verifiers.<circuitId> = {address, contract, inclusion}`. Idempotent: code already at
///         the CREATE2 address and an existing registration of that verifier are reused.
///         Run Deploy.s.sol first; the broadcaster must own the StatementRegistry when the
///         circuit is not registered yet.
///
///         VERIFIER_ARTIFACT=InclusionVerifier.sol:InclusionVerifier INCLUSION=true \
///         FOUNDRY_ETH_RPC_URL=<url> DEPLOYER_PRIVATE_KEY=<key> \
///         forge script script/DeployVerifier.s.sol --broadcast --slow
///         Environment:
///           DEPLOYER_PRIVATE_KEY the broadcasting key (else forge's wallet options)
///           VERIFIER_ARTIFACT  required: a forge artifact as vm.getCode takes it
///                              ("InclusionVerifier.sol:InclusionVerifier",
///                              "out/InclusionVerifier.sol/InclusionVerifier.json")
///           INCLUSION          "true": registerInclusion; default false: register
///           DEPLOYMENTS_DIR    default "deployments"
///           SALT               bytes32; default: the file's salt, else the project default
///           STATEMENT_REGISTRY use this registry instead of the file's
contract DeployVerifier is DeploymentsFile {
    function run() external {
        string memory path = _path(_dir());
        Deployments memory d = _read(path);
        require(d.exists, string.concat("DeployVerifier: no ", path, ": run Deploy.s.sol first"));
        IStatementRegistry registry =
            IStatementRegistry(vm.envOr("STATEMENT_REGISTRY", d.statementRegistry.addr));
        require(address(registry).code.length > 0, "DeployVerifier: no StatementRegistry code");
        string memory artifact = vm.envString("VERIFIER_ARTIFACT");
        bool inclusion = vm.envOr("INCLUSION", false);
        bytes32 salt = vm.envOr("SALT", d.salt != bytes32(0) ? d.salt : DEFAULT_SALT);
        bytes memory initCode = vm.getCode(artifact);
        address verifier = vm.computeCreate2Address(salt, keccak256(initCode));
        address broadcaster = _broadcaster();

        _startBroadcast();
        if (verifier.code.length == 0) _create2(salt, initCode, verifier);
        bytes32 circuitId = IGeneratedVerifier(verifier).CIRCUIT_ID();
        (address registered,, bool registeredInclusion) = registry.circuit(circuitId);
        if (registered == address(0)) {
            require(
                registry.owner() == broadcaster,
                "DeployVerifier: the broadcaster must own the StatementRegistry"
            );
            if (inclusion) registry.registerInclusion(circuitId, verifier);
            else registry.register(circuitId, verifier);
        } else {
            require(
                registered == verifier,
                "DeployVerifier: the circuit is registered with another verifier"
            );
            require(
                registeredInclusion == inclusion,
                "DeployVerifier: the circuit is registered with the other INCLUSION flag"
            );
        }
        vm.stopBroadcast();

        _record(
            d,
            VerifierEntry({
                circuitId: circuitId,
                addr: verifier,
                name: _contractName(artifact),
                inclusion: inclusion
            })
        );
        _write(path, d);
    }

    /// @dev Adds `entry` to d.verifiers, replacing an entry of the same circuit.
    function _record(Deployments memory d, VerifierEntry memory entry) internal pure {
        for (uint256 i; i < d.verifiers.length; ++i) {
            if (d.verifiers[i].circuitId == entry.circuitId) {
                d.verifiers[i] = entry;
                return;
            }
        }
        VerifierEntry[] memory grown = new VerifierEntry[](d.verifiers.length + 1);
        for (uint256 i; i < d.verifiers.length; ++i) {
            grown[i] = d.verifiers[i];
        }
        grown[d.verifiers.length] = entry;
        d.verifiers = grown;
    }

    /// @dev "X.sol:X" -> "X"; "out/X.sol/X.json" -> "X"; anything else unchanged.
    function _contractName(string memory artifact) internal pure returns (string memory) {
        bytes memory a = bytes(artifact);
        uint256 start;
        uint256 end = a.length;
        for (uint256 i; i < a.length; ++i) {
            if (a[i] == ":" || a[i] == "/") start = i + 1;
        }
        if (
            end >= start + 5 && a[end - 5] == "." && a[end - 4] == "j" && a[end - 3] == "s"
                && a[end - 2] == "o" && a[end - 1] == "n"
        ) end -= 5;
        bytes memory name = new bytes(end - start);
        for (uint256 i; i < name.length; ++i) {
            name[i] = a[start + i];
        }
        return string(name);
    }
}
