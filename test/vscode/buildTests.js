// Builds what the in-host test run loads: the extension (node esbuild.js → dist/) and one CJS test bundle
// (out/vscode-tests/index.js) holding mocha and every test/vscode/suite/**/*.test.ts, with `vscode` external.
'use strict';
const { execFileSync } = require('child_process');
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

/** Every suite file, sorted so the run order is stable. */
function suiteFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...suiteFiles(full));
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}

/**
 * The bundle's entry: `run()` is what VS Code calls for extensionTestsPath. Suites are `require`d inside run()
 * so mocha's globals (describe/it) exist before their top-level code executes.
 */
function entrySource(files, runnerPath) {
  const requires = files.map((f) => `  mocha.suite.emit('pre-require', globalThis, ${JSON.stringify(f)}, mocha);\n  require(${JSON.stringify(f)});`).join('\n');
  return `const { createMocha, runMocha, reportLoadError } = require(${JSON.stringify(runnerPath)});
exports.run = function run() {
  const mocha = createMocha();
  try {
${requires}
  } catch (error) {
    reportLoadError(error);
    throw error;
  }
  return runMocha(mocha);
};
`;
}

/** Builds the extension and the test bundle; returns the absolute path of the bundle's entry. */
async function buildTests(root, outDir) {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  const suiteDir = path.join(root, 'test', 'vscode', 'suite');
  const files = suiteFiles(suiteDir);
  if (files.length === 0) throw new Error(`no *.test.ts under ${suiteDir}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  const outfile = path.join(outDir, 'index.js');
  await esbuild.build({
    stdin: { contents: entrySource(files, path.join(__dirname, 'runner.ts')), resolveDir: suiteDir, sourcefile: 'vscode-tests-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['vscode'],
    // Prefer ESM builds: UMD builds (e.g. jsonc-parser's) require() their parts at run time, which a bundle lacks.
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return outfile;
}

module.exports = { buildTests, suiteFiles };
