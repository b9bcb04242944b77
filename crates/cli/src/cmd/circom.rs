//! `zkp-ledger circom ...`: the files Circom and snarkjs users already have, in and out as
//! snarkjs reads and writes them. One subcommand per snarkjs step.

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

use clap::{Args, Subcommand};
use eyre::WrapErr;
use rand::rngs::OsRng;
use serde_json::json;
use zkp_ledger_circom::{R1cs, SubgroupMemo, Wtns, Zkey, ZkeyProver};
use zkp_ledger_prover::{
    bundle::write_json_atomic,
    snarkjs::{ProofJson, public_to_json},
};

use crate::output::{Output, ms};

/// Circom circuits with snarkjs's files.
#[derive(Debug, Subcommand)]
pub(crate) enum CircomCmd {
    /// Prove with a snarkjs zkey and a witness, like `snarkjs groth16 prove ZKEY WTNS proof.json
    /// public.json`: same files in, same files out (snarkjs groth16 verify accepts the proof).
    ///
    /// The witness is the .wtns of `snarkjs wtns calculate` (or circom's generated witness
    /// code). Only its shape is checked against the zkey (one value per signal, the constant
    /// one first), as snarkjs does: give --r1cs to also check every constraint first, since a
    /// witness that breaks one gives a proof that does not verify.
    Prove(ProveArgs),

    /// Compute a witness from the circuit's wasm, as `snarkjs wtns calculate WASM INPUT OUT`
    /// (note the order: input first here).
    #[command(long_about = "Compute a witness from the circuit's wasm, as `snarkjs wtns \
        calculate WASM INPUT OUT` does (note the order: input first here), and write it as a \
        .wtns file equal byte for byte to snarkjs's.\n\n\
        INPUT is snarkjs's input.json: an object of input signal names, each value a decimal or \
        0x-hex string or a JSON integer (negative values are taken modulo the field's prime), \
        arrays nested as the signal's dimensions. WASM is the file `circom --wasm` writes \
        (CIRCUIT_js/CIRCUIT.wasm), for a circuit over BN254 (circom's default prime).\n\n\
        In WASM's place a circom-witnesscalc graph of the circuit may be given (the file of \
        iden3's `build-circuit CIRCUIT.circom GRAPH`, format wtns.graph.001): much faster, the \
        same witness. The file's first bytes tell which it is (\\0asm or wtns.graph.).\n\n\
        A failing `assert` or `===` in the circuit stops with circom's message, e.g. \
        \"Assert Failed. Error in template Num2Bits_1 line: 38\". A graph checks neither: \
        its witness for such inputs does not satisfy the circuit. Lines the circuit prints with \
        log() go to stderr (in the JSON result with --json).")]
    Wtns(super::circom_wtns::WtnsArgs),

    /// Witness and proof in one step, like `snarkjs groth16 fullprove INPUT WASM ZKEY
    /// proof.json public.json`: the witness from the circuit's wasm or a circom-witnesscalc
    /// graph of it (in process, told apart by their first bytes), then the proof from the zkey
    /// (no .wtns file in between).
    Fullprove(FullproveArgs),

    /// A Groth16 proving key from the circuit's .r1cs and a prepared powers of tau, like
    /// `snarkjs groth16 setup R1CS PTAU ZKEY`: the initial key (no contributions), which
    /// `snarkjs zkey verify R1CS PTAU ZKEY` accepts.
    #[command(long_about = "A Groth16 proving key from the circuit's .r1cs and a prepared \
        powers of tau, like `snarkjs groth16 setup R1CS PTAU ZKEY`: the same initial key (delta \
        and gamma the generators, no contributions, snarkjs's circuit hash), which `snarkjs zkey \
        verify R1CS PTAU ZKEY` accepts.\n\n\
        PTAU must be prepared for phase 2 (`snarkjs powersoftau prepare phase2 IN OUT`) and of a \
        power at least the circuit's: 2^power must exceed constraints + public inputs + outputs. \
        The key is for development only until it gets contributions: add them with `snarkjs \
        zkey contribute` (a key whose delta is the generator lets anyone forge proofs).")]
    Setup(super::circom_setup::SetupArgs),

    /// Add the Lagrange-basis sections a setup needs to a powers of tau, like `snarkjs
    /// powersoftau prepare phase2 IN OUT`: the same file byte for byte.
    #[command(name = "prepare-phase2")]
    PreparePhase2(super::circom_setup::PreparePhase2Args),
}

impl CircomCmd {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        match self {
            Self::Prove(args) => args.run(out),
            Self::Wtns(args) => args.run(out),
            Self::Fullprove(args) => args.run(out),
            Self::Setup(args) => args.run(out),
            Self::PreparePhase2(args) => args.run(out),
        }
    }
}

/// `zkp-ledger circom prove`.
#[derive(Debug, Args)]
pub(crate) struct ProveArgs {
    /// The snarkjs Groth16 proving key (`snarkjs groth16 setup` / `zkey contribute`).
    ///
    /// Every point is checked (canonical coordinates, on the curve, B2 in G2). The G2 check,
    /// most of a large key's read, is remembered per key content in
    /// ~/.cache/zkp-ledger/g2-checked (ZKP_LEDGER_G2_MEMO=DIR elsewhere, =off checks every
    /// time).
    #[arg(value_name = "ZKEY")]
    zkey: PathBuf,
    /// The witness (.wtns), e.g. from `snarkjs wtns calculate circuit.wasm input.json w.wtns`.
    #[arg(value_name = "WTNS")]
    wtns: PathBuf,
    /// Where to write the proof, in snarkjs's proof.json format.
    #[arg(long, value_name = "FILE", default_value = "proof.json")]
    proof: PathBuf,
    /// Where to write the public signals, in snarkjs's public.json format (outputs, then public
    /// inputs).
    #[arg(long, value_name = "FILE", default_value = "public.json")]
    public: PathBuf,
    /// The circuit's .r1cs: check that the witness satisfies every constraint before proving
    /// (snarkjs does not; the zkey alone cannot tell).
    #[arg(long, value_name = "FILE")]
    r1cs: Option<PathBuf>,
}

fn reading(path: &Path) -> String {
    format!("reading {}", path.display())
}

impl ProveArgs {
    fn run(self, out: Output) -> eyre::Result<()> {
        let t0 = Instant::now();
        let prover = Zkey::read_with_memo(&self.zkey, SubgroupMemo::default_location().as_ref())
            .map(ZkeyProver::new)
            .wrap_err_with(|| reading(&self.zkey))?;
        let wtns = Wtns::read(&self.wtns).wrap_err_with(|| reading(&self.wtns))?;
        let t_read = t0.elapsed();
        prove_and_write(
            out,
            Files {
                zkey: &self.zkey,
                witness: &self.wtns,
                r1cs: self.r1cs.as_deref(),
                proof: &self.proof,
                public: &self.public,
            },
            prover,
            &wtns.values,
            t_read,
        )
    }
}

/// `zkp-ledger circom fullprove`.
#[derive(Debug, Args)]
pub(crate) struct FullproveArgs {
    /// The circuit's inputs (snarkjs's input.json).
    #[arg(value_name = "INPUT.json")]
    input: PathBuf,
    /// The circuit's witness calculator: its wasm (`circom --wasm`) or a circom-witnesscalc
    /// graph of it (`build-circuit`), told apart by their first bytes.
    #[arg(value_name = "CIRCUIT.wasm|GRAPH")]
    wasm: PathBuf,
    /// The snarkjs Groth16 proving key.
    ///
    /// Every point is checked (canonical coordinates, on the curve, B2 in G2). The G2 check,
    /// most of a large key's read, is remembered per key content in
    /// ~/.cache/zkp-ledger/g2-checked (ZKP_LEDGER_G2_MEMO=DIR elsewhere, =off checks every
    /// time).
    #[arg(value_name = "ZKEY")]
    zkey: PathBuf,
    /// Where to write the proof, in snarkjs's proof.json format.
    #[arg(long, value_name = "FILE", default_value = "proof.json")]
    proof: PathBuf,
    /// Where to write the public signals, in snarkjs's public.json format.
    #[arg(long, value_name = "FILE", default_value = "public.json")]
    public: PathBuf,
    /// The circuit's .r1cs: check every constraint before proving.
    #[arg(long, value_name = "FILE")]
    r1cs: Option<PathBuf>,
}

impl FullproveArgs {
    fn run(self, out: Output) -> eyre::Result<()> {
        let t0 = Instant::now();
        // The witness is computed on its own thread while the key is read: a wasm witness runs
        // on one core, and the key's read leaves the other idle for most of that time.
        let (prover, wtns) = std::thread::scope(|scope| {
            let witness = scope.spawn(|| super::circom_wtns::witness(out, &self.input, &self.wasm));
            // Laid out for proving here too, while the witness may still be running.
            let prover =
                Zkey::read_with_memo(&self.zkey, SubgroupMemo::default_location().as_ref())
                    .map(ZkeyProver::new)
                    .wrap_err_with(|| reading(&self.zkey));
            let wtns =
                witness.join().unwrap_or_else(|_| Err(eyre::eyre!("the witness thread panicked")));
            (prover, wtns)
        });
        // The key's error first, as when the two were made one after the other.
        let prover = prover?;
        let wtns = wtns?.wtns;
        let t_read = t0.elapsed();
        prove_and_write(
            out,
            Files {
                zkey: &self.zkey,
                witness: &self.wasm,
                r1cs: self.r1cs.as_deref(),
                proof: &self.proof,
                public: &self.public,
            },
            prover,
            &wtns.values,
            t_read,
        )
    }
}

/// The files a proof is made from and written to (for messages).
struct Files<'a> {
    zkey: &'a Path,
    witness: &'a Path,
    r1cs: Option<&'a Path>,
    proof: &'a Path,
    public: &'a Path,
}

/// Checks the witness against the zkey (and the r1cs if given), proves, and writes snarkjs's
/// proof.json and public.json.
fn prove_and_write(
    out: Output,
    files: Files<'_>,
    prover: ZkeyProver,
    witness: &[ark_bn254::Fr],
    t_read: std::time::Duration,
) -> eyre::Result<()> {
    let mismatch = || format!("{} does not fit {}", files.witness.display(), files.zkey.display());
    prover.check_witness(witness).wrap_err_with(mismatch)?;
    if let Some(path) = files.r1cs {
        let r1cs = R1cs::read(path).wrap_err_with(|| reading(path))?;
        r1cs.check(witness).wrap_err_with(|| {
            format!("{} does not satisfy {}", files.witness.display(), path.display())
        })?;
    }
    let t1 = Instant::now();
    let proof = prover.prove(witness, &mut OsRng).wrap_err_with(mismatch)?;
    let t_prove = t1.elapsed();
    crate::util::record_proof("circom", t_prove);
    let public = prover.public_signals(witness).wrap_err_with(mismatch)?;
    write_json_atomic(files.proof, &ProofJson::from_proof(&proof, None))
        .wrap_err_with(|| format!("writing {}", files.proof.display()))?;
    write_json_atomic(files.public, &public_to_json(&public))
        .wrap_err_with(|| format!("writing {}", files.public.display()))?;
    {
        let (proof_path, public_path) = (files.proof, files.public);
        out.result(
            || {
                format!(
                    "wrote {} and {} ({} public signals, {} signals; read in {:.1} ms, proved in {:.1} ms)",
                    proof_path.display(),
                    public_path.display(),
                    public.len(),
                    prover.num_vars(),
                    ms(t_read),
                    ms(t_prove)
                )
            },
            || {
                json!({
                    "proof": proof_path,
                    "public": public_path,
                    "public_signals": public.len(),
                    "signals": prover.num_vars(),
                    "read_ms": ms(t_read),
                    "prove_ms": ms(t_prove),
                })
            },
        );
        Ok(())
    }
}
