//! The generator's output and errors, on synthetic keys: names, header, determinism, key checks,
//! IC points at infinity, and (with the repository's forge) formatting and compilation.

use std::process::Command;

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::PrimeField;
use ark_groth16::VerifyingKey;
use zkp_ledger_prover::{
    commit::{CommitVerifyingKey, CommitmentVerifyingKey},
    evm::{circuit_id_hex, commit_circuit_id_hex},
};
use zkp_ledger_verifier_gen::{
    COMMIT_ERRORS, ERRORS, Error, Options, generate, generate_commit, validate_contract_name,
};

use crate::{committed::circuit_id_constant, common::*};

/// A well-formed key with `l` public inputs (points are multiples of the generators); the IC
/// points whose indices are in `infinity` are the point at infinity.
fn key(l: usize, infinity: &[usize]) -> VerifyingKey<Bn254> {
    let g1 = |k: u64| (G1Affine::generator() * Fr::from(k)).into_affine();
    let g2 = |k: u64| (G2Affine::generator() * Fr::from(k)).into_affine();
    VerifyingKey {
        alpha_g1: g1(3),
        beta_g2: g2(5),
        gamma_g2: g2(7),
        delta_g2: g2(11),
        gamma_abc_g1: (0..=l)
            .map(|j| if infinity.contains(&j) { G1Affine::zero() } else { g1(13 + j as u64) })
            .collect(),
    }
}

fn opts(name: &str) -> Options {
    Options {
        contract_name: name.into(),
        command: format!(
            "zkp-ledger export-verifier --vk keys/verification_key.json --contract-name {name}"
        ),
    }
}

#[test]
fn output_is_deterministic_and_names_its_origin() {
    let vk = key(3, &[]);
    let a = generate(&vk, &opts("MyVerifier")).unwrap();
    assert_eq!(a, generate(&vk, &opts("MyVerifier")).unwrap());
    assert!(a.starts_with("// SPDX-License-Identifier: MIT\n"));
    assert!(a.contains(
        "// Command: zkp-ledger export-verifier --vk keys/verification_key.json --contract-name MyVerifier\n"
    ));
    assert!(a.contains(&format!("// Circuit id: {}\n", circuit_id_hex(&vk))));
    assert_eq!(circuit_id_constant(&a), circuit_id_hex(&vk));
    assert!(a.contains("contract MyVerifier {"));
    assert!(a.contains("uint256[3] calldata input"));
    assert!(a.contains("uint256 public constant NUM_PUBLIC_INPUTS = 3;"));
    for line in a.lines() {
        assert!(line.len() <= 100, "line over 100 columns: {line}");
        assert_eq!(line, line.trim_end(), "trailing whitespace");
    }
    // Another key, another contract.
    assert_ne!(a, generate(&key(3, &[1]), &opts("MyVerifier")).unwrap());
}

/// The command as the header shows it: `// Command:` and its continuation lines, words joined by
/// spaces, and lines ending in `\\` joined to the next without one.
fn header_command(source: &str) -> String {
    let mut out = String::new();
    let mut glue = false;
    for l in source
        .lines()
        .skip_while(|l| !l.starts_with("// Command:"))
        .take_while(|l| !l.starts_with("// Circuit id:"))
    {
        let text = l.trim_start_matches("// Command:").trim_start_matches("//").trim();
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        glue = text.ends_with('\\');
        out.push_str(text.trim_end_matches('\\'));
    }
    out
}

#[test]
fn long_commands_wrap_within_the_line_length() {
    for dir in ["a/".repeat(30), "b".repeat(200), "c".repeat(79), "d".repeat(80), "e".repeat(81)] {
        let mut o = opts("V");
        o.command = format!("zkp-ledger export-verifier --vk {dir}/vk.json --contract-name V");
        let s = generate(&key(1, &[]), &o).unwrap();
        assert!(s.lines().all(|l| l.chars().count() <= 100));
        assert_eq!(header_command(&s), o.command);
    }
}

#[test]
fn contract_names_must_be_solidity_identifiers() {
    for ok in ["V", "_V", "InclusionVerifier", "Verifier_2", "uints", "int256x", "bytes_"] {
        assert_eq!(validate_contract_name(ok), Ok(()), "{ok}");
    }
    for bad in [
        "",
        "2V",
        "My-Verifier",
        "My Verifier",
        "Vérifier",
        "contract",
        "function",
        "uint",
        "uint256",
        "bytes32",
        "int8",
        "ufixed128x18",
        "address",
        "this",
        "super",
        "my$v",
    ] {
        assert!(
            matches!(validate_contract_name(bad), Err(Error::InvalidContractName { .. })),
            "{bad:?} accepted"
        );
    }
    let long = "V".repeat(65);
    assert!(validate_contract_name(&long).is_err());
    let err = generate(&key(1, &[]), &opts("1nvalid")).unwrap_err();
    assert!(err.to_string().contains("\"1nvalid\""), "{err}");
}

#[test]
fn commands_must_be_one_printable_line() {
    for bad in ["", "   ", "zkp-ledger export-verifier\n}\ncontract X {", "a\rb", "tab\there"] {
        let mut o = opts("V");
        o.command = bad.into();
        assert!(
            matches!(generate(&key(1, &[]), &o), Err(Error::InvalidCommand { .. })),
            "{bad:?} accepted"
        );
    }
    let mut o = opts("V");
    o.command = "x".repeat(1001);
    assert!(generate(&key(1, &[]), &o).is_err());
}

#[test]
fn degenerate_keys_are_refused() {
    assert_eq!(generate(&key(0, &[]), &opts("V")), Err(Error::NoPublicInputs));
    let mut vk = key(2, &[]);
    vk.alpha_g1 = G1Affine::zero();
    assert_eq!(generate(&vk, &opts("V")), Err(Error::KeyPointAtInfinity { point: "alpha" }));
    for (name, set) in [
        ("beta", (|vk: &mut VerifyingKey<Bn254>| vk.beta_g2 = G2Affine::zero()) as fn(&mut _)),
        ("gamma", |vk| vk.gamma_g2 = G2Affine::zero()),
        ("delta", |vk| vk.delta_g2 = G2Affine::zero()),
    ] {
        let mut vk = key(2, &[]);
        set(&mut vk);
        assert_eq!(generate(&vk, &opts("V")), Err(Error::KeyPointAtInfinity { point: name }));
    }
    // A point off the curve.
    let mut vk = key(2, &[]);
    let p = vk.gamma_abc_g1[1];
    vk.gamma_abc_g1[1] = G1Affine::new_unchecked(p.x, p.y + ark_bn254::Fq::from(1u64));
    assert_eq!(generate(&vk, &opts("V")), Err(Error::KeyPointInvalid { point: "IC[1]".into() }));
}

#[test]
fn ic_points_at_infinity_are_skipped() {
    let s = generate(&key(3, &[0, 2]), &opts("V")).unwrap();
    assert!(!s.contains("IC0_X") && !s.contains("IC2_X"));
    assert!(s.contains("IC1_X") && s.contains("IC3_X"));
    assert!(s.contains("// IC0 is the point at infinity."));
    assert!(s.contains("// IC2 is the point at infinity"));
}

#[test]
fn error_selectors_are_distinct_and_declared() {
    let s = generate(&key(2, &[]), &opts("V")).unwrap();
    let mut seen = std::collections::HashSet::new();
    for e in ERRORS {
        assert!(seen.insert(e.selector()), "{} collides", e.name);
        assert!(s.contains(&format!("    error {}(", e.name)));
        assert!(s.contains(&format!("0x{};", hex::encode(e.selector()))), "{}", e.name);
    }
    assert_eq!(ERRORS[0].signature(), "ProofCoordinateNotInField(uint256)");
    assert_eq!(hex::encode(ERRORS[5].selector()), "7fcdd1f4", "ProofInvalid()");
}

/// Every call to precompile 6 (ecAdd), 7 (ecMul) or 8 (pairing) has what it returned checked
/// right after it. A call to an address without that precompile succeeds with no data and leaves
/// the output memory as it was; no Ethereum EVM lets a forge test remove a precompile (forge
/// refuses `vm.etch` on precompile addresses, and every fork with RETURNDATASIZE has 6, 7 and
/// 8), so the checks are pinned here. One of three forms, each in the next statement or in the
/// output memory:
/// - `eq(returndatasize(), size)` (64 bytes, or 32 for the pairing);
/// - in `_vkX`, the size ANDed into a per-precompile flag (`rsMul`, `rsAdd`, from 0x40: 64 bytes
///   from a call that succeeded, none from a failed or missing one), which the callers compare
///   with `VKX_OK`;
/// - the single-proof pairing writes to `M_RESULT`, which nothing else writes and which is zero
///   until then, and the proof is accepted only when `mload(M_RESULT)` is 1.
///
/// The size is never read in the call's own statement: Yul evaluates a call's arguments right
/// to left, so it would read the previous call's size.
#[test]
fn every_precompile_call_checks_its_return_size() {
    for vk in [key(3, &[]), key(3, &[0, 2]), key(1, &[1])] {
        let s = generate(&vk, &opts("V")).unwrap();
        let lines: Vec<&str> = s.lines().map(str::trim).collect();
        let mut calls = [0usize; 3];
        let mut summed = 0;
        for (i, line) in lines.iter().enumerate() {
            let Some(at) = line.find("staticcall(gas(), ") else { continue };
            let target = &line[at + 18..at + 19];
            let (k, size, sum) = match target {
                "6" => (0, "0x40", "rsAdd := and(rsAdd, returndatasize())"),
                "7" => (1, "0x40", "rsMul := and(rsMul, returndatasize())"),
                "8" => (2, "0x20", ""),
                _ => panic!("call to an unexpected address: {line}"),
            };
            calls[k] += 1;
            assert!(!line.contains("returndatasize"), "size read before its call: {line}");
            let next = lines[i + 1];
            if next.contains(&format!("eq(returndatasize(), {size})")) {
                continue;
            }
            if !sum.is_empty() && line.starts_with("pop(staticcall(") && next == sum {
                summed += 1;
                continue;
            }
            assert!(
                target == "8" && line.ends_with(", M_RESULT, 0x20)"),
                "no size check after `{line}`: `{next}`"
            );
            let rest = lines[i..].join("\n");
            let check = "if iszero(and(and(eq(st, VKX_OK), iszero(inf)), mload(M_RESULT))) {";
            assert!(rest.contains(check), "M_RESULT unchecked after `{line}`");
        }
        assert!(!s.contains("mstore(M_RESULT"), "M_RESULT is written by the pairing alone");
        // The sums are compared with VKX_OK after every call of _vkX (verifyProof,
        // isValidProof, verifyBatch).
        assert_eq!(s.matches("_vkX(").count(), 4);
        assert_eq!(s.matches("eq(st, VKX_OK)").count(), 3);
        let ic = vk.gamma_abc_g1.iter().skip(1).filter(|p| !p.is_zero()).count();
        assert_eq!(summed, 2 * ic, "every _vkX call's size is checked");
        // One pairing each in verifyProof, isValidProof and verifyBatch; ecAdd and ecMul in
        // verifyBatch and _vkX.
        assert!(calls[0] >= 1 && calls[1] >= 3 && calls[2] == 3, "{calls:?}");
    }
}

/// Writes the sources into a scratch forge project using the repository's foundry.toml
/// (formatter and compiler settings), then runs `forge fmt --check` and `forge build --sizes`.
/// Returns the runtime sizes forge reports, by contract name.
fn forge_check(sources: &[(String, String)]) -> serde_json::Value {
    let root = repo_root();
    let forge = root.join("node_modules/.bin/forge");
    assert!(forge.exists(), "{} is missing: run `npm ci` in the repository root", forge.display());
    let tmp = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(root.join("foundry.toml"))
        .unwrap()
        .replace(
            "solc = \"tools/solc/solc\"",
            &format!("solc = {:?}", root.join("tools/solc/solc")),
        )
        .replace("src = \"contracts/src\"", "src = \"src\"");
    std::fs::write(tmp.path().join("foundry.toml"), config).unwrap();
    std::fs::create_dir_all(tmp.path().join("src")).unwrap();
    for (name, text) in sources {
        std::fs::write(tmp.path().join("src").join(format!("{name}.sol")), text).unwrap();
    }
    let fmt =
        Command::new(&forge).args(["fmt", "--check"]).current_dir(tmp.path()).output().unwrap();
    assert!(
        fmt.status.success(),
        "forge fmt --check: generated code is not formatted:\n{}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    let build = Command::new(&forge)
        .args(["build", "--sizes", "--json"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "forge build failed:\n{}\n{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );
    let out = String::from_utf8_lossy(&build.stdout);
    let json = out.lines().rev().find(|l| l.trim_start().starts_with('{')).unwrap_or("{}");
    serde_json::from_str(json).unwrap()
}

/// Generated code passes `forge fmt --check` as it is and compiles with the pinned solc, for
/// keys of several shapes, long commands and IC points at infinity; and the largest key the
/// generator is documented to support fits the EIP-170 size limit.
#[test]
fn generated_code_is_formatted_and_compiles() {
    let mut long = opts("LongCommandVerifier");
    long.command = format!(
        "zkp-ledger export-verifier --vk {} --contract-name LongCommandVerifier",
        "very/long/directory/name/".repeat(8) + "verification_key.json --out " + &"x".repeat(79)
    );
    let cases = [
        ("OneInput", key(1, &[]), opts("OneInput")),
        ("Infinity", key(3, &[0, 2]), opts("Infinity")),
        ("LastInfinity", key(2, &[2]), opts("LastInfinity")),
        ("LongCommandVerifier", key(9, &[]), long),
        ("Large", key(zkp_ledger_verifier_gen::MAX_PUBLIC_INPUTS, &[]), opts("Large")),
    ];
    let sources: Vec<(String, String)> =
        cases.iter().map(|(n, vk, o)| (n.to_string(), generate(vk, o).unwrap())).collect();
    let sizes = forge_check(&sources);
    eprintln!("runtime sizes: {sizes}");
    let large = &sizes["Large"]["runtime_size"];
    assert!(large.as_u64().unwrap() <= 24_576, "Large: runtime size {large} over EIP-170");
}

/// The point that contracts/test/verifiers/utils/Bn254.sol uses as a B on the twist but outside
/// G2 (x = 2 + u): the pairing precompile must reject it, and so must our Rust decoder.
#[test]
fn twist_point_outside_g2_used_by_forge_tests() {
    use ark_bn254::{Fq, Fq2};
    let word = |h: &str| Fq::from_be_bytes_mod_order(&hex::decode(h).unwrap());
    let p = G2Affine::new_unchecked(
        Fq2::new(Fq::from(2u64), Fq::from(1u64)),
        Fq2::new(
            word("2044dbfa9f9e977067b6591653b277985f621d6a969ba7794bc97597d23bfb79"),
            word("04ed8cf98795e6ff221299312d1758032001ee7d71ca132fe307d56157ed9d69"),
        ),
    );
    assert!(p.is_on_curve());
    assert!(!p.is_in_correct_subgroup_assuming_on_curve());
    assert!(zkp_ledger_prover::snarkjs::g2_from_coords(p.x, p.y, "B").is_err());
}

/// A well-formed key with one commitment and `l` public inputs (IC covers them and the
/// challenge; the IC points whose indices are in `infinity` are the point at infinity).
fn commit_key(l: usize, infinity: &[usize]) -> CommitVerifyingKey {
    commit_key_k(l, 1, infinity)
}

/// As [`commit_key`] with `k` commitments (distinct sigmas; IC covers the `k` challenges).
fn commit_key_k(l: usize, k: usize, infinity: &[usize]) -> CommitVerifyingKey {
    let vk = key(l + k, infinity);
    let commitments = (0..k as u64)
        .map(|j| CommitmentVerifyingKey {
            g: vk.gamma_g2,
            g_sigma_neg: (G2Affine::generator() * Fr::from(17u64 + 2 * j)).into_affine(),
        })
        .collect();
    CommitVerifyingKey { commitments, committed_wires: (0..k).map(|j| vec![2 * j]).collect(), vk }
}

#[test]
fn commit_verifier_interface_and_errors() {
    let vk = commit_key(2, &[]);
    let s = generate_commit(&vk, &opts("CV")).unwrap();
    assert_eq!(s, generate_commit(&vk, &opts("CV")).unwrap(), "deterministic");
    assert!(s.contains("contract CV {"));
    assert!(s.contains("uint256[12] calldata proof, uint256[2] calldata input"));
    assert!(s.contains("uint256 public constant NUM_PUBLIC_INPUTS = 2;"));
    assert!(s.contains(&format!("// Circuit id: {}\n", commit_circuit_id_hex(&vk))));
    assert_eq!(circuit_id_constant(&s), commit_circuit_id_hex(&vk));
    assert!(s.contains("IC3_X"), "the challenge's IC point");
    assert!(s.contains("uint256[12][] calldata proofs, uint256[2][] calldata inputs"));
    for line in s.lines() {
        assert!(line.len() <= 100, "line over 100 columns: {line}");
    }
    for e in COMMIT_ERRORS {
        assert!(s.contains(&format!("    error {}(", e.name)));
        assert!(s.contains(&format!("0x{};", hex::encode(e.selector()))), "{}", e.name);
        // Same names, same selectors as the plain verifier's errors.
        assert!(ERRORS.iter().any(|p| p.signature() == e.signature()), "{}", e.name);
    }
    // Another key, another contract.
    assert_ne!(s, generate_commit(&commit_key(2, &[1]), &opts("CV")).unwrap());
    assert!(s.contains("uint256 public constant NUM_COMMITMENTS = 1;"));
    // k commitments: 8 + 4k proof words, k GSigmaNeg points, k challenges' IC points.
    for k in 2..=zkp_ledger_verifier_gen::MAX_COMMITMENTS {
        let vk = commit_key_k(3, k, &[]);
        let s = generate_commit(&vk, &opts("CV")).unwrap();
        let w = 8 + 4 * k;
        assert!(s.contains(&format!("uint256[{w}] calldata proof, uint256[3] calldata input")));
        assert!(s.contains(&format!("uint256[{w}][] calldata proofs, uint256[3][] calldata")));
        assert!(s.contains(&format!("uint256 public constant NUM_COMMITMENTS = {k};")));
        assert!(s.contains(&format!("uint256 private constant PAIRS = {};", 4 + k)));
        assert!(s.contains(&format!("GSIGMANEG{k}_Y_REAL")));
        assert!(!s.contains(&format!("GSIGMANEG{}_Y_REAL", k + 1)));
        assert!(s.contains(&format!("IC{}_X", 3 + k)) && !s.contains(&format!("IC{}_X", 4 + k)));
        assert!(s.contains(&format!("position, 0 to {}; {w} * i + that", w - 1)));
        assert!(s.contains(&format!("; {} * i + that for proof i in verifyBatch.", 3 + 2 * k)));
        assert_eq!(circuit_id_constant(&s), commit_circuit_id_hex(&vk));
        for line in s.lines() {
            assert!(line.len() <= 100, "line over 100 columns: {line}");
        }
    }
}

/// The hashing constants are expand_message_xmd's with the prover's DST and length.
#[test]
fn commit_verifier_hashes_with_the_provers_dst() {
    use zkp_ledger_prover::commit::{COMMITMENT_DST, HASH_TO_FIELD_BYTES};
    // Constants too long for one line continue after `=`.
    let s = generate_commit(&commit_key(1, &[]), &opts("CV")).unwrap().replace("=\n        ", "= ");
    let dst = hex::encode(COMMITMENT_DST);
    assert_eq!(dst, hex::encode("bsb22-commitment"));
    let tail = format!("{HASH_TO_FIELD_BYTES:04x}00{dst}10");
    assert!(s.contains(&format!("XMD_MSG_TAIL = 0x{tail}{}", "0".repeat(64 - tail.len()))));
    for i in [1, 2] {
        let b = format!("0{i}{dst}10");
        assert!(s.contains(&format!("XMD_B{i}_TAIL = 0x{b}{}", "0".repeat(64 - b.len()))));
    }
    assert!(s.contains("XMD_MSG_BYTES = 0x94;") && s.contains("XMD_BLOCK_BYTES = 0x32;"));
}

#[test]
fn commit_keys_with_too_many_or_no_commitments_or_degenerate_are_refused() {
    let max = zkp_ledger_verifier_gen::MAX_COMMITMENTS;
    assert_eq!(max, 4);
    assert!(generate_commit(&commit_key_k(2, max, &[]), &opts("V")).is_ok());
    assert_eq!(
        generate_commit(&commit_key_k(2, max + 1, &[]), &opts("V")),
        Err(Error::UnsupportedCommitments { commitments: max + 1, max })
    );
    // Two commitments sharing one sigma: a degenerate key.
    let mut shared = commit_key_k(2, 2, &[]);
    shared.commitments[1].g_sigma_neg = shared.commitments[0].g_sigma_neg;
    assert!(matches!(generate_commit(&shared, &opts("V")), Err(Error::DegenerateKey { .. })));
    // The second commitment's GSigmaNeg off the twist.
    let mut vk = commit_key_k(2, 2, &[]);
    let p = vk.commitments[1].g_sigma_neg;
    vk.commitments[1].g_sigma_neg = G2Affine::new_unchecked(p.x, p.y + p.y);
    assert_eq!(
        generate_commit(&vk, &opts("V")),
        Err(Error::KeyPointInvalid { point: "GSigmaNeg".into() })
    );
    // Only the two challenges: no input of its own.
    assert_eq!(generate_commit(&commit_key_k(0, 2, &[]), &opts("V")), Err(Error::NoPublicInputs));
    let mut none = commit_key(2, &[]);
    none.commitments.clear();
    none.committed_wires.clear();
    assert!(matches!(
        generate_commit(&none, &opts("V")),
        Err(Error::UnsupportedCommitments { commitments: 0, .. })
    ));
    // Only the challenge: no input of its own.
    assert_eq!(generate_commit(&commit_key(0, &[]), &opts("V")), Err(Error::NoPublicInputs));
    let mut vk = commit_key(2, &[]);
    vk.commitments[0].g_sigma_neg = G2Affine::zero();
    assert_eq!(
        generate_commit(&vk, &opts("V")),
        Err(Error::KeyPointAtInfinity { point: "GSigmaNeg" })
    );
    // gamma == delta (then G must follow gamma to pass the other rule).
    let mut vk = commit_key(2, &[]);
    vk.vk.delta_g2 = vk.vk.gamma_g2;
    assert!(matches!(generate_commit(&vk, &opts("V")), Err(Error::DegenerateKey { .. })));
    // sigma = -1: GSigmaNeg = gamma.
    let mut vk = commit_key(2, &[]);
    vk.commitments[0].g_sigma_neg = vk.vk.gamma_g2;
    assert!(matches!(generate_commit(&vk, &opts("V")), Err(Error::DegenerateKey { .. })));
    // G other than gamma.
    let mut vk = commit_key(2, &[]);
    vk.commitments[0].g = vk.vk.delta_g2;
    assert!(matches!(generate_commit(&vk, &opts("V")), Err(Error::DegenerateKey { .. })));
    // GSigmaNeg off the twist.
    let mut vk = commit_key(2, &[]);
    let p = vk.commitments[0].g_sigma_neg;
    vk.commitments[0].g_sigma_neg = G2Affine::new_unchecked(p.x, p.y + p.y);
    assert_eq!(
        generate_commit(&vk, &opts("V")),
        Err(Error::KeyPointInvalid { point: "GSigmaNeg".into() })
    );
    // The plain checks still apply, and so does the name check.
    let mut vk = commit_key(2, &[]);
    vk.vk.alpha_g1 = G1Affine::zero();
    assert_eq!(generate_commit(&vk, &opts("V")), Err(Error::KeyPointAtInfinity { point: "alpha" }));
    assert!(matches!(
        generate_commit(&commit_key(2, &[]), &opts("contract")),
        Err(Error::InvalidContractName { .. })
    ));
}

/// As every_precompile_call_checks_its_return_size, for the commit template, whose calls also
/// go to SHA-256 (precompile 2, 32 bytes).
#[test]
fn commit_verifier_checks_every_precompile_return_size() {
    for vk in [
        commit_key(2, &[]),
        commit_key(3, &[0, 2]),
        commit_key(1, &[2]),
        commit_key_k(2, 2, &[]),
        commit_key_k(1, 4, &[3]),
    ] {
        let s = generate_commit(&vk, &opts("V")).unwrap();
        let lines: Vec<&str> = s.lines().map(str::trim).collect();
        let mut calls = [0usize; 4];
        for (i, line) in lines.iter().enumerate() {
            let Some(at) = line.find("staticcall(gas(), ") else { continue };
            let (k, size) = match &line[at + 18..at + 19] {
                "2" => (0, "0x20"),
                "6" => (1, "0x40"),
                "7" => (2, "0x40"),
                "8" => (3, "0x20"),
                _ => panic!("call to an unexpected address: {line}"),
            };
            calls[k] += 1;
            assert!(!line.contains("returndatasize"), "size read before its call: {line}");
            assert!(
                lines[i + 1].contains(&format!("eq(returndatasize(), {size})")),
                "no size check after `{line}`"
            );
        }
        // SHA-256 three times in _fold and three in _batchProof, one pairing in each entry
        // point, rho D, rho P, D and the challenge at least.
        assert!(calls[0] == 6 && calls[1] >= 2 && calls[2] >= 3 && calls[3] == 3, "{calls:?}");
    }
}

/// Generated commit verifiers pass `forge fmt --check` and compile, with IC points at infinity
/// (IC0, an input's, a challenge's), one input, 2 and 4 commitments (35 inputs and 2: the
/// dataset chunk proof's shape); the largest keys accepted (the challenges count against
/// MAX_PUBLIC_INPUTS) with 1 and 4 commitments fit the EIP-170 size limit.
#[test]
fn commit_verifier_code_is_formatted_and_compiles() {
    let max = zkp_ledger_verifier_gen::MAX_PUBLIC_INPUTS;
    assert_eq!(
        generate_commit(&commit_key(max, &[]), &opts("V")),
        Err(Error::TooManyInputs { inputs: max + 1, max })
    );
    let cases = [
        ("CommitOne", commit_key(1, &[])),
        ("CommitInfinity", commit_key(3, &[0, 2])),
        ("CommitChallengeInfinity", commit_key(2, &[3])),
        ("CommitLarge", commit_key(max - 1, &[])),
        ("CommitTwo", commit_key_k(35, 2, &[])),
        ("CommitTwoInfinity", commit_key_k(2, 2, &[0, 3])),
        ("CommitFourLarge", commit_key_k(max - 4, 4, &[])),
    ];
    let sources: Vec<(String, String)> = cases
        .iter()
        .map(|(n, vk)| (n.to_string(), generate_commit(vk, &opts(n)).unwrap()))
        .collect();
    let sizes = forge_check(&sources);
    eprintln!("runtime sizes: {sizes}");
    for name in ["CommitLarge", "CommitFourLarge"] {
        let size = &sizes[name]["runtime_size"];
        assert!(size.as_u64().unwrap() <= 24_576, "{name}: runtime size {size} over EIP-170");
    }
}
