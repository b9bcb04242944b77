//! Errors of witness generation: the circuit's `.wasm`, the inputs, and the circuit's own
//! failures (a circom `assert` or constraint that does not hold).

/// Why a witness could not be computed. Wrapped in the crate's [`Error::Witness`].
///
/// [`Error::Witness`]: crate::Error::Witness
#[derive(Debug, thiserror::Error)]
pub enum WitnessError {
    /// The bytes are not a valid WebAssembly module.
    #[error("not a valid WebAssembly module: {source}")]
    InvalidWasm {
        /// The runtime's reason.
        #[source]
        source: wasmi::Error,
    },
    /// The module is WebAssembly but not a circom 2 witness calculator (it imports something
    /// circom's runtime does not give, with another signature, or its start function traps).
    #[error("the wasm module cannot be instantiated as a circom witness calculator: {source}")]
    Instantiate {
        /// The runtime's reason.
        #[source]
        source: wasmi::Error,
    },
    /// An export the circom 2 witness-calculator ABI needs is absent or has another type.
    #[error("the wasm module has no function `{name}` of the circom 2 witness calculator ABI")]
    MissingExport {
        /// The export's name.
        name: &'static str,
    },
    /// A size export (`getWitnessSize`, `getInputSize`) answered a negative number.
    #[error("the wasm's {name}() is {value}")]
    BadSize {
        /// The export.
        name: &'static str,
        /// What it returned.
        value: i32,
    },
    /// A witness calculator of another circom major version (circom 1's wasm is not read).
    #[error("the wasm is a circom {found} witness calculator; only circom 2 is supported")]
    UnsupportedVersion {
        /// `getVersion()` of the module.
        found: i32,
    },
    /// The circuit was compiled for another prime than BN254's r (`circom --prime`).
    #[error("the circuit's field is not BN254's: its prime is {found_hex} ({n32} 32-bit words)")]
    WrongPrime {
        /// The prime, big-endian hex.
        found_hex: String,
        /// `getFieldNumLen32()` of the module.
        n32: i32,
    },
    /// The input text is not JSON.
    #[error("input is not valid JSON: {source}")]
    InputJson {
        /// The parser's reason (with line and column).
        #[source]
        source: serde_json::Error,
    },
    /// The input JSON is not an object of signal names.
    #[error("input must be a JSON object of signal names, found {found}")]
    InputNotObject {
        /// The JSON type found.
        found: &'static str,
    },
    /// An input value that is not a number snarkjs would take.
    #[error("input signal {signal}, value {index}: {value} is not a field element: {reason}")]
    BadNumber {
        /// The signal's name.
        signal: String,
        /// The value's index in the flattened list.
        index: usize,
        /// The value as written in the JSON.
        value: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A signal name that is not an input of the circuit's main component.
    #[error("input signal {signal} is not an input of the circuit")]
    UnknownSignal {
        /// The name given.
        signal: String,
    },
    /// A signal given another number of values than the circuit declares.
    #[error("input signal {signal} has {found} values, the circuit declares {expected}")]
    WrongCount {
        /// The signal's name.
        signal: String,
        /// Values the circuit declares (the product of its dimensions).
        expected: usize,
        /// Values given (flattened).
        found: usize,
    },
    /// Fewer input values were given than the circuit has (some input signal is missing).
    #[error(
        "only {given} of the circuit's {expected} input values were given: an input signal is missing"
    )]
    MissingInputs {
        /// Values given.
        given: usize,
        /// Input values of the circuit.
        expected: usize,
    },
    /// The circuit itself failed: circom's runtime called its exception handler, for example a
    /// failing `assert` or `===` ("Assert Failed"). `message` is what the circuit wrote before
    /// (through `printErrorMessage`), such as "Error in template Num2Bits_0 line: 38".
    #[error("{kind}.{} (circom exception {code})", fmt_message(message))]
    Circuit {
        /// circom's exception code (4 is a failed assertion).
        code: i32,
        /// What the code means in circom's runtime: "Assert Failed", "Signal not found", ...
        kind: &'static str,
        /// The circuit's error text, lines joined by "; " (may be empty).
        message: String,
    },
    /// The wasm trapped for another reason (out-of-bounds memory, unreachable, stack
    /// exhausted).
    #[error("the witness calculator trapped: {source}")]
    Trap {
        /// The runtime's reason.
        #[source]
        source: wasmi::Error,
    },
    /// A witness value at or above r (the calculator is not computing in BN254's field).
    #[error("witness value {index} from the wasm is not below r")]
    NotCanonical {
        /// Index of the wire.
        index: usize,
    },
    /// The thread that runs the wasm (with a stack of its own size) could not be started.
    #[error("cannot start the thread that runs the wasm: {source}")]
    Thread {
        /// The system's reason.
        #[source]
        source: std::io::Error,
    },
    /// The thread that ran the wasm panicked (a bug in the runtime; its message went to stderr).
    #[error("the thread that ran the wasm panicked")]
    ThreadPanicked,
}

fn fmt_message(message: &str) -> String {
    if message.is_empty() { String::new() } else { format!(" {message}") }
}

/// What circom's runtime (`witness_calculator.js`) says for an exception code.
pub(crate) const fn exception_kind(code: i32) -> &'static str {
    match code {
        1 => "Signal not found",
        2 => "Too many signals set",
        3 => "Signal already set",
        4 => "Assert Failed",
        5 => "Not enough memory",
        6 => "Input signal array access exceeds the size",
        7 => "Out of bounds array access",
        _ => "Unknown error",
    }
}
