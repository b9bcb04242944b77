//! Errors of reading and evaluating a circom-witnesscalc witness graph (`build-circuit`'s
//! output, [`WitnessGraph`](crate::WitnessGraph)).

/// Why a witness graph could not be read or evaluated. Wrapped in the crate's [`Error::Graph`].
///
/// Inputs the graph does not know, or given with another number of values, are the same
/// [`WitnessError::UnknownSignal`] and [`WitnessError::WrongCount`] as with the wasm.
///
/// [`Error::Graph`]: crate::Error::Graph
/// [`WitnessError::UnknownSignal`]: crate::WitnessError::UnknownSignal
/// [`WitnessError::WrongCount`]: crate::WitnessError::WrongCount
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// The file does not start with `wtns.graph.`.
    #[error(
        "not a circom-witnesscalc graph: it starts with {found:?}, expected \"wtns.graph.001\""
    )]
    BadMagic {
        /// The first bytes of the file (at most 14).
        found: Vec<u8>,
    },
    /// A graph of another format version than 001 (circom-witnesscalc 0.3's `wtns.graph.002`
    /// describes its inputs in a bus-aware encoding this reader does not read).
    #[error("circom-witnesscalc graph version {found:?} is not supported (only \"001\")")]
    UnsupportedVersion {
        /// The three characters after `wtns.graph.`.
        found: String,
    },
    /// The file ends before `what`, which starts at byte `offset`.
    #[error("the graph file is truncated: it ends inside {what} at byte {offset}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Where it starts.
        offset: usize,
    },
    /// Bytes that are not the protobuf message expected there (a varint longer than ten bytes,
    /// a wire type protobuf does not have, a field of the wrong wire type, a message running
    /// past its length).
    #[error("the graph file is malformed at byte {offset}: {problem}")]
    Malformed {
        /// Where the problem is.
        offset: usize,
        /// What is wrong.
        problem: String,
    },
    /// A node whose operation code is not one the format defines.
    #[error("graph node {node}: unknown {kind} operation code {code}")]
    UnknownOp {
        /// The node's index.
        node: usize,
        /// "unary", "binary" or "ternary".
        kind: &'static str,
        /// The code found.
        code: u64,
    },
    /// A node that is none of input, constant, unary, binary or ternary operation, or a
    /// constant without a value.
    #[error("graph node {node}: {problem}")]
    BadNode {
        /// The node's index.
        node: usize,
        /// What is wrong.
        problem: &'static str,
    },
    /// A constant at or above BN254's r.
    #[error("graph node {node}: the constant is not below BN254's r")]
    NotCanonical {
        /// The node's index.
        node: usize,
    },
    /// An operand that is not an earlier node (the graph is evaluated in one forward pass).
    #[error("graph node {node} reads node {operand}, which is not an earlier node")]
    BadReference {
        /// The node's index.
        node: usize,
        /// The operand's index.
        operand: u64,
    },
    /// An input node reading a slot of the input buffer that is neither the constant 1 (slot 0)
    /// nor a value of a declared input signal.
    #[error("graph node {node} reads input slot {slot}, which no input signal covers")]
    InputOutOfRange {
        /// The node's index.
        node: usize,
        /// The input slot.
        slot: u64,
    },
    /// An input signal whose slots overlap slot 0 (the constant 1) or another input signal.
    #[error(
        "graph input signal {signal} (slots {offset}..+{len}) overlaps slot 0 or another input"
    )]
    BadInputSignal {
        /// The signal's name.
        signal: String,
        /// Its first slot.
        offset: u64,
        /// Its number of values.
        len: u64,
    },
    /// A witness wire taken from a node that does not exist.
    #[error("witness wire {wire} is node {node}, but the graph has {nodes} nodes")]
    WitnessOutOfRange {
        /// The wire's index.
        wire: usize,
        /// The node it names.
        node: u64,
        /// Nodes in the graph.
        nodes: usize,
    },
    /// The trailer's metadata offset is not where the metadata starts.
    #[error("the graph's trailer puts its metadata at byte {found}, but it starts at {expected}")]
    MetadataOffset {
        /// Where the node list ends.
        expected: usize,
        /// What the trailer says.
        found: u64,
    },
    /// A declared input signal not given a value (circom-witnesscalc would take 0).
    #[error("input signal {signal} of the circuit is missing")]
    MissingInput {
        /// The signal's name.
        signal: String,
    },
}
