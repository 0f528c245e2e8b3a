/**
 * The state a pipeline run carries from node to node, and the runtime (model, pool, events) its nodes use.
 * Nodes write their results into the state as soon as each batch returns, so a cancelled, failed or
 * over-budget run still has everything produced so far.
 */
import type { LlmPort } from '../llm/port';
import type { ChunkOptions } from '../chunking/index';
import type { Session, SourceDocument } from '../ingest/types';
import { groupBy } from '../util/group';
import type { Pool } from '../util/pool';
import { capGroups } from './batching';
import type { RunEvent } from '../domain/events';
import type { GenerationParams } from '../domain/params';
import type { Span } from './evidence';
import type { Chunk, PipelineError, QAPair, Statement, UsageTotals } from '../domain/records';
import type { Persona } from '../domain/tasks';

/** Splits a document into chunks (default: chunkDocument of src/core/chunking). */
export type Chunker = (doc: SourceDocument, docIndex: number, options: ChunkOptions) => Promise<Chunk[]>;

/** What the nodes need besides the state: the model, the shared pool, events, the signal. */
export interface Runtime {
  llm: LlmPort;
  pool: Pool;
  chunker?: Chunker;
  /** Prompt-token budget of one batched call. */
  batchTokenBudget: number;
  /** How many calls a stage with enough work splits into (the run's live concurrency). */
  splitCalls: number;
  signal: AbortSignal;
  emit(event: RunEvent): void;
}

/** The run's input, as given. */
export type PipelineInput =
  | { kind: 'documents'; documents: SourceDocument[] }
  | { kind: 'sessions'; sessions: Session[] };

/** One pair across its versions: the one being worked on, and the best validated one. */
export interface PairSlot {
  id: string;
  chunkId: string;
  questionType: string;
  /** The version in progress (answer '' until answered). */
  current: QAPair;
  /** The best validated version so far (or the given pair, when regenerating). */
  best?: QAPair;
  /** Scores of every validated version, in the order they were tried. */
  scores: number[];
  /** Index in `scores` of the best version (-1 before any validation). */
  bestAt: number;
  /** Needs an answer and a validation in this iteration. */
  pending: boolean;
  /** Marked by PrepareEnhancement: rewrite the question with `questionCritique`, then answer it fresh. */
  revise: boolean;
  /** The critique the question is rewritten with (revise_question; or a regeneration's reason). */
  questionCritique: string | null;
  /**
   * The critique the next answer is written with: revise_answer's, or after revise_question the old answer's, for
   * the answer to the reworded question.
   */
  answerCritique: string | null;
  /** The validator dropped this pair (its source cannot support a good one): kept as rejected, never looped again. */
  dropped: boolean;
  /**
   * The pair passed while its validator still asked for a change, and it was sent back once for that (see
   * asksForChange); it is not sent back for that again.
   */
  polished?: boolean;
  /** Every question and answer version validated so far (see versionKey). */
  tried?: Set<string>;
  /**
   * A round gave a version already validated: it would get the same verdict again (from the reply cache, the very
   * same reply), so the pair is not revised again and is kept as its best version.
   */
  settled?: boolean;
  /**
   * The chunk-relative window of the body of evidence the current answer was written from (and is validated
   * against); undefined before the first answer.
   */
  evidence?: Span;
  /** A multi_hop pair: the windows of its further chunks' bodies of evidence (as `evidence`, kept from the first answer). */
  moreEvidence?: Span[];
}

/** The whole run state. */
export interface PipelineState {
  runId: string;
  params: GenerationParams;
  input: PipelineInput;
  documents: SourceDocument[];
  chunks: Chunk[];
  statements: Statement[];
  statementsByChunk: Map<string, Statement[]>;
  slots: PairSlot[];
  /** Enhancement iterations performed so far (0 = first pass only). */
  iteration: number;
  /** Pair ids to revise at the next PrepareEnhancement regardless of score (regeneration). */
  forceRevise: Set<string>;
  errors: PipelineError[];
  usage: UsageTotals;
  /**
   * The one top-up round for a shortfall of validated pairs: `due` when ValidateQAPairs decided it, `running`
   * from PrepareEnhancement until the next validation, then `done`. Read and written only through
   * nodes/topUp.ts.
   */
  topUp?: 'due' | 'running' | 'done';
  /** Set when a round found fewer chunk links than the multi_hop questions it asked for: a top-up asks for none. */
  linksExhausted?: boolean;
  /** The chunk links multi_hop questions were asked over (a link a model declined is not asked again). */
  askedLinks?: Set<string>;
  /** The personas proposed for `dimensions.persona: auto` (once, at the first question round). */
  personas?: Persona[];
  /** Set by the first budget stop or cancellation: no further calls are started after it. */
  fatal?: unknown;
  runtime: Runtime;
}

/** A fresh state for `input`. */
export function createState(runId: string, params: GenerationParams, input: PipelineInput, runtime: Runtime): PipelineState {
  return {
    runId, params, input, runtime,
    documents: [], chunks: [], statements: [], statementsByChunk: new Map(), slots: [],
    iteration: 0, forceRevise: new Set(), errors: [],
    usage: { calls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
  };
}

/** Slots of one chunk, to be sent in one call. */
export interface SlotGroup {
  chunk: Chunk;
  slots: PairSlot[];
}

/**
 * The slots that pass `filter`, grouped by chunk in the order the chunks were first met, each group cut to at
 * most `MAX_ITEMS_PER_CALL` slots (a chunk with more gets several groups). Slots of unknown chunks are left out.
 */
export function slotGroups(state: PipelineState, filter: (s: PairSlot) => boolean): SlotGroup[] {
  const groups = [...groupBy(state.slots.filter(filter), (s) => s.chunkId)]
    .map(([chunkId, slots]) => ({ chunk: chunkById(state, chunkId)!, slots }))
    .filter((g) => g.chunk);
  return capGroups(groups);
}

const chunkIndexes = new WeakMap<Chunk[], Map<string, Chunk>>();

/** The chunk with this id (indexed, rebuilt when chunks were added). */
export function chunkById(state: PipelineState, id: string): Chunk | undefined {
  let index = chunkIndexes.get(state.chunks);
  if (!index || index.size !== state.chunks.length) {
    index = new Map(state.chunks.map((c) => [c.id, c]));
    chunkIndexes.set(state.chunks, index);
  }
  return index.get(id);
}
