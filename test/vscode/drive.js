// Opens code-server in headless Chromium with the extension-test payload (extensionDevelopmentPath +
// extensionTestsPath), relays the in-host mocha report while it grows, and resolves with VS Code's exit code.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

const RUN_TIMEOUT_MS = Number(process.env.QAFORGE_VSCODE_TIMEOUT_MS || 240000);

/** Prints what the in-host reporter appended to `file` since the last call. */
function follower(file, write) {
  let offset = 0;
  return () => {
    let text = '';
    try {
      const buf = fs.readFileSync(file);
      text = buf.subarray(offset).toString('utf8');
      offset = buf.length;
    } catch { return; }
    if (text) write(text);
  };
}

/**
 * @param {{ server: string, workspace: string, devPaths: string[], testsIndex: string, report: string,
 *   chromium: string, screenshot?: string, verbose: boolean, log: (line: string) => void }} o
 * @returns {Promise<number>} 0 when VS Code reported success.
 */
async function driveTests(o) {
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-chromium-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: o.chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const relay = follower(o.report, (t) => process.stdout.write(t));
  const timer = setInterval(relay, 500);
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    page.on('console', (m) => { if (o.verbose) console.log(`[browser ${m.type()}] ${m.text()}`); });
    page.on('pageerror', (e) => { if (o.verbose) console.log('[pageerror]', e.message); });
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (_type, args) => { if (o.verbose) console.log('[host]', ...(args || [])); });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    const payload = [
      ...o.devPaths.map((p) => ['extensionDevelopmentPath', `vscode-remote://remote${p}`]),
      ['extensionTestsPath', `vscode-remote://remote${o.testsIndex}`],
    ];
    const target = o.workspace.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(o.workspace)}` : `folder=${encodeURIComponent(o.workspace)}`;
    const url = `${o.server}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    o.log('workbench loaded; running suites in the extension host');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('TIMEOUT'), RUN_TIMEOUT_MS))]);
    relay();
    if (code === 'TIMEOUT') o.log(`no codeAutomationExit within ${RUN_TIMEOUT_MS / 1000}s (set QAFORGE_VSCODE_TIMEOUT_MS to change)`);
    if (o.screenshot) await page.screenshot({ path: o.screenshot }).catch((e) => o.log(`screenshot failed: ${e.message}`));
    return code === 0 ? 0 : 1;
  } finally {
    clearInterval(timer);
    await ctx.close().catch(() => undefined);
    fs.rmSync(udd, { recursive: true, force: true });
  }
}

module.exports = { driveTests };
