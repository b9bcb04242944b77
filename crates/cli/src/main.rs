//! `zkp-ledger`: prove facts about datasets with BN254 Groth16, verify them anywhere, and anchor
//! them on Ethereum. This binary only parses arguments and calls the library crates; each
//! subcommand lives in its own file under `cmd/`, all output goes through `output.rs`, and the
//! helpers several subcommands share are in `util.rs`.

mod cmd;
mod output;
mod util;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::output::Output;

/// Prove facts about datasets with BN254 Groth16, verify them anywhere (Rust, snarkjs,
/// Solidity), and anchor them on Ethereum.
#[derive(Debug, Parser)]
#[command(name = "zkp-ledger", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// Print results as one JSON object on stdout.
    #[arg(long, global = true)]
    json: bool,

    /// Print nothing but errors (and, with --json, the JSON result).
    #[arg(long, short, global = true)]
    quiet: bool,

    /// Configuration file (default: $ZKP_LEDGER_CONFIG, else the running devnet's).
    #[arg(long, global = true, value_name = "FILE", env = "ZKP_LEDGER_CONFIG")]
    config: Option<std::path::PathBuf>,

    /// Write this command's Prometheus metrics (proof durations, verification results, RPC
    /// errors) to FILE when it ends, for node_exporter's textfile collector (docs/operations.md).
    /// `serve` serves its metrics with `--metrics ADDR` instead.
    #[arg(long, global = true, value_name = "FILE", env = "ZKP_LEDGER_METRICS_FILE")]
    metrics_file: Option<std::path::PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate proving and verifying keys for a built-in circuit.
    #[command(subcommand)]
    Setup(cmd::setup::SetupCmd),

    /// Commit to a table of any size (CSV, JSON Lines, Parquet): the hiding commitment to
    /// anchor, independent of any statement.
    Commit(cmd::dataset::CommitArgs),

    /// Prove a statement with a built-in circuit, or about a committed dataset.
    #[command(subcommand)]
    Prove(cmd::prove::ProveCmd),

    /// Commit to a table and prove statements about its columns in one step (commit + prove
    /// dataset), or with --keys the earlier single proof of a small CSV.
    Notarize(cmd::notarize::NotarizeArgs),

    /// Verify a proof: exit 0 when valid, 1 when invalid, 2 when the input is unusable.
    Verify(cmd::verify::VerifyArgs),

    /// Print a proof in the EVM calldata form (uint256[8] proof, uint256[L] input).
    Calldata(cmd::calldata::CalldataArgs),

    /// Write a Solidity verifier contract (single and batch verification) for a verifying key.
    ExportVerifier(cmd::export_verifier::ExportVerifierArgs),

    /// Circom circuits with snarkjs's files: a witness from the circuit's wasm, a proof from a
    /// zkey and a witness, or both at once (snarkjs's .wtns, proof.json and public.json out).
    #[command(subcommand)]
    Circom(cmd::circom::CircomCmd),

    /// Add ledger entries (32-byte hex digests) to the durable outbox.
    Enqueue(cmd::enqueue::EnqueueArgs),

    /// Batch queued entries, route each batch to the cheapest allowed chain, and anchor it;
    /// runs until stopped (SIGINT/SIGTERM end it after the current step).
    Serve(cmd::serve::ServeArgs),

    /// Show queued entries, batches, and each chain's state.
    Status,

    /// Price anchoring a batch on every allowed chain and show the choice.
    Route(cmd::route::RouteArgs),

    /// Follow every configured chain's anchors and statements into the store's index; runs
    /// until stopped (SIGINT/SIGTERM), or with --once until caught up.
    Index(cmd::index::IndexArgs),

    /// Where an entry, a batch or a chain's anchors are (exit 0 found/anchored, 1 not, 2 error).
    #[command(subcommand)]
    Query(cmd::query::QueryCmd),

    /// Write an entry's self-contained receipt: inclusion path, batch, anchor, block, tx.
    Receipt(cmd::receipt::ReceiptArgs),

    /// Check a receipt: with --rpc on chain against our LedgerAnchor (exit 0 anchored, 1 invalid,
    /// 2 unusable input); without --rpc only its consistency (exit 3: not shown anchored).
    VerifyReceipt(cmd::receipt::VerifyReceiptArgs),

    /// Deploy the verifier of a key directory, a snarkjs zkey or a verification_key.json
    /// (CREATE2) and register it in StatementRegistry under its circuit id.
    DeployVerifier(cmd::deploy_verifier::DeployVerifierArgs),

    /// Have StatementRegistry verify a proof on chain and record the statement.
    SubmitProof(cmd::submit_proof::SubmitProofArgs),

    /// Run the local devnet: three anvil chains with the contracts deployed.
    #[command(subcommand)]
    Devnet(cmd::devnet::DevnetCmd),

    /// Run the main job end to end on the local devnet, explaining each step with its figures.
    Demo(cmd::demo::DemoArgs),

    /// Measure the prover: constraints, setup, proving and verifying times, key size, memory.
    #[command(subcommand)]
    Bench(cmd::bench::BenchCmd),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output { json: cli.json, quiet: cli.quiet };
    let serving = matches!(cli.command, Command::Serve(_));
    let metrics = match cli.metrics_file.as_deref().filter(|_| !serving) {
        Some(path) => match zkp_ledger_metrics::install() {
            Ok(handle) => Some((handle, path.to_path_buf())),
            Err(e) => {
                out.error(&e.into());
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let code = run(cli.command, out, cli.config.as_deref());
    if let Some((handle, path)) = metrics
        && let Err(e) = zkp_ledger_metrics::write_file(&handle, &path)
    {
        out.error(&e.into());
        return ExitCode::FAILURE;
    }
    code
}

fn run(command: Command, out: Output, config: Option<&std::path::Path>) -> ExitCode {
    let result = match command {
        Command::Setup(c) => c.run(out),
        Command::Commit(c) => c.run(out, config),
        Command::Prove(c) => c.run(out, config),
        Command::Notarize(c) => c.run(out, config),
        Command::Verify(c) => return c.run(out, config),
        Command::Calldata(c) => c.run(out),
        Command::Bench(c) => c.run(out, config),
        Command::Demo(c) => c.run(out, config),
        Command::Devnet(c) => c.run(out),
        Command::Enqueue(c) => c.run(out, config),
        Command::Serve(c) => c.run(out, config),
        Command::Status => cmd::status::run(out, config),
        Command::Route(c) => c.run(out, config),
        Command::DeployVerifier(c) => c.run(out, config),
        Command::Index(c) => c.run(out, config),
        Command::Query(c) => return c.run(out, config),
        Command::Receipt(c) => c.run(out, config),
        Command::VerifyReceipt(c) => return c.run(out, config),
        Command::SubmitProof(c) => c.run(out, config),
        Command::ExportVerifier(c) => c.run(out),
        Command::Circom(c) => c.run(out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            out.error(&report);
            ExitCode::FAILURE
        }
    }
}
