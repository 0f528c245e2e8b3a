import { strict as assert } from 'node:assert';
import { QAWorkflowGraph, pipelineMermaid, PROMPT_VERSION, documentFromText, InvalidParamsError } from '../../../../src/core';
import type { RunEvent } from '../../../../src/core';
import { allocateQuestions } from '../../../../src/core/pipeline/allocate';
import { FakeLlm, paragraphChunker, defaultHandler } from '../../../support/fakeLlm';

const THREE_PARAGRAPHS = [
  'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports. Firmware updates install at night so that the network stays up by day.',
  'The guest network is isolated from the main network. Guests get a separate password. Bandwidth for guests can be capped in the settings.',
  'Parental controls block sites by category. Schedules can pause internet access for selected devices. Reports are emailed weekly.',
].join('\n\n');

describe('pipeline: a complete run', () => {
  it('produces the requested total, covering every chunk, types balanced, with usage and events', async () => {
    const llm = new FakeLlm();
    const events: RunEvent[] = [];
    const wf = new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => events.push(e) });
    const r = await wf.runFromDocuments(THREE_PARAGRAPHS, { num_pairs: 8 });

    assert.equal(r.status, 'completed');
    assert.equal(r.chunks.length, 3);
    assert.equal(r.validatedQaPairs.length, 8);
    assert.equal(r.rejectedQaPairs.length, 0);
    assert.deepEqual(new Set(r.validatedQaPairs.map((p) => p.chunkId)), new Set(r.chunks.map((c) => c.id)), 'every chunk covered');
    const perType = new Map<string, number>();
    for (const p of r.validatedQaPairs) perType.set(p.questionType, (perType.get(p.questionType) ?? 0) + 1);
    assert.deepEqual([...perType.values()].sort(), [2, 2, 2, 2], 'types balanced over the run');
    assert.equal(r.averageQuality, 0.9);
    assert.equal(r.currentIteration, 0);
    assert.equal(r.promptVersion, PROMPT_VERSION);
    assert.equal(r.statements.length, 9);
    assert.equal(r.usage.calls, llm.calls.length);
    assert.equal(r.usage.costUsd.toFixed(2), (0.01 * llm.calls.length).toFixed(2));
    assert.ok(r.usage.promptTokens > 0 && r.usage.completionTokens > 0);
    assert.equal(r.provider, 'fake');

    const types = events.map((e) => e.type);
    assert.equal(types[0], 'run-started');
    assert.equal(types.at(-1), 'run-finished');
    const started = events[0];
    assert.ok(started.type === 'run-started' && started.mermaid === pipelineMermaid());
    assert.equal(events.filter((e) => e.type === 'pair-validated').length, 8);
    assert.equal(events.filter((e) => e.type === 'usage').length, llm.calls.length);
    const visited = events.filter((e) => e.type === 'node-finished').map((e) => e.type === 'node-finished' && e.node);
    assert.deepEqual(visited, ['InitializeWorkflow', 'ProcessDocuments', 'ChunkContent', 'ExtractStatements', 'GenerateQuestions', 'GenerateAnswers', 'ValidateQAPairs']);
    const chunked = events.find((e) => e.type === 'node-finished' && e.node === 'ChunkContent');
    assert.ok(chunked?.type === 'node-finished' && chunked.counts.out === 3);
  });

  it('grounds each answer: contexts are source spans, and provenance is narrowed to the statements the pair uses in them', async () => {
    const wf = new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker });
    const r = await wf.runFromDocuments(THREE_PARAGRAPHS, { num_pairs: 3 });
    for (const p of r.validatedQaPairs) {
      assert.equal(p.provenance.kind, 'file');
      if (p.provenance.kind !== 'file') continue;
      const cited = THREE_PARAGRAPHS.slice(p.provenance.start, p.provenance.end);
      assert.ok(p.contexts.join(' ').includes(cited), 'the cited span lies in the context');
      assert.ok(p.statementIds.length > 0);
      const used = r.statements.filter((s) => p.statementIds.includes(s.id));
      assert.equal(p.provenance.start, Math.min(...used.map((s) => s.start)), 'from the first statement used');
      assert.equal(p.provenance.end, Math.max(...used.map((s) => s.end)), 'to the last one');
    }
  });

  it('treats an empty document as a clear, empty result without calling the model', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments('   \n\n  ', { num_pairs: 3 });
    assert.equal(r.status, 'completed');
    assert.equal(r.qaPairs.length, 0);
    assert.equal(r.averageQuality, 0);
    assert.equal(llm.calls.length, 0);
    assert.match(r.errors[0].message, /inline-1 is empty/);
  });

  it('keeps non-English text intact, end to end (German and Japanese)', async () => {
    const de = 'Die Größe des Speichers beträgt 512 GB. Änderungen werden sofort übernommen.\n\nDer Lüfter läuft nur über 60 °C.';
    const ja = '東京は日本の首都です。人口は約千四百万人です。';
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(
      [documentFromText('de.md', de, 'markdown'), documentFromText('ja.md', ja, 'markdown')], { num_pairs: 3 });
    assert.equal(r.status, 'completed');
    const sent = llm.callsOf('extract_statements')[0].input.chunks.map((c) => c.text).join('\n\n');
    assert.ok(sent.includes('Die Größe des Speichers beträgt 512 GB.'));
    assert.ok(sent.includes('60 °C'));
    assert.ok(sent.includes('東京は日本の首都です。'));
    assert.ok(llm.callsOf('extract_statements')[0].request.messages[1].content.includes('Größe'), 'the prompt carries the text unescaped');
    const st = r.statements.find((s) => s.content.startsWith('Die Größe'))!;
    assert.equal(de.slice(st.start, st.end), 'Die Größe des Speichers beträgt 512 GB.');
    assert.equal(st.alignment, 1);
    assert.ok(r.validatedQaPairs.some((p) => /[ä-üß]/.test(p.answer)));
    assert.ok(r.validatedQaPairs.some((p) => p.answer.includes('東京')));
    assert.match(llm.calls[0].request.messages[0].content, /language of the source it concerns/);
  });

  it('refuses bad params before running, naming the field', async () => {
    const wf = new QAWorkflowGraph({ llm: new FakeLlm() });
    await assert.rejects(wf.runFromDocuments('text', { num_pairs: -1 }), (e: Error) => e instanceof InvalidParamsError && /num_pairs/.test(e.message));
    await assert.rejects(wf.runFromDocuments('text', { answer_length: 'epic' }), /answer_length must be one of short, medium, long/);
  });

  it('runs from session messages with session provenance', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromSessions([
      { role: 'user', content: 'How do I reset my password?' },
      { role: 'assistant', content: 'Go to Settings, then Security, then choose Reset Password.' },
    ], { topic: 'account' }, { num_pairs: 2 });
    assert.equal(r.inputSource, 'sessions');
    assert.equal(r.status, 'completed');
    for (const call of llm.calls) assert.equal((call.input as { material?: string }).material, 'conversation', `${call.task} gets the transcript prompts`);
    assert.ok(r.validatedQaPairs.length >= 1);
    for (const p of r.qaPairs) assert.equal(p.provenance.kind, 'session');
    const chunks = llm.callsOf('extract_statements')[0].input.chunks;
    // the conversation's metadata is the title every chunk of it carries, not a header inside the first one
    for (const c of chunks) assert.match(c.heading_path ?? '', /topic: account/, 'every chunk names the conversation and its topic');
    const sent = chunks.map((c) => c.text).join('\n\n');
    assert.ok(sent.startsWith('[turn 1] user: How do I reset my password?'), sent);
    const answerPair = r.qaPairs.find((p) => p.answer.startsWith('[turn 2] assistant: Go to Settings'));
    assert.ok(answerPair && answerPair.provenance.kind === 'session');
    assert.deepEqual(answerPair.provenance.kind === 'session' && answerPair.provenance.messageIndices, [1], 'message index survives the header');
  });

  it('uses the real chunker by default', async function () {
    this.timeout(15000); // the first use loads the tokenizer, which takes seconds on a busy machine
    const r = await new QAWorkflowGraph({ llm: new FakeLlm() }).runFromDocuments(THREE_PARAGRAPHS, { num_pairs: 2, splitter_type: 'sentence' });
    assert.equal(r.status, 'completed');
    assert.ok(r.chunks.length >= 1);
    assert.equal(r.validatedQaPairs.length, 2);
  });
});

describe('pipeline: mermaid', () => {
  const EXPECTED = [
    'stateDiagram-v2',
    '    [*] --> InitializeWorkflow',
    '    InitializeWorkflow --> ProcessDocuments: documents',
    '    InitializeWorkflow --> ProcessSessions: sessions',
    '    ProcessDocuments --> ChunkContent',
    '    ProcessSessions --> ChunkContent',
    '    ChunkContent --> ExtractStatements',
    '    ExtractStatements --> GenerateQuestions',
    '    GenerateQuestions --> GenerateAnswers',
    '    GenerateAnswers --> ValidateQAPairs',
    '    ValidateQAPairs --> PrepareEnhancement: quality below threshold',
    '    ValidateQAPairs --> [*]: quality met or max iterations',
    '    PrepareEnhancement --> GenerateQuestions',
  ].join('\n');

  it('renders the reference diagram from the graph definition (snapshot)', () => {
    assert.equal(pipelineMermaid(), EXPECTED);
    assert.equal(new QAWorkflowGraph({ llm: new FakeLlm() }).visualizeGraph(), EXPECTED);
  });
  it('marks the active node', () => {
    assert.equal(pipelineMermaid('GenerateAnswers'), `${EXPECTED}\n    classDef active fill:#f9d65c,stroke:#b58900,stroke-width:3px,color:#000\n    class GenerateAnswers active`);
  });
});

describe('pipeline: allocation of num_pairs', () => {
  const types = ['factual', 'conceptual', 'application', 'analysis'];
  const total = (a: ReturnType<typeof allocateQuestions>) => [...a.values()].reduce((n, m) => n + [...m.values()].reduce((x, y) => x + y, 0), 0);

  it('spreads the total in proportion to content, every chunk at least one', () => {
    const a = allocateQuestions([{ id: 'big', tokens: 3000 }, { id: 'mid', tokens: 1000 }, { id: 'small', tokens: 100 }], 10, types);
    assert.equal(total(a), 10);
    const n = (id: string) => [...(a.get(id)?.values() ?? [])].reduce((x, y) => x + y, 0);
    assert.ok(n('big') > n('mid') && n('mid') >= n('small') && n('small') >= 1, `${n('big')} ${n('mid')} ${n('small')}`);
  });
  it('spreads fewer pairs than chunks evenly over the content', () => {
    const chunks = Array.from({ length: 9 }, (_, i) => ({ id: `c${i}`, tokens: 100 }));
    assert.deepEqual([...allocateQuestions(chunks, 3, types).keys()], ['c1', 'c4', 'c7']);
  });
  it('balances the types across the run', () => {
    const a = allocateQuestions(Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, tokens: 10 })), 9, types);
    const byType = new Map<string, number>();
    for (const m of a.values()) for (const [t, c] of m) byType.set(t, (byType.get(t) ?? 0) + c);
    assert.deepEqual([...byType.values()].sort(), [2, 2, 2, 3]);
  });
});

export { THREE_PARAGRAPHS, defaultHandler };

describe('pipeline: several documents', () => {
  it('keeps each chunk\'s docIndex as the input index, empty documents included', async () => {
    const r = await new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker }).runFromDocuments([
      documentFromText('empty.md', ''), documentFromText('a.md', 'Alpha has one fact.'), documentFromText('b.md', 'Beta has another fact.'),
    ], { num_pairs: 2 });
    assert.deepEqual(r.chunks.map((c) => [c.docIndex, c.path]), [[1, 'a.md'], [2, 'b.md']]);
    assert.deepEqual(r.validatedQaPairs.map((p) => p.provenance.kind === 'file' && p.provenance.path), ['a.md', 'b.md']);
    assert.match(r.errors[0].message, /empty\.md is empty/);
  });
});
