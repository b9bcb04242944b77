//! Receipts: everything needed to show that an entry was anchored, in one JSON file that
//! anyone can check offline (the entry's inclusion path leads to the batch root; the anchor's
//! head follows from its fields) and against the chain (the contract's record of the root, the
//! block hash, and the transaction's `Anchored` log).
//!
//! ```json
//! {
//!   "format": "zkp-ledger/receipt/v1",
//!   "entry": "0x…32 bytes",
//!   "inclusion": { "depth": 20, "position": 5, "siblings": ["0x…", …] },
//!   "batch": { "root": "0x…", "count": 16384 },
//!   "anchor": { "chain_id": 11155111, "contract": "0x…20 bytes", "seq": 3,
//!               "prev_head": "0x…", "head": "0x…", "tx_hash": "0x…",
//!               "block_number": 123, "block_hash": "0x…", "block_timestamp": 1700000000 }
//! }
//! ```
//!
//! Hex is lowercase with `0x`; roots and siblings are canonical BN254 scalars (< r), so each
//! receipt has exactly one encoding. Unknown fields are refused.

use std::path::Path;

use alloy::{
    primitives::{Address, B256},
    sol_types::SolEvent,
};
use ark_bn254::Fr;
use serde::{Deserialize, Serialize};
use zkp_ledger_config::redact_url;
use zkp_ledger_contracts::{
    Client, ILedgerAnchor, ILedgerAnchorEvents::Anchored, fr_to_word, parse_hex_strict, word_to_fr,
};
use zkp_ledger_merkle::{MAX_DEPTH, Proof, entry_value};
use zkp_ledger_store::{Bytes32, Store};

use crate::{Error, Result, hashchain::next_head, hex0x};

/// The format tag of the receipts this version writes and reads.
pub const RECEIPT_FORMAT: &str = "zkp-ledger/receipt/v1";

/// A receipt, as in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// [`RECEIPT_FORMAT`].
    pub format: String,
    /// The ledger entry (32 bytes).
    pub entry: String,
    /// Its place in the batch tree.
    pub inclusion: Inclusion,
    /// The batch.
    pub batch: BatchPart,
    /// The anchor of the batch root.
    pub anchor: AnchorPart,
}

/// The entry's leaf and path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inclusion {
    /// Tree depth.
    pub depth: u32,
    /// Leaf position.
    pub position: u64,
    /// Siblings from the leaf level up (`depth` of them).
    pub siblings: Vec<String>,
}

/// The batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchPart {
    /// Root.
    pub root: String,
    /// Entries.
    pub count: u64,
}

/// The on-chain anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorPart {
    /// Chain id.
    pub chain_id: u64,
    /// LedgerAnchor address.
    pub contract: String,
    /// Sequence number.
    pub seq: u64,
    /// Head before.
    pub prev_head: String,
    /// Head after.
    pub head: String,
    /// Anchor transaction.
    pub tx_hash: String,
    /// Its block.
    pub block_number: u64,
    /// That block's hash.
    pub block_hash: String,
    /// That block's timestamp (unix seconds).
    pub block_timestamp: u64,
}

/// A receipt's values, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decoded {
    entry: Bytes32,
    siblings: Vec<Fr>,
    root_bytes: Bytes32,
    root: Fr,
    contract: Address,
    prev_head: Bytes32,
    head: Bytes32,
    tx_hash: B256,
    block_hash: B256,
}

fn field(name: &str) -> String {
    format!("receipt field {name}")
}

fn strict_hex<const N: usize>(name: &str, s: &str) -> Result<[u8; N]> {
    Ok(parse_hex_strict::<N>(s, &field(name))?)
}

fn canonical_fr(name: &str, s: &str) -> Result<Fr> {
    let b: Bytes32 = strict_hex(name, s)?;
    word_to_fr(&B256::from(b), &field(name)).map_err(|_| Error::BadInput {
        what: field(name),
        value: s.chars().take(80).collect(),
        expected: "a canonical BN254 scalar (below the field modulus r)",
    })
}

impl Receipt {
    /// Reads and parses a receipt file (shape only; [`verify_offline`] checks the values).
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::ReceiptFile { path: path.into(), problem: e.to_string() })?;
        serde_json::from_str(&text)
            .map_err(|e| Error::ReceiptFile { path: path.into(), problem: e.to_string() })
    }

    /// The receipt as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn decode(&self) -> Result<Decoded> {
        if self.format != RECEIPT_FORMAT {
            return Err(Error::BadInput {
                what: field("format"),
                value: self.format.chars().take(80).collect(),
                expected: "\"zkp-ledger/receipt/v1\"",
            });
        }
        let siblings = self
            .inclusion
            .siblings
            .iter()
            .enumerate()
            .map(|(i, s)| canonical_fr(&format!("inclusion.siblings[{i}]"), s))
            .collect::<Result<Vec<_>>>()?;
        Ok(Decoded {
            entry: strict_hex("entry", &self.entry)?,
            siblings,
            root_bytes: strict_hex("batch.root", &self.batch.root)?,
            root: canonical_fr("batch.root", &self.batch.root)?,
            contract: Address::from(strict_hex::<20>("anchor.contract", &self.anchor.contract)?),
            prev_head: strict_hex("anchor.prev_head", &self.anchor.prev_head)?,
            head: strict_hex("anchor.head", &self.anchor.head)?,
            tx_hash: B256::from(strict_hex::<32>("anchor.tx_hash", &self.anchor.tx_hash)?),
            block_hash: B256::from(strict_hex::<32>("anchor.block_hash", &self.anchor.block_hash)?),
        })
    }
}

/// Builds the receipt of `digest` from the store: its batch and path (the submitter's tables)
/// and its root's anchor (the index), on `chain_id` if given, else the first chain that has it.
pub fn build(store: &Store, digest: &Bytes32, chain_id: Option<u64>) -> Result<Receipt> {
    let no = |reason: String| Error::NoReceipt { digest: hex0x(digest), reason };
    let row = store.entry(digest)?.ok_or_else(|| no("the entry is not in this store".into()))?;
    let (Some(batch_id), Some(position), Some(path)) = (row.batch_id, row.position, row.path)
    else {
        return Err(no("the entry is queued, not yet in a batch".into()));
    };
    let batch =
        store.batch(batch_id)?.ok_or_else(|| no(format!("its batch {batch_id} is missing")))?;
    let anchors = store.index_anchors_of_root(&batch.root)?;
    let anchor = match chain_id {
        Some(id) => anchors.iter().find(|a| a.origin.chain_id == id),
        None => anchors.first(),
    }
    .ok_or_else(|| {
        no(match chain_id {
            Some(id) if !anchors.is_empty() => {
                format!("its batch is not anchored on chain {id} (indexed)")
            }
            _ => "its batch is not anchored yet (or the indexer has not seen the anchor)".into(),
        })
    })?;
    let o = &anchor.origin;
    Ok(Receipt {
        format: RECEIPT_FORMAT.into(),
        entry: hex0x(digest),
        inclusion: Inclusion {
            depth: batch.depth,
            position,
            siblings: path.iter().map(|s| hex0x(s)).collect(),
        },
        batch: BatchPart { root: hex0x(&batch.root), count: batch.count },
        anchor: AnchorPart {
            chain_id: o.chain_id,
            contract: hex0x(&o.contract),
            seq: anchor.seq,
            prev_head: hex0x(&anchor.prev_head),
            head: hex0x(&anchor.head),
            tx_hash: hex0x(&o.tx_hash),
            block_number: o.block_number,
            block_hash: hex0x(&o.block_hash),
            block_timestamp: o.timestamp,
        },
    })
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked.
    pub check: &'static str,
    /// Whether it held.
    pub ok: bool,
    /// What was found (the reason, when it failed).
    pub detail: String,
}

/// The checks made, in order; they stop at the first failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Whether the chain was asked (else only the receipt's own consistency was checked).
    pub on_chain: bool,
    /// The checks.
    pub checks: Vec<Check>,
}

/// What a receipt check established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Checked on chain against the pinned LedgerAnchor, with enough confirmations: the entry
    /// is anchored as the receipt says.
    Anchored,
    /// Checked offline only: the receipt is internally consistent (its path leads to its root,
    /// its head follows from its fields), which anyone can fabricate. Not shown to be anchored.
    Consistent,
    /// A check failed.
    Invalid,
}

impl Verification {
    /// Every check made held (offline: the receipt is consistent; on chain: it is anchored).
    pub fn all_hold(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// What the checks established.
    pub fn status(&self) -> Status {
        match (self.all_hold(), self.on_chain) {
            (false, _) => Status::Invalid,
            (true, true) => Status::Anchored,
            (true, false) => Status::Consistent,
        }
    }

    /// The failed check, if any.
    pub fn failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| !c.ok)
    }

    /// Records a check; returns whether it held.
    fn check(&mut self, check: &'static str, ok: bool, detail: impl FnOnce() -> String) -> bool {
        self.checks.push(Check { check, ok, detail: detail() });
        ok
    }
}

/// Checks a receipt without a network: its encodings, that the entry's inclusion path leads
/// to the batch root, that the position is within the batch, and that the anchor's head is
/// `keccak256(abi.encode(prevHead, root, count, seq))`. An error means the receipt is
/// unusable (malformed); a failed check means it is invalid.
pub fn verify_offline(r: &Receipt) -> Result<Verification> {
    let d = r.decode()?;
    let mut v = Verification { on_chain: false, checks: Vec::new() };
    let inc = &r.inclusion;
    let depth = inc.depth as usize;
    if !v.check("depth", (1..=MAX_DEPTH).contains(&depth) && d.siblings.len() == depth, || {
        format!(
            "{} siblings for a tree of depth {} (at most {MAX_DEPTH})",
            d.siblings.len(),
            inc.depth
        )
    }) {
        return Ok(v);
    }
    let fits = depth >= 64 || inc.position >> depth == 0;
    if !v.check("position", fits && inc.position < r.batch.count, || {
        format!(
            "leaf {} of a batch of {} entries (tree depth {})",
            inc.position, r.batch.count, inc.depth
        )
    }) {
        return Ok(v);
    }
    let proof = Proof { index: inc.position, siblings: d.siblings.clone() };
    let reached = proof.root_for(entry_value(&d.entry));
    if !v.check("inclusion", reached == d.root, || {
        if reached == d.root {
            "the entry's path leads to the batch root".into()
        } else {
            format!(
                "the entry's path leads to {}, not to the batch root",
                hex0x(fr_to_word(&reached).as_slice())
            )
        }
    }) {
        return Ok(v);
    }
    let head = next_head(&d.prev_head, &d.root_bytes, r.batch.count, r.anchor.seq);
    v.check("head", head == d.head, || {
        if head == d.head {
            "head = keccak256(abi.encode(prevHead, root, count, seq))".into()
        } else {
            format!(
                "keccak256(abi.encode(prevHead, root, count, seq)) is {}, the receipt says {}",
                hex0x(&head),
                r.anchor.head
            )
        }
    });
    Ok(v)
}

/// What an on-chain receipt check requires beyond the receipt itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// The LedgerAnchor the receipt must name: ours on that chain (from its deployments file or
    /// given explicitly). Without it anyone could deploy a look-alike LedgerAnchor, anchor a
    /// root of their choosing, and write a receipt that matches their chain field by field.
    pub anchor: Address,
    /// Blocks the anchor's block must have on top of it, itself included (1: mined).
    pub confirmations: u64,
}

impl Pin {
    /// The pin a configured chain gives: the LedgerAnchor of its deployments file and its
    /// configured confirmations.
    pub fn for_chain(chain: &zkp_ledger_config::ChainConfig) -> Result<Self> {
        let anchor = zkp_ledger_contracts::deployment::Deployment::read(&chain.deployment)?.anchor;
        Ok(Self { anchor: anchor.address, confirmations: chain.confirmations })
    }
}

/// [`verify_offline`], then against the chain at `rpc_url`: its chain id; the receipt's contract
/// is the pinned LedgerAnchor and has code; the contract's `anchorOf(root)` equals the receipt's
/// count, block number, timestamp and seq; the block at that number has the receipt's hash and
/// timestamp; the transaction succeeded in that block and holds the `Anchored` log of that root
/// from that contract with the receipt's seq, count, prevHead and head; and that block has at
/// least the pinned confirmations. An error means the chain could not be asked (the URL is
/// shown redacted).
pub async fn verify_on_chain(r: &Receipt, rpc_url: &str, pin: &Pin) -> Result<Verification> {
    let mut v = verify_offline(r)?;
    v.on_chain = true;
    if !v.all_hold() {
        return Ok(v);
    }
    let d = r.decode()?;
    let label = redact_url(rpc_url);
    let p = Client::new(&label, rpc_url)?;
    let a = &r.anchor;

    let id = p.chain_id().await?;
    if !v.check("chain_id", id == a.chain_id, || {
        format!("the RPC endpoint serves chain {id}, the receipt says {}", a.chain_id)
    }) {
        return Ok(v);
    }

    if !v.check("anchor_contract", d.contract == pin.anchor, || {
        if d.contract == pin.anchor {
            format!("{} is zkp-ledger's LedgerAnchor on chain {id}", a.contract)
        } else {
            format!(
                "the receipt names the contract {}, but zkp-ledger's LedgerAnchor on chain {id} is {:#x}",
                a.contract, pin.anchor
            )
        }
    }) {
        return Ok(v);
    }
    let code = p.code(d.contract).await?;
    let has_code = !code.is_empty();
    if !v.check("contract", has_code, || {
        format!("{} contract at {} on chain {id}", if has_code { "a" } else { "no" }, a.contract)
    }) {
        return Ok(v);
    }
    let anchor = ILedgerAnchor::new(d.contract, p.provider());
    let call = anchor.anchorOf(B256::from(d.root_bytes));
    let rec = match p.timed("anchorOf", call.call()).await {
        Ok(rec) => rec,
        Err(e @ zkp_ledger_contracts::Error::Timeout { .. }) => return Err(e.into()),
        Err(e) => {
            v.check("anchor_record", false, || {
                format!("anchorOf(root) at {} failed: {e}", a.contract)
            });
            return Ok(v);
        }
    };
    let want = (r.batch.count, a.block_number, a.block_timestamp, a.seq);
    let got = (rec.count, rec.blockNumber, rec.timestamp, rec.seq);
    if !v.check("anchor_record", got == want, || {
        if rec.count == 0 {
            format!("the root is not anchored at {}", a.contract)
        } else {
            format!(
                "anchorOf(root) is count {}, block {}, timestamp {}, seq {}; the receipt says count {}, block {}, timestamp {}, seq {}",
                got.0, got.1, got.2, got.3, want.0, want.1, want.2, want.3
            )
        }
    }) {
        return Ok(v);
    }

    let block = p.header(a.block_number).await?;
    let want_block = Some((d.block_hash, a.block_timestamp));
    if !v.check("block_hash", block == want_block, || match block {
        Some(b) if Some(b) == want_block => {
            format!("block {} is {} (timestamp {})", a.block_number, a.block_hash, b.1)
        }
        Some((h, t)) => format!(
            "block {} is {h:#x} with timestamp {t}, the receipt says {} with timestamp {}",
            a.block_number, a.block_hash, a.block_timestamp
        ),
        None => format!("the chain has no block {}", a.block_number),
    }) {
        return Ok(v);
    }

    let receipt = p.receipt(d.tx_hash).await?;
    let Some(receipt) = receipt else {
        v.check("transaction", false, || format!("no mined transaction {}", a.tx_hash));
        return Ok(v);
    };
    if !v.check(
        "transaction",
        receipt.block_hash == Some(d.block_hash)
            && receipt.block_number == Some(a.block_number)
            && receipt.status(),
        || {
            format!(
                "transaction {} is in block {} ({}), {}",
                a.tx_hash,
                receipt.block_number.map_or_else(|| "none".to_string(), |n| n.to_string()),
                receipt.block_hash.map_or_else(|| "no hash".to_string(), |h| format!("{h:#x}")),
                if receipt.status() { "successful" } else { "reverted" }
            )
        },
    ) {
        return Ok(v);
    }
    let found = receipt.logs().iter().any(|log| {
        log.address() == d.contract
            && log.topic0() == Some(&Anchored::SIGNATURE_HASH)
            && log.log_decode::<Anchored>().is_ok_and(|ev| {
                let ev = ev.inner.data;
                ev.root.0 == d.root_bytes
                    && ev.seq == a.seq
                    && ev.count == r.batch.count
                    && ev.prevHead.0 == d.prev_head
                    && ev.head.0 == d.head
            })
    });
    if !v.check("anchored_log", found, || {
        if found {
            format!("transaction {} emitted Anchored(root, seq {}, count {}, prevHead, head) from {}", a.tx_hash, a.seq, r.batch.count, a.contract)
        } else {
            format!("transaction {} holds no Anchored log from {} with this root, seq, count, prevHead and head", a.tx_hash, a.contract)
        }
    }) {
        return Ok(v);
    }

    let latest = p.block_number().await?;
    let confirmations = latest.saturating_add(1).saturating_sub(a.block_number);
    v.check("confirmations", confirmations >= pin.confirmations, || {
        format!(
            "block {} has {confirmations} confirmation(s) (head {latest}); {} required",
            a.block_number, pin.confirmations
        )
    });
    Ok(v)
}
