// `npm run test:electron`: the same suites in desktop VS Code downloaded by @vscode/test-electron, for machines
// with internet access (or set VSCODE_EXECUTABLE to a local VS Code). The offline default is `npm run test:vscode`.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { buildTests } = require('./buildTests');
const { prepareWorkspace } = require('./workspace');
const { killAll, startEndpoints } = require('./processes');

const ROOT = path.resolve(__dirname, '..', '..');

async function main() {
  const testsIndex = await buildTests(ROOT, path.join(ROOT, 'out', 'vscode-tests'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-electron-'));
  const endpoints = await startEndpoints({ verbose: Boolean(process.env.VERBOSE), log: (l) => console.log(`[test:electron] ${l}`) });
  const workspace = prepareWorkspace(tmp, endpoints && endpoints.url);
  // Desktop VS Code accepts several development extensions: QA Forge and the test-only chat model provider.
  const devPaths = [ROOT, path.join(__dirname, 'lm-provider')];
  try {
    await runTests({
      extensionDevelopmentPath: devPaths,
      extensionTestsPath: testsIndex,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
      extensionTestsEnv: {
        QAFORGE_TEST_REPORT: path.join(tmp, 'mocha.log'),
        QAFORGE_TEST_ENDPOINT: endpoints ? endpoints.url : '',
        QAFORGE_TEST_SLOW_ENDPOINT: endpoints ? endpoints.slowUrl : '',
    QAFORGE_TEST_LOCKED_ENDPOINT: endpoints ? endpoints.lockedUrl : '',
        QAFORGE_TEST_CONTROL: endpoints ? endpoints.controlUrl : '',
      },
    });
  } finally {
    killAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`test:electron failed: ${e.message || e}`);
  process.exit(1);
});
