#!/usr/bin/env node
// A solc-compatible front end over solc-js, for forge.
//
// No native solc can be downloaded on the machines this project targets, so foundry.toml points
// `solc` at ./solc (next to this file), which runs this script. forge calls it in two ways:
//   solc --version
//   solc --standard-json [--allow-paths P] [--base-path P] [--include-path P]... < input.json
// and expects the native binary's output. solcjs's own CLI rejects --allow-paths, so this script
// calls solc-js's compile() directly with an import callback honouring --base-path and
// --include-path (resolution order: as given if absolute, base path, then each include path).
'use strict';

const fs = require('fs');
const path = require('path');

const solc = require('solc');

function fail(msg) {
  process.stderr.write(`solc wrapper: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { version: false, standardJson: false, basePath: null, includePaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--version') opts.version = true;
    else if (a === '--standard-json') opts.standardJson = true;
    else if (a === '--base-path') opts.basePath = value();
    else if (a === '--include-path') opts.includePaths.push(value());
    else if (a === '--allow-paths') value(); // solc-js reads files only through our callback
    else if (a.startsWith('--base-path=')) opts.basePath = a.slice('--base-path='.length);
    else if (a.startsWith('--include-path=')) opts.includePaths.push(a.slice('--include-path='.length));
    else if (a.startsWith('--allow-paths=')) { /* ignored, see above */ }
    else if (a === '-' ) { /* stdin marker */ }
    else fail(`unsupported argument ${JSON.stringify(a)} (this wrapper supports --version and --standard-json)`);
  }
  return opts;
}

function nativeVersion() {
  // solc-js reports e.g. 0.8.30+commit.73712a01.Emscripten.clang; forge parses the line below.
  const v = solc.version().replace(/\.Emscripten\.clang$/, '.Linux.g++');
  return `solc, the solidity compiler commandline interface\nVersion: ${v}\n`;
}

function makeImportCallback(opts) {
  const roots = [];
  if (opts.basePath) roots.push(path.resolve(opts.basePath));
  else roots.push(process.cwd());
  for (const p of opts.includePaths) roots.push(path.resolve(p));
  return function findImports(importPath) {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : roots.map((r) => path.join(r, importPath));
    for (const c of candidates) {
      try {
        return { contents: fs.readFileSync(c, 'utf8') };
      } catch (_) {
        /* try the next root */
      }
    }
    return { error: `File not found: ${importPath} (searched ${candidates.join(', ')})` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.version) {
    process.stdout.write(nativeVersion());
    return;
  }
  if (!opts.standardJson) fail('expected --version or --standard-json');
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    const input = Buffer.concat(chunks).toString('utf8');
    const out = solc.compile(input, { import: makeImportCallback(opts) });
    process.stdout.write(out);
  });
}

main();
