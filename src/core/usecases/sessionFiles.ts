/**
 * Transcript files as a run reads them: parsed into sessions named by their root-relative file. (The manifest
 * hashes the file's bytes itself, see generateDataset, so no front end can record another hash.)
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseSessionFile } from '../ingest/sessions/index';
import type { Session } from '../ingest/types';

/** A transcript file that cannot be read or parsed; the message names the file. */
export class SessionFileError extends Error {
  override name = 'SessionFileError';
}

/** Forward-slash path of `abs` relative to `root`. */
export function relativePosix(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * Reads and parses transcript files (absolute paths); session files are named relative to `root`.
 * @throws SessionFileError naming the file that cannot be read or parsed
 */
export async function loadSessionFiles(files: readonly string[], root: string): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const file of files) {
    const rel = relativePosix(root, file);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (e) {
      throw new SessionFileError(`cannot read transcript ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      sessions.push(...parseSessionFile(rel, bytes.toString('utf8')));
    } catch (e) {
      throw new SessionFileError((e as Error).message);
    }
  }
  return sessions;
}
