/**
 * Merge shard files into one dataset — the use case behind `qaforge merge`: the pairs of every shard file (a pair
 * in two files counts once, the reviewed or else the canonically first version, whatever the order of the files),
 * merged into the file at `out` with the rules of a re-run (mergeWithSummary: reviewed pairs there are kept unless
 * `replaceReviewed`), written canonically and atomically, with the shards' manifests merged beside it. The same
 * shards merged again, or in another order, give the same bytes; the shards of one corpus give the bytes a single
 * run with the same replies writes.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { comparePairs, pairToLine } from '../dataset/canonical';
import { pairsOf, parseDataset, serializeDataset } from '../dataset/file';
import { manifestPathFor, parseManifest, serializeManifest, type DatasetManifest } from '../dataset/manifest';
import { mergeWithSummary, type MergeSummary } from '../dataset/merge';
import type { DatasetEntry, DatasetPair } from '../dataset/types';
import { writeFileAtomic } from '../util/atomicWrite';
import { UnusableDatasetError } from './generateDataset';
import { mergeManifests } from './mergeManifests';
import { relativePosix } from './sessionFiles';
import { readIfExists } from '../util/readIfExists';

/** A shard file (or its manifest) that cannot be merged; the message names the file, and the line when there is one. */
export class ShardFileError extends Error {
  override name = 'ShardFileError';
}

/** What to merge. */
export interface MergeShardsRequest {
  /** Absolute paths of the shard `.qa.jsonl` files, in any order. */
  inputs: readonly string[];
  /** Absolute path of the merged file (merged into when it exists; may be one of the inputs). */
  out: string;
  /** Let the shards' versions replace pairs a person accepted or edited in `out`. */
  replaceReviewed?: boolean;
  /** Lines worth telling the user (missing manifests, shards that do not fit together). */
  log?: (line: string) => void;
}

/** What a merge did. */
export interface MergeShardsResult {
  merge: MergeSummary;
  /** Pairs in the written file. */
  pairsInFile: number;
  /** Pairs read from the shard files (a pair in two files counted once). */
  pairsInShards: number;
  /** The manifest written, or undefined when no shard had one. */
  manifestPath?: string;
}

const REVIEWED = new Set(['accepted', 'edited', 'rejected']);

/** Which of two versions of a pair the merge keeps: a reviewed one over a draft, else the canonically smaller line. */
function preferred(a: DatasetPair, b: DatasetPair): DatasetPair {
  const ra = REVIEWED.has(a.status);
  if (ra !== REVIEWED.has(b.status)) return ra ? a : b;
  return pairToLine(a) <= pairToLine(b) ? a : b;
}

async function readShard(file: string): Promise<{ pairs: DatasetPair[]; manifest?: DatasetManifest }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ShardFileError(`${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (e as Error).message})`}`);
  }
  const entries = parseDataset(text);
  const invalid = entries.find((e): e is Extract<DatasetEntry, { kind: 'invalid' }> => e.kind === 'invalid');
  if (invalid) throw new ShardFileError(`${file} line ${invalid.line}: ${invalid.error}; fix the shard file (qaforge check lists every problem) before merging`);
  const manifestText = await readIfExists(manifestPathFor(file));
  let manifest: DatasetManifest | undefined;
  if (manifestText !== undefined) {
    try {
      manifest = parseManifest(manifestText);
    } catch (e) {
      throw new ShardFileError(`${manifestPathFor(file)}: ${(e as Error).message}`);
    }
  }
  return { pairs: pairsOf(entries), manifest };
}

/**
 * Merges the shard files into `out` and writes it and its manifest.
 * @throws ShardFileError for a missing or invalid shard file or manifest (nothing is written)
 * @throws UnusableDatasetError when `out` exists and has no valid line
 */
export async function mergeShardFiles(request: MergeShardsRequest): Promise<MergeShardsResult> {
  const log = request.log ?? (() => undefined);
  const byId = new Map<string, DatasetPair>();
  const manifests: DatasetManifest[] = [];
  for (const input of new Set(request.inputs.map((p) => path.resolve(p)))) {
    const shard = await readShard(input);
    for (const pair of shard.pairs) {
      const seen = byId.get(pair.id);
      byId.set(pair.id, seen ? preferred(seen, pair) : pair);
    }
    // the manifest's root is relative to its own folder: rebased onto the merged file's
    if (shard.manifest) manifests.push({ ...shard.manifest, root: relativePosix(path.dirname(request.out), path.resolve(path.dirname(input), shard.manifest.root)) || '.' });
    else log(`${input} has no manifest beside it (${path.basename(manifestPathFor(input))}); its usage is not in the merged manifest`);
  }
  const incoming = [...byId.values()].sort(comparePairs);

  const existingText = await readIfExists(request.out);
  const existing = existingText === undefined ? [] : parseDataset(existingText);
  const invalidLines = existing.filter((e) => e.kind === 'invalid').length;
  if (invalidLines && invalidLines === existing.length) throw new UnusableDatasetError(request.out, invalidLines);
  if (invalidLines) log(`${invalidLines} invalid line${invalidLines === 1 ? '' : 's'} in ${path.basename(request.out)} kept as they are`);
  const merged = mergeWithSummary(existing, incoming, { replaceReviewed: request.replaceReviewed, keepStatus: true });
  await writeFileAtomic(request.out, serializeDataset(merged.entries));

  let manifestPath: string | undefined;
  if (manifests.length) {
    manifestPath = manifestPathFor(request.out);
    const previousText = await readIfExists(manifestPath);
    let previous: DatasetManifest | undefined;
    try {
      previous = previousText === undefined ? undefined : parseManifest(previousText);
    } catch {
      previous = undefined; // an invalid manifest is replaced, as a run replaces it
    }
    // merging into one of the shards: that shard's manifest is an input, not an earlier state to keep
    const earlier = request.inputs.some((p) => path.resolve(p) === path.resolve(request.out)) ? undefined : previous;
    await writeFileAtomic(manifestPath, serializeManifest(mergeManifests({ shards: manifests, dataset: path.basename(request.out), previous: earlier, log })));
  } else {
    log('no shard has a manifest; none written');
  }
  return {
    merge: merged.summary, pairsInShards: incoming.length, manifestPath,
    pairsInFile: merged.entries.filter((e) => e.kind === 'pair').length,
  };
}
