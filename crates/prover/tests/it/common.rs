use std::{
    path::{Path, PathBuf},
    sync::OnceLock,
};

use ark_bn254::Fr;
use zkp_ledger_circuits::dataset::{
    Column, ColumnBounds, Dataset, Schema, Shape, Statements, Witness,
};
use zkp_ledger_prover::{CircuitSpec, KeyDir, ProofBundle, Prover, Silent, inclusion};

pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Keys shared by the tests of this binary, made once in a temporary directory.
pub(crate) struct Fixture {
    _tmp: tempfile::TempDir,
    pub inclusion_dir: PathBuf,
    pub dataset_dir: PathBuf,
    pub inclusion: Prover,
    pub dataset: Prover,
}

pub(crate) const INCLUSION_DEPTH: usize = 20;
pub(crate) const DATASET_SHAPE: (usize, usize) = (8, 3);

pub(crate) fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let inclusion_dir = tmp.path().join("inclusion");
        let dataset_dir = tmp.path().join("dataset");
        let (inc, _) = KeyDir::setup(
            CircuitSpec::Inclusion { depth: INCLUSION_DEPTH },
            &inclusion_dir,
            &Silent,
        )
        .unwrap();
        let (ds, _) = KeyDir::setup(
            CircuitSpec::Dataset { rows: DATASET_SHAPE.0, cols: DATASET_SHAPE.1 },
            &dataset_dir,
            &Silent,
        )
        .unwrap();
        Fixture {
            inclusion: inc.load_prover(&Silent).unwrap(),
            dataset: ds.load_prover(&Silent).unwrap(),
            inclusion_dir,
            dataset_dir,
            _tmp: tmp,
        }
    })
}

pub(crate) fn leaves() -> Vec<Fr> {
    (0..37u64).map(|i| Fr::from(i * 7919 + 1)).collect()
}

pub(crate) fn inclusion_proof() -> ProofBundle {
    inclusion::prove(&fixture().inclusion, &leaves(), 21).unwrap().0
}

pub(crate) fn sample_dataset() -> Dataset {
    Dataset {
        schema: Schema {
            columns: vec![
                Column { name: "age".into(), scale: 0 },
                Column { name: "income".into(), scale: 2 },
                Column { name: "delta".into(), scale: 0 },
            ],
        },
        rows: vec![
            vec![34, 5_200_000, -3],
            vec![51, 7_100_050, 4],
            vec![19, 0, -1],
            vec![77, 12, 0],
        ],
    }
}

pub(crate) fn sample_statements() -> Statements {
    Statements {
        columns: vec![
            ColumnBounds { range: Some((18, 99)), ..Default::default() },
            ColumnBounds {
                range: Some((0, i64::MAX)),
                sum_max: Some(20_000_000),
                ..Default::default()
            },
            ColumnBounds { sumsq_max: Some(30), ..Default::default() },
        ],
    }
}

pub(crate) fn dataset_proof() -> ProofBundle {
    let f = fixture();
    let shape = Shape::new(DATASET_SHAPE.0, DATASET_SHAPE.1).unwrap();
    let (w, _) =
        Witness::new(shape, &sample_dataset(), &sample_statements(), Fr::from(123456789u64))
            .unwrap();
    let circuit = zkp_ledger_circuits::dataset::DatasetCircuit::for_proving(shape, w).unwrap();
    let (proof, inputs, _) = f.dataset.prove(circuit).unwrap();
    ProofBundle { proof, inputs, circuit_id: f.dataset.circuit_id.clone() }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}
