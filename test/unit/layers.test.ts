/**
 * The layer rules of DESIGN.md §2, enforced: core never imports vscode (at runtime) nor the host, CLI or
 * webview; webview imports only src/shared (and npm packages); only src/host touches the VS Code API.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f))
    .map((f) => path.join(abs, f));
}

/** Runtime imports of a file (type-only imports are erased and allowed). */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const re = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) {
    if (m[2]) continue;
    found.push(m[3] ?? m[4] ?? m[5]);
  }
  return found;
}

function layerOf(fromFile: string, spec: string): string {
  if (!spec.startsWith('.')) return spec === 'vscode' ? 'vscode' : 'package';
  const target = path.relative(ROOT, path.resolve(path.dirname(fromFile), spec)).split(path.sep);
  if (target[0] === 'src') return `src/${target[1]}`;
  return target[0];
}

function violations(dir: string, allowed: (layer: string) => boolean): string[] {
  const bad: string[] = [];
  for (const file of sourceFiles(dir)) {
    for (const spec of runtimeImports(fs.readFileSync(file, 'utf8'))) {
      const layer = layerOf(file, spec);
      if (!allowed(layer)) bad.push(`${path.relative(ROOT, file)} imports ${spec} (${layer})`);
    }
  }
  return bad;
}

describe('layers (DESIGN.md §2)', () => {
  it('recognises runtime and type-only imports', () => {
    const src = `import type { X } from 'vscode';\nimport * as vscode from 'vscode';\nconst a = require('../host/x');\nexport { y } from './y';`;
    assert.deepEqual(runtimeImports(src), ['vscode', '../host/x', './y']);
  });

  it('src/core imports neither vscode nor host, cli, shared or webview code', () => {
    assert.deepEqual(violations('src/core', (l) => l === 'package' || l === 'src/core'), []);
  });

  it('src/shared imports nothing but itself', () => {
    assert.deepEqual(violations('src/shared', (l) => l === 'src/shared'), []);
  });

  it('webview imports only src/shared and browser packages', () => {
    assert.deepEqual(violations('webview', (l) => l === 'package' || l === 'src/shared' || l === 'webview'), []);
  });

  it('src/cli never touches the VS Code API', () => {
    assert.deepEqual(violations('src/cli', (l) => l !== 'vscode' && l !== 'src/host' && l !== 'webview'), []);
  });

  it('src/core uses no DOM globals', () => {
    const dom = /\b(document|window|HTMLElement|localStorage|navigator)\s*[.(]/;
    const bad = sourceFiles('src/core').filter((f) => dom.test(fs.readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));
    assert.deepEqual(bad.map((f) => path.relative(ROOT, f)), []);
  });
});
