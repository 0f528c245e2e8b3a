/**
 * The generate job: read the inputs, print the estimate, then hand them to the core's generate-into-a-dataset
 * use case with progress lines — the merge, the atomic write and the manifest are the core's, shared with the
 * extension.
 */
import { loadDocuments, type IngestOptions } from '../../core/ingest/index';
import type { Session, SourceDocument } from '../../core/ingest/types';
import type { LlmPort } from '../../core/llm/port';
import type { GenerationParams } from '../../core/domain/params';
import type { RunEvent } from '../../core/domain/events';
import type { RunResult } from '../../core/domain/records';
import type { MergeSummary } from '../../core/dataset/merge';
import { generateDataset, UnusableDatasetError, type RunPart } from '../../core/usecases/generateDataset';
import { loadSessionFiles, SessionFileError } from '../../core/usecases/sessionFiles';
import { selectShard, type Shard } from '../../core/usecases/shard';
import type { ManifestShard } from '../../core/dataset/manifest';
import { CliError, EXIT } from '../errors';
import { progressPrinter } from '../progress';
import { estimateLine, type EstimateModel } from './estimate';
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
  /** How many calls a stage splits into, when not `concurrency` (batch runs). */
  splitCalls?: number;
  ingest: IngestOptions;
  replaceReviewed: boolean;
  /** Write only pairs at or above the threshold. */
  validatedOnly?: boolean;
  verbose: boolean;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** The model to print a before-the-run estimate for (none for the offline engine). */
  estimate?: EstimateModel;
  /** A batch run: the ids of its jobs as they are submitted (recorded in the manifest). */
  batchJobIds?: readonly string[];
  /** Run only this shard of the inputs (`--shard i/n`). */
  shard?: Shard;
  /** The clock of the manifest and the run's elapsed time (tests fix it to compare files byte for byte). */
  now?: () => Date;
}

/** What the job did. */
export interface GenerateOutcome {
  result: RunResult;
  merge: MergeSummary;
  total: number;
}

async function readSessions(job: GenerateJob): Promise<Session[]> {
  try {
    return await loadSessionFiles(job.sessionFiles, job.root);
  } catch (e) {
    if (e instanceof SessionFileError) throw new CliError(e.message);
    throw e;
  }
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

/** Progress lines per half of the run (prefixed `[documents]` / `[sessions]` when both run). */
function progressOf(job: GenerateJob): (event: RunEvent, part: RunPart, both: boolean) => void {
  const printers = new Map<RunPart, (e: RunEvent) => void>();
  return (event, part, both) => {
    let printer = printers.get(part);
    if (!printer) {
      printer = progressPrinter(job.log, job.verbose, both ? part : '').onEvent;
      printers.set(part, printer);
    }
    printer(event);
  };
}

/** What a run of one shard works on; `undefined` when the shard holds no source or no pair. */
function applyShard(job: GenerateJob, documents: SourceDocument[], sessions: Session[]): { documents: SourceDocument[]; sessions: Session[]; params: GenerationParams; shard?: ManifestShard } | undefined {
  if (!job.shard) return { documents, sessions, params: job.params };
  const { index, count } = job.shard;
  const picked = selectShard(documents, sessions, job.params, job.shard);
  const files = picked.documents.length + new Set(picked.sessions.map((s) => s.file)).size;
  job.log(`shard ${index}/${count}: ${files} of the ${documents.length + new Set(sessions.map((s) => s.file)).size} source files, ${picked.numPairs} of the ${job.params.numPairs} pairs`);
  if (picked.numPairs === 0) return undefined;
  return {
    documents: picked.documents, sessions: picked.sessions, params: { ...job.params, numPairs: picked.numPairs },
    shard: { count, indices: [index], num_pairs: job.params.numPairs },
  };
}

/** Runs the job; the dataset and manifest are written whenever the run produced a pair. */
export async function runGenerate(job: GenerateJob): Promise<GenerateOutcome | undefined> {
  await checkInputsExist([...job.paths, ...job.sessionFiles]);
  await checkWritable(job.out);
  const allSessions = await readSessions(job);
  const allDocuments = await readDocuments(job);
  if (!allDocuments.length && !allSessions.length) {
    throw new CliError(`no readable documents in ${job.paths.join(', ') || '(no paths)'} and no --sessions; give folders or files of md, txt, rst, html, pdf, docx…`);
  }
  const part = applyShard(job, allDocuments, allSessions);
  if (!part) {
    job.log(`shard ${job.shard!.index}/${job.shard!.count} has no source file or no pair to generate; nothing written (qaforge merge takes the other shards' files)`);
    return undefined;
  }
  const { documents, sessions, params } = part;
  job.log(`read ${documents.length} document${documents.length === 1 ? '' : 's'}${sessions.length ? ` and ${sessions.length} session${sessions.length === 1 ? '' : 's'}` : ''}; model ${job.llm.provider}/${job.llm.model}`);
  if (job.estimate) {
    const texts = [...documents.map((d) => d.text), ...sessions.map((s) => s.messages.map((m) => m.content).join('\n'))];
    job.log(estimateLine(texts, params, job.estimate));
  }
  let generated;
  try {
    generated = await generateDataset({
      sources: { documents, sessions },
      target: { datasetPath: job.out, datasetRoot: job.root, sourceRoot: job.root },
      params, llm: job.llm, concurrency: job.concurrency, splitCalls: job.splitCalls, batchJobIds: job.batchJobIds, shard: part.shard,
      options: { replaceReviewed: job.replaceReviewed, validatedOnly: job.validatedOnly },
      hooks: {
        signal: job.signal, now: job.now,
        log: (line) => job.log(`warning: ${line}${/invalid line/.test(line) ? '; run qaforge check to see them' : ' (--replace-reviewed replaces them)'}`),
        onEvent: progressOf(job),
      },
    });
  } catch (e) {
    if (e instanceof UnusableDatasetError) throw new CliError(`${job.out} exists and has no valid dataset line; choose another --out (or fix it: qaforge check shows why)`);
    throw e;
  }
  const { result, fatal } = generated;
  if (fatal) {
    const said = fatal.message.replace(/[.\s]+$/, '');
    if (!generated.written) throw new CliError(`${said}; nothing written`, EXIT.failed);
    job.log(`error: ${said}; stopped the run and kept the ${result.qaPairs.length} pair${result.qaPairs.length === 1 ? '' : 's'} produced before`);
  }
  if (!generated.written) throw nothingProduced(result);
  return { result, merge: generated.merge, total: generated.pairsInFile };
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
        : result.status === 'completed'
          ? 'the run completed without producing a pair; nothing written'
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
