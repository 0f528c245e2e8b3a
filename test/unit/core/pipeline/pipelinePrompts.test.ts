import { strict as assert } from 'node:assert';
import { PROMPT_VERSION, PROMPTS, QAWorkflowGraph, TASK_IDS, TASK_SCHEMAS, buildPrompt } from '../../../../src/core';
import type { GenerateAnswersInput, GenerateQuestionsInput, TaskId } from '../../../../src/core';
import { FakeLlm, paragraphChunker } from '../../../support/fakeLlm';

/** The one fenced json block of a user message, parsed. */
function fencedJson(content: string): unknown {
  const blocks = [...content.matchAll(/```json\n([\s\S]*?)\n```/g)];
  assert.equal(blocks.length, 1, 'exactly one fenced json block');
  return JSON.parse(blocks[0][1]);
}

const QUESTIONS_INPUT: GenerateQuestionsInput = {
  difficulty: 'hard',
  custom_guidelines: 'Use British spelling.',
  dimensions: { features: 'pricing tiers', persona: 'a procurement officer', scenarios: 'comparing vendors' },
  example_question: 'Which tier includes SSO?',
  chunks: [{ chunk_id: 'c1', statements: [{ index: 0, text: 'Der Preis ist 10 €.', quote: 'Der Preis ist 10 € — ``` backticks ``` inside.' }], requests: [{ question_type: 'factual', count: 2 }, { question_type: 'troubleshooting', count: 1 }] }],
  avoid_questions: ['What is the price?'],
};

const ANSWERS_INPUT: GenerateAnswersInput = {
  evidence: [{ evidence_id: 'e1', statements: [], text: 'Text.' }],
  questions: [{ question_id: 'q1', evidence_id: 'e1', question: 'Q?', answer_critique: 'too long' }],
  answer_length: { name: 'short', max_sentences: 2 },
  custom_guidelines: 'Cite units.',
  example_answer: 'The Pro tier costs 20 € a month.',
};

describe('prompts: the wire convention', () => {
  it('every task prompt starts with the task header and carries its input as one json block', () => {
    const inputs: Record<TaskId, unknown> = {
      extract_statements: { chunks: [{ chunk_id: 'c', text: 'A.', max_statements: 3 }] },
      generate_questions: QUESTIONS_INPUT,
      propose_personas: { sample: [{ statements: ['A.'] }] },
      generate_kind_questions: { difficulty: 'easy', chunks: [{ chunk_id: 'c1', statements: [{ index: 0, text: 'A.' }] }], requests: [{ request_id: 'r1', kind: 'unanswerable', chunk_ids: ['c1'], question_type: 'factual', count: 1 }], avoid_questions: [] },
      generate_answers: ANSWERS_INPUT,
      validate_pairs: { threshold: 0.7, evidence: [{ evidence_id: 'e1', statements: [], text: 'A.' }], pairs: [{ pair_id: 'p', evidence_id: 'e1', question: 'Q?', answer: 'A.' }] },
      revise_questions: { difficulty: 'hard', evidence: [{ evidence_id: 'e1', statements: [], text: 'A.' }], pairs: [] },
    };
    for (const task of TASK_IDS) {
      const messages = buildPrompt(task, inputs[task] as never);
      assert.equal(messages[0].role, 'system');
      assert.equal(messages[0].content.split('\n')[0], `QA Forge task: ${task} (prompt ${PROMPT_VERSION})`);
      assert.equal(messages[1].role, 'user');
      assert.deepEqual(fencedJson(messages[1].content), inputs[task]);
      assert.ok(!messages[1].content.includes('\n  '), 'compact JSON: no indentation tokens');
      assert.equal(typeof PROMPTS[task], 'function');
    }
  });

  it('question prompts carry difficulty, dimensions, guidelines, the example question and every type', () => {
    const system = buildPrompt('generate_questions', QUESTIONS_INPUT)[0].content;
    assert.match(system, /Difficulty: hard\./);
    assert.match(system, /pricing tiers/);
    assert.match(system, /as this persona would ask: a procurement officer/);
    assert.match(system, /comparing vendors/);
    assert.match(system, /Use British spelling\./);
    assert.match(system, /style \(not the topic\) of this example question: Which tier includes SSO\?/);
    assert.match(system, /- factual: asks for a specific fact/);
    assert.match(system, /- troubleshooting: a question of the type "troubleshooting"/);
    assert.match(system, /language of the source it concerns/);
    assert.doesNotMatch(system, /example answer/i, 'the example answer belongs to the answer prompt');
  });

  it('the answer prompt carries the answer length in sentences, the example answer, guidelines and "only from the source"', () => {
    const system = buildPrompt('generate_answers', ANSWERS_INPUT)[0].content;
    assert.match(system, /Length: as short as the fact allows, at most 2 sentences \(answer_length short\); one fact is one sentence\./);
    assert.match(system, /ONLY from its body of evidence/);
    assert.match(system, /never mention "the source", "the text", "the document"/);
    assert.match(system, /example answer: The Pro tier costs 20 € a month\./);
    assert.match(system, /Cite units\./);
    assert.match(system, /critique/);
  });

  it('question, answer, validation and revision prompts say what they are given, without contradiction', () => {
    const questions = buildPrompt('generate_questions', QUESTIONS_INPUT)[0].content;
    assert.match(questions, /numbered, verified `statements`.*verbatim `quote` where that says more/);
    assert.doesNotMatch(questions, /given only when|its `text`/, 'no contradiction: the chunk text is not sent to question writing');
    assert.match(questions, /goal.*task.*symptom/);
    assert.match(questions, /does not contain its answer \(naming the subject it asks about is fine\)/);
    for (const task of ['generate_answers', 'validate_pairs', 'revise_questions'] as const) {
      const input = task === 'generate_answers' ? ANSWERS_INPUT : task === 'validate_pairs' ? { threshold: 0.7, evidence: [], pairs: [] } : { difficulty: 'easy', evidence: [], pairs: [] };
      const system = buildPrompt(task, input as never)[0].content;
      const given = task === 'validate_pairs' ? /body of evidence[^.]*`evidence_id`[^.]*`text`, the source passage its answer was written from/ : /body of evidence[^.]*`evidence_id`[^.]*numbered statements and `text`, the source passage they come from/;
      assert.match(system, given, task);
      if (task === 'validate_pairs') assert.doesNotMatch(system, /statement/, 'validation is sent no statements and is told of none');
      assert.doesNotMatch(system, /quote/, `${task}: the evidence carries no quotes (they lie inside its text)`);
    }
  });

  it('the validation prompt anchors 0, 0.5 and 1 of each criterion, states threshold and gates, and asks for critiques and a verdict', () => {
    const system = buildPrompt('validate_pairs', { threshold: 0.8, evidence: [], pairs: [] })[0].content;
    for (const c of ['grounded', 'complete', 'relevant', 'clear', 'standalone']) assert.match(system, new RegExp(`- ${c}: 0 = .+; 0\\.5 = .+; 1 = .+\\.`));
    assert.match(system, /mean of the five is at least 0\.8/);
    assert.match(system, /grounded below 0\.7 or standalone below 0\.7 fails it whatever the mean/);
    assert.match(system, /would ask/, 'would a user ask this?');
    assert.match(system, /gives its answer away/);
    assert.match(system, /critiques, then scores, then the verdict/);
    assert.match(system, /a score below 1 names its defect in the critique of the side that must change, and a named defect lowers a score/, 'scores and critiques must agree');
    const order = Object.keys((TASK_SCHEMAS.validate_pairs as { properties: { verdicts: { items: { properties: object } } } }).properties.verdicts.items.properties);
    assert.ok(order.indexOf('answer_critique') < order.indexOf('grounded'), `critiques come before the scores in the schema (a model writes in schema order): ${order.join(', ')}`);
    assert.match(system, /`question_critique`.*`answer_critique`/);
    for (const v of ['keep', 'revise_question', 'revise_answer', 'drop']) assert.match(system, new RegExp(`"${v}"`));
  });
});

describe('prompts: params reach the calls that concern them', () => {
  it('sends answer_length, dimensions, guidelines and examples from GenerationParams', async () => {
    const llm = new FakeLlm();
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments('Plans cost 10 € or 20 €. The Pro plan adds SSO.', {
      num_pairs: 1, answer_length: 'long', difficulty: 'easy', custom_guidelines: 'Avoid jargon.',
      example_question: 'Does Basic include SSO?', example_answer: 'No, only Pro does.',
      dimensions: { persona: 'a CFO' },
    });
    const q = llm.callsOf('generate_questions')[0];
    assert.equal(q.input.difficulty, 'easy');
    assert.deepEqual(q.input.dimensions, { persona: 'a CFO' }, 'empty steering fields are left out');
    assert.ok(!('custom_guidelines' in llm.callsOf('generate_questions')[0].input) || q.input.custom_guidelines === 'Avoid jargon.');
    assert.match(q.request.messages[0].content, /a CFO/);
    assert.match(q.request.messages[0].content, /Does Basic include SSO\?/);
    assert.match(q.request.messages[0].content, /Avoid jargon\./);
    const a = llm.callsOf('generate_answers')[0];
    assert.deepEqual(a.input.answer_length, { name: 'long', max_sentences: 8 });
    assert.match(a.request.messages[0].content, /at most 8 sentences \(answer_length long\)/);
    assert.match(a.request.messages[0].content, /No, only Pro does\./);
    assert.equal(a.request.promptVersion, PROMPT_VERSION);
    assert.equal(a.request.task, 'generate_answers');
    assert.equal((a.request.schema as { required: string[] }).required[0], 'answers');
  });
});
