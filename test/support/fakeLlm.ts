/**
 * An in-process fake LlmPort for unit tests. By default it answers every task deterministically from the
 * structured `input` (statements = the chunk's sentences, questions per request, answers = the supporting
 * statements, verdicts all 0.9 and keep). Each task can be scripted; every request is recorded; calls can be slowed
 * to observe concurrency, made to fail, or stopped by a budget.
 */
import { BudgetExceededError, type LlmPort, type StructuredReply, type StructuredRequest } from '../../src/core/llm/port';
import type { TaskId, TaskInputs, TaskOutputs, PairVerdict } from '../../src/core/domain/tasks';

/** A scripted handler: gets the task input and how many times this task was called before (0-based). */
export type FakeHandler<K extends TaskId> = (input: TaskInputs[K], call: number, request: StructuredRequest) => TaskOutputs[K] | Promise<TaskOutputs[K]>;

export interface FakeLlmOptions {
  handlers?: { [K in TaskId]?: FakeHandler<K> };
  /** Milliseconds each call takes (to observe concurrency). */
  delayMs?: number;
  /** Cost of each call in USD. */
  costPerCall?: number;
  /** Throw BudgetExceededError on every call after this many calls. */
  budgetCalls?: number;
  /** Make a call fail (after "retries"): return true to throw for this request. */
  fail?: (request: StructuredRequest, callIndex: number) => boolean;
  /** Throw this error (e.g. a FatalLlmError) for this request when it returns one. */
  throwError?: (request: StructuredRequest, callIndex: number) => Error | undefined;
  /** Report this many retries through onRetry on every call. */
  retriesPerCall?: number;
  /** Called at the start of each call (e.g. to abort a run mid-way). */
  onCall?: (request: StructuredRequest, callIndex: number) => void;
}

/** Splits text into sentences (keeps every character of each sentence). */
export function sentencesOf(text: string): string[] {
  return (text.match(/[^.!?。！？]+[.!?。！？]*/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * Added to every default answer: the template questions quote their statement whole, so an answer that were
 * only the statement would be given away by its question (and sent back by the pipeline's own check).
 */
export const FAKE_ANSWER_TAIL = 'This detail comes straight from the documentation chunk, quoted here without changes.';

/** Distinct phrasings, so that default questions about the same statement are not near-duplicates. */
const QUESTION_TEMPLATES: Array<(type: string, topic: string) => string> = [
  (t, x) => `[${t}] What does the source state about: ${x}`,
  (t, x) => `[${t}] Why would a reader need to know this detail — ${x}`,
  (t, x) => `[${t}] In which situation does the following apply: ${x}`,
  (t, x) => `[${t}] Compare with the other facts given; what follows from ${x}`,
  (t, x) => `[${t}] Explain in your own words the consequence implied by ${x}`,
];

const DEFAULTS: { [K in TaskId]: FakeHandler<K> } = {
  extract_statements: (input) => ({
    chunks: input.chunks.map((c) => ({
      chunk_id: c.chunk_id,
      statements: sentencesOf(c.text).slice(0, c.max_statements).map((s) => ({ statement: s, quote: s })),
    })),
  }),
  generate_questions: (input) => ({
    questions: input.chunks.flatMap((c) => {
      let n = 0;
      return c.requests.flatMap((r) => Array.from({ length: r.count }, () => {
        const i = n++;
        const st = c.statements.length ? c.statements[i % c.statements.length] : undefined;
        const topic = st ? st.text : (c.heading_path ?? c.chunk_id);
        const template = QUESTION_TEMPLATES[Math.floor(i / Math.max(1, c.statements.length)) % QUESTION_TEMPLATES.length];
        // a schema-following model echoes the request's shape
        const shape = { ...(r.query_style ? { query_style: r.query_style } : {}), ...(r.query_length ? { query_length: r.query_length } : {}) };
        return { chunk_id: c.chunk_id, question: template(r.question_type, topic), question_type: r.question_type, ...shape, statement_indices: st ? [st.index] : [] };
      }));
    }),
  }),
  propose_personas: (input) => ({
    personas: ['Newcomer', 'Administrator', 'Troubleshooter'].map((name) => ({ name, description: `A ${name.toLowerCase()} reading ${input.sample.length} sampled chunks.` })),
  }),
  generate_kind_questions: (input) => ({
    // per request `count` questions, each citing the first statement of every chunk of the request
    questions: input.requests.flatMap((r) => Array.from({ length: r.count }, (_, i) => ({
      request_id: r.request_id,
      turns: r.kind === 'multi_turn' ? [{ role: 'user' as const, content: `Tell me about request ${r.request_id}.` }, { role: 'assistant' as const, content: 'Here is what the documentation says.' }] : [],
      question: `[${r.kind} ${r.question_type} ${i + 1}] What links ${r.chunk_ids.map((id) => input.chunks.find((c) => c.chunk_id === id)?.statements[0]?.text ?? id).join(' with ')}`,
      sources: r.chunk_ids.map((id) => ({ chunk_id: id, statement_indices: [input.chunks.find((c) => c.chunk_id === id)?.statements[0]?.index ?? 0] })),
    }))),
  }),
  generate_answers: (input) => ({
    answers: input.questions.map((q) => {
      const chunk = input.evidence.find((e) => e.evidence_id === q.evidence_id);
      const st = chunk?.statements[0];
      // a writer given a critique changes its answer (as a model following it would); the same critique, the same change
      const rewrite = q.answer_critique ? ` (rewritten after: ${q.answer_critique})` : '';
      return { question_id: q.question_id, answer: `${st ? st.text : (chunk?.text ?? '').slice(0, 80)} ${FAKE_ANSWER_TAIL}${rewrite}`, statement_indices: st ? [st.index] : [] };
    }),
  }),
  validate_pairs: (input) => ({
    verdicts: input.pairs.map((p): PairVerdict => ({ pair_id: p.pair_id, grounded: 0.9, complete: 0.9, relevant: 0.9, clear: 0.9, standalone: 0.9, question_critique: '', answer_critique: '', verdict: 'keep' })),
  }),
  revise_questions: (input) => ({
    revisions: input.pairs.map((p) => ({ pair_id: p.pair_id, question: `${p.question} (revised after: ${p.question_critique})`, statement_indices: [] })),
  }),
};

/**
 * A verdict scoring every criterion `s`: keep at or above 0.7, otherwise a revision of `side` with `critique`
 * as that side's critique ("none" or "" means no critique).
 */
export function verdictOf(pair_id: string, s: number, critique = '', side: 'question' | 'answer' = 'question'): PairVerdict {
  const text = critique === 'none' ? '' : critique;
  return {
    pair_id, grounded: s, complete: s, relevant: s, clear: s, standalone: s,
    question_critique: side === 'question' ? text : '', answer_critique: side === 'answer' ? text : '',
    verdict: s >= 0.7 ? 'keep' : side === 'question' ? 'revise_question' : 'revise_answer',
  };
}

/** A recorded call. */
export interface FakeCall {
  task: TaskId;
  request: StructuredRequest;
  input: unknown;
}

/** The fake port. */
export class FakeLlm implements LlmPort {
  readonly provider = 'fake';
  readonly model = 'fake-1';
  readonly calls: FakeCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly perTask = new Map<TaskId, number>();

  constructor(private readonly options: FakeLlmOptions = {}) {}

  /** Recorded calls of one task. */
  callsOf<K extends TaskId>(task: K): Array<{ request: StructuredRequest; input: TaskInputs[K] }> {
    return this.calls.filter((c) => c.task === task).map((c) => ({ request: c.request, input: c.input as TaskInputs[K] }));
  }

  async chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
    const task = request.task as TaskId;
    const index = this.calls.length;
    this.calls.push({ task, request, input: request.input });
    this.options.onCall?.(request, index);
    if (this.options.budgetCalls !== undefined && index >= this.options.budgetCalls) {
      throw new BudgetExceededError(this.options.budgetCalls * (this.options.costPerCall ?? 0.01), this.options.budgetCalls * (this.options.costPerCall ?? 0.01));
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      for (let r = 1; r <= (this.options.retriesPerCall ?? 0); r++) request.onRetry?.({ attempt: r, reason: 'HTTP 429', delayMs: 0 });
      if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
      if (request.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      if (this.options.fail?.(request, index)) throw new Error(`fake failure of ${task} after 3 retries`);
      const error = this.options.throwError?.(request, index);
      if (error) throw error;
      const n = this.perTask.get(task) ?? 0;
      this.perTask.set(task, n + 1);
      const handler = (this.options.handlers?.[task] ?? DEFAULTS[task]) as FakeHandler<TaskId>;
      const value = await handler(request.input as never, n, request);
      const promptTokens = Math.ceil(request.messages.reduce((s, m) => s + m.content.length, 0) / 4);
      const completionTokens = Math.ceil(JSON.stringify(value).length / 4);
      return { value: value as T, usage: { promptTokens, completionTokens }, cached: false, costUsd: this.options.costPerCall ?? 0.01 };
    } finally {
      this.inFlight--;
    }
  }
}

/** The default handler of a task (to wrap in scripted handlers). */
export function defaultHandler<K extends TaskId>(task: K): FakeHandler<K> {
  return DEFAULTS[task] as FakeHandler<K>;
}

// ---- a predictable chunker for pipeline tests: one chunk per blank-line-separated paragraph ----------------
import { makeChunk } from '../../src/core/chunking/chunk';
import type { Chunker } from '../../src/core/pipeline/state';
import { estimateTokens } from '../../src/core/text/tokens';

/** One chunk per paragraph (blank-line separated), exact offsets, real provenance. */
export const paragraphChunker: Chunker = async (doc, docIndex) => {
  const out = [];
  for (const m of doc.text.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
    const start = m.index ?? 0;
    const text = m[0];
    if (!text.trim()) continue;
    out.push(makeChunk(doc, docIndex, { start, end: start + text.length }, estimateTokens(text)));
  }
  return out;
};
