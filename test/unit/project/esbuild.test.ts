/**
 * esbuild.js refuses to build when an entry's source file is missing, instead of shipping a package without
 * that program. Runs the real script in a scratch copy of the repository layout.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const ENTRIES = ['src/host/extension.ts', 'src/cli/main.ts', 'src/core/chunking/worker.ts', 'webview/pipeline/main.ts', 'webview/datasetEditor/main.ts', 'webview/pipeline/mermaidBundle.ts'];

/** A scratch folder holding esbuild.js, the shared node_modules and empty files for the given entries. */
function scratch(entries: string[], sources: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-esbuild-'));
  fs.copyFileSync(path.join(ROOT, 'esbuild.js'), path.join(dir, 'esbuild.js'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const entry of entries) {
    fs.mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
    fs.writeFileSync(path.join(dir, entry), sources[entry] ?? 'export {};\n');
  }
  return dir;
}

describe('esbuild.js', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('fails before building anything, naming each missing entry and its output', () => {
    dir = scratch(ENTRIES.filter((e) => e !== 'src/cli/main.ts' && e !== 'webview/datasetEditor/main.ts'));
    const run = spawnSync(process.execPath, ['esbuild.js'], { cwd: dir, encoding: 'utf8', timeout: 30000 });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /entry source file not found/);
    assert.match(run.stderr, /src\/cli\/main\.ts \(builds dist\/cli\.js\)/);
    assert.match(run.stderr, /webview\/datasetEditor\/main\.ts \(builds dist\/webview\/datasetEditor\.js\)/);
    assert.doesNotMatch(run.stderr, /src\/host\/extension\.ts/);
    assert.equal(fs.existsSync(path.join(dir, 'dist')), false, 'nothing was built');
  });

  it('builds when every entry exists', function () {
    this.timeout(30000);
    dir = scratch(ENTRIES);
    const run = spawnSync(process.execPath, ['esbuild.js'], { cwd: dir, encoding: 'utf8', timeout: 30000 });
    assert.equal(run.status, 0, run.stderr);
    for (const out of ['dist/extension.js', 'dist/cli.js', 'dist/chunkWorker.js', 'dist/webview/pipeline.js', 'dist/webview/datasetEditor.js', 'dist/webview/pipelineDiagram.js']) {
      assert.ok(fs.existsSync(path.join(dir, out)), out);
    }
  });

  it('drops the code guarded by QAFORGE_TEST_HOOKS from the production bundle only (the test commands)', function () {
    this.timeout(60000);
    const hook = "declare const QAFORGE_TEST_HOOKS: boolean;\nif (QAFORGE_TEST_HOOKS) console.log('qaforge.internal.probe');\nexport {};\n";
    dir = scratch(ENTRIES, { 'src/host/extension.ts': hook });
    const production = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: dir, encoding: 'utf8', timeout: 30000 });
    assert.equal(production.status, 0, production.stderr);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'dist/extension.js'), 'utf8'), /qaforge\.internal/);
    const test = spawnSync(process.execPath, ['esbuild.js'], { cwd: dir, encoding: 'utf8', timeout: 30000 });
    assert.equal(test.status, 0, test.stderr);
    assert.match(fs.readFileSync(path.join(dir, 'dist/extension.js'), 'utf8'), /qaforge\.internal\.probe/);
  });
});
