/**
 * Writes a run into its dataset file: merges the run's pairs into what is already there (reviewed pairs kept),
 * writes `<name>.qa.jsonl` and its manifest atomically. Paths in the file are relative to the workspace folder
 * that holds the dataset file (multi-root: that folder, not the one the sources came from).
 */
import * as fs from 'fs/promises';
import * as path from 'path';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseDataset, serializeDataset } from '../../core/dataset/file';
import { pairsFromRun } from '../../core/dataset/fromRun';
import { buildManifest, manifestPathFor, parseManifest, serializeManifest, type DatasetManifest } from '../../core/dataset/manifest';
import { mergeWithSummary, type MergeSummary } from '../../core/dataset/merge';
import { sourceReader, sourceTextsOf } from '../../core/dataset/sources';
import type { Session, SourceDocument } from '../../core/ingest/types';
import type { RunResult } from '../../core/domain/records';

/** Where a run's pairs go and where its sources are. */
export interface DatasetTarget {
  /** Absolute path of the `.qa.jsonl` file. */
  datasetPath: string;
  /** Absolute path of the workspace folder that holds the dataset file: dataset paths are relative to it. */
  datasetRoot: string;
  /** Absolute path the documents' paths are relative to (the ingest root). */
  sourceRoot: string;
}

/** What was written. */
export interface WriteOutcome {
  summary: MergeSummary;
  pairsInFile: number;
  manifestPath: string;
}

/** Forward-slash path of `abs` relative to `root`. */
export function relativePosix(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Merges `result` into the dataset file and rewrites it with its manifest. */
export async function writeRunToDataset(
  result: RunResult,
  target: DatasetTarget,
  inputs: { documents: readonly SourceDocument[]; sessions?: readonly Session[] },
): Promise<WriteOutcome> {
  const mapPath = (p: string): string => relativePosix(target.datasetRoot, path.resolve(target.sourceRoot, p));
  const textOf = await sourceTextsOf(inputs.documents, sourceReader(target.sourceRoot));
  const incoming = pairsFromRun(result, { mapPath, sourceText: (p) => textOf.get(p), sessions: inputs.sessions });

  const existingText = await readIfExists(target.datasetPath);
  const existing = existingText === undefined ? [] : parseDataset(existingText);
  const { entries, summary } = mergeWithSummary(existing, incoming);
  await writeFileAtomic(target.datasetPath, serializeDataset(entries));

  const manifestPath = manifestPathFor(target.datasetPath);
  let previous: DatasetManifest | undefined;
  const previousText = await readIfExists(manifestPath);
  if (previousText !== undefined) {
    try {
      previous = parseManifest(previousText);
    } catch {
      previous = undefined; // an invalid manifest is replaced, not merged
    }
  }
  const sources: Record<string, string> = {};
  for (const doc of inputs.documents) if (!doc.path.startsWith('inline-')) sources[mapPath(doc.session?.file ?? doc.path)] = doc.hash;
  const manifest = buildManifest({
    result,
    dataset: path.basename(target.datasetPath),
    root: relativePosix(path.dirname(manifestPath), target.datasetRoot) || '.',
    sources,
    previous,
  });
  await writeFileAtomic(manifestPath, serializeManifest(manifest));
  return { summary, pairsInFile: entries.filter((e) => e.kind === 'pair').length, manifestPath };
}
