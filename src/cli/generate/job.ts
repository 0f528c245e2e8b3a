/**
 * The generate job: read the inputs, run the workflow with progress, then merge the pairs into the dataset file
 * and write it and its manifest atomically — also after a stopped or failed run, so no pair is lost.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { serializeDataset } from '../../core/dataset/file';
import { pairsFromRun } from '../../core/dataset/fromRun';
import { buildManifest, manifestPathFor, serializeManifest } from '../../core/dataset/manifest';
import { mergeWithSummary, type MergeSummary } from '../../core/dataset/merge';
import { loadDocuments, type IngestOptions } from '../../core/ingest/index';
import { parseSessionFile } from '../../core/ingest/sessions/index';
import type { Session, SourceDocument } from '../../core/ingest/types';
import type { LlmPort } from '../../core/llm/port';
import type { GenerationParams } from '../../core/domain/params';
import type { RunResult } from '../../core/domain/records';
import { QAWorkflowGraph } from '../../core/pipeline/workflow';
import { sha256 } from '../../core/text/hash';
import { readDataset, readManifest, readIfExists } from '../datasetFiles';
import { CliError, EXIT } from '../errors';
import { progressPrinter } from '../progress';
import { sourceReader, sourceTextsOf } from '../../core/dataset/sources';
import { combineResults, splitPairs } from './combine';
import { estimateLine, type EstimateModel } from './estimate';
import { fatalGuard } from './fatalGuard';
import { checkInputsExist, checkWritable } from './preflight';

/** Everything the job needs, already validated. */
export interface GenerateJob {
  paths: string[];
  sessionFiles: string[];
  /** Absolute path of the dataset file. */
  out: string;
  /** Absolute workspace root; source paths in the dataset are relative to it. */
  root: string;
  params: GenerationParams;
  llm: LlmPort;
  concurrency?: number;
  ingest: IngestOptions;
  replaceReviewed: boolean;
  /** Write only pairs at or above the threshold. */
  validatedOnly?: boolean;
  verbose: boolean;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** The model to print a before-the-run estimate for (none for the offline engine). */
  estimate?: EstimateModel;
}

/** What the job did. */
export interface GenerateOutcome {
  result: RunResult;
  merge: MergeSummary;
  total: number;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

async function readSessions(job: GenerateJob): Promise<{ sessions: Session[]; hashes: Record<string, string> }> {
  const sessions: Session[] = [];
  const hashes: Record<string, string> = {};
  for (const file of job.sessionFiles) {
    const rel = toPosix(path.relative(job.root, file));
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (e) {
      throw new CliError(`cannot read transcript ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      sessions.push(...parseSessionFile(rel, bytes.toString('utf8')));
    } catch (e) {
      throw new CliError(`${(e as Error).message}`);
    }
    hashes[rel] = sha256(bytes);
  }
  return { sessions, hashes };
}

async function readDocuments(job: GenerateJob): Promise<SourceDocument[]> {
  if (!job.paths.length) return [];
  const { documents, skipped } = await loadDocuments(job.paths, job.root, { ...job.ingest, signal: job.signal });
  if (skipped.length) {
    job.log(`skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}${job.verbose ? '' : ' (--verbose lists them)'}`);
    if (job.verbose) for (const s of skipped) job.log(`  ${s.path}: ${s.reason}`);
  }
  return documents;
}

/** Runs the workflow over the documents, then the sessions (not after a stopped or failed documents run). */
async function run(job: GenerateJob, documents: SourceDocument[], sessions: Session[], failedBy: () => Error | undefined): Promise<RunResult> {
  const both = documents.length > 0 && sessions.length > 0;
  const [docPairs, sessionPairs] = both
    ? splitPairs(job.params.numPairs,
      documents.reduce((n, d) => n + d.text.length, 0),
      sessions.reduce((n, s) => n + s.messages.reduce((m, x) => m + x.content.length, 0), 0))
    : [job.params.numPairs, job.params.numPairs];
  const results: RunResult[] = [];
  if (documents.length) {
    const progress = progressPrinter(job.log, job.verbose, both ? 'documents' : '', failedBy);
    const workflow = new QAWorkflowGraph({ llm: job.llm, concurrency: job.concurrency, onEvent: progress.onEvent, signal: job.signal });
    results.push(await workflow.runFromDocuments(documents, { ...job.params, numPairs: docPairs }));
  }
  if (sessions.length && !job.signal?.aborted && (results[0]?.status ?? 'completed') === 'completed') {
    const progress = progressPrinter(job.log, job.verbose, both ? 'sessions' : '', failedBy);
    const workflow = new QAWorkflowGraph({ llm: job.llm, concurrency: job.concurrency, onEvent: progress.onEvent, signal: job.signal });
    results.push(await workflow.runFromSessions(sessions, {}, { ...job.params, numPairs: sessionPairs }));
  }
  // Both runs: the manifest records the params as the user gave them (total pair count), not one half's.
  return results.length > 1 ? { ...results.reduce(combineResults), params: job.params } : results[0];
}

/** Runs the job; writes the dataset and manifest whenever the run produced a result. */
export async function runGenerate(job: GenerateJob): Promise<GenerateOutcome> {
  await checkInputsExist([...job.paths, ...job.sessionFiles]);
  await checkWritable(job.out);
  const existingText = await readIfExists(job.out);
  const existing = existingText === undefined ? [] : await readDataset(job.out);
  const invalid = existing.filter((e) => e.kind === 'invalid').length;
  if (invalid && invalid === existing.length) {
    throw new CliError(`${job.out} exists and has no valid dataset line; choose another --out (or fix it: qaforge check shows why)`);
  }
  if (invalid) job.log(`warning: ${invalid} invalid line${invalid === 1 ? '' : 's'} in ${path.basename(job.out)} kept as they are; run qaforge check to see them`);
  const previous = await readManifest(job.out);

  const { sessions, hashes: sessionHashes } = await readSessions(job);
  const documents = await readDocuments(job);
  if (!documents.length && !sessions.length) {
    throw new CliError(`no readable documents in ${job.paths.join(', ') || '(no paths)'} and no --sessions; give folders or files of md, txt, rst, html, pdf, docx…`);
  }
  job.log(`read ${documents.length} document${documents.length === 1 ? '' : 's'}${sessions.length ? ` and ${sessions.length} session${sessions.length === 1 ? '' : 's'}` : ''}; model ${job.llm.provider}/${job.llm.model}`);

  if (job.estimate) {
    const texts = [...documents.map((d) => d.text), ...sessions.map((s) => s.messages.map((m) => m.content).join('\n'))];
    job.log(estimateLine(texts, job.params, job.estimate));
  }
  const guard = fatalGuard(job.llm, job.signal);
  let result: RunResult;
  try {
    result = await run({ ...job, llm: guard.llm, signal: guard.signal }, documents, sessions, guard.fatal);
  } finally {
    guard.dispose();
  }
  const fatal = guard.fatal();
  if (fatal) {
    const said = fatal.message.replace(/[.\s]+$/, '');
    // The run was aborted on it (or failed on it): a failure, not an interruption.
    if (result.qaPairs.length === 0) throw new CliError(`${said}; nothing written`, EXIT.failed);
    result = { ...result, status: 'failed' };
    job.log(`error: ${said}; stopped the run and kept the ${result.qaPairs.length} pair${result.qaPairs.length === 1 ? '' : 's'} produced before`);
  }
  if (result.qaPairs.length === 0 && (result.status !== 'completed' || result.errors.length > 0)) throw nothingProduced(result);
  const texts = await sourceTextsOf(documents, sourceReader(job.root));
  const pairs = pairsFromRun(result, { sourceText: (p) => texts.get(p), sessions, validatedOnly: job.validatedOnly });
  const merged = mergeWithSummary(existing, pairs, { replaceReviewed: job.replaceReviewed });
  await writeFileAtomic(job.out, serializeDataset(merged.entries));

  const sources: Record<string, string> = { ...sessionHashes };
  for (const doc of documents) sources[doc.path] = doc.hash;
  const manifest = buildManifest({
    result,
    dataset: path.basename(job.out),
    root: toPosix(path.relative(path.dirname(job.out), job.root)) || '.',
    sources,
    previous: previous.manifest,
  });
  await writeFileAtomic(manifestPathFor(job.out), serializeManifest(manifest));
  const total = merged.entries.filter((e) => e.kind === 'pair').length;
  return { result, merge: merged.summary, total };
}

/** The error for a run that produced no pair (nothing is written): why, with the exit code of that ending. */
function nothingProduced(result: RunResult): CliError {
  switch (result.status) {
    case 'budget-exceeded':
      return new CliError(`the budget was reached before any pair was produced ($${result.usage.costUsd.toFixed(4)} spent); nothing written. Raise --budget to go further (answered calls are cached)`, EXIT.partial);
    case 'cancelled':
      return new CliError('run cancelled before any pair was produced; nothing written', EXIT.interrupted);
    default:
      return new CliError(result.errors.length
        ? `no pairs were produced, nothing written; first error: ${result.errors[0].message}`
        : `run ${result.status} before any pair was produced; nothing written`, EXIT.failed);
  }
}

/** Exit code for a finished run. */
export function exitCodeOf(result: RunResult): (typeof EXIT)[keyof typeof EXIT] {
  switch (result.status) {
    case 'completed': return EXIT.ok;
    case 'cancelled': return EXIT.interrupted;
    case 'budget-exceeded':
    case 'failed': return EXIT.partial;
  }
}
