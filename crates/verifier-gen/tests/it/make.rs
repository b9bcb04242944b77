//! The makers of the committed reference keys and proof fixtures. Ignored: they make new keys or
//! new (randomised) proofs, so run them on purpose, in this order, then regenerate the verifiers
//! and the Solidity fixture libraries (see circuits/keys/README.md):
//!
//! ```text
//! cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact make::reference_keys
//! cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact make::inclusion_fixture
//! cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact make::dataset_fixture
//! cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact make::gas_fixtures
//! cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact make::commit_fixture
//! ZKP_LEDGER_BLESS=1 cargo test -p zkp-ledger-verifier-gen --test it committed
//! ```
//!
//! `tools/fixtures/make-verifier-fixtures.sh` runs all of it.

use std::path::Path;

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::Field;
use ark_groth16::Groth16;
use ark_std::{
    UniformRand,
    rand::{SeedableRng, rngs::StdRng},
};
use zkp_ledger_circuits::dataset::{
    Column, ColumnBounds, Dataset, DatasetCircuit, Schema, Shape, Statements, Witness,
};
use zkp_ledger_prover::{
    CircuitSpec, KeyDir, ProofBundle, Silent, Verifier,
    commit::CommitVerifyingKey,
    evm::{Calldata, circuit_id_hex},
    groth16, inclusion,
    snarkjs::{VerificationKeyJson, to_json_string},
};

use crate::common::*;

/// Set to 1 to replace existing reference keys.
const FORCE_ENV: &str = "ZKP_LEDGER_FORCE";

/// The reference keys: (circuit, key directory).
const REFERENCE_KEYS: &[(CircuitSpec, &str)] = &[
    (CircuitSpec::Inclusion { depth: 20 }, "circuits/keys/inclusion-20"),
    (CircuitSpec::Dataset { rows: 64, cols: 8 }, "circuits/keys/dataset-64x8"),
];

/// Proofs in the inclusion fixture: enough for a batch of 32.
const INCLUSION_PROOFS: usize = 32;

/// The gas fixtures' numbers of public inputs (l = 2 is the inclusion circuit's).
const GAS_INPUTS: &[usize] = &[1, 4, 8];

fn write_readme(dir: &Path, text: &str) {
    std::fs::write(dir.join("README.md"), text).unwrap();
}

#[test]
#[ignore = "makes new reference keys (a new trusted setup): run on purpose"]
fn reference_keys() {
    let force = std::env::var(FORCE_ENV).is_ok_and(|v| v == "1");
    for (spec, rel) in REFERENCE_KEYS {
        let dir = at_root(rel);
        if dir.join("verification_key.json").exists() {
            if !force {
                eprintln!("{rel}: keys exist, kept (set {FORCE_ENV}=1 to replace them)");
                continue;
            }
            std::fs::remove_dir_all(&dir).unwrap();
        }
        let t = std::time::Instant::now();
        let (kd, _) = KeyDir::setup(*spec, &dir, &Silent).unwrap();
        eprintln!(
            "{rel}: {} ({} constraints), circuit id {}, in {:.1?}",
            spec.describe(),
            kd.manifest.constraints,
            kd.manifest.circuit_id,
            t.elapsed()
        );
    }
}

fn load(rel: &str) -> (KeyDir, zkp_ledger_prover::Prover) {
    let kd = KeyDir::open(&at_root(rel)).unwrap();
    let prover = kd.load_prover(&Silent).unwrap_or_else(|e| {
        panic!(
            "{rel}: {e}. The proving key exists only where the reference keys were made; \
             without it, make new keys (make::reference_keys with {FORCE_ENV}=1) and then every \
             fixture again"
        )
    });
    (kd, prover)
}

fn fixture_of(kd: &KeyDir, bundles: &[ProofBundle], made_by: &str) -> CalldataFixture {
    let verifier = Verifier::new(kd.vk.clone());
    for b in bundles {
        assert!(verifier.verify(&b.proof, &b.inputs).unwrap(), "a fresh proof verifies");
    }
    CalldataFixture {
        circuit_id: kd.manifest.circuit_id.clone(),
        public_inputs: kd.manifest.public_inputs,
        made_by: made_by.into(),
        proofs: bundles.iter().map(ProofBundle::calldata).collect(),
    }
}

#[test]
#[ignore = "makes new proofs with the local proving key: run on purpose"]
fn inclusion_fixture() {
    let (kd, prover) = load("circuits/keys/inclusion-20");
    // Leaves: full-size field elements, so that the inputs are realistic calldata.
    let mut rng = StdRng::seed_from_u64(20);
    let leaves: Vec<Fr> = (0..48).map(|_| Fr::rand(&mut rng)).collect();
    let bundles: Vec<ProofBundle> = (0..INCLUSION_PROOFS as u64)
        .map(|i| inclusion::prove(&prover, &leaves, i * 3 % 48).unwrap().0)
        .collect();
    let dir = at_root("circuits/fixtures/inclusion-20");
    let made_by = "cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact \
                   make::inclusion_fixture";
    fixture_of(&kd, &bundles, made_by).write(&dir);
    bundles[0].write(&dir).unwrap();
    write_readme(
        &dir,
        &format!(
            "# Inclusion proofs (depth 20)

{INCLUSION_PROOFS} real Groth16 proofs of the `inclusion` circuit of depth 20, made by our prover
with the reference key in [`circuits/keys/inclusion-20`](../../keys/inclusion-20) (circuit id
`{id}`): the leaves at indices 0, 3, 6, ... of a tree of 48 full-size field elements (seeded RNG),
each proof with its public inputs `[root, leaf]`.

- `calldata.json`: every proof as the 8 calldata words (A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0,
  C.x, C.y) with its inputs, `0x`-hex.
- `proof.json`, `public.json`: the first proof in snarkjs's JSON form (`snarkjs groth16 verify
  ../../keys/inclusion-20/verification_key.json public.json proof.json` accepts it).

Made with `{made_by}` (needs the reference proving key, which is not committed). The forge tests
read them through `contracts/test/verifiers/fixtures/InclusionFixture.sol`, generated from
`calldata.json` (see `circuits/keys/README.md`).
",
            id = kd.manifest.circuit_id,
        ),
    );
}

/// A 40-row, 8-column dataset whose columns meet the statements below.
fn sample_dataset() -> (Dataset, Statements) {
    let columns = (0..8).map(|j| Column { name: format!("c{j}"), scale: 0 }).collect();
    let rows = (0..40i64)
        .map(|i| (0..8i64).map(|j| (i * 31 + j * 17 + i * j) % 200 - 50).collect())
        .collect();
    let statements = Statements {
        columns: vec![
            ColumnBounds { range: Some((-50, 149)), ..Default::default() },
            ColumnBounds { sum_max: Some(10_000), ..Default::default() },
            ColumnBounds { sumsq_max: Some(10_000_000), ..Default::default() },
            ColumnBounds {
                range: Some((-60, 160)),
                sum_max: Some(6_000),
                sumsq_max: Some(1_000_000),
            },
        ],
    };
    (Dataset { schema: Schema { columns }, rows }, statements)
}

#[test]
#[ignore = "makes new proofs with the local proving key: run on purpose"]
fn dataset_fixture() {
    let (kd, prover) = load("circuits/keys/dataset-64x8");
    let shape = Shape::new(64, 8).unwrap();
    let (dataset, statements) = sample_dataset();
    let mut rng = StdRng::seed_from_u64(64);
    let bundles: Vec<ProofBundle> = (0..2)
        .map(|_| {
            let (w, _) = Witness::new(shape, &dataset, &statements, Fr::rand(&mut rng)).unwrap();
            let circuit = DatasetCircuit::for_proving(shape, w).unwrap();
            let (proof, inputs, _) = prover.prove(circuit).unwrap();
            ProofBundle { proof, inputs, circuit_id: kd.manifest.circuit_id.clone() }
        })
        .collect();
    let dir = at_root("circuits/fixtures/dataset-64x8");
    let made_by = "cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact \
                   make::dataset_fixture";
    fixture_of(&kd, &bundles, made_by).write(&dir);
    bundles[0].write(&dir).unwrap();
    write_readme(
        &dir,
        &format!(
            "# Dataset proofs (64 rows x 8 columns)

Two real Groth16 proofs of the `dataset` circuit of shape 64 x 8 (35 public inputs), made by our
prover with the reference key in [`circuits/keys/dataset-64x8`](../../keys/dataset-64x8) (circuit
id `{id}`): the same 40-row dataset (columns c0..c7, values from a fixed formula) with range, sum
and sum-of-squares statements on columns 0 to 3, under two random blinding values.

- `calldata.json`: both proofs as calldata words with their 35 inputs, `0x`-hex.
- `proof.json`, `public.json`: the first proof in snarkjs's JSON form.

Made with `{made_by}` (needs the reference proving key, which is not committed).
",
            id = kd.manifest.circuit_id,
        ),
    );
}

#[test]
#[ignore = "makes new keys and proofs for the gas circuits: run on purpose"]
fn gas_fixtures() {
    for &l in GAS_INPUTS {
        // Seeded: re-running gives the same keys and proofs.
        let mut rng = StdRng::seed_from_u64(l as u64);
        let pk = groth16::generate_keys(Squares { inputs: vec![None; l] }, &mut rng).unwrap();
        let verifier = Verifier::new(pk.vk.clone());
        let proofs: Vec<Calldata> = (0..2)
            .map(|_| {
                let x: Vec<Fr> = (0..l).map(|_| Fr::rand(&mut rng)).collect();
                let circuit = Squares { inputs: x.iter().copied().map(Some).collect() };
                let proof =
                    Groth16::<Bn254>::create_random_proof_with_reduction(circuit, &pk, &mut rng)
                        .unwrap();
                assert!(verifier.verify(&proof, &x).unwrap());
                Calldata::new(&proof, &x)
            })
            .collect();
        let dir = at_root(&format!("circuits/fixtures/gas-l{l}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("verification_key.json"),
            to_json_string(&VerificationKeyJson::from_vk(&pk.vk)),
        )
        .unwrap();
        let made_by = "cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact \
                       make::gas_fixtures";
        CalldataFixture {
            circuit_id: circuit_id_hex(&pk.vk),
            public_inputs: l,
            made_by: made_by.into(),
            proofs,
        }
        .write(&dir);
        write_readme(
            &dir,
            &format!(
                "# Gas circuit with {l} public input(s)

A test circuit for measuring the Solidity verifier's gas at l = {l}: public inputs x_1..x_{l},
each squared into a private y_j (`x_j * x_j = y_j`, one constraint per input;
`Squares` in `crates/verifier-gen/tests/it/common.rs`).

- `verification_key.json`: its verifying key (single-party setup from a seeded RNG: a test key,
  not a trusted one; circuit id `{id}`).
- `calldata.json`: two real Groth16 proofs (random full-size inputs), as calldata words.

Made with `{made_by}`: keys from our prover's `groth16::generate_keys`, proofs from ark-groth16's
prover, both checked with our verifier. Seeded, so a re-run writes the same files.
",
                id = circuit_id_hex(&pk.vk),
            ),
        );
    }
    infinity_fixture();
}

/// A verifying key with IC points at infinity, derived from the l = 4 gas circuit's key and first
/// proof (x_1..x_4): IC0' = IC2' = infinity and IC1' = IC1 + x_1^-1 (IC0 + x_2 IC2), so that
/// vk_x' = vk_x for inputs (x_1, y, x_3, x_4) with any y: the proof verifies with every y.
fn infinity_fixture() {
    let base = CalldataFixture::read(&at_root("circuits/fixtures/gas-l4"));
    let vk = fixture_vk("circuits/fixtures/gas-l4");
    let (proof, x) = base.decoded().remove(0);
    let ic = &vk.gamma_abc_g1;
    let x1_inv = x[0].inverse().unwrap();
    let ic1: G1Projective = ic[1].into_group() + (ic[0].into_group() + ic[2] * x[1]) * x1_inv;
    let mut vk2 = vk.clone();
    vk2.gamma_abc_g1[0] = G1Affine::zero();
    vk2.gamma_abc_g1[1] = ic1.into_affine();
    vk2.gamma_abc_g1[2] = G1Affine::zero();
    let verifier = Verifier::new(vk2.clone());
    let mut rng = StdRng::seed_from_u64(42);
    let proofs: Vec<Calldata> = [x[1], Fr::rand(&mut rng), Fr::from(0u64)]
        .into_iter()
        .map(|y| {
            let inputs = vec![x[0], y, x[2], x[3]];
            assert!(verifier.verify(&proof, &inputs).unwrap());
            Calldata::new(&proof, &inputs)
        })
        .collect();
    let dir = at_root("circuits/fixtures/infinity-ic");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("verification_key.json"),
        to_json_string(&VerificationKeyJson::from_vk(&vk2)),
    )
    .unwrap();
    CalldataFixture {
        circuit_id: circuit_id_hex(&vk2),
        public_inputs: 4,
        made_by: "cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact \
                  make::gas_fixtures"
            .into(),
        proofs,
    }
    .write(&dir);
    write_readme(
        &dir,
        &format!(
            "# A verifying key with IC points at infinity

snarkjs writes an IC point at infinity as `[\"0\", \"1\", \"0\"]`; the generator must skip such a
point (and start vk_x from infinity when IC0 is one). Real circuits rarely have one, so this key is
derived from the l = 4 gas circuit's key ([`../gas-l4`](../gas-l4)) and its first proof, with
inputs (x_1, x_2, x_3, x_4):

- IC0' = infinity, IC2' = infinity, IC1' = IC1 + x_1^-1 (IC0 + x_2 IC2), IC3' = IC3, IC4' = IC4;
- then vk_x' = x_1 IC1' + x_3 IC3 + x_4 IC4 = vk_x for inputs (x_1, y, x_3, x_4) with any y, so
  the proof verifies under this key for every y (input 1 enters nothing).

`calldata.json` holds that proof with y = x_2, a random y and y = 0 (circuit id `{id}`), all
checked with our verifier. Made by `make::gas_fixtures` (seeded, reproducible).
",
            id = circuit_id_hex(&vk2),
        ),
    );
}

/// The commit fixture: keys for [`CommitSquares`] with 4 committed values, and two proofs of
/// different data and tags (seeded: a re-run writes the same files).
pub(crate) fn commit_fixture_data() -> (CommitVerifyingKey, CalldataFixture) {
    use zkp_ledger_prover::commit::{
        CommitPreparedKey, CommitVerifier, generate_commit_keys, prove_commit,
    };
    let mut rng = StdRng::seed_from_u64(0xc0);
    let values = |base: u64| (0..4u64).map(|i| Fr::from(base + 37 * i)).collect::<Vec<_>>();
    let template = CommitSquares::new(values(1000), Fr::from(0u64));
    let (pk, m) = generate_commit_keys(&template, &mut rng).unwrap();
    let vk = pk.vk.clone();
    let key = CommitPreparedKey::new(pk, m);
    let verifier = CommitVerifier::new(vk.clone()).unwrap();
    let proofs: Vec<Calldata> = [(1000u64, 5u64), (70_000, 1 << 40)]
        .into_iter()
        .map(|(base, tag)| {
            let c = CommitSquares::new(values(base), Fr::from(tag));
            let (proof, inputs, _) = prove_commit(&key, &c, &[None], &mut rng).unwrap();
            assert_eq!(inputs, c.inputs());
            assert!(verifier.verify_with_rng(&proof, &inputs, &mut rng).unwrap());
            assert!(verifier.verify_fiat_shamir(&proof, &inputs).unwrap());
            Calldata::from_commit(&proof, &inputs)
        })
        .collect();
    let fixture = CalldataFixture {
        circuit_id: zkp_ledger_prover::evm::commit_circuit_id_hex(&vk),
        public_inputs: vk.num_public(),
        made_by: "cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact \
                  make::commit_fixture"
            .into(),
        proofs,
    };
    (vk, fixture)
}

#[test]
#[ignore = "rewrites the commit fixture (seeded, so the same files): run on purpose"]
fn commit_fixture() {
    use zkp_ledger_prover::snarkjs::CommitVerificationKeyJson;
    let (vk, fixture) = commit_fixture_data();
    let dir = at_root(COMMIT_FIXTURE_DIR);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("verification_key.json"),
        to_json_string(&CommitVerificationKeyJson::from_vk(&vk)),
    )
    .unwrap();
    fixture.write(&dir);
    write_readme(
        &dir,
        &format!(
            "# Proofs with one commitment (2 public inputs)

A tiny commit-and-prove circuit for the Solidity commit verifier's tests and gas figures
(`CommitSquares` in `crates/verifier-gen/tests/it/common.rs`): four private values d_i committed
in one commitment D, public inputs `sumsq = sum d_i^2` and a `tag`, and the challenge
c = hash_to_field(D) used in `prod (c - d_i)` (the shape of a lookup argument).

- `verification_key.json`: its verifying key with commitments (single-party setup from a seeded
  RNG: a test key, not a trusted one; circuit id `{id}`).
- `calldata.json`: two real proofs (data 1000, 1037, 1074, 1111 with tag 5; data 70000, ...
  with tag 2^40) as the 12 calldata words (A, B, C, D, P) with their 2 inputs, `0x`-hex.

Made with `{made_by}`: keys from `commit::generate_commit_keys`, proofs from
`commit::prove_commit`, both checked with `CommitVerifier` (random and Fiat–Shamir rho). Seeded,
so a re-run writes the same files (a test checks that). The forge tests read them through
`contracts/test/verifiers/fixtures/CommitL2Fixture.sol` and verify them with
`contracts/test/verifiers/generated/CommitL2Verifier.sol`.
",
            id = fixture.circuit_id,
            made_by = fixture.made_by,
        ),
    );
}
