//! Witness generation from circom2's wasm against snarkjs's `wtns calculate` (the committed
//! `.wtns` files, made by snarkjs: see tools/circom/make-wasm-fixtures.sh), the circuit's own
//! assertion messages, and malformed wasm and inputs.

use std::sync::OnceLock;

use ark_bn254::Fr;
use zkp_ledger_circom::{
    Error, Inputs, R1cs, WitnessCalculator, WitnessError, Wtns, wasm::fnv1a_64,
};

use crate::common::{bytes, fixture};

/// The compiled Poseidon calculator, shared by the tests (compiling it is the slow part).
fn poseidon() -> &'static WitnessCalculator {
    static CALC: OnceLock<WitnessCalculator> = OnceLock::new();
    CALC.get_or_init(|| {
        WitnessCalculator::read(&fixture("poseidon").join("poseidon.wasm")).unwrap()
    })
}

fn assert_calc() -> &'static WitnessCalculator {
    static CALC: OnceLock<WitnessCalculator> = OnceLock::new();
    CALC.get_or_init(|| WitnessCalculator::read(&fixture("assert").join("assert.wasm")).unwrap())
}

fn witness_error(r: zkp_ledger_circom::Result<Wtns>) -> WitnessError {
    match r {
        Err(Error::Witness(e)) => e,
        other => panic!("expected a witness error, got {other:?}"),
    }
}

const ASSERT_INPUT: &str = r#"{ "x": "5", "m": [["1", "2", "3"], ["0x4", "5", "-6"]] }"#;

#[test]
fn poseidon_witness_equals_snarkjs_byte_for_byte() {
    let calc = poseidon();
    assert_eq!(calc.circom_version().0, 2);
    let inputs = Inputs::read(&fixture("poseidon").join("input.json")).unwrap();
    let wtns = calc.calculate(&inputs).unwrap();
    assert_eq!(wtns.to_bytes(), bytes("poseidon", "poseidon.wtns"));
    assert_eq!(
        calc.witness_size(),
        R1cs::read(&fixture("poseidon").join("poseidon.r1cs")).unwrap().num_wires
    );
    assert_eq!(calc.input_size(), 2);
    // The same calculator again, with other inputs: fresh state each time.
    let other = Inputs::from_json_str(r#"{"a": "2", "b": "1"}"#).unwrap();
    let w2 = calc.calculate(&other).unwrap();
    assert_ne!(w2.values[1], wtns.values[1]);
    assert_eq!(calc.calculate(&inputs).unwrap(), wtns);
}

#[test]
fn arrays_hex_and_negative_inputs_equal_snarkjs() {
    let (wtns, logs) =
        assert_calc().calculate_logged(&Inputs::from_json_str(ASSERT_INPUT).unwrap()).unwrap();
    assert_eq!(wtns.to_bytes(), bytes("assert", "assert.wtns"));
    // Wires: 1, y, x, m...; y = x * x + sum(m) = 25 + 9.
    assert_eq!(wtns.values[1], Fr::from(34u64));
    assert_eq!(logs, vec!["x squared plus the sum 34".to_string()]);
    // Numbers instead of strings, written as snarkjs reads them: the same witness.
    let numbers = r#"{ "m": [[1, 2, 3], [4, 5, -6]], "x": 5 }"#;
    assert_eq!(assert_calc().calculate(&Inputs::from_json_str(numbers).unwrap()).unwrap(), wtns);
}

#[test]
fn a_failing_assert_gives_circoms_message() {
    let input = ASSERT_INPUT.replace(r#""x": "5""#, r#""x": "300""#);
    let e = witness_error(assert_calc().calculate(&Inputs::from_json_str(&input).unwrap()));
    let WitnessError::Circuit { code, kind, message } = &e else { panic!("{e:?}") };
    assert_eq!((*code, *kind), (4, "Assert Failed"));
    // The text snarkjs prints for the same input (`snarkjs wtns calculate`).
    assert_eq!(message, "Error in template Below_0 line: 10; Error in template Main_1 line: 19");
    assert!(e.to_string().starts_with("Assert Failed. Error in template Below_0 line: 10"), "{e}");
}

#[test]
fn a_failing_constraint_gives_circoms_message() {
    // x = 0: `inv * x === 1` cannot hold.
    let input = ASSERT_INPUT.replace(r#""x": "5""#, r#""x": "0""#);
    let e = witness_error(assert_calc().calculate(&Inputs::from_json_str(&input).unwrap()));
    assert_eq!(
        e.to_string(),
        "Assert Failed. Error in template Main_1 line: 30 (circom exception 4)"
    );
}

#[test]
fn inputs_that_do_not_fit_the_circuit_name_the_signal() {
    let calc = assert_calc();
    let run = |text: &str| witness_error(calc.calculate(&Inputs::from_json_str(text).unwrap()));
    let e = run(r#"{ "x": "5", "m": [["1", "2", "3"], ["4", "5", "6"]], "z": "1" }"#);
    assert!(matches!(&e, WitnessError::UnknownSignal { signal } if signal == "z"), "{e:?}");
    assert!(matches!(
        run(r#"{ "x": "5", "m": [["1", "2", "3"], ["4", "5"]] }"#),
        WitnessError::WrongCount { signal, expected: 6, found: 5 } if signal == "m"
    ));
    assert!(matches!(
        run(r#"{ "x": ["5", "6"], "m": [["1", "2", "3"], ["4", "5", "6"]] }"#),
        WitnessError::WrongCount { signal, expected: 1, found: 2 } if signal == "x"
    ));
    assert!(matches!(
        run(r#"{ "m": [["1", "2", "3"], ["4", "5", "6"]] }"#),
        WitnessError::MissingInputs { given: 6, expected: 7 }
    ));
    let e = run(r#"{ "x": "5", "m": [["1", "2", "3"], ["4", "5"]] }"#).to_string();
    assert_eq!(e, "input signal m has 5 values, the circuit declares 6");
}

#[test]
fn malformed_wasm_is_a_typed_error() {
    let wasm = bytes("poseidon", "poseidon.wasm");
    let load = |b: &[u8]| match WitnessCalculator::from_bytes(b) {
        Err(Error::Witness(e)) => e,
        other => panic!("expected an error, got {other:?}"),
    };
    assert!(matches!(load(b""), WitnessError::InvalidWasm { .. }));
    let e = load(b"not wasm at all");
    assert!(matches!(e, WitnessError::InvalidWasm { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "not a valid WebAssembly module: the file does not start with the wasm magic \\0asm"
    );
    assert!(matches!(load(&wasm[..wasm.len() / 2]), WitnessError::InvalidWasm { .. }));
    // A valid module that is no witness calculator: the smallest module, magic and version.
    assert!(matches!(load(b"\0asm\x01\0\0\0"), WitnessError::MissingExport { .. }));
    // Not a wasm at all but a circom file.
    assert!(matches!(load(&bytes("poseidon", "poseidon.wtns")), WitnessError::InvalidWasm { .. }));
    let e = WitnessCalculator::read(&fixture("poseidon").join("missing.wasm")).unwrap_err();
    assert!(matches!(e, Error::Io { .. }) && e.to_string().contains("missing.wasm"), "{e}");
}

#[test]
fn fnv_hash_matches_circoms_runtime() {
    // snarkjs's fnvHash("a") and fnvHash("main.in"): 64-bit FNV-1a, as hex msb, lsb.
    assert_eq!(fnv1a_64("a"), (0xaf63dc4c_u32 as i32, 0x8601ec8c_u32 as i32));
    assert_eq!(fnv1a_64(""), (0xcbf29ce4_u32 as i32, 0x84222325_u32 as i32));
}

#[test]
fn written_wtns_reads_back() {
    let wtns = Wtns::from_bytes(&bytes("poseidon", "poseidon.wtns")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.wtns");
    wtns.write(&path).unwrap();
    assert_eq!(Wtns::read(&path).unwrap(), wtns);
    assert_eq!(std::fs::read(&path).unwrap(), bytes("poseidon", "poseidon.wtns"));
}

/// Every committed circuit's witness from its wasm equals snarkjs's `.wtns` of the same
/// input.json byte for byte (`snarkjs wtns calculate`, tools/circom/make-fixtures.sh).
#[test]
fn every_fixture_witness_equals_snarkjs_byte_for_byte() {
    for name in ["eddsa", "smt", "sha256"] {
        let calc = WitnessCalculator::read(&fixture(name).join(format!("{name}.wasm"))).unwrap();
        let inputs = Inputs::read(&fixture(name).join("input.json")).unwrap();
        let wtns = calc.calculate(&inputs).unwrap();
        assert!(wtns.to_bytes() == bytes(name, &format!("{name}.wtns")), "{name}: differs");
    }
}

/// A hostile module whose `getMessageChar` calls `printErrorMessage` again: without the host's
/// re-entry guard each message read would start another, until the stack overflowed and the
/// process aborted.
#[test]
fn a_module_that_reenters_the_host_is_refused() {
    use ark_ff::{BigInteger, PrimeField};
    let r: String = Fr::MODULUS.to_bytes_le().iter().map(|b| format!("\\{b:02x}")).collect();
    let wat = format!(
        r#"(module
          (import "runtime" "printErrorMessage" (func $print))
          (memory (export "memory") 1)
          (data (i32.const 0) "{r}")
          (func (export "getVersion") (result i32) i32.const 2)
          (func (export "getFieldNumLen32") (result i32) i32.const 8)
          (func (export "getRawPrime"))
          (func (export "readSharedRWMemory") (param i32) (result i32)
            local.get 0 i32.const 4 i32.mul i32.load)
          (func (export "writeSharedRWMemory") (param i32 i32))
          (func (export "getWitnessSize") (result i32) i32.const 1)
          (func (export "getInputSize") (result i32) i32.const 0)
          (func (export "init") (param i32) call $print)
          (func (export "getInputSignalSize") (param i32 i32) (result i32) i32.const 0)
          (func (export "setInputSignal") (param i32 i32 i32))
          (func (export "getWitness") (param i32))
          (func (export "getMessageChar") (result i32) call $print i32.const 0))"#
    );
    let wasm = wat::parse_str(&wat).unwrap();
    let calc = WitnessCalculator::from_bytes(&wasm).unwrap();
    let e = witness_error(calc.calculate(&Inputs::new()));
    assert!(matches!(e, WitnessError::Trap { .. }), "{e:?}");
    assert!(format!("{e:?}").contains("re-entry refused"), "{e:?}");
}
