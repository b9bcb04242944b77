//! The Circom fixtures cross-checked on chain (`contracts/test/verifiers/
//! CircomCrossVerification.t.sol`): for each circuit in [`CIRCOM_FIXTURES`], our generated
//! verifier of its snarkjs zkey, snarkjs's own exported verifier of the same zkey, and one
//! Solidity library holding, per circuit, a proof made by our prover ([`ZkeyProver`], witness
//! from our wasm witness calculator) and snarkjs's committed proof with its public signals.

use ark_bn254::Fr;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_circom::{Inputs, WitnessCalculator, Zkey, ZkeyProver};
use zkp_ledger_prover::{
    Verifier,
    evm::{Calldata, circuit_id_hex},
    snarkjs::{ProofJson, public_from_json, read_json},
};
use zkp_ledger_verifier_gen::{Options, generate};

use crate::common::{BLESS_ENV, at_root};

/// The Circom fixtures (`circuits/circom/fixtures/<name>`, each with `<name>.zkey`,
/// `<name>.wasm`, `input.json`, `proof.json` and `public.json` made by circom2 and snarkjs)
/// whose verifiers and proofs are cross-checked on chain. Adding a circuit is one line here,
/// then `ZKP_LEDGER_BLESS=1 cargo test -p zkp-ledger-verifier-gen --test it committed`.
pub(crate) const CIRCOM_FIXTURES: &[&str] = &["poseidon", "eddsa", "smt", "sha256"];

/// The seed of our prover's randomness (r, s) for the committed proofs: they are reproducible.
const PROOF_SEED: u64 = 13;

/// Where the Solidity library of the proofs goes.
pub(crate) const CIRCOM_SOL_FIXTURE: &str = "contracts/test/verifiers/fixtures/CircomFixtures.sol";

/// One Circom fixture and the names of what is generated from it.
pub(crate) struct CircomFixture {
    /// Its directory name, e.g. "poseidon".
    pub name: &'static str,
}

impl CircomFixture {
    pub(crate) fn all() -> impl Iterator<Item = Self> {
        CIRCOM_FIXTURES.iter().map(|name| Self { name })
    }

    /// "poseidon" -> "Poseidon".
    pub(crate) fn camel(&self) -> String {
        let mut c = self.name.chars();
        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
    }

    pub(crate) fn file(&self, file: &str) -> String {
        format!("circuits/circom/fixtures/{}/{file}", self.name)
    }

    pub(crate) fn zkey_path(&self) -> String {
        self.file(&format!("{}.zkey", self.name))
    }

    /// Our verifier's contract name.
    pub(crate) fn ours_name(&self) -> String {
        format!("Circom{}Verifier", self.camel())
    }

    /// Our verifier's file.
    pub(crate) fn ours_out(&self) -> String {
        format!("contracts/test/verifiers/generated/{}.sol", self.ours_name())
    }

    /// snarkjs's verifier's contract name.
    pub(crate) fn snarkjs_name(&self) -> String {
        format!("Groth16VerifierCircom{}", self.camel())
    }

    /// snarkjs's verifier's file.
    pub(crate) fn snarkjs_out(&self) -> String {
        format!("contracts/test/verifiers/generated/snarkjs/{}.sol", self.snarkjs_name())
    }

    pub(crate) fn zkey(&self) -> Zkey {
        Zkey::read(&at_root(&self.zkey_path())).unwrap()
    }

    /// Our verifier of the zkey, as `zkp-ledger export-verifier --zkey` writes it.
    pub(crate) fn render_ours(&self) -> String {
        let (name, out) = (self.ours_name(), self.ours_out());
        let command = format!(
            "zkp-ledger export-verifier --zkey {} --contract-name {name} --out {out}",
            self.zkey_path()
        );
        generate(self.zkey().verifying_key(), &Options { contract_name: name, command }).unwrap()
    }

    /// Runs tools/snarkjs/export-solidity-verifier.mjs on the zkey (snarkjs's own
    /// `zkey export solidityverifier`): writes snarkjs's verifier, or with `check` compares it.
    pub(crate) fn export_snarkjs(&self, check: bool) -> std::process::Output {
        let mut cmd = std::process::Command::new("node");
        cmd.current_dir(crate::common::repo_root()).args([
            "tools/snarkjs/export-solidity-verifier.mjs".to_string(),
            self.zkey_path(),
            self.snarkjs_name(),
            self.snarkjs_out(),
        ]);
        if check {
            cmd.arg("--check");
        }
        cmd.output().expect("node runs (the repository's toolchain needs it)")
    }

    /// snarkjs's committed proof and public signals.
    pub(crate) fn snarkjs_proof(&self) -> (ark_groth16::Proof<ark_bn254::Bn254>, Vec<Fr>) {
        let proof =
            read_json::<ProofJson>(&at_root(&self.file("proof.json"))).unwrap().to_proof().unwrap();
        let public = read_json::<Vec<String>>(&at_root(&self.file("public.json"))).unwrap();
        (proof, public_from_json(&public).unwrap())
    }

    /// Our proof: the witness from the circuit's wasm and input.json by our witness calculator,
    /// proven by [`ZkeyProver`] with a seeded RNG, and its public signals.
    pub(crate) fn our_proof(&self) -> (ark_groth16::Proof<ark_bn254::Bn254>, Vec<Fr>) {
        let wasm =
            WitnessCalculator::read(&at_root(&self.file(&format!("{}.wasm", self.name)))).unwrap();
        let inputs = Inputs::read(&at_root(&self.file("input.json"))).unwrap();
        let witness = wasm.calculate(&inputs).unwrap().values;
        let prover = ZkeyProver::new(self.zkey());
        let proof = prover.prove(&witness, &mut StdRng::seed_from_u64(PROOF_SEED)).unwrap();
        (proof, prover.public_signals(&witness).unwrap())
    }
}

/// The checks behind the committed files: both proofs verify under the zkey's verifying key
/// with our Rust verifier, are proofs of the same public signals, and are different proofs.
/// Returns, per fixture, the circuit id, our proof, snarkjs's proof and the inputs.
pub(crate) fn checked_proofs() -> Vec<(String, Calldata, Calldata)> {
    CircomFixture::all()
        .map(|f| {
            let vk = f.zkey().verifying_key().clone();
            let (ours, ours_public) = f.our_proof();
            let (theirs, public) = f.snarkjs_proof();
            assert_eq!(ours_public, public, "{}: our witness's public signals", f.name);
            assert_ne!(ours, theirs, "{}: our proof is our own", f.name);
            let verifier = Verifier::new(vk.clone());
            assert!(verifier.verify(&ours, &public).unwrap(), "{}: our proof", f.name);
            assert!(verifier.verify(&theirs, &public).unwrap(), "{}: snarkjs's proof", f.name);
            let mut wrong = public.clone();
            wrong[0] += Fr::from(1u64);
            assert!(!verifier.verify(&ours, &wrong).unwrap(), "{}: signal 0 + 1", f.name);
            (circuit_id_hex(&vk), Calldata::new(&ours, &public), Calldata::new(&theirs, &public))
        })
        .collect()
}

fn words(hex: &[String]) -> String {
    hex.iter().map(|w| w.trim_start_matches("0x")).collect()
}

/// The Solidity library of every fixture's proofs and verifiers.
pub(crate) fn render_sol_fixture() -> String {
    let proofs = checked_proofs();
    let fixtures: Vec<CircomFixture> = CircomFixture::all().collect();
    let mut imports = Vec::new();
    for f in &fixtures {
        imports.push((f.ours_name(), format!("../generated/{}.sol", f.ours_name())));
        imports.push((f.snarkjs_name(), format!("../generated/snarkjs/{}.sol", f.snarkjs_name())));
    }
    // As forge fmt writes them: sorted by path, one line unless longer than 100 characters.
    imports.sort_by(|a, b| a.1.cmp(&b.1));
    let imports: Vec<String> = imports
        .iter()
        .map(|(name, path)| {
            let line = format!("import {{{name}}} from \"{path}\";");
            if line.len() <= 100 {
                line
            } else {
                format!("import {{\n    {name}\n}} from \"{path}\";")
            }
        })
        .collect();
    let mut constants = String::new();
    let mut cases = String::new();
    for (i, (f, (id, ours, theirs))) in fixtures.iter().zip(&proofs).enumerate() {
        // abi.encode(bytes32, uint256[8], uint256[8], uint256[]): the static parts in place,
        // the offset of the inputs (after these 18 head words), their count, the inputs.
        let l = ours.input.len();
        let data = format!(
            "{}{}{}{:064x}{l:064x}{}",
            id.trim_start_matches("0x"),
            words(&ours.proof),
            words(&theirs.proof),
            32 * 18,
            words(&ours.input)
        );
        let upper = f.name.to_ascii_uppercase();
        constants += &format!(
            "
    /// @notice abi.encode(bytes32 circuitId, uint256[8] oursProof, uint256[8] snarkjsProof,
    ///         uint256[] inputs): {dir}, {l} public signals.
    bytes internal constant {upper} =
        hex\"{data}\";
",
            dir = f.file("").trim_end_matches('/'),
        );
        cases += &format!(
            "        list[{i}] = _case(\"{name}\", {upper});
        list[{i}].ours = address(new {ours}());
        list[{i}].snarkjs = address(new {snarkjs}());
",
            name = f.name,
            ours = f.ours_name(),
            snarkjs = f.snarkjs_name(),
        );
    }
    format!(
        "// SPDX-License-Identifier: MIT
// Generated by the verifier generator's tests from circuits/circom/fixtures/<name>/ for
// <name> in {{{names}}}
// (crates/verifier-gen/tests/it/circom.rs); do not edit. Regenerate with
// {BLESS_ENV}=1 cargo test -p zkp-ledger-verifier-gen --test it committed
pragma solidity 0.8.30;

{imports}

/// @title CircomFixtures
/// @notice Real Circom circuits (circom2 and snarkjs, see the README in each fixture directory),
///         each with our generated verifier of its snarkjs zkey (`zkp-ledger export-verifier
///         --zkey`), snarkjs's exported verifier of the same zkey (`snarkjs zkey export
///         solidityverifier`), a proof made by zkp-ledger's prover (ZkeyProver, the witness from
///         our wasm witness calculator, seeded randomness), and snarkjs's proof (proof.json), both
///         of the public signals in public.json, in the calldata form.
library CircomFixtures {{
    /// @notice One circuit: its two verifiers and two proofs of one statement.
    struct Case {{
        string name;
        bytes32 circuitId;
        address ours;
        address snarkjs;
        uint256[8] oursProof;
        uint256[8] snarkjsProof;
        uint256[] inputs;
    }}

    /// @notice The number of circuits.
    uint256 internal constant COUNT = {count};
{constants}
    /// @notice Every circuit, with both verifiers deployed.
    function cases() internal returns (Case[] memory list) {{
        list = new Case[](COUNT);
{cases}    }}

    function _case(string memory name, bytes memory data) private pure returns (Case memory c) {{
        c.name = name;
        (c.circuitId, c.oursProof, c.snarkjsProof, c.inputs) =
            abi.decode(data, (bytes32, uint256[8], uint256[8], uint256[]));
    }}
}}
",
        names = CIRCOM_FIXTURES.join(", "),
        imports = imports.join("\n"),
        count = fixtures.len(),
    )
}
