/**
 * The contract of every LLM task the pipeline runs: the structured input the prompt is built from, the reply
 * shape (its JSON Schema is in taskSchemas.ts).
 *
 * Wire convention shared by prompts, the offline engine and the local test endpoint:
 * - the system message's first line is `QA Forge task: <task id> (prompt <version>)`;
 * - the user message carries the input object as the one fenced ```json block it contains;
 * - the response_format schema name is the task id.
 *
 * Each task is batched: one call covers several chunks (up to a token budget), never one call per question.
 */
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
