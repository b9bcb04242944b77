//! snarkjs JSON: `proof.json`, `public.json` and `verification_key.json`, decoded strictly.
//!
//! One proof has one accepted encoding: every number must be canonical decimal below its field,
//! points are affine (`z` = "1", or ["1","0"] in G2), on the curve, in the prime-order subgroup,
//! and never the point at infinity (a verifying key's IC points excepted, where snarkjs writes
//! infinity as ["0","1","0"]). `proof.json` may carry our `circuit_id`; snarkjs ignores it.

use std::path::Path;

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::{AffineRepr, pairing::Pairing};
use ark_ff::Zero;
use ark_groth16::{Proof, VerifyingKey};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::{
    Error, Result,
    commit::{CommitProof, CommitVerifyingKey, CommitmentVerifyingKey},
    field::{fq_from_canonical_decimal, fr_from_canonical_decimal, to_decimal},
};

/// snarkjs's name for BN254.
pub const CURVE: &str = "bn128";
/// The only protocol supported.
pub const PROTOCOL: &str = "groth16";

type G1Json = [String; 3];
type G2Json = [[String; 2]; 3];

/// `proof.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofJson {
    /// A.
    pub pi_a: G1Json,
    /// B.
    pub pi_b: G2Json,
    /// C.
    pub pi_c: G1Json,
    /// "groth16".
    pub protocol: String,
    /// "bn128".
    pub curve: String,
    /// The circuit id of the keys the proof was made with (ours; absent from snarkjs's proofs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuit_id: Option<String>,
}

/// `verification_key.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationKeyJson {
    /// "groth16".
    pub protocol: String,
    /// "bn128".
    pub curve: String,
    /// Number of public inputs.
    #[serde(rename = "nPublic")]
    pub n_public: usize,
    /// alpha in G1.
    pub vk_alpha_1: G1Json,
    /// beta in G2.
    pub vk_beta_2: G2Json,
    /// gamma in G2.
    pub vk_gamma_2: G2Json,
    /// delta in G2.
    pub vk_delta_2: G2Json,
    /// e(alpha, beta) in GT, as snarkjs writes it (checked when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vk_alphabeta_12: Option<[[[String; 2]; 3]; 2]>,
    /// Input commitments: `IC[0]` plus one per public input.
    #[serde(rename = "IC")]
    pub ic: Vec<G1Json>,
}

/// Reads and parses a JSON file, mapping errors to typed ones that name the file.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))?;
    serde_json::from_str(&text)
        .map_err(|source| Error::Json { what: path.display().to_string(), source })
}

/// Serializes to pretty JSON with a trailing newline.
pub fn to_json_string<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

fn g1_from_json(p: &G1Json, what: &str, allow_infinity: bool) -> Result<G1Affine> {
    if allow_infinity && p[0] == "0" && p[1] == "1" && p[2] == "0" {
        return Ok(G1Affine::zero());
    }
    if p[2] != "1" {
        return Err(Error::NotAffine { point: what.to_string(), expected: "\"1\"" });
    }
    let x = fq_from_canonical_decimal(&p[0], &format!("{what}.x"))?;
    let y = fq_from_canonical_decimal(&p[1], &format!("{what}.y"))?;
    g1_from_coords(x, y, what)
}

/// A G1 point from affine coordinates, checked (BN254's G1 has cofactor 1, so on the curve means in
/// the group). (0, 0), the EVM's encoding of infinity, is refused.
pub fn g1_from_coords(x: Fq, y: Fq, what: &str) -> Result<G1Affine> {
    if x.is_zero() && y.is_zero() {
        return Err(Error::PointAtInfinity { point: what.to_string() });
    }
    let p = G1Affine::new_unchecked(x, y);
    if !p.is_on_curve() {
        return Err(Error::NotOnCurve { point: what.to_string() });
    }
    Ok(p)
}

fn g2_from_json(p: &G2Json, what: &str) -> Result<G2Affine> {
    if p[2][0] != "1" || p[2][1] != "0" {
        return Err(Error::NotAffine { point: what.to_string(), expected: "[\"1\",\"0\"]" });
    }
    let c = |i: usize, j: usize, name: &str| {
        fq_from_canonical_decimal(&p[i][j], &format!("{what}.{name}"))
    };
    let x = Fq2::new(c(0, 0, "x.c0")?, c(0, 1, "x.c1")?);
    let y = Fq2::new(c(1, 0, "y.c0")?, c(1, 1, "y.c1")?);
    g2_from_coords(x, y, what)
}

/// A G2 point from affine coordinates, checked for the curve and the prime-order subgroup.
pub fn g2_from_coords(x: Fq2, y: Fq2, what: &str) -> Result<G2Affine> {
    if x.is_zero() && y.is_zero() {
        return Err(Error::PointAtInfinity { point: what.to_string() });
    }
    let p = G2Affine::new_unchecked(x, y);
    if !p.is_on_curve() {
        return Err(Error::NotOnCurve { point: what.to_string() });
    }
    if !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Error::NotInSubgroup { point: what.to_string() });
    }
    Ok(p)
}

fn g1_to_json(p: &G1Affine) -> G1Json {
    match p.xy() {
        Some((x, y)) => [to_decimal(&x), to_decimal(&y), "1".into()],
        None => ["0".into(), "1".into(), "0".into()],
    }
}

fn g2_to_json(p: &G2Affine) -> G2Json {
    let (x, y) = p.xy().unwrap_or_default();
    [
        [to_decimal(&x.c0), to_decimal(&x.c1)],
        [to_decimal(&y.c0), to_decimal(&y.c1)],
        ["1".into(), "0".into()],
    ]
}

fn check_header(protocol: &str, curve: &str) -> Result<()> {
    if protocol != PROTOCOL {
        return Err(Error::Unsupported {
            field: "protocol",
            got: protocol.into(),
            expected: PROTOCOL,
        });
    }
    if curve != CURVE {
        return Err(Error::Unsupported { field: "curve", got: curve.into(), expected: CURVE });
    }
    Ok(())
}

impl ProofJson {
    /// The JSON form of a proof.
    pub fn from_proof(proof: &Proof<Bn254>, circuit_id: Option<String>) -> Self {
        Self {
            pi_a: g1_to_json(&proof.a),
            pi_b: g2_to_json(&proof.b),
            pi_c: g1_to_json(&proof.c),
            protocol: PROTOCOL.into(),
            curve: CURVE.into(),
            circuit_id,
        }
    }

    /// Decodes strictly.
    pub fn to_proof(&self) -> Result<Proof<Bn254>> {
        check_header(&self.protocol, &self.curve)?;
        Ok(Proof {
            a: g1_from_json(&self.pi_a, "pi_a", false)?,
            b: g2_from_json(&self.pi_b, "pi_b")?,
            c: g1_from_json(&self.pi_c, "pi_c", false)?,
        })
    }
}

/// `public.json`: the public inputs as canonical decimal strings.
pub fn public_to_json(inputs: &[Fr]) -> Vec<String> {
    inputs.iter().map(to_decimal).collect()
}

/// Decodes `public.json` strictly.
pub fn public_from_json(inputs: &[String]) -> Result<Vec<Fr>> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, s)| fr_from_canonical_decimal(s, &format!("public input {i}")))
        .collect()
}

/// e(alpha, beta) in snarkjs's nested form.
fn alphabeta_json(vk: &VerifyingKey<Bn254>) -> [[[String; 2]; 3]; 2] {
    let gt = Bn254::pairing(vk.alpha_g1, vk.beta_g2).0;
    let f6 =
        |c: &ark_bn254::Fq6| [c.c0, c.c1, c.c2].map(|f2| [to_decimal(&f2.c0), to_decimal(&f2.c1)]);
    [f6(&gt.c0), f6(&gt.c1)]
}

impl VerificationKeyJson {
    /// The JSON form of a verifying key.
    pub fn from_vk(vk: &VerifyingKey<Bn254>) -> Self {
        Self {
            protocol: PROTOCOL.into(),
            curve: CURVE.into(),
            n_public: vk.gamma_abc_g1.len().saturating_sub(1),
            vk_alpha_1: g1_to_json(&vk.alpha_g1),
            vk_beta_2: g2_to_json(&vk.beta_g2),
            vk_gamma_2: g2_to_json(&vk.gamma_g2),
            vk_delta_2: g2_to_json(&vk.delta_g2),
            vk_alphabeta_12: Some(alphabeta_json(vk)),
            ic: vk.gamma_abc_g1.iter().map(g1_to_json).collect(),
        }
    }

    /// Decodes strictly, checking `nPublic` against IC and, when present, `vk_alphabeta_12`.
    pub fn to_vk(&self) -> Result<VerifyingKey<Bn254>> {
        check_header(&self.protocol, &self.curve)?;
        if self.ic.len() != self.n_public + 1 {
            return Err(Error::WrongInputCount { expected: self.n_public + 1, got: self.ic.len() });
        }
        let vk = VerifyingKey {
            alpha_g1: g1_from_json(&self.vk_alpha_1, "vk_alpha_1", false)?,
            beta_g2: g2_from_json(&self.vk_beta_2, "vk_beta_2")?,
            gamma_g2: g2_from_json(&self.vk_gamma_2, "vk_gamma_2")?,
            delta_g2: g2_from_json(&self.vk_delta_2, "vk_delta_2")?,
            gamma_abc_g1: self
                .ic
                .iter()
                .enumerate()
                .map(|(i, p)| g1_from_json(p, &format!("IC[{i}]"), true))
                .collect::<Result<_>>()?,
        };
        crate::verify::check_key(&vk)?;
        if let Some(ab) = &self.vk_alphabeta_12
            && *ab != alphabeta_json(&vk)
        {
            return Err(Error::Unsupported {
                field: "vk_alphabeta_12",
                got: "a value other than e(vk_alpha_1, vk_beta_2)".into(),
                expected: "e(vk_alpha_1, vk_beta_2)",
            });
        }
        Ok(vk)
    }
}

/// `proof.json` of a proof with commitments: snarkjs's fields plus `commitments` (every `D_i`)
/// and `commitment_pok` (every `P_i`), G1 points in snarkjs's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitProofJson {
    /// A.
    pub pi_a: G1Json,
    /// B.
    pub pi_b: G2Json,
    /// C.
    pub pi_c: G1Json,
    /// `D_i`, one per commitment.
    pub commitments: Vec<G1Json>,
    /// `P_i`, the proof of knowledge of each commitment's opening.
    pub commitment_pok: Vec<G1Json>,
    /// "groth16".
    pub protocol: String,
    /// "bn128".
    pub curve: String,
    /// The circuit id of the keys the proof was made with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuit_id: Option<String>,
}

impl CommitProofJson {
    /// The JSON form of a proof with commitments.
    pub fn from_proof(proof: &CommitProof, circuit_id: Option<String>) -> Self {
        Self {
            pi_a: g1_to_json(&proof.proof.a),
            pi_b: g2_to_json(&proof.proof.b),
            pi_c: g1_to_json(&proof.proof.c),
            commitments: proof.commitments.iter().map(g1_to_json).collect(),
            commitment_pok: proof.poks.iter().map(g1_to_json).collect(),
            protocol: PROTOCOL.into(),
            curve: CURVE.into(),
            circuit_id,
        }
    }

    /// Decodes strictly (every point as strictly as A and C; as many proofs of knowledge as
    /// commitments).
    pub fn to_proof(&self) -> Result<CommitProof> {
        check_header(&self.protocol, &self.curve)?;
        if self.commitment_pok.len() != self.commitments.len() {
            return Err(Error::WrongCommitmentCount {
                what: "commitment_pok",
                expected: self.commitments.len(),
                got: self.commitment_pok.len(),
            });
        }
        let points = |v: &[G1Json], name: &str| -> Result<Vec<G1Affine>> {
            v.iter()
                .enumerate()
                .map(|(i, p)| g1_from_json(p, &format!("{name}[{i}]"), false))
                .collect()
        };
        Ok(CommitProof {
            proof: Proof {
                a: g1_from_json(&self.pi_a, "pi_a", false)?,
                b: g2_from_json(&self.pi_b, "pi_b")?,
                c: g1_from_json(&self.pi_c, "pi_c", false)?,
            },
            commitments: points(&self.commitments, "commitments")?,
            poks: points(&self.commitment_pok, "commitment_pok")?,
        })
    }
}

/// One commitment's verifying key in JSON (gnark's pedersen verifying key: `G`, `GSigmaNeg`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentKeyJson {
    /// `[gamma]_2`.
    pub g: G2Json,
    /// `[-sigma_i * gamma]_2`.
    pub g_sigma_neg: G2Json,
}

/// `verification_key.json` of a key with commitments: snarkjs's fields (`IC` covers the inputs
/// then the challenges; `nPublic` counts the inputs only) plus `commitment_keys` and
/// `committed_wires`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitVerificationKeyJson {
    /// "groth16".
    pub protocol: String,
    /// "bn128".
    pub curve: String,
    /// Number of public inputs, the challenges excluded.
    #[serde(rename = "nPublic")]
    pub n_public: usize,
    /// alpha in G1.
    pub vk_alpha_1: G1Json,
    /// beta in G2.
    pub vk_beta_2: G2Json,
    /// gamma in G2.
    pub vk_gamma_2: G2Json,
    /// delta in G2.
    pub vk_delta_2: G2Json,
    /// e(alpha, beta) in GT (checked when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vk_alphabeta_12: Option<[[[String; 2]; 3]; 2]>,
    /// `IC[0]`, one per public input, then one per challenge.
    #[serde(rename = "IC")]
    pub ic: Vec<G1Json>,
    /// One per commitment.
    pub commitment_keys: Vec<CommitmentKeyJson>,
    /// Per commitment, the committed witness indices (metadata).
    pub committed_wires: Vec<Vec<usize>>,
}

impl CommitVerificationKeyJson {
    /// The JSON form of a verifying key with commitments.
    pub fn from_vk(vk: &CommitVerifyingKey) -> Self {
        let base = VerificationKeyJson::from_vk(&vk.vk);
        Self {
            protocol: base.protocol,
            curve: base.curve,
            n_public: vk.num_public(),
            vk_alpha_1: base.vk_alpha_1,
            vk_beta_2: base.vk_beta_2,
            vk_gamma_2: base.vk_gamma_2,
            vk_delta_2: base.vk_delta_2,
            vk_alphabeta_12: base.vk_alphabeta_12,
            ic: base.ic,
            commitment_keys: vk
                .commitments
                .iter()
                .map(|c| CommitmentKeyJson {
                    g: g2_to_json(&c.g),
                    g_sigma_neg: g2_to_json(&c.g_sigma_neg),
                })
                .collect(),
            committed_wires: vk.committed_wires.clone(),
        }
    }

    /// Decodes strictly (as [`VerificationKeyJson::to_vk`], `IC` holding `nPublic + 1 + k`
    /// points) and refuses a degenerate key ([`CommitVerifyingKey::validate`]).
    pub fn to_vk(&self) -> Result<CommitVerifyingKey> {
        let k = self.commitment_keys.len();
        let base = VerificationKeyJson {
            protocol: self.protocol.clone(),
            curve: self.curve.clone(),
            n_public: self.n_public + k,
            vk_alpha_1: self.vk_alpha_1.clone(),
            vk_beta_2: self.vk_beta_2.clone(),
            vk_gamma_2: self.vk_gamma_2.clone(),
            vk_delta_2: self.vk_delta_2.clone(),
            vk_alphabeta_12: self.vk_alphabeta_12.clone(),
            ic: self.ic.clone(),
        };
        let vk = CommitVerifyingKey {
            vk: base.to_vk()?,
            commitments: self
                .commitment_keys
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    Ok(CommitmentVerifyingKey {
                        g: g2_from_json(&c.g, &format!("commitment_keys[{i}].g"))?,
                        g_sigma_neg: g2_from_json(
                            &c.g_sigma_neg,
                            &format!("commitment_keys[{i}].g_sigma_neg"),
                        )?,
                    })
                })
                .collect::<Result<_>>()?,
            committed_wires: self.committed_wires.clone(),
        };
        vk.validate()?;
        Ok(vk)
    }
}
