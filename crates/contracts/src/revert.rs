//! Reverts, typed: the revert data of a node's error response (never its message text) decoded
//! into the `sol!` error enums of the contract that was called. The model is alloy's
//! `ErrorPayload::as_decoded_interface_error`; what is added is knowing which contract was
//! called, since LedgerAnchor and StatementRegistry share some selectors (`NotOwner`, ...).

use alloy::{
    primitives::Bytes,
    sol_types::{SolInterface, decode_revert_reason},
};

use crate::{
    IGroth16VerifierErrors::IGroth16VerifierErrorsErrors as VerifierError,
    ILedgerAnchorErrors::ILedgerAnchorErrorsErrors as AnchorError,
    IStatementRegistryErrors::IStatementRegistryErrorsErrors as RegistryError,
};

/// The contract a call was made to, which says how its reverts decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callee {
    /// LedgerAnchor.
    LedgerAnchor,
    /// StatementRegistry (a generated verifier's error passes through it).
    StatementRegistry,
    /// A generated Groth16 verifier, called directly.
    Verifier,
}

/// A contract's revert, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractError {
    /// One of LedgerAnchor's custom errors.
    LedgerAnchor(AnchorError),
    /// One of StatementRegistry's custom errors.
    StatementRegistry(RegistryError),
    /// One of a generated verifier's custom errors.
    Verifier(VerifierError),
    /// A revert whose data is none of the callee's errors: a `require` string or panic (decoded
    /// by alloy), or raw data.
    Other {
        /// alloy's reading of the data (`Error(string)`, `Panic(uint256)`), if any.
        reason: Option<String>,
        /// The revert data.
        data: Bytes,
    },
}

impl ContractError {
    /// Decodes revert `data` from a call to `callee`.
    pub fn decode(callee: Callee, data: &Bytes) -> Self {
        let decoded = match callee {
            Callee::LedgerAnchor => AnchorError::abi_decode(data).ok().map(Self::LedgerAnchor),
            Callee::StatementRegistry => RegistryError::abi_decode(data)
                .ok()
                .map(Self::StatementRegistry)
                .or_else(|| VerifierError::abi_decode(data).ok().map(Self::Verifier))
                // The registry calls LedgerAnchor (isAnchored); nothing of the anchor's is
                // expected, but an anchor error is shown as one rather than as raw data.
                .or_else(|| AnchorError::abi_decode(data).ok().map(Self::LedgerAnchor)),
            Callee::Verifier => VerifierError::abi_decode(data).ok().map(Self::Verifier),
        };
        decoded.unwrap_or_else(|| Self::Other {
            reason: decode_revert_reason(data).filter(|r| !r.is_empty()),
            data: data.clone(),
        })
    }

    /// The error's name, e.g. `StaleHead`.
    pub fn name(&self) -> String {
        let debug = match self {
            Self::LedgerAnchor(e) => format!("{e:?}"),
            Self::StatementRegistry(e) => format!("{e:?}"),
            Self::Verifier(e) => format!("{e:?}"),
            Self::Other { .. } => return "revert".into(),
        };
        debug.split(['(', ' ', '{']).next().unwrap_or_default().to_string()
    }

    /// The error with its arguments as `sol!` shows them, e.g.
    /// `StaleHead { expected: 0x…, given: 0x… }`.
    pub fn with_arguments(&self) -> String {
        fn inner(debug: &str) -> String {
            // `Variant(Struct { .. })` or `Variant(Struct)`: the struct is the error.
            debug
                .split_once('(')
                .and_then(|(_, rest)| rest.strip_suffix(')'))
                .unwrap_or(debug)
                .to_string()
        }
        match self {
            Self::LedgerAnchor(e) => inner(&format!("{e:?}")),
            Self::StatementRegistry(e) => inner(&format!("{e:?}")),
            Self::Verifier(e) => inner(&format!("{e:?}")),
            Self::Other { reason: Some(r), .. } => r.clone(),
            Self::Other { reason: None, data } if data.is_empty() => "revert without data".into(),
            Self::Other { reason: None, data } => format!("unknown error data {data}"),
        }
    }

    /// What the error means, in words, where there is more to say than its name.
    pub fn explanation(&self) -> Option<String> {
        Some(match self {
            Self::LedgerAnchor(e) => match e {
                AnchorError::NotSubmitter(x) => format!(
                    "the account {} is not an authorised submitter: ask the owner to add it",
                    x.caller
                ),
                AnchorError::AnchoringPaused(_) => "LedgerAnchor is paused".into(),
                AnchorError::ZeroRoot(_) => "the root is zero".into(),
                AnchorError::RootNotInField(_) => {
                    "the root is not below the BN254 scalar field modulus".into()
                }
                AnchorError::ZeroCount(_) => "the batch is empty".into(),
                AnchorError::RootAlreadyAnchored(x) => {
                    format!("the root is already anchored, sequence number {}", x.seq)
                }
                AnchorError::StaleHead(x) => {
                    format!("the chain head is {}, not {}", x.expected, x.given)
                }
                _ => return None,
            },
            Self::StatementRegistry(e) => match e {
                RegistryError::UnknownCircuit(_) => {
                    "the circuit is not registered: deploy and register its verifier first".into()
                }
                RegistryError::RevokedCircuit(x) => format!(
                    "the circuit was revoked by the registry's owner in block {}: no proof of it is accepted",
                    x.revokedAt
                ),
                RegistryError::VerifierCodeChanged(_) => {
                    "the verifier's code changed since registration: the registry refuses it".into()
                }
                RegistryError::InputCountMismatch(x) => format!(
                    "the circuit takes {} public inputs, the proof has {}",
                    x.expected, x.given
                ),
                RegistryError::StatementAlreadyVerified(x) => {
                    format!("this statement was already verified, in block {}", x.blockNumber)
                }
                RegistryError::RootNotAnchored(_) => {
                    "the root is not anchored in LedgerAnchor on this chain".into()
                }
                _ => return None,
            },
            Self::Verifier(_) => "the verifier rejected the proof".into(),
            Self::Other { .. } => return None,
        })
    }
}

impl std::fmt::Display for ContractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let contract = match self {
            Self::LedgerAnchor(_) => "LedgerAnchor.",
            Self::StatementRegistry(_) => "StatementRegistry.",
            Self::Verifier(_) => "verifier.",
            Self::Other { .. } => "",
        };
        write!(f, "{contract}{}", self.with_arguments())?;
        if let Some(words) = self.explanation() {
            write!(f, " ({words})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use alloy::{
        primitives::{Address, B256},
        sol_types::SolError,
    };

    use super::*;
    use crate::{ILedgerAnchorErrors, IStatementRegistryErrors};

    #[test]
    fn shared_selectors_decode_by_callee_and_show_their_arguments() {
        let data: Bytes =
            ILedgerAnchorErrors::NotOwner { caller: Address::repeat_byte(7) }.abi_encode().into();
        let a = ContractError::decode(Callee::LedgerAnchor, &data);
        let r = ContractError::decode(Callee::StatementRegistry, &data);
        assert!(matches!(a, ContractError::LedgerAnchor(AnchorError::NotOwner(_))), "{a:?}");
        assert!(matches!(r, ContractError::StatementRegistry(RegistryError::NotOwner(_))));
        assert_eq!(a.name(), "NotOwner");
        assert!(a.to_string().starts_with("LedgerAnchor.NotOwner { caller: 0x0707"), "{a}");

        let data: Bytes = IStatementRegistryErrors::RevokedCircuit {
            circuitId: B256::repeat_byte(0xac),
            revokedAt: 1234,
        }
        .abi_encode()
        .into();
        let e = ContractError::decode(Callee::StatementRegistry, &data);
        let text = e.to_string();
        assert!(text.contains("RevokedCircuit") && text.contains("1234"), "{text}");
        assert!(text.contains(&B256::repeat_byte(0xac).to_string()), "{text}");

        let e = ContractError::decode(Callee::LedgerAnchor, &Bytes::new());
        assert_eq!(e.to_string(), "revert without data");
    }
}
