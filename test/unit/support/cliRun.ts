/** Runs the qaforge CLI in process for unit tests, capturing its exit code and output. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/program';
import type { CliIo } from '../../../src/cli/io';

/** What a CLI run returned and printed. */
export interface Captured { code: number; out: string; err: string }

/** Runs `qaforge <argv>` in `cwd` with exactly `env` as its environment. */
export async function cli(argv: string[], cwd = process.cwd(), env: Record<string, string | undefined> = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, env, cwd };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** A fresh temporary folder named after `prefix`. */
export function tempDir(prefix = 'qaforge-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A fresh folder per test holding `docs/kettle.md` (the kettle page), removed after it, and `generate(...flags)`,
 * which runs `qaforge generate docs --out ds/k.qa.jsonl --provider offline --no-cache` there. Call inside a describe.
 */
export function kettleWorkspace(page: string): { dir(): string; generate(...flags: string[]): Promise<Captured> } {
  let dir = '';
  beforeEach(() => {
    dir = tempDir();
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs/kettle.md'), page);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    generate: (...flags) => cli(['generate', 'docs', '--out', 'ds/k.qa.jsonl', '--provider', 'offline', '--no-cache', ...flags], dir),
  };
}
