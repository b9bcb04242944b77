//! Witness generation from circom-witnesscalc graphs (`NAME.graph.bin`, made by iden3's
//! `build-circuit` from the fixtures' circuits, see the fixture READMEs): the witness equals
//! snarkjs's committed `.wtns` value by value and proves; real graphs cut or mutated are typed
//! errors.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field};
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_circom::{
    Error, GraphError, Inputs, WitnessError, WitnessGraph, Wtns, Zkey, ZkeyProver,
};
use zkp_ledger_prover::{groth16, snarkjs};

use crate::common::{bytes, fixture};

/// The fixtures that have a graph (`assert` has none: its `log()` is not supported by
/// build-circuit).
const FIXTURES: [&str; 4] = ["poseidon", "eddsa", "smt", "sha256"];

fn graph(name: &str) -> WitnessGraph {
    WitnessGraph::read(&fixture(name).join(format!("{name}.graph.bin"))).unwrap()
}

fn inputs(name: &str) -> Inputs {
    Inputs::read(&fixture(name).join("input.json")).unwrap()
}

fn graph_error(r: zkp_ledger_circom::Result<WitnessGraph>) -> GraphError {
    match r {
        Err(Error::Graph(e)) => e,
        other => panic!("expected a graph error, got {other:?}"),
    }
}

#[test]
fn every_fixture_graph_witness_equals_snarkjs() {
    for name in FIXTURES {
        let g = graph(name);
        let values = g.calculate(&inputs(name)).unwrap();
        let snarkjs = Wtns::from_bytes(&bytes(name, &format!("{name}.wtns"))).unwrap();
        assert_eq!(values.len(), snarkjs.values.len(), "{name}: wire count");
        for (i, (ours, theirs)) in values.iter().zip(&snarkjs.values).enumerate() {
            assert_eq!(ours, theirs, "{name}: wire {i}");
        }
        assert_eq!(g.witness_size(), values.len());
    }
}

#[test]
fn every_fixture_graph_witness_proves() {
    for (seed, name) in FIXTURES.into_iter().enumerate() {
        let dir = fixture(name);
        let prover = ZkeyProver::new(Zkey::read(&dir.join(format!("{name}.zkey"))).unwrap());
        let values = graph(name).calculate(&inputs(name)).unwrap();
        let proof = prover.prove(&values, &mut StdRng::seed_from_u64(seed as u64)).unwrap();
        let mut public = prover.public_signals(&values).unwrap();
        let json: Vec<String> = snarkjs::read_json(&dir.join("public.json")).unwrap();
        assert_eq!(public, snarkjs::public_from_json(&json).unwrap(), "{name}");
        let pvk = groth16::prepare(&prover.vk);
        assert!(groth16::verify(&pvk, &proof, &public).unwrap(), "{name}: refused");
        public[0] += Fr::ONE;
        assert!(!groth16::verify(&pvk, &proof, &public).unwrap(), "{name}: changed signal");
    }
}

#[test]
fn graph_knows_the_circuit_inputs() {
    let g = graph("poseidon");
    let names: Vec<(&str, u64)> = g.input_signals().collect();
    assert_eq!(names, vec![("a", 1), ("b", 1)]);
    // Another input changes the witness (the graph does compute from its inputs).
    let mut other = Inputs::new();
    other.push("a", vec![Fr::from(1u64)]).push("b", vec![Fr::from(3u64)]);
    let a = g.calculate(&inputs("poseidon")).unwrap();
    let b = g.calculate(&other).unwrap();
    assert_eq!(a[0], Fr::ONE);
    assert_ne!(a[1], b[1]);
}

#[test]
fn inputs_that_do_not_fit_the_graph_name_the_signal() {
    let g = graph("poseidon");
    let one = || vec![Fr::ONE];
    let run = |inputs: &Inputs| match g.calculate(inputs) {
        Err(e) => e,
        Ok(_) => panic!("accepted"),
    };
    let mut unknown = Inputs::new();
    unknown.push("a", one()).push("b", one()).push("c", one());
    assert!(matches!(
        run(&unknown),
        Error::Witness(WitnessError::UnknownSignal { signal }) if signal == "c"
    ));
    let mut count = Inputs::new();
    count.push("a", one()).push("b", vec![Fr::ONE, Fr::ZERO]);
    let e = run(&count);
    assert_eq!(e.to_string(), "input signal b has 2 values, the circuit declares 1");
    let mut missing = Inputs::new();
    missing.push("b", one());
    assert!(matches!(
        run(&missing),
        Error::Graph(GraphError::MissingInput { signal }) if signal == "a"
    ));
}

/// Reads a varint at `pos`; returns it and the position after it.
fn varint(b: &[u8], mut pos: usize) -> (u64, usize) {
    let mut v = 0u64;
    for shift in (0..).step_by(7) {
        let byte = b[pos];
        pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            break;
        }
    }
    (v, pos)
}

/// The nodes of a graph file: (index, start of the message body, its end).
fn node_frames(b: &[u8]) -> Vec<(usize, usize, usize)> {
    let n = u64::from_le_bytes(b[14..22].try_into().unwrap()) as usize;
    let mut pos = 22;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (len, body) = varint(b, pos);
        out.push((i, body, body + len as usize));
        pos = body + len as usize;
    }
    out
}

/// A `DuoOpNode`'s fields: (field number, offset of its varint, value).
type Fields = Vec<(u64, usize, u64)>;

/// Binary-operation nodes (`Node` field 4) as (index, fields).
fn duo_nodes(b: &[u8]) -> Vec<(usize, Fields)> {
    let mut out = Vec::new();
    for (i, start, _) in node_frames(b) {
        if b[start] != (4 << 3 | 2) {
            continue;
        }
        let (len, mut pos) = varint(b, start + 1);
        let end = pos + len as usize;
        let mut fields = Vec::new();
        while pos < end {
            let (key, at) = varint(b, pos);
            let (value, next) = varint(b, at);
            fields.push((key >> 3, at, value));
            pos = next;
        }
        out.push((i, fields));
    }
    out
}

/// The number of bytes of a varint.
fn varint_len(v: u64) -> usize {
    (64 - v.max(1).leading_zeros() as usize).div_ceil(7)
}

/// Writes `v` over the varint at `pos`, which must have the same length.
fn overwrite_varint(b: &mut [u8], pos: usize, mut v: u64) {
    let (_, end) = varint(b, pos);
    assert_eq!(end - pos, varint_len(v));
    for (k, byte) in b[pos..end].iter_mut().enumerate() {
        *byte = (v & 0x7f) as u8 | if k + 1 < end - pos { 0x80 } else { 0 };
        v >>= 7;
    }
}

#[test]
fn truncated_graphs_are_typed_errors() {
    let full = bytes("poseidon", "poseidon.graph.bin");
    WitnessGraph::from_bytes(&full).unwrap();
    // Every cut in the header and around node and metadata boundaries, and a spread in between.
    let mut cuts: Vec<usize> = (0..40).collect();
    cuts.extend((40..full.len()).step_by(97));
    cuts.extend(full.len() - 40..full.len());
    for cut in cuts {
        let e = graph_error(WitnessGraph::from_bytes(&full[..cut]));
        assert!(
            matches!(e, GraphError::Truncated { .. } | GraphError::Malformed { .. }),
            "cut at {cut}: {e:?}"
        );
    }
    // A cut inside the header or the trailer is `Truncated` naming the part.
    let e = graph_error(WitnessGraph::from_bytes(&full[..18]));
    assert!(matches!(e, GraphError::Truncated { what: "the node count", offset: 14 }), "{e:?}");
    let e = graph_error(WitnessGraph::from_bytes(&full[..full.len() - 3]));
    assert!(matches!(e, GraphError::Truncated { what: "the trailer", .. }), "{e:?}");
    let e = graph_error(WitnessGraph::from_bytes(&full[..7]));
    assert!(matches!(e, GraphError::Truncated { what: "the magic", offset: 0 }), "{e:?}");
}

#[test]
fn a_bad_magic_or_version_is_a_typed_error() {
    let full = bytes("poseidon", "poseidon.graph.bin");
    let mut bad = full.clone();
    bad[0] = b'W';
    assert!(matches!(graph_error(WitnessGraph::from_bytes(&bad)), GraphError::BadMagic { .. }));
    // The circuit's wasm is not a graph.
    let wasm = bytes("poseidon", "poseidon.wasm");
    let e = graph_error(WitnessGraph::from_bytes(&wasm));
    assert!(matches!(&e, GraphError::BadMagic { found } if found.starts_with(b"\0asm")), "{e:?}");
    let mut v2 = full;
    v2[13] = b'2';
    let e = graph_error(WitnessGraph::from_bytes(&v2));
    assert!(matches!(&e, GraphError::UnsupportedVersion { found } if found == "002"), "{e:?}");
}

#[test]
fn a_mutated_op_code_is_a_typed_error() {
    let full = bytes("poseidon", "poseidon.graph.bin");
    // A binary node with an explicit one-byte op code (not Mul, the default 0).
    let (node, fields) = duo_nodes(&full)
        .into_iter()
        .find(|(_, f)| f.iter().any(|&(field, _, v)| field == 1 && v < 128))
        .expect("a binary node other than Mul");
    let &(_, at, _) = fields.iter().find(|&&(field, _, _)| field == 1).unwrap();
    let mut bad = full;
    overwrite_varint(&mut bad, at, 100);
    let e = graph_error(WitnessGraph::from_bytes(&bad));
    assert!(
        matches!(e, GraphError::UnknownOp { node: n, kind: "binary", code: 100 } if n == node),
        "{e:?}"
    );
    // The same op code back reads again (the mutation is what is refused).
    overwrite_varint(&mut bad, at, fields[0].2);
    WitnessGraph::from_bytes(&bad).unwrap();
}

#[test]
fn a_dangling_node_reference_is_a_typed_error() {
    let full = bytes("eddsa", "eddsa.graph.bin");
    let count = node_frames(&full).len() as u64;
    let duos = duo_nodes(&full);
    // An operand pointing at the node itself, at a later node, and past the end: each refused.
    let mut tried = 0;
    for (node, fields) in &duos {
        let Some(&(_, at, old)) = fields.iter().find(|&&(field, _, _)| field == 2) else {
            continue;
        };
        for target in [*node as u64, *node as u64 + 1, count + 7] {
            if varint_len(target) != varint_len(old) || target >= (1 << 32) {
                continue;
            }
            let mut bad = full.clone();
            overwrite_varint(&mut bad, at, target);
            let e = graph_error(WitnessGraph::from_bytes(&bad));
            assert!(
                matches!(e, GraphError::BadReference { node: n, operand } if n == *node && operand == target),
                "{e:?}"
            );
            tried += 1;
        }
        if tried >= 6 {
            break;
        }
    }
    assert!(tried >= 3, "too few nodes to mutate ({tried})");
}

#[test]
fn a_metadata_offset_or_witness_wire_out_of_range_is_a_typed_error() {
    let full = bytes("poseidon", "poseidon.graph.bin");
    let mut bad = full.clone();
    let n = bad.len();
    let offset = u64::from_le_bytes(bad[n - 8..].try_into().unwrap());
    bad[n - 8..].copy_from_slice(&(offset + 1).to_le_bytes());
    let e = graph_error(WitnessGraph::from_bytes(&bad));
    assert!(matches!(e, GraphError::MetadataOffset { found, .. } if found == offset + 1), "{e:?}");
    // Bytes after the trailer.
    let mut longer = full;
    longer.push(0);
    let e = graph_error(WitnessGraph::from_bytes(&longer));
    assert!(matches!(e, GraphError::Malformed { .. }), "{e:?}");
}

/// A graph has no assertions: for a message the signature does not sign, the wasm stops with
/// circom's "Assert Failed" (EdDSAPoseidonVerifier's `===`), the graph returns a witness that
/// fails the r1cs check, and a proof from it does not verify.
#[test]
fn a_failing_constraint_is_not_checked_by_the_graph() {
    let dir = fixture("eddsa");
    let text = std::fs::read_to_string(dir.join("input.json")).unwrap();
    let forged = Inputs::from_json_str(&text.replace(r#""M": "1234""#, r#""M": "1235""#)).unwrap();
    let wasm = zkp_ledger_circom::WitnessCalculator::read(&dir.join("eddsa.wasm")).unwrap();
    assert!(matches!(
        wasm.calculate(&forged),
        Err(Error::Witness(WitnessError::Circuit { code: 4, .. }))
    ));
    let values = graph("eddsa").calculate(&forged).unwrap();
    let r1cs = zkp_ledger_circom::R1cs::read(&dir.join("eddsa.r1cs")).unwrap();
    assert!(matches!(r1cs.check(&values), Err(Error::Unsatisfied { .. })));
    let prover = ZkeyProver::new(Zkey::read(&dir.join("eddsa.zkey")).unwrap());
    let proof = prover.prove(&values, &mut StdRng::seed_from_u64(20)).unwrap();
    let public = prover.public_signals(&values).unwrap();
    assert!(!groth16::verify(&groth16::prepare(&prover.vk), &proof, &public).unwrap());
}
