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
    assert!(outcomes.iter().all(|(_, o)| *o == ChunkOutcome::Proven));
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
    assert_eq!(
        outcomes,
        vec![(0, ChunkOutcome::Reused), (1, ChunkOutcome::Proven), (2, ChunkOutcome::Reused)]
    );
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
