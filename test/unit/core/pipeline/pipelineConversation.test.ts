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
import { taskSchema } from '../../../../src/core/domain/taskSchemas';
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
    const { kept: [s, labelled] } = statementsOf(chunk, [
      { statement: 'Setting the boiler timer to constant fixes E2.', quote: 'set the boiler timer to constant' },
      { statement: 'Constant fixed E2.', quote: '[turn 5] user: Constant fixed it, E2 is gone.' },
    ], 5);
    assert.equal(s.turn, 4);
    assert.equal(s.speaker, 'assistant');
    assert.deepEqual([labelled.turn, labelled.speaker], [5, 'user'], 'a quote copied with its turn label still names its turn');
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

describe('conversation validation: answers that repeat a wrong or unsure agent claim', () => {
  const base = { score: 0.9, criteria: { grounded: 1, complete: 1, relevant: 1, clear: 1, standalone: 0.5 }, feedback: 'none', verdict: 'keep' as const, questionCritique: '', answerCritique: '' };

  it('fail the grounded gate and go to the answer with the critique naming why; a drop stays a drop', async () => {
    const { withAgentStanding, STANDING_CRITIQUE } = await import('../../../../src/core/pipeline/agentStanding');
    const { passes, routeOf } = await import('../../../../src/core/pipeline/verdict');
    const flagged = withAgentStanding(base, 'contradicted');
    assert.equal(flagged.criteria.grounded, 0);
    assert.equal(flagged.score, 0.7);
    assert.equal(flagged.verdict, 'revise_answer');
    assert.equal(flagged.answerCritique, STANDING_CRITIQUE.contradicted);
    assert.equal(passes(flagged, 0.7), false);
    assert.equal(routeOf(flagged, 0.7), 'revise_answer');
    assert.match(withAgentStanding(base, 'unsure').answerCritique!, /unsure/);
    assert.equal(withAgentStanding({ ...base, verdict: 'drop' }, 'unsure').verdict, 'drop');
    assert.equal(withAgentStanding(base, 'established'), base);
    assert.equal(withAgentStanding(base, undefined), base);
  });

  it('are asked for in the conversation schema only', () => {
    const input = { threshold: 0.7, evidence: [], pairs: [{ pair_id: 'p1', evidence_id: 'e1', question: 'q', answer: 'a' }] };
    const props = (schema: unknown) => (schema as { properties: { verdicts: { items: { properties: Record<string, { enum?: string[] }>; required: string[] } } } }).properties.verdicts.items;
    const conv = props(taskSchema('validate_pairs', { ...input, material: 'conversation' }));
    assert.deepEqual(conv.properties.agent_standing.enum, ['established', 'contradicted', 'unsure']);
    assert.ok(conv.required.includes('agent_standing'));
    assert.deepEqual(Object.keys(conv.properties).slice(0, 4), ['pair_id', 'question_critique', 'answer_critique', 'agent_standing'], 'the standing is judged before the scores it decides');
    assert.equal(props(taskSchema('validate_pairs', input)).properties.agent_standing, undefined);
  });

  it('in a run: a pair flagged contradicted is answered again with that critique, and its flagged version never passes', async () => {
    const { STANDING_CRITIQUE } = await import('../../../../src/core/pipeline/agentStanding');
    let validations = 0;
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => ({
        pair_id: p.pair_id, grounded: 1, complete: 1, relevant: 1, clear: 1, standalone: 1, question_critique: '', answer_critique: '', verdict: 'keep' as const,
        agent_standing: validations++ === 0 ? 'contradicted' as const : 'established' as const,
      })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: wholeChunker }).runFromSessions(MESSAGES, { product: 'Kestrel K2' }, { num_pairs: 1, max_reflection_iterations: 2 });
    const reanswered = llm.callsOf('generate_answers').slice(1).flatMap((c) => c.input.questions);
    assert.ok(reanswered.some((q) => q.answer_critique?.includes(STANDING_CRITIQUE.contradicted)), 'the answer writer is told why');
    assert.ok(r.validatedQaPairs.length === 1 && r.validatedQaPairs[0].quality!.criteria.grounded === 1, 'the accepted version is the established one');
    assert.equal(r.validatedQaPairs[0].previousScores[0], 0.8, 'the flagged version scored with grounded 0');
  });
});
