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
