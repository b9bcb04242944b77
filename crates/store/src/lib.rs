//! The durable store: SQLite (bundled) in WAL mode with full synchronous commits.
//!
//! It holds the outbox of ledger entries, the closed batches with every entry's inclusion path,
//! the transactions sent to anchor them, the per-chain nonces, and (for the indexer) what the
//! chains say was anchored. Schema changes are an append-only list of migrations keyed by
//! `PRAGMA user_version`, applied in one exclusive transaction.
//!
//! Every state change the submitter makes is a transaction here before the next network call,
//! so a crash at any point resumes from what was last committed.

mod error;
pub mod index;
mod schema;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

pub use error::{Error, Result};

/// A 32-byte value: an entry digest, a root, a hash.
pub type Bytes32 = [u8; 32];

/// Milliseconds since the Unix epoch: the clock of every timestamp the store keeps (the
/// submitter's and the indexer's one source of it).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A `batches` row as read: id, root, count, depth, closed_at, state, chain, route,
/// block_number, block_hash, tx_hash.
type BatchRow = (
    i64,
    Vec<u8>,
    i64,
    u32,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
);

/// Rows per insert transaction when enqueueing many entries.
pub const ENQUEUE_CHUNK: usize = 50_000;

/// The store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

/// Where a batch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BatchState {
    /// Tree built, no chain chosen.
    Closed,
    /// A chain chosen, nothing sent yet (may still be routed elsewhere).
    Routed,
    /// A transaction was signed for its chain: pinned to that chain until it resolves.
    Sending,
    /// Its anchor is in a block of its chain, awaiting confirmations.
    Mined,
    /// Its anchor has the confirmations the policy requires.
    Final,
}

impl BatchState {
    /// Every state, in the order a batch goes through them.
    pub const ALL: [Self; 5] =
        [Self::Closed, Self::Routed, Self::Sending, Self::Mined, Self::Final];

    /// The state's name as stored (and as a metrics label): `closed`, `routed`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Closed => "closed",
            Self::Routed => "routed",
            Self::Sending => "sending",
            Self::Mined => "mined",
            Self::Final => "final",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "closed" => Self::Closed,
            "routed" => Self::Routed,
            "sending" => Self::Sending,
            "mined" => Self::Mined,
            "final" => Self::Final,
            other => return Err(Error::Corrupt(format!("unknown batch state {other:?}"))),
        })
    }
}

/// Where a transaction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TxState {
    /// Signed and stored, maybe not yet broadcast.
    Signed,
    /// Broadcast, not yet seen in a block.
    Pending,
    /// Superseded by a higher-fee transaction with the same nonce (it may still be mined).
    Replaced,
    /// In a block, successful.
    Mined,
    /// In a block, reverted.
    Failed,
    /// Its nonce was used by another transaction and it can never be mined.
    Dropped,
}

impl TxState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Signed => "signed",
            Self::Pending => "pending",
            Self::Replaced => "replaced",
            Self::Mined => "mined",
            Self::Failed => "failed",
            Self::Dropped => "dropped",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "signed" => Self::Signed,
            "pending" => Self::Pending,
            "replaced" => Self::Replaced,
            "mined" => Self::Mined,
            "failed" => Self::Failed,
            "dropped" => Self::Dropped,
            other => return Err(Error::Corrupt(format!("unknown tx state {other:?}"))),
        })
    }
}

/// What an enqueue did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Enqueued {
    /// Entries new to the store: (id, digest).
    pub added: Vec<(i64, Bytes32)>,
    /// Entries already present (the same entry twice is one entry): (id, digest).
    pub existing: Vec<(i64, Bytes32)>,
}

/// A closed batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Batch {
    /// Id.
    pub id: i64,
    /// Tree root (a field element, big-endian).
    pub root: Bytes32,
    /// Entries.
    pub count: u64,
    /// Tree depth.
    pub depth: u32,
    /// When it was closed (unix ms).
    pub closed_at: i64,
    /// State.
    pub state: BatchState,
    /// Chain it is routed to / anchored on.
    pub chain: Option<String>,
    /// The routing decision, as JSON.
    pub route: Option<String>,
    /// Block it was anchored in.
    pub block_number: Option<u64>,
    /// That block's hash.
    pub block_hash: Option<Bytes32>,
    /// Anchor transaction.
    pub tx_hash: Option<Bytes32>,
}

/// A transaction to store before broadcasting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTx {
    /// Batch anchored.
    pub batch_id: i64,
    /// Chain name.
    pub chain: String,
    /// Sender address (20 bytes).
    pub sender: [u8; 20],
    /// Nonce.
    pub nonce: u64,
    /// Transaction hash.
    pub hash: Bytes32,
    /// Signed raw transaction (EIP-2718), to rebroadcast after a crash.
    pub raw: Vec<u8>,
    /// Max fee per gas (wei).
    pub max_fee: u128,
    /// Max priority fee per gas (wei).
    pub max_priority_fee: u128,
    /// Gas limit.
    pub gas_limit: u64,
    /// The `prev` head the anchor call commits to.
    pub prev_head: Bytes32,
    /// The sequence number the anchor takes when it runs (after every earlier anchor in flight);
    /// `None` only for a replacement of a transaction stored before schema 3.
    pub seq: Option<u64>,
    /// Unix ms.
    pub created_at: i64,
}

/// A stored transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tx {
    /// Id.
    pub id: i64,
    /// Batch.
    pub batch_id: i64,
    /// Chain name.
    pub chain: String,
    /// Sender.
    pub sender: [u8; 20],
    /// Nonce.
    pub nonce: u64,
    /// Hash.
    pub hash: Bytes32,
    /// Signed bytes.
    #[serde(skip)]
    pub raw: Vec<u8>,
    /// Max fee per gas.
    pub max_fee: u128,
    /// Max priority fee per gas.
    pub max_priority_fee: u128,
    /// Gas limit.
    pub gas_limit: u64,
    /// `prev` argument.
    pub prev_head: Bytes32,
    /// State.
    pub state: TxState,
    /// Unix ms when stored.
    pub created_at: i64,
    /// Unix ms when last broadcast.
    pub sent_at: Option<i64>,
    /// Block it was mined in.
    pub block_number: Option<u64>,
    /// That block's hash.
    pub block_hash: Option<Bytes32>,
    /// The sequence number the anchor takes when it runs (`None` for a transaction stored by a
    /// version before schema 3).
    pub seq: Option<u64>,
}

fn blob32(v: Vec<u8>, what: &str) -> Result<Bytes32> {
    v.try_into().map_err(|_| Error::Corrupt(format!("{what} is not 32 bytes")))
}

fn opt_blob32(v: Option<Vec<u8>>, what: &str) -> Result<Option<Bytes32>> {
    v.map(|v| blob32(v, what)).transpose()
}

impl Store {
    /// Opens (creating if needed) the store at `path` and applies pending migrations.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io { path: dir.into(), source: e })?;
        }
        let conn =
            Connection::open(path).map_err(|e| Error::Open { path: path.into(), source: e })?;
        Self::init(conn)
    }

    /// An in-memory store (tests, benchmarks of pure logic).
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers never block the writer; synchronous=FULL: a committed transaction survives
        // power loss, not only a process crash.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Self { conn };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Adds entries durably and idempotently: an entry already present keeps its id. Large inputs
    /// are committed in chunks of [`ENQUEUE_CHUNK`]; each chunk is all or nothing.
    pub fn enqueue(&mut self, digests: &[Bytes32], now_ms: i64) -> Result<Enqueued> {
        let mut out = Enqueued::default();
        for chunk in digests.chunks(ENQUEUE_CHUNK) {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO entries (digest, enqueued_at) VALUES (?1, ?2) \
                     ON CONFLICT (digest) DO NOTHING RETURNING id",
                )?;
                let mut find = tx.prepare_cached("SELECT id FROM entries WHERE digest = ?1")?;
                for d in chunk {
                    match insert
                        .query_row(params![&d[..], now_ms], |r| r.get::<_, i64>(0))
                        .optional()?
                    {
                        Some(id) => out.added.push((id, *d)),
                        None => {
                            let id: i64 = find.query_row(params![&d[..]], |r| r.get(0))?;
                            out.existing.push((id, *d));
                        }
                    }
                }
            }
            tx.commit()?;
        }
        Ok(out)
    }

    /// Entries not yet in a batch.
    pub fn queued_count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM entries WHERE batch_id IS NULL", [], |r| {
            r.get::<_, i64>(0)
        })? as u64)
    }

    /// Enqueue time of the oldest queued entry.
    pub fn oldest_queued_at(&self) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT min(enqueued_at) FROM entries WHERE batch_id IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// Up to `limit` queued entries, oldest first: (id, digest).
    pub fn queued(&self, limit: usize) -> Result<Vec<(i64, Bytes32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, digest FROM entries WHERE batch_id IS NULL ORDER BY id LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        rows.map(|r| {
            let (id, d) = r?;
            Ok((id, blob32(d, "entry digest")?))
        })
        .collect()
    }

    /// Closes a batch in one transaction: the batch row, every entry's position and inclusion
    /// path (`paths[i]`: the siblings of entry `i`, leaf level first). Fails (and writes
    /// nothing) if an entry is already in a batch.
    pub fn close_batch(
        &mut self,
        entry_ids: &[i64],
        root: &Bytes32,
        depth: u32,
        paths: &[Vec<Bytes32>],
        now_ms: i64,
    ) -> Result<i64> {
        if entry_ids.len() != paths.len() || entry_ids.is_empty() {
            return Err(Error::Invalid("a batch needs one path per entry, and entries".into()));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO batches (root, count, depth, closed_at, state) VALUES (?1, ?2, ?3, ?4, 'closed')",
            params![&root[..], entry_ids.len() as i64, depth, now_ms],
        )?;
        let batch_id = tx.last_insert_rowid();
        {
            let mut set = tx.prepare_cached(
                "UPDATE entries SET batch_id = ?1, position = ?2, path = ?3 WHERE id = ?4 AND batch_id IS NULL",
            )?;
            for (pos, (id, path)) in entry_ids.iter().zip(paths).enumerate() {
                let blob: Vec<u8> = path.iter().flat_map(|s| s.iter().copied()).collect();
                if set.execute(params![batch_id, pos as i64, blob, id])? != 1 {
                    return Err(Error::Invalid(format!(
                        "entry {id} is missing or already in a batch"
                    )));
                }
            }
        }
        tx.commit()?;
        Ok(batch_id)
    }

    fn batch_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchRow> {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ))
    }

    fn to_batch(row: BatchRow) -> Result<Batch> {
        let (
            id,
            root,
            count,
            depth,
            closed_at,
            state,
            chain,
            route,
            block_number,
            block_hash,
            tx_hash,
        ) = row;
        Ok(Batch {
            id,
            root: blob32(root, "batch root")?,
            count: count as u64,
            depth,
            closed_at,
            state: BatchState::parse(&state)?,
            chain,
            route,
            block_number: block_number.map(|b| b as u64),
            block_hash: opt_blob32(block_hash, "block hash")?,
            tx_hash: opt_blob32(tx_hash, "tx hash")?,
        })
    }

    const BATCH_COLUMNS: &'static str =
        "id, root, count, depth, closed_at, state, chain, route, block_number, block_hash, tx_hash";

    /// A batch by id.
    pub fn batch(&self, id: i64) -> Result<Option<Batch>> {
        let sql = format!("SELECT {} FROM batches WHERE id = ?1", Self::BATCH_COLUMNS);
        self.conn
            .query_row(&sql, params![id], Self::batch_from_row)
            .optional()?
            .map(Self::to_batch)
            .transpose()
    }

    /// A batch by root.
    pub fn batch_by_root(&self, root: &Bytes32) -> Result<Option<Batch>> {
        let sql = format!("SELECT {} FROM batches WHERE root = ?1", Self::BATCH_COLUMNS);
        self.conn
            .query_row(&sql, params![&root[..]], Self::batch_from_row)
            .optional()?
            .map(Self::to_batch)
            .transpose()
    }

    /// Batches in `state`, oldest first.
    pub fn batches_in(&self, state: BatchState) -> Result<Vec<Batch>> {
        let sql =
            format!("SELECT {} FROM batches WHERE state = ?1 ORDER BY id", Self::BATCH_COLUMNS);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![state.as_str()], Self::batch_from_row)?;
        rows.map(|r| Self::to_batch(r?)).collect()
    }

    /// Number of batches per state.
    pub fn batch_counts(&self) -> Result<Vec<(BatchState, u64)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT state, count(*) FROM batches GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        rows.map(|r| {
            let (s, n) = r?;
            Ok((BatchState::parse(&s)?, n as u64))
        })
        .collect()
    }

    /// Number of batches per chain (`None`: not routed yet) and state.
    pub fn batch_counts_by_chain(&self) -> Result<Vec<(Option<String>, BatchState, u64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT chain, state, count(*) FROM batches GROUP BY chain, state")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
        })?;
        rows.map(|r| {
            let (c, s, n) = r?;
            Ok((c, BatchState::parse(&s)?, n as u64))
        })
        .collect()
    }

    /// Records a routing decision (batch must be closed or routed).
    pub fn route_batch(&mut self, id: i64, chain: &str, route_json: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE batches SET state = 'routed', chain = ?2, route = ?3 WHERE id = ?1 AND state IN ('closed', 'routed')",
            params![id, chain, route_json],
        )?;
        if n != 1 {
            return Err(Error::Invalid(format!("batch {id} is not closed or routed")));
        }
        Ok(())
    }

    /// Returns a routed batch to `closed` (its chain became unusable before anything was sent).
    pub fn unroute_batch(&mut self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE batches SET state = 'closed', chain = NULL WHERE id = ?1 AND state = 'routed'",
            params![id],
        )?;
        Ok(())
    }

    /// Stores a signed transaction and pins its batch to its chain, in one transaction, before the
    /// transaction is broadcast. Advances the stored next nonce past it.
    pub fn record_signed_tx(&mut self, t: &NewTx) -> Result<i64> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO txs (batch_id, chain, sender, nonce, hash, raw, max_fee, max_priority_fee, gas_limit, prev_head, state, created_at, seq) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'signed', ?11, ?12)",
            params![
                t.batch_id,
                t.chain,
                &t.sender[..],
                t.nonce as i64,
                &t.hash[..],
                t.raw,
                t.max_fee.to_string(),
                t.max_priority_fee.to_string(),
                t.gas_limit as i64,
                &t.prev_head[..],
                t.created_at,
                t.seq.map(|s| s as i64)
            ],
        )?;
        let id = tx.last_insert_rowid();
        let n = tx.execute(
            "UPDATE batches SET state = 'sending', chain = ?2 WHERE id = ?1 AND state IN ('routed', 'sending') AND chain = ?2",
            params![t.batch_id, t.chain],
        )?;
        if n != 1 {
            return Err(Error::Invalid(format!(
                "batch {} is not routed to {}",
                t.batch_id, t.chain
            )));
        }
        tx.execute(
            "INSERT INTO nonces (chain, sender, next_nonce) VALUES (?1, ?2, ?3) \
             ON CONFLICT (chain, sender) DO UPDATE SET next_nonce = max(next_nonce, excluded.next_nonce)",
            params![t.chain, &t.sender[..], (t.nonce + 1) as i64],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Sets a transaction's state (and when it was last broadcast, for `Pending`).
    pub fn set_tx_state(&mut self, id: i64, state: TxState, now_ms: i64) -> Result<()> {
        if state == TxState::Pending {
            self.conn.execute(
                "UPDATE txs SET state = ?2, sent_at = ?3 WHERE id = ?1",
                params![id, state.as_str(), now_ms],
            )?;
        } else {
            self.conn
                .execute("UPDATE txs SET state = ?2 WHERE id = ?1", params![id, state.as_str()])?;
        }
        Ok(())
    }

    fn tx_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Tx> {
        fn conv<T>(i: usize, what: &str, v: Option<T>) -> rusqlite::Result<T> {
            v.ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Blob,
                    format!("bad {what}").into(),
                )
            })
        }
        let b32 = |i: usize, what: &str| -> rusqlite::Result<[u8; 32]> {
            conv(i, what, r.get::<_, Vec<u8>>(i)?.try_into().ok())
        };
        Ok(Tx {
            id: r.get(0)?,
            batch_id: r.get(1)?,
            chain: r.get(2)?,
            sender: conv(3, "sender", r.get::<_, Vec<u8>>(3)?.try_into().ok())?,
            nonce: r.get::<_, i64>(4)? as u64,
            hash: b32(5, "tx hash")?,
            raw: r.get(6)?,
            max_fee: conv(7, "max fee", r.get::<_, String>(7)?.parse().ok())?,
            max_priority_fee: conv(8, "priority fee", r.get::<_, String>(8)?.parse().ok())?,
            gas_limit: r.get::<_, i64>(9)? as u64,
            prev_head: b32(10, "prev head")?,
            state: conv(11, "tx state", TxState::parse(&r.get::<_, String>(11)?).ok())?,
            created_at: r.get(12)?,
            sent_at: r.get(13)?,
            block_number: r.get::<_, Option<i64>>(14)?.map(|b| b as u64),
            block_hash: r
                .get::<_, Option<Vec<u8>>>(15)?
                .map(|v| conv(15, "block hash", v.try_into().ok()))
                .transpose()?,
            seq: r.get::<_, Option<i64>>(16)?.map(|s| s as u64),
        })
    }

    const TX_COLUMNS: &'static str = "id, batch_id, chain, sender, nonce, hash, raw, max_fee, max_priority_fee, gas_limit, prev_head, state, created_at, sent_at, block_number, block_hash, seq";

    /// Transactions of a batch, oldest first.
    pub fn txs_of_batch(&self, batch_id: i64) -> Result<Vec<Tx>> {
        let sql = format!("SELECT {} FROM txs WHERE batch_id = ?1 ORDER BY id", Self::TX_COLUMNS);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![batch_id], Self::tx_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The transactions on `chain` that are not mined and may still be (signed, pending or
    /// replaced) of batches still sending, by nonce then age: the anchors in flight there.
    pub fn unmined_txs(&self, chain: &str) -> Result<Vec<Tx>> {
        let columns: Vec<String> =
            Self::TX_COLUMNS.split(", ").map(|c| format!("txs.{c}")).collect();
        let sql = format!(
            "SELECT {} FROM txs JOIN batches ON batches.id = txs.batch_id \
             WHERE txs.chain = ?1 AND txs.state IN ('signed', 'pending', 'replaced') \
             AND batches.state = 'sending' ORDER BY txs.nonce, txs.id",
            columns.join(", ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![chain], Self::tx_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that transaction `tx_id` of batch `batch_id` was mined successfully in a block:
    /// the transaction, and the batch as `Mined` there, in one transaction.
    pub fn record_mined(
        &mut self,
        tx_id: i64,
        batch_id: i64,
        block_number: u64,
        block_hash: &Bytes32,
        tx_hash: &Bytes32,
    ) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE txs SET state = 'mined', block_number = ?2, block_hash = ?3 WHERE id = ?1",
            params![tx_id, block_number as i64, &block_hash[..]],
        )?;
        tx.execute(
            "UPDATE batches SET state = 'mined', block_number = ?2, block_hash = ?3, tx_hash = ?4 WHERE id = ?1",
            params![batch_id, block_number as i64, &block_hash[..], &tx_hash[..]],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A mined batch's block left the canonical chain: back to `Sending`, its transaction back to
    /// `Pending` (to be found again or rebroadcast).
    pub fn record_reorged(&mut self, batch_id: i64) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE txs SET state = 'pending', block_number = NULL, block_hash = NULL WHERE batch_id = ?1 AND state = 'mined'",
            params![batch_id],
        )?;
        tx.execute(
            "UPDATE batches SET state = 'sending', block_number = NULL, block_hash = NULL, tx_hash = NULL WHERE id = ?1",
            params![batch_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A batch's anchor has its confirmations.
    pub fn record_final(&mut self, batch_id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE batches SET state = 'final' WHERE id = ?1 AND state = 'mined'",
            params![batch_id],
        )?;
        Ok(())
    }

    /// A batch whose transactions all failed or were dropped goes back to `closed` to be routed
    /// again (no transaction of it can be mined any more).
    pub fn release_batch(&mut self, batch_id: i64) -> Result<()> {
        let live: i64 = self.conn.query_row(
            "SELECT count(*) FROM txs WHERE batch_id = ?1 AND state IN ('signed', 'pending', 'replaced', 'mined')",
            params![batch_id],
            |r| r.get(0),
        )?;
        if live != 0 {
            return Err(Error::Invalid(format!(
                "batch {batch_id} still has {live} live transactions"
            )));
        }
        self.conn.execute(
            "UPDATE batches SET state = 'closed', chain = NULL, route = NULL WHERE id = ?1 AND state = 'sending'",
            params![batch_id],
        )?;
        Ok(())
    }

    /// The stored next nonce for `sender` on `chain`.
    pub fn next_nonce(&self, chain: &str, sender: &[u8; 20]) -> Result<Option<u64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT next_nonce FROM nonces WHERE chain = ?1 AND sender = ?2",
                params![chain, &sender[..]],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|n| n as u64))
    }

    /// Sets the next nonce (after re-syncing with the chain).
    pub fn set_next_nonce(&mut self, chain: &str, sender: &[u8; 20], next: u64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO nonces (chain, sender, next_nonce) VALUES (?1, ?2, ?3) \
             ON CONFLICT (chain, sender) DO UPDATE SET next_nonce = excluded.next_nonce",
            params![chain, &sender[..], next as i64],
        )?;
        Ok(())
    }

    /// An entry's id, batch, position and path, by digest.
    pub fn entry(&self, digest: &Bytes32) -> Result<Option<EntryRow>> {
        self.conn
            .query_row(
                "SELECT id, enqueued_at, batch_id, position, path FROM entries WHERE digest = ?1",
                params![&digest[..]],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, Option<i64>>(3)?,
                        r.get::<_, Option<Vec<u8>>>(4)?,
                    ))
                },
            )
            .optional()?
            .map(|(id, enqueued_at, batch_id, position, path)| {
                let path = path
                    .map(|p| {
                        p.chunks(32)
                            .map(|c| c.try_into().map_err(|_| Error::Corrupt("path length".into())))
                            .collect::<Result<Vec<Bytes32>>>()
                    })
                    .transpose()?;
                Ok(EntryRow {
                    id,
                    digest: *digest,
                    enqueued_at,
                    batch_id,
                    position: position.map(|p| p as u64),
                    path,
                })
            })
            .transpose()
    }

    /// Entries of a batch in leaf order: (id, digest).
    pub fn batch_entries(&self, batch_id: i64) -> Result<Vec<(i64, Bytes32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, digest FROM entries WHERE batch_id = ?1 ORDER BY position",
        )?;
        let rows = stmt
            .query_map(params![batch_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
        rows.map(|r| {
            let (id, d) = r?;
            Ok((id, blob32(d, "entry digest")?))
        })
        .collect()
    }

    /// When each entry of a batch was enqueued (ms since the epoch), in leaf order.
    pub fn batch_enqueued_at(&self, batch_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT enqueued_at FROM entries WHERE batch_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map(params![batch_id], |r| r.get::<_, i64>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Entries in total, and entries in final batches.
    pub fn entry_counts(&self) -> Result<(u64, u64)> {
        let total: i64 = self.conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
        let fin: i64 = self.conn.query_row(
            "SELECT coalesce(sum(count), 0) FROM batches WHERE state = 'final'",
            [],
            |r| r.get(0),
        )?;
        Ok((total as u64, fin as u64))
    }

    /// The raw connection, for the indexer's tables (same file, same migrations).
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRow {
    /// Stable id.
    pub id: i64,
    /// The entry.
    pub digest: Bytes32,
    /// When enqueued (unix ms).
    pub enqueued_at: i64,
    /// Its batch, once closed.
    pub batch_id: Option<i64>,
    /// Its leaf index in the batch.
    pub position: Option<u64>,
    /// Its inclusion path (siblings, leaf level first).
    pub path: Option<Vec<Bytes32>>,
}
