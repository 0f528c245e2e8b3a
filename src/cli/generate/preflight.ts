/**
 * Checks made before a generation spends any model call: every input path exists, and the dataset's folder
 * can be written — so a typo or a read-only --out is one clear line at once, not an error after a paid run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CliError } from '../errors';

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Throws a usage error naming the first path that does not exist. */
export async function checkInputsExist(paths: readonly string[]): Promise<void> {
  for (const p of paths) {
    try {
      await fs.stat(p);
    } catch (e) {
      throw new CliError(`${p} ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${reason(e)})`}; give folders or files to read`);
    }
  }
}

/** Throws a usage error naming --out when its folder cannot be created or written, or when it is a folder. */
export async function checkWritable(out: string): Promise<void> {
  const dir = path.dirname(out);
  const fail = (why: string) => new CliError(`cannot write --out ${out}: ${why}; choose a file in a folder you can write to`);
  const stat = await fs.stat(out).catch(() => undefined);
  if (stat?.isDirectory()) throw fail('it is a folder');
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(code === 'EEXIST' || code === 'ENOTDIR' ? `${dir} (or a folder above it) is a file` : reason(e));
  }
  const probe = path.join(dir, `.qaforge-write-test.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(probe, '', { flag: 'wx' });
  } catch (e) {
    throw fail(reason(e));
  }
  await fs.rm(probe, { force: true });
}
