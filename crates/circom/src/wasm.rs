//! Witness generation from the `.wasm` that `circom --wasm` writes, in process, through the
//! circom 2 witness-calculator ABI (what snarkjs's `wtns calculate` drives with circom_runtime's
//! `witness_calculator.js`). The runtime is [wasmi], a pure-Rust interpreter: see
//! `docs/circom.md` for why (measured against wasmtime and snarkjs).
//!
//! The ABI, as used here:
//!
//! | export | use |
//! | --- | --- |
//! | `getVersion()` | circom major version, must be 2 |
//! | `getFieldNumLen32()` | words of 32 bits per field element (8 for BN254) |
//! | `getRawPrime()` | puts the prime in the shared read-write memory |
//! | `readSharedRWMemory(i)`, `writeSharedRWMemory(i, w)` | word `i` of that memory, least significant first |
//! | `init(sanity)` | starts a witness computation |
//! | `getInputSignalSize(h_msb, h_lsb)` | values of the input signal whose name has that FNV-1a 64-bit hash, -1 if none |
//! | `setInputSignal(h_msb, h_lsb, i)` | sets value `i` of that signal from the shared memory; the last input runs the circuit |
//! | `getInputSize()` | input values in all |
//! | `getWitnessSize()`, `getWitness(i)` | wire count; puts wire `i` in the shared memory |
//! | `getMessageChar()` | next character of the current message, 0 at its end |
//!
//! Imports given (module `runtime`): `exceptionHandler(code)` traps, remembering the code;
//! `printErrorMessage()` collects the circuit's error text (read with `getMessageChar`), which
//! becomes [`WitnessError::Circuit`]'s message; `writeBufferMessage()` and `showSharedRWMemory()`
//! collect the circuit's `log()` lines; for older circom 2 modules also `error`, `log`,
//! `printDebug`, `logSetSignal`, `logGetSignal`, `logStartComponent` and `logFinishComponent`
//! (debug hooks, ignored as snarkjs does without its options).

use std::path::Path;

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use num_bigint::BigUint;
use wasmi::{Caller, Engine, Instance, Linker, Module, Store, TypedFunc, WasmParams, WasmResults};

use crate::{Error, Inputs, Result, WitnessError, Wtns, witness_error::exception_kind};

/// Words of 32 bits in a BN254 field element.
const N32: usize = 8;
/// The longest circuit message read (characters); a longer one is cut.
const MAX_MESSAGE: usize = 1 << 16;
/// Stack of the thread that runs the wasm (bytes; reserved, committed only as used). wasmi's
/// dispatch turns each handler's call of the next into a jump, except after `memory.grow`,
/// which keeps a native frame (176 bytes in our x86_64 builds) until the export called returns: a
/// circom module grows its memory at most 65,536 times (a page or more each time, up to wasm32's
/// 4 GiB), so at most 11.5 MB, whatever thread the caller runs on (a test thread has 2 MiB).
/// docs/circom.md, "Dispatch: tail calls, and the stack".
const WASM_THREAD_STACK: usize = 32 << 20;

/// A compiled circom 2 witness calculator. [`WitnessCalculator::calculate`] runs it on fresh
/// state each time, so one calculator serves any number of inputs.
pub struct WitnessCalculator {
    engine: Engine,
    module: Module,
    linker: Linker<Host>,
    witness_size: usize,
    input_size: usize,
    version: (i32, i32, i32),
}

impl std::fmt::Debug for WitnessCalculator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WitnessCalculator")
            .field("witness_size", &self.witness_size)
            .field("input_size", &self.input_size)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// What the host functions collect during one run.
#[derive(Debug, Default)]
struct Host {
    /// The exception code, once `exceptionHandler` was called.
    exception: Option<i32>,
    /// Lines written through `printErrorMessage`.
    errors: Vec<String>,
    /// The `log()` line being built.
    line: String,
    /// Finished `log()` lines.
    logs: Vec<String>,
    /// Set while a host function calls back into the wasm (to read a message or a value): a
    /// module that calls a host function again from there would recurse without end.
    calling_back: bool,
}

/// Runs `f`, a host function's call back into the wasm, refusing a call made from inside
/// another (a hostile module's `getMessageChar` that calls `printErrorMessage`, say), which
/// would otherwise recurse until the stack overflows.
fn call_back<T>(
    caller: &mut Caller<'_, Host>,
    import: &str,
    f: impl FnOnce(&mut Caller<'_, Host>) -> core::result::Result<T, wasmi::Error>,
) -> core::result::Result<T, wasmi::Error> {
    if caller.data().calling_back {
        return Err(wasmi::Error::new(format!(
            "the wasm called {import} while the host was reading from it (re-entry refused)"
        )));
    }
    caller.data_mut().calling_back = true;
    let out = f(caller);
    caller.data_mut().calling_back = false;
    out
}

/// The exports used, typed.
struct Exports {
    instance: Instance,
    init: TypedFunc<i32, ()>,
    read_shared: TypedFunc<i32, i32>,
    write_shared: TypedFunc<(i32, i32), ()>,
    input_signal_size: TypedFunc<(i32, i32), i32>,
    set_input_signal: TypedFunc<(i32, i32, i32), ()>,
    get_witness: TypedFunc<i32, ()>,
}

impl WitnessCalculator {
    /// Reads and compiles a circuit's `.wasm` file.
    pub fn read(path: &Path) -> Result<Self> {
        let wasm = std::fs::read(path).map_err(|source| Error::Io { path: path.into(), source })?;
        Self::from_bytes(&wasm)
    }

    /// Compiles a circuit's wasm and checks it is a circom 2 witness calculator over BN254.
    pub fn from_bytes(wasm: &[u8]) -> Result<Self> {
        if !wasm.starts_with(b"\0asm") {
            // wasmi's own message for this prints both byte arrays over a dozen lines.
            let source = wasmi::Error::new("the file does not start with the wasm magic \\0asm");
            return Err(WitnessError::InvalidWasm { source }.into());
        }
        let engine = Engine::default();
        let module =
            Module::new(&engine, wasm).map_err(|source| WitnessError::InvalidWasm { source })?;
        let linker = linker(&engine)?;
        let mut calc =
            Self { engine, module, linker, witness_size: 0, input_size: 0, version: (0, 0, 0) };
        let (version, witness_size, input_size) = on_wasm_thread(|| calc.abi_check())?;
        calc.version = version;
        calc.witness_size = witness_size;
        calc.input_size = input_size;
        Ok(calc)
    }

    /// Checks the ABI and the prime; answers the version, the witness size and the input size.
    fn abi_check(&self) -> Result<((i32, i32, i32), usize, usize)> {
        let (mut store, exports) = self.instantiate()?;
        let instance = exports.instance;
        let version = call(&mut store, instance, "getVersion", ())?;
        if version != 2 {
            return Err(WitnessError::UnsupportedVersion { found: version }.into());
        }
        // Minor and patch versions exist from circom 2.0.7 on.
        let minor = call::<(), i32>(&mut store, instance, "getMinorVersion", ()).unwrap_or(0);
        let patch = call::<(), i32>(&mut store, instance, "getPatchVersion", ()).unwrap_or(0);
        let n32: i32 = call(&mut store, instance, "getFieldNumLen32", ())?;
        let _: () = call(&mut store, instance, "getRawPrime", ())?;
        let prime = match usize::try_from(n32) {
            Ok(n) if (1..=64).contains(&n) => read_words(&mut store, &exports, n)?,
            _ => Vec::new(),
        };
        let r = Fr::MODULUS.to_bytes_le();
        if prime != r {
            return Err(WitnessError::WrongPrime {
                found_hex: format!("0x{}", BigUint::from_bytes_le(&prime).to_str_radix(16)),
                n32,
            }
            .into());
        }
        let size = |store: &mut Store<Host>, name: &'static str| -> Result<usize> {
            let n: i32 = call(store, instance, name, ())?;
            usize::try_from(n).map_err(|_| WitnessError::BadSize { name, value: n }.into())
        };
        let witness_size = size(&mut store, "getWitnessSize")?;
        let input_size = size(&mut store, "getInputSize")?;
        Ok(((version, minor, patch), witness_size, input_size))
    }

    /// Wires in the witness (the `.r1cs`'s wire count).
    pub fn witness_size(&self) -> usize {
        self.witness_size
    }

    /// Input values in all (every input signal's values, flattened).
    pub fn input_size(&self) -> usize {
        self.input_size
    }

    /// The circom version that compiled the wasm: major (2), minor, patch (0 and 0 before
    /// circom 2.0.7, which did not record them).
    pub fn circom_version(&self) -> (i32, i32, i32) {
        self.version
    }

    /// Computes the witness of `inputs`.
    pub fn calculate(&self, inputs: &Inputs) -> Result<Wtns> {
        self.calculate_logged(inputs).map(|(wtns, _)| wtns)
    }

    /// Computes the witness of `inputs`, with the lines the circuit printed with `log()`.
    ///
    /// The wasm runs on a thread of its own with a stack of its own size (the caller waits), so
    /// the calling thread's stack size does not matter.
    pub fn calculate_logged(&self, inputs: &Inputs) -> Result<(Wtns, Vec<String>)> {
        on_wasm_thread(|| self.run_witness(inputs))
    }

    fn run_witness(&self, inputs: &Inputs) -> Result<(Wtns, Vec<String>)> {
        let (mut store, ex) = self.instantiate()?;
        run(&mut store, |s| ex.init.call(s, 0))?;
        let mut given = 0usize;
        for (name, values) in inputs.signals() {
            let (msb, lsb) = fnv1a_64(name);
            // circom answers 0 for a name it does not know (circom2 0.2.x; -1 or "Signal
            // not found", code 1, in other versions). A declared input has at least one value.
            let unknown = || Error::from(WitnessError::UnknownSignal { signal: name.clone() });
            let size = match run(&mut store, |s| ex.input_signal_size.call(s, (msb, lsb))) {
                Err(Error::Witness(WitnessError::Circuit { code: 1, .. })) => Err(unknown()),
                other => other,
            }?;
            let expected = match usize::try_from(size) {
                Ok(0) | Err(_) if !values.is_empty() => return Err(unknown()),
                Ok(n) => n,
                Err(_) => 0,
            };
            if values.len() != expected {
                return Err(WitnessError::WrongCount {
                    signal: name.clone(),
                    expected,
                    found: values.len(),
                }
                .into());
            }
            for (i, v) in values.iter().enumerate() {
                let bytes = v.into_bigint().to_bytes_le();
                for (j, word) in bytes.chunks_exact(4).enumerate() {
                    let w = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
                    run(&mut store, |s| ex.write_shared.call(s, (j as i32, w as i32)))?;
                }
                // `i` is below the signal's size, an i32.
                run(&mut store, |s| ex.set_input_signal.call(s, (msb, lsb, i as i32)))?;
                given += 1;
            }
        }
        if given < self.input_size {
            return Err(WitnessError::MissingInputs { given, expected: self.input_size }.into());
        }
        let mut values = Vec::with_capacity(self.witness_size);
        for index in 0..self.witness_size {
            run(&mut store, |s| ex.get_witness.call(s, index as i32))?;
            let bytes = read_words(&mut store, &ex, N32)?;
            let v = Fr::from_bigint(bigint(&bytes)).ok_or(WitnessError::NotCanonical { index })?;
            values.push(v);
        }
        let host = store.into_data();
        let mut logs = host.logs;
        if !host.line.is_empty() {
            logs.push(host.line);
        }
        Ok((Wtns { values }, logs))
    }

    fn instantiate(&self) -> Result<(Store<Host>, Exports)> {
        let mut store = Store::new(&self.engine, Host::default());
        let instance = self
            .linker
            .instantiate_and_start(&mut store, &self.module)
            .map_err(|source| WitnessError::Instantiate { source })?;
        let exports = Exports {
            instance,
            init: typed(&store, instance, "init")?,
            read_shared: typed(&store, instance, "readSharedRWMemory")?,
            write_shared: typed(&store, instance, "writeSharedRWMemory")?,
            input_signal_size: typed(&store, instance, "getInputSignalSize")?,
            set_input_signal: typed(&store, instance, "setInputSignal")?,
            get_witness: typed(&store, instance, "getWitness")?,
        };
        Ok((store, exports))
    }
}

/// Runs `f` on a new thread with a [`WASM_THREAD_STACK`] stack and waits for it.
fn on_wasm_thread<T: Send>(f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("circom-wasm".into())
            .stack_size(WASM_THREAD_STACK)
            .spawn_scoped(scope, f)
            .map_err(|source| WitnessError::Thread { source })?;
        handle.join().map_err(|_| Error::from(WitnessError::ThreadPanicked))?
    })
}

/// The 64-bit FNV-1a hash of a signal name as circom's runtime computes it (over UTF-16 code
/// units), split into its most and least significant 32 bits.
pub fn fnv1a_64(name: &str) -> (i32, i32) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for unit in name.encode_utf16() {
        h ^= u64::from(unit);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    ((h >> 32) as u32 as i32, h as u32 as i32)
}

fn bigint(bytes: &[u8]) -> <Fr as PrimeField>::BigInt {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(b);
    }
    ark_ff::BigInt(limbs)
}

/// `n` words of the shared read-write memory, as little-endian bytes.
fn read_words(store: &mut Store<Host>, ex: &Exports, n: usize) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(4 * n);
    for j in 0..n {
        // j < 64.
        let w = run(store, |s| ex.read_shared.call(s, j as i32))?;
        bytes.extend_from_slice(&(w as u32).to_le_bytes());
    }
    Ok(bytes)
}

fn typed<P: WasmParams, R: WasmResults>(
    store: &Store<Host>,
    instance: Instance,
    name: &'static str,
) -> Result<TypedFunc<P, R>> {
    instance
        .get_typed_func::<P, R>(store, name)
        .map_err(|_| WitnessError::MissingExport { name }.into())
}

/// Calls an export once (for the few calls made while loading).
fn call<P: WasmParams, R: WasmResults>(
    store: &mut Store<Host>,
    instance: Instance,
    name: &'static str,
    params: P,
) -> Result<R> {
    let f = typed::<P, R>(store, instance, name)?;
    run(store, |s| f.call(s, params))
}

/// Runs a call into the wasm and turns a trap into the circuit's error when circom's exception
/// handler caused it.
fn run<T>(
    store: &mut Store<Host>,
    f: impl FnOnce(&mut Store<Host>) -> core::result::Result<T, wasmi::Error>,
) -> Result<T> {
    f(store).map_err(|source| {
        let host = store.data();
        match host.exception {
            Some(code) => WitnessError::Circuit {
                code,
                kind: exception_kind(code),
                message: host.errors.join("; "),
            },
            None => WitnessError::Trap { source },
        }
        .into()
    })
}

/// The text of the circuit's current message (`getMessageChar` until 0).
fn message(caller: &mut Caller<'_, Host>) -> core::result::Result<String, wasmi::Error> {
    let f = caller
        .get_export("getMessageChar")
        .and_then(wasmi::Extern::into_func)
        .ok_or_else(|| wasmi::Error::new("the wasm has no getMessageChar export"))?
        .typed::<(), i32>(&*caller)?;
    let mut text = String::new();
    for _ in 0..MAX_MESSAGE {
        let c = f.call(&mut *caller, ())?;
        if c == 0 {
            break;
        }
        // circom writes bytes; JavaScript's String.fromCharCode reads each as one character.
        text.push(char::from_u32(c as u32 & 0xffff).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    Ok(text)
}

/// The shared read-write memory as a decimal number (circom's `log()` of a value).
fn shared_value(caller: &mut Caller<'_, Host>) -> core::result::Result<String, wasmi::Error> {
    let export = |caller: &Caller<'_, Host>, name| {
        caller
            .get_export(name)
            .and_then(wasmi::Extern::into_func)
            .ok_or_else(|| wasmi::Error::new(format!("the wasm has no {name} export")))
    };
    let n32 =
        export(caller, "getFieldNumLen32")?.typed::<(), i32>(&*caller)?.call(&mut *caller, ())?;
    let read = export(caller, "readSharedRWMemory")?.typed::<i32, i32>(&*caller)?;
    let mut bytes = Vec::new();
    for j in 0..n32.clamp(0, 64) {
        bytes.extend_from_slice(&(read.call(&mut *caller, j)? as u32).to_le_bytes());
    }
    Ok(BigUint::from_bytes_le(&bytes).to_str_radix(10))
}

/// circom's runtime imports, as circom_runtime's `witness_calculator.js` gives them.
fn linker(engine: &Engine) -> Result<Linker<Host>> {
    let mut l = Linker::<Host>::new(engine);
    let define = |e: wasmi::errors::LinkerError| {
        Error::from(WitnessError::Instantiate { source: wasmi::Error::from(e) })
    };
    l.func_wrap("runtime", "exceptionHandler", |mut caller: Caller<'_, Host>, code: i32| {
        caller.data_mut().exception = Some(code);
        Err::<(), _>(wasmi::Error::new(format!(
            "circom exception {code}: {}",
            exception_kind(code)
        )))
    })
    .map_err(define)?;
    l.func_wrap("runtime", "printErrorMessage", |mut caller: Caller<'_, Host>| {
        let text = call_back(&mut caller, "printErrorMessage", message)?;
        caller.data_mut().errors.push(text.trim_end().to_owned());
        Ok::<(), wasmi::Error>(())
    })
    .map_err(define)?;
    l.func_wrap("runtime", "writeBufferMessage", |mut caller: Caller<'_, Host>| {
        let text = call_back(&mut caller, "writeBufferMessage", message)?;
        let host = caller.data_mut();
        if text == "\n" {
            let line = std::mem::take(&mut host.line);
            host.logs.push(line);
        } else {
            if !host.line.is_empty() {
                host.line.push(' ');
            }
            host.line.push_str(&text);
        }
        Ok::<(), wasmi::Error>(())
    })
    .map_err(define)?;
    l.func_wrap("runtime", "showSharedRWMemory", |mut caller: Caller<'_, Host>| {
        let value = call_back(&mut caller, "showSharedRWMemory", shared_value)?;
        let host = caller.data_mut();
        if !host.line.is_empty() {
            host.line.push(' ');
        }
        host.line.push_str(&value);
        Ok::<(), wasmi::Error>(())
    })
    .map_err(define)?;
    // Older circom 2 debug hooks: ignored, as snarkjs ignores them without its log options.
    l.func_wrap(
        "runtime",
        "error",
        |mut caller: Caller<'_, Host>, code: i32, _p: i32, a: i32, b: i32, c: i32, d: i32| {
            let text = format!("error {code} ({a} {b} {c} {d})");
            caller.data_mut().errors.push(text.clone());
            Err::<(), _>(wasmi::Error::new(text))
        },
    )
    .map_err(define)?;
    l.func_wrap("runtime", "log", |_: i32| {}).map_err(define)?;
    l.func_wrap("runtime", "printDebug", |_: i32| {}).map_err(define)?;
    l.func_wrap("runtime", "logSetSignal", |_: i32, _: i32| {}).map_err(define)?;
    l.func_wrap("runtime", "logGetSignal", |_: i32, _: i32| {}).map_err(define)?;
    l.func_wrap("runtime", "logStartComponent", |_: i32| {}).map_err(define)?;
    l.func_wrap("runtime", "logFinishComponent", |_: i32| {}).map_err(define)?;
    Ok(l)
}
