/**
 * The layers of DESIGN.md §2 are enforced by two tools: the `layers/imports` lint rule (its zones are proven in
 * lint.test.ts) and one tsconfig per layer that gives the layer only its own globals. Neither tool can say that it
 * is switched off, so this test checks what they cannot: that every source file is linted with the layer rule,
 * that each layer's compiler options really withhold the DOM, Node and VS Code globals, that every source file
 * is type-checked by its own layer's tsconfig, and that `npm test` and `vscode:prepublish` run both.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** Repository-relative TypeScript sources under `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

interface LayerConfig {
  dir: string;
  dom: boolean;
  node: boolean;
  vscode: boolean;
}

/** Which globals each layer may see (DESIGN.md §2). */
const LAYER_CONFIGS: LayerConfig[] = [
  { dir: 'src/core', dom: false, node: true, vscode: false },
  { dir: 'src/shared', dom: false, node: false, vscode: false },
  { dir: 'webview', dom: true, node: false, vscode: false },
  { dir: 'src/cli', dom: false, node: true, vscode: false },
  { dir: 'src/host', dom: false, node: true, vscode: true },
];

function parseConfig(dir: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, dir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(parsed, `${dir}/tsconfig.json parses`);
  assert.deepEqual(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `${dir}/tsconfig.json has no errors`);
  return parsed;
}

describe('layers: the tools that enforce them are switched on', () => {
  it('every source file of src/ and webview/ is linted with the layer rule as an error', async function () {
    this.timeout(30000);
    const eslint = new ESLint({ cwd: ROOT });
    const files = [...sources('src'), ...sources('webview')];
    assert.ok(files.length > 100, `found the sources (${files.length})`);
    const unchecked: string[] = [];
    for (const file of files) {
      const abs = path.join(ROOT, file);
      const config = (await eslint.isPathIgnored(abs)) ? undefined : await eslint.calculateConfigForFile(abs);
      const rule = config?.rules?.['layers/imports'];
      if (!Array.isArray(rule) || rule[0] !== 2) unchecked.push(file);
    }
    assert.deepEqual(unchecked, []);
  });

  for (const layer of LAYER_CONFIGS) {
    it(`${layer.dir}/tsconfig.json gives ${layer.dir} only its own globals and checks all of its files`, () => {
      const { options, fileNames } = parseConfig(layer.dir);
      const libs = (options.lib ?? []).map((l) => path.basename(l));
      assert.equal(libs.includes('lib.dom.d.ts'), layer.dom, `DOM lib: ${libs.join(', ')}`);
      const types = options.types ?? [];
      assert.ok(options.types, 'types are listed, so no @types package is included by default');
      assert.equal(types.includes('node'), layer.node, `types: ${types.join(', ')}`);
      assert.equal(types.includes('vscode'), layer.vscode, `types: ${types.join(', ')}`);
      if (!layer.vscode) {
        // An explicit `import 'vscode'` would still find @types/vscode; the layer maps it to an empty module.
        const target = options.paths?.vscode?.[0];
        assert.ok(target, "'vscode' is mapped away");
        const stub = path.resolve(ROOT, layer.dir, target);
        assert.match(fs.readFileSync(stub, 'utf8'), /^export \{\};$/m);
      }
      const checked = new Set(fileNames.map((f) => path.relative(ROOT, f).split(path.sep).join('/')));
      assert.deepEqual(sources(layer.dir).filter((f) => !checked.has(f)), [], 'every file of the layer is in its program');
    });
  }

  it('the tests see mocha, Node, vscode and the DOM (page callbacks), and include the benchmarks', () => {
    const { options, fileNames } = parseConfig('test');
    assert.deepEqual([...(options.types ?? [])].sort(), ['mocha', 'node', 'vscode']);
    assert.ok(fileNames.some((f) => f.includes(`${path.sep}bench${path.sep}`)), 'bench/ is checked');
  });

  it('npm run typecheck checks every layer tsconfig; npm test lints and type-checks before building; prepublish type-checks', () => {
    const typecheck = manifest.scripts.typecheck;
    for (const dir of [...LAYER_CONFIGS.map((l) => l.dir), 'test']) {
      assert.match(typecheck, new RegExp(`tsc -p ${dir}(\\s|$)`), `typecheck runs ${dir}/tsconfig.json`);
    }
    // the system-dependency check (test/systemDeps.js) may come first; then lint and type checks before the build
    const steps = manifest.scripts.test.split('&&').map((s) => s.trim()).filter((s) => s !== 'node test/systemDeps.js');
    assert.deepEqual(steps.slice(0, 3), ['npm run lint', 'npm run typecheck', 'npm run build']);
    assert.match(manifest.scripts.lint, /^eslint\b/);
    assert.match(manifest.scripts['vscode:prepublish'], /^npm run typecheck && /);
  });
});
