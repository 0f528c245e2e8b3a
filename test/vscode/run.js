// `npm run test:vscode`: runs the mocha suites in test/vscode/suite inside a real VS Code (code-server, Node
// extension host) opened in headless Debian Chromium, against the local OpenAI-compatible test endpoint.
// Exit code 0 when every test passed, 1 otherwise. Options: --grep <re> (passed to mocha), --keep (keep temp
// dirs), --shot <png> (screenshot at the end). VERBOSE=1 relays the browser console and code-server's log.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { setup } = require('./setup');
const { buildTests } = require('./buildTests');
const { prepareWorkspace } = require('./workspace');
const { driveTests } = require('./drive');
const { killAll, startEndpoints } = require('./processes');
const { startCodeServer } = require('./codeServer');

const ROOT = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const verbose = Boolean(process.env.VERBOSE);

function log(line) { process.stdout.write(`[test:vscode] ${line}\n`); }

/**
 * The web workbench takes one extensionDevelopmentPath, so test-only extensions (the vscode.lm provider) are
 * copied into the throwaway extensions folder, where VS Code scans them at startup.
 */
function installTestExtensions(extensionsDir) {
  const source = path.join(__dirname, 'lm-provider');
  const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
  fs.cpSync(source, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), { recursive: true });
}

/** The last lines of code-server's log (extension host errors land there), shown when a run fails. */
function printTail(file, lines) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    if (text) log(`last lines of code-server's log:\n${text}`);
  } catch { /* no log */ }
}

/**
 * The sessions of a run: every suite in a trusted workspace, then the `[untrusted]` suites in a workspace
 * that is not trusted (code-server started without --disable-workspace-trust). --grep narrows both.
 */
function sessions() {
  const user = option('--grep');
  const also = user ? `(?=.*(?:${user}))` : '';
  const list = [{ name: 'trusted', trusted: true, grep: `^(?!.*\\[untrusted\\])${also}` }];
  if (!user || /untrusted/.test(user)) list.push({ name: 'untrusted', trusted: false, grep: `^(?=.*\\[untrusted\\])${also}` });
  return list;
}

/** One code-server + Chromium session in its own folder under `tmp`; resolves with 0 when its suites passed. */
async function runSession(session, shared, tmpRoot, secs) {
  const tmp = path.join(tmpRoot, session.name);
  fs.mkdirSync(tmp, { recursive: true });
  const workspace = prepareWorkspace(tmp, shared.endpoints && shared.endpoints.url);
  installTestExtensions(path.join(tmp, 'extensions'));
  const endpoints = shared.endpoints;
  const server = await startCodeServer({ layout: shared.layout, tmp, trusted: session.trusted, verbose, env: {
    QAFORGE_TEST_REPORT: path.join(tmp, 'mocha.log'),
    QAFORGE_TEST_GREP: session.grep,
    // The extension host inherits code-server's environment: suites and the test-only model provider read these.
    QAFORGE_TEST_ENDPOINT: endpoints ? endpoints.url : '',
    QAFORGE_TEST_SLOW_ENDPOINT: endpoints ? endpoints.slowUrl : '',
    QAFORGE_TEST_LOCKED_ENDPOINT: endpoints ? endpoints.lockedUrl : '',
    QAFORGE_TEST_CONTROL: endpoints ? endpoints.controlUrl : '',
  } });
  log(`[${session.name}] code-server up at ${server} (${secs()})`);
  const code = await driveTests({ server, workspace, devPaths: [ROOT], testsIndex: shared.testsIndex, report: path.join(tmp, 'mocha.log'),
    chromium: shared.layout.chromium, screenshot: option('--shot'), verbose, log: (l) => log(`[${session.name}] ${l}`) });
  if (code !== 0) printTail(path.join(tmp, 'code-server.log'), 25);
  return code;
}

async function main() {
  const t0 = Date.now();
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const layout = setup();
  log(`setup ok (${secs()})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-vscode-'));
  let code = 1;
  try {
    const testsIndex = await buildTests(ROOT, path.join(ROOT, 'out', 'vscode-tests'));
    log(`extension and test bundle built (${secs()})`);
    const endpoints = await startEndpoints({ verbose, log }).catch((e) => { log(`test endpoints failed: ${e.message}`); return undefined; });
    if (endpoints) log(`test endpoint at ${endpoints.url} (${secs()})`);
    code = 0;
    for (const session of sessions()) {
      const result = await runSession(session, { layout, testsIndex, endpoints }, tmp, secs);
      if (result !== 0) code = 1;
    }
    log(`${code === 0 ? 'PASSED' : 'FAILED'} in ${secs()}`);
  } catch (e) {
    log(`error: ${e.stack || e.message}`);
    code = 1;
  } finally {
    killAll();
    if (args.includes('--keep')) log(`temp dir kept: ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(code);
}

main();
