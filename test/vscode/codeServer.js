// Starts code-server (VS Code in the browser, Node extension host) in a throwaway folder: HOME/XDG, user data,
// extensions and config all inside `tmp`, a free port, the smoke-test driver on, and waits for /healthz.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { startGroup } = require('./processes');

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function environment(layout, tmp, extraEnv) {
  return {
    ...process.env,
    HOME: path.join(tmp, 'home'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    PATH: `${path.dirname(layout.nodeBin)}${path.delimiter}${process.env.PATH}`,
    ...extraEnv,
  };
}

function baseArgs(layout, tmp) {
  return [layout.entry, '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions')];
}

/** Installs a .vsix into the throwaway extensions folder the way a user would (`--install-extension`). */
function installVsix(layout, tmp, vsix) {
  execFileSync(layout.nodeBin, [...baseArgs(layout, tmp), '--install-extension', vsix], { env: environment(layout, tmp, {}), stdio: 'pipe' });
}

/**
 * Starts code-server; resolves with its URL once /healthz answers.
 * @param {{ layout: object, tmp: string, trusted: boolean, env?: Record<string, string>, verbose?: boolean }} o
 */
async function startCodeServer(o) {
  const { layout, tmp } = o;
  for (const d of ['home', 'user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache']) fs.mkdirSync(path.join(tmp, d), { recursive: true });
  const config = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const port = await freePort();
  const argv = [...baseArgs(layout, tmp), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', ...(o.trusted ? ['--disable-workspace-trust'] : []), '--disable-getting-started-override',
    '--config', config, '--vscode-option', 'enable-smoke-test-driver'];
  const child = startGroup(layout.nodeBin, argv, { cwd: tmp, env: environment(layout, tmp, o.env || {}) });
  const serverLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));
  child.stdout.pipe(serverLog);
  child.stderr.pipe(serverLog);
  if (o.verbose) { child.stdout.pipe(process.stderr); child.stderr.pipe(process.stderr); }
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${path.join(tmp, 'code-server.log')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return `http://127.0.0.1:${port}`;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not answer /healthz within 60s');
}

module.exports = { startCodeServer, installVsix, freePort };
