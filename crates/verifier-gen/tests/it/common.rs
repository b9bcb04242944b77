//! Shared by the tests: the committed artifacts, the fixture format, the Solidity fixture
//! libraries, and the small test circuit with `l` public inputs.

use std::path::{Path, PathBuf};

use ark_bn254::{Bn254, Fr};
use ark_groth16::VerifyingKey;
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::FieldVar, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError, Variable};
use serde::{Deserialize, Serialize};
use zkp_ledger_prover::{
    commit::{CommitCircuit, CommitLayout, CommitProof, CommitVerifyingKey},
    evm::{Calldata, parse_hex_word, proof_from_words},
    snarkjs::{CommitVerificationKeyJson, VerificationKeyJson, read_json, to_json_string},
};
use zkp_ledger_verifier_gen::{Options, generate, generate_commit};

/// Set to 1 to (re)write the committed generated files instead of comparing them.
pub(crate) const BLESS_ENV: &str = "ZKP_LEDGER_BLESS";

pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// A committed verifier: generated from `vk` into `out` as contract `name`.
pub(crate) struct Artifact {
    /// The verifying key (snarkjs JSON), from the repository root.
    pub vk: &'static str,
    /// The contract name.
    pub name: &'static str,
    /// The generated file, from the repository root.
    pub out: &'static str,
}

impl Artifact {
    /// The command written in the file's header.
    pub(crate) fn command(&self) -> String {
        format!(
            "zkp-ledger export-verifier --vk {} --contract-name {} --out {}",
            self.vk, self.name, self.out
        )
    }

    pub(crate) fn vk(&self) -> VerifyingKey<Bn254> {
        read_json::<VerificationKeyJson>(&repo_root().join(self.vk)).unwrap().to_vk().unwrap()
    }

    pub(crate) fn render(&self) -> String {
        generate(&self.vk(), &Options { contract_name: self.name.into(), command: self.command() })
            .unwrap()
    }
}

/// Every committed verifier.
pub(crate) const ARTIFACTS: &[Artifact] = &[
    Artifact {
        vk: "circuits/keys/inclusion-20/verification_key.json",
        name: "InclusionVerifier",
        out: "contracts/src/verifiers/InclusionVerifier.sol",
    },
    Artifact {
        vk: "circuits/keys/dataset-64x8/verification_key.json",
        name: "DatasetVerifier",
        out: "contracts/src/verifiers/DatasetVerifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/snarkjs-preimage/verification_key.json",
        name: "SnarkjsPreimageVerifier",
        out: "contracts/test/verifiers/generated/SnarkjsPreimageVerifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l1/verification_key.json",
        name: "GasL1Verifier",
        out: "contracts/test/verifiers/generated/GasL1Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l2/verification_key.json",
        name: "GasL2Verifier",
        out: "contracts/test/verifiers/generated/GasL2Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l3/verification_key.json",
        name: "GasL3Verifier",
        out: "contracts/test/verifiers/generated/GasL3Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l4/verification_key.json",
        name: "GasL4Verifier",
        out: "contracts/test/verifiers/generated/GasL4Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l5/verification_key.json",
        name: "GasL5Verifier",
        out: "contracts/test/verifiers/generated/GasL5Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l6/verification_key.json",
        name: "GasL6Verifier",
        out: "contracts/test/verifiers/generated/GasL6Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l7/verification_key.json",
        name: "GasL7Verifier",
        out: "contracts/test/verifiers/generated/GasL7Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/gas-l8/verification_key.json",
        name: "GasL8Verifier",
        out: "contracts/test/verifiers/generated/GasL8Verifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/infinity-ic/verification_key.json",
        name: "InfinityIcVerifier",
        out: "contracts/test/verifiers/generated/InfinityIcVerifier.sol",
    },
    Artifact {
        vk: "circuits/fixtures/dataset-chunk/final/verification_key.json",
        name: "DatasetFinalVerifier",
        out: "contracts/test/verifiers/generated/DatasetFinalVerifier.sol",
    },
];

/// `calldata.json` in a fixture directory: real proofs in the EVM calldata form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalldataFixture {
    /// The circuit id of the verifying key the proofs were made for.
    pub circuit_id: String,
    /// Public inputs per proof.
    pub public_inputs: usize,
    /// How the file was made.
    pub made_by: String,
    /// The proofs with their public inputs.
    pub proofs: Vec<Calldata>,
}

impl CalldataFixture {
    pub(crate) fn read(dir: &Path) -> Self {
        read_json(&dir.join("calldata.json")).unwrap()
    }

    pub(crate) fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("calldata.json"), to_json_string(self)).unwrap();
    }

    /// Every proof decoded (strictly) with its inputs.
    pub(crate) fn decoded(&self) -> Vec<(ark_groth16::Proof<Bn254>, Vec<Fr>)> {
        self.proofs
            .iter()
            .map(|c| {
                let words: Vec<[u8; 32]> =
                    c.proof.iter().map(|w| parse_hex_word(w, "proof word").unwrap()).collect();
                let proof = proof_from_words(&words.try_into().unwrap()).unwrap();
                let inputs: Vec<[u8; 32]> =
                    c.input.iter().map(|w| parse_hex_word(w, "input").unwrap()).collect();
                let inputs = zkp_ledger_prover::evm::inputs_from_words(&inputs).unwrap();
                (proof, inputs)
            })
            .collect()
    }
}

/// A Solidity library holding a fixture's proofs for the forge tests.
pub(crate) struct SolFixture {
    /// The library's name.
    pub name: &'static str,
    /// Where its data comes from (a fixture directory, from the repository root).
    pub dir: &'static str,
    /// The generated file, from the repository root.
    pub out: &'static str,
}

/// Every committed Solidity fixture library.
pub(crate) const SOL_FIXTURES: &[SolFixture] = &[
    SolFixture {
        name: "InclusionFixture",
        dir: "circuits/fixtures/inclusion-20",
        out: "contracts/test/verifiers/fixtures/InclusionFixture.sol",
    },
    SolFixture {
        name: "DatasetFixture",
        dir: "circuits/fixtures/dataset-64x8",
        out: "contracts/test/verifiers/fixtures/DatasetFixture.sol",
    },
    SolFixture {
        name: "SnarkjsPreimageFixture",
        dir: "circuits/fixtures/snarkjs-preimage",
        out: "contracts/test/verifiers/fixtures/SnarkjsPreimageFixture.sol",
    },
    SolFixture {
        name: "GasL1Fixture",
        dir: "circuits/fixtures/gas-l1",
        out: "contracts/test/verifiers/fixtures/GasL1Fixture.sol",
    },
    SolFixture {
        name: "GasL2Fixture",
        dir: "circuits/fixtures/gas-l2",
        out: "contracts/test/verifiers/fixtures/GasL2Fixture.sol",
    },
    SolFixture {
        name: "GasL3Fixture",
        dir: "circuits/fixtures/gas-l3",
        out: "contracts/test/verifiers/fixtures/GasL3Fixture.sol",
    },
    SolFixture {
        name: "GasL4Fixture",
        dir: "circuits/fixtures/gas-l4",
        out: "contracts/test/verifiers/fixtures/GasL4Fixture.sol",
    },
    SolFixture {
        name: "GasL5Fixture",
        dir: "circuits/fixtures/gas-l5",
        out: "contracts/test/verifiers/fixtures/GasL5Fixture.sol",
    },
    SolFixture {
        name: "GasL6Fixture",
        dir: "circuits/fixtures/gas-l6",
        out: "contracts/test/verifiers/fixtures/GasL6Fixture.sol",
    },
    SolFixture {
        name: "GasL7Fixture",
        dir: "circuits/fixtures/gas-l7",
        out: "contracts/test/verifiers/fixtures/GasL7Fixture.sol",
    },
    SolFixture {
        name: "GasL8Fixture",
        dir: "circuits/fixtures/gas-l8",
        out: "contracts/test/verifiers/fixtures/GasL8Fixture.sol",
    },
    SolFixture {
        name: "InfinityIcFixture",
        dir: "circuits/fixtures/infinity-ic",
        out: "contracts/test/verifiers/fixtures/InfinityIcFixture.sol",
    },
    SolFixture {
        name: "CommitL2Fixture",
        dir: COMMIT_FIXTURE_DIR,
        out: "contracts/test/verifiers/fixtures/CommitL2Fixture.sol",
    },
    SolFixture {
        name: "CommitK3Fixture",
        dir: COMMIT_K3_FIXTURE_DIR,
        out: "contracts/test/verifiers/fixtures/CommitK3Fixture.sol",
    },
    SolFixture {
        name: "DatasetChunkFixture",
        dir: CHUNK_FIXTURE_DIR,
        out: "contracts/test/verifiers/fixtures/DatasetChunkFixture.sol",
    },
    SolFixture {
        name: "DatasetFinalFixture",
        dir: "circuits/fixtures/dataset-chunk/final",
        out: "contracts/test/verifiers/fixtures/DatasetFinalFixture.sol",
    },
];

/// The snarkjs fixture's two proofs in our calldata form, read from snarkjs's JSON.
pub(crate) fn snarkjs_fixture() -> CalldataFixture {
    use zkp_ledger_prover::snarkjs::{ProofJson, public_from_json};
    let dir = repo_root().join("circuits/fixtures/snarkjs-preimage");
    let vk = read_json::<VerificationKeyJson>(&dir.join("verification_key.json"))
        .unwrap()
        .to_vk()
        .unwrap();
    let proofs = [("proof.json", "public.json"), ("proof2.json", "public2.json")]
        .iter()
        .map(|(p, x)| {
            let proof = read_json::<ProofJson>(&dir.join(p)).unwrap().to_proof().unwrap();
            let inputs =
                public_from_json(&read_json::<Vec<String>>(&dir.join(x)).unwrap()).unwrap();
            Calldata::new(&proof, &inputs)
        })
        .collect();
    CalldataFixture {
        circuit_id: zkp_ledger_prover::evm::circuit_id_hex(&vk),
        public_inputs: 2,
        made_by: "snarkjs (see circuits/fixtures/snarkjs-preimage/README.md)".into(),
        proofs,
    }
}

impl SolFixture {
    pub(crate) fn data(&self) -> CalldataFixture {
        if self.dir.ends_with("snarkjs-preimage") {
            snarkjs_fixture()
        } else {
            CalldataFixture::read(&repo_root().join(self.dir))
        }
    }

    /// The library's source: the proofs and inputs as one ABI-encoded constant.
    pub(crate) fn render(&self) -> String {
        let f = self.data();
        let l = f.public_inputs;
        let n = f.proofs.len();
        // Proof words: 8, or 8 + 4k for proofs with k commitments.
        let pw = f.proofs.first().map_or(8, |c| c.proof.len());
        // abi.encode(uint256[pw][] proofs, uint256[l][] inputs).
        let mut words: Vec<String> = Vec::new();
        let word = |v: usize| format!("{v:064x}");
        words.push(word(0x40));
        words.push(word(0x40 + 32 * (1 + pw * n)));
        words.push(word(n));
        for c in &f.proofs {
            assert_eq!(c.proof.len(), pw);
            words.extend(c.proof.iter().map(|w| w.trim_start_matches("0x").to_string()));
        }
        words.push(word(n));
        for c in &f.proofs {
            assert_eq!(c.input.len(), l);
            words.extend(c.input.iter().map(|w| w.trim_start_matches("0x").to_string()));
        }
        let name = self.name;
        let dir = self.dir;
        let source = if dir.ends_with("snarkjs-preimage") {
            format!("{dir}/{{proof,public}}{{,2}}.json")
        } else {
            format!("{dir}/calldata.json")
        };
        let signature = format!(
            "    function load() internal pure returns (uint256[{pw}][] memory proofs, uint256[{l}][] \
             memory inputs) {{"
        );
        let signature = if signature.len() <= 100 {
            signature
        } else {
            format!(
                "    function load()\n        internal\n        pure\n        returns (uint256[{pw}][] \
                 memory proofs, uint256[{l}][] memory inputs)\n    {{"
            )
        };
        format!(
            "// SPDX-License-Identifier: MIT
// Generated by the verifier generator's tests from
// {source}; do not edit. Regenerate with
// {BLESS_ENV}=1 cargo test -p zkp-ledger-verifier-gen --test it committed
pragma solidity 0.8.30;

/// @title {name}
/// @notice {n} real proofs of circuit CIRCUIT_ID with {l} public input(s) each, in the calldata
///         form (see the README in {dir}).
library {name} {{
    /// @notice The circuit id the proofs were made for.
    bytes32 internal constant CIRCUIT_ID =
        {id};

    /// @notice The number of proofs.
    uint256 internal constant COUNT = {n};

    /// @notice abi.encode(uint256[{pw}][] proofs, uint256[{l}][] inputs).
    bytes internal constant DATA =
        hex\"{data}\";

    /// @notice The proofs and their public inputs.
{signature}
        return abi.decode(DATA, (uint256[{pw}][], uint256[{l}][]));
    }}
}}
",
            id = f.circuit_id,
            data = words.concat(),
        )
    }
}

/// Compares `text` with the committed file at `rel`, or writes it when blessing.
pub(crate) fn check_or_bless(rel: &str, text: &str) {
    let path = repo_root().join(rel);
    if std::env::var(BLESS_ENV).is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{rel}: {e}; run with {BLESS_ENV}=1 to write it"));
    assert!(
        committed == text,
        "{rel} differs from what the generator makes now: regenerate it with \
         `{BLESS_ENV}=1 cargo test -p zkp-ledger-verifier-gen --test it committed` and review \
         the diff"
    );
}

/// The gas test circuit: `l` public inputs `x_j`, each squared into a private `y_j`
/// (`x_j * x_j = y_j`, one constraint per input).
#[derive(Debug, Clone)]
pub(crate) struct Squares {
    pub inputs: Vec<Option<Fr>>,
}

impl ConstraintSynthesizer<Fr> for Squares {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        for x in self.inputs {
            let xv = FpVar::new_input(cs.clone(), || x.ok_or(SynthesisError::AssignmentMissing))?;
            let y = FpVar::new_witness(cs.clone(), || {
                x.map(|v| v * v).ok_or(SynthesisError::AssignmentMissing)
            })?;
            xv.mul_equals(&xv, &y)?;
        }
        Ok(())
    }
}

/// Path of a file under the repository root.
pub(crate) fn at_root(rel: &str) -> PathBuf {
    repo_root().join(rel)
}

/// The fixture's verifying key next to its calldata (gas and infinity fixtures).
pub(crate) fn fixture_vk(dir: &str) -> VerifyingKey<Bn254> {
    read_json::<VerificationKeyJson>(&at_root(dir).join("verification_key.json"))
        .unwrap()
        .to_vk()
        .unwrap()
}

/// The fixture of proofs with one commitment: [`CommitSquares`] with its two public inputs.
pub(crate) const COMMIT_FIXTURE_DIR: &str = "circuits/fixtures/commit-l2";

/// The committed verifier of [`COMMIT_FIXTURE_DIR`]'s key, and how its header says it is made.
pub(crate) const COMMIT_ARTIFACT: Artifact = Artifact {
    vk: "circuits/fixtures/commit-l2/verification_key.json",
    name: "CommitL2Verifier",
    out: "contracts/test/verifiers/generated/CommitL2Verifier.sol",
};

impl Artifact {
    /// The key with commitments at `vk`.
    pub(crate) fn commit_vk(&self) -> CommitVerifyingKey {
        read_json::<CommitVerificationKeyJson>(&repo_root().join(self.vk)).unwrap().to_vk().unwrap()
    }

    /// The header command of a commit verifier: the generator's test that (re)writes it (the CLI
    /// exports plain verifiers only).
    pub(crate) fn commit_command(&self) -> String {
        format!(
            "{BLESS_ENV}=1 cargo test -p zkp-ledger-verifier-gen --test it committed (generate_commit \
             of {} as {})",
            self.vk, self.name
        )
    }

    pub(crate) fn render_commit(&self) -> String {
        generate_commit(
            &self.commit_vk(),
            &Options { contract_name: self.name.into(), command: self.commit_command() },
        )
        .unwrap()
    }
}

impl CalldataFixture {
    /// Every proof with `k` commitments decoded (strictly) with its inputs.
    pub(crate) fn decoded_commit(&self, k: usize) -> Vec<(CommitProof, Vec<Fr>)> {
        self.proofs.iter().map(|c| c.to_commit_proof(k).unwrap()).collect()
    }
}

fn var(v: &FpVar<Fr>) -> Result<Variable, SynthesisError> {
    match v {
        FpVar::Var(a) => Ok(a.variable),
        FpVar::Constant(_) => Err(SynthesisError::AssignmentMissing),
    }
}

/// A tiny circuit with one commitment (the prover's test circuit, cut down): public inputs
/// `sumsq = sum d_i^2` and a `tag` (squared, so that it is in a constraint), the challenge `c`,
/// and the committed private values `d_i`, used with the challenge in `prod (c - d_i)` (the shape
/// of a lookup argument).
#[derive(Debug, Clone)]
pub(crate) struct CommitSquares {
    pub data: Vec<Fr>,
    pub tag: Fr,
}

impl CommitSquares {
    pub(crate) fn new(data: Vec<Fr>, tag: Fr) -> Self {
        Self { data, tag }
    }

    /// The public inputs: `[sumsq, tag]`.
    pub(crate) fn inputs(&self) -> Vec<Fr> {
        vec![self.data.iter().map(|d| d * d).sum(), self.tag]
    }
}

impl CommitCircuit for CommitSquares {
    fn num_commitments(&self) -> usize {
        1
    }

    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<CommitLayout, SynthesisError> {
        let x = self.inputs();
        let sumsq = FpVar::new_input(cs.clone(), || Ok(x[0]))?;
        let tag = FpVar::new_input(cs.clone(), || Ok(x[1]))?;
        let c = FpVar::new_input(cs.clone(), || {
            challenges.first().copied().ok_or(SynthesisError::AssignmentMissing)
        })?;
        let data = self
            .data
            .iter()
            .map(|d| FpVar::new_witness(cs.clone(), || Ok(*d)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut acc = FpVar::<Fr>::zero();
        let mut prod = FpVar::<Fr>::one();
        for d in &data {
            acc += d * d;
            prod = &prod * &(&c - d);
        }
        acc.enforce_equal(&sumsq)?;
        let _tag_sq = &tag * &tag;
        Ok(CommitLayout {
            challenges: vec![var(&c)?],
            committed: vec![data.iter().map(var).collect::<Result<Vec<_>, _>>()?],
        })
    }
}

/// The dataset chunk fixture: chunk proofs with two commitments and the final proof of one
/// statement (`make::chunk_fixture`).
pub(crate) const CHUNK_FIXTURE_DIR: &str = "circuits/fixtures/dataset-chunk";

/// The chunk shape's columns and set size: the production shape's (so its public inputs).
pub(crate) const CHUNK_NUMERIC: usize = 7;
/// Categorical columns of the chunk fixture.
pub(crate) const CHUNK_CATEGORICAL: usize = 1;
/// Set size of the chunk fixture.
pub(crate) const CHUNK_SET_SIZE: usize = 16;
/// Limb bits of the chunk fixture (small: a small key; no public input depends on it).
pub(crate) const CHUNK_LIMB_BITS: u32 = 4;
/// log2 of the chunk fixture's constraint domain (rows per chunk follow from it).
pub(crate) const CHUNK_LOG2: u32 = 12;

/// The committed verifier of the chunk key (2 commitments).
pub(crate) const CHUNK_ARTIFACT: Artifact = Artifact {
    vk: "circuits/fixtures/dataset-chunk/verification_key.json",
    name: "DatasetChunkVerifier",
    out: "contracts/test/verifiers/generated/DatasetChunkVerifier.sol",
};

/// What `make::chunk_fixture` writes.
pub(crate) struct ChunkFixture {
    /// The chunk key.
    pub vk: CommitVerifyingKey,
    /// The final proof's key.
    pub final_vk: VerifyingKey<Bn254>,
    /// The chunk proofs, in chunk order.
    pub chunks: CalldataFixture,
    /// The final proof.
    pub final_proof: CalldataFixture,
    /// `commitment.json`.
    pub commitment: String,
    /// `statement.json`.
    pub statement: String,
    /// Rows per chunk of the shape.
    pub rows_per_chunk: usize,
    /// Rows of the table.
    pub rows: u64,
}

/// The fixture of proofs with three commitments ([`CommitGroups`], 2 public inputs).
pub(crate) const COMMIT_K3_FIXTURE_DIR: &str = "circuits/fixtures/commit-k3";

/// The committed verifier of [`COMMIT_K3_FIXTURE_DIR`]'s key.
pub(crate) const COMMIT_K3_ARTIFACT: Artifact = Artifact {
    vk: "circuits/fixtures/commit-k3/verification_key.json",
    name: "CommitK3Verifier",
    out: "contracts/test/verifiers/generated/CommitK3Verifier.sol",
};

/// A tiny circuit with one commitment per group of private values: public inputs
/// `sumsq = sum of every d^2` and a `tag` (squared), then one challenge `c_j` per group, used
/// with that group's committed values in `prod (c_j - d)`.
#[derive(Debug, Clone)]
pub(crate) struct CommitGroups {
    pub groups: Vec<Vec<Fr>>,
    pub tag: Fr,
}

impl CommitGroups {
    /// The public inputs: `[sumsq, tag]`.
    pub(crate) fn inputs(&self) -> Vec<Fr> {
        vec![self.groups.iter().flatten().map(|d| d * d).sum(), self.tag]
    }
}

impl CommitCircuit for CommitGroups {
    fn num_commitments(&self) -> usize {
        self.groups.len()
    }

    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<CommitLayout, SynthesisError> {
        let x = self.inputs();
        let sumsq = FpVar::new_input(cs.clone(), || Ok(x[0]))?;
        let tag = FpVar::new_input(cs.clone(), || Ok(x[1]))?;
        let cs_vars = (0..self.groups.len())
            .map(|j| {
                FpVar::new_input(cs.clone(), || {
                    challenges.get(j).copied().ok_or(SynthesisError::AssignmentMissing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut acc = FpVar::<Fr>::zero();
        let mut committed = Vec::new();
        for (g, c) in self.groups.iter().zip(&cs_vars) {
            let data = g
                .iter()
                .map(|d| FpVar::new_witness(cs.clone(), || Ok(*d)))
                .collect::<Result<Vec<_>, _>>()?;
            let mut prod = FpVar::<Fr>::one();
            for d in &data {
                acc += d * d;
                prod = &prod * &(c - d);
            }
            committed.push(data.iter().map(var).collect::<Result<Vec<_>, _>>()?);
        }
        acc.enforce_equal(&sumsq)?;
        let _tag_sq = &tag * &tag;
        Ok(CommitLayout {
            challenges: cs_vars.iter().map(var).collect::<Result<_, _>>()?,
            committed,
        })
    }
}
