//! The type stubs and the package's exports match the module: every function and exception
//! that `crates/python/src/lib.rs` registers is declared in `python/zkp_ledger/_native.pyi`, and
//! every exception is re-exported by `python/zkp_ledger/__init__.py`. (Building this test also
//! builds the extension with the workspace's features, which scripts/test.sh then installs.)

use std::path::Path;

fn read(rel: &str) -> std::io::Result<String> {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel))
}

/// The identifiers following `marker` in `text` (up to the next non-identifier character; the
/// last segment of a path such as `ledger::enqueue`).
fn names_after(text: &str, marker: &str) -> Vec<String> {
    text.match_indices(marker)
        .map(|(i, _)| {
            let path = text[i + marker.len()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect::<String>();
            path.rsplit("::").next().unwrap_or_default().to_string()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[test]
fn stubs_declare_every_function_and_exception() {
    let lib = read("crates/python/src/lib.rs").unwrap();
    let stub = read("python/zkp_ledger/_native.pyi").unwrap();
    let init = read("python/zkp_ledger/__init__.py").unwrap();
    let functions = names_after(&lib, "wrap_pyfunction!(");
    assert_eq!(
        functions,
        [
            "commit",
            "prove",
            "verify",
            "enqueue",
            "serve_until_idle",
            "query_entry",
            "write_receipt",
            "verify_receipt",
            "devnet_up",
            "devnet_down"
        ]
    );
    for f in &functions {
        assert!(stub.contains(&format!("def {f}(")), "{f} is not in _native.pyi");
    }
    let exceptions: Vec<String> = names_after(&lib, "py.get_type::<");
    assert!(exceptions.len() >= 6, "{exceptions:?}");
    for e in &exceptions {
        assert!(stub.contains(&format!("class {e}(")), "{e} is not in _native.pyi");
        assert!(init.contains(&format!("\"{e}\"")), "{e} is not in zkp_ledger.__all__");
    }
}
