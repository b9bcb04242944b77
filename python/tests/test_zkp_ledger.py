"""zkp_ledger against the real library: real commitments and Groth16 proofs with a small chunk
shape (2^14 constraints, 4-bit limbs, sets of 8: crates/cli/tests/it/dataset.rs's), real files.
"""

import json
import shutil

import pyarrow as pa
import pytest
from conftest import LABELS, SHAPE, table

import zkp_ledger as zl


STATEMENTS = {
    "age": zl.Range(18, 90),
    "income": [zl.Mean(max=250_000), zl.Range(0, 200_000)],
    "score": zl.SumSquaresMax(100_000_000),
    "label": [zl.In(LABELS), zl.Count("cat", min=1)],
}


@pytest.fixture(scope="module")
def work(tmp_path_factory, keys):
    """A table as CSV, its commitment and its proof, shared by the tests (one key cache)."""
    d = tmp_path_factory.mktemp("zl")
    df = table(300, 7)
    df.to_csv(d / "t.csv", index=False)
    c = zl.commit(d / "t.csv", d / "c", keys=keys, **SHAPE)
    p = zl.prove(c, d / "t.csv", d / "p", STATEMENTS, keys=keys)
    return d, df, keys, c, p


def test_commit_reports_the_commitment(work):
    d, df, _, c, _ = work
    assert c.entry.startswith("0x") and len(c.entry) == 66
    assert c.rows == len(df)
    assert c.chunks >= 2 and c.chunk_rows * (c.chunks - 1) < c.rows <= c.chunk_rows * c.chunks
    assert c.columns == ["age", "income", "score", "label"]
    assert c.commitment_json == d / "c" / "commitment.json" and c.commitment_json.exists()
    assert c.opening_json is not None and (c.opening_json.stat().st_mode & 0o777) == 0o600
    assert c.inferred


def test_prove_and_verify(work):
    d, df, _, c, p = work
    assert p.entry == c.entry
    assert p.chunks_proven == c.chunks and p.chunks_reused == 0
    assert "every age is in [18, 90]" in p.claims
    v = zl.verify(d / "p", entry=c.entry)
    assert v.entry == c.entry and v.rows == len(df) and v.chunks == c.chunks
    assert v.claims == p.claims
    assert "the table has 300 rows" in v.claims
    assert any(s.startswith("the sum of income is at most") and "mean at most 250000.00" in s
               for s in v.claims), v.claims
    assert 'the number of rows with label = "cat" is in [1, 300]' in v.claims
    assert v.statement == json.loads((d / "p" / "statement.json").read_text())
    with pytest.raises(zl.ProofError, match="not the pinned"):
        zl.verify(d / "p", entry="0x00")


class _Stream:
    """Not pyarrow: only the Arrow PyCapsule interface's stream method, as other libraries
    (polars, DuckDB) offer it."""

    def __init__(self, table):
        self._table = table

    def __arrow_c_stream__(self, requested_schema=None):
        return self._table.__arrow_c_stream__(requested_schema)


def _generated_reader(table, rows):
    """A RecordBatchReader over a Python generator: pyarrow calls back into Python (taking the
    GIL) for every batch while the library reads with the GIL released."""
    schema = table.schema
    return pa.RecordBatchReader.from_batches(
        schema, (b for b in table.to_batches(max_chunksize=rows)))


def test_same_commitment_from_every_input_kind(work):
    """The CSV file's commitment from its Parquet copy, the DataFrame, a pyarrow Table (one
    chunk and many), a RecordBatchReader (over the Table, and over a Python generator) and a
    plain __arrow_c_stream__ object; and proofs from Arrow data against it."""
    d, df, keys, c, _ = work
    df.to_parquet(d / "t.parquet", index=False)
    table = pa.Table.from_pandas(df, preserve_index=False)
    chunked = pa.concat_tables([table.slice(0, 7), table.slice(7, 150), table.slice(157)])
    assert chunked.column(0).num_chunks == 3
    inputs = {
        "parquet": d / "t.parquet",
        "df": df,
        "table": table,
        "chunked": chunked,
        "reader": pa.RecordBatchReader.from_batches(table.schema, chunked.to_batches()),
        "generated": _generated_reader(table, 64),
        "stream": _Stream(chunked),
    }
    for kind, data in inputs.items():
        r = zl.commit(data, d / f"c_{kind}", opening=c.opening_json, keys=keys, progress=False,
                      **SHAPE)
        assert r.entry == c.entry, kind
        assert r.rows == len(df) and r.columns == c.columns and r.inferred, kind
        assert r.opening_json is None  # the given opening was reused, none written
    # pandas' index is not a column, whatever it is.
    shuffled = df.set_index(df.index[::-1] + 1000)
    assert zl.commit(shuffled, d / "c_index", opening=c.opening_json, keys=keys,
                     **SHAPE).entry == c.entry
    # Proving from the DataFrame and from a one-pass reader against the CSV's commitment.
    p = zl.prove(c, df, d / "p_df", {"age": zl.Range(min=18)}, keys=keys)
    assert zl.verify(p.directory, entry=c.entry).claims[1] == "every age is at least 18"
    p = zl.prove(c, _generated_reader(table, 100), d / "p_reader", {"age": zl.Range(min=18)},
                 keys=keys)
    assert zl.verify(p.directory, entry=c.entry).claims[1] == "every age is at least 18"


def test_arrow_data_errors_name_the_data(work):
    d, df, keys, c, _ = work
    bad = df.copy()
    bad.loc[41, "score"] = None
    with pytest.raises(zl.DataError) as e:
        zl.commit(bad, d / "c_null", keys=keys, **SHAPE)
    assert "pandas DataFrame, row 42" in str(e.value) and '"score"' in str(e.value)
    # Other rows than the committed ones, from a pyarrow Table.
    table = pa.Table.from_pandas(df, preserve_index=False)
    with pytest.raises(zl.DataError, match="does not match the commitment"):
        zl.prove(c, table.slice(1), d / "p_short", {"age": zl.Range(18, 90)}, keys=keys)
    # A column type the library does not take.
    lists = pa.table({"x": pa.array([[1], [2]])})
    with pytest.raises(zl.DataError, match="pyarrow Table"):
        zl.commit(lists, d / "c_list", keys=keys, **SHAPE)
    # A producer that fails: a DataError caused by its error, nothing is written.

    class Broken:
        def __arrow_c_stream__(self, requested_schema=None):
            raise ValueError("no stream today")

    with pytest.raises(zl.DataError, match="Broken: cannot read its Arrow stream") as e:
        zl.commit(Broken(), d / "c_broken", keys=keys, **SHAPE)
    assert isinstance(e.value.__cause__, ValueError)
    assert not (d / "c_broken").exists()


def test_notarize_with_progress(work):
    d, df, keys, _, _ = work
    seen = []
    c, p = zl.notarize(df, d / "n", {"age": zl.Range(18, 90)}, keys=keys,
                       progress=lambda stage, done, total: seen.append((stage, done, total)),
                       **SHAPE)
    assert (d / "n" / "commitment" / "opening.json").exists()
    assert zl.verify(d / "n" / "proof", entry=c.entry).rows == len(df)
    assert ("rows", len(df), None) in seen
    assert ("chunks", c.chunks, c.chunks) in seen


def test_notarize_a_one_pass_reader(work):
    """A RecordBatchReader can be read once: notarize collects it first, for commit and prove."""
    d, df, keys, _, _ = work
    table = pa.Table.from_pandas(df, preserve_index=False)
    c, p = zl.notarize(_generated_reader(table, 50), d / "n_reader", {"age": zl.Range(18, 90)},
                       keys=keys, progress=False, **SHAPE)
    v = zl.verify(d / "n_reader" / "proof", entry=c.entry)
    assert v.rows == len(df) and "every age is in [18, 90]" in v.claims


def test_false_statement_raises_statement_error(work):
    d, _, keys, c, _ = work
    with pytest.raises(zl.StatementError, match="outside 18..80"):
        zl.prove(c, d / "t.csv", d / "bad", {"age": zl.Range(18, 80)}, keys=keys)
    assert not (d / "bad" / "final.json").exists()
    with pytest.raises(zl.StatementError, match='no column "nope"'):
        zl.prove(c, d / "t.csv", d / "bad2", {"nope": zl.Range(1, 2)}, keys=keys)
    with pytest.raises(zl.StatementError, match="applies to categorical columns"):
        zl.prove(c, d / "t.csv", d / "bad3", {"age": zl.In(["1", "2"])}, keys=keys)
    with pytest.raises(zl.StatementError):
        zl.prove(c, d / "t.csv", d / "bad4", {"income": zl.Mean(max=1)}, keys=keys)
    assert issubclass(zl.StatementError, zl.ZkpLedgerError)


def test_tampered_proof_raises_proof_error(work):
    d, _, _, c, _ = work
    t = d / "tampered"
    shutil.copytree(d / "p", t)
    f = t / "final.json"
    v = json.loads(f.read_text())
    v["public"][1] = "7"
    f.write_text(json.dumps(v))
    with pytest.raises(zl.ProofError, match="verification failed"):
        zl.verify(t, entry=c.entry)
    shutil.copy(d / "p" / "final.json", f)
    zl.verify(t, entry=c.entry)
    a, b = t / "chunks" / "000000.json", t / "chunks" / "000001.json"
    ta, tb = a.read_bytes(), b.read_bytes()
    a.write_bytes(tb)
    b.write_bytes(ta)
    # Swapped chunk proofs: each file is named for another chunk.
    with pytest.raises(zl.FileError, match="not the proof of chunk 0"):
        zl.verify(t)


def test_bad_input_raises_data_error(work):
    d, _, keys, c, _ = work
    (d / "ragged.csv").write_text("a,b\n1,2\n3\n")
    with pytest.raises(zl.DataError) as e:
        zl.commit(d / "ragged.csv", d / "r", keys=keys, **SHAPE)
    assert "ragged.csv" in str(e.value) and "row 2" in str(e.value)
    # Changed data against the commitment.
    lines = (d / "t.csv").read_text().splitlines()
    del lines[150]
    (d / "dropped.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(zl.DataError, match="does not match the commitment"):
        zl.prove(c, d / "dropped.csv", d / "bad5", {"age": zl.Range(18, 90)}, keys=keys)
    with pytest.raises(zl.DataError, match="not a path"):
        zl.commit(42, d / "x", keys=keys, **SHAPE)
    # Refuses to overwrite a commitment.
    with pytest.raises(zl.FileError, match="already exists"):
        zl.commit(d / "t.csv", d / "c", keys=keys, **SHAPE)


def test_claims_in_the_cli_syntax():
    assert zl.claims_of(STATEMENTS) == {
        "range": ["age=18..90", "income=0..200000"],
        "mean": ["income=..250000"],
        "sumsq_max": ["score=100000000"],
        "in": ["label=cat,dog,bird,fish"],
        "count": ["label=cat:1.."],
    }
    assert zl.claims_of({"x": zl.Sum(0.5, 1e-7)}) == {"sum": ["x=0.5..0.0000001"]}
    with pytest.raises(zl.StatementError):
        zl.claims_of({"x": zl.Range()})
    with pytest.raises(zl.StatementError):
        zl.claims_of({"x": 3})
