/**
 * The contract of every LLM task the pipeline runs: the structured input the prompt is built from, the reply
 * shape, and the reply's JSON Schema (OpenAI strict-mode compatible: every property required, no extras).
 *
 * Wire convention shared by prompts, the offline engine and the local test endpoint:
 * - the system message's first line is `QA Forge task: <task id> (prompt <version>)`;
 * - the user message carries the input object as the one fenced ```json block it contains;
 * - the response_format schema name is the task id.
 *
 * Each task is batched: one call covers several chunks (up to a token budget), never one call per question.
 */
import type { JsonSchema } from '../llm/port';
import { turnsOf } from './turns';
import type { PairKind, PairTurn, QueryLength, QueryStyle } from './kinds';

/** Task ids. */
export type TaskId = 'extract_statements' | 'propose_personas' | 'generate_questions' | 'generate_kind_questions' | 'generate_answers' | 'validate_pairs' | 'revise_questions';

/**
 * A chunk as the model sees it: its whole text (extraction, question writing) and, when it sits in sections,
 * their titles outermost first joined by " › " (absent when it has none).
 */
export interface TaskChunk {
  chunk_id: string;
  heading_path?: string;
  text: string;
}

/** A numbered statement of a chunk (indices are per chunk, 0-based); `scope` only when it is not `current`. */
export interface TaskStatement {
  index: number;
  text: string;
  scope?: Exclude<StatementScope, 'current'>;
  /** In a conversation: the turn the statement was verified in (1-based, as `[turn N]`) and who said it. */
  turn?: number;
  speaker?: string;
}

/**
 * The body of evidence of one or more pairs of a chunk: the statements inside the window (indices are the chunk's),
 * and `text`, the window itself — whole sentences and code blocks, the chunk's heading path on its first line when
 * it has one. Their verified quotes are not sent again: each lies inside `text`. Answering, validation and revision
 * get the same body.
 */
export interface TaskEvidence {
  evidence_id: string;
  statements: TaskStatement[];
  text: string;
}

/**
 * A body of evidence as validation gets it: the same window `text`, without the statement list. The validator
 * checks every claim of an answer against the source passage itself (each statement's quote lies inside it), and
 * cites no statements; sending them again cost a tenth of a run's prompt tokens and gave it the extractor's
 * paraphrases to lean on instead of the source.
 */
export type TaskPassage = Omit<TaskEvidence, 'statements'>;

/**
 * What the chunks are: documentation (absent) or recorded support conversations (`conversation`: lines
 * `[turn N] role: …` with the conversation's title and metadata as the heading path), which get their own
 * instructions in every prompt.
 */
export interface MaterialKind {
  material?: 'conversation';
}

// ---- extract_statements ----------------------------------------------------------------------------------

/** What a statement is about: the product as it is, a plan (roadmap, to-do), or its past (changelog). */
export const STATEMENT_SCOPES = ['current', 'planned', 'history'] as const;
export type StatementScope = (typeof STATEMENT_SCOPES)[number];

/**
 * Where a conversation left a claim: `established` (a resolution nobody contradicted, a fact the user confirmed),
 * `contradicted` (a later turn corrects it or says it did not work) or `unsure` (the speaker hedged). Only
 * established claims become statements.
 */
export const STANDINGS = ['established', 'contradicted', 'unsure'] as const;
export type Standing = (typeof STANDINGS)[number];

export interface ExtractStatementsInput extends MaterialKind {
  chunks: Array<TaskChunk & { max_statements: number }>;
}
export interface ExtractStatementsOutput {
  chunks: Array<{
    chunk_id: string;
    /**
     * `quote` is the shortest verbatim passage of the chunk that supports `statement`; `scope` says whether it is
     * about the product as it is (`current`), a plan (roadmap, to-do: `planned`) or its past (changelog: `history`);
     * the schema requires it, a reply without it is read as `current`.
     */
    statements: Array<{ statement: string; quote: string; scope?: StatementScope } & Partial<ConversationAttribution>>;
  }>;
}
/**
 * A conversation statement's attribution (required by the schema of conversation material only): the turn its
 * quote is copied from, as `[turn N]` shows it, who said it, and where the conversation left it.
 */
export interface ConversationAttribution {
  turn: number;
  speaker: string;
  standing: Standing;
}

// ---- propose_personas ----------------------------------------------------------------------------------

/** A persona questions are written for: a short name and one line on who it is and what it wants. */
export interface Persona {
  name: string;
  description: string;
}
/**
 * A sample of the corpus (a few statements of chunks spread over it, with their heading paths), from which 3–5
 * personas of its readers are proposed (`dimensions.persona: auto`).
 */
export interface ProposePersonasInput extends MaterialKind {
  sample: Array<{ heading_path?: string; statements: string[] }>;
  custom_guidelines?: string;
}
export interface ProposePersonasOutput {
  personas: Persona[];
}

// ---- generate_questions ----------------------------------------------------------------------------------

/** How a question is to be worded (style) and how long it is; either absent when the run asks for none. */
export interface ShapeFields {
  query_style?: QueryStyle;
  query_length?: QueryLength;
}

/** What steers question writing; a field the user left empty is left out (never sent as null). */
export interface GenerationSteering {
  difficulty: string;
  custom_guidelines?: string;
  dimensions?: { features?: string; persona?: string; scenarios?: string };
  example_question?: string;
}
/**
 * A chunk as question writing sees it: its heading path and its verified statements, each with the verbatim quote it
 * rests on when that says more than the statement — not the whole chunk text, which extraction has already turned into these statements (sending it again
 * doubled the prompt; the answer and validation stages get the window around the statements a question uses).
 */
export interface QuestionChunk {
  chunk_id: string;
  heading_path?: string;
  /** With `dimensions.persona: auto`: the name of the persona (of the input's `personas`) its questions are written for. */
  persona?: string;
  statements: Array<TaskStatement & { quote?: string }>;
}
export interface GenerateQuestionsInput extends GenerationSteering, MaterialKind {
  /** With `dimensions.persona: auto`: the run's personas, each chunk naming the one its questions are for. */
  personas?: Persona[];
  chunks: Array<QuestionChunk & {
    /** How many questions of each type to write for this chunk. */
    requests: Array<ShapeFields & { question_type: string; count: number }>;
  }>;
  /** Questions already asked in this run: do not repeat or paraphrase them. */
  avoid_questions: string[];
}
/** `query_style` / `query_length` echo the request's (required by the schema only when the chunk's requests have them). */
export interface GeneratedQuestion extends ShapeFields {
  chunk_id: string;
  question: string;
  question_type: string;
  statement_indices: number[];
}
export interface GenerateQuestionsOutput {
  questions: GeneratedQuestion[];
}

// ---- generate_kind_questions -----------------------------------------------------------------------------

/** The kinds generate_kind_questions writes (single_hop questions come from generate_questions). */
export type SpecialKind = Exclude<PairKind, 'single_hop'>;

/**
 * A request for questions of one kind: over one chunk (unanswerable, multi_turn) or over 2–4 linked chunks
 * (multi_hop, chunks that share entities or key phrases), of one question type.
 */
export interface KindRequest extends ShapeFields {
  request_id: string;
  /** With `dimensions.persona: auto`: the persona (of the input's `personas`) its questions are written for. */
  persona?: string;
  kind: SpecialKind;
  /** The chunks (of `chunks`) the questions rest on: one, or 2–4 for multi_hop. */
  chunk_ids: string[];
  question_type: string;
  count: number;
}
export interface GenerateKindQuestionsInput extends GenerationSteering, MaterialKind {
  personas?: Persona[];
  chunks: QuestionChunk[];
  requests: KindRequest[];
  /** Questions already asked in this run: do not repeat or paraphrase them. */
  avoid_questions: string[];
}
/**
 * One written question: `sources` are the statements it rests on per chunk (every chunk of a multi_hop request, at
 * least two; for unanswerable the statements closest to what it asks, which do not answer it); `turns` the prior
 * conversation of a multi_turn question (empty for the other kinds).
 */
export interface KindQuestion {
  request_id: string;
  turns: PairTurn[];
  question: string;
  sources: Array<{ chunk_id: string; statement_indices: number[] }>;
}
export interface GenerateKindQuestionsOutput {
  questions: KindQuestion[];
}

/**
 * What answering, validation and revision are told of a pair of another kind than single_hop: its kind, the prior
 * turns of a multi_turn pair, and the further bodies of evidence of a multi_hop pair (beside its `evidence_id`).
 * A single_hop pair carries none of these fields, so its input is what it was before kinds.
 */
export interface KindFields extends ShapeFields {
  kind?: SpecialKind;
  turns?: PairTurn[];
  more_evidence_ids?: string[];
}

/**
 * The validator's check of a pair's kind: `holds` (multi_hop: no single passage answers it; unanswerable: no passage
 * answers it and the answer says what is and is not covered; multi_turn: the final question needs the earlier
 * turns), `fails` otherwise. Asked only in a batch holding a pair of another kind (a single_hop pair: `holds`).
 */
export const KIND_CHECKS = ['holds', 'fails'] as const;
export type KindCheck = (typeof KIND_CHECKS)[number];

// ---- generate_answers ------------------------------------------------------------------------------------

export interface GenerateAnswersInput extends MaterialKind {
  /** The bodies of evidence the questions are answered from. */
  evidence: TaskEvidence[];
  questions: Array<KindFields & {
    question_id: string;
    evidence_id: string;
    question: string;
    /**
     * The validator's critique of the previous answer to this same question, when the verdict was revise_answer;
     * absent for a new or rewritten question (it is answered fresh).
     */
    answer_critique?: string;
    /** The answer that critique is about (sent with it, so the new answer keeps what was right and fixes the rest). */
    previous_answer?: string;
  }>;
  /** The answer length asked for: its name and the most sentences an answer may have. */
  answer_length: { name: string; max_sentences: number };
  custom_guidelines?: string;
  example_answer?: string;
}
export interface GenerateAnswersOutput {
  answers: Array<{ question_id: string; answer: string; statement_indices: number[] }>;
}

// ---- validate_pairs --------------------------------------------------------------------------------------

/** The named criteria, each scored 0..1. */
export const CRITERIA = ['grounded', 'complete', 'relevant', 'clear', 'standalone'] as const;
export type Criterion = (typeof CRITERIA)[number];

/**
 * Gate criteria and their floors: a pair whose score on a gate is below its floor fails validation whatever its
 * mean (an ungrounded answer or a question that needs the source to make sense cannot be averaged away).
 */
export const GATE_FLOORS: Readonly<Partial<Record<Criterion, number>>> = Object.freeze({ grounded: 0.7, standalone: 0.7 });

/**
 * What the validator decides for a pair: keep it; rewrite the question (then answer it fresh); keep the question
 * and answer it again; or drop it, because its source cannot support a good pair.
 */
export const VERDICTS = ['keep', 'revise_question', 'revise_answer', 'drop'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface ValidatePairsInput extends MaterialKind {
  /** The run's validation_threshold, stated in the rubric. */
  threshold: number;
  /** The bodies of evidence the answers were written from: their text. */
  evidence: TaskPassage[];
  pairs: Array<KindFields & { pair_id: string; evidence_id: string; question: string; answer: string }>;
}
/**
 * One pair's review: a score per criterion, a critique of the question and one of the answer (each "" when there
 * is nothing to change), and the verdict. Over a conversation the schema also requires `agent_standing`: whether
 * what the answer says is what the conversation established, or an agent claim it shows was wrong or unsure.
 */
export type PairVerdict = { pair_id: string; question_critique: string; answer_critique: string; verdict: Verdict; agent_standing?: Standing; kind_check?: KindCheck } & Record<Criterion, number>;
export interface ValidatePairsOutput {
  verdicts: PairVerdict[];
}

// ---- revise_questions ------------------------------------------------------------------------------------

export interface ReviseQuestionsInput extends GenerationSteering, MaterialKind {
  /** The bodies of evidence of the pairs' current versions. */
  evidence: TaskEvidence[];
  pairs: Array<KindFields & {
    pair_id: string;
    evidence_id: string;
    question_type: string;
    question: string;
    score: number;
    /** The validator's critique of the question. */
    question_critique: string;
  }>;
}
export interface ReviseQuestionsOutput {
  revisions: Array<{ pair_id: string; question: string; statement_indices: number[] }>;
}

/** Input type of each task. */
export interface TaskInputs {
  extract_statements: ExtractStatementsInput;
  propose_personas: ProposePersonasInput;
  generate_questions: GenerateQuestionsInput;
  generate_kind_questions: GenerateKindQuestionsInput;
  generate_answers: GenerateAnswersInput;
  validate_pairs: ValidatePairsInput;
  revise_questions: ReviseQuestionsInput;
}
/** Output type of each task. */
export interface TaskOutputs {
  extract_statements: ExtractStatementsOutput;
  propose_personas: ProposePersonasOutput;
  generate_questions: GenerateQuestionsOutput;
  generate_kind_questions: GenerateKindQuestionsOutput;
  generate_answers: GenerateAnswersOutput;
  validate_pairs: ValidatePairsOutput;
  revise_questions: ReviseQuestionsOutput;
}

// ---- schemas ---------------------------------------------------------------------------------------------

const str = { type: 'string' };
const indices = { type: 'array', items: { type: 'integer' } };
const score = { type: 'number', minimum: 0, maximum: 1 };

function object(properties: Record<string, unknown>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}
function list(items: JsonSchema): JsonSchema {
  return { type: 'array', items };
}

/** The reply schema of each task. */
export const TASK_SCHEMAS: Readonly<Record<TaskId, JsonSchema>> = Object.freeze({
  extract_statements: object({
    chunks: list(object({ chunk_id: str, statements: list(object({ statement: str, quote: str, scope: { type: 'string', enum: [...STATEMENT_SCOPES] } })) })),
  }),
  propose_personas: object({
    personas: { type: 'array', minItems: 3, maxItems: 5, items: object({ name: str, description: str }) },
  }),
  generate_questions: object({
    questions: list(object({ chunk_id: str, question: str, question_type: str, statement_indices: indices })),
  }),
  generate_kind_questions: object({
    questions: list(object({
      request_id: str, turns: list(object({ role: { type: 'string', enum: ['user', 'assistant'] }, content: str })), question: str,
      sources: list(object({ chunk_id: str, statement_indices: indices })),
    })),
  }),
  generate_answers: object({
    answers: list(object({ question_id: str, answer: str, statement_indices: indices })),
  }),
  validate_pairs: object({
    verdicts: list(object({
      // critiques before scores: a model that names the defects first scores them (it generates in schema order)
      pair_id: str, question_critique: str, answer_critique: str,
      grounded: score, complete: score, relevant: score, clear: score, standalone: score,
      verdict: { type: 'string', enum: [...VERDICTS] },
    })),
  }),
  revise_questions: object({
    revisions: list(object({ pair_id: str, question: str, statement_indices: indices })),
  }),
});

/** A string field limited to `values` (any string when there are none, e.g. an empty batch). */
function oneOf(values: readonly string[]): JsonSchema {
  const distinct = [...new Set(values)];
  return distinct.length > 0 ? { type: 'string', enum: distinct } : str;
}
/**
 * At least `minItems` indices (1 unless given), each one of these statements' (0 alone when there are none, so a
 * reply cannot invent one).
 */
function indicesOf(statements: ReadonlyArray<{ index: number }>, minItems = 1): JsonSchema {
  const allowed = statements.length > 0 ? [...new Set(statements.map((s) => s.index))] : [0];
  return { type: 'array', ...(minItems > 0 ? { minItems } : {}), items: { type: 'integer', enum: allowed } };
}

/**
 * One reply item schema per body of evidence, `branch(ids, evidence)` for the items that cite it (one schema, or
 * `anyOf` them when there are several): each item's statement indices are then bounded by its own body, not by
 * every statement of the call. An item whose `evidence_id` names no body gets none to cite.
 */
function perEvidence<T extends { evidence_id: string }>(
  evidence: readonly TaskEvidence[], items: readonly T[], idOf: (item: T) => string, branch: (ids: string[], e: TaskEvidence) => JsonSchema,
): JsonSchema {
  const byEvidence = new Map<string, string[]>();
  for (const item of items) byEvidence.set(item.evidence_id, [...(byEvidence.get(item.evidence_id) ?? []), idOf(item)]);
  const branches = [...byEvidence].map(([id, ids]) => branch(ids, evidence.find((e) => e.evidence_id === id) ?? { evidence_id: id, statements: [], text: '' }));
  if (branches.length === 0) return branch([], { evidence_id: '', statements: [], text: '' });
  return branches.length === 1 ? branches[0] : { anyOf: branches };
}

/**
 * The reply schema of `task` for this `input`: the generic schema of {@link TASK_SCHEMAS}, with every id an enum
 * of the ids in the request, `question_type` an enum of the requested types, and statement indices bounded by the
 * statements sent — so a misbehaving endpoint cannot invent an id, a type or a statement.
 */
export function taskSchema<K extends TaskId>(task: K, input: TaskInputs[K]): JsonSchema {
  switch (task) {
    case 'extract_statements': {
      const i = input as ExtractStatementsInput;
      const statement = { statement: str, quote: str, scope: { type: 'string', enum: [...STATEMENT_SCOPES] } };
      const attribution = i.material === 'conversation' ? conversationAttribution(i.chunks.map((c) => c.text)) : {};
      return object({ chunks: list(object({ chunk_id: oneOf(i.chunks.map((c) => c.chunk_id)), statements: list(object({ ...statement, ...attribution })) })) });
    }
    case 'propose_personas':
      return TASK_SCHEMAS.propose_personas;
    case 'generate_questions': {
      const i = input as GenerateQuestionsInput;
      // per chunk: its id with the indices of its own statements (at least one), so a question cannot cite a
      // statement of another chunk of the batch or one that was not sent
      const perChunk = i.chunks.map((c) => object({
        chunk_id: oneOf([c.chunk_id]), question: str,
        question_type: oneOf(c.requests.map((r) => r.question_type)),
        // the shape a question was written in, among those its chunk's requests asked for
        ...(c.requests.some((r) => r.query_style) ? { query_style: oneOf(c.requests.flatMap((r) => (r.query_style ? [r.query_style] : []))) } : {}),
        ...(c.requests.some((r) => r.query_length) ? { query_length: oneOf(c.requests.flatMap((r) => (r.query_length ? [r.query_length] : []))) } : {}),
        statement_indices: indicesOf(c.statements),
      }));
      return object({ questions: list(perChunk.length === 1 ? perChunk[0] : { anyOf: perChunk }) });
    }
    case 'generate_kind_questions': {
      const i = input as GenerateKindQuestionsInput;
      // per request: its id, and sources only among its own chunks, each citing that chunk's own statements
      const turn = object({ role: { type: 'string', enum: ['user', 'assistant'] }, content: str });
      const perRequest = i.requests.map((r) => {
        const sources = r.chunk_ids.map((id) => object({ chunk_id: oneOf([id]), statement_indices: indicesOf(i.chunks.find((c) => c.chunk_id === id)?.statements ?? []) }));
        return object({
          request_id: oneOf([r.request_id]),
          turns: r.kind === 'multi_turn' ? { type: 'array', minItems: 2, maxItems: 4, items: turn } : { type: 'array', maxItems: 0, items: turn },
          question: str,
          sources: { type: 'array', minItems: r.kind === 'multi_hop' ? 2 : 1, items: sources.length === 1 ? sources[0] : { anyOf: sources } },
        });
      });
      return object({ questions: list(perRequest.length === 1 ? perRequest[0] : perRequest.length === 0 ? TASK_SCHEMAS.generate_kind_questions : { anyOf: perRequest }) });
    }
    case 'generate_answers': {
      const i = input as GenerateAnswersInput;
      // an answer may cite none (it says what is not known), but only statements of its own body of evidence
      return object({ answers: list(perEvidence(i.evidence, i.questions, (q) => q.question_id, (ids, e) => object({
        question_id: oneOf(ids), answer: str, statement_indices: indicesOf(e.statements, 0),
      }))) });
    }
    case 'validate_pairs': {
      const i = input as ValidatePairsInput;
      // critiques (and, over a conversation, the standing of what the answer repeats) before the scores and the
      // verdict they lead to: a model writes in schema order, so it names the defects before it scores them
      return object({ verdicts: list(object({
        pair_id: oneOf(i.pairs.map((p) => p.pair_id)), question_critique: str, answer_critique: str,
        ...(i.material === 'conversation' ? { agent_standing: { type: 'string', enum: [...STANDINGS] } } : {}),
        ...(i.pairs.some((p) => p.kind) ? { kind_check: { type: 'string', enum: [...KIND_CHECKS] } } : {}),
        grounded: score, complete: score, relevant: score, clear: score, standalone: score,
        verdict: { type: 'string', enum: [...VERDICTS] },
      })) });
    }
    default: {
      const i = input as ReviseQuestionsInput;
      return object({ revisions: list(perEvidence(i.evidence, i.pairs, (p) => p.pair_id, (ids, e) => object({
        pair_id: oneOf(ids), question: str, statement_indices: indicesOf(e.statements),
      }))) });
    }
  }
}

/** The attribution fields of a conversation statement: turn numbers and speakers limited to those the chunks show. */
function conversationAttribution(texts: readonly string[]): Record<string, JsonSchema> {
  const shown = texts.flatMap((t) => turnsOf(t));
  const turns = shown.map((t) => t.turn);
  return {
    turn: turns.length > 0 ? { type: 'integer', minimum: Math.min(...turns), maximum: Math.max(...turns) } : { type: 'integer', minimum: 1 },
    speaker: oneOf(shown.map((t) => t.speaker)),
    standing: { type: 'string', enum: [...STANDINGS] },
  };
}

/** Every task id, in pipeline order. */
export const TASK_IDS: readonly TaskId[] = Object.freeze(Object.keys(TASK_SCHEMAS) as TaskId[]);
