//! `zkp-ledger devnet`: up, status, deployed code, refusals, down.

use serde_json::json;

use crate::support::*;

const CHAINS: [(&str, u64); 3] =
    [("sepolia", 11_155_111), ("arbitrum-sepolia", 421_614), ("op-sepolia", 11_155_420)];

#[test]
fn devnet_up_deploys_matching_code_and_down_stops_it() {
    let d = Devnet::up();
    // Each chain answers with its chain id and holds the artifacts' code at the deployed
    // addresses; the fee stand-ins sit at the L2 interfaces' addresses.
    for (i, (name, chain_id)) in CHAINS.iter().enumerate() {
        let rpc = d.rpc(i);
        let id = rpc_call(&rpc, "eth_chainId", json!([]));
        assert_eq!(
            u64::from_str_radix(id.as_str().unwrap().trim_start_matches("0x"), 16).unwrap(),
            *chain_id,
            "{name}"
        );
        let dep = d.deployment(*chain_id);
        for (file, contract) in
            [("LedgerAnchor.sol", "LedgerAnchor"), ("StatementRegistry.sol", "StatementRegistry")]
        {
            let key = if contract == "LedgerAnchor" { "ledgerAnchor" } else { "statementRegistry" };
            let addr = dep[key]["address"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: no {contract} in {dep}"));
            let code = hex_bytes(&rpc_call(&rpc, "eth_getCode", json!([addr, "latest"])));
            let (expected, ranges) = artifact_runtime(file, contract);
            assert_eq!(
                masked(code, &ranges),
                masked(expected, &ranges),
                "{name}: {contract} code differs from its artifact"
            );
        }
    }
    // CREATE2: the same addresses on every chain.
    let addr =
        |id: u64| d.deployment(id)["ledgerAnchor"]["address"].as_str().unwrap().to_lowercase();
    assert_eq!(addr(11_155_111), addr(421_614));
    assert_eq!(addr(11_155_111), addr(11_155_420));
    let code =
        |i: usize, a: &str| hex_bytes(&rpc_call(&d.rpc(i), "eth_getCode", json!([a, "latest"])));
    assert!(
        !code(2, "0x420000000000000000000000000000000000000F").is_empty(),
        "OP GasPriceOracle stand-in"
    );
    assert!(
        !code(1, "0x00000000000000000000000000000000000000C8").is_empty(),
        "Arbitrum NodeInterface stand-in"
    );
    assert!(
        !code(1, "0x000000000000000000000000000000000000006C").is_empty(),
        "Arbitrum ArbGasInfo stand-in"
    );

    // Status names every chain with its height and contracts.
    let o = d.cmd(&["--json", "devnet", "status"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["chains"].as_array().unwrap().len(), 3);
    assert!(
        v["chains"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["alive"] == true && c["block"].as_u64().is_some())
    );

    // Starting twice is refused and changes nothing.
    let o = d.cmd(&["devnet", "up", "--base-port", &d.base_port.to_string()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already running"), "{}", stderr(&o));

    // Down stops the nodes.
    let o = d.cmd(&["devnet", "down"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", d.base_port)).is_err(),
        "anvil still listening"
    );
    assert!(!d.config_path().exists());
    let o = d.cmd(&["devnet", "status"]);
    assert!(!o.status.success() && stderr(&o).contains("no devnet"), "{}", stderr(&o));
}

#[test]
fn a_taken_port_is_a_clear_error_and_leaves_nothing_running() {
    let home = tempfile::tempdir().unwrap();
    let base = free_ports();
    let _taken = std::net::TcpListener::bind(("127.0.0.1", base + 1)).unwrap();
    let o = std::process::Command::new(bin())
        .args(["devnet", "up", "--base-port", &base.to_string()])
        .env("ZKP_LEDGER_HOME", home.path())
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains(&format!("port {} ", base + 1)), "{}", stderr(&o));
    assert!(std::net::TcpStream::connect(("127.0.0.1", base)).is_err(), "a node was left running");
    assert!(!home.path().join("devnet/state.json").exists());
}
