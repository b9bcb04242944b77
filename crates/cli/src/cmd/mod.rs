//! One file per subcommand (the `bench` subcommands in one folder).

pub(crate) mod bench;
pub(crate) mod calldata;
pub(crate) mod circom;
pub(crate) mod circom_setup;
pub(crate) mod circom_wtns;
pub(crate) mod dataset;
pub(crate) mod demo;
pub(crate) mod deploy_verifier;
pub(crate) mod devnet;
pub(crate) mod enqueue;
pub(crate) mod export_verifier;
pub(crate) mod index;
pub(crate) mod notarize;
pub(crate) mod prove;
pub(crate) mod query;
pub(crate) mod receipt;
pub(crate) mod route;
pub(crate) mod serve;
pub(crate) mod setup;
pub(crate) mod status;
pub(crate) mod submit_proof;
pub(crate) mod verify;
