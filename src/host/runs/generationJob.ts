/**
 * The extension's generation without the VS Code API: a planned run handed to the core's generate-into-a-dataset
 * use case, with the host's path mapping (dataset paths relative to the dataset's workspace folder, sources to
 * theirs). generationRun.ts wraps it in the window's progress, run registry and messages.
 */
import type { RunEvent } from '../../core/domain/events';
import type { GenerationParams } from '../../core/domain/params';
import type { Session, SourceDocument } from '../../core/ingest/types';
import type { LlmPort } from '../../core/llm/port';
import { generateDataset, type GenerateDatasetResult, type GenerateOptions } from '../../core/usecases/generateDataset';

/** A run decided in the window, as paths. */
export interface PlannedGeneration {
  documents: readonly SourceDocument[];
  sessions: readonly Session[];
  /** Absolute path of the workspace folder the sources were read from. */
  sourceRoot: string;
  /** Absolute path of the `.qa.jsonl` file. */
  datasetPath: string;
  /** Absolute path of the workspace folder holding the dataset file. */
  datasetRoot: string;
  params: GenerationParams;
  options: GenerateOptions;
  /** A batch run: the ids of its jobs as they are submitted (the client's `batchJobs`), recorded in the manifest. */
  batchJobIds?: readonly string[];
}

/** What the window gives a run. */
export interface GenerationJobDeps {
  llm: LlmPort;
  concurrency: number;
  /** How many calls a stage spreads its work over (default: `concurrency`); a batch run passes the live concurrency. */
  splitCalls?: number;
  signal: AbortSignal;
  onEvent: (event: RunEvent) => void;
  log: (line: string) => void;
  /** Asks whether regenerated accepted/edited pairs replace the reviewed ones. */
  confirmReplaceReviewed?: (count: number) => Promise<boolean>;
  now?: () => Date;
}

/** Runs the planned generation and writes the dataset and its manifest. */
export function runPlannedGeneration(plan: PlannedGeneration, deps: GenerationJobDeps): Promise<GenerateDatasetResult> {
  return generateDataset({
    sources: { documents: plan.documents, sessions: plan.sessions },
    target: { datasetPath: plan.datasetPath, datasetRoot: plan.datasetRoot, sourceRoot: plan.sourceRoot },
    params: plan.params, llm: deps.llm, concurrency: deps.concurrency, splitCalls: deps.splitCalls, options: plan.options, batchJobIds: plan.batchJobIds,
    hooks: {
      signal: deps.signal, now: deps.now, log: deps.log, confirmReplaceReviewed: deps.confirmReplaceReviewed,
      onEvent: (event) => deps.onEvent(event),
    },
  });
}
