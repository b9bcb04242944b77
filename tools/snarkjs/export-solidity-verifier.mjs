// snarkjs 0.7.6's Groth16 Solidity verifier for a verifying key, for comparing and
// cross-checking it with our generated verifiers (contracts/test/verifiers/
// SnarkjsComparison.gas.t.sol, CircomCrossVerification.t.sol).
//
// KEY is either a snarkjs `.zkey` or a verification_key.json:
// - a `.zkey` goes through snarkjs's own `zKey.exportSolidityVerifier`, the function behind
//   `snarkjs zkey export solidityverifier KEY.zkey verifier.sol` (it reads the key from the zkey
//   and renders node_modules/snarkjs/templates/verifier_groth16.sol.ejs with ejs);
// - the gas fixtures' keys come from our own setup, with no zkey, so for a verification_key.json
//   this renders the same template with the same engine from the verifying key, exactly as
//   snarkjs's `exportSolidityVerifier` does with the key it reads from a zkey (a JSON object of
//   decimal strings in the same layout as verification_key.json).
// Two changes, neither touching the code: the contract is renamed (several of them are compiled
// together) and a header naming the command follows the licence line. The file is not
// `forge fmt`-formatted (foundry.toml ignores these files), so that it stays snarkjs's text.
//
// Usage (from the repository root):
//   node tools/snarkjs/export-solidity-verifier.mjs KEY CONTRACT_NAME OUT_SOL [--check]
// With --check, compares OUT_SOL with what it would write and exits 1 when they differ.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const snarkjsDir = path.join(root, "node_modules/snarkjs");
const ejs = (await import(pathToFileURL(path.join(root, "node_modules/ejs/lib/ejs.js")).href)).default;

const [vkPath, name, out, flag] = process.argv.slice(2);
if (!vkPath || !name || !out || (flag !== undefined && flag !== "--check")) {
  process.stderr.write("usage: export-solidity-verifier.mjs KEY CONTRACT_NAME OUT_SOL [--check]\n");
  process.exit(2);
}
if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
  process.stderr.write(`not a contract name: ${name}\n`);
  process.exit(2);
}

const version = JSON.parse(readFileSync(path.join(snarkjsDir, "package.json"), "utf8")).version;
if (version !== "0.7.6") {
  process.stderr.write(`expected snarkjs 0.7.6 (package.json pins it), found ${version}\n`);
  process.exit(1);
}
const template = readFileSync(path.join(snarkjsDir, "templates/verifier_groth16.sol.ejs"), "utf8");
const fromZkey = vkPath.endsWith(".zkey");
let sol;
if (fromZkey) {
  const snarkjs = await import(pathToFileURL(path.join(snarkjsDir, "main.js")).href);
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const vk = await snarkjs.zKey.exportVerificationKey(path.resolve(root, vkPath), quiet);
  if (vk.protocol !== "groth16" || vk.curve !== "bn128") {
    process.stderr.write(`${vkPath}: not a groth16 bn128 zkey\n`);
    process.exit(1);
  }
  // What `snarkjs zkey export solidityverifier` runs (cli.js: zkeyExportSolidityVerifier).
  sol = await snarkjs.zKey.exportSolidityVerifier(path.resolve(root, vkPath), { groth16: template }, quiet);
} else {
  const vk = JSON.parse(readFileSync(path.resolve(root, vkPath), "utf8"));
  if (vk.protocol !== "groth16" || vk.curve !== "bn128") {
    process.stderr.write(`${vkPath}: not a groth16 bn128 verifying key\n`);
    process.exit(1);
  }
  sol = ejs.render(template, vk);
}

const declaration = "contract Groth16Verifier {";
if (sol.split(declaration).length !== 2) {
  process.stderr.write("snarkjs's template no longer declares one `contract Groth16Verifier`\n");
  process.exit(1);
}
sol = sol.replace(declaration, `contract ${name} {`);
const licence = "// SPDX-License-Identifier: GPL-3.0\n";
if (!sol.startsWith(licence)) {
  process.stderr.write("snarkjs's template no longer starts with its licence line\n");
  process.exit(1);
}
const command = `node tools/snarkjs/export-solidity-verifier.mjs ${vkPath} ${name} ${out}`;
const header = (fromZkey
  ? `// snarkjs ${version}'s Groth16 verifier (\`snarkjs zkey export solidityverifier\`: its\n` +
    `// zKey.exportSolidityVerifier on the zkey), renamed from Groth16Verifier.\n`
  : `// snarkjs ${version}'s Groth16 verifier (templates/verifier_groth16.sol.ejs rendered with ejs from\n` +
    `// the verifying key, as \`snarkjs zkey export solidityverifier\` does), renamed from Groth16Verifier.\n`) +
  `// Do not edit: regenerate it with\n` +
  `//   ${command}\n`;
sol = licence + header + sol.slice(licence.length);

const outPath = path.resolve(root, out);
if (flag === "--check") {
  let current = "";
  try {
    current = readFileSync(outPath, "utf8");
  } catch {
    // Missing: differs.
  }
  if (current !== sol) {
    process.stderr.write(`${out} differs from what ${command} writes\n`);
    process.exit(1);
  }
} else {
  writeFileSync(outPath, sol);
}
// snarkjs keeps worker threads alive after reading a zkey; exit explicitly.
process.exit(0);
