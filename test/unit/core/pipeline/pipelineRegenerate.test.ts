/**
 * regeneratePairs with options: errors and usage returned, previous scores kept, and stale pairs regenerated
 * from their current source text (statements extracted again, contexts from the new text, the old version not
 * kept as best).
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph, regeneratePairs } from '../../../../src/core';
import type { PairVerdict, QAPair } from '../../../../src/core';
import { FatalLlmError } from '../../../../src/core/llm/port';
import { SOURCE_CHANGED_CRITIQUE } from '../../../../src/core/pipeline/regenerate';
import { FakeLlm, paragraphChunker, verdictOf } from '../../../support/fakeLlm';

const OLD = 'The Aurora router supports WPA2 encryption. It has two Ethernet ports.';
const NEW = 'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports. Firmware updates install every night.';
const v = (pair_id: string, s: number, feedback = 'none'): PairVerdict => verdictOf(pair_id, s, feedback);
const scoring = (s: number) => new FakeLlm({ handlers: { validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => v(p.pair_id, s)) }) } });

async function onePair(): Promise<QAPair> {
  const r = await new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker }).runFromDocuments(OLD, { num_pairs: 1 });
  return r.validatedQaPairs[0];
}

describe('regeneratePairs with options', () => {
  it('returns pairs, errors and usage; the old call shape still returns the pairs', async () => {
    const pair = await onePair();
    const llm = scoring(0.95);
    const out = await regeneratePairs([{ pair, sourceText: OLD }], { max_reflection_iterations: 1 }, { llm }, {});
    assert.equal(out.status, 'completed');
    assert.equal(out.pairs.length, 1);
    assert.equal(out.pairs[0].id, pair.id);
    assert.equal(out.usage.calls, llm.calls.length);
    assert.deepEqual(out.errors, []);
    const plain = await regeneratePairs([{ pair, sourceText: OLD }], { max_reflection_iterations: 1 }, { llm: scoring(0.95) });
    assert.ok(Array.isArray(plain) && plain[0].id === pair.id);
  });

  it('keeps the scores of earlier regenerations in previousScores', async () => {
    const pair = { ...(await onePair()), previousScores: [0.3] };
    pair.quality = { ...pair.quality!, score: 0.5 };
    const out = await regeneratePairs([{ pair, sourceText: OLD }], { max_reflection_iterations: 1 }, { llm: scoring(0.8) }, {});
    assert.equal(out.pairs[0].quality?.score, 0.8);
    assert.deepEqual(out.pairs[0].previousScores, [0.3, 0.5]);
  });

  it('reports a fatal model error and returns the pairs unchanged', async () => {
    const pair = await onePair();
    const llm = new FakeLlm({ throwError: () => new FatalLlmError('auth', 'the key was refused') });
    const out = await regeneratePairs([{ pair, sourceText: OLD }], {}, { llm }, {});
    assert.equal(out.status, 'failed');
    assert.deepEqual(out.pairs, [pair]);
    assert.ok(out.errors.some((e) => /the key was refused/.test(e.message)));
    assert.equal(llm.calls.length, 1);
  });
});

describe('regeneratePairs with refreshSource', () => {
  it('extracts statements from the current source and grounds the new version in it', async () => {
    const pair = await onePair();
    const llm = scoring(0.9);
    const out = await regeneratePairs([{ pair, sourceText: NEW }], { max_reflection_iterations: 1 }, { llm }, { refreshSource: true });
    assert.equal(out.status, 'completed', JSON.stringify(out.errors));
    const extract = llm.callsOf('extract_statements');
    assert.equal(extract.length, 1);
    assert.equal(extract[0].input.chunks[0].text, NEW);
    assert.equal(llm.callsOf('revise_questions')[0].input.pairs[0].question_critique, SOURCE_CHANGED_CRITIQUE);
    const next = out.pairs[0];
    assert.equal(next.id, pair.id);
    assert.ok(next.contexts.length > 0 && next.contexts.every((c) => NEW.includes(c)), `contexts from the new text: ${next.contexts}`);
    assert.ok(!next.contexts.some((c) => c.includes('WPA2')));
    assert.ok(next.statementIds.length > 0);
    assert.deepEqual(next.provenance, pair.provenance, 'provenance stays the pair\'s file and lines');
    assert.deepEqual(next.previousScores, [pair.quality!.score]);
  });

  it('does not keep the stale version as best even when the new one scores lower', async () => {
    const pair = await onePair();
    const out = await regeneratePairs([{ pair, sourceText: NEW }], { max_reflection_iterations: 0 }, { llm: scoring(0.4) }, { refreshSource: true });
    assert.notEqual(out.pairs[0].answer, pair.answer);
    assert.equal(out.pairs[0].quality?.score, 0.4);
    assert.deepEqual(out.pairs[0].previousScores, [0.9]);
  });

  it('refreshes only the items that ask for it (every item gets statements from its own text)', async () => {
    const r = await new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker }).runFromDocuments(`${OLD}\n\nThe guest network is isolated. Guests get a separate password.`, { num_pairs: 2 });
    const [stale, kept] = r.validatedQaPairs;
    const keptText = r.chunks.find((c) => c.id === kept.chunkId)!.text;
    const llm = scoring(0.9);
    const out = await regeneratePairs([{ pair: stale, sourceText: NEW, refreshSource: true }, { pair: kept, sourceText: keptText }], { max_reflection_iterations: 1 }, { llm }, {});
    const extract = llm.callsOf('extract_statements');
    assert.equal(extract.length, 1, 'one batched extraction call');
    assert.deepEqual(extract[0].input.chunks.map((c) => c.text), [NEW, keptText]);
    const critiques = llm.callsOf('revise_questions')[0].input.pairs.map((p) => [p.question, p.question_critique]);
    assert.deepEqual(critiques, [[stale.question, SOURCE_CHANGED_CRITIQUE], [kept.question, kept.quality!.feedback]]);
    assert.ok(out.pairs[0].contexts.every((c) => NEW.includes(c)));
    assert.deepEqual(out.pairs.map((p) => p.id), [stale.id, kept.id]);
  });
});

describe('regeneratePairs on pairs read back from a dataset', () => {
  it('extracts statements again from the source text, so even the offline engine can revise a weak pair', async () => {
    const { OfflineEngine } = await import('../../../../src/core/llm/offline/engine');
    const { toQaPair } = await import('../../../../src/core/dataset/regeneration');
    const source = 'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports. Firmware updates install every night at 2 a.m.';
    const weak = toQaPair({
      id: 'weak1', question: 'What about it?', answer: 'Things.', question_type: 'factual', difficulty: 'medium',
      contexts: [source], statements: [], source: { path: 'docs/router.md', start_line: 1, end_line: 1, span_hash: 'x' },
      quality: { score: 0.2, criteria: { grounded: 0.2, complete: 0.2, relevant: 0.2, clear: 0.2, standalone: 0.2 }, feedback: 'Vague question; answer not grounded.' },
      status: 'draft', generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: 'p', iteration: 0 },
    });
    const out = await regeneratePairs([{ pair: weak, sourceText: source }], { max_reflection_iterations: 1 }, { llm: new OfflineEngine() }, {});
    assert.equal(out.status, 'completed');
    const next = out.pairs[0];
    assert.equal(next.id, 'weak1');
    assert.notEqual(next.question, 'What about it?');
    assert.ok(source.includes(next.answer.replace(/\.$/, '')) || next.contexts.some((c) => source.includes(c)), `grounded in the source: ${next.answer}`);
    assert.ok((next.quality?.score ?? 0) > 0.2, 'better than the weak version');
    assert.deepEqual(next.previousScores, [0.2]);
  });
});

describe('regeneratePairs on conversation pairs', () => {
  const TURNS = '[turn 1] user: My Kestrel K2 shows E2 every morning.\n\n[turn 2] assistant: E2 means the boiler did not start within 10 minutes of the relay switching.';
  const sessionPair = (base: QAPair): QAPair => ({
    ...base, id: 'chat1', chunkId: 'chat-chunk',
    provenance: { kind: 'session', file: 'support.json', sessionId: 't1', messageIndices: [0, 1], spanHash: 'x' },
  });

  it('sends session pairs through the conversation prompts and file pairs through the documentation ones', async () => {
    const filePair = await onePair();
    const chat = sessionPair(filePair);
    const llm = new FakeLlm();
    const out = await regeneratePairs([{ pair: chat, sourceText: TURNS, refreshSource: true }, { pair: filePair, sourceText: OLD, refreshSource: true }], { max_reflection_iterations: 1 }, { llm }, {});
    assert.deepEqual(out.pairs.map((p) => p.id), ['chat1', filePair.id]);
    const extractions = llm.callsOf('extract_statements').map((c) => c.input);
    const conversational = extractions.filter((i) => i.material === 'conversation');
    assert.equal(conversational.length, 1, 'one extraction over the conversation');
    assert.ok(conversational[0].chunks.every((c) => c.text.startsWith('[turn 1]')), 'only the conversation chunk is sent as conversation');
    assert.ok(extractions.some((i) => i.material === undefined && i.chunks.some((c) => c.text === OLD)), 'the documentation chunk keeps its prompts');
    for (const task of ['generate_answers', 'validate_pairs'] as const) {
      for (const call of llm.callsOf(task)) {
        const fromChat = JSON.stringify(call.input).includes('Kestrel');
        assert.equal(call.input.material === 'conversation', fromChat, `${task}: material follows the pair's source`);
      }
    }
    assert.equal(out.usage.calls, llm.calls.length, 'usage adds up over both kinds');
  });
});

describe('regeneratePairs on a transcript pair read back from a dataset', () => {
  it('extracts attributed statements again from its contexts (the conversation prompts), with the offline engine too', async () => {
    const { OfflineEngine } = await import('../../../../src/core/llm/offline/engine');
    const { toQaPair } = await import('../../../../src/core/dataset/regeneration');
    const context = "Conversation 'ticket-1063' (product: Kestrel K2)\n\n[turn 3] user: Das Display zeigt keinen Fehlercode.\n\n[turn 4] assistant: Vielleicht ist der Fühler defekt, schicken Sie das Gerät ein.\n\n[turn 5] user: Das hat nicht geholfen, ich habe es schon getauscht.\n\n[turn 6] assistant: Von Juni bis August arbeitet der K2 im Sommermodus und heizt dann nur unter 16 °C. Den Sommermodus schalten Sie in der Kestrel Home App unter Einstellungen > Heizung aus.";
    const weak = toQaPair({
      id: 'chat1', question: 'Was ist das?', answer: 'Etwas.', question_type: 'factual', difficulty: 'medium',
      contexts: [context], statements: [], source: { session_file: 'support-chat.json', session_id: 'ticket-1063', message_indices: [2, 3, 4, 5], span_hash: 'x' },
      quality: { score: 0.2, criteria: { grounded: 0.2, complete: 0.2, relevant: 0.2, clear: 0.2, standalone: 0.2 }, feedback: 'Vage.' },
      status: 'draft', generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: 'p', iteration: 0 },
    });
    const out = await regeneratePairs([{ pair: weak, sourceText: context }], { max_reflection_iterations: 1 }, { llm: new OfflineEngine() }, {});
    assert.equal(out.status, 'completed');
    assert.ok(out.statements.length > 0);
    for (const s of out.statements) assert.ok(s.turn === 6 && s.speaker === 'assistant', `only the resolution (turn 6) is a fact: ${s.turn} ${s.content}`);
    assert.notEqual(out.pairs[0].question, 'Was ist das?');
    assert.doesNotMatch(out.pairs[0].answer, /Fühler|einschicken|\[turn/i);
  });
});
