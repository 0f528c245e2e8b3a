/** Reading a dataset file and its manifest from disk for the commands. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseDataset } from '../core/dataset/file';
import { manifestPathFor, parseManifest, ManifestError, type DatasetManifest } from '../core/dataset/manifest';
import type { DatasetEntry } from '../core/dataset/types';
import { CliError, EXIT } from './errors';

/** Text of a file, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`, EXIT.failed);
  }
}

/** Parsed entries of a dataset file that must exist. */
export async function readDataset(file: string): Promise<DatasetEntry[]> {
  const text = await readIfExists(file);
  if (text === undefined) throw new CliError(`${file} does not exist; give the path of a .qa.jsonl dataset`);
  return parseDataset(text);
}

/** The manifest beside a dataset: undefined when absent; `problems` when present but invalid. */
export async function readManifest(datasetFile: string): Promise<{ file: string; manifest?: DatasetManifest; problems?: string[] }> {
  const file = manifestPathFor(datasetFile);
  const text = await readIfExists(file);
  if (text === undefined) return { file };
  try {
    return { file, manifest: parseManifest(text) };
  } catch (e) {
    if (e instanceof ManifestError) return { file, problems: e.problems };
    throw e;
  }
}

/** A path for messages: relative to cwd when inside it. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}
