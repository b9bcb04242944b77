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
//! cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact make::commit_k3_fixture
//! cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact make::chunk_fixture
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

/// The gas fixtures' numbers of public inputs: every l from 1 to 8, for the comparison with
/// snarkjs's verifier (each seeded with l, so adding sizes leaves the others' files as they were).
const GAS_INPUTS: &[usize] = &[1, 2, 3, 4, 5, 6, 7, 8];

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

/// Rows in the chunk fixture's table: two full chunks and a shorter third one.
fn chunk_table_rows(rows_per_chunk: usize) -> u64 {
    (2 * rows_per_chunk + rows_per_chunk / 2) as u64
}

/// The dataset chunk fixture (see [`ChunkFixture`]): seeded keys, a synthetic table committed
/// with a seeded opening, and a proof of a statement about it made by the dataset library
/// (`prove_dataset`) and checked by it (`verify_dataset`) before it is kept.
pub(crate) fn chunk_fixture_data() -> ChunkFixture {
    use zkp_ledger_circuits::chunked::chunk::ChunkShape;
    use zkp_ledger_dataset::{
        chunked::{
            ChunkKeys, Chunker, ColumnStatement, CountStatement, DatasetStatement, FinalProofFile,
            Opening, STATEMENT_FORMAT, columns_of, commit, prove_dataset, read_chunk_proofs,
            verify_dataset,
        },
        ingest::{self, Format, synth},
    };
    use zkp_ledger_prover::{
        evm::commit_circuit_id_hex, field::fr_from_canonical_decimal, snarkjs::read_json,
    };

    let mut rng = StdRng::seed_from_u64(0xda7a);
    let shape = ChunkShape::fit(
        CHUNK_NUMERIC,
        CHUNK_CATEGORICAL,
        CHUNK_SET_SIZE,
        CHUNK_LIMB_BITS,
        CHUNK_LOG2,
    )
    .unwrap();
    let keys = ChunkKeys::generate(shape, &mut rng).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("table.csv");
    let rows = chunk_table_rows(shape.rows);
    synth::write_table(&table, Format::Csv, rows, 7).unwrap();
    let schema = synth::schema();
    let chunks = || {
        let reader =
            ingest::open(&table, Some(Format::Csv), Some(synth::schema()), 65_536).unwrap();
        Chunker::new(reader.map(|b| b.map_err(Into::into)), shape.rows, vec![])
    };
    let opening = Opening::random(&mut rng);
    let mut c =
        commit(&keys, columns_of(&schema), hex::encode(schema.hash()), chunks(), &opening, |_| ())
            .unwrap();
    c.schema = Some(serde_json::from_slice(&schema.canonical_json()).unwrap());
    assert_eq!(c.chunks.len(), 3);
    let claim = |column: &str| ColumnStatement { column: column.into(), ..Default::default() };
    let statement = DatasetStatement {
        format: STATEMENT_FORMAT.into(),
        commitment: c.id().unwrap(),
        columns: vec![
            ColumnStatement { range: Some([18, 90]), ..claim("age") },
            // Mean income at most 250,000.00 (cents).
            ColumnStatement {
                sum: Some(["0".into(), (rows * 25_000_000).to_string()]),
                ..claim("income")
            },
            // Mean square of the score at most 1 (ten-thousandths squared).
            ColumnStatement { sumsq_max: Some((rows * 100_000_000).to_string()), ..claim("score") },
            ColumnStatement {
                set: Some(["cat", "dog", "bird", "fish", "lizard"].map(String::from).to_vec()),
                count: Some(CountStatement { value: "cat".into(), min: 1, max: rows }),
                ..claim("label")
            },
            // Signed up in 2015..2025 (microseconds).
            ColumnStatement {
                range: Some([1_420_070_400_000_000, 1_735_689_600_000_000]),
                ..claim("signup")
            },
        ],
    };
    let out = tmp.path().join("proof");
    prove_dataset(&keys, &c, &opening, &statement, chunks(), &out, &mut rng, |_, _| ()).unwrap();
    let verified = verify_dataset(&out, &c, &mut rng).unwrap();
    assert_eq!(verified.chunks, 3);

    let made_by = "cargo test -p zkp-ledger-verifier-gen --test it -- --ignored --exact \
                   make::chunk_fixture";
    let chunk_proofs = read_chunk_proofs(&out, &c).unwrap();
    let chunks_fixture = CalldataFixture {
        circuit_id: commit_circuit_id_hex(keys.vk()),
        public_inputs: keys.vk().num_public(),
        made_by: made_by.into(),
        proofs: chunk_proofs.iter().map(|(p, x)| Calldata::from_commit(p, x)).collect(),
    };
    let f: FinalProofFile = read_json(&out.join("final.json")).unwrap();
    let public: Vec<Fr> =
        f.public.iter().map(|s| fr_from_canonical_decimal(s, "final input").unwrap()).collect();
    let final_fixture = CalldataFixture {
        circuit_id: circuit_id_hex(keys.final_vk()),
        public_inputs: public.len(),
        made_by: made_by.into(),
        proofs: vec![Calldata::new(&f.proof.to_proof().unwrap(), &public)],
    };
    ChunkFixture {
        vk: keys.vk().clone(),
        final_vk: keys.final_vk().clone(),
        chunks: chunks_fixture,
        final_proof: final_fixture,
        commitment: to_json_string(&c),
        statement: to_json_string(&statement),
        rows_per_chunk: shape.rows,
        rows,
    }
}

#[test]
#[ignore = "rewrites the dataset chunk fixture (seeded, so the same files): run on purpose"]
fn chunk_fixture() {
    use zkp_ledger_prover::snarkjs::CommitVerificationKeyJson;
    let t = std::time::Instant::now();
    let f = chunk_fixture_data();
    eprintln!("chunk fixture made in {:.1?}", t.elapsed());
    let dir = at_root(CHUNK_FIXTURE_DIR);
    std::fs::create_dir_all(dir.join("final")).unwrap();
    std::fs::write(
        dir.join("verification_key.json"),
        to_json_string(&CommitVerificationKeyJson::from_vk(&f.vk)),
    )
    .unwrap();
    std::fs::write(
        dir.join("final/verification_key.json"),
        to_json_string(&VerificationKeyJson::from_vk(&f.final_vk)),
    )
    .unwrap();
    f.chunks.write(&dir);
    f.final_proof.write(&dir.join("final"));
    std::fs::write(dir.join("commitment.json"), &f.commitment).unwrap();
    std::fs::write(dir.join("statement.json"), &f.statement).unwrap();
    write_readme(
        &dir,
        &format!(
            "# A dataset statement: chunk proofs with two commitments, and the final proof

Real proofs of a statement about a committed table, made by the dataset library
(`zkp_ledger_dataset::chunked`, the code behind `zkp-ledger commit` and `zkp-ledger prove
dataset`; protocol in `docs/datasets-at-scale.md`), for the Solidity verifiers' tests and the
on-chain gas of a whole statement (BENCHMARKS.md).

- Shape: {numeric} numeric columns, {categorical} categorical, sets of {set_size}: the
  production shape's public inputs ({inputs} per chunk proof, {final_inputs} for the final
  proof). Rows per chunk ({rows_per_chunk}: `ChunkShape::fit` for 2^{log2} constraints) and
  {limb_bits}-bit limbs are small, so the key is quick to make; neither changes a public
  input or the verifier, only the proving cost.
- Table: `synth::write_table` with seed 7, {rows} rows (columns id, age, income, score,
  label, member, signup, clicks), so 3 chunks, the last one shorter. Statement
  (`statement.json`): every age in [18, 90], mean income at most 250,000.00, mean squared
  score at most 1, every label one of 5 names with at least one `cat`, every signup in
  2015..2025.
- `verification_key.json`: the chunk key (commit-and-prove, 2 commitments: the data and the
  lookups), circuit id
  `{id}`.
- `calldata.json`: the 3 chunk proofs as 16 calldata words (A, B, C, D_1, D_2, P_1, P_2) with
  their {inputs} inputs, `0x`-hex, in chunk order (the chain: each proof's input 0 is the
  previous one's input 1; input 2 is its row count).
- `final/verification_key.json`, `final/calldata.json`: the final proof's key (plain
  Groth16), circuit id
  `{final_id}`,
  and the final proof (input 0 is the last chunk's input 1).
- `commitment.json`: the dataset commitment (every chunk's D_1); `statement.json`.

Keys from a seeded single-party setup (test keys, not trusted ones), opening and proofs from
the same seeded RNG, so a re-run writes the same files (a test checks that). Made with

```bash
{made_by}
```

which verifies the proof with `verify_dataset` first. The forge tests read the proofs through
`contracts/test/verifiers/fixtures/DatasetChunkFixture.sol` and `DatasetFinalFixture.sol` and
verify them with `contracts/test/verifiers/generated/DatasetChunkVerifier.sol` and
`DatasetFinalVerifier.sol`.
",
            numeric = CHUNK_NUMERIC,
            categorical = CHUNK_CATEGORICAL,
            set_size = CHUNK_SET_SIZE,
            inputs = f.chunks.public_inputs,
            final_inputs = f.final_proof.public_inputs,
            rows_per_chunk = f.rows_per_chunk,
            log2 = CHUNK_LOG2,
            limb_bits = CHUNK_LIMB_BITS,
            rows = f.rows,
            id = f.chunks.circuit_id,
            final_id = f.final_proof.circuit_id,
            made_by = f.chunks.made_by,
        ),
    );
}

/// The three-commitment fixture: keys for [`CommitGroups`] with groups of 2, 3 and 1 values,
/// and two proofs of different data and tags (seeded: a re-run writes the same files).
pub(crate) fn commit_k3_fixture_data() -> (CommitVerifyingKey, CalldataFixture) {
    use zkp_ledger_prover::commit::{
        CommitPreparedKey, CommitVerifier, generate_commit_keys, prove_commit,
    };
    let mut rng = StdRng::seed_from_u64(0xc3);
    let groups = |base: u64| {
        [2u64, 3, 1]
            .iter()
            .enumerate()
            .map(|(j, &len)| (0..len).map(|i| Fr::from(base + 100 * j as u64 + 7 * i)).collect())
            .collect::<Vec<Vec<Fr>>>()
    };
    let template = CommitGroups { groups: groups(1), tag: Fr::from(0u64) };
    let (pk, m) = generate_commit_keys(&template, &mut rng).unwrap();
    let vk = pk.vk.clone();
    let key = CommitPreparedKey::new(pk, m);
    let verifier = CommitVerifier::new(vk.clone()).unwrap();
    let proofs: Vec<Calldata> = [(1u64, 9u64), (50_000, 1 << 50)]
        .into_iter()
        .map(|(base, tag)| {
            let c = CommitGroups { groups: groups(base), tag: Fr::from(tag) };
            let (proof, inputs, _) = prove_commit(&key, &c, &[None, None, None], &mut rng).unwrap();
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
                  make::commit_k3_fixture"
            .into(),
        proofs,
    };
    (vk, fixture)
}

#[test]
#[ignore = "rewrites the three-commitment fixture (seeded, so the same files): run on purpose"]
fn commit_k3_fixture() {
    use zkp_ledger_prover::snarkjs::CommitVerificationKeyJson;
    let (vk, fixture) = commit_k3_fixture_data();
    let dir = at_root(COMMIT_K3_FIXTURE_DIR);
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
            "# Proofs with three commitments (2 public inputs)

A tiny commit-and-prove circuit with three commitments for the Solidity commit verifier's tests
at k = 3 (`CommitGroups` in `crates/verifier-gen/tests/it/common.rs`): groups of 2, 3 and 1
private values, each group committed in its own D_j, public inputs `sumsq` (of every value) and
a `tag`, and the challenges c_j = hash_to_field(D_j), each used with its group's values in
`prod (c_j - d)`.

- `verification_key.json`: its verifying key with 3 commitments (single-party setup from a
  seeded RNG: a test key, not a trusted one), circuit id
  `{id}`.
- `calldata.json`: two real proofs (tags 9 and 2^50) as the 20 calldata words (A, B, C, D_1,
  D_2, D_3, P_1, P_2, P_3) with their 2 inputs, `0x`-hex.

Made with `{made_by}`: keys from `commit::generate_commit_keys`, proofs from
`commit::prove_commit`, both checked with `CommitVerifier` (random and Fiat–Shamir rho). Seeded,
so a re-run writes the same files (a test checks that). The forge tests read them through
`contracts/test/verifiers/fixtures/CommitK3Fixture.sol` and verify them with
`contracts/test/verifiers/generated/CommitK3Verifier.sol`.
",
            id = fixture.circuit_id,
            made_by = fixture.made_by,
        ),
    );
}
