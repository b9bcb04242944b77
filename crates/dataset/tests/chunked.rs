//! Chunked datasets end to end on a tiny key: commit, prove chunk by chunk, verify, resume, and
//! every tampering the verifier must catch. Real commit-and-prove Groth16 proofs throughout.

use ark_bn254::Fr;
use ark_ff::PrimeField;
use rand::{SeedableRng, rngs::StdRng};
use sha2::{Digest, Sha256};
use zkp_ledger_circuits::chunked::chunk::{ChunkShape, ChunkStatement};
use zkp_ledger_dataset::{
    Error,
    chunked::{
        ChunkData, ChunkKeys, ChunkOutcome, ColumnRef, Opening, chunk_proof_path, commit,
        prove_chunks, read_chunk_proofs, verify_chunks,
    },
};

const SHAPE: ChunkShape =
    ChunkShape { rows: 4, numeric: 2, categorical: 1, set_size: 3, limb_bits: 4 };

fn cat(s: &str) -> Fr {
    Fr::from_be_bytes_mod_order(&Sha256::digest(s.as_bytes()))
}

fn table(rows: usize) -> Vec<(i64, i64, &'static str)> {
    (0..rows)
        .map(|r| {
            let r = r as i64;
            (r * 7 % 100, r % 41 - 20, ["a", "b", "c", "a"][(r % 4) as usize])
        })
        .collect()
}

fn chunks(t: &[(i64, i64, &str)]) -> Vec<zkp_ledger_dataset::Result<ChunkData>> {
    t.chunks(SHAPE.rows)
        .map(|c| {
            Ok(ChunkData {
                numeric: vec![c.iter().map(|r| r.0).collect(), c.iter().map(|r| r.1).collect()],
                categorical: vec![c.iter().map(|r| cat(r.2)).collect()],
            })
        })
        .collect()
}

fn columns() -> Vec<ColumnRef> {
    vec![
        ColumnRef { name: "x".into(), categorical: false },
        ColumnRef { name: "y".into(), categorical: false },
        ColumnRef { name: "label".into(), categorical: true },
    ]
}

fn statement() -> ChunkStatement {
    ChunkStatement {
        ranges: vec![(0, 99), (-20, 20)],
        sets: vec![Some(vec![cat("a"), cat("b"), cat("c")])],
        counted: vec![cat("a")],
    }
}

#[test]
fn commit_prove_verify_resume_and_tamper() {
    let mut rng = StdRng::seed_from_u64(12);
    let keys = ChunkKeys::generate(SHAPE, &mut rng).unwrap();
    let t = table(10);
    let opening = Opening::random(&mut rng);
    let c = commit(&keys, columns(), "00".repeat(32), chunks(&t), &opening, |_| ()).unwrap();
    assert_eq!(c.rows, 10);
    assert_eq!(c.chunks.iter().map(|c| c.rows).collect::<Vec<_>>(), vec![4, 4, 2]);
    // Deterministic given the data and the opening; another opening hides it differently.
    let again = commit(&keys, columns(), "00".repeat(32), chunks(&t), &opening, |_| ()).unwrap();
    assert_eq!(c, again);
    let other = Opening::random(&mut rng);
    let c2 = commit(&keys, columns(), "00".repeat(32), chunks(&t), &other, |_| ()).unwrap();
    assert_ne!(c.chunks[0], c2.chunks[0]);

    let dir = tempfile::tempdir().unwrap();
    let s = statement();
    let sh = [7u8; 32];
    let mut outcomes = Vec::new();
    let end =
        prove_chunks(&keys, &c, &opening, &s, &sh, chunks(&t), dir.path(), &mut rng, |i, o| {
            outcomes.push((i, o));
        })
        .unwrap();
    assert!(outcomes.iter().all(|(_, o)| matches!(o, ChunkOutcome::Proven(_))));
    // The chain's end holds the exact totals.
    let sum_x: i64 = t.iter().map(|r| r.0).sum();
    let sum_y: i64 = t.iter().map(|r| r.1).sum();
    let sq_x: i64 = t.iter().map(|r| r.0 * r.0).sum();
    let count_a = t.iter().filter(|r| r.2 == "a").count() as u64;
    let fr = |v: i64| if v < 0 { -Fr::from(v.unsigned_abs()) } else { Fr::from(v as u64) };
    assert_eq!(end.state[0], fr(sum_x));
    assert_eq!(end.state[1], fr(sum_y));
    assert_eq!(end.state[2], fr(sq_x));
    assert_eq!(end.state[4], Fr::from(count_a));

    let proofs = read_chunk_proofs(dir.path(), &c).unwrap();
    let h = verify_chunks(keys.vk(), &c, &s, &proofs, &mut rng).unwrap();
    assert_eq!(h, end.h);

    // Resume: a deleted chunk proof is made again, the others are reused.
    std::fs::remove_file(chunk_proof_path(dir.path(), 1)).unwrap();
    let mut outcomes = Vec::new();
    let end2 =
        prove_chunks(&keys, &c, &opening, &s, &sh, chunks(&t), dir.path(), &mut rng, |i, o| {
            outcomes.push((i, o));
        })
        .unwrap();
    let kinds: Vec<(usize, bool)> =
        outcomes.iter().map(|(i, o)| (*i, matches!(o, ChunkOutcome::Reused))).collect();
    assert_eq!(kinds, vec![(0, true), (1, false), (2, true)]);
    assert_eq!(end2, end);

    // Reordered chunk proofs.
    let mut swapped = proofs.clone();
    swapped.swap(0, 1);
    assert!(matches!(
        verify_chunks(keys.vk(), &c, &s, &swapped, &mut rng),
        Err(Error::ProofRejected(_))
    ));
    // A dropped chunk proof.
    assert!(verify_chunks(keys.vk(), &c, &s, &proofs[..2], &mut rng).is_err());
    // Another statement than the one proven.
    let mut s2 = s.clone();
    s2.ranges[0] = (0, 98);
    assert!(verify_chunks(keys.vk(), &c, &s2, &proofs, &mut rng).is_err());
    // Chunk proofs of another dataset (same key) against this commitment.
    let mut t3 = t.clone();
    t3[5].0 += 1;
    let c3 = commit(&keys, columns(), "00".repeat(32), chunks(&t3), &opening, |_| ()).unwrap();
    assert_eq!(c3.chunks[0], c.chunks[0]);
    assert_ne!(c3.chunks[1], c.chunks[1]);
    let dir3 = tempfile::tempdir().unwrap();
    prove_chunks(&keys, &c3, &opening, &s, &sh, chunks(&t3), dir3.path(), &mut rng, |_, _| ())
        .unwrap();
    let proofs3 = read_chunk_proofs(dir3.path(), &c3).unwrap();
    assert!(verify_chunks(keys.vk(), &c, &s, &proofs3, &mut rng).is_err());
    let mut mixed = proofs.clone();
    mixed[1] = proofs3[1].clone();
    assert!(verify_chunks(keys.vk(), &c, &s, &mixed, &mut rng).is_err());
    // A mutated proof element.
    let mut bad = proofs.clone();
    bad[2].0.proof.c = bad[1].0.proof.c;
    assert!(verify_chunks(keys.vk(), &c, &s, &bad, &mut rng).is_err());

    // Proving with changed data against the old commitment: refused before proving.
    let dir4 = tempfile::tempdir().unwrap();
    let r =
        prove_chunks(&keys, &c, &opening, &s, &sh, chunks(&t3), dir4.path(), &mut rng, |_, _| ());
    assert!(matches!(r, Err(Error::DataMismatch { chunk: 1, .. })), "{r:?}");
    // Chunk 0's proof, made while chunk 1 was checked, is on disk all the same (resumable).
    assert!(chunk_proof_path(dir4.path(), 0).exists());
    assert!(!chunk_proof_path(dir4.path(), 1).exists());
    // A dropped row.
    let r = prove_chunks(
        &keys,
        &c,
        &opening,
        &s,
        &sh,
        chunks(&t[..9]),
        dir4.path(),
        &mut rng,
        |_, _| (),
    );
    assert!(matches!(r, Err(Error::DataMismatch { chunk: 2, .. })), "{r:?}");
    // Another opening.
    let r = prove_chunks(&keys, &c, &other, &s, &sh, chunks(&t), dir4.path(), &mut rng, |_, _| ());
    assert!(matches!(r, Err(Error::DataMismatch { chunk: 0, .. })), "{r:?}");
    // A false statement is an error naming the chunk, never a proof.
    let mut s5 = s.clone();
    s5.ranges[1] = (-19, 20);
    let r =
        prove_chunks(&keys, &c, &opening, &s5, &sh, chunks(&t), dir4.path(), &mut rng, |_, _| ());
    assert!(matches!(r, Err(Error::ChunkStatement { .. })), "{r:?}");
    let mut s6 = s.clone();
    s6.sets[0] = Some(vec![cat("a"), cat("b")]);
    let r =
        prove_chunks(&keys, &c, &opening, &s6, &sh, chunks(&t), dir4.path(), &mut rng, |_, _| ());
    assert!(matches!(r, Err(Error::ChunkStatement { .. })), "{r:?}");
}

#[test]
fn appended_version_extends_its_parent() {
    let mut rng = StdRng::seed_from_u64(13);
    let keys = ChunkKeys::generate(SHAPE, &mut rng).unwrap();
    let opening = Opening::random(&mut rng);
    let t = table(8);
    let parent = commit(&keys, columns(), "00".repeat(32), chunks(&t), &opening, |_| ()).unwrap();
    let mut grown = t.clone();
    grown.extend(table(11).into_iter().skip(8));
    let child =
        commit(&keys, columns(), "00".repeat(32), chunks(&grown), &opening, |_| ()).unwrap();
    assert!(child.extends(&parent));
    let mut rewritten = grown.clone();
    rewritten[0].0 = 1;
    let other =
        commit(&keys, columns(), "00".repeat(32), chunks(&rewritten), &opening, |_| ()).unwrap();
    assert!(!other.extends(&parent));
}

fn cat_columns() -> Vec<ColumnRef> {
    columns()
}

#[test]
fn whole_dataset_statement_proven_and_verified() {
    use zkp_ledger_dataset::chunked::{
        ColumnStatement, CountStatement, DatasetStatement, STATEMENT_FORMAT, categorical_value,
        prove_dataset, verify_dataset,
    };
    let mut rng = StdRng::seed_from_u64(14);
    let keys = ChunkKeys::generate(SHAPE, &mut rng).unwrap();
    let t = table(10);
    let data = |t: &[(i64, i64, &str)]| -> Vec<zkp_ledger_dataset::Result<ChunkData>> {
        t.chunks(SHAPE.rows)
            .map(|c| {
                Ok(ChunkData {
                    numeric: vec![c.iter().map(|r| r.0).collect(), c.iter().map(|r| r.1).collect()],
                    categorical: vec![c.iter().map(|r| categorical_value(r.2)).collect()],
                })
            })
            .collect()
    };
    let opening = Opening::random(&mut rng);
    let c = commit(&keys, cat_columns(), "00".repeat(32), data(&t), &opening, |_| ()).unwrap();
    let sum_x: i64 = t.iter().map(|r| r.0).sum();
    let sq_y: i64 = t.iter().map(|r| r.1 * r.1).sum();
    let count_a = t.iter().filter(|r| r.2 == "a").count() as u64;
    let statement = |sum_lo: i64, sq_max: i64, count_min: u64| DatasetStatement {
        format: STATEMENT_FORMAT.into(),
        commitment: c.id().unwrap(),
        columns: vec![
            ColumnStatement {
                column: "x".into(),
                range: Some([0, 99]),
                sum: Some([sum_lo.to_string(), sum_lo.max(sum_x).to_string()]),
                ..Default::default()
            },
            ColumnStatement {
                column: "y".into(),
                range: Some([-20, 20]),
                sumsq_max: Some(sq_max.to_string()),
                ..Default::default()
            },
            ColumnStatement {
                column: "label".into(),
                set: Some(vec!["a".into(), "b".into(), "c".into()]),
                count: Some(CountStatement {
                    value: "a".into(),
                    min: count_min,
                    max: count_min.max(count_a),
                }),
                ..Default::default()
            },
        ],
    };
    // Exact boundaries: the sum equals both bounds, the sum of squares its maximum, the count
    // its minimum and maximum.
    let s = statement(sum_x, sq_y, count_a);
    let dir = tempfile::tempdir().unwrap();
    let summary =
        prove_dataset(&keys, &c, &opening, &s, data(&t), dir.path(), &mut rng, |_, _| ()).unwrap();
    assert_eq!((summary.proven, summary.reused), (3, 0));
    let v = verify_dataset(dir.path(), &c, &mut rng).unwrap();
    assert_eq!(v.statement, s);
    assert_eq!(v.chunks, 3);

    // One past each bound: an error, not a proof.
    for bad in [
        statement(sum_x + 1, sq_y, count_a),
        statement(sum_x, sq_y - 1, count_a),
        statement(sum_x, sq_y, count_a + 1),
    ] {
        let d = tempfile::tempdir().unwrap();
        let r = prove_dataset(&keys, &c, &opening, &bad, data(&t), d.path(), &mut rng, |_, _| ());
        assert!(matches!(r, Err(Error::Circuit(_))), "{r:?}");
    }

    // A statement file edited after proving: the final proof (or the chunks) no longer match.
    let mut edited = s.clone();
    edited.columns[0].sum = Some([(sum_x - 5).to_string(), sum_x.to_string()]);
    std::fs::write(dir.path().join("statement.json"), serde_json::to_string(&edited).unwrap())
        .unwrap();
    assert!(matches!(verify_dataset(dir.path(), &c, &mut rng), Err(Error::ProofRejected(_))));
    let mut edited = s.clone();
    edited.columns[1].range = Some([-20, 21]);
    std::fs::write(dir.path().join("statement.json"), serde_json::to_string(&edited).unwrap())
        .unwrap();
    assert!(matches!(verify_dataset(dir.path(), &c, &mut rng), Err(Error::ProofRejected(_))));
    std::fs::write(dir.path().join("statement.json"), serde_json::to_string(&s).unwrap()).unwrap();
    verify_dataset(dir.path(), &c, &mut rng).unwrap();

    // The proof against another commitment of the same data (another opening).
    let other =
        commit(&keys, cat_columns(), "00".repeat(32), data(&t), &Opening::random(&mut rng), |_| ())
            .unwrap();
    assert!(verify_dataset(dir.path(), &other, &mut rng).is_err());

    // A final proof of another run (same statement, same data: a fresh proof) still verifies,
    // but a final proof with a mutated public input does not.
    let final_path = dir.path().join("final.json");
    let mut f: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&final_path).unwrap()).unwrap();
    f["public"][1] = serde_json::Value::String("1".into());
    std::fs::write(&final_path, f.to_string()).unwrap();
    assert!(matches!(verify_dataset(dir.path(), &c, &mut rng), Err(Error::ProofRejected(_))));
}

/// Figures of the production shape (7 numeric, 1 categorical column, sets of 16, 16-bit limbs,
/// a 2^20 domain): run by hand with `--ignored --nocapture`; BENCHMARKS.md has the bench
/// command that measures the whole flow.
#[test]
#[ignore = "minutes of key generation and proving: a measurement, not a test"]
fn production_shape_figures() {
    use std::time::Instant;
    let log: u32 = std::env::var("FIG_LOG").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let shape = ChunkShape::fit(7, 1, 16, 16, log).unwrap();
    println!(
        "shape {shape:?}: {} constraints, {} per row",
        shape.constraints().unwrap(),
        shape.constraints_per_row().unwrap()
    );
    let mut rng = StdRng::seed_from_u64(1);
    let t = Instant::now();
    let keys = ChunkKeys::generate(shape, &mut rng).unwrap();
    println!("key generation {:?}", t.elapsed());
    let n = shape.rows;
    let chunk = ChunkData {
        numeric: (0..7)
            .map(|j| (0..n as i64).map(|r| (r * 31 + j) % 1000 - 500).collect())
            .collect(),
        categorical: vec![(0..n).map(|r| cat(["a", "b", "c"][r % 3])).collect()],
    };
    let opening = Opening::random(&mut rng);
    let t = Instant::now();
    let c = commit(
        &keys,
        (0..8).map(|j| ColumnRef { name: format!("c{j}"), categorical: j == 7 }).collect(),
        "00".repeat(32),
        vec![Ok(chunk.clone())],
        &opening,
        |_| (),
    )
    .unwrap();
    println!("commit of one chunk ({n} rows) {:?}", t.elapsed());
    let dir = tempfile::tempdir().unwrap();
    let s = ChunkStatement::unconstrained(&shape);
    let t = Instant::now();
    prove_chunks(
        &keys,
        &c,
        &opening,
        &s,
        &[0; 32],
        vec![Ok(chunk)],
        dir.path(),
        &mut rng,
        |_, _| (),
    )
    .unwrap();
    println!("prove one chunk {:?}", t.elapsed());
}

#[test]
fn a_version_reuses_its_parents_chunk_proofs() {
    use zkp_ledger_dataset::chunked::{
        ColumnStatement, DatasetStatement, STATEMENT_FORMAT, categorical_value, prove_dataset,
        verify_dataset,
    };
    let mut rng = StdRng::seed_from_u64(15);
    let keys = ChunkKeys::generate(SHAPE, &mut rng).unwrap();
    let data = |t: &[(i64, i64, &str)]| -> Vec<zkp_ledger_dataset::Result<ChunkData>> {
        t.chunks(SHAPE.rows)
            .map(|c| {
                Ok(ChunkData {
                    numeric: vec![c.iter().map(|r| r.0).collect(), c.iter().map(|r| r.1).collect()],
                    categorical: vec![c.iter().map(|r| categorical_value(r.2)).collect()],
                })
            })
            .collect()
    };
    let opening = Opening::random(&mut rng);
    let t = table(11);
    let parent =
        commit(&keys, columns(), "00".repeat(32), data(&t[..8]), &opening, |_| ()).unwrap();
    let child = commit(&keys, columns(), "00".repeat(32), data(&t), &opening, |_| ()).unwrap();
    assert!(child.extends(&parent));
    let statement =
        |c: &zkp_ledger_dataset::chunked::DatasetCommitment, mean_hi: i64| DatasetStatement {
            format: STATEMENT_FORMAT.into(),
            commitment: c.id().unwrap(),
            columns: vec![ColumnStatement {
                column: "x".into(),
                range: Some([0, 99]),
                // A mean bound: the sum bound scales with the version's row count.
                sum: Some(["0".into(), (mean_hi * c.rows as i64).to_string()]),
                ..Default::default()
            }],
        };
    let p1 = tempfile::tempdir().unwrap();
    prove_dataset(
        &keys,
        &parent,
        &opening,
        &statement(&parent, 99),
        data(&t[..8]),
        p1.path(),
        &mut rng,
        |_, _| (),
    )
    .unwrap();
    let p2 = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(p2.path().join("chunks")).unwrap();
    for i in 0..2 {
        std::fs::copy(chunk_proof_path(p1.path(), i), chunk_proof_path(p2.path(), i)).unwrap();
    }
    let summary = prove_dataset(
        &keys,
        &child,
        &opening,
        &statement(&child, 99),
        data(&t),
        p2.path(),
        &mut rng,
        |_, _| (),
    )
    .unwrap();
    assert_eq!((summary.reused, summary.proven), (2, 1));
    verify_dataset(p2.path(), &child, &mut rng).unwrap();
    verify_dataset(p1.path(), &parent, &mut rng).unwrap();
    // Another per-chunk claim: nothing to reuse.
    let p3 = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(p3.path().join("chunks")).unwrap();
    for i in 0..2 {
        std::fs::copy(chunk_proof_path(p1.path(), i), chunk_proof_path(p3.path(), i)).unwrap();
    }
    let mut other = statement(&child, 99);
    other.columns[0].range = Some([0, 98]);
    let summary =
        prove_dataset(&keys, &child, &opening, &other, data(&t), p3.path(), &mut rng, |_, _| ())
            .unwrap();
    assert_eq!((summary.reused, summary.proven), (0, 3));
}

/// The grouped data sum equals one MSM over every slot, for columns of few and of many distinct
/// values, numeric and categorical, at sizes below and above the grouping threshold.
#[test]
fn grouped_data_sum_equals_the_plain_msm() {
    use ark_ec::{CurveGroup, VariableBaseMSM};
    use ark_ff::UniformRand;
    use rand::Rng;
    use zkp_ledger_dataset::chunked::data_sum;
    let mut rng = StdRng::seed_from_u64(16);
    for n in [1usize, 63, 64, 600, 3000] {
        let (a, b) = (3, 2);
        let nb: Vec<ark_bn254::G1Affine> =
            (0..n * a).map(|_| ark_bn254::G1Projective::rand(&mut rng).into_affine()).collect();
        let cb: Vec<ark_bn254::G1Affine> =
            (0..n * b).map(|_| ark_bn254::G1Projective::rand(&mut rng).into_affine()).collect();
        let data = ChunkData {
            numeric: vec![
                (0..n).map(|_| rng.gen_range(18..91)).collect(),
                (0..n).map(|_| rng.r#gen::<i64>()).collect(),
                (0..n).map(|r| if r % 3 == 0 { i64::MIN } else { -1 }).collect(),
            ],
            categorical: vec![
                (0..n).map(|r| cat(["a", "b", "c"][r % 3])).collect(),
                (0..n).map(|_| Fr::rand(&mut rng)).collect(),
            ],
        };
        let fr = |v: i64| if v < 0 { -Fr::from(v.unsigned_abs()) } else { Fr::from(v as u64) };
        let mut bases = Vec::new();
        let mut scalars = Vec::new();
        for r in 0..n {
            for j in 0..a {
                bases.push(nb[r * a + j]);
                scalars.push(fr(data.numeric[j][r]));
            }
            for j in 0..b {
                bases.push(cb[r * b + j]);
                scalars.push(data.categorical[j][r]);
            }
        }
        let expected = ark_bn254::G1Projective::msm(&bases, &scalars).unwrap();
        assert_eq!(data_sum(&nb, &cb, &data), expected, "n = {n}");
    }
}
