//! Malformed files: truncated at many offsets, bytes flipped, and one mutation per check, each
//! a typed error and never a panic.

use ark_bn254::{Fq, Fq2, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, Field, PrimeField};
use proptest::prelude::*;
use zkp_ledger_circom::{Error, FileKind, Ptau, R1cs, SubgroupMemo, Wtns, Zkey};

use crate::common::{bytes, parts, rebuild, section, sections};

const NAME: &str = "poseidon";

fn r1cs() -> Vec<u8> {
    bytes(NAME, "poseidon.r1cs")
}
fn wtns() -> Vec<u8> {
    bytes(NAME, "poseidon.wtns")
}
fn zkey() -> Vec<u8> {
    bytes(NAME, "poseidon.zkey")
}

/// Parses `b` as `kind`, returning only whether it failed (panics propagate).
fn parse(kind: FileKind, b: &[u8]) -> Result<(), Error> {
    match kind {
        FileKind::R1cs => R1cs::from_bytes(b).map(drop),
        FileKind::Wtns => Wtns::from_bytes(b).map(drop),
        FileKind::Zkey => Zkey::from_bytes(b).map(drop),
        FileKind::Ptau => Ptau::from_bytes(b).map(drop),
    }
}

fn all() -> [(FileKind, Vec<u8>); 3] {
    [(FileKind::R1cs, r1cs()), (FileKind::Wtns, wtns()), (FileKind::Zkey, zkey())]
}

#[test]
fn fixtures_parse() {
    for (kind, b) in all() {
        parse(kind, &b).unwrap();
    }
}

#[test]
fn every_truncation_is_an_error() {
    for (kind, b) in all() {
        // Every offset in the first 512 bytes (headers, section tables), then about 300 more
        // spread over the file, and every section boundary (plus and minus one).
        let mut offsets: Vec<usize> = (0..b.len().min(512)).collect();
        offsets.extend((0..b.len()).step_by(b.len() / 300 + 1));
        for (_, o, s) in sections(&b) {
            offsets
                .extend([o - 12, o - 1, o, o + 1, o + s - 1].into_iter().filter(|&k| k < b.len()));
        }
        for k in offsets {
            let e = parse(kind, &b[..k]);
            assert!(e.is_err(), "{kind} truncated to {k} bytes parsed");
        }
        // Trailing bytes are refused too.
        let mut longer = b.clone();
        longer.push(0);
        assert!(matches!(parse(kind, &longer), Err(Error::Inconsistent { .. })));
    }
}

/// Offsets where any change must be refused: the file header, the section table entries, and
/// the parts of sections whose every bit is checked (primes, sizes, points).
fn must_fail(kind: FileKind, b: &[u8], k: usize) -> bool {
    if k < 12 {
        return true;
    }
    for (id, o, s) in sections(b) {
        if (o - 12..o).contains(&k) {
            // A section id changed into an unknown one is skipped unless the section was needed.
            return k >= o - 8 || kind != FileKind::Zkey || id != 10;
        }
        if !(o..o + s).contains(&k) {
            continue;
        }
        let at = k - o;
        return match (kind, id) {
            // n8, prime, nWires; nConstraints (not the other counts, which only bound others).
            (FileKind::R1cs, 1) => !(40..60).contains(&at),
            // n8, prime, count; value 0 (the constant 1).
            (FileKind::Wtns, 1) => true,
            (FileKind::Wtns, 2) => at < 32,
            // Protocol, Groth16 header, IC, every point section.
            (FileKind::Zkey, 1 | 2 | 3 | 5..=9) => true,
            _ => false,
        };
    }
    false
}

fn flip_case(kind: FileKind, b: &[u8], k: usize, x: u8) {
    let mut m = b.to_vec();
    m[k] ^= x;
    let r = parse(kind, &m);
    if must_fail(kind, b, k) {
        assert!(r.is_err(), "{kind}: byte {k} xor {x:#04x} parsed");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
    #[test]
    fn flipped_bytes_never_panic(pick in 0usize..3, pos in any::<prop::sample::Index>(), x in 1u8..=255) {
        let (kind, b) = all().into_iter().nth(pick).unwrap();
        flip_case(kind, &b, pos.index(b.len()), x);
    }
}

#[test]
fn flipped_header_bytes_are_errors() {
    for (kind, b) in all() {
        // Every byte of the file header, of each section table entry, of the header section, and
        // the first 700 bytes of section 2 (zkey: all of the Groth16 header).
        let (o1, s1) = section(&b, 1);
        let (o2, s2) = section(&b, 2);
        let mut ks: Vec<usize> = (0..12).chain(o1..o1 + s1).chain(o2..o2 + s2.min(700)).collect();
        ks.extend(sections(&b).iter().flat_map(|&(_, o, _)| o - 12..o));
        for k in ks {
            flip_case(kind, &b, k, 0x01);
            flip_case(kind, &b, k, 0x80);
        }
    }
}

#[test]
fn wrong_magic_and_version() {
    for (kind, b) in all() {
        let mut m = b.clone();
        m[0] ^= 0x20;
        assert!(matches!(parse(kind, &m), Err(Error::BadMagic { .. })), "{kind}");
        let mut m = b.clone();
        m[4] += 1;
        assert!(matches!(parse(kind, &m), Err(Error::UnsupportedVersion { .. })), "{kind}");
        assert!(matches!(parse(kind, b"r1"), Err(Error::BadMagic { .. })), "{kind}");
    }
}

#[test]
fn another_prime_is_refused() {
    // Header of r1cs and wtns: n8 then r; zkey's Groth16 header: n8q, q, n8r, r.
    for (kind, id, at, what) in [
        (FileKind::R1cs, 1, 4, "r"),
        (FileKind::Wtns, 1, 4, "r"),
        (FileKind::Zkey, 2, 4, "q"),
        (FileKind::Zkey, 2, 40, "r"),
    ] {
        let mut b = match kind {
            FileKind::R1cs => r1cs(),
            FileKind::Wtns => wtns(),
            FileKind::Zkey => zkey(),
            FileKind::Ptau => unreachable!("not in the list (crate::setup tests the ptau's)"),
        };
        let (o, _) = section(&b, id);
        b[o + at] ^= 2; // another odd number; BLS12-381's r would be refused the same way
        match parse(kind, &b) {
            Err(Error::WrongPrime { what: w, .. }) => assert_eq!(w, what),
            other => panic!("{kind} {what}: {other:?}"),
        }
        b[o + at] ^= 2;
        b[o + at - 4] = 48; // n8 = 48 (a 384-bit field)
        assert!(matches!(parse(kind, &b), Err(Error::FieldSize { found: 48, .. })), "{kind}");
    }
}

#[test]
fn missing_and_duplicate_sections() {
    for (kind, b) in all() {
        let p = parts(&b);
        for i in 0..p.len() {
            let id = p[i].0;
            if kind == FileKind::Zkey && id == 10 {
                continue; // contributions are not read
            }
            let mut fewer = p.clone();
            fewer.remove(i);
            assert!(
                matches!(parse(kind, &rebuild(&b, &fewer)), Err(Error::MissingSection { id: m, .. }) if m == id),
                "{kind} without section {id}"
            );
            let mut more = p.clone();
            more.push(p[i].clone());
            assert!(
                matches!(parse(kind, &rebuild(&b, &more)), Err(Error::DuplicateSection { id: m, .. }) if m == id),
                "{kind} with section {id} twice"
            );
        }
        // Sections in another order are read the same.
        let mut reversed = p.clone();
        reversed.reverse();
        parse(kind, &rebuild(&b, &reversed)).unwrap();
    }
}

#[test]
fn inconsistent_counts() {
    // zkey: nPublic + 1 changes IC's size; nVars + 1 changes A's.
    let b = zkey();
    let (o, _) = section(&b, 2);
    for (at, section_name) in [(72, "C"), (76, "IC"), (80, "H")] {
        let mut m = b.clone();
        m[o + at] += 1;
        match Zkey::from_bytes(&m) {
            Err(Error::SectionSize { .. } | Error::Inconsistent { .. }) => {}
            other => panic!("count at {at} ({section_name}): {other:?}"),
        }
    }
    // A domain of 2^28 in a small file: refused by H's size before anything is allocated.
    let mut m = b;
    m[o + 80..o + 84].copy_from_slice(&(1u32 << 28).to_le_bytes());
    assert!(matches!(Zkey::from_bytes(&m), Err(Error::SectionSize { section: "H", .. })));
    // r1cs: one more wire than the wire-to-label map has.
    let mut m = r1cs();
    let (o, _) = section(&m, 1);
    m[o + 36] += 1;
    assert!(matches!(
        R1cs::from_bytes(&m),
        Err(Error::SectionSize { section: "wire-to-label map", .. })
    ));
    // wtns: one value more than the section holds.
    let mut m = wtns();
    let (o, _) = section(&m, 1);
    m[o + 36] += 1;
    assert!(matches!(Wtns::from_bytes(&m), Err(Error::SectionSize { section: "values", .. })));
    // zkey: a protocol other than Groth16.
    let mut m = zkey();
    let (o, _) = section(&m, 1);
    m[o] = 2;
    assert!(matches!(Zkey::from_bytes(&m), Err(Error::UnsupportedProtocol { found: 2, .. })));
}

#[test]
fn a_wire_out_of_range() {
    // The first term of constraint 0's A: nTerms u32, then the wire.
    let mut m = r1cs();
    let (o, _) = section(&m, 2);
    m[o + 4..o + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(R1cs::from_bytes(&m), Err(Error::Inconsistent { .. })));
    // A coefficient equal to r.
    let mut m = r1cs();
    m[o + 8..o + 40].copy_from_slice(&ark_bn254::Fr::MODULUS.to_bytes_le());
    assert!(matches!(R1cs::from_bytes(&m), Err(Error::NotCanonical { .. })));
    // A witness value equal to r.
    let mut m = wtns();
    let (o, _) = section(&m, 2);
    m[o + 32..o + 64].copy_from_slice(&ark_bn254::Fr::MODULUS.to_bytes_le());
    assert!(matches!(Wtns::from_bytes(&m), Err(Error::NotCanonical { .. })));
}

/// Index of the first non-infinity point in a point section of `size`-byte points.
fn first_point(b: &[u8], id: u32, size: usize) -> (usize, usize) {
    let (o, s) = section(b, id);
    let i = (0..s / size)
        .find(|i| b[o + i * size..o + (i + 1) * size].iter().any(|&x| x != 0))
        .unwrap();
    (o + i * size, i)
}

/// A G2 point on the twist but outside G2, as a zkey stores it.
fn outside_g2() -> Vec<u8> {
    let p = (1u64..)
        .find_map(|k| {
            let x = Fq2::new(Fq::from(k), Fq::ONE);
            G2Affine::get_point_from_x_unchecked(x, false)
        })
        .unwrap();
    assert!(p.is_on_curve() && !p.is_in_correct_subgroup_assuming_on_curve());
    let (x, y) = p.xy().unwrap();
    let mut enc = Vec::new();
    for c in [x.c0, x.c1, y.c0, y.c1] {
        enc.extend(c.0.to_bytes_le()); // Montgomery form, as snarkjs writes it
    }
    enc
}

#[test]
fn the_g2_memo_skips_only_points_that_passed() {
    let dir = tempfile::tempdir().unwrap();
    let memo = SubgroupMemo::new(dir.path().join("memo"));
    let markers = || std::fs::read_dir(memo.dir()).map_or(0, |d| d.count());
    let b = zkey();
    let good = dir.path().join("good.zkey");
    std::fs::write(&good, &b).unwrap();
    let plain = Zkey::read(&good).unwrap();
    assert_eq!(markers(), 0, "a read without a memo writes none");
    // The first read checks and remembers; the next finds the marker and reads the same key.
    assert_eq!(Zkey::read_with_memo(&good, Some(&memo)).unwrap(), plain);
    assert_eq!(markers(), 1);
    assert_eq!(Zkey::read_with_memo(&good, Some(&memo)).unwrap(), plain);
    assert_eq!(markers(), 1);
    // One B2 point outside G2: other bytes, so checked, refused, and not remembered.
    let (at, index) = first_point(&b, 7, 128);
    let mut m = b.clone();
    m[at..at + 128].copy_from_slice(&outside_g2());
    let bad = dir.path().join("bad.zkey");
    std::fs::write(&bad, &m).unwrap();
    for _ in 0..2 {
        assert!(matches!(
            Zkey::read_with_memo(&bad, Some(&memo)),
            Err(Error::NotInSubgroup { section: "B2", index: i, .. }) if i == index
        ));
    }
    assert_eq!(markers(), 1);
    // Remembered B2 bytes skip only the subgroup check: a B2 point moved off the twist is
    // still refused (another marker name), as is a bad point in another section.
    let mut m = b.clone();
    m[at] ^= 1;
    std::fs::write(&bad, &m).unwrap();
    assert!(matches!(
        Zkey::read_with_memo(&bad, Some(&memo)),
        Err(Error::NotOnCurve { section: "B2", .. })
    ));
    let (at1, _) = first_point(&b, 6, 64);
    let mut m = b;
    m[at1] ^= 1;
    std::fs::write(&bad, &m).unwrap();
    assert!(matches!(
        Zkey::read_with_memo(&bad, Some(&memo)),
        Err(Error::NotOnCurve { section: "B1", .. })
    ));
}

#[test]
fn bad_points_name_their_section_and_index() {
    let b = zkey();
    for (id, name, size) in
        [(3, "IC", 64), (5, "A", 64), (6, "B1", 64), (7, "B2", 128), (8, "C", 64), (9, "H", 64)]
    {
        let (at, index) = first_point(&b, id, size);
        // Off the curve: the lowest byte of x changed.
        let mut m = b.clone();
        m[at] ^= 1;
        match Zkey::from_bytes(&m) {
            Err(Error::NotOnCurve { kind: FileKind::Zkey, section, index: i }) => {
                assert_eq!((section, i), (name, index));
            }
            other => panic!("{name}: {other:?}"),
        }
        // A coordinate >= q (q itself, which would otherwise read as 0).
        let mut m = b.clone();
        m[at..at + 32].copy_from_slice(&Fq::MODULUS.to_bytes_le());
        match Zkey::from_bytes(&m) {
            Err(Error::NotCanonical { what, field: "q", .. }) => {
                assert_eq!(
                    what,
                    format!("{name}[{index}].{}", if size == 64 { "x" } else { "x.c0" })
                );
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    // A G2 point on the curve but outside the subgroup, in B2 and as beta2.
    let enc = outside_g2();
    let (at, index) = first_point(&b, 7, 128);
    let mut m = b.clone();
    m[at..at + 128].copy_from_slice(&enc);
    assert!(
        matches!(Zkey::from_bytes(&m), Err(Error::NotInSubgroup { section: "B2", index: i, .. }) if i == index)
    );
    // Groth16 header: n8q, q, n8r, r, 3 counts, alpha1, beta1, then beta2.
    let (o, _) = section(&b, 2);
    let beta2 = o + 84 + 128;
    let mut m = b.clone();
    m[beta2..beta2 + 128].copy_from_slice(&enc);
    assert!(matches!(Zkey::from_bytes(&m), Err(Error::NotInSubgroup { section: "beta2", .. })));
    // alpha1 at infinity.
    let mut m = b;
    m[o + 84..o + 148].fill(0);
    assert!(matches!(
        Zkey::from_bytes(&m),
        Err(Error::PointAtInfinity { kind: FileKind::Zkey, point: "alpha1" })
    ));
}

#[test]
fn a_missing_file_is_an_io_error() {
    let missing = crate::common::fixture(NAME).join("absent.zkey");
    assert!(matches!(Zkey::read(&missing), Err(Error::Io { path, .. }) if path == missing));
    assert!(matches!(R1cs::read(&missing), Err(Error::Io { .. })));
    assert!(matches!(Wtns::read(&missing), Err(Error::Io { .. })));
}
