/**
 * Generate into a dataset — the one use case behind `qaforge generate`, the extension's Generate commands and
 * the reference-library facade: sources → run (documents, sessions, or both with the pair count split between
 * them) → dataset pairs → merge into the existing file (read once) → atomic write → manifest. The front ends
 * keep only their UI: how sources are picked, progress, messages.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseDataset, serializeDataset } from '../dataset/file';
import { pairsFromRun } from '../dataset/fromRun';
import { buildManifest, manifestPathFor, parseManifest, serializeManifest, type DatasetManifest, type ManifestShard } from '../dataset/manifest';
import { mergeWithSummary, type MergeSummary } from '../dataset/merge';
import { sourceReader, sourceTextsOf } from '../dataset/sources';
import type { DatasetEntry } from '../dataset/types';
import type { RunEvent } from '../domain/events';
import type { GenerationParams } from '../domain/params';
import type { RunResult } from '../domain/records';
import type { Session, SourceDocument } from '../ingest/types';
import type { FatalLlmError, LlmPort } from '../llm/port';
import { QAWorkflowGraph } from '../pipeline/workflow';
import { sha256 } from '../text/hash';
import { writeFileAtomic } from '../util/atomicWrite';
import { combineResults, splitPairs } from './combine';
import { fatalGuard, type FatalGuard } from './fatalGuard';
import { relativePosix } from './sessionFiles';
import { readIfExists } from '../util/readIfExists';

/** Which half of a run an event belongs to (a run over documents and sessions runs the workflow twice). */
export type RunPart = 'documents' | 'sessions';

/** What to generate from: documents, sessions, or both. */
export interface GenerationSources {
  /** Documents, paths relative to `sourceRoot`. */
  documents: readonly SourceDocument[];
  /** Sessions, files relative to `sourceRoot`. */
  sessions: readonly Session[];
}

/** Where the pairs go and how paths are mapped. */
export interface DatasetTarget {
  /** Absolute path of the `.qa.jsonl` file. */
  datasetPath: string;
  /** Absolute folder the dataset's paths are relative to (the workspace folder holding the dataset). */
  datasetRoot: string;
  /** Absolute folder the sources' paths are relative to (the ingest root). */
  sourceRoot: string;
}

/** How the run's pairs are merged. */
export interface GenerateOptions {
  /** Let regenerated pairs replace pairs a person accepted or edited (rejected ones never are). */
  replaceReviewed?: boolean;
  /** Write only pairs at or above the validation threshold. */
  validatedOnly?: boolean;
}

/** How a front end follows and steers the run. */
export interface GenerationHooks {
  /** Every run event; `both` when documents and sessions run one after the other. */
  onEvent?: (event: RunEvent, part: RunPart, both: boolean) => void;
  /** Lines worth telling the user (invalid lines kept, reviewed pairs kept). */
  log?: (line: string) => void;
  signal?: AbortSignal;
  /**
   * Asked when the run regenerated `count` pairs a person accepted or edited and `replaceReviewed` is off:
   * true replaces them. Without it they are kept (reviewed work changes only on an explicit choice).
   */
  confirmReplaceReviewed?: (count: number) => Promise<boolean>;
  /** The clock (default: the system's); a fixed one makes the manifest reproducible. */
  now?: () => Date;
}

/** Everything one generation needs. */
export interface GenerateDatasetRequest {
  sources: GenerationSources;
  target: DatasetTarget;
  params: GenerationParams;
  llm: LlmPort;
  /** Model calls in flight at once. */
  concurrency?: number;
  /** How many calls a stage splits into, when not `concurrency` (a batch run: the live concurrency). */
  splitCalls?: number;
  options?: GenerateOptions;
  hooks?: GenerationHooks;
  /** A batch run: the ids of its jobs (read when the manifest is written), recorded in the manifest. */
  batchJobIds?: readonly string[];
  /** A sharded run (`generate --shard i/n`): recorded in the manifest for `qaforge merge`. */
  shard?: ManifestShard;
}

/** What a generation did. */
export interface GenerateDatasetResult {
  /** The run (both halves combined); status `failed` when a fatal model error stopped it. */
  result: RunResult;
  /** The model error no retry can cure that stopped the run, if one did. */
  fatal?: FatalLlmError;
  /** False when the run produced no pair: nothing was written. */
  written: boolean;
  merge: MergeSummary;
  /** Pairs in the dataset file after the write. */
  pairsInFile: number;
  /** Invalid lines of the existing file, kept as they are. */
  invalidLines: number;
  manifestPath: string;
}

/** The existing dataset file cannot be merged into (every line is invalid). */
export class UnusableDatasetError extends Error {
  override name = 'UnusableDatasetError';
  constructor(readonly datasetPath: string, readonly invalidLines: number) {
    super(`${datasetPath} exists and has no valid dataset line (${invalidLines} invalid)`);
  }
}

const EMPTY_MERGE: MergeSummary = { added: 0, replaced: 0, unchanged: 0, keptReviewed: 0 };

async function readPreviousManifest(datasetPath: string): Promise<DatasetManifest | undefined> {
  const text = await readIfExists(manifestPathFor(datasetPath));
  if (text === undefined) return undefined;
  try {
    return parseManifest(text);
  } catch {
    return undefined; // an invalid manifest is replaced, not merged
  }
}

/** Runs the workflow over the documents, then the sessions (not after a stopped or failed documents run). */
async function runWorkflow(request: GenerateDatasetRequest, guard: FatalGuard): Promise<RunResult> {
  const { llm, signal } = guard;
  const { documents, sessions } = request.sources;
  const { params } = request;
  const both = documents.length > 0 && sessions.length > 0;
  const [docPairs, sessionPairs] = both
    ? splitPairs(params.numPairs,
      documents.reduce((n, d) => n + d.text.length, 0),
      sessions.reduce((n, s) => n + s.messages.reduce((m, x) => m + x.content.length, 0), 0),
      documents.length, sessions.length)
    : [params.numPairs, params.numPairs];
  const clock = request.hooks?.now ? () => request.hooks!.now!().getTime() : undefined;
  const workflow = (part: RunPart) => new QAWorkflowGraph({
    llm, concurrency: request.concurrency, splitCalls: request.splitCalls, signal, clock,
    // A run aborted on a fatal model error failed; it was not cancelled by the user.
    onEvent: (event) => request.hooks?.onEvent?.(event.type === 'run-finished' && event.status === 'cancelled' && guard.fatal() ? { ...event, status: 'failed' } : event, part, both),
  });
  const results: RunResult[] = [];
  if (documents.length) results.push(await workflow('documents').runFromDocuments([...documents], { ...params, numPairs: docPairs }));
  if (sessions.length && !signal.aborted && (results[0]?.status ?? 'completed') === 'completed') {
    results.push(await workflow('sessions').runFromSessions([...sessions], {}, { ...params, numPairs: sessionPairs }));
  }
  // Both runs: the manifest records the params as the user gave them (total pair count), not one half's.
  return results.length > 1 ? { ...results.reduce(combineResults), params } : results[0];
}

/** sha256 of each source file's bytes, by dataset path: documents carry theirs; a transcript file is hashed once. */
async function sourceHashes(request: GenerateDatasetRequest, mapPath: (p: string) => string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const doc of request.sources.documents) {
    if (!doc.path.startsWith('inline-') && !doc.session) hashes[mapPath(doc.path)] = doc.hash;
  }
  for (const file of new Set(request.sources.sessions.map((s) => s.file))) {
    try {
      hashes[mapPath(file)] = sha256(await fs.readFile(path.resolve(request.target.sourceRoot, ...file.split('/'))));
    } catch {
      // sessions given in code (no file) have nothing to hash
    }
  }
  return hashes;
}

/**
 * Generates pairs from the sources and merges them into the dataset file, writing it and its manifest
 * atomically — also after a stopped or failed run, so no pair produced is lost. Writes nothing when the run
 * produced no pair.
 * @throws UnusableDatasetError before any model call when the existing file has no valid line
 */
export async function generateDataset(request: GenerateDatasetRequest): Promise<GenerateDatasetResult> {
  const { target, hooks = {}, options = {} } = request;
  const log = hooks.log ?? (() => undefined);
  const manifestPath = manifestPathFor(target.datasetPath);
  const existingText = await readIfExists(target.datasetPath);
  let existing: DatasetEntry[] = existingText === undefined ? [] : parseDataset(existingText);
  const invalidLines = existing.filter((e) => e.kind === 'invalid').length;
  if (invalidLines && invalidLines === existing.length) throw new UnusableDatasetError(target.datasetPath, invalidLines);
  if (invalidLines) log(`${invalidLines} invalid line${invalidLines === 1 ? '' : 's'} in ${path.basename(target.datasetPath)} kept as they are`);

  const guard = fatalGuard(request.llm, hooks.signal);
  let result: RunResult;
  try {
    result = await runWorkflow(request, guard);
  } finally {
    guard.dispose();
  }
  const fatal = guard.fatal();
  // The run was aborted on it (or failed on it): a failure, not an interruption.
  if (fatal) result = { ...result, status: 'failed' };
  if (result.qaPairs.length === 0) return { result, fatal, written: false, merge: EMPTY_MERGE, pairsInFile: 0, invalidLines, manifestPath };

  const mapPath = (p: string): string => relativePosix(target.datasetRoot, path.resolve(target.sourceRoot, ...p.split('/')));
  const texts = await sourceTextsOf(request.sources.documents, sourceReader(target.sourceRoot));
  const incoming = pairsFromRun(result, {
    mapPath, sourceText: (p) => texts.get(p), sessions: request.sources.sessions, validatedOnly: options.validatedOnly,
  });
  // The file is read once; only when something else wrote it during the run is it read again, so no edit is lost.
  const nowText = await readIfExists(target.datasetPath);
  if (nowText !== existingText) existing = nowText === undefined ? [] : parseDataset(nowText);
  let merged = mergeWithSummary(existing, incoming, { replaceReviewed: options.replaceReviewed });
  if (!options.replaceReviewed) {
    const forced = mergeWithSummary(existing, incoming, { replaceReviewed: true });
    const reviewedChanged = forced.summary.replaced - merged.summary.replaced;
    if (reviewedChanged > 0) {
      if (hooks.confirmReplaceReviewed && await hooks.confirmReplaceReviewed(reviewedChanged)) merged = forced;
      else log(`${reviewedChanged} pair${reviewedChanged === 1 ? '' : 's'} a person accepted or edited kept as reviewed; the run's new version${reviewedChanged === 1 ? ' was' : 's were'} not written`);
    }
  }
  await writeFileAtomic(target.datasetPath, serializeDataset(merged.entries));

  const manifest = buildManifest({
    result,
    dataset: path.basename(target.datasetPath),
    root: relativePosix(path.dirname(manifestPath), target.datasetRoot) || '.',
    sources: await sourceHashes(request, mapPath),
    previous: await readPreviousManifest(target.datasetPath),
    now: hooks.now?.(),
    batchJobIds: request.batchJobIds,
    shard: request.shard,
  });
  await writeFileAtomic(manifestPath, serializeManifest(manifest));
  return {
    result, fatal, written: true, merge: merged.summary, invalidLines, manifestPath,
    pairsInFile: merged.entries.filter((e) => e.kind === 'pair').length,
  };
}
