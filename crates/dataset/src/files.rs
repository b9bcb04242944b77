//! `commitment.json` (public: what was committed to and what was proven about it) and
//! `opening.json` (private: the blinding value that opens the commitment).

use ark_bn254::Fr;
use serde::{Deserialize, Serialize};
use zkp_ledger_circuits::dataset::{ColumnBounds, Commitment, Schema, Statements};

use zkp_ledger_prover::{
    CircuitSpec,
    evm::{parse_hex_word, statement_hash},
    field::{FieldKind, from_word, to_hex_word},
};

use crate::{Error, Result, decimal::format_scaled};

/// Format tag of `commitment.json`.
pub const COMMITMENT_FORMAT: &str = "zkp-ledger/commitment/v1";
/// Format tag of `opening.json`.
pub const OPENING_FORMAT: &str = "zkp-ledger/opening/v1";

/// One column's statements, bounds as scaled integers in decimal strings (JSON numbers lose
/// precision beyond 2^53).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementJson {
    /// Column name.
    pub column: String,
    /// Every value in [lo, hi].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[String; 2]>,
    /// Column sum at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum_max: Option<String>,
    /// Column sum of squares at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sumsq_max: Option<String>,
}

/// The schema as written to `commitment.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaJson {
    /// Columns in order.
    pub columns: Vec<zkp_ledger_circuits::dataset::Column>,
    /// The schema hash (`0x`-hex).
    pub hash: String,
}

/// `commitment.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentJson {
    /// [`COMMITMENT_FORMAT`].
    pub format: String,
    /// The circuit (and shape) of the keys used.
    pub circuit: CircuitSpec,
    /// Their circuit id.
    pub circuit_id: String,
    /// The hiding commitment (`0x`-hex field element).
    pub commitment: String,
    /// Rows committed to.
    pub row_count: u64,
    /// Column names and scales, and their hash.
    pub schema: SchemaJson,
    /// What the proof shows, per column.
    pub statements: Vec<StatementJson>,
    /// keccak256(circuit id || public inputs): the statement's name on chain and in the ledger.
    pub statement_hash: String,
}

/// `opening.json`: keep it secret; with the data it opens the commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningJson {
    /// [`OPENING_FORMAT`].
    pub format: String,
    /// The commitment it opens.
    pub commitment: String,
    /// The random blinding value.
    pub blinding: String,
    /// Root of the rows tree.
    pub rows_root: String,
    /// Rows committed to.
    pub row_count: u64,
    /// The schema hash.
    pub schema_hash: String,
    /// The data file as read.
    pub data: DataJson,
}

/// The data file an opening belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataJson {
    /// File name as given.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

impl StatementJson {
    /// The JSON form of a column's statements (`None` when it has none).
    pub fn from_bounds(column: &str, b: &ColumnBounds) -> Option<Self> {
        (!b.is_trivial()).then(|| Self {
            column: column.to_string(),
            range: b.range.map(|(lo, hi)| [lo.to_string(), hi.to_string()]),
            sum_max: b.sum_max.map(|s| s.to_string()),
            sumsq_max: b.sumsq_max.map(|s| s.to_string()),
        })
    }

    /// Human form, in the column's decimal units, e.g. `age in [18, 99]; sum <= 5000`.
    pub fn describe(&self, scale: u8) -> String {
        let f = |s: &str, scale: u8| {
            s.parse::<i128>().map_or_else(|_| s.to_string(), |v| format_scaled(v, scale))
        };
        let mut parts = Vec::new();
        if let Some([lo, hi]) = &self.range {
            parts.push(format!("every value in [{}, {}]", f(lo, scale), f(hi, scale)));
        }
        if let Some(s) = &self.sum_max {
            parts.push(format!("sum <= {}", f(s, scale)));
        }
        if let Some(s) = &self.sumsq_max {
            parts.push(format!("sum of squares <= {}", f(s, scale.saturating_mul(2))));
        }
        format!("{}: {}", self.column, parts.join("; "))
    }
}

fn bad(what: &str, problem: impl Into<String>) -> Error {
    Error::BadFile { what: what.into(), problem: problem.into() }
}

impl CommitmentJson {
    /// Each statement in human form ([`StatementJson::describe`]), in its column's units.
    pub fn described_statements(&self) -> Vec<String> {
        self.statements
            .iter()
            .map(|st| {
                let scale = self
                    .schema
                    .columns
                    .iter()
                    .find(|col| col.name == st.column)
                    .map_or(0, |col| col.scale);
                st.describe(scale)
            })
            .collect()
    }

    /// Builds the file's contents.
    pub fn new(
        circuit: CircuitSpec,
        circuit_id: &str,
        commitment: &Commitment,
        schema: &Schema,
        statements: &Statements,
        statement_hash: &[u8; 32],
    ) -> Self {
        Self {
            format: COMMITMENT_FORMAT.into(),
            circuit,
            circuit_id: circuit_id.into(),
            commitment: to_hex_word(&commitment.value),
            row_count: commitment.row_count,
            schema: SchemaJson {
                columns: schema.columns.clone(),
                hash: to_hex_word(&commitment.schema_hash),
            },
            statements: statements_json(schema, statements),
            statement_hash: format!("0x{}", hex::encode(statement_hash)),
        }
    }

    /// The schema, checked against its recorded hash.
    pub fn schema(&self) -> Result<Schema> {
        let schema = Schema { columns: self.schema.columns.clone() };
        if to_hex_word(&schema.hash()) != self.schema.hash.to_lowercase() {
            return Err(bad("commitment.json", "schema.hash does not match the listed columns"));
        }
        Ok(schema)
    }

    /// The statements, as the circuit's per-column bounds.
    pub fn statements(&self) -> Result<Statements> {
        let schema = self.schema()?;
        let mut columns = vec![ColumnBounds::default(); schema.columns.len()];
        let mut seen = vec![false; schema.columns.len()];
        for s in &self.statements {
            let j = schema.index_of(&s.column).ok_or_else(|| {
                bad("commitment.json", format!("statement about unknown column {:?}", s.column))
            })?;
            // One entry per column, each saying something: a second entry would either be
            // dropped or overwrite the first, and an empty one claims nothing, so neither is
            // what `notarize` writes.
            if std::mem::replace(&mut seen[j], true) {
                return Err(bad(
                    "commitment.json",
                    format!("two statement entries for column {:?}", s.column),
                ));
            }
            if s.range.is_none() && s.sum_max.is_none() && s.sumsq_max.is_none() {
                return Err(bad(
                    "commitment.json",
                    format!("an empty statement entry for column {:?}", s.column),
                ));
            }
            let num = |v: &str| {
                v.parse::<i128>()
                    .map_err(|_| bad("commitment.json", format!("{v:?} is not an integer")))
            };
            let b = &mut columns[j];
            if let Some([lo, hi]) = &s.range {
                let lo = i64::try_from(num(lo)?)
                    .map_err(|_| bad("commitment.json", "range outside 64 bits"))?;
                let hi = i64::try_from(num(hi)?)
                    .map_err(|_| bad("commitment.json", "range outside 64 bits"))?;
                b.range = Some((lo, hi));
            }
            if let Some(v) = &s.sum_max {
                b.sum_max = Some(num(v)?);
            }
            if let Some(v) = &s.sumsq_max {
                b.sumsq_max = Some(v.parse::<u128>().map_err(|_| {
                    bad("commitment.json", format!("{v:?} is not a non-negative integer"))
                })?);
            }
        }
        Ok(Statements { columns })
    }

    /// The public inputs a proof of this commitment and these statements must have: what a
    /// verifier rebuilds from this file alone and compares with `public.json`.
    pub fn public_inputs(&self) -> Result<Vec<Fr>> {
        let CircuitSpec::Dataset { rows, cols } = self.circuit else {
            return Err(bad(
                "commitment.json",
                format!("circuit is {}, not dataset", self.circuit.describe()),
            ));
        };
        let shape = zkp_ledger_circuits::dataset::Shape::new(rows, cols)?;
        let schema = self.schema()?;
        let statements = self.statements()?;
        let mut out = vec![
            parse_field(&self.commitment, "commitment.json commitment")?,
            Fr::from(self.row_count),
            schema.hash(),
        ];
        for b in statements.for_columns(shape.cols)? {
            out.extend_from_slice(&b.public_inputs());
        }
        Ok(out)
    }
}

impl CommitmentJson {
    /// Checks that this file is exactly what `notarize` writes for a proof whose public inputs
    /// are `public`, under the verifying key with id `circuit_id` (`num_public` inputs) of the
    /// circuit `circuit` (when known: a key directory's manifest), and returns what such a proof
    /// establishes, in words: the commitment and row count, then each column's statements.
    ///
    /// Refused: another format or circuit id, another circuit shape, duplicate or empty
    /// statement entries, public inputs other than the ones this file describes, a
    /// `statement_hash` other than `keccak256(circuit id || public inputs)`, and any field not in
    /// the one form `notarize` writes. The words come from the statements the public inputs
    /// encode (the parsed and checked ones), never from the file's raw entries.
    pub fn bind(
        &self,
        circuit: Option<CircuitSpec>,
        circuit_id: &str,
        num_public: usize,
        public: &[Fr],
    ) -> Result<Vec<String>> {
        const FILE: &str = "commitment.json";
        if self.format != COMMITMENT_FORMAT {
            return Err(bad(
                FILE,
                format!("format is {:?}, not {COMMITMENT_FORMAT:?}", self.format),
            ));
        }
        if self.circuit_id != circuit_id {
            return Err(bad(
                FILE,
                format!(
                    "it is for circuit {}, the verifying key is circuit {circuit_id}",
                    self.circuit_id
                ),
            ));
        }
        if let Some(spec) = circuit
            && spec != self.circuit
        {
            return Err(bad(
                FILE,
                format!(
                    "it names the circuit {}, the key directory holds {}",
                    self.circuit.describe(),
                    spec.describe()
                ),
            ));
        }
        let shape_inputs = self.circuit.num_public()?;
        if shape_inputs != num_public {
            return Err(bad(
                FILE,
                format!(
                    "its circuit {} has {shape_inputs} public inputs, the verifying key {num_public}",
                    self.circuit.describe()
                ),
            ));
        }
        let schema = self.schema()?;
        let statements = self.statements()?;
        let expected = self.public_inputs()?;
        if public != expected.as_slice() {
            return Err(bad(
                FILE,
                "the proof's public inputs are not this commitment and these statements",
            ));
        }
        let id_word = parse_hex_word(circuit_id, "circuit id")?;
        let statement_hash = format!("0x{}", hex::encode(statement_hash(&id_word, public)));
        if self.statement_hash != statement_hash {
            return Err(bad(
                FILE,
                format!(
                    "statement_hash is {}, but keccak256(circuit id || public inputs) is {statement_hash}",
                    self.statement_hash
                ),
            ));
        }
        let canonical = Self {
            format: COMMITMENT_FORMAT.into(),
            circuit: self.circuit,
            circuit_id: circuit_id.into(),
            commitment: to_hex_word(&expected[0]),
            row_count: self.row_count,
            schema: SchemaJson {
                columns: schema.columns.clone(),
                hash: to_hex_word(&schema.hash()),
            },
            statements: statements_json(&schema, &statements),
            statement_hash,
        };
        if canonical != *self {
            return Err(bad(
                FILE,
                "it is not in the form `notarize` writes (statements in column order, lowercase \
                 0x-hex, plain decimal numbers); write it again with `notarize`",
            ));
        }
        let mut out =
            vec![format!("commitment {} over {} rows", canonical.commitment, canonical.row_count)];
        out.extend(canonical.described_statements());
        Ok(out)
    }
}

/// The `statements` entries of `commitment.json`: one per column that has a statement, in
/// column order.
fn statements_json(schema: &Schema, statements: &Statements) -> Vec<StatementJson> {
    schema
        .columns
        .iter()
        .zip(&statements.columns)
        .filter_map(|(c, b)| StatementJson::from_bounds(&c.name, b))
        .collect()
}

/// Parses a `0x`-hex field element.
pub fn parse_field(s: &str, what: &str) -> Result<Fr> {
    let w = parse_hex_word(s, what)?;
    Ok(from_word(&w, what, FieldKind::Scalar)?)
}
