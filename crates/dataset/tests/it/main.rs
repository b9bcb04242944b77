//! Integration tests of the dataset crate (one binary).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

mod ingest;
