//! Streaming ingestion: the same table in every format, explicit and inferred schemas, block
//! sizes, the encoding of each type, and every bad input's error.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ark_bn254::Fr;
use ark_ff::PrimeField;
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Decimal128Array, DictionaryArray, Float64Array, Int64Array, RecordBatch,
    RecordBatchIterator, RecordBatchReader, StringArray, TimestampNanosecondArray,
};
use arrow_schema::{DataType, Field, Schema as ArrowSchema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use sha2::{Digest, Sha256};
use zkp_ledger_dataset::ingest::{
    self, Block, Column, ColumnData, ColumnType, Format, Schema, synth,
};

const ROWS: u64 = 2_500;
const SEED: u64 = 12;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn read_all(path: &Path, schema: Option<Schema>, block_rows: usize) -> (Schema, Vec<Block>) {
    let reader = ingest::open(path, None, schema, block_rows).unwrap();
    let schema = reader.schema().clone();
    let blocks = reader.collect::<Result<Vec<_>, _>>().unwrap();
    (schema, blocks)
}

/// The first error of reading the whole file, as text.
fn read_err(path: &Path, schema: Option<Schema>) -> String {
    match ingest::open(path, None, schema, 64) {
        Err(e) => e.to_string(),
        Ok(reader) => match reader.collect::<Result<Vec<_>, _>>() {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{} read without error", path.display()),
        },
    }
}

fn assert_contains(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "{msg:?} lacks {p:?}");
    }
}

/// Concatenated columns of all blocks.
fn concat(blocks: &[Block]) -> Vec<ColumnData> {
    let mut out: Vec<ColumnData> = blocks[0]
        .columns
        .iter()
        .map(|c| match c {
            ColumnData::Int(_) => ColumnData::Int(vec![]),
            ColumnData::Field(_) => ColumnData::Field(vec![]),
        })
        .collect();
    for b in blocks {
        for (o, c) in out.iter_mut().zip(&b.columns) {
            match (o, c) {
                (ColumnData::Int(o), ColumnData::Int(c)) => o.extend_from_slice(c),
                (ColumnData::Field(o), ColumnData::Field(c)) => o.extend_from_slice(c),
                _ => panic!("column kinds differ between blocks"),
            }
        }
    }
    out
}

fn categorical_ref(s: &str) -> Fr {
    let mut h = Sha256::new();
    h.update(b"zkp-ledger/categorical/v1\0");
    h.update(s.as_bytes());
    Fr::from_be_bytes_mod_order(&h.finalize())
}

fn col(name: &str, ty: ColumnType) -> Column {
    Column { name: name.into(), ty }
}

fn write_parquet(path: &Path, fields: Vec<Field>, columns: Vec<ArrayRef>) {
    let schema = Arc::new(ArrowSchema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let mut w = ArrowWriter::try_new(std::fs::File::create(path).unwrap(), schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

#[test]
fn same_table_in_every_format_gives_the_same_schema_and_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let mut results = Vec::new();
    for (name, format) in
        [("t.csv", Format::Csv), ("t.jsonl", Format::JsonLines), ("t.parquet", Format::Parquet)]
    {
        let path = dir.path().join(name);
        synth::write_table(&path, format, ROWS, SEED).unwrap();
        assert_eq!(Format::from_path(&path).unwrap(), format);
        let (schema, blocks) = read_all(&path, None, 1_000);
        assert_eq!(schema, synth::schema(), "{name}: inferred schema");
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            blocks.iter().map(|b| (b.first_row, b.rows)).collect::<Vec<_>>(),
            [(0, 1_000), (1_000, 1_000), (2_000, 500)]
        );
        for b in &blocks {
            assert_eq!(b.columns.len(), 8);
            assert!(b.columns.iter().all(|c| c.len() == b.rows));
        }
        // The explicit schema reads the same blocks.
        let (_, explicit) = read_all(&path, Some(synth::schema()), 1_000);
        assert_eq!(explicit, blocks, "{name}: explicit schema");
        results.push(blocks);
    }
    assert_eq!(results[0], results[1], "CSV and JSON Lines differ");
    assert_eq!(results[0], results[2], "CSV and Parquet differ");

    // Spot-check the encoding against the generator's own text.
    let csv = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
    let line: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let cols = &results[0][0].columns;
    let int = |i: usize| match &cols[i] {
        ColumnData::Int(v) => v[0],
        ColumnData::Field(_) => panic!("column {i} is categorical"),
    };
    assert_eq!(int(0), 0);
    assert_eq!(int(1).to_string(), line[1]);
    assert_eq!(int(2), zkp_ledger_dataset::decimal::parse_scaled(line[2], 2).unwrap() as i64);
    assert_eq!(int(3), zkp_ledger_dataset::decimal::parse_scaled(line[3], 4).unwrap() as i64);
    match &cols[4] {
        ColumnData::Field(v) => assert_eq!(v[0], categorical_ref(line[4])),
        ColumnData::Int(_) => panic!("label is not categorical"),
    }
    assert_eq!(int(5), i64::from(line[5] == "true"));
    assert_eq!(int(6) % 1_000_000, 0);
    assert!((1_420_070_400_000_000..1_735_689_600_000_000).contains(&int(6)));
}

#[test]
fn block_sizes_concatenate_to_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [("t.csv", Format::Csv), ("t.parquet", Format::Parquet)] {
        let path = dir.path().join(name);
        synth::write_table(&path, format, 1_234, 3).unwrap();
        let (_, whole) = read_all(&path, None, 10_000);
        assert_eq!(whole.len(), 1);
        for block_rows in [1, 7, 100, 1_233, 1_234] {
            let (_, blocks) = read_all(&path, None, block_rows);
            assert_eq!(blocks.len(), 1_234usize.div_ceil(block_rows), "{name} {block_rows}");
            let mut next = 0;
            for b in &blocks[..blocks.len() - 1] {
                assert_eq!((b.first_row, b.rows), (next, block_rows));
                next += block_rows as u64;
            }
            assert_eq!(concat(&blocks), whole[0].columns, "{name} {block_rows}");
        }
    }
}

/// The file's record batches, `batch_rows` rows each, read into memory.
fn batches_of(path: &Path, batch_rows: usize) -> (Arc<ArrowSchema>, Vec<RecordBatch>) {
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(path).unwrap())
        .unwrap()
        .with_batch_size(batch_rows)
        .build()
        .unwrap();
    let schema = reader.schema();
    (schema, reader.collect::<Result<Vec<_>, _>>().unwrap())
}

fn open_memory(
    schema: &Arc<ArrowSchema>,
    batches: Vec<RecordBatch>,
    table: Option<Schema>,
    block_rows: usize,
) -> ingest::Result<ingest::Reader> {
    let it = RecordBatchIterator::new(batches.into_iter().map(Ok), schema.clone());
    ingest::open_batches(Path::new("my table"), Box::new(it), table, block_rows)
}

#[test]
fn record_batches_from_memory_read_as_the_parquet_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    synth::write_table(&path, Format::Parquet, ROWS, SEED).unwrap();
    let (file_schema, file_blocks) = read_all(&path, None, 1_000);
    // Batches of any size (one of every row, odd sizes, one batch) give the file's blocks.
    for batch_rows in [1, 333, 1_000, ROWS as usize] {
        let (schema, batches) = batches_of(&path, batch_rows);
        let reader = open_memory(&schema, batches.clone(), None, 1_000).unwrap();
        assert!(reader.inferred() && reader.format().is_none());
        assert_eq!(reader.path(), Path::new("my table"));
        assert_eq!(reader.schema(), &file_schema, "{batch_rows}");
        let blocks = reader.collect::<Result<Vec<_>, _>>().unwrap();
        assert_eq!(blocks, file_blocks, "{batch_rows}");
        let explicit = open_memory(&schema, batches, Some(synth::schema()), 1_000).unwrap();
        assert_eq!(explicit.collect::<Result<Vec<_>, _>>().unwrap(), file_blocks);
    }
    // No batches at all: the schema still comes from the stream's; no blocks.
    let (schema, _) = batches_of(&path, 1_000);
    let empty = open_memory(&schema, vec![], Some(synth::schema()), 1_000).unwrap();
    assert_eq!(empty.count(), 0);

    // Errors name the data as given, with row and column.
    let schema = Arc::new(ArrowSchema::new(vec![Field::new("x", DataType::Int64, true)]));
    let batch = |v: Vec<Option<i64>>| {
        RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from(v))]).unwrap()
    };
    let batches = vec![batch(vec![Some(1), Some(2)]), batch(vec![Some(3), None])];
    let err = open_memory(&schema, batches, None, 64)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_err()
        .to_string();
    assert_contains(&err, &["my table, row 4", "column \"x\"", "fill or drop nulls"]);
    let s = Schema::new(vec![col("y", ColumnType::Int)]);
    let err = open_memory(&schema, vec![], Some(s), 64).unwrap_err().to_string();
    assert_contains(&err, &["my table", "missing from the file: y", "not in the schema: x"]);
    let none = Arc::new(ArrowSchema::empty());
    let err = open_memory(&none, vec![], None, 64).unwrap_err().to_string();
    assert_contains(&err, &["my table", "no columns"]);
}

#[test]
fn synth_is_deterministic_and_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b, c] = ["a.csv", "b.csv", "c.csv"].map(|n| dir.path().join(n));
    synth::write_table(&a, Format::Csv, 300, 5).unwrap();
    synth::write_table(&b, Format::Csv, 300, 5).unwrap();
    synth::write_table(&c, Format::Csv, 300, 6).unwrap();
    let read = |p: &Path| std::fs::read(p).unwrap();
    assert_eq!(read(&a), read(&b));
    assert_ne!(read(&a), read(&c));
}

#[test]
fn encodes_each_type_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "v.csv",
        "n,d,b,t,c\n\
         -9223372036854775808,1.50,TRUE,1970-01-01T00:00:01.000001Z,caf\u{e9}\n\
         7,-0.25,false,1970-01-02,\"a,b\"\n\
         0,3,1,2000-03-01 12:00:00.5,cat\n",
    );
    let (schema, blocks) = read_all(&csv, None, 10);
    assert_eq!(
        schema.columns,
        [
            col("n", ColumnType::Int),
            col("d", ColumnType::Decimal { scale: 2 }),
            col("b", ColumnType::Categorical),
            col("t", ColumnType::Timestamp),
            col("c", ColumnType::Categorical),
        ]
    );
    assert_eq!(blocks[0].columns[0], ColumnData::Int(vec![i64::MIN, 7, 0]));
    assert_eq!(blocks[0].columns[1], ColumnData::Int(vec![150, -25, 300]));
    assert_eq!(
        blocks[0].columns[3],
        ColumnData::Int(vec![1_000_001, 86_400_000_000, 951_912_000_500_000])
    );
    assert_eq!(
        blocks[0].columns[4],
        ColumnData::Field(vec![
            categorical_ref("caf\u{e9}"),
            categorical_ref("a,b"),
            categorical_ref("cat")
        ])
    );
    // "1" is not a word of a boolean: inferred categorical above; declared bool it is 1.
    let mut declared = schema;
    declared.columns[2].ty = ColumnType::Bool;
    declared.columns[1].ty = ColumnType::Decimal { scale: 4 };
    let (_, blocks) = read_all(&csv, Some(declared), 10);
    assert_eq!(blocks[0].columns[2], ColumnData::Int(vec![1, 0, 1]));
    assert_eq!(blocks[0].columns[1], ColumnData::Int(vec![15_000, -2_500, 30_000]));

    // JSON Lines: numbers keep their literal digits, escapes are decoded, key order may vary.
    let jsonl = write(
        dir.path(),
        "v.jsonl",
        "{\"c\":\"caf\\u00e9\",\"n\":1,\"d\":1.50}\n\n{\"n\":2,\"c\":\"x\",\"d\":2e-2}\n",
    );
    let (schema, blocks) = read_all(&jsonl, None, 10);
    assert_eq!(
        schema.columns,
        [
            col("c", ColumnType::Categorical),
            col("n", ColumnType::Int),
            col("d", ColumnType::Decimal { scale: 2 }),
        ]
    );
    assert_eq!(
        blocks[0].columns[0],
        ColumnData::Field(vec![categorical_ref("caf\u{e9}"), categorical_ref("x")])
    );
    assert_eq!(blocks[0].columns[2], ColumnData::Int(vec![150, 2]));
}

#[test]
fn explicit_schema_reorders_and_converts() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "r.csv", "b,a\n1,x\n2,y\n");
    let schema = Schema::new(vec![
        col("a", ColumnType::Categorical),
        col("b", ColumnType::Decimal { scale: 2 }),
    ]);
    let (got, blocks) = read_all(&csv, Some(schema.clone()), 5);
    assert_eq!(got, schema);
    assert_eq!(blocks[0].columns[1], ColumnData::Int(vec![100, 200]));
    assert_eq!(
        blocks[0].columns[0],
        ColumnData::Field(vec![categorical_ref("x"), categorical_ref("y")])
    );

    // Parquet Int64 into decimal(2), in another order.
    let pq = dir.path().join("r.parquet");
    write_parquet(
        &pq,
        vec![Field::new("b", DataType::Int64, false), Field::new("a", DataType::Utf8, false)],
        vec![Arc::new(Int64Array::from(vec![1, 2])), Arc::new(StringArray::from(vec!["x", "y"]))],
    );
    let (_, pq_blocks) = read_all(&pq, Some(schema), 5);
    assert_eq!(pq_blocks, blocks);

    // A string column declared int is parsed like CSV text; a float into bool is a mismatch.
    let pq2 = dir.path().join("s.parquet");
    write_parquet(
        &pq2,
        vec![Field::new("a", DataType::Float64, false), Field::new("b", DataType::Utf8, false)],
        vec![
            Arc::new(Float64Array::from(vec![1.0, 0.5])),
            Arc::new(StringArray::from(vec!["1", "2"])),
        ],
    );
    let s =
        Schema::new(vec![col("b", ColumnType::Int), col("a", ColumnType::Decimal { scale: 1 })]);
    let (_, blocks) = read_all(&pq2, Some(s), 5);
    assert_eq!(blocks[0].columns, [ColumnData::Int(vec![1, 2]), ColumnData::Int(vec![10, 5])]);
    let s = Schema::new(vec![col("b", ColumnType::Int), col("a", ColumnType::Bool)]);
    assert_contains(&read_err(&pq2, Some(s)), &["column \"a\"", "Float64", "bool"]);
    let s = Schema::new(vec![col("b", ColumnType::Int), col("a", ColumnType::Int)]);
    assert_contains(&read_err(&pq2, Some(s)), &["row 2", "column \"a\"", "\"0.5\""]);
}

#[test]
fn schema_file_round_trips_and_hashes_canonically() {
    let dir = tempfile::tempdir().unwrap();
    let example = write(
        dir.path(),
        "s.json",
        r#"{"columns":[{"name":"age","type":"int"},{"name":"income","type":"decimal","scale":2},{"name":"label","type":"categorical"},{"name":"signup","type":"timestamp"},{"name":"member","type":"bool"}],"nulls":"refuse"}"#,
    );
    let schema = Schema::read(&example).unwrap();
    assert_eq!(schema.columns[1], col("income", ColumnType::Decimal { scale: 2 }));
    assert_eq!(schema.canonical_json(), std::fs::read(&example).unwrap());
    let expected: [u8; 32] = Sha256::digest(std::fs::read(&example).unwrap()).into();
    assert_eq!(schema.hash(), expected);
    let out = dir.path().join("out.json");
    schema.write(&out).unwrap();
    assert_eq!(Schema::read(&out).unwrap(), schema);
    let no_nulls = write(dir.path(), "n.json", r#"{"columns":[{"name":"a","type":"bool"}]}"#);
    assert_eq!(Schema::read(&no_nulls).unwrap().nulls, ingest::NullPolicy::Refuse);
    assert_ne!(Schema::read(&no_nulls).unwrap().hash(), schema.hash());
    for (bad, part) in [
        (r#"{"columns":[{"name":"a","type":"int","x":1}]}"#, "unknown field"),
        (r#"{"columns":[{"name":"a","type":"int"}],"extra":1}"#, "unknown field"),
        (r#"{"columns":[{"name":"a","type":"decimal"}]}"#, "scale"),
        (r#"{"columns":[{"name":"a","type":"decimal","scale":19}]}"#, "scale 19"),
        (r#"{"columns":[{"name":"a","type":"float"}]}"#, "unknown type"),
        (r#"{"columns":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}"#, "twice"),
        (r#"{"columns":[]}"#, "no columns"),
        (r#"{"columns":[{"name":"a","type":"int"}],"nulls":"mask"}"#, "unknown variant"),
    ] {
        let p = write(dir.path(), "bad.json", bad);
        assert_contains(&Schema::read(&p).unwrap_err().to_string(), &[part]);
    }
}

#[test]
fn bad_csv_inputs_name_row_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: &[(&str, &str, &[&str])] = &[
        ("ragged.csv", "a,b\n1,2\n3\n", &["row 2 (line 3)", "1 fields", "header has 2"]),
        (
            "null.csv",
            "a,b\n1,2\n,4\n",
            &["row 2 (line 3)", "column \"a\"", "null", "fill or drop nulls"],
        ),
        ("empty.csv", "", &["empty", "header"]),
        ("dup.csv", "a,b,a\n1,2,3\n", &["\"a\" appears twice"]),
        ("noname.csv", "a,,c\n1,2,3\n", &["column 2 has an empty name"]),
    ];
    for (name, text, parts) in cases {
        let p = write(d, name, text);
        let msg = read_err(&p, None);
        assert_contains(&msg, &[name]);
        assert_contains(&msg, parts);
    }
    // Declared int, a value that does not parse.
    let p = write(d, "v.csv", "a,b\n1,2\n3,x\n");
    let s = Schema::new(vec![col("a", ColumnType::Int), col("b", ColumnType::Int)]);
    assert_contains(
        &read_err(&p, Some(s)),
        &["v.csv, row 2 (line 3), column \"b\"", "\"x\" is not an integer", "fix the value"],
    );
    // Overflow after scaling.
    let p = write(d, "o.csv", "a\n92233720368547758.07\n92233720368547758.08\n");
    let s = Schema::new(vec![col("a", ColumnType::Decimal { scale: 2 })]);
    assert_contains(&read_err(&p, Some(s)), &["row 2", "column \"a\"", "fits in i64"]);
    // Too many fractional digits: never rounded.
    let p = write(d, "f.csv", "a\n1.25\n1.255\n");
    let s = Schema::new(vec![col("a", ColumnType::Decimal { scale: 2 })]);
    assert_contains(&read_err(&p, Some(s)), &["row 2", "\"1.255\"", "at most 2 digits"]);
    // Long values are cut to 60 characters.
    let long = "z".repeat(100);
    let p = write(d, "l.csv", &format!("a\n1\n{long}\n"));
    let s = Schema::new(vec![col("a", ColumnType::Int)]);
    let msg = read_err(&p, Some(s));
    assert_contains(&msg, &[&format!("\"{}...\"", "z".repeat(60))]);
    assert!(!msg.contains(&"z".repeat(61)));
    // Columns that are not the schema's: both sets listed.
    let p = write(d, "m.csv", "a,c\n1,2\n");
    let s = Schema::new(vec![col("a", ColumnType::Int), col("b", ColumnType::Int)]);
    assert_contains(
        &read_err(&p, Some(s)),
        &[
            "missing from the file: b",
            "not in the schema: c",
            "file columns: [a, c]",
            "schema columns: [a, b]",
        ],
    );
    // A value that breaks the inferred type after the first 1,000 rows.
    let mut text = String::from("a,b\n");
    for i in 0..1_500 {
        text.push_str(&format!("{i},{}\n", if i == 1_200 { "1.5" } else { "2" }));
    }
    let p = write(d, "late.csv", &text);
    assert_contains(
        &read_err(&p, None),
        &["late.csv, row 1201 (line 1202), column \"b\"", "\"1.5\"", "inferred", "--schema FILE"],
    );
    // Unknown format.
    let p = write(d, "data.txt", "a\n1\n");
    assert_contains(&read_err(&p, None), &["data.txt", "cannot tell the format"]);
    assert!(matches!(ingest::open(&p, None, None, 0), Err(ingest::Error::BadArgument(_))));
    // Explicit format overrides the extension.
    let blocks: Vec<_> = ingest::open(&p, Some(Format::Csv), None, 4).unwrap().collect();
    assert_eq!(blocks.len(), 1);
}

#[test]
fn bad_jsonl_inputs_name_row_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "null.jsonl",
            "{\"a\":1,\"b\":2}\n{\"a\":null,\"b\":2}\n",
            &["row 2 (line 2)", "column \"a\"", "fill or drop nulls"],
        ),
        (
            "missing.jsonl",
            "{\"a\":1,\"b\":2}\n\n{\"b\":2}\n",
            &["row 2 (line 3)", "column \"a\"", "null"],
        ),
        ("extra.jsonl", "{\"a\":1}\n{\"a\":1,\"z\":2}\n", &["row 2", "key \"z\" is not a column"]),
        ("twice.jsonl", "{\"a\":1}\n{\"a\":1,\"a\":2}\n", &["row 2", "appears twice"]),
        ("array.jsonl", "{\"a\":1}\n[1]\n", &["row 2", "not a JSON object"]),
        ("broken.jsonl", "{\"a\":1}\n{\"a\":\n", &["row 2", "not a JSON object"]),
        ("nested.jsonl", "{\"a\":1,\"b\":{\"c\":1}}\n", &["row 1", "column \"b\"", "nested"]),
        ("empty.jsonl", "\n\n", &["no rows", "--schema"]),
        ("noname.jsonl", "{\"a\":1,\"\":2}\n", &["column 2 has an empty name"]),
        ("dup.jsonl", "{\"a\":1,\"a\":2}\n", &["\"a\" appears twice"]),
    ];
    for (name, text, parts) in cases {
        let p = write(d, name, text);
        let msg = read_err(&p, None);
        assert_contains(&msg, &[name]);
        assert_contains(&msg, parts);
    }
    // With a schema, the first object's keys are checked against it, both sets listed.
    let p = write(d, "keys.jsonl", "{\"a\":1,\"c\":2}\n");
    let s = Schema::new(vec![col("a", ColumnType::Int), col("b", ColumnType::Int)]);
    assert_contains(
        &read_err(&p, Some(s.clone())),
        &["keys.jsonl", "missing from the file: b", "not in the schema: c", "file columns: [a, c]"],
    );
    // ... and a later object missing a key is a null in that row.
    let p = write(d, "later.jsonl", "{\"b\":1,\"a\":2}\n{\"a\":3}\n");
    assert_contains(&read_err(&p, Some(s)), &["later.jsonl, row 2 (line 2), column \"b\"", "null"]);
    // A timestamp with sub-microsecond digits that are not zero.
    let p = write(
        d,
        "ns.jsonl",
        "{\"t\":\"2024-01-01T00:00:00.000001000Z\"}\n{\"t\":\"2024-01-01T00:00:00.0000001Z\"}\n",
    );
    let s = Schema::new(vec![col("t", ColumnType::Timestamp)]);
    assert_contains(
        &read_err(&p, Some(s)),
        &["row 2 (line 2)", "column \"t\"", "microsecond precision"],
    );
}

#[test]
fn parquet_nulls_decimal128_and_nanoseconds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Nulls.
    let p = d.join("nulls.parquet");
    let mut v: Vec<Option<i64>> = (0..10).map(Some).collect();
    v[6] = None;
    write_parquet(
        &p,
        vec![Field::new("x", DataType::Int64, true)],
        vec![Arc::new(Int64Array::from(v))],
    );
    for block_rows in [1, 4, 64] {
        let err = ingest::open(&p, None, None, block_rows)
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap_err()
            .to_string();
        assert_contains(&err, &["nulls.parquet, row 7", "column \"x\"", "fill or drop nulls"]);
    }

    // Decimal128(10, 3): inferred scale 3, rescaled exactly to a larger scale, refused when
    // digits would be lost.
    let p = d.join("dec.parquet");
    let dec =
        Decimal128Array::from(vec![1_234i128, -5_000, 0]).with_precision_and_scale(10, 3).unwrap();
    write_parquet(
        &p,
        vec![Field::new("m", DataType::Decimal128(10, 3), false)],
        vec![Arc::new(dec)],
    );
    let (schema, blocks) = read_all(&p, None, 8);
    assert_eq!(schema.columns, [col("m", ColumnType::Decimal { scale: 3 })]);
    assert_eq!(blocks[0].columns[0], ColumnData::Int(vec![1_234, -5_000, 0]));
    let s5 = Schema::new(vec![col("m", ColumnType::Decimal { scale: 5 })]);
    assert_eq!(
        read_all(&p, Some(s5), 8).1[0].columns[0],
        ColumnData::Int(vec![123_400, -500_000, 0])
    );
    let s2 = Schema::new(vec![col("m", ColumnType::Decimal { scale: 2 })]);
    assert_contains(
        &read_err(&p, Some(s2)),
        &["row 1", "column \"m\"", "\"1.234\"", "at most 2 digits"],
    );
    // The same values as CSV text read the same.
    let csv = write(d, "dec.csv", "m\n1.234\n-5.000\n0\n");
    assert_eq!(read_all(&csv, None, 8), (schema, blocks));

    // Timestamps in nanoseconds: whole microseconds are taken, others refused.
    let p = d.join("ns.parquet");
    let ts = TimestampNanosecondArray::from(vec![1_000i64, 2_000_000]).with_timezone("+02:00");
    write_parquet(
        &p,
        vec![Field::new(
            "t",
            DataType::Timestamp(TimeUnit::Nanosecond, Some("+02:00".into())),
            false,
        )],
        vec![Arc::new(ts)],
    );
    let (schema, blocks) = read_all(&p, None, 8);
    assert_eq!(schema.columns, [col("t", ColumnType::Timestamp)]);
    assert_eq!(blocks[0].columns[0], ColumnData::Int(vec![1, 2_000]));
    let p = d.join("ns2.parquet");
    let ts = TimestampNanosecondArray::from(vec![1_000i64, 1_500]);
    write_parquet(
        &p,
        vec![Field::new("t", DataType::Timestamp(TimeUnit::Nanosecond, None), false)],
        vec![Arc::new(ts)],
    );
    assert_contains(&read_err(&p, None), &["row 2", "column \"t\"", "microsecond precision"]);

    // Columns that are not the schema's.
    let s = Schema::new(vec![col("u", ColumnType::Timestamp)]);
    assert_contains(&read_err(&p, Some(s)), &["missing from the file: u", "not in the schema: t"]);

    // Dictionary-encoded strings read like plain ones.
    let pd = d.join("dict.parquet");
    let dict: DictionaryArray<Int32Type> = vec!["b", "a", "b", "c"].into_iter().collect();
    write_parquet(
        &pd,
        vec![Field::new(
            "l",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            false,
        )],
        vec![Arc::new(dict)],
    );
    let (schema, blocks) = read_all(&pd, None, 3);
    assert_eq!(schema.columns, [col("l", ColumnType::Categorical)]);
    assert_eq!(
        concat(&blocks),
        [ColumnData::Field(["b", "a", "b", "c"].map(categorical_ref).to_vec())]
    );
    // NaN is refused.
    let p = d.join("nan.parquet");
    write_parquet(
        &p,
        vec![Field::new("f", DataType::Float64, false)],
        vec![Arc::new(Float64Array::from(vec![1.5, f64::NAN]))],
    );
    assert_contains(&read_err(&p, None), &["row 2", "column \"f\"", "NaN", "finite"]);
}

/// Read speed on 1,000,000 rows x 8 columns per format. Run with
/// `cargo test --release -p zkp-ledger-dataset --test it -- --ignored --nocapture read_speed`.
#[test]
#[ignore = "timing printout; run in release"]
fn read_speed() {
    let dir = tempfile::tempdir().unwrap();
    let rows = 1_000_000;
    for (name, format) in
        [("t.csv", Format::Csv), ("t.jsonl", Format::JsonLines), ("t.parquet", Format::Parquet)]
    {
        let path = dir.path().join(name);
        let t = std::time::Instant::now();
        synth::write_table(&path, format, rows, 1).unwrap();
        let written = t.elapsed();
        let size = std::fs::metadata(&path).unwrap().len();
        // The best of 3 runs: the machine is shared.
        let read = (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let reader = ingest::open(&path, None, None, 65_536).unwrap();
                let mut n = 0;
                for b in reader {
                    n += b.unwrap().rows;
                }
                assert_eq!(n as u64, rows);
                t.elapsed()
            })
            .min()
            .unwrap();
        println!(
            "{name}: {rows} rows x 8 columns, {:.1} MB: read+encode {:.3} s (best of 3) ({:.2} M rows/s); written in {:.3} s",
            size as f64 / 1e6,
            read.as_secs_f64(),
            rows as f64 / read.as_secs_f64() / 1e6,
            written.as_secs_f64()
        );
    }
}
