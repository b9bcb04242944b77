//! Groth16 setup from an r1cs and a prepared powers of tau made by snarkjs at test time
//! (`powersoftau new bn128 8`, one contribution with fixed entropy text, `prepare phase2`): the
//! key equals `snarkjs groth16 setup`'s byte for byte, `snarkjs zkey verify` accepts it, and a
//! proof made with it verifies with `snarkjs groth16 verify` under the verification key snarkjs
//! exports from it. Malformed, unprepared and too small powers of tau are typed errors.

use std::{
    path::{Path, PathBuf},
    process::Output,
    sync::OnceLock,
};

use ark_bn254::Fr;
use ark_ff::Field;
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_circom::{
    Error, FileKind, Ptau, R1cs, Wtns, Zkey, ZkeyProver, setup, setup::domain_power,
};
use zkp_ledger_prover::{
    snarkjs::{self, ProofJson, VerificationKeyJson},
    verify::check_key,
};

use crate::common::{fixture, parts, rebuild, section, snarkjs};

/// The power of the test's powers of tau: Poseidon's 240 constraints and 2 public signals need
/// 2^8.
const POWER: u32 = 8;

/// Runs snarkjs with `args` in `dir`; panics with its output if it fails.
fn run_snarkjs(dir: &Path, args: &[&str]) -> Output {
    let out = snarkjs().args(args).current_dir(dir).output().unwrap();
    assert!(
        out.status.success(),
        "snarkjs {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A directory holding `pot8_0001.ptau` (one contribution, not prepared) and `pot8.ptau`
/// (prepared), made once per test run.
pub(crate) fn ptau_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let power = POWER.to_string();
        run_snarkjs(d, &["powersoftau", "new", "bn128", &power, "pot8_0000.ptau"]);
        run_snarkjs(
            d,
            &[
                "powersoftau",
                "contribute",
                "pot8_0000.ptau",
                "pot8_0001.ptau",
                "--name=zkp-ledger test",
                "-e=zkp-ledger test: fixed entropy text, not a real ceremony",
            ],
        );
        run_snarkjs(d, &["powersoftau", "prepare", "phase2", "pot8_0001.ptau", "pot8.ptau"]);
        dir
    })
    .path()
}

fn prepared() -> PathBuf {
    ptau_dir().join("pot8.ptau")
}

fn poseidon_r1cs() -> (PathBuf, R1cs) {
    let path = fixture("poseidon").join("poseidon.r1cs");
    let r1cs = R1cs::read(&path).unwrap();
    (path, r1cs)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn setup_equals_snarkjs_and_its_proofs_verify_with_snarkjs() {
    let (r1cs_path, r1cs) = poseidon_r1cs();
    let pot = prepared();
    let mut ptau = Ptau::open(&pot).unwrap();
    assert_eq!((ptau.power(), ptau.prepared()), (POWER, true));
    assert_eq!(domain_power(&r1cs), (8, 242));
    let key = setup(&r1cs, &mut ptau).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let ours = d.join("ours.zkey");
    key.write(&ours).unwrap();

    // The same file as snarkjs's own setup from the same r1cs and ptau.
    run_snarkjs(d, &["groth16", "setup", s(&r1cs_path), s(&pot), "theirs.zkey"]);
    let theirs = std::fs::read(d.join("theirs.zkey")).unwrap();
    assert!(std::fs::read(&ours).unwrap() == theirs, "our zkey differs from snarkjs's");
    // snarkjs checks every point and the circuit hash against the r1cs and the ptau.
    let out = run_snarkjs(d, &["zkey", "verify", s(&r1cs_path), s(&pot), "ours.zkey"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ZKey Ok!"));
    // Our reader reads back what was written.
    assert_eq!(Zkey::read(&ours).unwrap(), key.zkey);

    // A proof with our prover verifies with snarkjs under the key snarkjs exports from ours.
    run_snarkjs(d, &["zkey", "export", "verificationkey", "ours.zkey", "vk.json"]);
    let vk: VerificationKeyJson = snarkjs::read_json(&d.join("vk.json")).unwrap();
    let ours_json = VerificationKeyJson::from_vk(&key.zkey.proving_key.vk);
    assert_eq!(serde_json::to_value(&vk).unwrap(), serde_json::to_value(&ours_json).unwrap());
    // gamma = delta = the generator: the project's verifier refuses such a key (anyone could
    // forge proofs under it until `snarkjs zkey contribute` changes delta).
    assert!(check_key(&key.zkey.proving_key.vk).is_err());
    assert!(vk.to_vk().is_err());
    let wtns = Wtns::read(&fixture("poseidon").join("poseidon.wtns")).unwrap();
    let prover = ZkeyProver::new(key.zkey);
    let proof = prover.prove(&wtns.values, &mut StdRng::seed_from_u64(11)).unwrap();
    let mut public = prover.public_signals(&wtns.values).unwrap();
    let verify = |public: &[Fr]| {
        std::fs::write(
            d.join("proof.json"),
            snarkjs::to_json_string(&ProofJson::from_proof(&proof, None)),
        )
        .unwrap();
        std::fs::write(
            d.join("public.json"),
            snarkjs::to_json_string(&snarkjs::public_to_json(public)),
        )
        .unwrap();
        let out = snarkjs()
            .args(["groth16", "verify", "vk.json", "public.json", "proof.json"])
            .current_dir(d)
            .output()
            .unwrap();
        let ok = String::from_utf8_lossy(&out.stdout).contains("OK!");
        assert_eq!(ok, out.status.success());
        ok
    };
    assert!(verify(&public), "snarkjs refuses a proof made with our key");
    public[0] += Fr::ONE;
    assert!(!verify(&public), "snarkjs accepts a changed public signal");
}

#[test]
fn circuit_hash_is_printed_as_snarkjs_prints_it() {
    let (_, r1cs) = poseidon_r1cs();
    let key = setup(&r1cs, &mut Ptau::open(&prepared()).unwrap()).unwrap();
    let lines = key.cs_hash_lines();
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|l| l.len() == 4 * 8 + 3));
    let hex: String = key.cs_hash.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(lines.concat().replace(' ', ""), hex);
    // The contributions section: the hash, then no contribution.
    let bytes = key.to_bytes();
    let (o, size) = section(&bytes, 10);
    assert_eq!(size, 68);
    assert_eq!(bytes[o..o + 64], key.cs_hash);
    assert_eq!(bytes[o + 64..o + 68], [0; 4]);
}

#[test]
fn too_small_ptau_names_the_power_needed() {
    // EdDSA: 4,207 constraints and 3 public signals need 2^13.
    let r1cs = R1cs::read(&fixture("eddsa").join("eddsa.r1cs")).unwrap();
    let mut ptau = Ptau::open(&prepared()).unwrap();
    match setup(&r1cs, &mut ptau) {
        Err(e @ Error::PtauTooSmall { power: 8, needed: 13, rows: 4210 }) => {
            assert!(e.to_string().contains("2^13"), "{e}");
        }
        r => panic!("expected PtauTooSmall, got {r:?}"),
    }
}

#[test]
fn unprepared_ptau_is_refused() {
    let (_, r1cs) = poseidon_r1cs();
    let mut ptau = Ptau::open(&ptau_dir().join("pot8_0001.ptau")).unwrap();
    assert!(!ptau.prepared());
    let e = setup(&r1cs, &mut ptau).unwrap_err();
    assert!(matches!(e, Error::PtauNotPrepared { section: 12 }), "{e:?}");
    assert!(e.to_string().contains("prepare phase2"), "{e}");
    // A prepared file with one Lagrange section dropped.
    let b = std::fs::read(prepared()).unwrap();
    let kept: Vec<_> = parts(&b).into_iter().filter(|(id, _)| *id != 14).collect();
    let e = setup(&r1cs, &mut Ptau::from_bytes(&rebuild(&b, &kept)).unwrap()).unwrap_err();
    assert!(matches!(e, Error::PtauNotPrepared { section: 14 }), "{e:?}");
}

#[test]
fn truncated_ptau_is_a_typed_error() {
    let b = std::fs::read(prepared()).unwrap();
    Ptau::from_bytes(&b).unwrap();
    let mut offsets: Vec<usize> = (0..200).collect();
    offsets.extend((0..b.len()).step_by(b.len() / 200 + 1));
    for k in offsets {
        let e = Ptau::from_bytes(&b[..k]).unwrap_err();
        assert!(
            matches!(
                e,
                Error::BadMagic { .. } | Error::Truncated { .. } | Error::MissingSection { .. }
            ),
            "truncated to {k}: {e:?}"
        );
    }
    assert!(matches!(
        Ptau::from_bytes(b"zkey\x01\0\0\0\0\0\0\0"),
        Err(Error::BadMagic { kind: FileKind::Ptau, .. })
    ));
    // A file cut at a section boundary, so that its table still adds up: the section is missing.
    let kept: Vec<_> = parts(&b).into_iter().filter(|(id, _)| *id != 3).collect();
    assert!(matches!(
        Ptau::from_bytes(&rebuild(&b, &kept)),
        Err(Error::MissingSection { kind: FileKind::Ptau, id: 3, .. })
    ));
}

#[test]
fn malformed_ptau_sections_and_points_are_typed_errors() {
    let (_, r1cs) = poseidon_r1cs();
    let b = std::fs::read(prepared()).unwrap();
    let try_setup = |m: &[u8]| setup(&r1cs, &mut Ptau::from_bytes(m)?);
    // A section of the wrong size for the power.
    let mut p = parts(&b);
    p.iter_mut().find(|(id, _)| *id == 13).unwrap().1.truncate(128);
    assert!(matches!(
        Ptau::from_bytes(&rebuild(&b, &p)),
        Err(Error::SectionSize { kind: FileKind::Ptau, .. })
    ));
    // A power above what the sections hold.
    let (h, _) = section(&b, 1);
    let mut m = b.clone();
    m[h + 36] -= 1;
    assert!(matches!(Ptau::from_bytes(&m), Err(Error::SectionSize { .. })));
    // Above the ceremony's power, above BN254's largest domain.
    m[h + 36] += 2;
    assert!(matches!(Ptau::from_bytes(&m), Err(Error::Inconsistent { .. })));
    m[h + 36] = 29;
    m[h + 40] = 29;
    assert!(matches!(Ptau::from_bytes(&m), Err(Error::Inconsistent { .. })));
    // Another curve's prime.
    let mut m = b.clone();
    m[h + 4] ^= 1;
    assert!(matches!(Ptau::from_bytes(&m), Err(Error::WrongPrime { what: "q", .. })));
    // A point of the Lagrange block the setup reads, moved off the curve (y + 1): block 2^8
    // starts at point 255 of section 12.
    let (o12, _) = section(&b, 12);
    let mut m = b.clone();
    m[o12 + 256 * 64 + 32] ^= 1;
    let e = try_setup(&m).unwrap_err();
    assert!(
        matches!(
            e,
            Error::NotOnCurve { kind: FileKind::Ptau, index: 256, .. }
                | Error::NotCanonical { kind: FileKind::Ptau, .. }
        ),
        "{e:?}"
    );
    // A coordinate at or above q.
    let mut m = b.clone();
    m[o12 + 300 * 64..o12 + 300 * 64 + 32].fill(0xff);
    assert!(matches!(try_setup(&m), Err(Error::NotCanonical { kind: FileKind::Ptau, .. })));
    // A G2 point of the Lagrange tauG2 block moved off the curve.
    let (o13, _) = section(&b, 13);
    let mut m = b.clone();
    m[o13 + 260 * 128 + 64] ^= 1;
    assert!(matches!(
        try_setup(&m),
        Err(Error::NotOnCurve { kind: FileKind::Ptau, .. } | Error::NotCanonical { .. })
    ));
    // alpha at infinity.
    let (o4, _) = section(&b, 4);
    let mut m = b.clone();
    m[o4..o4 + 64].fill(0);
    assert!(matches!(
        try_setup(&m),
        Err(Error::PointAtInfinity { kind: FileKind::Ptau, point: "alpha1" })
    ));
    // Points the setup does not read (other blocks) are not decoded: still a good key.
    let mut m = b;
    m[o12 + 100 * 64] ^= 1;
    try_setup(&m).unwrap();
}
