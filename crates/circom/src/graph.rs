//! Witness generation from a circom-witnesscalc graph: iden3's `build-circuit` compiles a
//! circom circuit into a flat list of field operations (`wtns.graph.001`), and evaluating that
//! list in one forward pass gives the same witness as the circuit's `.wasm`, much faster.
//!
//! The file (little-endian):
//!
//! - the magic `wtns.graph.001` (14 bytes);
//! - the number of nodes, u64;
//! - the nodes, each a protobuf `Node` message prefixed by its length (a varint): an input
//!   (a slot of the input buffer), a constant (its canonical value, little-endian bytes), or a
//!   unary, binary or ternary operation on earlier nodes (by index);
//! - a protobuf `GraphMetadata` message prefixed by its length: the witness wires (a node index
//!   for each wire, in wire order) and the input signals (name to first slot and length);
//! - the byte offset of that metadata message, u64.
//!
//! Slot 0 of the input buffer is the constant 1; the input signals' values fill the others.
//!
//! [`WitnessGraph::read`] checks everything evaluation relies on, so that evaluation cannot
//! fail or panic: every operand is an earlier node, every input node reads slot 0 or a slot of a
//! declared input signal, the input signals do not overlap, every witness wire is a node,
//! every constant is below r, and every operation code is known. Each problem is a typed
//! [`GraphError`].
//!
//! The operations follow circom's semantics over BN254's r, as the wasm computes them; see
//! `docs/circom.md` ("Witness from a circom-witnesscalc graph"). A graph has no assertions:
//! `build-circuit` drops circom's `assert` and `===`, so inputs that the wasm refuses give a
//! witness here that does not satisfy the circuit (a proof from it does not verify).

use std::collections::HashMap;
use std::path::Path;

use ark_bn254::Fr;
use ark_ff::{BigInt, BigInteger, Field, PrimeField, Zero};
use num_bigint::BigUint;

use crate::{Error, GraphError, Inputs, Result, WitnessError};

/// The magic of the graph format read here.
pub const MAGIC: &[u8; 14] = b"wtns.graph.001";

/// The part of the magic common to every version of the graph format.
const MAGIC_PREFIX: &[u8] = b"wtns.graph.";

/// A circom-witnesscalc witness graph, checked and ready to evaluate.
#[derive(Debug, Clone)]
pub struct WitnessGraph {
    nodes: Vec<Node>,
    constants: Vec<Fr>,
    /// The node of each witness wire.
    witness: Vec<u32>,
    /// The input signals, by first slot.
    inputs: Vec<InputSignal>,
    /// Input signal index by name.
    by_name: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
struct InputSignal {
    name: String,
    /// First slot in the file's input buffer.
    offset: u64,
    len: u64,
}

/// One node; operands and input slots are checked indices (inputs: into the compact buffer
/// of [`WitnessGraph::calculate`], constants: into `constants`).
#[derive(Debug, Clone, Copy)]
enum Node {
    Input(u32),
    Constant(u32),
    Uno(UnoOp, u32),
    Duo(DuoOp, u32, u32),
    Cond(u32, u32, u32),
}

#[derive(Debug, Clone, Copy)]
enum UnoOp {
    Neg,
    Id,
    Lnot,
    Bnot,
    Sqrt,
}

#[derive(Debug, Clone, Copy)]
enum DuoOp {
    Mul,
    Div,
    Add,
    Sub,
    Pow,
    Idiv,
    Mod,
    Eq,
    Neq,
    Lt,
    Gt,
    Leq,
    Geq,
    Land,
    Lor,
    Shl,
    Shr,
    Bor,
    Band,
    Bxor,
}

impl UnoOp {
    fn from_code(code: u64) -> Option<Self> {
        Some(match code {
            0 => Self::Neg,
            1 => Self::Id,
            2 => Self::Lnot,
            3 => Self::Bnot,
            4 => Self::Sqrt,
            _ => return None,
        })
    }
}

impl DuoOp {
    fn from_code(code: u64) -> Option<Self> {
        use DuoOp::*;
        const ALL: [DuoOp; 20] = [
            Mul, Div, Add, Sub, Pow, Idiv, Mod, Eq, Neq, Lt, Gt, Leq, Geq, Land, Lor, Shl, Shr,
            Bor, Band, Bxor,
        ];
        usize::try_from(code).ok().and_then(|i| ALL.get(i).copied())
    }
}

/// A node as read, before its operands are checked.
enum RawNode {
    Input(u64),
    Constant(Fr),
    Uno(u64, u64),
    Duo(u64, u64, u64),
    Tres(u64, u64, u64, u64),
}

impl WitnessGraph {
    /// Reads and checks a graph file.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes =
            std::fs::read(path).map_err(|source| Error::Io { path: path.into(), source })?;
        Self::from_bytes(&bytes)
    }

    /// Reads and checks a graph from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Ok(parse(bytes)?)
    }

    /// Whether `bytes` start like a circom-witnesscalc graph (of any format version).
    pub fn is_graph(bytes: &[u8]) -> bool {
        bytes.starts_with(MAGIC_PREFIX)
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of witness wires (the wire 0, the constant 1, included).
    pub fn witness_size(&self) -> usize {
        self.witness.len()
    }

    /// The input signals, as name and number of values, in input-buffer order.
    pub fn input_signals(&self) -> impl Iterator<Item = (&str, u64)> {
        self.inputs.iter().map(|s| (s.name.as_str(), s.len))
    }

    /// Computes the witness of `inputs`: one value per wire, as [`Wtns::values`].
    ///
    /// Every input signal of the graph must be given, with its number of values; a name the
    /// graph does not know is [`WitnessError::UnknownSignal`], a wrong number of values
    /// [`WitnessError::WrongCount`], a missing signal [`GraphError::MissingInput`].
    ///
    /// [`Wtns::values`]: crate::Wtns::values
    pub fn calculate(&self, inputs: &Inputs) -> Result<Vec<Fr>> {
        let mut given: Vec<Option<&[Fr]>> = vec![None; self.inputs.len()];
        for (name, values) in inputs.signals() {
            let &index = self
                .by_name
                .get(name)
                .ok_or_else(|| WitnessError::UnknownSignal { signal: name.clone() })?;
            let expected = self.inputs[index].len;
            if values.len() as u64 != expected {
                return Err(WitnessError::WrongCount {
                    signal: name.clone(),
                    expected: usize::try_from(expected).unwrap_or(usize::MAX),
                    found: values.len(),
                }
                .into());
            }
            given[index] = Some(values);
        }
        let mut buffer = Vec::with_capacity(1 + inputs.signals().len());
        buffer.push(Fr::ONE);
        for (signal, values) in self.inputs.iter().zip(&given) {
            match values {
                Some(values) => buffer.extend_from_slice(values),
                None if signal.len == 0 => {}
                None => return Err(GraphError::MissingInput { signal: signal.name.clone() }.into()),
            }
        }
        Ok(self.evaluate(&buffer))
    }

    /// One forward pass; `buffer` is the compact input buffer (every index checked by `parse`).
    fn evaluate(&self, buffer: &[Fr]) -> Vec<Fr> {
        let mut v: Vec<Fr> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let x = match *node {
                Node::Input(i) => buffer[i as usize],
                Node::Constant(i) => self.constants[i as usize],
                Node::Uno(op, a) => uno(op, v[a as usize]),
                Node::Duo(op, a, b) => duo(op, v[a as usize], v[b as usize]),
                Node::Cond(a, b, c) => {
                    if v[a as usize].is_zero() {
                        v[c as usize]
                    } else {
                        v[b as usize]
                    }
                }
            };
            v.push(x);
        }
        self.witness.iter().map(|&n| v[n as usize]).collect()
    }
}

// ---- Operations (circom's semantics over r) ----

/// (r - 1) / 2: values above it are circom's negative numbers.
const HALF: BigInt<4> = Fr::MODULUS_MINUS_ONE_DIV_TWO;
/// 2^254 - 1: circom's shifts and complements keep r's 254 bits.
const MASK: [u64; 4] = [u64::MAX, u64::MAX, u64::MAX, u64::MAX >> 2];

fn uno(op: UnoOp, a: Fr) -> Fr {
    match op {
        UnoOp::Neg => -a,
        UnoOp::Id => a,
        UnoOp::Lnot => Fr::from(a.is_zero()),
        UnoOp::Bnot => {
            let x = a.into_bigint().0;
            reduce_once([!x[0] & MASK[0], !x[1] & MASK[1], !x[2] & MASK[2], !x[3] & MASK[3]])
        }
        UnoOp::Sqrt => match a.sqrt() {
            // The root at most (r - 1) / 2; 0 when there is none.
            Some(r) if r.into_bigint() > HALF => -r,
            Some(r) => r,
            None => Fr::zero(),
        },
    }
}

fn duo(op: DuoOp, a: Fr, b: Fr) -> Fr {
    use DuoOp::*;
    match op {
        Mul => a * b,
        Div => b.inverse().map_or(Fr::zero(), |inv| a * inv),
        Add => a + b,
        Sub => a - b,
        Pow => a.pow(b.into_bigint()),
        Idiv | Mod if b.is_zero() => Fr::zero(),
        Idiv => integer(a, b, |x, y| x / y),
        Mod => integer(a, b, |x, y| x % y),
        Eq => Fr::from(a == b),
        Neq => Fr::from(a != b),
        Lt => Fr::from(less(a, b)),
        Gt => Fr::from(less(b, a)),
        Leq => Fr::from(!less(b, a)),
        Geq => Fr::from(!less(a, b)),
        Land => Fr::from(!a.is_zero() && !b.is_zero()),
        Lor => Fr::from(!a.is_zero() || !b.is_zero()),
        Shl => shift(a, b, true),
        Shr => shift(a, b, false),
        Bor => bitwise(a, b, |x, y| x | y),
        Band => bitwise(a, b, |x, y| x & y),
        Bxor => bitwise(a, b, |x, y| x ^ y),
    }
}

/// circom's `<` on the signed representatives (values above (r - 1) / 2 are negative).
fn less(a: Fr, b: Fr) -> bool {
    let (x, y) = (a.into_bigint(), b.into_bigint());
    match (x > HALF, y > HALF) {
        (true, false) => true,
        (false, true) => false,
        _ => x < y,
    }
}

/// Integer division or remainder of the canonical representatives (`b` is not zero).
fn integer(a: Fr, b: Fr, f: impl Fn(BigUint, BigUint) -> BigUint) -> Fr {
    let q = f(BigUint::from(a), BigUint::from(b));
    Fr::from_le_bytes_mod_order(&q.to_bytes_le())
}

fn bitwise(a: Fr, b: Fr, f: impl Fn(u64, u64) -> u64) -> Fr {
    let (x, y) = (a.into_bigint().0, b.into_bigint().0);
    reduce_once([f(x[0], y[0]), f(x[1], y[1]), f(x[2], y[2]), f(x[3], y[3])])
}

/// A value below 2^254 (< 2r) reduced below r.
fn reduce_once(limbs: [u64; 4]) -> Fr {
    let mut x = BigInt::new(limbs);
    if x >= Fr::MODULUS {
        x.sub_with_borrow(&Fr::MODULUS);
    }
    Fr::from_bigint(x).unwrap_or_default()
}

/// circom's `a << k` (`left`) or `a >> k`: for k at most (r - 1) / 2, `a >> k` is
/// floor(a / 2^k) and `a << k` is (a * 2^k mod 2^254) mod r; for a larger ("negative") k each
/// is the other by r - k.
fn shift(a: Fr, k: Fr, left: bool) -> Fr {
    let n = k.into_bigint();
    let (left, n) = if n > HALF { (!left, (-k).into_bigint()) } else { (left, n) };
    // Both results are 0 for a shift by 254 or more: a has 254 bits, and the mask keeps 254.
    if n.0[1..].iter().any(|&w| w != 0) || n.0[0] >= 254 {
        return Fr::zero();
    }
    let s = n.0[0] as u32;
    let x = a.into_bigint().0;
    let (words, bits) = ((s / 64) as usize, s % 64);
    let mut out = [0u64; 4];
    for (i, o) in out.iter_mut().enumerate() {
        *o = if left {
            let lo = i.checked_sub(words).map_or(0, |j| x[j]);
            let carry = match (bits, i.checked_sub(words + 1)) {
                (0, _) | (_, None) => 0,
                (_, Some(j)) => x[j] >> (64 - bits),
            };
            (lo << bits) | carry
        } else {
            let hi = x.get(i + words).copied().unwrap_or(0);
            let carry = match (bits, x.get(i + words + 1)) {
                (0, _) | (_, None) => 0,
                (_, Some(&w)) => w << (64 - bits),
            };
            (hi >> bits) | carry
        };
    }
    if left {
        for (o, m) in out.iter_mut().zip(MASK) {
            *o &= m;
        }
    }
    reduce_once(out)
}

// ---- Reading ----

fn parse(bytes: &[u8]) -> Result<WitnessGraph, GraphError> {
    if bytes.len() < MAGIC.len() {
        if MAGIC.starts_with(bytes) {
            return Err(GraphError::Truncated { what: "the magic", offset: 0 });
        }
        return Err(GraphError::BadMagic { found: bytes.to_vec() });
    }
    let magic = &bytes[..MAGIC.len()];
    if !magic.starts_with(MAGIC_PREFIX) {
        return Err(GraphError::BadMagic { found: magic.to_vec() });
    }
    if magic != MAGIC {
        let found = String::from_utf8_lossy(&magic[MAGIC_PREFIX.len()..]).into_owned();
        return Err(GraphError::UnsupportedVersion { found });
    }
    let mut top = Cursor { bytes, pos: MAGIC.len(), end: bytes.len(), nested: false };
    let count = top.u64_le("the node count")?;
    // Every node takes at least one byte (its length).
    if count > (bytes.len() - top.pos) as u64 {
        return Err(GraphError::Truncated { what: "the node list", offset: top.pos });
    }
    let count = count as usize;
    let mut raw = Vec::with_capacity(count);
    for node in 0..count {
        let mut msg = top.message("a node")?;
        raw.push(read_node(&mut msg, node)?);
    }
    let meta_start = top.pos;
    let mut meta = top.message("the metadata")?;
    let (witness, entries) = read_metadata(&mut meta)?;
    let found = top.u64_le("the trailer")?;
    if top.pos != bytes.len() {
        return Err(GraphError::Malformed {
            offset: top.pos,
            problem: format!("{} bytes after the trailer", bytes.len() - top.pos),
        });
    }
    if found != meta_start as u64 {
        return Err(GraphError::MetadataOffset { expected: meta_start, found });
    }
    build(raw, witness, entries)
}

/// Checks the nodes' references, the inputs and the witness wires.
fn build(
    raw: Vec<RawNode>,
    witness: Vec<u64>,
    mut entries: Vec<(String, u64, u64)>,
) -> Result<WitnessGraph, GraphError> {
    entries.sort_by_key(|&(_, offset, _)| offset);
    let mut inputs: Vec<InputSignal> = Vec::with_capacity(entries.len());
    // Compact slot of each signal's first value (slot 0 is the constant 1).
    let mut compact = Vec::with_capacity(entries.len());
    let mut next_free = 1u64;
    let mut total = 1u64;
    for (name, offset, len) in entries {
        if offset < next_free {
            return Err(GraphError::BadInputSignal { signal: name, offset, len });
        }
        next_free = offset + len; // both u32 in the file: no overflow
        compact.push(total);
        total += len;
        inputs.push(InputSignal { name, offset, len });
    }
    let mut nodes = Vec::with_capacity(raw.len());
    let mut constants = Vec::new();
    for (index, node) in raw.into_iter().enumerate() {
        let operand = |a: u64| {
            if a < index as u64 {
                Ok(a as u32)
            } else {
                Err(GraphError::BadReference { node: index, operand: a })
            }
        };
        nodes.push(match node {
            RawNode::Input(0) => Node::Input(0),
            RawNode::Input(slot) => {
                // The last signal starting at or before `slot` must cover it.
                let i = inputs.partition_point(|s| s.offset <= slot);
                let covering =
                    i.checked_sub(1).filter(|&i| slot < inputs[i].offset + inputs[i].len);
                let i = covering.ok_or(GraphError::InputOutOfRange { node: index, slot })?;
                let c = compact[i] + (slot - inputs[i].offset);
                Node::Input(
                    u32::try_from(c)
                        .map_err(|_| GraphError::InputOutOfRange { node: index, slot })?,
                )
            }
            RawNode::Constant(c) => {
                constants.push(c);
                Node::Constant((constants.len() - 1) as u32)
            }
            RawNode::Uno(code, a) => {
                let op = UnoOp::from_code(code).ok_or(GraphError::UnknownOp {
                    node: index,
                    kind: "unary",
                    code,
                })?;
                Node::Uno(op, operand(a)?)
            }
            RawNode::Duo(code, a, b) => {
                let op = DuoOp::from_code(code).ok_or(GraphError::UnknownOp {
                    node: index,
                    kind: "binary",
                    code,
                })?;
                Node::Duo(op, operand(a)?, operand(b)?)
            }
            RawNode::Tres(code, a, b, c) => {
                if code != 0 {
                    return Err(GraphError::UnknownOp { node: index, kind: "ternary", code });
                }
                Node::Cond(operand(a)?, operand(b)?, operand(c)?)
            }
        });
    }
    let witness = witness
        .into_iter()
        .enumerate()
        .map(|(wire, node)| match u32::try_from(node) {
            Ok(n) if (n as usize) < nodes.len() => Ok(n),
            _ => Err(GraphError::WitnessOutOfRange { wire, node, nodes: nodes.len() }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let by_name = inputs.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect();
    Ok(WitnessGraph { nodes, constants, witness, inputs, by_name })
}

/// A protobuf reader over `bytes[pos..end]`. Running out of bytes is `Truncated` at the top
/// level, `Malformed` inside a length-delimited message.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    nested: bool,
}

/// Protobuf wire types.
const VARINT: u64 = 0;
const I64: u64 = 1;
const LEN: u64 = 2;
const I32: u64 = 5;

impl<'a> Cursor<'a> {
    fn short(&self, what: &'static str, start: usize) -> GraphError {
        if self.nested {
            GraphError::Malformed {
                offset: start,
                problem: format!("{what} runs past its message"),
            }
        } else {
            GraphError::Truncated { what, offset: start }
        }
    }

    fn done(&self) -> bool {
        self.pos >= self.end
    }

    fn take(&mut self, n: u64, what: &'static str) -> Result<&'a [u8], GraphError> {
        let start = self.pos;
        match usize::try_from(n).ok().filter(|&n| n <= self.end - self.pos) {
            Some(n) => {
                self.pos += n;
                Ok(&self.bytes[start..start + n])
            }
            None => Err(self.short(what, start)),
        }
    }

    fn u64_le(&mut self, what: &'static str) -> Result<u64, GraphError> {
        let b = self.take(8, what)?;
        let mut w = [0u8; 8];
        w.copy_from_slice(b);
        Ok(u64::from_le_bytes(w))
    }

    fn varint(&mut self, what: &'static str) -> Result<u64, GraphError> {
        let start = self.pos;
        let mut value = 0u64;
        for i in 0..10 {
            let &byte =
                self.bytes[..self.end].get(self.pos).ok_or_else(|| self.short(what, start))?;
            self.pos += 1;
            if i == 9 && byte > 1 {
                break;
            }
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(GraphError::Malformed { offset: start, problem: "a varint over 64 bits".into() })
    }

    /// A length-prefixed message, as a cursor of its own.
    fn message(&mut self, what: &'static str) -> Result<Cursor<'a>, GraphError> {
        let len = self.varint(what)?;
        let start = self.pos;
        self.take(len, what)?;
        Ok(Cursor { bytes: self.bytes, pos: start, end: self.pos, nested: true })
    }

    /// The next field's number and wire type.
    fn key(&mut self) -> Result<(u64, u64), GraphError> {
        let key = self.varint("a field key")?;
        Ok((key >> 3, key & 7))
    }

    /// Skips a field of wire type `wire`.
    fn skip(&mut self, wire: u64) -> Result<(), GraphError> {
        let start = self.pos;
        match wire {
            VARINT => self.varint("a field").map(drop),
            I64 => self.take(8, "a field").map(drop),
            LEN => {
                let n = self.varint("a field")?;
                self.take(n, "a field").map(drop)
            }
            I32 => self.take(4, "a field").map(drop),
            _ => Err(GraphError::Malformed {
                offset: start,
                problem: format!("protobuf wire type {wire} (groups are not used)"),
            }),
        }
    }

    fn expect_wire(&self, found: u64, wanted: u64, field: u64) -> Result<(), GraphError> {
        if found == wanted {
            Ok(())
        } else {
            Err(GraphError::Malformed {
                offset: self.pos,
                problem: format!("field {field} has wire type {found}, expected {wanted}"),
            })
        }
    }

    /// A message of varint fields 1..=N (missing ones 0, others skipped).
    fn varints<const N: usize>(&mut self) -> Result<[u64; N], GraphError> {
        let mut out = [0u64; N];
        while !self.done() {
            let (field, wire) = self.key()?;
            match usize::try_from(field).ok().and_then(|f| f.checked_sub(1)).filter(|&f| f < N) {
                Some(f) => {
                    self.expect_wire(wire, VARINT, field)?;
                    out[f] = self.varint("a field")?;
                }
                None => self.skip(wire)?,
            }
        }
        Ok(out)
    }
}

fn read_node(msg: &mut Cursor<'_>, node: usize) -> Result<RawNode, GraphError> {
    let mut out = None;
    while !msg.done() {
        let (field, wire) = msg.key()?;
        if !(1..=5).contains(&field) {
            msg.skip(wire)?;
            continue;
        }
        msg.expect_wire(wire, LEN, field)?;
        let mut sub = msg.message("a node")?;
        out = Some(match field {
            1 => RawNode::Input(sub.varints::<1>()?[0]),
            2 => RawNode::Constant(read_constant(&mut sub, node)?),
            3 => {
                let [op, a] = sub.varints::<2>()?;
                RawNode::Uno(op, a)
            }
            4 => {
                let [op, a, b] = sub.varints::<3>()?;
                RawNode::Duo(op, a, b)
            }
            _ => {
                let [op, a, b, c] = sub.varints::<4>()?;
                RawNode::Tres(op, a, b, c)
            }
        });
    }
    out.ok_or(GraphError::BadNode { node, problem: "the node has no operation" })
}

/// `ConstantNode { BigUInt value = 1 }`, `BigUInt { bytes valueLE = 1 }`.
fn read_constant(msg: &mut Cursor<'_>, node: usize) -> Result<Fr, GraphError> {
    let mut value = None;
    while !msg.done() {
        let (field, wire) = msg.key()?;
        if field != 1 {
            msg.skip(wire)?;
            continue;
        }
        msg.expect_wire(wire, LEN, field)?;
        let mut big = msg.message("a constant")?;
        let mut le: &[u8] = &[];
        while !big.done() {
            let (field, wire) = big.key()?;
            if field == 1 {
                big.expect_wire(wire, LEN, field)?;
                let n = big.varint("a constant")?;
                le = big.take(n, "a constant")?;
            } else {
                big.skip(wire)?;
            }
        }
        value = Some(le);
    }
    let le = value.ok_or(GraphError::BadNode { node, problem: "the constant has no value" })?;
    // Trailing zero bytes are allowed; the value must be below r.
    let significant = le.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    if significant > 32 {
        return Err(GraphError::NotCanonical { node });
    }
    let mut limbs = [0u64; 4];
    for (i, &b) in le[..significant].iter().enumerate() {
        limbs[i / 8] |= u64::from(b) << (8 * (i % 8));
    }
    Fr::from_bigint(BigInt::new(limbs)).ok_or(GraphError::NotCanonical { node })
}

/// The witness wires' nodes and the input signals (name, first slot, length).
type Metadata = (Vec<u64>, Vec<(String, u64, u64)>);

/// `GraphMetadata { repeated uint32 witnessSignals = 1; map<string, SignalDescription> inputs
/// = 2; }` with `SignalDescription { uint32 offset = 1; uint32 len = 2; }`.
fn read_metadata(msg: &mut Cursor<'_>) -> Result<Metadata, GraphError> {
    let mut witness = Vec::new();
    let mut inputs = Vec::new();
    while !msg.done() {
        let (field, wire) = msg.key()?;
        match (field, wire) {
            (1, VARINT) => witness.push(msg.varint("a witness wire")?),
            (1, LEN) => {
                let mut packed = msg.message("the witness wires")?;
                while !packed.done() {
                    witness.push(packed.varint("a witness wire")?);
                }
            }
            (2, _) => {
                msg.expect_wire(wire, LEN, field)?;
                let mut entry = msg.message("an input signal")?;
                let start = entry.pos;
                let mut name = None;
                let mut desc = [0u64; 2];
                while !entry.done() {
                    let (field, wire) = entry.key()?;
                    match field {
                        1 => {
                            entry.expect_wire(wire, LEN, field)?;
                            let n = entry.varint("an input name")?;
                            let text = entry.take(n, "an input name")?;
                            let text =
                                std::str::from_utf8(text).map_err(|_| GraphError::Malformed {
                                    offset: start,
                                    problem: "an input signal's name is not UTF-8".into(),
                                })?;
                            name = Some(text.to_owned());
                        }
                        2 => {
                            entry.expect_wire(wire, LEN, field)?;
                            desc = entry.message("an input signal")?.varints::<2>()?;
                        }
                        _ => entry.skip(wire)?,
                    }
                }
                let [offset, len] = desc;
                let name = name.unwrap_or_default();
                if offset > u64::from(u32::MAX) || len > u64::from(u32::MAX) {
                    return Err(GraphError::BadInputSignal { signal: name, offset, len });
                }
                inputs.push((name, offset, len));
            }
            (1, _) => msg.expect_wire(wire, LEN, field)?,
            _ => msg.skip(wire)?,
        }
    }
    Ok((witness, inputs))
}

#[cfg(test)]
mod tests {
    //! The operations against a reference on big integers, written from circom's documented
    //! semantics (the fixtures' graphs use only some of them).
    #![allow(clippy::unwrap_used, reason = "tests")]

    use ark_ff::AdditiveGroup;
    use ark_std::UniformRand;
    use num_bigint::{BigInt as Signed, BigUint};
    use rand::{SeedableRng, rngs::StdRng};

    use super::*;

    fn p() -> BigUint {
        BigUint::from(Fr::MODULUS)
    }
    fn big(x: Fr) -> BigUint {
        BigUint::from(x)
    }
    fn fr(x: &BigUint) -> Fr {
        Fr::from_le_bytes_mod_order(&x.to_bytes_le())
    }
    /// circom's `val`: the signed value.
    fn val(x: Fr) -> Signed {
        let x = big(x);
        if x > (p() - 1u32) / 2u32 { Signed::from(x) - Signed::from(p()) } else { Signed::from(x) }
    }
    fn mask() -> BigUint {
        (BigUint::from(1u32) << 254) - 1u32
    }
    fn reference_shift(x: Fr, k: Fr, left: bool) -> BigUint {
        let half = (p() - 1u32) / 2u32;
        let (left, k) = if big(k) > half { (!left, p() - big(k)) } else { (left, big(k)) };
        let k = usize::try_from(k).unwrap_or(usize::MAX).min(300);
        if left { ((big(x) << k) & mask()) % p() } else { big(x) >> k }
    }

    fn samples() -> Vec<Fr> {
        let mut rng = StdRng::seed_from_u64(13);
        let half = fr(&((p() - 1u32) / 2u32));
        let mut v = vec![Fr::ZERO, Fr::ONE, Fr::from(2u64), half, half + Fr::ONE, -Fr::ONE];
        v.extend([Fr::from(253u64), Fr::from(254u64), Fr::from(64u64), Fr::from(127u64)]);
        v.extend([-Fr::from(3u64), -Fr::from(64u64), -Fr::from(253u64), -Fr::from(254u64)]);
        v.extend((0..12).map(|_| Fr::rand(&mut rng)));
        v.extend((0..8).map(|_| Fr::from(u64::rand(&mut rng) >> 3)));
        v
    }

    #[test]
    fn binary_operations_follow_circom() {
        let s = samples();
        for &a in &s {
            for &b in &s {
                let t = |op, want: BigUint| assert_eq!(big(duo(op, a, b)), want, "{op:?} {a} {b}");
                let bit = |c: bool| BigUint::from(u32::from(c));
                t(DuoOp::Lt, bit(val(a) < val(b)));
                t(DuoOp::Gt, bit(val(a) > val(b)));
                t(DuoOp::Leq, bit(val(a) <= val(b)));
                t(DuoOp::Geq, bit(val(a) >= val(b)));
                t(DuoOp::Eq, bit(a == b));
                t(DuoOp::Neq, bit(a != b));
                t(DuoOp::Land, bit(!a.is_zero() && !b.is_zero()));
                t(DuoOp::Lor, bit(!a.is_zero() || !b.is_zero()));
                let zero = BigUint::from(0u32);
                let nz = !b.is_zero();
                t(DuoOp::Idiv, if nz { big(a) / big(b) } else { zero.clone() });
                t(DuoOp::Mod, if nz { big(a) % big(b) } else { zero.clone() });
                let div = if nz { big(a) * big(b).modpow(&(p() - 2u32), &p()) % p() } else { zero };
                t(DuoOp::Div, div);
                t(DuoOp::Pow, big(a).modpow(&big(b), &p()));
                t(DuoOp::Band, big(a) & big(b));
                t(DuoOp::Bor, (big(a) | big(b)) % p());
                t(DuoOp::Bxor, (big(a) ^ big(b)) % p());
                t(DuoOp::Shl, reference_shift(a, b, true));
                t(DuoOp::Shr, reference_shift(a, b, false));
                t(DuoOp::Add, (big(a) + big(b)) % p());
                t(DuoOp::Sub, (big(a) + p() - big(b)) % p());
                t(DuoOp::Mul, big(a) * big(b) % p());
            }
        }
    }

    #[test]
    fn shifts_by_every_small_amount_follow_circom() {
        let s = samples();
        for k in 0..300u64 {
            for &a in &s {
                for (kk, left) in [(Fr::from(k), true), (Fr::from(k), false), (-Fr::from(k), true)]
                {
                    assert_eq!(big(shift(a, kk, left)), reference_shift(a, kk, left), "{a} {k}");
                }
            }
        }
    }

    #[test]
    fn unary_operations_follow_circom() {
        let half = (p() - 1u32) / 2u32;
        for a in samples() {
            assert_eq!(uno(UnoOp::Neg, a) + a, Fr::ZERO);
            assert_eq!(uno(UnoOp::Id, a), a);
            assert_eq!(uno(UnoOp::Lnot, a), Fr::from(a.is_zero()));
            assert_eq!(big(uno(UnoOp::Bnot, a)), (mask() ^ big(a)) % p(), "{a}");
            let r = uno(UnoOp::Sqrt, a);
            if a.legendre().is_qnr() {
                assert_eq!(r, Fr::ZERO);
            } else {
                assert_eq!(r * r, a);
                assert!(big(r) <= half);
            }
        }
    }
}
