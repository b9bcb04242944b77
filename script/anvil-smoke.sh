#!/usr/bin/env bash
# Runs the deploy scripts for real against two local anvil nodes, as the Rust devnet will, and
# checks what they do: deploy, re-run (no transaction, same file), equal CREATE2 addresses on a
# second chain id, the InclusionVerifier deployed and registered, the fee stand-ins installed with
# anvil_setCode, a real anchor and a real submit of a fixture proof, and the NodeInterface
# stand-in's estimate against the real anchor's gasUsed. Writes only deployments/devnet/ (which
# it empties first) and forge's broadcast/ and cache/. Usage, from the repository root:
#   script/anvil-smoke.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FORGE=node_modules/.bin/forge CAST=node_modules/.bin/cast ANVIL=node_modules/.bin/anvil
KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80            # anvil account 0
SUBMITTER=0x70997970C51812dc3A010C7d01b50e0d17dc79C8                              # anvil account 1
SUBMITTER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
NODE_INTERFACE=0x00000000000000000000000000000000000000C8
ARB_GAS_INFO=0x000000000000000000000000000000000000006C
GAS_PRICE_ORACLE=0x420000000000000000000000000000000000000F
INCLUSION_ID=0xac15dbbeb35e19049f6e373bba8b24de488019c1bd43ec22f46402a369d0699b
export DEPLOYMENTS_DIR=deployments/devnet
fail() { echo "FAIL: $*" >&2; exit 1; }

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
$ANVIL --port 8599 --chain-id 421614 >/tmp/anvil-8599.log 2>&1 & pids+=($!)
$ANVIL --port 8600 --chain-id 11155420 >/tmp/anvil-8600.log 2>&1 & pids+=($!)
sleep 2
rm -rf "$DEPLOYMENTS_DIR"
$FORGE build >/dev/null

deploy() { # rpc, extra env...
  local rpc=$1; shift
  env "$@" $FORGE script script/Deploy.s.sol --rpc-url "$rpc" --broadcast --private-key $KEY --slow 2>&1
}
deploy_verifier() { # rpc
  VERIFIER_ARTIFACT=InclusionVerifier.sol:InclusionVerifier INCLUSION=true \
    $FORGE script script/DeployVerifier.s.sol --rpc-url "$1" --broadcast --private-key $KEY --slow 2>&1
}

R1=http://127.0.0.1:8599 R2=http://127.0.0.1:8600
J1=$DEPLOYMENTS_DIR/421614.json J2=$DEPLOYMENTS_DIR/11155420.json
deploy $R1 SUBMITTERS=$SUBMITTER,$NODE_INTERFACE >/dev/null
deploy_verifier $R1 >/dev/null
cp $J1 /tmp/deployments-first.json
deploy $R1 SUBMITTERS=$SUBMITTER,$NODE_INTERFACE | grep -q "No transactions to broadcast" \
  || fail "Deploy.s.sol re-run sent transactions"
deploy_verifier $R1 | grep -q "No transactions to broadcast" \
  || fail "DeployVerifier.s.sol re-run sent transactions"
cmp -s $J1 /tmp/deployments-first.json || fail "re-runs changed $J1"
deploy $R2 SUBMITTERS=$SUBMITTER >/dev/null
deploy_verifier $R2 >/dev/null
for key in .ledgerAnchor.address .statementRegistry.address '.verifiers|tostring'; do
  [ "$(jq -r "$key" $J1)" = "$(jq -r "$key" $J2)" ] || fail "$key differs between chains"
done
LEDGER=$(jq -r .ledgerAnchor.address $J1) REGISTRY=$(jq -r .statementRegistry.address $J1)
VERIFIER=$(jq -r ".verifiers[\"$INCLUSION_ID\"].address" $J1)
[ "$($CAST call --rpc-url $R1 $REGISTRY 'circuit(bytes32)(address,uint256,bool)' $INCLUSION_ID | tr '\n' ' ')" \
  = "$VERIFIER 2 true " ] || fail "registry does not answer the InclusionVerifier"
echo "deployed on both chains at LedgerAnchor $LEDGER, StatementRegistry $REGISTRY, InclusionVerifier $VERIFIER"
cat $J1; echo

# Fee stand-ins, installed as the devnet installs them: the artifacts' runtime bytecode.
code() { jq -r .deployedBytecode.object "out/$1.sol/$1.json"; }
$CAST rpc --rpc-url $R1 anvil_setCode $ARB_GAS_INFO "$(code DevnetArbGasInfo)" >/dev/null
$CAST rpc --rpc-url $R1 anvil_setCode $NODE_INTERFACE "$(code DevnetArbNodeInterface)" >/dev/null
$CAST rpc --rpc-url $R2 anvil_setCode $GAS_PRICE_ORACLE "$(code DevnetOpGasPriceOracle)" >/dev/null

# Anchor the inclusion fixture's root on chain 1: estimate through 0xC8, then for real.
FIXTURE=circuits/fixtures/inclusion-20/calldata.json
ROOT=$(jq -r '.proofs[0].input[0]' $FIXTURE)
HEAD=$($CAST call --rpc-url $R1 $LEDGER 'head()(bytes32)')
DATA=$($CAST calldata 'anchor(bytes32,uint64,bytes32)' $ROOT 48 $HEAD)
read -r EST FOR_L1 < <($CAST call --rpc-url $R1 $NODE_INTERFACE \
  'gasEstimateComponents(address,bool,bytes)(uint64,uint64,uint256,uint256)' $LEDGER false $DATA \
  | awk 'NR <= 2 {print $1}' | paste -sd ' ')
[ "$($CAST call --rpc-url $R1 $LEDGER 'isAnchored(bytes32)(bool)' $ROOT)" = false ] || fail "estimate anchored"
TX=$($CAST send --rpc-url $R1 --private-key $SUBMITTER_KEY --json $LEDGER $DATA | jq -r .transactionHash)
USED=$($CAST receipt --rpc-url $R1 $TX gasUsed)
echo "anchor: gasUsed $USED; NodeInterface stand-in: gasEstimate $EST, gasEstimateForL1 $FOR_L1, difference $((EST - FOR_L1 - USED))"
[ $(( (EST - FOR_L1 - USED) * 100 )) -le "$USED" ] && [ $((EST - FOR_L1)) -ge "$USED" ] \
  || fail "estimate not within 1% above gasUsed"

# Submit the fixture's first proof to the registry.
PROOF=$(jq -c '.proofs[0].proof' $FIXTURE | tr -d '"') INPUTS=$(jq -c '.proofs[0].input' $FIXTURE | tr -d '"')
TX=$($CAST send --rpc-url $R1 --private-key $SUBMITTER_KEY --json $REGISTRY \
  'submit(bytes32,uint256[8],uint256[])' $INCLUSION_ID "$PROOF" "$INPUTS" | jq -r .transactionHash)
BLOCK=$($CAST receipt --rpc-url $R1 $TX blockNumber)
HASH=$($CAST keccak "$INCLUSION_ID$(jq -r '.proofs[0].input | map(.[2:]) | join("")' $FIXTURE)")
[ "$($CAST call --rpc-url $R1 $REGISTRY 'verifiedAt(bytes32)(uint64)' $HASH)" = "$BLOCK" ] \
  || fail "statement not recorded"
echo "submit: gasUsed $($CAST receipt --rpc-url $R1 $TX gasUsed), statement $HASH verified in block $BLOCK"

# The OP oracle stand-in on chain 2.
FEE=$($CAST call --rpc-url $R2 $GAS_PRICE_ORACLE 'getL1Fee(bytes)(uint256)' $DATA | awk '{print $1}')
FLZ=$(python3 tools/fastlz/fastlz.py length $DATA)
EXPECTED=$(python3 -c "n = $FLZ + 68; e = max(100_000_000, 836_500 * n - 42_585_600); print(e * (1368 * 20 * 10**9 * 16 + 810_949) // 10**12)")
[ "$FEE" = "$EXPECTED" ] || fail "getL1Fee $FEE != $EXPECTED"
echo "OP GasPriceOracle stand-in: getL1Fee(anchor calldata) = $FEE wei (fastlz $FLZ + 68 bytes)"
echo "all checks passed"
