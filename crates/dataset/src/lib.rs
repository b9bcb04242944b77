//! Datasets for zkp-ledger: read a CSV into scaled integers, parse the statements to prove, and
//! notarize (commit, prove, write `proof.json`, `public.json`, `commitment.json` and the secret
//! `opening.json`).

pub mod chunked;
pub mod decimal;
mod error;
pub mod files;
pub mod flow;
pub mod ingest;
pub mod notarize;
pub mod reader;
pub mod specs;

pub use error::{Error, Result};
pub use files::{CommitmentJson, OpeningJson};
pub use notarize::{Notarized, notarize};
pub use reader::read_csv;
pub use specs::{Specs, parse_scales};
