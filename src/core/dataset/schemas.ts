/**
 * JSON Schemas (draft-07) of the dataset file's lines and of its manifest. These objects are the single source:
 * `schemas/qa-pair.schema.json` and `schemas/qa-manifest.schema.json` are written from them and a unit test
 * keeps the two in step (the files ship with the extension and are contributed to VS Code for the manifest).
 */
import { GATE_FLOORS } from '../domain/tasks';

const nonNegInt = { type: 'integer', minimum: 0 } as const;
const isoTime = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
const score01 = { type: 'number', minimum: 0, maximum: 1 } as const;
const GATES_TEXT = Object.entries(GATE_FLOORS).map(([c, floor]) => `criteria.${c} >= ${floor}`).join(' AND ');

/** Schema of one line of `<name>.qa.jsonl`. */
export const QA_PAIR_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://qaforge.dev/schemas/qa-pair.schema.json',
  title: 'QA Forge dataset pair (one line of <name>.qa.jsonl)',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'question', 'answer', 'question_type', 'difficulty', 'contexts', 'statements', 'source', 'quality', 'status', 'generator'],
  properties: {
    id: { type: 'string', minLength: 1, description: 'Stable id, derived once at creation; never changed by edits or regeneration.' },
    question: { type: 'string', minLength: 1 },
    answer: { type: 'string' },
    question_type: { type: 'string', minLength: 1 },
    difficulty: { type: 'string', minLength: 1 },
    kind: {
      enum: ['single_hop', 'multi_hop', 'unanswerable', 'multi_turn'],
      description: 'What the pair asks for; absent means single_hop (one chunk answers it). multi_hop: facts from 2-4 chunks (see sources); unanswerable: the documents do not answer it; multi_turn: the final question of a conversation (see turns).',
    },
    turns: {
      type: 'array',
      minItems: 1,
      description: 'A multi_turn pair\'s conversation before its final question, oldest first.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'content'],
        properties: { role: { enum: ['user', 'assistant'] }, content: { type: 'string', minLength: 1 } },
      },
    },
    persona: { type: 'string', minLength: 1, description: 'Name of the persona the question was written for.' },
    query_style: { enum: ['perfect_grammar', 'poor_grammar', 'web_search', 'misspelled'], description: 'How the question is worded.' },
    query_length: { enum: ['short', 'medium', 'long'], description: 'How long the question is.' },
    contexts: { type: 'array', items: { type: 'string' }, description: 'The source text the answer is grounded in.' },
    statements: { type: 'array', items: { type: 'string' }, description: 'The supporting statements.' },
    source: {
      type: 'object',
      if: { required: ['session_file'] },
      then: { $ref: '#/definitions/sessionSource' },
      else: { $ref: '#/definitions/fileSource' },
    },
    sources: {
      type: 'array',
      minItems: 1,
      description: 'Every span the pair draws on, the primary one (source) first; a multi_hop pair has at least 2, from distinct chunks.',
      items: {
        type: 'object',
        if: { required: ['session_file'] },
        then: { $ref: '#/definitions/sessionSource' },
        else: { $ref: '#/definitions/fileSource' },
      },
    },
    quality: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['score', 'criteria', 'feedback'],
          description: `Validation of the pair. It passes when score >= the run's validation_threshold AND ${GATES_TEXT} (gates: below its floor a pair fails whatever the mean) AND verdict is "keep" (or absent, in files written before verdicts).`,
          properties: {
            score: { ...score01, description: 'Mean of the criteria.' },
            criteria: { type: 'object', additionalProperties: score01 },
            feedback: { type: 'string', description: 'The critiques in one text (question first); "none" when there is nothing to change.' },
            verdict: { enum: ['keep', 'revise_question', 'revise_answer', 'drop'], description: 'The validator\'s decision; "drop": the source cannot support a good pair. Absent in files written before verdicts.' },
            question_critique: { type: 'string', description: 'What to change in the question ("" when nothing).' },
            answer_critique: { type: 'string', description: 'What to change in the answer ("" when nothing).' },
          },
        },
      ],
    },
    status: { enum: ['draft', 'accepted', 'rejected', 'edited'] },
    generator: {
      type: 'object',
      additionalProperties: false,
      required: ['provider', 'model', 'prompt_version', 'iteration'],
      properties: {
        provider: { type: 'string' },
        model: { type: 'string' },
        prompt_version: { type: 'string' },
        iteration: nonNegInt,
      },
    },
    previous_scores: { type: 'array', items: score01, description: 'Scores of the versions this pair replaced, oldest first.' },
  },
  allOf: [
    { if: { required: ['kind'], properties: { kind: { const: 'multi_hop' } } }, then: { required: ['sources'], properties: { sources: { type: 'array', minItems: 2 } } } },
    { if: { required: ['kind'], properties: { kind: { const: 'multi_turn' } } }, then: { required: ['turns'] } },
  ],
  definitions: {
    fileSource: {
      type: 'object',
      additionalProperties: false,
      required: ['path', 'start_line', 'end_line', 'span_hash'],
      properties: {
        path: { type: 'string', minLength: 1, description: 'Relative to the workspace root, forward slashes.' },
        start_line: { type: 'integer', minimum: 1 },
        end_line: { type: 'integer', minimum: 1 },
        span_hash: { type: 'string', pattern: '^[0-9a-f]{16}$', description: 'See README: hash of lines start_line..end_line.' },
        page: { type: 'integer', minimum: 1, description: 'Page of a paged format (pdf); lines are then lines of the extracted text.' },
      },
    },
    sessionSource: {
      type: 'object',
      additionalProperties: false,
      required: ['session_file', 'session_id', 'message_indices', 'span_hash'],
      properties: {
        session_file: { type: 'string', minLength: 1 },
        session_id: { type: 'string' },
        message_indices: { type: 'array', minItems: 1, items: nonNegInt },
        span_hash: { type: 'string', pattern: '^[0-9a-f]{16}$' },
      },
    },
  },
} as const;

/** Schema of `<name>.qa.manifest.json`. */
export const QA_MANIFEST_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://qaforge.dev/schemas/qa-manifest.schema.json',
  title: 'QA Forge dataset manifest (<name>.qa.manifest.json)',
  type: 'object',
  additionalProperties: false,
  required: ['format_version', 'dataset', 'root', 'params', 'provider', 'model', 'prompt_version', 'sources', 'stats', 'created', 'updated'],
  properties: {
    $schema: { type: 'string' },
    format_version: { const: 1 },
    dataset: { type: 'string', description: 'File name of the dataset this manifest describes.' },
    root: { type: 'string', description: 'Workspace root, relative to the manifest\'s folder (forward slashes); source paths are relative to it.' },
    params: { type: 'object', description: 'GenerationParams of the last run, snake_case.' },
    provider: { type: 'string' },
    model: { type: 'string' },
    prompt_version: { type: 'string' },
    sources: {
      type: 'object',
      description: 'sha256 (hex) of each source file\'s bytes, by root-relative path.',
      additionalProperties: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    },
    stats: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'calls', 'cache_hits', 'prompt_tokens', 'completion_tokens', 'cost_usd', 'elapsed_ms', 'pairs', 'validated', 'below_threshold', 'average_quality', 'iterations'],
      properties: {
        status: { enum: ['completed', 'cancelled', 'failed', 'budget-exceeded'] },
        calls: nonNegInt,
        cache_hits: nonNegInt,
        prompt_tokens: nonNegInt,
        cached_prompt_tokens: { ...nonNegInt, description: 'The part of prompt_tokens the provider served from its prompt cache (priced at the cached-input rate); absent when none.' },
        completion_tokens: nonNegInt,
        cost_usd: { type: 'number', minimum: 0 },
        elapsed_ms: { type: 'number', minimum: 0 },
        pairs: nonNegInt,
        validated: nonNegInt,
        below_threshold: nonNegInt,
        average_quality: { type: 'number', minimum: 0, maximum: 1 },
        iterations: nonNegInt,
      },
    },
    quality_gates: {
      type: 'object',
      additionalProperties: false,
      description: 'Thresholds of `qaforge check --quality` for this dataset (a flag given on the command line wins); kept across runs.',
      properties: {
        near_duplicate: { ...score01, description: 'Two questions whose lexical similarity is at least this are near-duplicates (default 0.8).' },
        distribution_tolerance: { ...score01, description: 'Largest allowed gap between a kind\'s, type\'s or difficulty\'s share and the share asked for (default 0.1, i.e. 10 points).' },
        min_coverage: { ...score01, description: 'Smallest share of the source files that must have a pair (default 1: every file).' },
      },
    },
    personas: {
      type: 'array',
      minItems: 1,
      description: 'The personas proposed from the corpus for `dimensions.persona: "auto"`; each pair\'s `persona` names one.',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'description'],
        properties: { name: { type: 'string', minLength: 1 }, description: { type: 'string' } },
      },
    },
    batch: {
      type: 'object',
      additionalProperties: false,
      required: ['job_ids'],
      description: 'Present when the last run ran its model calls as provider batch jobs (generate --batch).',
      properties: { job_ids: { type: 'array', items: { type: 'string' }, description: 'The provider\'s ids of the run\'s batch jobs.' } },
    },
    shard: {
      type: 'object',
      additionalProperties: false,
      required: ['count', 'indices', 'num_pairs'],
      description: 'Present for a sharded run (generate --shard i/n) and for a merge of shard files (qaforge merge).',
      properties: {
        count: { type: 'integer', minimum: 1, description: 'n of --shard i/n.' },
        indices: { type: 'array', items: { type: 'integer', minimum: 1 }, description: 'The i of each shard this file holds, ascending.' },
        num_pairs: { ...nonNegInt, description: 'num_pairs as given for the whole corpus (params.num_pairs is the shard\'s part).' },
      },
    },
    created: { type: 'string', pattern: isoTime, description: 'ISO 8601 UTC time of the first run.' },
    updated: { type: 'string', pattern: isoTime, description: 'ISO 8601 UTC time of the last run.' },
  },
} as const;
