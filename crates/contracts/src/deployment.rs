//! The contracts of a chain, from its deployments file (`deployments/<chainId>.json`, written
//! only by the deploy scripts). Both spellings the scripts have used are read:
//! `"ledgerAnchor": {"address", "startBlock"}` and `"LedgerAnchor": {"address", "block"}`
//! (likewise for the registry). The start block is where indexing begins.

use std::{collections::BTreeMap, path::Path};

use alloy::primitives::Address;
use serde::Deserialize;

use crate::{CircuitId, Error, IStatementRegistry, Result, client::Client, revert::Callee};

/// A deployed contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Deployed {
    /// Address.
    pub address: Address,
    /// A block at or before its deployment (0 if unknown).
    #[serde(default, rename = "startBlock", alias = "block")]
    pub start_block: u64,
}

/// The contracts on one chain.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Deployment {
    /// Chain id the file is for.
    #[serde(rename = "chainId")]
    pub chain_id: u64,
    /// The anchor.
    #[serde(rename = "ledgerAnchor", alias = "LedgerAnchor")]
    pub anchor: Deployed,
    /// The statement registry, if deployed.
    #[serde(default, rename = "statementRegistry", alias = "StatementRegistry")]
    pub registry: Option<Deployed>,
    /// Verifiers deployed by `script/DeployVerifier.s.sol`, by circuit id.
    #[serde(default)]
    pub verifiers: BTreeMap<CircuitId, VerifierEntry>,
}

/// A generated verifier in a deployments file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VerifierEntry {
    /// Its address.
    pub address: Address,
    /// Its contract name.
    #[serde(default)]
    pub contract: String,
    /// Registered as an inclusion circuit.
    #[serde(default)]
    pub inclusion: bool,
}

impl Deployment {
    /// Reads a deployments file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Deployment {
            path: path.into(),
            problem: format!(
                "{e} (deploy the contracts first: `zkp-ledger devnet up`, or script/Deploy.s.sol)"
            ),
        })?;
        let d: Self = serde_json::from_str(&text)
            .map_err(|e| Error::Deployment { path: path.into(), problem: e.to_string() })?;
        if d.anchor.address == Address::ZERO {
            return Err(Error::Deployment {
                path: path.into(),
                problem: "the LedgerAnchor address is zero".into(),
            });
        }
        Ok(d)
    }

    /// Reads a deployments file that must be for chain `chain_id`.
    pub fn read_for(path: &Path, chain_id: u64) -> Result<Self> {
        let d = Self::read(path)?;
        if d.chain_id != chain_id {
            return Err(Error::Deployment {
                path: path.into(),
                problem: format!("it is for chain {}, not {chain_id}", d.chain_id),
            });
        }
        Ok(d)
    }

    /// The registry, unless absent or zero.
    pub fn registry(&self) -> Option<Deployed> {
        self.registry.filter(|r| r.address != Address::ZERO)
    }

    /// The verifier recorded for `circuit_id`.
    pub fn verifier(&self, circuit_id: &CircuitId) -> Option<&VerifierEntry> {
        self.verifiers.get(circuit_id)
    }

    /// The first block to index: the earlier start block of the two contracts.
    pub fn start_block(&self) -> u64 {
        self.registry()
            .map_or(self.anchor.start_block, |r| r.start_block.min(self.anchor.start_block))
    }
}

/// What a chain's StatementRegistry records for a circuit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered {
    /// The registered verifier (`Address::ZERO`: not registered).
    pub verifier: Address,
    /// Its number of public inputs.
    pub num_inputs: u64,
    /// Registered as an inclusion circuit.
    pub inclusion: bool,
    /// The block in which the owner revoked the circuit (its keys no longer trusted), if any.
    pub revoked_at: Option<u64>,
}

/// Asks the StatementRegistry of `d`, through `client` (checked to serve `d`'s chain), what it
/// records for `circuit_id`.
pub async fn registered_circuit(
    d: &Deployment,
    client: &Client,
    circuit_id: &CircuitId,
) -> Result<Registered> {
    let registry = d.registry().ok_or_else(|| Error::Deployment {
        path: format!("deployments file of chain {}", d.chain_id).into(),
        problem: "it names no StatementRegistry".into(),
    })?;
    let got = client.chain_id().await?;
    if got != d.chain_id {
        return Err(Error::WrongChainId {
            chain: client.name().into(),
            rpc: client.rpc_display().into(),
            got,
            expected: d.chain_id,
        });
    }
    let r = IStatementRegistry::new(registry.address, client.provider());
    let c = client
        .reverting(
            "StatementRegistry.circuit",
            Callee::StatementRegistry,
            r.circuit(circuit_id.0).call(),
        )
        .await?;
    let revoked = client
        .reverting(
            "StatementRegistry.revokedAt",
            Callee::StatementRegistry,
            r.revokedAt(circuit_id.0).call(),
        )
        .await?;
    Ok(Registered {
        verifier: c.verifier,
        num_inputs: u64::try_from(c.numInputs).unwrap_or(u64::MAX),
        inclusion: c.inclusion,
        revoked_at: (revoked != 0).then_some(revoked),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn reads_both_spellings() {
        let a = r#"{"chainId": 31337, "owner": "0x0000000000000000000000000000000000000001",
            "ledgerAnchor": {"address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "startBlock": 7},
            "statementRegistry": {"address": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", "startBlock": 9},
            "verifiers": {}}"#;
        let d: Deployment = serde_json::from_str(a).unwrap();
        assert_eq!((d.chain_id, d.anchor.start_block, d.start_block()), (31337, 7, 7));
        let b = r#"{"chainId": 5, "LedgerAnchor": {"address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "block": 3}}"#;
        let d: Deployment = serde_json::from_str(b).unwrap();
        assert_eq!((d.anchor.start_block, d.registry()), (3, None));
        let zero = r#"{"chainId": 5, "ledgerAnchor": {"address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "startBlock": 3},
            "statementRegistry": {"address": "0x0000000000000000000000000000000000000000", "startBlock": 0}}"#;
        let d: Deployment = serde_json::from_str(zero).unwrap();
        assert_eq!((d.registry(), d.start_block()), (None, 3));
    }
}
