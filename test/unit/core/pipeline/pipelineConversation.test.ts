/**
 * Conversation statements: attributed to the turn and speaker their quote is verified in (the turn-aware quote
 * check), and agent claims the conversation contradicted or left unsure never become statements; the reply schema
 * of conversation material asks for the attribution; pairs keep the message indices of every turn they use.
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph } from '../../../../src/core';
import type { RunEvent } from '../../../../src/core';
import { makeChunk } from '../../../../src/core/chunking/chunk';
import { sessionToDocument } from '../../../../src/core/ingest/sessions';
import { taskSchema } from '../../../../src/core/domain/tasks';
import { statementsOf } from '../../../../src/core/pipeline/nodes/extractStatements';
import { turnsOf } from '../../../../src/core/domain/turns';
import type { Chunker } from '../../../../src/core/pipeline/state';
import { estimateTokens } from '../../../../src/core/text/tokens';
import { FakeLlm } from '../../../support/fakeLlm';

const MESSAGES = [
  { role: 'user', content: 'My Kestrel K2 shows E2 every morning.' },
  { role: 'assistant', content: 'I think E2 means the battery is low. Try new batteries.' },
  { role: 'user', content: 'That didn\'t work, it still shows E2.' },
  { role: 'assistant', content: 'Sorry, I was wrong: E2 means the boiler did not start within 10 minutes. Set the boiler timer to constant.' },
  { role: 'user', content: 'Constant fixed it, E2 is gone.' },
];
const doc = sessionToDocument({ file: 'support.json', id: 't1', messages: MESSAGES, metadata: { product: 'Kestrel K2' } });
const chunk = makeChunk(doc, 0, { start: 0, end: doc.text.length }, estimateTokens(doc.text));
/** The whole conversation as one chunk (as the real chunker keeps a conversation that fits). */
const wholeChunker: Chunker = async (d, i) => [makeChunk(d, i, { start: 0, end: d.text.length }, estimateTokens(d.text))];

describe('conversation turns of a chunk', () => {
  it('reads each turn\'s number, speaker and content range back from the rendered text', () => {
    const turns = turnsOf(chunk.text);
    assert.deepEqual(turns.map((t) => [t.turn, t.speaker]), [[1, 'user'], [2, 'assistant'], [3, 'user'], [4, 'assistant'], [5, 'user']]);
    assert.equal(chunk.text.slice(turns[3].start, turns[3].end), MESSAGES[3].content);
    assert.deepEqual(turnsOf('Plain documentation text.'), []);
  });
});

describe('conversation statements: the turn-aware quote check', () => {
  const fix = { statement: 'On the Kestrel K2, E2 means the boiler did not start within 10 minutes.', quote: 'E2 means the boiler did not start within 10 minutes', speaker: 'assistant' };

  it('keeps a statement whose quote is in its cited turn, with that turn and the turn\'s own speaker', () => {
    const { kept: [s] } = statementsOf(chunk, [{ ...fix, turn: 4, speaker: 'user', standing: 'established' }], 5);
    assert.equal(s.turn, 4);
    assert.equal(s.speaker, 'assistant', 'the speaker is the cited turn\'s role, whatever the reply said');
    assert.equal(doc.text.slice(s.start, s.end), 'E2 means the boiler did not start within 10 minutes');
    assert.ok(s.start >= doc.session!.messageRanges[3].start && s.end <= doc.session!.messageRanges[3].end);
  });

  it('drops a statement whose quote is in another turn than the one it cites, or that cites a turn the chunk lacks', () => {
    const out = statementsOf(chunk, [
      { ...fix, turn: 2, standing: 'established' },
      { ...fix, statement: 'E2 is about the boiler.', turn: 9, standing: 'established' },
    ], 5);
    assert.equal(out.kept.length, 0);
    assert.deepEqual(out.dropped.map((d) => d.reason), [
      'its quote "E2 means the boiler did not start within 10 minutes" is not in turn 2',
      'it cites turn 9, which is not in the chunk',
    ]);
  });

  it('attributes a statement that cites no turn to the turn its quote aligned in (fuzzily too)', () => {
    const { kept: [s] } = statementsOf(chunk, [{ statement: 'Setting the boiler timer to constant fixes E2.', quote: 'set the boiler timer to constant' }], 5);
    assert.equal(s.turn, 4);
    assert.equal(s.speaker, 'assistant');
  });

  it('never keeps an agent claim the conversation contradicted or left unsure, and says why', () => {
    const out = statementsOf(chunk, [
      { statement: 'On the Kestrel K2, E2 means the battery is low.', quote: 'E2 means the battery is low', turn: 2, speaker: 'assistant', standing: 'contradicted' },
      { statement: 'New batteries clear E2.', quote: 'Try new batteries.', turn: 2, speaker: 'assistant', standing: 'unsure' },
      { ...fix, turn: 4, standing: 'established' },
    ], 5);
    assert.deepEqual(out.kept.map((s) => s.turn), [4]);
    assert.deepEqual(out.dropped.map((d) => d.reason), ['the conversation later contradicts it (turn 2)', 'its speaker was unsure of it (turn 2)']);
  });

  it('asks conversation replies for turn, speaker and standing, bounded by the turns and speakers sent; documentation replies unchanged', () => {
    const chunks = [{ chunk_id: chunk.id, text: chunk.text, max_statements: 3 }];
    const item = (schema: unknown) => (schema as { properties: { chunks: { items: { properties: { statements: { items: { properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number }>; required: string[] } } } } } } })
      .properties.chunks.items.properties.statements.items;
    const conv = item(taskSchema('extract_statements', { material: 'conversation', chunks }));
    assert.deepEqual(conv.required, ['statement', 'quote', 'scope', 'turn', 'speaker', 'standing']);
    assert.deepEqual([conv.properties.turn.minimum, conv.properties.turn.maximum], [1, 5]);
    assert.deepEqual(conv.properties.speaker.enum, ['user', 'assistant']);
    assert.deepEqual(conv.properties.standing.enum, ['established', 'contradicted', 'unsure']);
    assert.deepEqual(item(taskSchema('extract_statements', { chunks })).required, ['statement', 'quote', 'scope']);
  });
});

describe('conversation run: attributed statements reach every stage, contradicted claims none', () => {
  it('shows questions and answers each statement\'s turn and speaker, drops the contradicted claim, keeps every used turn in provenance', async () => {
    const llm = new FakeLlm({ handlers: {
      extract_statements: (input) => ({ chunks: input.chunks.map((c) => ({ chunk_id: c.chunk_id, statements: [
        { statement: 'On the Kestrel K2, E2 means the battery is low.', quote: 'E2 means the battery is low', scope: 'current', turn: 2, speaker: 'assistant', standing: 'contradicted' },
        { statement: 'On the Kestrel K2, E2 means the boiler did not start within 10 minutes.', quote: 'E2 means the boiler did not start within 10 minutes', scope: 'current', turn: 4, speaker: 'assistant', standing: 'established' },
        { statement: 'Setting the boiler timer to constant cleared E2 on the Kestrel K2.', quote: 'Constant fixed it, E2 is gone.', scope: 'current', turn: 5, speaker: 'user', standing: 'established' },
      ] })) }),
      generate_questions: (input) => ({ questions: input.chunks.map((c) => ({ chunk_id: c.chunk_id, question: 'How do I clear error E2 on a Kestrel K2 thermostat?', question_type: c.requests[0].question_type, statement_indices: c.statements.map((s) => s.index) })) }),
    } });
    const events: RunEvent[] = [];
    const r = await new QAWorkflowGraph({ llm, chunker: wholeChunker, onEvent: (e) => events.push(e) }).runFromSessions(MESSAGES, { product: 'Kestrel K2' }, { num_pairs: 1 });
    assert.deepEqual(r.statements.map((s) => [s.turn, s.speaker]), [[4, 'assistant'], [5, 'user']]);
    const asked = llm.callsOf('generate_questions')[0].input.chunks[0].statements;
    assert.deepEqual(asked.map((s) => [s.turn, s.speaker]), [[4, 'assistant'], [5, 'user']]);
    assert.ok(!asked.some((s) => s.text.includes('battery')), 'the contradicted claim is never shown as a fact');
    const evidence = llm.callsOf('generate_answers')[0].input.evidence[0].statements;
    assert.ok(evidence.length > 0 && evidence.every((s) => s.turn !== undefined && s.speaker), 'answers see the attribution too');
    const warning = events.find((e) => e.type === 'node-error' && e.node === 'ExtractStatements');
    assert.ok(warning && warning.type === 'node-error' && /later contradicts it \(turn 2\)/.test(warning.message));
    const pair = r.qaPairs[0];
    assert.ok(pair.provenance.kind === 'session');
    const indices = pair.provenance.kind === 'session' ? pair.provenance.messageIndices : [];
    for (const s of r.statements) assert.ok(indices.includes(s.turn! - 1), `message ${s.turn! - 1} (turn ${s.turn}) is in the pair's provenance ${indices.join(',')}`);
  });
});
