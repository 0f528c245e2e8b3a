/** Reading a file that may not exist yet (a dataset before its first run, a shard's manifest). */
import { promises as fs } from 'node:fs';

/** The file's text, or undefined when it does not exist (any other read error is thrown). */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
