/**
 * The reply JSON Schema of every LLM task (OpenAI strict-mode compatible: every property required, no extras),
 * narrowed to each call's input where a reply must name its items (chunk, request and question ids, statement
 * indices), so a structured-output endpoint cannot answer about something it was not asked.
 */
import type { JsonSchema } from '../llm/port';
import { turnsOf } from './turns';
import { KIND_CHECKS, STANDINGS, STATEMENT_SCOPES, VERDICTS, type ExtractStatementsInput, type GenerateAnswersInput, type GenerateKindQuestionsInput, type GenerateQuestionsInput, type ReviseQuestionsInput, type TaskEvidence, type TaskId, type TaskInputs, type ValidatePairsInput } from './tasks';

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
