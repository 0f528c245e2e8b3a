/**
 * Snapshots of every prompt: the exact messages sent for a fixed input, and the reply schema sent with them.
 * A change of wording shows in review as a diff of test/unit/core/pipeline/snapshots/prompts/*.txt; write them again with
 * UPDATE_SNAPSHOTS=1 (and bump PROMPT_VERSION). A missing snapshot fails: a test that writes what it checks
 * would prove nothing.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROMPT_VERSION, buildPrompt, taskSchema } from '../../../../src/core';
import type { TaskId, TaskInputs } from '../../../../src/core';

const DIR = path.resolve(__dirname, 'snapshots/prompts');

const EVIDENCE = [{
  evidence_id: 'e1',
  statements: [
    // as the pipeline sends them: no quotes (each lies inside the text)
    { index: 0, text: 'A flashed message is available only in the next request.' },
    { index: 2, text: 'Flask can flash messages with a category.', scope: 'history' as const },
  ],
  text: 'Message Flashing › Flashing With Categories\n\nFlask provides a way to give feedback: a flashed message is only available in the next request. Added in version 0.3: categories.',
}];

/** One fixed input per task. */
const INPUTS: { [K in TaskId]: TaskInputs[K] } = {
  extract_statements: { chunks: [{ chunk_id: 'c1', heading_path: 'Message Flashing', text: 'Flask provides a simple way to give feedback to a user with the flashing system.', max_statements: 3 }] },
  generate_questions: {
    difficulty: 'medium',
    dimensions: { persona: 'a web developer' },
    chunks: [{
      chunk_id: 'c1', heading_path: 'Message Flashing',
      statements: [{ index: 0, text: 'Flask gives feedback to a user with the flashing system.', quote: 'Flask provides a simple way to give feedback to a user with the flashing system.' }],
      requests: [{ question_type: 'factual', count: 1 }, { question_type: 'application', count: 1 }],
    }],
    avoid_questions: ['What is message flashing?'],
  },
  propose_personas: {
    sample: [
      { heading_path: 'Message Flashing', statements: ['Flask gives feedback to a user with the flashing system.'] },
      { heading_path: 'Sessions', statements: ['Flask stores flashed messages in the session.', 'The session is signed with the secret key.'] },
    ],
  },
  generate_kind_questions: {
    difficulty: 'medium',
    personas: [{ name: 'Web developer', description: 'Builds Flask apps and wants working snippets.' }, { name: 'Security reviewer', description: 'Checks how Flask keeps data safe.' }],
    chunks: [
      { chunk_id: 'c1', heading_path: 'Message Flashing', statements: [{ index: 0, text: 'Flask gives feedback to a user with the flashing system.' }] },
      { chunk_id: 'c2', heading_path: 'Sessions', statements: [{ index: 0, text: 'Flask stores flashed messages in the session.' }, { index: 1, text: 'The session is signed with the secret key.' }] },
    ],
    requests: [
      { request_id: 'r1', kind: 'multi_hop', chunk_ids: ['c1', 'c2'], question_type: 'analysis', count: 1, persona: 'Security reviewer', query_style: 'web_search', query_length: 'short' },
      { request_id: 'r2', kind: 'unanswerable', chunk_ids: ['c2'], question_type: 'factual', count: 1 },
      { request_id: 'r3', kind: 'multi_turn', chunk_ids: ['c2'], question_type: 'application', count: 1 },
    ],
    avoid_questions: [],
  },
  generate_answers: {
    evidence: EVIDENCE,
    questions: [
      { question_id: 'q1', evidence_id: 'e1', question: 'How long does a flashed message stay available in Flask?' },
      { question_id: 'q2', evidence_id: 'e1', question: 'Since which Flask version can flashed messages have a category?', answer_critique: 'Name the version only.' },
    ],
    answer_length: { name: 'short', max_sentences: 2 },
  },
  validate_pairs: {
    threshold: 0.7,
    evidence: EVIDENCE.map(({ evidence_id, text }) => ({ evidence_id, text })),
    pairs: [{ pair_id: 'p1', evidence_id: 'e1', question: 'How long does a flashed message stay available in Flask?', answer: 'Only until the next request.' }],
  },
  revise_questions: {
    difficulty: 'medium',
    evidence: EVIDENCE,
    pairs: [{ pair_id: 'p1', evidence_id: 'e1', question_type: 'factual', question: 'What does the example flash?', score: 0.42, question_critique: 'Not standalone: name Flask and the feature.' }],
  },
};

/** The same inputs over a support conversation (a chunk of `[turn N] role:` lines, the title on top). */
const CONVERSATION: { [K in TaskId]: TaskInputs[K] } = {
  extract_statements: { material: 'conversation', chunks: [{ chunk_id: 's1', heading_path: 'Backup restore fails · product: Kestrel Sync', text: '[turn 0] user: Restoring from backup stops at 99%.\n[turn 1] assistant: Clear the cache in Settings › Storage, then restore again.\n[turn 2] user: That worked, thanks.', max_statements: 3 }] },
  generate_questions: { ...INPUTS.generate_questions, material: 'conversation' },
  propose_personas: { ...INPUTS.propose_personas, material: 'conversation' },
  generate_kind_questions: { ...INPUTS.generate_kind_questions, material: 'conversation' },
  generate_answers: { ...INPUTS.generate_answers, material: 'conversation' },
  validate_pairs: { ...INPUTS.validate_pairs, material: 'conversation' },
  revise_questions: { ...INPUTS.revise_questions, material: 'conversation' },
};

/** The stages after question writing over pairs of the other kinds (each kind's lines, the kind_check field). */
const SECOND: (typeof EVIDENCE)[number] = { evidence_id: 'e2', statements: [{ index: 0, text: 'Flask stores flashed messages in the session.' }], text: 'Sessions\n\nFlask stores flashed messages in the session, which is signed with the secret key.' };
const TURNS = [{ role: 'user' as const, content: 'How do I show a message after a redirect in Flask?' }, { role: 'assistant' as const, content: 'Flash it; it is available in the next request.' }];
const KINDS: Partial<{ [K in TaskId]: TaskInputs[K] }> = {
  // personas proposed for dimensions.persona auto, and requests split by query style and length
  generate_questions: {
    difficulty: 'medium',
    personas: [{ name: 'Web developer', description: 'Builds Flask apps and wants working snippets.' }, { name: 'Security reviewer', description: 'Checks how Flask keeps data safe.' }],
    chunks: [{
      chunk_id: 'c1', heading_path: 'Message Flashing', persona: 'Web developer',
      statements: [{ index: 0, text: 'Flask gives feedback to a user with the flashing system.' }],
      requests: [{ question_type: 'factual', count: 1, query_style: 'misspelled', query_length: 'short' }, { question_type: 'factual', count: 1, query_style: 'perfect_grammar', query_length: 'long' }],
    }],
    avoid_questions: [],
  },
  generate_answers: {
    evidence: [...EVIDENCE, SECOND],
    questions: [
      { question_id: 'q1', evidence_id: 'e1', kind: 'multi_hop', more_evidence_ids: ['e2'], question: 'Where does Flask keep a flashed message until the next request?' },
      { question_id: 'q2', evidence_id: 'e1', kind: 'unanswerable', question: 'How many flashed messages can Flask keep at most?' },
      { question_id: 'q3', evidence_id: 'e2', kind: 'multi_turn', turns: TURNS, question: 'And where is it stored meanwhile?' },
    ],
    answer_length: { name: 'short', max_sentences: 2 },
  },
  validate_pairs: {
    threshold: 0.7,
    evidence: [...EVIDENCE, SECOND].map(({ evidence_id, text }) => ({ evidence_id, text })),
    pairs: [
      { pair_id: 'p1', evidence_id: 'e1', kind: 'multi_hop', more_evidence_ids: ['e2'], question: 'Where does Flask keep a flashed message until the next request?', answer: 'In the signed session.' },
      { pair_id: 'p2', evidence_id: 'e1', question: 'How long does a flashed message stay available in Flask?', answer: 'Only until the next request.' },
    ],
  },
  revise_questions: {
    difficulty: 'medium',
    evidence: [...EVIDENCE, SECOND],
    pairs: [{ pair_id: 'p1', evidence_id: 'e2', kind: 'multi_turn', turns: TURNS, question_type: 'factual', question: 'Where does Flask store flashed messages?', score: 0.5, question_critique: 'Not multi-turn: it reads the same without the turns.' }],
  },
};

function snapshotOf(task: TaskId, input: unknown): string {
  const messages = buildPrompt(task, input as never);
  const parts = messages.map((m) => `--- ${m.role}\n${m.content}`);
  return `${parts.join('\n')}\n--- schema\n${JSON.stringify(taskSchema(task, input as never), null, 2)}\n`;
}

describe('prompts: snapshots of what is sent', () => {
  const cases = (Object.keys(INPUTS) as TaskId[]).flatMap((task) => [
    { task, name: task, input: INPUTS[task] as unknown },
    { task, name: `${task}.conversation`, input: CONVERSATION[task] as unknown },
    ...(KINDS[task] ? [{ task, name: `${task}.kinds`, input: KINDS[task] as unknown }] : []),
  ]);
  for (const { task, name, input } of cases) {
    it(`${name}: exact messages and schema for a fixed input`, () => {
      const file = path.join(DIR, `${name}.txt`);
      const actual = snapshotOf(task, input);
      if (process.env.UPDATE_SNAPSHOTS === '1') {
        fs.mkdirSync(DIR, { recursive: true });
        fs.writeFileSync(file, actual);
      }
      assert.ok(fs.existsSync(file), `no snapshot ${path.relative(process.cwd(), file)}: run with UPDATE_SNAPSHOTS=1 and review it`);
      assert.equal(actual, fs.readFileSync(file, 'utf8'));
    });
  }

  it('every prompt puts the fixed instructions first and the varying input last, and names the prompt version', () => {
    for (const task of Object.keys(INPUTS) as TaskId[]) {
      const messages = buildPrompt(task, INPUTS[task] as never);
      assert.equal(messages.length, 2);
      assert.ok(!messages[0].content.includes('```json'), `${task}: no input in the instructions`);
      assert.ok(messages[1].content.endsWith('\n```'), `${task}: the input closes the request`);
      assert.ok(messages[0].content.startsWith(`QA Forge task: ${task} (prompt ${PROMPT_VERSION})`));
    }
  });

  it('no prompt says the text is given only without statements, and no input carries null', () => {
    for (const task of Object.keys(INPUTS) as TaskId[]) {
      const [system, user] = buildPrompt(task, INPUTS[task] as never);
      assert.doesNotMatch(system.content, /given only when/);
      assert.doesNotMatch(user.content, /:null\b/);
    }
  });
});

describe('schemas: the reply may use only what the request holds', () => {
  it('limits ids, question types and statement indices to those sent', () => {
    const q = taskSchema('generate_questions', INPUTS.generate_questions) as { properties: { questions: { items: { properties: Record<string, unknown> } } } };
    const item = q.properties.questions.items.properties;
    assert.deepEqual(item.chunk_id, { type: 'string', enum: ['c1'] });
    assert.deepEqual(item.question_type, { type: 'string', enum: ['factual', 'application'] });
    assert.deepEqual(item.statement_indices, { type: 'array', minItems: 1, items: { type: 'integer', enum: [0] } });
    const two = taskSchema('generate_questions', {
      ...INPUTS.generate_questions,
      chunks: [
        { chunk_id: 'c1', statements: [0, 1, 2].map((index) => ({ index, text: `s${index}`, quote: `q${index}` })), requests: [{ question_type: 'factual', count: 1 }] },
        { chunk_id: 'c2', statements: [{ index: 1, text: 's1', quote: 'q1' }], requests: [{ question_type: 'analysis', count: 1 }] },
      ],
    }) as { properties: { questions: { items: { anyOf: Array<{ properties: Record<string, { enum?: unknown[]; items?: { enum: unknown[] } }> }> } } } };
    const [c1, c2] = two.properties.questions.items.anyOf.map((o) => o.properties);
    assert.deepEqual([c1.chunk_id.enum, c1.question_type.enum, c1.statement_indices.items!.enum], [['c1'], ['factual'], [0, 1, 2]], 'chunk c1: its own 3 statements');
    assert.deepEqual([c2.chunk_id.enum, c2.question_type.enum, c2.statement_indices.items!.enum], [['c2'], ['analysis'], [1]], 'chunk c2: only the statement sent');
    const a = taskSchema('generate_answers', INPUTS.generate_answers) as { properties: { answers: { items: { properties: Record<string, unknown> } } } };
    assert.deepEqual(a.properties.answers.items.properties.question_id, { type: 'string', enum: ['q1', 'q2'] });
    assert.deepEqual(a.properties.answers.items.properties.statement_indices, { type: 'array', items: { type: 'integer', enum: [0, 2] } }, 'the statements of its body (an answer may cite none)');
    const v = taskSchema('validate_pairs', INPUTS.validate_pairs) as { properties: { verdicts: { items: { properties: Record<string, unknown>; required: string[] } } } };
    assert.deepEqual(v.properties.verdicts.items.properties.pair_id, { type: 'string', enum: ['p1'] });
    assert.deepEqual(v.properties.verdicts.items.properties.verdict, { type: 'string', enum: ['keep', 'revise_question', 'revise_answer', 'drop'] });
    assert.deepEqual(v.properties.verdicts.items.required, Object.keys(v.properties.verdicts.items.properties), 'strict mode: every property required');
    assert.deepEqual(Object.keys(v.properties.verdicts.items.properties), ['pair_id', 'question_critique', 'answer_critique', 'grounded', 'complete', 'relevant', 'clear', 'standalone', 'verdict'],
      'critiques before scores before the verdict: a model writes in schema order');
    const r = taskSchema('revise_questions', INPUTS.revise_questions) as { properties: { revisions: { items: { properties: Record<string, unknown> } } } };
    assert.deepEqual(r.properties.revisions.items.properties.pair_id, { type: 'string', enum: ['p1'] });
  });

  it('bounds each answer\'s and revision\'s statement indices by its own body of evidence', () => {
    type Branches = { anyOf: Array<{ properties: Record<string, { enum?: unknown[]; items?: { enum: unknown[] }; minItems?: number }> }> };
    const evidence = [
      { evidence_id: 'e1', statements: [{ index: 0, text: 's0' }, { index: 1, text: 's1' }], text: 's0 s1' },
      { evidence_id: 'e2', statements: [{ index: 4, text: 's4' }], text: 's4' },
    ];
    const answers = taskSchema('generate_answers', {
      evidence, answer_length: { name: 'short', max_sentences: 2 },
      questions: [{ question_id: 'q1', evidence_id: 'e1', question: 'a?' }, { question_id: 'q2', evidence_id: 'e2', question: 'b?' }, { question_id: 'q3', evidence_id: 'e1', question: 'c?' }],
    }) as unknown as { properties: { answers: { items: Branches } } };
    const byAnswer = answers.properties.answers.items.anyOf.map((o) => [o.properties.question_id.enum, o.properties.statement_indices.items!.enum]);
    assert.deepEqual(byAnswer, [[['q1', 'q3'], [0, 1]], [['q2'], [4]]], 'q2 cannot cite a statement of e1, nor q1 one of e2');
    const revisions = taskSchema('revise_questions', {
      difficulty: 'medium', evidence,
      pairs: [{ pair_id: 'p1', evidence_id: 'e2', question_type: 'factual', question: 'b?', score: 0.4, question_critique: 'vague' }, { pair_id: 'p2', evidence_id: 'e1', question_type: 'factual', question: 'a?', score: 0.4, question_critique: 'vague' }],
    }) as unknown as { properties: { revisions: { items: Branches } } };
    const byRevision = revisions.properties.revisions.items.anyOf.map((o) => [o.properties.pair_id.enum, o.properties.statement_indices.items!.enum, o.properties.statement_indices.minItems]);
    assert.deepEqual(byRevision, [[['p1'], [4], 1], [['p2'], [0, 1], 1]], 'a revised question rests on at least one statement of its own body');
  });
});

describe('prompts: transcripts get their own instructions', () => {
  it('each task over a conversation reads user turns as claims and assistant turns as an agent who may be wrong', () => {
    for (const task of Object.keys(CONVERSATION) as TaskId[]) {
      const system = buildPrompt(task, CONVERSATION[task] as never)[0].content;
      assert.match(system, /`assistant` turns are a support agent who may be wrong/, task);
      assert.doesNotMatch(buildPrompt(task, INPUTS[task] as never)[0].content, /support agent who may be wrong/, `${task}: not in documentation prompts`);
    }
    assert.match(buildPrompt('extract_statements', CONVERSATION.extract_statements)[0].content, /who said it goes in `speaker` and `turn`/);
    assert.match(buildPrompt('extract_statements', CONVERSATION.extract_statements)[0].content, /"contradicted" for a claim a later turn corrects/);
    assert.doesNotMatch(buildPrompt('extract_statements', CONVERSATION.extract_statements)[0].content, /documentation chunks/);
    assert.match(buildPrompt('validate_pairs', CONVERSATION.validate_pairs)[0].content, /that didn't work/);
    assert.match(buildPrompt('validate_pairs', CONVERSATION.validate_pairs)[0].content, /`agent_standing`, after the critiques and before the scores: "established" when/);
  });
});
