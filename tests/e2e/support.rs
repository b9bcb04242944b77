//! Shared helpers: the binary, free ports, a devnet per test, JSON-RPC calls.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, Output},
};

pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub(crate) fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_zkp-ledger"))
}

/// Three consecutive free ports on loopback (checked by binding; a tiny race with other
/// processes remains, which the devnet reports as a clear error).
pub(crate) fn free_ports() -> u16 {
    loop {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = l.local_addr().unwrap().port();
        drop(l);
        if base < 60000 && (0..3).all(|i| TcpListener::bind(("127.0.0.1", base + i)).is_ok()) {
            return base;
        }
    }
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A devnet in its own home directory, stopped on drop.
pub(crate) struct Devnet {
    pub(crate) home: tempfile::TempDir,
    pub(crate) base_port: u16,
}

impl Devnet {
    pub(crate) fn up() -> Self {
        let home = tempfile::tempdir().unwrap();
        let base_port = free_ports();
        let d = Self { home, base_port };
        let o = d.cmd(&["devnet", "up", "--base-port", &base_port.to_string()]);
        assert!(o.status.success(), "devnet up failed:\n{}\n{}", stdout(&o), stderr(&o));
        d
    }

    /// Runs the CLI with this devnet's home (so its configuration is the default).
    pub(crate) fn cmd(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .env("ZKP_LEDGER_HOME", self.home.path())
            .env_remove("ZKP_LEDGER_CONFIG")
            .current_dir(repo_root());
        c
    }

    pub(crate) fn rpc(&self, chain: usize) -> String {
        format!("http://127.0.0.1:{}", self.base_port + chain as u16)
    }

    pub(crate) fn config_path(&self) -> PathBuf {
        self.home.path().join("devnet/config.toml")
    }

    /// The directory of this devnet's deployments files.
    pub(crate) fn deployment_dir(&self) -> PathBuf {
        repo_root().join("deployments/devnet").join(self.base_port.to_string())
    }

    pub(crate) fn deployment(&self, chain_id: u64) -> serde_json::Value {
        let p = self.deployment_dir().join(format!("{chain_id}.json"));
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
    }
}

impl Drop for Devnet {
    fn drop(&mut self) {
        let _ = self.cmd(&["devnet", "down"]);
    }
}

/// One JSON-RPC call with curl-free std networking (blocking).
pub(crate) fn rpc_call(url: &str, method: &str, params: serde_json::Value) -> serde_json::Value {
    let body = serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params })
        .to_string();
    let addr = url.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    use std::io::{Read, Write};
    write!(stream, "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    let json = resp.split("\r\n\r\n").nth(1).unwrap();
    // Chunked responses: take the JSON object between the first '{' and the last '}'.
    let start = json.find('{').unwrap();
    let end = json.rfind('}').unwrap();
    let v: serde_json::Value = serde_json::from_str(&json[start..=end]).unwrap();
    assert!(v.get("error").is_none(), "{method}: {v}");
    v["result"].clone()
}

/// The runtime code of a forge artifact with its immutable references zeroed, and the same for
/// deployed code (immutables are set at construction, so they differ by design).
pub(crate) fn artifact_runtime(file: &str, contract: &str) -> (Vec<u8>, Vec<(usize, usize)>) {
    let p = repo_root().join("out").join(file).join(format!("{contract}.json"));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let code =
        hex::decode(v["deployedBytecode"]["object"].as_str().unwrap().trim_start_matches("0x"))
            .unwrap();
    let mut ranges = Vec::new();
    if let Some(refs) = v["deployedBytecode"]["immutableReferences"].as_object() {
        for list in refs.values() {
            for r in list.as_array().unwrap() {
                ranges.push((
                    r["start"].as_u64().unwrap() as usize,
                    r["length"].as_u64().unwrap() as usize,
                ));
            }
        }
    }
    (code, ranges)
}

pub(crate) fn masked(mut code: Vec<u8>, ranges: &[(usize, usize)]) -> Vec<u8> {
    for (s, l) in ranges {
        for b in code.iter_mut().skip(*s).take(*l) {
            *b = 0;
        }
    }
    code
}

pub(crate) fn hex_bytes(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap().trim_start_matches("0x")).unwrap()
}

#[allow(dead_code, reason = "used by some test modules")]
pub(crate) fn exists(p: &Path) -> bool {
    p.exists()
}
