//! The chain index's tables (migration 2), written by `crates/indexer` and read by its queries.
//!
//! One row per configured chain holds the cursor (`next_block`: the first block not yet indexed)
//! and the chain head seen at the last step; `index_blocks` remembers the hash of every block
//! events came from and of each step's last block, so a reorganisation can be found and undone;
//! events are keyed by (chain, block, log index), so indexing a range twice stores nothing twice.
//! Writes that move a cursor check, inside their transaction, that the cursor is where the
//! writer read it: two indexers on one store cannot interleave their ranges.

use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::Serialize;

use crate::{Bytes32, Error, Result, Store, blob32, schema};

/// A 20-byte address.
pub type Address20 = [u8; 20];

/// Blocks without events whose hashes are kept below the cursor, to find a fork point.
pub const KEEP_BLOCK_HASHES: u64 = 4096;

/// A chain the index follows, and its cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexChain {
    /// Chain id.
    pub chain_id: u64,
    /// Configured name.
    pub name: String,
    /// LedgerAnchor address.
    pub anchor: Address20,
    /// StatementRegistry address, if deployed.
    pub registry: Option<Address20>,
    /// First block indexed (the deployment's block).
    pub start_block: u64,
    /// First block not yet indexed.
    pub next_block: u64,
    /// The chain's latest block at the last step.
    pub latest: Option<u64>,
    /// When the last step committed (unix ms).
    pub updated_at: i64,
}

/// Where and when an event was emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventOrigin {
    /// Chain id.
    pub chain_id: u64,
    /// Emitting contract.
    pub contract: Address20,
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: Bytes32,
    /// Transaction hash.
    pub tx_hash: Bytes32,
    /// Log index in the block.
    pub log_index: u64,
    /// Block timestamp (unix seconds).
    pub timestamp: u64,
}

/// A LedgerAnchor `Anchored` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnchorRow {
    /// Where it came from.
    pub origin: EventOrigin,
    /// Batch root.
    pub root: Bytes32,
    /// Sequence number.
    pub seq: u64,
    /// Entries in the batch.
    pub count: u64,
    /// Head before.
    pub prev_head: Bytes32,
    /// Head after.
    pub head: Bytes32,
}

/// A StatementRegistry `StatementVerified` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatementRow {
    /// Where it came from.
    pub origin: EventOrigin,
    /// keccak256(circuitId ‖ inputs).
    pub statement_hash: Bytes32,
    /// Circuit.
    pub circuit_id: Bytes32,
    /// Caller of `submit`.
    pub submitter: Address20,
    /// Anchored root of an inclusion statement, else zero.
    pub root: Bytes32,
}

/// A StatementRegistry `CircuitRegistered` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CircuitRow {
    /// Where it came from.
    pub origin: EventOrigin,
    /// Circuit id.
    pub circuit_id: Bytes32,
    /// Verifier contract.
    pub verifier: Address20,
    /// Its number of public inputs.
    pub num_inputs: u64,
    /// Whether it is an inclusion circuit.
    pub inclusion: bool,
}

/// How an anchor breaks the hash chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// Its sequence number is not the previous one plus one (0 for the first).
    Seq,
    /// Its `prevHead` is not the previous anchor's head (zero for the first).
    PrevHead,
    /// Its head is not keccak256(abi.encode(prevHead, root, count, seq)).
    Head,
}

impl BreakKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Seq => "seq",
            Self::PrevHead => "prev_head",
            Self::Head => "head",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "seq" => Self::Seq,
            "prev_head" => Self::PrevHead,
            "head" => Self::Head,
            other => return Err(Error::Corrupt(format!("unknown break kind {other:?}"))),
        })
    }
}

/// A break of a chain's anchor hash chain, found at the anchor in (`block_number`, `log_index`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakRow {
    /// Chain id.
    pub chain_id: u64,
    /// Block of the anchor that breaks the chain.
    pub block_number: u64,
    /// Its log index.
    pub log_index: u64,
    /// What is wrong.
    pub kind: BreakKind,
    /// The anchor's sequence number (as emitted).
    pub seq: u64,
    /// What the chain so far implies (a number or 0x-hex).
    pub expected: String,
    /// What the event says.
    pub found: String,
}

/// One step's worth of index data for one chain, committed at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexCommit {
    /// The cursor the step started from (the commit fails if it moved meanwhile).
    pub from: u64,
    /// Last block of the range (the cursor becomes `to + 1`).
    pub to: u64,
    /// Hash of block `to`.
    pub to_hash: Bytes32,
    /// The chain's latest block.
    pub latest: u64,
    /// Blocks events came from: (number, hash).
    pub blocks: Vec<(u64, Bytes32)>,
    /// Anchors, in chain order.
    pub anchors: Vec<AnchorRow>,
    /// Verified statements.
    pub statements: Vec<StatementRow>,
    /// Registered circuits.
    pub circuits: Vec<CircuitRow>,
    /// Hash-chain breaks found among `anchors`.
    pub breaks: Vec<BreakRow>,
}

/// What a rollback removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RolledBack {
    /// Anchors removed.
    pub anchors: u64,
    /// Statements removed.
    pub statements: u64,
    /// Circuit registrations removed.
    pub circuits: u64,
    /// Breaks removed.
    pub breaks: u64,
    /// The cursor after the rollback.
    pub next_block: u64,
}

const ANCHOR_COLUMNS: &str = "chain_id, contract, block_number, block_hash, tx_hash, log_index, timestamp, \
                              root, seq, count, prev_head, head";

fn addr20(v: Vec<u8>, what: &str) -> Result<Address20> {
    v.try_into().map_err(|_| Error::Corrupt(format!("{what} is not 20 bytes")))
}

fn u(v: i64) -> u64 {
    v as u64
}

fn i(v: u64) -> Result<i64> {
    i64::try_from(v).map_err(|_| Error::Invalid(format!("{v} does not fit a SQLite integer")))
}

type OriginRaw = (i64, Vec<u8>, i64, Vec<u8>, Vec<u8>, i64, i64);

fn origin_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<OriginRaw> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

fn origin(raw: OriginRaw) -> Result<EventOrigin> {
    let (chain_id, contract, block_number, block_hash, tx_hash, log_index, timestamp) = raw;
    Ok(EventOrigin {
        chain_id: u(chain_id),
        contract: addr20(contract, "contract")?,
        block_number: u(block_number),
        block_hash: blob32(block_hash, "block hash")?,
        tx_hash: blob32(tx_hash, "tx hash")?,
        log_index: u(log_index),
        timestamp: u(timestamp),
    })
}

type AnchorRaw = (OriginRaw, Vec<u8>, i64, i64, Vec<u8>, Vec<u8>);

fn anchor_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<AnchorRaw> {
    Ok((origin_raw(r)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?))
}

fn anchor_row(raw: AnchorRaw) -> Result<AnchorRow> {
    let (o, root, seq, count, prev_head, head) = raw;
    Ok(AnchorRow {
        origin: origin(o)?,
        root: blob32(root, "root")?,
        seq: u(seq),
        count: u(count),
        prev_head: blob32(prev_head, "prev head")?,
        head: blob32(head, "head")?,
    })
}

fn chain_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChainRaw> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

fn to_chain(row: ChainRaw) -> Result<IndexChain> {
    let (chain_id, name, anchor, registry, start_block, next_block, latest, updated_at) = row;
    Ok(IndexChain {
        chain_id: u(chain_id),
        name,
        anchor: addr20(anchor, "anchor address")?,
        registry: registry.map(|r| addr20(r, "registry address")).transpose()?,
        start_block: u(start_block),
        next_block: u(next_block),
        latest: latest.map(u),
        updated_at,
    })
}

type ChainRaw = (i64, String, Vec<u8>, Option<Vec<u8>>, i64, i64, Option<i64>, i64);

const CHAIN_COLUMNS: &str =
    "chain_id, name, anchor, registry, start_block, next_block, latest, updated_at";

/// The cursor of `chain_id` inside a transaction, checked against what the writer read.
fn check_cursor(tx: &Transaction<'_>, chain_id: u64, expected: u64) -> Result<()> {
    let next: Option<i64> = tx
        .query_row(
            "SELECT next_block FROM index_chains WHERE chain_id = ?1",
            params![i(chain_id)?],
            |r| r.get(0),
        )
        .optional()?;
    match next {
        Some(n) if u(n) == expected => Ok(()),
        Some(n) => Err(Error::Invalid(format!(
            "the index cursor of chain {chain_id} moved from {expected} to {n}: is another indexer running on this store?"
        ))),
        None => Err(Error::Invalid(format!("chain {chain_id} is not in the index"))),
    }
}

impl Store {
    /// Opens an existing store read-only (the HTTP API's connections; WAL lets them read beside
    /// the writer). The store must have the index's migration.
    pub fn open_read_only(path: &std::path::Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::Open { path: path.into(), source: e })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let store = Self { conn };
        let version = store.schema_version()?;
        if version < 2 {
            return Err(Error::Invalid(format!(
                "{} has schema version {version}, without the chain index: run a command that opens it for writing first",
                path.display()
            )));
        }
        if version > schema::VERSION {
            return Err(Error::TooNew { found: version, known: schema::VERSION });
        }
        Ok(store)
    }

    /// Every chain in the index, by chain id.
    pub fn index_chains(&self) -> Result<Vec<IndexChain>> {
        let sql = format!("SELECT {CHAIN_COLUMNS} FROM index_chains ORDER BY chain_id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], chain_row)?;
        rows.map(|r| to_chain(r?)).collect()
    }

    /// One chain of the index.
    pub fn index_chain(&self, chain_id: u64) -> Result<Option<IndexChain>> {
        let sql = format!("SELECT {CHAIN_COLUMNS} FROM index_chains WHERE chain_id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        stmt.query_row(params![i(chain_id)?], chain_row).optional()?.map(to_chain).transpose()
    }

    /// Starts following a chain, or keeps its cursor if it is already followed with these
    /// contracts. If its contracts changed, everything indexed for it is deleted and it starts
    /// again from `start_block` (returns true then), in one transaction.
    pub fn index_register_chain(
        &mut self,
        chain_id: u64,
        name: &str,
        anchor: &Address20,
        registry: Option<&Address20>,
        start_block: u64,
        now_ms: i64,
    ) -> Result<(IndexChain, bool)> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sql = format!("SELECT {CHAIN_COLUMNS} FROM index_chains WHERE chain_id = ?1");
        let existing = tx
            .query_row(&sql, params![i(chain_id)?], chain_row)
            .optional()?
            .map(to_chain)
            .transpose()?;
        let mut reset = false;
        match existing {
            Some(c) if c.anchor == *anchor && c.registry.as_ref() == registry => {
                if c.name != name {
                    tx.execute(
                        "UPDATE index_chains SET name = ?2 WHERE chain_id = ?1",
                        params![i(chain_id)?, name],
                    )?;
                }
            }
            other => {
                reset = other.is_some();
                for table in [
                    "index_anchors",
                    "index_statements",
                    "index_circuits",
                    "index_breaks",
                    "index_blocks",
                ] {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE chain_id = ?1"),
                        params![i(chain_id)?],
                    )?;
                }
                tx.execute(
                    "INSERT INTO index_chains (chain_id, name, anchor, registry, start_block, next_block, latest, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5, NULL, ?6) \
                     ON CONFLICT (chain_id) DO UPDATE SET name = excluded.name, anchor = excluded.anchor, \
                     registry = excluded.registry, start_block = excluded.start_block, next_block = excluded.next_block, \
                     latest = NULL, updated_at = excluded.updated_at",
                    params![i(chain_id)?, name, &anchor[..], registry.map(|r| r.to_vec()), i(start_block)?, now_ms],
                )?;
            }
        }
        let chain = tx
            .query_row(&sql, params![i(chain_id)?], chain_row)
            .map_err(Error::from)
            .and_then(to_chain)?;
        tx.commit()?;
        Ok((chain, reset))
    }

    /// The stored hash of block `number` of `chain_id`, if indexed.
    pub fn index_block_hash(&self, chain_id: u64, number: u64) -> Result<Option<Bytes32>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT hash FROM index_blocks WHERE chain_id = ?1 AND number = ?2")?;
        stmt.query_row(params![i(chain_id)?, i(number)?], |r| r.get::<_, Vec<u8>>(0))
            .optional()?
            .map(|h| blob32(h, "block hash"))
            .transpose()
    }

    /// Stored blocks of `chain_id` below `below`, newest first, at most `limit`: (number, hash).
    pub fn index_blocks_below(
        &self,
        chain_id: u64,
        below: u64,
        limit: usize,
    ) -> Result<Vec<(u64, Bytes32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT number, hash FROM index_blocks WHERE chain_id = ?1 AND number < ?2 ORDER BY number DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![i(chain_id)?, i(below)?, limit as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        rows.map(|r| {
            let (n, h) = r?;
            Ok((u(n), blob32(h, "block hash")?))
        })
        .collect()
    }

    /// Undoes a reorganisation in one transaction: deletes everything indexed from blocks above
    /// `fork` (the last block still canonical; `None`: none is) and moves the cursor back to
    /// `fork + 1` (or the start block). Fails if the cursor is no longer `expected_next`.
    pub fn index_rollback(
        &mut self,
        chain_id: u64,
        expected_next: u64,
        fork: Option<u64>,
    ) -> Result<RolledBack> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        check_cursor(&tx, chain_id, expected_next)?;
        let start: i64 = tx.query_row(
            "SELECT start_block FROM index_chains WHERE chain_id = ?1",
            params![i(chain_id)?],
            |r| r.get(0),
        )?;
        // Blocks above `keep` go; with no common block, everything from the start block goes.
        let (keep, next) = match fork {
            Some(f) => (i(f)?, i(f)? + 1),
            None => (start - 1, start),
        };
        let id = i(chain_id)?;
        let del = |table: &str, col: &str| -> Result<u64> {
            Ok(tx.execute(
                &format!("DELETE FROM {table} WHERE chain_id = ?1 AND {col} > ?2"),
                params![id, keep],
            )? as u64)
        };
        let out = RolledBack {
            anchors: del("index_anchors", "block_number")?,
            statements: del("index_statements", "block_number")?,
            circuits: del("index_circuits", "block_number")?,
            breaks: del("index_breaks", "block_number")?,
            next_block: u(next),
        };
        del("index_blocks", "number")?;
        tx.execute(
            "UPDATE index_chains SET next_block = ?2 WHERE chain_id = ?1",
            params![id, next],
        )?;
        tx.commit()?;
        Ok(out)
    }

    /// Sets the latest block seen without moving the cursor (a step that found nothing new).
    pub fn index_set_latest(&mut self, chain_id: u64, latest: u64, now_ms: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE index_chains SET latest = ?2, updated_at = ?3 WHERE chain_id = ?1",
            params![i(chain_id)?, i(latest)?, now_ms],
        )?;
        Ok(())
    }

    /// Commits one step of one chain in one transaction: its blocks, events and breaks, and the
    /// cursor moved to `to + 1`. Fails (writing nothing) if the cursor is no longer `c.from`.
    pub fn index_commit(&mut self, chain_id: u64, c: &IndexCommit, now_ms: i64) -> Result<()> {
        let id = i(chain_id)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        check_cursor(&tx, chain_id, c.from)?;
        {
            let mut block = tx.prepare_cached(
                "INSERT INTO index_blocks (chain_id, number, hash, has_events) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (chain_id, number) DO UPDATE SET hash = excluded.hash, has_events = max(has_events, excluded.has_events)",
            )?;
            for (n, h) in &c.blocks {
                block.execute(params![id, i(*n)?, &h[..], 1])?;
            }
            block.execute(params![id, i(c.to)?, &c.to_hash[..], 0])?;
            let mut anchor = tx.prepare_cached(&format!(
                "INSERT OR IGNORE INTO index_anchors ({ANCHOR_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            ))?;
            for a in &c.anchors {
                let o = &a.origin;
                anchor.execute(params![
                    id,
                    &o.contract[..],
                    i(o.block_number)?,
                    &o.block_hash[..],
                    &o.tx_hash[..],
                    i(o.log_index)?,
                    i(o.timestamp)?,
                    &a.root[..],
                    i(a.seq)?,
                    i(a.count)?,
                    &a.prev_head[..],
                    &a.head[..]
                ])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO index_statements (chain_id, contract, block_number, block_hash, tx_hash, log_index, timestamp, \
                 statement_hash, circuit_id, submitter, root) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for s in &c.statements {
                let o = &s.origin;
                st.execute(params![
                    id,
                    &o.contract[..],
                    i(o.block_number)?,
                    &o.block_hash[..],
                    &o.tx_hash[..],
                    i(o.log_index)?,
                    i(o.timestamp)?,
                    &s.statement_hash[..],
                    &s.circuit_id[..],
                    &s.submitter[..],
                    &s.root[..]
                ])?;
            }
            let mut ci = tx.prepare_cached(
                "INSERT OR IGNORE INTO index_circuits (chain_id, contract, block_number, block_hash, tx_hash, log_index, timestamp, \
                 circuit_id, verifier, num_inputs, inclusion) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for cr in &c.circuits {
                let o = &cr.origin;
                ci.execute(params![
                    id,
                    &o.contract[..],
                    i(o.block_number)?,
                    &o.block_hash[..],
                    &o.tx_hash[..],
                    i(o.log_index)?,
                    i(o.timestamp)?,
                    &cr.circuit_id[..],
                    &cr.verifier[..],
                    i(cr.num_inputs)?,
                    cr.inclusion
                ])?;
            }
            let mut br = tx.prepare_cached(
                "INSERT OR IGNORE INTO index_breaks (chain_id, block_number, log_index, kind, seq, expected, found) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for b in &c.breaks {
                br.execute(params![
                    id,
                    i(b.block_number)?,
                    i(b.log_index)?,
                    b.kind.as_str(),
                    i(b.seq)?,
                    b.expected,
                    b.found
                ])?;
            }
        }
        tx.execute(
            "UPDATE index_chains SET next_block = ?2, latest = ?3, updated_at = ?4 WHERE chain_id = ?1",
            params![id, i(c.to)? + 1, i(c.latest)?, now_ms],
        )?;
        // Hashes of event-less blocks far below the cursor are no longer needed to find a fork.
        tx.execute(
            "DELETE FROM index_blocks WHERE chain_id = ?1 AND has_events = 0 AND number < ?2",
            params![id, i(c.to.saturating_sub(KEEP_BLOCK_HASHES))?],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The last anchor of a chain in chain order (block, log index): what the next one must
    /// link to.
    pub fn index_last_anchor(&self, chain_id: u64) -> Result<Option<AnchorRow>> {
        let sql = format!(
            "SELECT {ANCHOR_COLUMNS} FROM index_anchors WHERE chain_id = ?1 ORDER BY block_number DESC, log_index DESC LIMIT 1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        stmt.query_row(params![i(chain_id)?], anchor_raw).optional()?.map(anchor_row).transpose()
    }

    /// Anchors of `root`, on every chain, oldest first.
    pub fn index_anchors_of_root(&self, root: &Bytes32) -> Result<Vec<AnchorRow>> {
        let sql = format!(
            "SELECT {ANCHOR_COLUMNS} FROM index_anchors WHERE root = ?1 ORDER BY chain_id, block_number, log_index"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![&root[..]], anchor_raw)?;
        rows.map(|r| anchor_row(r?)).collect()
    }

    /// Anchors of a chain with `seq >= from_seq`, in seq order (then chain order), at most
    /// `limit`.
    pub fn index_anchors(
        &self,
        chain_id: u64,
        from_seq: u64,
        limit: usize,
    ) -> Result<Vec<AnchorRow>> {
        let sql = format!(
            "SELECT {ANCHOR_COLUMNS} FROM index_anchors WHERE chain_id = ?1 AND seq >= ?2 \
             ORDER BY seq, block_number, log_index LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![i(chain_id)?, i(from_seq)?, limit as i64], anchor_raw)?;
        rows.map(|r| anchor_row(r?)).collect()
    }

    /// Number of anchors indexed for a chain.
    pub fn index_anchor_count(&self, chain_id: u64) -> Result<u64> {
        let mut stmt =
            self.conn.prepare_cached("SELECT count(*) FROM index_anchors WHERE chain_id = ?1")?;
        Ok(u(stmt.query_row(params![i(chain_id)?], |r| r.get(0))?))
    }

    /// Hash-chain breaks of a chain, in chain order.
    pub fn index_breaks(&self, chain_id: u64) -> Result<Vec<BreakRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT block_number, log_index, kind, seq, expected, found FROM index_breaks WHERE chain_id = ?1 \
             ORDER BY block_number, log_index, CASE kind WHEN 'seq' THEN 0 WHEN 'prev_head' THEN 1 ELSE 2 END",
        )?;
        let rows = stmt.query_map(params![i(chain_id)?], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        rows.map(|r| {
            let (block_number, log_index, kind, seq, expected, found) = r?;
            Ok(BreakRow {
                chain_id,
                block_number: u(block_number),
                log_index: u(log_index),
                kind: BreakKind::parse(&kind)?,
                seq: u(seq),
                expected,
                found,
            })
        })
        .collect()
    }

    /// Verifications of a statement, on every chain.
    pub fn index_statements_of(&self, statement_hash: &Bytes32) -> Result<Vec<StatementRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT chain_id, contract, block_number, block_hash, tx_hash, log_index, timestamp, \
             statement_hash, circuit_id, submitter, root FROM index_statements WHERE statement_hash = ?1 \
             ORDER BY chain_id, block_number, log_index",
        )?;
        let rows = stmt.query_map(params![&statement_hash[..]], |r| {
            Ok((
                origin_raw(r)?,
                r.get::<_, Vec<u8>>(7)?,
                r.get::<_, Vec<u8>>(8)?,
                r.get::<_, Vec<u8>>(9)?,
                r.get::<_, Vec<u8>>(10)?,
            ))
        })?;
        rows.map(|r| {
            let (o, h, c, s, root) = r?;
            Ok(StatementRow {
                origin: origin(o)?,
                statement_hash: blob32(h, "statement hash")?,
                circuit_id: blob32(c, "circuit id")?,
                submitter: addr20(s, "submitter")?,
                root: blob32(root, "root")?,
            })
        })
        .collect()
    }

    /// Circuits registered on a chain, in chain order.
    pub fn index_circuits(&self, chain_id: u64) -> Result<Vec<CircuitRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT chain_id, contract, block_number, block_hash, tx_hash, log_index, timestamp, \
             circuit_id, verifier, num_inputs, inclusion FROM index_circuits WHERE chain_id = ?1 \
             ORDER BY block_number, log_index",
        )?;
        let rows = stmt.query_map(params![i(chain_id)?], |r| {
            Ok((
                origin_raw(r)?,
                r.get::<_, Vec<u8>>(7)?,
                r.get::<_, Vec<u8>>(8)?,
                r.get::<_, i64>(9)?,
                r.get::<_, bool>(10)?,
            ))
        })?;
        rows.map(|r| {
            let (o, c, v, n, inclusion) = r?;
            Ok(CircuitRow {
                origin: origin(o)?,
                circuit_id: blob32(c, "circuit id")?,
                verifier: addr20(v, "verifier")?,
                num_inputs: u(n),
                inclusion,
            })
        })
        .collect()
    }

    /// Counts of indexed rows per table for a chain: (anchors, statements, circuits, breaks).
    pub fn index_counts(&self, chain_id: u64) -> Result<(u64, u64, u64, u64)> {
        let id = i(chain_id)?;
        let count = |table: &str| -> Result<u64> {
            let sql = format!("SELECT count(*) FROM {table} WHERE chain_id = ?1");
            Ok(u(self.conn.prepare_cached(&sql)?.query_row(params![id], |r| r.get(0))?))
        };
        Ok((
            count("index_anchors")?,
            count("index_statements")?,
            count("index_circuits")?,
            count("index_breaks")?,
        ))
    }
}
