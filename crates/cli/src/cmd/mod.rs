//! One file per subcommand.

pub(crate) mod bench;
pub(crate) mod calldata;
pub(crate) mod demo;
pub(crate) mod export_verifier;
pub(crate) mod notarize;
pub(crate) mod prove;
pub(crate) mod setup;
pub(crate) mod verify;
