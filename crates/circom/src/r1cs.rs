//! Circom's `.r1cs` (binfile "r1cs", version 1).
//!
//! ```text
//! section 1, header (64 bytes):
//!   n8 u32 (32), prime (n8 bytes, must be BN254's r), nWires u32, nPubOut u32, nPubIn u32,
//!   nPrvIn u32, nLabels u64, nConstraints u32
//! section 2, constraints: nConstraints times A, B, C, each a linear combination:
//!   nTerms u32, then nTerms times (wire u32, coefficient n8 bytes)
//! section 3, wire-to-label map: nWires times u64
//! ```
//!
//! Coefficients are plain little-endian integers below r (not Montgomery form). Wires are
//! numbered: 0 the constant one, then the public outputs, the public inputs, the private inputs
//! and the internal signals, so the instance (constant, outputs, public inputs) comes first, as
//! arkworks wants it. Sections 4 and 5 (PLONK custom gates) are refused.

use std::path::Path;

use ark_bn254::Fr;
use ark_ff::{Field, PrimeField};
use ark_relations::utils::matrix::Matrix;
use rayon::prelude::*;
use zkp_ledger_prover::groth16::Matrices;

use crate::{
    Error, FileKind, Result,
    binfile::{BinFile, Section, Source, bigint, le_u32},
};

const KIND: FileKind = FileKind::R1cs;
/// The version read.
pub const VERSION: u32 = 1;
const HEADER: u32 = 1;
const CONSTRAINTS: u32 = 2;
const WIRE_TO_LABEL: u32 = 3;
const CUSTOM_GATES_LIST: u32 = 4;
const CUSTOM_GATES_USES: u32 = 5;
/// Header section size with 32-byte field elements.
const HEADER_SIZE: u64 = 4 + 32 + 4 * 4 + 8 + 4;

/// A Circom constraint system: `A w * B w = C w` row by row for the witness `w`
/// (`w[0] = 1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct R1cs {
    /// Wires, the constant one included (`nWires`).
    pub num_wires: usize,
    /// Public outputs (`nPubOut`).
    pub num_pub_out: usize,
    /// Public inputs (`nPubIn`).
    pub num_pub_in: usize,
    /// Private inputs (`nPrvIn`).
    pub num_prv_in: usize,
    /// Signals of the circuit before the optimiser removed some (`nLabels`).
    pub num_labels: u64,
    /// A, B and C, one row per constraint: (coefficient, wire).
    pub abc: [Matrix<Fr>; 3],
    /// For each wire, its signal (label) id; each below `num_labels`.
    pub wire_to_label: Vec<u64>,
}

impl R1cs {
    /// Reads and checks a `.r1cs` file.
    pub fn read(path: &Path) -> Result<Self> {
        Self::parse(Source::open(path)?)
    }

    /// Reads and checks a `.r1cs` file held in memory.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::parse(Source::Bytes(bytes))
    }

    fn parse(source: Source<'_>) -> Result<Self> {
        let mut file = BinFile::parse(KIND, source, VERSION)?;
        if file.has(CUSTOM_GATES_LIST) || file.has(CUSTOM_GATES_USES) {
            return Err(Error::Unsupported {
                kind: KIND,
                feature: "PLONK custom gates (sections 4 and 5)",
            });
        }
        let mut h = file.section(HEADER, "header")?;
        h.expect_size(HEADER_SIZE)?;
        h.prime::<Fr>("r")?;
        let [num_wires, num_pub_out, num_pub_in, num_prv_in] =
            [h.u32()?, h.u32()?, h.u32()?, h.u32()?].map(|n| n as usize);
        let num_labels = h.u64()?;
        let num_constraints = h.u32()? as usize;
        let inputs = 1 + num_pub_out + num_pub_in + num_prv_in;
        if num_wires < inputs {
            return Err(Error::inconsistent(
                KIND,
                format!(
                    "{num_wires} wires cannot hold the constant, {num_pub_out} outputs, \
                     {num_pub_in} public and {num_prv_in} private inputs"
                ),
            ));
        }
        if num_labels < num_wires as u64 {
            return Err(Error::inconsistent(
                KIND,
                format!("{num_labels} labels for {num_wires} wires"),
            ));
        }

        let mut c = file.section(CONSTRAINTS, "constraints")?;
        // Each constraint takes at least 12 bytes: bound the allocation by the section size.
        if num_constraints > c.len() / 12 {
            return Err(Error::SectionSize {
                kind: KIND,
                section: "constraints",
                expected: num_constraints as u64 * 12,
                found: c.len() as u64,
            });
        }
        let mut abc: [Matrix<Fr>; 3] = Default::default();
        for m in &mut abc {
            m.reserve_exact(num_constraints);
        }
        for row in 0..num_constraints {
            for (m, name) in abc.iter_mut().zip(["A", "B", "C"]) {
                m.push(linear_combination(&mut c, row, name, num_wires)?);
            }
        }
        c.finish()?;

        let mut w = file.section(WIRE_TO_LABEL, "wire-to-label map")?;
        w.expect_size(num_wires as u64 * 8)?;
        let wire_to_label: Vec<u64> = (0..num_wires).map(|_| w.u64()).collect::<Result<_>>()?;
        if let Some(wire) = wire_to_label.iter().position(|&l| l >= num_labels) {
            return Err(Error::inconsistent(
                KIND,
                format!(
                    "wire {wire} maps to label {}, but there are {num_labels} labels",
                    wire_to_label[wire]
                ),
            ));
        }
        if wire_to_label.first().is_some_and(|&l| l != 0) {
            return Err(Error::inconsistent(KIND, "wire 0 (the constant one) is not label 0"));
        }
        Ok(Self { num_wires, num_pub_out, num_pub_in, num_prv_in, num_labels, abc, wire_to_label })
    }

    /// Constraints.
    pub fn num_constraints(&self) -> usize {
        self.abc[0].len()
    }

    /// Instance variables as arkworks counts them: the constant one, the public outputs and the
    /// public inputs (the first wires).
    pub fn num_instance(&self) -> usize {
        1 + self.num_pub_out + self.num_pub_in
    }

    /// Public signals in snarkjs's `public.json` order (outputs, then public inputs).
    pub fn num_public(&self) -> usize {
        self.num_pub_out + self.num_pub_in
    }

    /// Checks a witness against the circuit: one value per wire ([`Error::WitnessLength`]), the
    /// constant one first ([`Error::WitnessConstant`]), and `A w * B w == C w` in every row (the
    /// first broken one is [`Error::Unsatisfied`]).
    pub fn check(&self, witness: &[Fr]) -> Result<()> {
        if witness.len() != self.num_wires {
            return Err(Error::WitnessLength { expected: self.num_wires, found: witness.len() });
        }
        if witness.first() != Some(&Fr::ONE) {
            return Err(Error::WitnessConstant);
        }
        let dot = |row: &[(Fr, usize)]| -> Fr { row.iter().map(|(c, i)| *c * witness[*i]).sum() };
        let [a, b, c] = &self.abc;
        match (0..a.len()).into_par_iter().find_first(|&i| dot(&a[i]) * dot(&b[i]) != dot(&c[i])) {
            Some(constraint) => Err(Error::Unsatisfied { constraint }),
            None => Ok(()),
        }
    }

    /// The constraint system as the prover's [`Matrices`].
    pub fn into_matrices(self) -> Matrices {
        let num_instance = self.num_instance();
        Matrices {
            num_constraints: self.num_constraints(),
            num_instance,
            num_witness: self.num_wires - num_instance,
            abc: self.abc,
        }
    }
}

/// One linear combination of constraint `row`; every wire below `num_wires`, every coefficient
/// below r.
fn linear_combination(
    s: &mut Section<'_>,
    row: usize,
    name: &str,
    num_wires: usize,
) -> Result<Vec<(Fr, usize)>> {
    let terms = s.u32()? as usize;
    let bytes = s.bytes(terms.saturating_mul(36))?;
    let mut lc = Vec::with_capacity(terms);
    for (i, t) in bytes.chunks_exact(36).enumerate() {
        let wire = le_u32(&t[..4]) as usize;
        if wire >= num_wires {
            return Err(Error::inconsistent(
                KIND,
                format!("constraint {row}, {name} term {i}: wire {wire} of {num_wires}"),
            ));
        }
        let coeff = Fr::from_bigint(bigint(&t[4..])).ok_or_else(|| Error::NotCanonical {
            kind: KIND,
            what: format!("constraint {row}, {name} term {i}: the coefficient"),
            field: "r",
        })?;
        lc.push((coeff, wire));
    }
    Ok(lc)
}
