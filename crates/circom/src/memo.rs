//! Remembering G2 subgroup checks that passed, so that proving again with the same `.zkey`
//! does not repeat the costliest part of its read.
//!
//! Reading a zkey checks every B2 point for the prime-order subgroup G2 (a batch check, six
//! MSMs over all of them: most of the read's time, about 0.4 s of 0.55 s for a 100,000-constraint
//! key). A [`SubgroupMemo`] is a directory of empty marker files, each named by the BLAKE2b-256
//! digest of the exact bytes of a points section that passed. When the bytes read hash to a
//! marker, their subgroup check is skipped; every other check (canonical coordinates, points on
//! the twist) still runs on every read. A marker is written only after a check passed.
//!
//! What this relies on: BLAKE2b's collision resistance (other bytes never hash to a marker's
//! name), and the directory being writable only by its user (who can change the binary anyway).
//! Without a memo ([`crate::Zkey::read`]), or with `ZKP_LEDGER_G2_MEMO=off`, every read checks;
//! `ZKP_LEDGER_G2_MEMO=DIR` keeps the memo in `DIR`.

use std::path::{Path, PathBuf};

use blake2::{Blake2b, Digest, digest::consts::U32};
use rayon::prelude::*;

/// BLAKE2b with a 256-bit output.
type Blake2b256 = Blake2b<U32>;

/// Domain separation of the markers' digests (and their format's version).
const DST: &[u8] = b"zkp-ledger g2 subgroup checked v1";
/// Bytes hashed per parallel leaf.
const LEAF: usize = 1 << 20;

/// A directory of G2 points sections whose subgroup check passed (module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubgroupMemo {
    dir: PathBuf,
}

impl SubgroupMemo {
    /// A memo kept in `dir` (created when the first marker is written).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The default memo: the directory `$ZKP_LEDGER_G2_MEMO` names, else
    /// `$XDG_CACHE_HOME/zkp-ledger/g2-checked`, else `$HOME/.cache/zkp-ledger/g2-checked`;
    /// `None` with `ZKP_LEDGER_G2_MEMO=off` (then every read checks every point) or when none of
    /// the variables is set.
    pub fn default_location() -> Option<Self> {
        match std::env::var_os("ZKP_LEDGER_G2_MEMO") {
            Some(v) if v == "off" => return None,
            Some(v) if !v.is_empty() => return Some(Self::new(v)),
            _ => {}
        }
        let base = match std::env::var_os("XDG_CACHE_HOME") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => PathBuf::from(std::env::var_os("HOME")?).join(".cache"),
        };
        Some(Self::new(base.join("zkp-ledger").join("g2-checked")))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The marker's name for `bytes`: a BLAKE2b-256 tree hash (1 MiB leaves hashed in
    /// parallel, then their digests with the length and [`DST`]), in hex. Computed once per
    /// read, for both [`Self::knows`] and [`Self::remember`].
    pub(crate) fn name(bytes: &[u8]) -> String {
        let leaves: Vec<[u8; 32]> =
            bytes.par_chunks(LEAF).map(|leaf| Blake2b256::digest(leaf).into()).collect();
        let mut h = Blake2b256::new();
        h.update(DST);
        h.update((bytes.len() as u64).to_le_bytes());
        for leaf in &leaves {
            h.update(leaf);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether the bytes named `name` ([`Self::name`]) passed the check before.
    pub(crate) fn knows(&self, name: &str) -> bool {
        self.dir.join(name).is_file()
    }

    /// Records that the bytes named `name` ([`Self::name`]) passed the check. Best effort: a
    /// memo that cannot be written (a read-only or full disk) only means the next read checks
    /// again.
    pub(crate) fn remember(&self, name: &str) {
        let tmp = self.dir.join(format!(".{name}.tmp{}", std::process::id()));
        let done = std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(&tmp, b""))
            .and_then(|()| std::fs::rename(&tmp, self.dir.join(name)));
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}
