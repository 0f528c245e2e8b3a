// Child processes of a test run: each started as a process-group leader and killed as a whole group at the
// end (code-server's extension host and file watcher would otherwise outlive it), plus the test endpoints.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const children = [];

/** Spawns `cmd` in its own process group, stdout/stderr piped. */
function startGroup(cmd, argv, options) {
  const child = spawn(cmd, argv, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Kills every group started here (idempotent). */
function killAll() {
  for (const child of children) {
    if (child.pid === undefined) continue;
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(130); });

/**
 * Starts the test endpoints (test/vscode/endpoints.ts over H2's test double): resolves with
 * { url, slowUrl, controlUrl }, or undefined when the test double is not there.
 */
function startEndpoints({ verbose, log }) {
  if (!fs.existsSync(path.join(ROOT, 'test', 'support', 'testEndpoint.ts'))) {
    log('test endpoint not found (test/support/testEndpoint.ts); suites needing it will skip');
    return Promise.resolve(undefined);
  }
  const child = startGroup(process.execPath, ['--import', 'tsx', path.join(__dirname, 'endpoints.ts')], { cwd: ROOT });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`test endpoints printed nothing within 30s; output: ${out}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.trim().startsWith('{') && l.trim().endsWith('}'));
      if (line) { clearTimeout(timer); resolve(JSON.parse(line)); }
    });
    child.stderr.on('data', (d) => { if (verbose) process.stderr.write(`[endpoint] ${d}`); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`test endpoints exited with ${code}: ${out}`)); });
  });
}

module.exports = { startGroup, killAll, startEndpoints };
