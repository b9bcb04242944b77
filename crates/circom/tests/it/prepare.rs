//! `prepare_phase2` against `snarkjs powersoftau prepare phase2`: from the same unprepared
//! powers of tau (setup.rs's, made by snarkjs at test time at power 8), the same file byte for
//! byte; a setup reads it; bad inputs are typed errors.

use zkp_ledger_circom::{Error, FileKind, Ptau, R1cs, prepare_phase2, setup};

use crate::{
    common::{fixture, parts, rebuild},
    setup::ptau_dir,
};

#[test]
fn prepare_phase2_equals_snarkjs_byte_for_byte() {
    let dir = ptau_dir();
    let input = std::fs::read(dir.join("pot8_0001.ptau")).unwrap();
    let theirs = std::fs::read(dir.join("pot8.ptau")).unwrap();
    let ours = prepare_phase2(&mut Ptau::from_bytes(&input).unwrap()).unwrap();
    assert_eq!(ours.len(), theirs.len());
    // Name the first differing section, if any, before comparing the whole file.
    for ((id, a), (_, b)) in parts(&ours).into_iter().zip(parts(&theirs)) {
        assert!(a == b, "section {id} differs from snarkjs's");
    }
    assert!(ours == theirs);
    // From a file on disk too, and a setup reads the result.
    let mut ptau = Ptau::open(&dir.join("pot8_0001.ptau")).unwrap();
    assert_eq!(prepare_phase2(&mut ptau).unwrap(), ours);
    let r1cs = R1cs::read(&fixture("poseidon").join("poseidon.r1cs")).unwrap();
    let mut prepared = Ptau::from_bytes(&ours).unwrap();
    assert!(prepared.prepared());
    setup(&r1cs, &mut prepared).unwrap();
}

#[test]
fn prepare_phase2_refuses_bad_input_with_typed_errors() {
    let dir = ptau_dir();
    let input = std::fs::read(dir.join("pot8_0001.ptau")).unwrap();
    // Already prepared.
    let theirs = std::fs::read(dir.join("pot8.ptau")).unwrap();
    let e = prepare_phase2(&mut Ptau::from_bytes(&theirs).unwrap()).unwrap_err();
    assert!(matches!(e, Error::PtauAlreadyPrepared), "{e:?}");
    // Not a ptau.
    let zkey = std::fs::read(fixture("poseidon").join("poseidon.zkey")).unwrap();
    assert!(matches!(Ptau::from_bytes(&zkey), Err(Error::BadMagic { kind: FileKind::Ptau, .. })));
    // Truncated.
    for k in [input.len() - 1, input.len() / 2, 20] {
        assert!(matches!(Ptau::from_bytes(&input[..k]), Err(Error::Truncated { .. })), "{k}");
    }
    // Without its contributions section, which is copied.
    let kept: Vec<_> = parts(&input).into_iter().filter(|(id, _)| *id != 7).collect();
    let e = prepare_phase2(&mut Ptau::from_bytes(&rebuild(&input, &kept)).unwrap()).unwrap_err();
    assert!(matches!(e, Error::MissingSection { id: 7, .. }), "{e:?}");
    // A tauG1 point off the curve.
    let mut p = parts(&input);
    p.iter_mut().find(|(id, _)| *id == 2).unwrap().1[64 * 5 + 40] ^= 1;
    let e = prepare_phase2(&mut Ptau::from_bytes(&rebuild(&input, &p)).unwrap()).unwrap_err();
    assert!(matches!(e, Error::NotOnCurve { index: 5, .. } | Error::NotCanonical { .. }), "{e:?}");
}
