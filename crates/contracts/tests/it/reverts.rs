//! Every custom error of LedgerAnchor and StatementRegistry, provoked on real contracts (forge's
//! artifacts) on a real anvil, reaches the caller through the chain crate's [`Client`] as a
//! named, typed [`ContractError`] with its arguments: decoded from the error response's revert
//! data, never from message text. (StatementRegistry's CircuitLimitReached needs 2^19 - 1
//! registrations first; the forge suite covers it.)

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use alloy::{
    network::TransactionBuilder,
    primitives::{Address, B256, Bytes, U256},
    providers::{DynProvider, Provider, ProviderBuilder, ext::AnvilApi},
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
    sol_types::SolValue,
};
use zkp_ledger_contracts::{
    Callee, Client, ContractError, Error,
    IGroth16VerifierErrors::IGroth16VerifierErrorsErrors as V, ILedgerAnchor,
    ILedgerAnchorErrors::ILedgerAnchorErrorsErrors as A, IStatementRegistry,
    IStatementRegistryErrors::IStatementRegistryErrorsErrors as R, signer::ANVIL_KEYS,
};

const CHAIN_ID: u64 = 31_337;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

struct Anvil(Child);

impl Drop for Anvil {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_anvil() -> (Anvil, String) {
    let bin = root().join("node_modules/.bin/anvil");
    assert!(bin.exists(), "{} is missing: run `npm ci`", bin.display());
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(&bin)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--chain-id", &CHAIN_ID.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let anvil = Anvil(child);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if Client::connect("anvil", &url, CHAIN_ID).await.is_ok() {
                return (anvil, url);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("anvil did not start");
}

/// Creation code from forge's artifacts (built once if missing).
fn creation_code(file: &str, contract: &str) -> Vec<u8> {
    let path = root().join("out").join(file).join(format!("{contract}.json"));
    if !path.exists() {
        let status = Command::new(root().join("node_modules/.bin/forge"))
            .arg("build")
            .current_dir(root())
            .stdin(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "forge build failed");
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let code: Bytes = v["bytecode"]["object"].as_str().unwrap().parse().unwrap();
    code.to_vec()
}

struct World {
    client: Client,
    wallet: DynProvider,
    owner: Address,
    other: Address,
}

impl World {
    async fn deploy(&self, code: Vec<u8>) -> Address {
        let r = self
            .wallet
            .send_transaction(TransactionRequest::default().with_deploy_code(code))
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(r.status());
        r.contract_address.unwrap()
    }

    /// The revert of deploying `code`, as the chain crate reports it.
    async fn deploy_reverts(&self, code: Vec<u8>, callee: Callee) -> ContractError {
        let req = TransactionRequest::default().from(self.owner).with_deploy_code(code);
        let e = self
            .client
            .reverting("deploy", callee, self.client.provider().estimate_gas(req))
            .await
            .unwrap_err();
        revert_of(e)
    }
}

fn revert_of(e: Error) -> ContractError {
    match e {
        Error::Revert { error, .. } => error,
        other => panic!("not a typed revert: {other}"),
    }
}

/// Sends a call that must succeed.
macro_rules! send {
    ($call:expr) => {{
        let r = $call.send().await.unwrap().get_receipt().await.unwrap();
        assert!(r.status());
    }};
}

/// Simulates a call (from `$from`) that must revert, and returns the typed error.
macro_rules! reverts {
    ($w:expr, $callee:expr, $from:expr, $call:expr) => {{
        let Err(e) = $w.client.reverting("call", $callee, $call.from($from).call()).await else {
            panic!("the call succeeded");
        };
        let text = e.to_string();
        let err = revert_of(e);
        // Shown to users by name, with its arguments.
        assert!(text.contains(&err.name()), "{text}");
        err
    }};
}

#[tokio::test]
async fn every_contract_error_reaches_the_caller_typed() {
    let (_anvil, url) = start_anvil().await;
    let signer: PrivateKeySigner = ANVIL_KEYS[0].parse().unwrap();
    let other: PrivateKeySigner = ANVIL_KEYS[1].parse().unwrap();
    let wallet =
        ProviderBuilder::new().wallet(signer.clone()).connect_http(url.parse().unwrap()).erased();
    let w = World {
        client: Client::connect("anvil", &url, CHAIN_ID).await.unwrap(),
        wallet,
        owner: signer.address(),
        other: other.address(),
    };
    let (owner, stranger) = (w.owner, w.other);

    // ---- LedgerAnchor ----
    let anchor_code = creation_code("LedgerAnchor.sol", "LedgerAnchor");
    let e = w
        .deploy_reverts(
            [anchor_code.clone(), Address::ZERO.abi_encode()].concat(),
            Callee::LedgerAnchor,
        )
        .await;
    assert!(matches!(e, ContractError::LedgerAnchor(A::ZeroOwner(_))), "{e}");
    let at = w.deploy([anchor_code.clone(), owner.abi_encode()].concat()).await;
    let anchor = ILedgerAnchor::new(at, w.wallet.clone());
    let la = Callee::LedgerAnchor;
    send!(anchor.addSubmitter(owner));
    let head = anchor.head().call().await.unwrap();
    let r1 = B256::with_last_byte(1);

    let e = reverts!(w, la, stranger, anchor.anchor(r1, 1, head));
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::NotSubmitter(x)) if x.caller == stranger),
        "{e}"
    );
    let e = reverts!(w, la, owner, anchor.anchor(B256::ZERO, 1, head));
    assert!(matches!(e, ContractError::LedgerAnchor(A::ZeroRoot(_))), "{e}");
    let e = reverts!(w, la, owner, anchor.anchor(B256::repeat_byte(0xff), 1, head));
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::RootNotInField(x)) if x.root == B256::repeat_byte(0xff)),
        "{e}"
    );
    let e = reverts!(w, la, owner, anchor.anchor(r1, 0, head));
    assert!(matches!(e, ContractError::LedgerAnchor(A::ZeroCount(_))), "{e}");
    let wrong = B256::repeat_byte(9);
    let e = reverts!(w, la, owner, anchor.anchor(r1, 1, wrong));
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::StaleHead(x)) if x.expected == head && x.given == wrong),
        "{e}"
    );
    send!(anchor.anchor(r1, 1, head));
    let head = anchor.head().call().await.unwrap();
    let e = reverts!(w, la, owner, anchor.anchor(r1, 1, head));
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::RootAlreadyAnchored(x)) if x.root == r1 && x.seq == 0),
        "{e}"
    );
    let e = reverts!(w, la, stranger, anchor.pause());
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::NotOwner(x)) if x.caller == stranger),
        "{e}"
    );
    let e = reverts!(w, la, stranger, anchor.acceptOwnership());
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::NotPendingOwner(x)) if x.caller == stranger && x.pendingOwner == Address::ZERO),
        "{e}"
    );
    let e = reverts!(w, la, owner, anchor.addSubmitter(Address::ZERO));
    assert!(matches!(e, ContractError::LedgerAnchor(A::ZeroSubmitter(_))), "{e}");
    let e = reverts!(w, la, owner, anchor.addSubmitter(owner));
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::SubmitterAlreadyAdded(x)) if x.account == owner),
        "{e}"
    );
    let e = reverts!(w, la, owner, anchor.removeSubmitter(stranger));
    assert!(
        matches!(&e, ContractError::LedgerAnchor(A::SubmitterNotFound(x)) if x.account == stranger),
        "{e}"
    );
    let e = reverts!(w, la, owner, anchor.unpause());
    assert!(matches!(e, ContractError::LedgerAnchor(A::NotPaused(_))), "{e}");
    send!(anchor.pause());
    let e = reverts!(w, la, owner, anchor.pause());
    assert!(matches!(e, ContractError::LedgerAnchor(A::AlreadyPaused(_))), "{e}");
    let e = reverts!(w, la, owner, anchor.anchor(B256::with_last_byte(2), 1, head));
    assert!(matches!(e, ContractError::LedgerAnchor(A::AnchoringPaused(_))), "{e}");
    send!(anchor.unpause());

    // ---- StatementRegistry ----
    let reg_code = creation_code("StatementRegistry.sol", "StatementRegistry");
    let sr = Callee::StatementRegistry;
    let e = w
        .deploy_reverts([reg_code.clone(), (Address::ZERO, at).abi_encode_params()].concat(), sr)
        .await;
    assert!(matches!(e, ContractError::StatementRegistry(R::ZeroOwner(_))), "{e}");
    let nowhere = Address::repeat_byte(0x42);
    let e = w
        .deploy_reverts([reg_code.clone(), (owner, nowhere).abi_encode_params()].concat(), sr)
        .await;
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::AnchorHasNoCode(x)) if x.anchor == nowhere),
        "{e}"
    );
    let reg_at = w.deploy([reg_code, (owner, at).abi_encode_params()].concat()).await;
    let reg = IStatementRegistry::new(reg_at, w.wallet.clone());

    // The committed inclusion verifier and its committed real proofs.
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("circuits/fixtures/inclusion-20/calldata.json"))
            .unwrap(),
    )
    .unwrap();
    let inc_id: B256 = fixture["circuit_id"].as_str().unwrap().parse().unwrap();
    let words = |v: &serde_json::Value| -> Vec<U256> {
        v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().parse().unwrap()).collect()
    };
    let p0 = &fixture["proofs"][0];
    let proof: [U256; 8] = words(&p0["proof"]).try_into().unwrap();
    let inputs = words(&p0["input"]);
    let verifier = w.deploy(creation_code("InclusionVerifier.sol", "InclusionVerifier")).await;

    let e = reverts!(w, sr, stranger, reg.registerInclusion(inc_id, verifier));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::NotOwner(x)) if x.caller == stranger),
        "{e}"
    );
    let e = reverts!(w, sr, stranger, reg.acceptOwnership());
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::NotPendingOwner(x)) if x.caller == stranger),
        "{e}"
    );
    let e = reverts!(w, sr, owner, reg.register(inc_id, nowhere));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::VerifierHasNoCode(x)) if x.verifier == nowhere),
        "{e}"
    );
    let e = reverts!(w, sr, owner, reg.register(inc_id, at));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::NotAVerifier(x)) if x.verifier == at),
        "{e}"
    );
    let other_id = B256::repeat_byte(0x0d);
    let e = reverts!(w, sr, owner, reg.register(other_id, verifier));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::CircuitIdMismatch(x)) if x.circuitId == other_id && x.verifierCircuitId == inc_id),
        "{e}"
    );
    let claims_code = creation_code("NotVerifiers.sol", "ClaimsIdNotVerifier");
    let no_inputs =
        w.deploy([claims_code, (other_id, U256::ZERO).abi_encode_params()].concat()).await;
    let e = reverts!(w, sr, owner, reg.register(other_id, no_inputs));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::UnsupportedInputCount(x)) if x.numInputs == U256::ZERO),
        "{e}"
    );
    send!(reg.registerInclusion(inc_id, verifier));
    let e = reverts!(w, sr, owner, reg.registerInclusion(inc_id, verifier));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::CircuitAlreadyRegistered(x)) if x.verifier == verifier),
        "{e}"
    );

    let e = reverts!(w, sr, owner, reg.submit(other_id, proof, inputs.clone()));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::UnknownCircuit(x)) if x.circuitId == other_id),
        "{e}"
    );
    let e = reverts!(w, sr, owner, reg.submit(inc_id, proof, inputs[..1].to_vec()));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::InputCountMismatch(x)) if x.expected == U256::from(2) && x.given == U256::from(1)),
        "{e}"
    );
    let e = reverts!(w, sr, owner, reg.submitBatch(inc_id, vec![], vec![]));
    assert!(matches!(e, ContractError::StatementRegistry(R::EmptyBatch(_))), "{e}");
    let e = reverts!(w, sr, owner, reg.submitBatch(inc_id, vec![proof], inputs[..1].to_vec()));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::BatchInputCountMismatch(x)) if x.expected == U256::from(2)),
        "{e}"
    );
    let root = B256::from(inputs[0]);
    let e = reverts!(w, sr, owner, reg.submit(inc_id, proof, inputs.clone()));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::RootNotAnchored(x)) if x.root == root),
        "{e}"
    );
    let head = anchor.head().call().await.unwrap();
    send!(anchor.anchor(root, 1, head));
    // A verifier's error passes through the registry, typed.
    let mut forged = inputs.clone();
    forged[1] += U256::from(1);
    let e = reverts!(w, sr, owner, reg.submit(inc_id, proof, forged));
    assert!(matches!(e, ContractError::Verifier(V::ProofInvalid(_))), "{e}");
    send!(reg.submit(inc_id, proof, inputs.clone()));
    let e = reverts!(w, sr, owner, reg.submit(inc_id, proof, inputs.clone()));
    assert!(matches!(e, ContractError::StatementRegistry(R::StatementAlreadyVerified(_))), "{e}");

    // A verifier whose code changes after registration, then revoked.
    let accepts = creation_code("NotVerifiers.sol", "AcceptsEverythingNotVerifier");
    let swapped = w.deploy([accepts, (other_id, U256::from(2)).abi_encode_params()].concat()).await;
    send!(reg.register(other_id, swapped));
    let code = w.client.code(no_inputs).await.unwrap();
    w.wallet.anvil_set_code(swapped, code).await.unwrap();
    let e = reverts!(w, sr, owner, reg.submit(other_id, proof, inputs.clone()));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::VerifierCodeChanged(x)) if x.verifier == swapped && x.registeredCodeHash != x.currentCodeHash),
        "{e}"
    );
    send!(reg.revoke(other_id));
    let e = reverts!(w, sr, owner, reg.submit(other_id, proof, inputs.clone()));
    assert!(
        matches!(&e, ContractError::StatementRegistry(R::RevokedCircuit(x)) if x.circuitId == other_id && x.revokedAt > 0),
        "{e}"
    );
    let e = reverts!(w, sr, owner, reg.revoke(other_id));
    assert!(matches!(e, ContractError::StatementRegistry(R::CircuitAlreadyRevoked(_))), "{e}");
}
