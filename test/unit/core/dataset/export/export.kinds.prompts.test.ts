/** Kinds in the promptfoo and OpenAI evals exports, read back as promptfoo, the evals registry and the Evals API do. */
import { strict as assert } from 'node:assert';
import { exportDataset, exportFiles } from '../../../../../src/core/dataset/export/index';
import { DECLINE_CRITERION } from '../../../../../src/core/dataset/export/kinds';
import { DECLINE_PHRASES } from '../../../../../src/core/dataset/export/promptfoo';
import { KIND_PAIRS } from './exportFixtures';
import { isObj, openAiEvalsApiItems, openAiEvalsFactPrompt, promptfooLoadTests, pythonJsonLines } from './exportLoaders';

const TURNS = [
  { role: 'user', content: 'Does the Lumen kettle have a warranty?' },
  { role: 'assistant', content: 'Yes, it comes with a warranty — ünïcödé kept.' },
];

describe('export promptfoo: kinds', () => {
  const runs = promptfooLoadTests(exportDataset(KIND_PAIRS, 'promptfoo'));

  it('multi-hop: both contexts in vars.context, still one case', () => {
    assert.deepEqual(runs[1].vars.context, KIND_PAIRS[1].contexts);
    assert.equal(runs[1].combinations, 1);
  });

  it('multi-turn: vars.messages is the chat for `{{ messages | dump }}`, prior turns then the question', () => {
    assert.deepEqual(runs[3].vars.messages, [...TURNS, { role: 'user', content: 'And how long does it last?' }]);
    assert.equal(runs[3].combinations, 1, 'the message list does not multiply the case');
    assert.ok(!('messages' in runs[0].vars), 'only multi-turn cases have messages');
  });

  it('unanswerable: metadata.unanswerable and an offline check that the output declines', () => {
    assert.equal(runs[2].metadata.unanswerable, true);
    assert.equal(runs[2].metadata.kind, 'unanswerable');
    assert.deepEqual(runs[2].assertions, [{ type: 'icontains-any', renderedValue: DECLINE_PHRASES.join(','), threshold: undefined, needsGrader: false, renderedValues: [...DECLINE_PHRASES] }]);
    assert.ok(!('unanswerable' in runs[0].metadata));
    assert.equal(runs[0].assertions[0].type, 'rouge-n', 'answerable cases keep the chosen assertion');
    const declines = (output: string): boolean => runs[2].assertions[0].renderedValues?.some((v) => output.toLowerCase().includes(v)) ?? false;
    assert.ok(declines('Where the warranty applies is Not Documented.'));
    assert.ok(declines("The manual doesn't mention Japan."));
    assert.ok(!declines('Yes, the warranty covers Japan.'));
  });

  it('unanswerable with a grader: an llm-rubric that the output declines; none stays none', () => {
    for (const kind of ['factuality', 'llm-rubric'] as const) {
      const graded = promptfooLoadTests(exportDataset(KIND_PAIRS, 'promptfoo', { assert: kind }));
      assert.deepEqual(graded[2].assertions, [{ type: 'llm-rubric', renderedValue: DECLINE_CRITERION, threshold: undefined, needsGrader: true }], kind);
      assert.equal(graded[0].assertions[0].type, kind);
    }
    assert.deepEqual(promptfooLoadTests(exportDataset(KIND_PAIRS, 'promptfoo', { assert: 'none' }))[2].assertions, []);
  });
});

describe('export openai-evals: kinds', () => {
  const rows = pythonJsonLines(exportDataset(KIND_PAIRS, 'openai-evals')) as Array<Record<string, unknown>>;

  it('multi-turn: the prior turns are messages between the system message and the final question', () => {
    const input = rows[3].input as Array<{ role: string; content: string }>;
    assert.deepEqual(input.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.deepEqual(input.slice(1, 3), TURNS);
    assert.match(input[3].content, /Question: And how long does it last\?$/);
    assert.ok(openAiEvalsFactPrompt(rows[3], 'Two years.').includes('assistant: Yes, it comes with a warranty'));
  });

  it('multi-hop: both contexts in the question message; unanswerable: the refusal as ideal and a marker', () => {
    const mh = (rows[1].input as Array<{ content: string }>)[1].content;
    for (const c of KIND_PAIRS[1].contexts) assert.ok(mh.includes(c));
    assert.equal(rows[2].ideal, KIND_PAIRS[2].answer);
    assert.equal(rows[2].unanswerable, true);
    assert.ok(!('unanswerable' in rows[0]));
  });
});

describe('export openai-evals-api: kinds', () => {
  const [jsonl, config] = exportFiles(KIND_PAIRS, 'openai-evals-api', {}, 'kettle.jsonl');
  const items = openAiEvalsApiItems(jsonl.text, config.text);

  it('every item has messages (for input_messages item_reference "item.messages") and unanswerable, in the schema', () => {
    const schema = (JSON.parse(config.text) as { item_schema: { required: string[] } }).item_schema;
    assert.ok(schema.required.includes('messages') && schema.required.includes('unanswerable'));
    assert.deepEqual(items.map((i) => i.unanswerable), [false, false, true, false]);
    const mt = items[3].messages as Array<{ role: string; content: string }>;
    assert.deepEqual(mt.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.deepEqual(mt.slice(1, 3), TURNS);
    assert.ok(isObj((items[0].messages as unknown[])[1]));
    assert.deepEqual(items[1].contexts, KIND_PAIRS[1].contexts);
  });

  it('the check fails on a message role the schema does not allow', () => {
    const line = JSON.parse(jsonl.text.split('\n')[3]) as { item: { messages: Array<{ role: string }> } };
    line.item.messages[1].role = 'tool';
    assert.throws(() => openAiEvalsApiItems(`${JSON.stringify(line)}\n`, config.text), /messages\[1\]\.role: not one of/);
  });

  it('an export of single- and multi-hop pairs only keeps the schema and items of before kinds', () => {
    const [plain, plainConfig] = exportFiles(KIND_PAIRS.slice(0, 2), 'openai-evals-api', {}, 'kettle.jsonl');
    assert.ok(!plain.text.includes('"messages"'));
    assert.ok(!plainConfig.text.includes('unanswerable'));
  });
});
