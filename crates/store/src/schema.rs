//! Migrations: append-only, keyed by `PRAGMA user_version`, each applied in one exclusive
//! transaction together with the version bump. Never edit a migration that has shipped; add one.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

/// The migrations, in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: outbox, batches, transactions, nonces.
    r"
    CREATE TABLE entries (
        id          INTEGER PRIMARY KEY,
        digest      BLOB    NOT NULL UNIQUE CHECK (length(digest) = 32),
        enqueued_at INTEGER NOT NULL,
        batch_id    INTEGER REFERENCES batches (id),
        position    INTEGER,
        path        BLOB
    );
    CREATE INDEX entries_queued ON entries (id) WHERE batch_id IS NULL;
    CREATE INDEX entries_batch ON entries (batch_id, position);

    CREATE TABLE batches (
        id           INTEGER PRIMARY KEY,
        root         BLOB    NOT NULL UNIQUE CHECK (length(root) = 32),
        count        INTEGER NOT NULL CHECK (count > 0),
        depth        INTEGER NOT NULL,
        closed_at    INTEGER NOT NULL,
        state        TEXT    NOT NULL CHECK (state IN ('closed', 'routed', 'sending', 'mined', 'final')),
        chain        TEXT,
        route        TEXT,
        block_number INTEGER,
        block_hash   BLOB,
        tx_hash      BLOB
    );
    CREATE INDEX batches_state ON batches (state, id);

    CREATE TABLE txs (
        id               INTEGER PRIMARY KEY,
        batch_id         INTEGER NOT NULL REFERENCES batches (id),
        chain            TEXT    NOT NULL,
        sender           BLOB    NOT NULL,
        nonce            INTEGER NOT NULL,
        hash             BLOB    NOT NULL UNIQUE,
        raw              BLOB    NOT NULL,
        max_fee          TEXT    NOT NULL,
        max_priority_fee TEXT    NOT NULL,
        gas_limit        INTEGER NOT NULL,
        prev_head        BLOB    NOT NULL,
        state            TEXT    NOT NULL CHECK (state IN ('signed', 'pending', 'replaced', 'mined', 'failed', 'dropped')),
        created_at       INTEGER NOT NULL,
        sent_at          INTEGER,
        block_number     INTEGER,
        block_hash       BLOB
    );
    CREATE INDEX txs_batch ON txs (batch_id);
    CREATE INDEX txs_chain_nonce ON txs (chain, sender, nonce);

    CREATE TABLE nonces (
        chain      TEXT    NOT NULL,
        sender     BLOB    NOT NULL,
        next_nonce INTEGER NOT NULL,
        PRIMARY KEY (chain, sender)
    );
    ",
    // 2: the chain index (crates/indexer): per-chain cursors, the blocks indexed (for reorgs),
    // the events of LedgerAnchor and StatementRegistry, and breaks of the anchors' hash chain.
    r"
    CREATE TABLE index_chains (
        chain_id    INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        anchor      BLOB    NOT NULL CHECK (length(anchor) = 20),
        registry    BLOB             CHECK (registry IS NULL OR length(registry) = 20),
        start_block INTEGER NOT NULL,
        next_block  INTEGER NOT NULL,
        latest      INTEGER,
        updated_at  INTEGER NOT NULL
    );

    CREATE TABLE index_blocks (
        chain_id   INTEGER NOT NULL,
        number     INTEGER NOT NULL,
        hash       BLOB    NOT NULL CHECK (length(hash) = 32),
        has_events INTEGER NOT NULL,
        PRIMARY KEY (chain_id, number)
    ) WITHOUT ROWID;

    CREATE TABLE index_anchors (
        chain_id     INTEGER NOT NULL,
        block_number INTEGER NOT NULL,
        log_index    INTEGER NOT NULL,
        contract     BLOB    NOT NULL CHECK (length(contract) = 20),
        root         BLOB    NOT NULL CHECK (length(root) = 32),
        seq          INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        prev_head    BLOB    NOT NULL CHECK (length(prev_head) = 32),
        head         BLOB    NOT NULL CHECK (length(head) = 32),
        block_hash   BLOB    NOT NULL CHECK (length(block_hash) = 32),
        tx_hash      BLOB    NOT NULL CHECK (length(tx_hash) = 32),
        timestamp    INTEGER NOT NULL,
        PRIMARY KEY (chain_id, block_number, log_index)
    );
    CREATE INDEX index_anchors_root ON index_anchors (root);
    CREATE INDEX index_anchors_seq ON index_anchors (chain_id, seq);

    CREATE TABLE index_statements (
        chain_id       INTEGER NOT NULL,
        block_number   INTEGER NOT NULL,
        log_index      INTEGER NOT NULL,
        contract       BLOB    NOT NULL CHECK (length(contract) = 20),
        statement_hash BLOB    NOT NULL CHECK (length(statement_hash) = 32),
        circuit_id     BLOB    NOT NULL CHECK (length(circuit_id) = 32),
        submitter      BLOB    NOT NULL CHECK (length(submitter) = 20),
        root           BLOB    NOT NULL CHECK (length(root) = 32),
        block_hash     BLOB    NOT NULL CHECK (length(block_hash) = 32),
        tx_hash        BLOB    NOT NULL CHECK (length(tx_hash) = 32),
        timestamp      INTEGER NOT NULL,
        PRIMARY KEY (chain_id, block_number, log_index)
    );
    CREATE INDEX index_statements_hash ON index_statements (statement_hash);

    CREATE TABLE index_circuits (
        chain_id     INTEGER NOT NULL,
        block_number INTEGER NOT NULL,
        log_index    INTEGER NOT NULL,
        contract     BLOB    NOT NULL CHECK (length(contract) = 20),
        circuit_id   BLOB    NOT NULL CHECK (length(circuit_id) = 32),
        verifier     BLOB    NOT NULL CHECK (length(verifier) = 20),
        num_inputs   INTEGER NOT NULL,
        inclusion    INTEGER NOT NULL,
        block_hash   BLOB    NOT NULL CHECK (length(block_hash) = 32),
        tx_hash      BLOB    NOT NULL CHECK (length(tx_hash) = 32),
        timestamp    INTEGER NOT NULL,
        PRIMARY KEY (chain_id, block_number, log_index)
    );

    CREATE TABLE index_breaks (
        chain_id     INTEGER NOT NULL,
        block_number INTEGER NOT NULL,
        log_index    INTEGER NOT NULL,
        kind         TEXT    NOT NULL CHECK (kind IN ('seq', 'prev_head', 'head')),
        seq          INTEGER NOT NULL,
        expected     TEXT    NOT NULL,
        found        TEXT    NOT NULL,
        PRIMARY KEY (chain_id, block_number, log_index, kind)
    );
    ",
    // 3: the sequence number an anchor transaction expects (LedgerAnchor's `nextSeq` when it
    // runs), so that the head after it can be predicted and the next anchor sent behind it
    // before it is mined. NULL for transactions stored by earlier versions.
    r"
    ALTER TABLE txs ADD COLUMN seq INTEGER;
    CREATE INDEX txs_live ON txs (chain, state, nonce);
    ",
];

/// The schema version this build knows.
pub(crate) const VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies the migrations the database lacks.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let current: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > VERSION {
        return Err(Error::TooNew { found: current, known: VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
    }
    tx.commit()?;
    Ok(())
}
