// Bundles the three programs QA Forge ships: the extension host entry, the `qaforge` CLI and the webview app.
// Type-checking is a separate step (`npm run typecheck`), as in vscode-extension-samples/esbuild-sample.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Logs build problems in the `file:line:col: error:` form VS Code's problem matcher understands. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemReporter],
  // The production bundle (what `vsce package` ships) drops the VS Code suites' test commands (src/host/testHooks.ts).
  define: { QAFORGE_TEST_HOOKS: production ? 'false' : 'true' },
};

/** Every program to build: the host, the CLI, the chunk worker and the two webview apps. */
function targets() {
  const list = [
    {
      ...common,
      entryPoints: ['src/host/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      // ESM entry first: jsonc-parser's UMD `main` uses dynamic requires esbuild cannot bundle.
      mainFields: ['module', 'main'],
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    },
    {
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli.js',
      platform: 'node',
      // ESM entry first: jsonc-parser's UMD `main` uses dynamic requires esbuild cannot bundle.
      mainFields: ['module', 'main'],
      format: 'cjs',
      target: 'node20',
      banner: { js: '#!/usr/bin/env node' },
    },
    {
      // Worker thread of the chunk pool (src/core/chunking/pool.ts looks for it next to extension.js / cli.js).
      ...common,
      entryPoints: ['src/core/chunking/worker.ts'],
      outfile: 'dist/chunkWorker.js',
      platform: 'node',
      mainFields: ['module', 'main'],
      format: 'cjs',
      target: 'node20',
    },
  ];
  // The pipeline's diagram renderer (mermaid) is a bundle of its own, loaded by the view after its first paint.
  const webviews = [['pipeline', 'webview/pipeline/main.ts'], ['datasetEditor', 'webview/datasetEditor/main.ts'], ['pipelineDiagram', 'webview/pipeline/mermaidBundle.ts']];
  for (const [name, entry] of webviews) {
    list.push({
      ...common,
      entryPoints: [entry],
      outfile: `dist/webview/${name}.js`,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    });
  }
  return list;
}

/**
 * Refuses to build when an entry's source file is missing: a silently dropped entry ships a package without
 * that program (the extension would fail on activation, or a webview would stay blank).
 */
function checkEntries(list) {
  const missing = list.filter((t) => !fs.existsSync(path.join(__dirname, t.entryPoints[0])));
  if (missing.length === 0) return;
  const lines = missing.map((t) => `  ${t.entryPoints[0]} (builds ${t.outfile})`);
  throw new Error(`esbuild.js: entry source file not found:\n${lines.join('\n')}\nRestore the file, or change its target in esbuild.js.`);
}

async function main() {
  const list = targets();
  checkEntries(list);
  const contexts = await Promise.all(list.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((e) => {
  // A build error was already printed by the problem reporter; other errors say what is wrong in their message.
  console.error(e instanceof Error && !('errors' in e) ? `✘ ${e.message}` : e);
  process.exit(1);
});
