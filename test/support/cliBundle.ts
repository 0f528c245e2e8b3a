/** The `qaforge` CLI bundled once per suite, as `npm run build` bundles it, for end-to-end tests that run it as a process. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/** A bundled CLI in a temporary folder: `cliJs` to run with `node`, `remove()` to delete it. */
export interface CliBundle {
  cliJs: string;
  remove(): void;
}

/** Bundles src/cli/main.ts into a temporary folder (with the shebang `dist/cli.js` has). */
export async function bundleCli(): Promise<CliBundle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-bundle-'));
  const cliJs = path.join(dir, 'cli.js');
  await build({
    entryPoints: [path.join(ROOT, 'src/cli/main.ts')], outfile: cliJs, bundle: true, platform: 'node',
    mainFields: ['module', 'main'], format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, logLevel: 'error',
  });
  return { cliJs, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
