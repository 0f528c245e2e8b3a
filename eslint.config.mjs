// ESLint flat config: typescript-eslint's recommended rules for all code, and the layers of DESIGN.md §2 as
// import rules (eslint/layers.mjs), proven layer by layer in test/unit/project/lint.test.ts.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import layersPlugin from './eslint/layers.mjs';

const root = dirname(fileURLToPath(import.meta.url));

/** The core's modules below the pipeline: they may use each other and the domain model, never the pipeline. */
const LOWER = ['chunking', 'dataset', 'graph', 'ingest', 'llm', 'quality', 'text', 'util'];
const inCore = (...modules) => modules.map((m) => `src/core/${m}/**`);
const NO_VSCODE = { forbid: ['vscode'] };
/**
 * The words shown to a user ("3", not "3-3"): one pure module that depends on nothing, so the core's messages
 * and the webviews format alike. The rest of src/shared (the host↔webview protocol) stays out of the core.
 */
const WORDS = ['src/shared/labels'];

/**
 * Every folder of src/ and webview/ with what it may import (see eslint/layers.mjs for the path syntax).
 * Files match the most specific entry; a folder missing here is reported on each of its files.
 */
export const LAYERS = [
  {
    name: 'src/core/domain',
    files: inCore('domain'),
    imports: inCore('domain'),
    typeImports: ['src/core/llm/port'],
    packages: NO_VSCODE,
    why: 'the domain model is the bottom of the core; only the LLM port\'s pure types may be named from it',
  },
  {
    name: 'src/core (below the pipeline)',
    files: inCore(...LOWER),
    imports: [...inCore('domain', ...LOWER), ...WORDS],
    packages: NO_VSCODE,
    why: 'chunking, dataset, graph, ingest, llm, quality, text and util sit below src/core/pipeline and the core\'s barrel',
  },
  {
    name: 'src/core/pipeline',
    files: inCore('pipeline'),
    imports: [...inCore('domain', ...LOWER, 'pipeline'), ...WORDS],
    packages: NO_VSCODE,
    why: 'the pipeline sits below the use cases; the core is pure TypeScript: no vscode, no front end, not its own barrel',
  },
  {
    name: 'src/core/usecases',
    files: inCore('usecases'),
    imports: inCore('domain', ...LOWER, 'pipeline', 'usecases'),
    packages: NO_VSCODE,
    why: 'the use cases (generate into a dataset, regenerate pairs) are the top of the core, for both front ends',
  },
  {
    name: 'src/core (the library API)',
    files: ['src/core'],
    imports: ['src/core/**'],
    packages: NO_VSCODE,
    why: 'the core is pure TypeScript and never imports vscode or a front end',
  },
  {
    name: 'src/shared',
    files: ['src/shared/**'],
    imports: ['src/shared/**'],
    packages: { none: true },
    why: 'the host↔webview protocol runs on both sides, so it depends on nothing',
  },
  {
    name: 'webview',
    files: ['webview/**'],
    imports: ['webview/**', 'src/shared/**'],
    packages: { forbid: ['vscode'], noNodeBuiltins: true },
    why: 'the webview is browser code that talks to the host only through the src/shared protocol',
  },
  {
    name: 'src/cli',
    files: ['src/cli/**'],
    imports: ['src/cli/**', 'src/core', 'src/core/**'],
    packages: NO_VSCODE,
    why: 'the CLI is a front end over the core, beside the extension, never on top of it',
  },
  {
    name: 'src/host',
    files: ['src/host/**'],
    imports: ['src/host/**', 'src/core', 'src/core/**', 'src/shared/**'],
    packages: {},
    why: 'the extension is a front end over the core; the CLI and the webview app are not its code',
  },
];

export default defineConfig(
  { ignores: ['dist/**', 'out/**', '.vscode-test/**', 'test-artifacts/**', '**/fixtures/**', 'node_modules/**'] },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.recommended],
    rules: {
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    // Build scripts, the VS Code test launchers and bench/run.js are CommonJS run by Node as they are.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/imports': ['error', { root, layers: LAYERS }] },
  },
);
