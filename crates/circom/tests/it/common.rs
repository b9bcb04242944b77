//! Fixture paths and a minimal binfile section table, written independently of the crate's.

use std::{path::PathBuf, process::Command};

/// The fixture directory of a circuit.
pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../circuits/circom/fixtures").join(name)
}

/// The repository's root.
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// snarkjs from the project's npm install; a missing install or node fails the test (never a
/// skip).
pub(crate) fn snarkjs() -> Command {
    let bin = repo_root().join("node_modules/.bin/snarkjs");
    assert!(bin.exists(), "{} is missing: run `npm ci` at the repository root", bin.display());
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "node is not on PATH: snarkjs needs Node.js (see shared/TOOLCHAIN.md)"
    );
    Command::new(bin)
}

/// A fixture file's bytes.
pub(crate) fn bytes(name: &str, file: &str) -> Vec<u8> {
    std::fs::read(fixture(name).join(file)).unwrap()
}

/// (id, offset of the data, size) of every section.
pub(crate) fn sections(b: &[u8]) -> Vec<(u32, usize, usize)> {
    let n = u32::from_le_bytes(b[8..12].try_into().unwrap());
    let mut pos = 12;
    let mut out = Vec::new();
    for _ in 0..n {
        let id = u32::from_le_bytes(b[pos..pos + 4].try_into().unwrap());
        let size = u64::from_le_bytes(b[pos + 4..pos + 12].try_into().unwrap()) as usize;
        out.push((id, pos + 12, size));
        pos += 12 + size;
    }
    assert_eq!(pos, b.len());
    out
}

/// Offset and size of the section with this id.
pub(crate) fn section(b: &[u8], id: u32) -> (usize, usize) {
    let s = sections(b).into_iter().find(|s| s.0 == id).unwrap();
    (s.1, s.2)
}

/// The file rebuilt from a list of (id, data) sections.
pub(crate) fn rebuild(b: &[u8], parts: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = b[..8].to_vec();
    out.extend((parts.len() as u32).to_le_bytes());
    for (id, data) in parts {
        out.extend(id.to_le_bytes());
        out.extend((data.len() as u64).to_le_bytes());
        out.extend(data);
    }
    out
}

/// The sections as (id, data).
pub(crate) fn parts(b: &[u8]) -> Vec<(u32, Vec<u8>)> {
    sections(b).into_iter().map(|(id, o, s)| (id, b[o..o + s].to_vec())).collect()
}
