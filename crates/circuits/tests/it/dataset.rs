use ark_bn254::Fr;
use ark_ff::{Field, UniformRand};
use proptest::prelude::*;
use rand::{Rng, SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::{
    Error,
    dataset::{
        Column, ColumnBounds, Dataset, DatasetCircuit, Schema, Shape, Statements, Violation,
        Witness, check, commit,
    },
};

use crate::run;

fn schema(cols: usize) -> Schema {
    Schema { columns: (0..cols).map(|j| Column { name: format!("c{j}"), scale: 0 }).collect() }
}

fn dataset(rows: usize, cols: usize, seed: u64, range: i64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    Dataset {
        schema: schema(cols),
        rows: (0..rows)
            .map(|_| (0..cols).map(|_| rng.gen_range(-range..=range)).collect())
            .collect(),
    }
}

/// A witness built without the native statement check, so tests can hand the circuit anything.
fn raw_witness(shape: Shape, d: &Dataset, bounds: &[ColumnBounds], blinding: Fr) -> Witness {
    let c = commit(shape, d, blinding).unwrap();
    let mut values = vec![vec![Fr::from(0u64); shape.cols]; shape.rows];
    for (i, row) in d.rows.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            values[i][j] = Fr::from(*v);
        }
    }
    let mut b: Vec<ColumnBounds> = bounds.to_vec();
    b.resize(shape.cols, ColumnBounds::default());
    Witness {
        values,
        row_count: d.rows.len() as u64,
        schema_hash: c.schema_hash,
        blinding,
        bounds: b.iter().map(ColumnBounds::public_inputs).collect(),
        commitment: c.value,
    }
}

fn satisfied(shape: Shape, w: Witness) -> bool {
    run(DatasetCircuit::for_proving(shape, w).unwrap()).0
}

/// The circuit's commitment equals the native one at boundary row counts and shapes, including
/// non-powers of two and every packing remainder (K mod 3).
#[test]
fn commitment_matches_native_at_boundaries() {
    let mut rng = StdRng::seed_from_u64(1);
    for (rows, cols) in [(1usize, 1usize), (5, 2), (5, 3), (8, 4), (3, 7)] {
        let shape = Shape::new(rows, cols).unwrap();
        for n in [0, 1, rows.saturating_sub(1), rows] {
            let d = dataset(n, cols, (rows * 10 + n) as u64, i64::MAX);
            let blinding = Fr::rand(&mut rng);
            let (w, c) = Witness::new(shape, &d, &Statements::default(), blinding).unwrap();
            assert_eq!(w.commitment, c.value);
            assert!(satisfied(shape, w), "rows {rows} cols {cols} n {n}");
        }
    }
}

#[test]
fn extreme_values_commit_and_satisfy() {
    let shape = Shape::new(4, 3).unwrap();
    let d = Dataset {
        schema: schema(3),
        rows: vec![vec![i64::MIN, i64::MAX, 0], vec![-1, 1, i64::MIN], vec![i64::MAX; 3]],
    };
    let (w, _) = Witness::new(shape, &d, &Statements::default(), Fr::from(5u64)).unwrap();
    assert!(satisfied(shape, w));
}

#[test]
fn commitment_is_hiding_and_binding_to_schema() {
    let shape = Shape::new(4, 2).unwrap();
    let d = dataset(3, 2, 3, 100);
    let c1 = commit(shape, &d, Fr::from(1u64)).unwrap();
    let c2 = commit(shape, &d, Fr::from(2u64)).unwrap();
    assert_ne!(c1.value, c2.value, "blinding changes the commitment");
    assert_eq!(c1.rows_root, c2.rows_root);
    let mut renamed = d.clone();
    renamed.schema.columns[1].name = "other".into();
    assert_ne!(commit(shape, &renamed, Fr::from(1u64)).unwrap().value, c1.value);
    let mut rescaled = d;
    rescaled.schema.columns[0].scale = 2;
    assert_ne!(commit(shape, &rescaled, Fr::from(1u64)).unwrap().value, c1.value);
}

fn stmt(col: usize, b: ColumnBounds) -> Statements {
    let mut columns = vec![ColumnBounds::default(); col + 1];
    columns[col] = b;
    Statements { columns }
}

#[test]
fn statements_hold_and_break_in_both_twins() {
    let shape = Shape::new(6, 3).unwrap();
    let d =
        Dataset { schema: schema(3), rows: vec![vec![-5, 10, 3], vec![7, -2, 3], vec![0, 4, -3]] };
    // Column 0: values -5, 7, 0; sum 2; sumsq 74.
    let holds = [
        ColumnBounds { range: Some((-5, 7)), ..Default::default() },
        ColumnBounds { sum_max: Some(2), ..Default::default() },
        ColumnBounds { sumsq_max: Some(74), ..Default::default() },
        ColumnBounds { range: Some((-5, 7)), sum_max: Some(2), sumsq_max: Some(74) },
    ];
    for b in holds {
        let (w, _) = Witness::new(shape, &d, &stmt(0, b), Fr::from(9u64)).unwrap();
        assert!(satisfied(shape, w), "{b:?}");
    }
    let breaks = [
        ColumnBounds { range: Some((-4, 7)), ..Default::default() },
        ColumnBounds { range: Some((-5, 6)), ..Default::default() },
        ColumnBounds { sum_max: Some(1), ..Default::default() },
        ColumnBounds { sum_max: Some(-100), ..Default::default() },
        ColumnBounds { sumsq_max: Some(73), ..Default::default() },
        ColumnBounds { sumsq_max: Some(0), ..Default::default() },
    ];
    for b in breaks {
        let native = Witness::new(shape, &d, &stmt(0, b), Fr::from(9u64));
        assert!(matches!(native, Err(Error::Violation(_))), "native accepted {b:?}");
        let w = raw_witness(shape, &d, &stmt(0, b).columns, Fr::from(9u64));
        assert!(!satisfied(shape, w), "circuit accepted {b:?}");
    }
}

#[test]
fn native_violations_say_what_broke() {
    let shape = Shape::new(4, 2).unwrap();
    let d = Dataset { schema: schema(2), rows: vec![vec![1, 2], vec![200, 3]] };
    let b = [ColumnBounds { range: Some((0, 150)), ..Default::default() }];
    assert_eq!(
        check(shape, &d, &b).unwrap_err(),
        Error::Violation(Violation::OutOfRange { column: 0, row: 1, value: 200, lo: 0, hi: 150 })
    );
    let err = Witness::new(
        shape,
        &d,
        &stmt(3, ColumnBounds { sum_max: Some(1), ..Default::default() }),
        Fr::from(1u64),
    );
    assert_eq!(err.unwrap_err(), Error::UnknownColumn { column: 3, columns: 2 });
    let big = dataset(5, 2, 1, 5);
    assert!(matches!(
        Witness::new(shape, &big, &Statements::default(), Fr::from(1u64)),
        Err(Error::TooLarge { what: "rows", got: 5, max: 4 })
    ));
}

/// Values that are not i64s, including "negative" numbers near the field's edge, cannot enter.
#[test]
fn non_i64_values_are_unsatisfied() {
    let shape = Shape::new(4, 2).unwrap();
    let d = dataset(2, 2, 5, 100);
    let base = raw_witness(shape, &d, &[], Fr::from(3u64));
    let two = Fr::from(2u64);
    let bad_values = [
        -Fr::from(2u64).pow([63]) - Fr::from(1u64), // -2^63 - 1
        Fr::from(2u64).pow([63]),                   // 2^63
        -two.pow([70]),                             // r - 2^70
        two.pow([200]),
        -Fr::from(1u64) - two.pow([64]),
    ];
    for v in bad_values {
        let mut w = base.clone();
        w.values[1][0] = v;
        assert!(!satisfied(shape, w), "accepted value {v}");
    }
}

/// A sum cannot be faked with values that cancel modulo the field.
#[test]
fn field_overflow_cannot_fake_a_sum() {
    let shape = Shape::new(4, 1).unwrap();
    let d = Dataset { schema: schema(1), rows: vec![vec![1], vec![1]] };
    let b = [ColumnBounds { sum_max: Some(0), ..Default::default() }];
    // True sum 2 > 0. Replace the values by x and -x + ... with x huge: sum 0 in the field.
    let mut w = raw_witness(shape, &d, &b, Fr::from(1u64));
    let x = Fr::from(2u64).pow([250]);
    w.values[0][0] = x;
    w.values[1][0] = -x;
    assert!(!satisfied(shape, w));
    // Sum of squares: a field square root of 4 that is not ±2.
    let b = [ColumnBounds { sumsq_max: Some(1), ..Default::default() }];
    let mut w =
        raw_witness(shape, &Dataset { schema: schema(1), rows: vec![vec![1]] }, &b, Fr::from(1u64));
    // c = 2, 3, 5, ...: the first non-square integer with a square root modulo r; that root is a
    // huge field element whose square is the small number c.
    let root = (2u64..)
        .filter(|c| ((*c as f64).sqrt() as u64).pow(2) != *c)
        .find_map(|c| Fr::from(c).sqrt())
        .unwrap();
    w.values[0][0] = root;
    assert!(!satisfied(shape, w));
}

#[test]
fn tampered_padding_is_unsatisfied() {
    let shape = Shape::new(6, 2).unwrap();
    let d = dataset(3, 2, 8, 10);
    let good = raw_witness(shape, &d, &[], Fr::from(4u64));
    assert!(satisfied(shape, good.clone()));
    for (i, j, v) in [(3usize, 0usize, 1i64), (5, 1, -1), (4, 0, i64::MAX)] {
        let mut w = good.clone();
        w.values[i][j] = Fr::from(v);
        assert!(!satisfied(shape, w), "padding row {i} col {j} = {v}");
    }
    // A row count that disagrees with the data.
    let mut w = good.clone();
    w.row_count = 2;
    assert!(!satisfied(shape, w));
    let mut w = good;
    w.row_count = 7; // more than the circuit's rows
    assert!(!satisfied(shape, w));
}

#[test]
fn tampered_public_values_are_unsatisfied() {
    let shape = Shape::new(4, 2).unwrap();
    let d = dataset(3, 2, 9, 10);
    let good = raw_witness(shape, &d, &[], Fr::from(4u64));
    let mut w = good.clone();
    w.commitment += Fr::from(1u64);
    assert!(!satisfied(shape, w));
    let mut w = good.clone();
    w.schema_hash += Fr::from(1u64);
    assert!(!satisfied(shape, w));
    let mut w = good.clone();
    w.blinding += Fr::from(1u64);
    assert!(!satisfied(shape, w));
    // A "range" whose lo is not an i64 would let values leave the i64 range.
    let mut w = good.clone();
    w.bounds[0][0] = -Fr::from(2u64).pow([100]);
    assert!(!satisfied(shape, w));
    let mut w = good;
    w.bounds[1][3] = Fr::from(2u64).pow([193]);
    assert!(!satisfied(shape, w));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// Native check and circuit agree on random data and random statements.
    #[test]
    fn prop_native_and_circuit_agree(seed in any::<u64>(), n in 0usize..=5) {
        let shape = Shape::new(5, 2).unwrap();
        let d = dataset(n, 2, seed, 20);
        let mut rng = StdRng::seed_from_u64(seed ^ 0xabc);
        let lo = rng.gen_range(-25..=5);
        let b = ColumnBounds {
            range: Some((lo, lo + rng.gen_range(0..=45))),
            sum_max: Some(rng.gen_range(-30..=30)),
            sumsq_max: Some(rng.gen_range(0..=1200)),
        };
        let bounds = vec![b, ColumnBounds::default()];
        let native_ok = check(shape, &d, &bounds).is_ok();
        let w = raw_witness(shape, &d, &bounds, Fr::rand(&mut rng));
        prop_assert_eq!(satisfied(shape, w), native_ok);
    }
}
