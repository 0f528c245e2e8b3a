/**
 * Prompt-token efficiency without losing grounding: questions are written from statements (plus only the
 * uncovered text), answers and validation from each question's evidence — its statements' sentences and
 * their neighbours — and the whole chunk only where a question has no aligned statement.
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph, documentFromText } from '../../src/core';
import { EVIDENCE_GAP, evidenceSpans, evidenceText, mergeSpans, sentenceSpans, widenToSentences } from '../../src/core/pipeline/evidence';
import type { Chunk, Statement } from '../../src/core/domain/records';
import { FakeLlm, defaultHandler, paragraphChunker } from '../support/fakeLlm';

const SENTENCES = [
  'The Kestrel pump moves 40 litres per minute.',
  'Its housing is made of cast iron.',
  'A float switch stops the pump when the sump is dry.',
  'The warranty covers the motor for five years.',
  'Replacement seals are sold in packs of three.',
  'The pump must be descaled every spring.',
  'Noise stays under 45 dB at full load.',
  'The power cord is ten metres long.',
  'A spare impeller ships in the box.',
  'The pump weighs nine kilograms.',
  'Its outlet takes a one-inch hose.',
  'Dealers in Norway stock the pump since 2019.',
];
const PARAGRAPH = SENTENCES.join(' ');

function chunkOf(text: string, offset = 0): Chunk {
  return { id: 'c', docIndex: 0, path: 'p.md', text, start: offset, end: offset + text.length, tokens: 100,
    provenance: { kind: 'file', path: 'p.md', startLine: 1, endLine: 1, start: offset, end: offset + text.length, spanHash: 'x' } };
}
function statementAt(chunk: Chunk, sentence: string, alignment = 1): Statement {
  const at = chunk.text.indexOf(sentence);
  return { id: sentence, chunkId: chunk.id, content: sentence, start: chunk.start + at, end: chunk.start + at + sentence.length, alignment };
}

describe('evidence: spans around supporting statements', () => {
  const chunk = chunkOf(PARAGRAPH, 100);

  it('splits sentences and widens a statement to its sentence and one neighbour each side', () => {
    assert.equal(sentenceSpans(PARAGRAPH).length, SENTENCES.length);
    const s = statementAt(chunk, 'A float switch stops the pump');
    const w = widenToSentences(chunk, s, 1, 1);
    assert.equal(PARAGRAPH.slice(w.start, w.end), SENTENCES.slice(1, 4).join(' '));
  });

  it('widens across hard line wraps to whole sentences, but keeps headings and list items apart', () => {
    const wrapped = '# Pump\n' + SENTENCES.slice(0, 4).join(' ').replace(/(.{1,40})(?: |$)/g, '$1\n') + '- A list item.\n';
    const c = chunkOf(wrapped, 0);
    const s = statementAt(c, 'A float switch');
    const w = widenToSentences(c, s, 0, 0);
    assert.equal(wrapped.slice(w.start, w.end).replace(/\s+/g, ' '), SENTENCES[2], 'the whole sentence, not its first line');
    const texts = sentenceSpans(wrapped).map((x) => wrapped.slice(x.start, x.end));
    assert.equal(texts[0], '# Pump');
    assert.equal(texts[texts.length - 1], '- A list item.');
  });

  it('merges overlapping passages and separates disjoint ones with a gap line', () => {
    assert.deepEqual(mergeSpans([{ start: 5, end: 9 }, { start: 0, end: 6 }, { start: 20, end: 25 }]), [{ start: 0, end: 9 }, { start: 20, end: 25 }]);
    const a = evidenceSpans(chunk, [statementAt(chunk, SENTENCES[0])], 'medium');
    const b = evidenceSpans(chunk, [statementAt(chunk, SENTENCES[7])], 'medium');
    const text = evidenceText(chunk, [a, b, a]);
    assert.equal(text, `${SENTENCES.slice(0, 2).join(' ')}${EVIDENCE_GAP}${SENTENCES.slice(6, 9).join(' ')}`);
    assert.ok(!text.includes(SENTENCES[4]));
  });

  it('falls back to the whole chunk when a question has no aligned statement', () => {
    const unaligned = { ...statementAt(chunk, SENTENCES[2]), alignment: 0, start: chunk.start, end: chunk.end };
    assert.equal(evidenceSpans(chunk, [unaligned], 'medium'), undefined);
    assert.equal(evidenceText(chunk, [evidenceSpans(chunk, [statementAt(chunk, SENTENCES[0])], 'medium'), undefined]), PARAGRAPH);
  });

  it('gives long answers more of the following sentences', () => {
    const s = [statementAt(chunk, SENTENCES[3])];
    const medium = evidenceText(chunk, [evidenceSpans(chunk, s, 'medium')]);
    const long = evidenceText(chunk, [evidenceSpans(chunk, s, 'long')]);
    assert.ok(long.length > medium.length && long.includes(SENTENCES[6]) && !medium.includes(SENTENCES[6]));
  });
});

describe('evidence: what each task is sent in a run', () => {
  async function run(llm: FakeLlm, statementsPerChunk = 2, numPairs = 2) {
    return new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments([documentFromText('pump.md', PARAGRAPH, 'markdown')], {
      num_pairs: numPairs, statements_per_chunk: statementsPerChunk, question_types: ['factual'],
    });
  }

  it('questions get the statements and only the uncovered text; answers and validation only the evidence', async () => {
    const llm = new FakeLlm();
    const r = await run(llm);
    assert.equal(r.status, 'completed');
    assert.equal(r.validatedQaPairs.length, 2);
    const q = llm.callsOf('generate_questions')[0].input.chunks.find((c) => c.statements.length > 0)!;
    assert.deepEqual(q.statements.map((s) => s.text), SENTENCES.slice(0, 2));
    assert.ok(!q.text.includes(SENTENCES[0]) && !q.text.includes(SENTENCES[1]), 'a statement is not sent twice');
    assert.ok(q.text.includes(SENTENCES[2]), 'uncovered text is kept (within its cap)');
    for (const task of ['generate_answers', 'validate_pairs'] as const) {
      const sent = llm.callsOf(task).flatMap((c) => c.input.chunks.map((ch) => ch.text)).join('\n');
      assert.ok(sent.includes(SENTENCES[0]) && sent.includes(SENTENCES[2]), `${task} gets the statements' sentences and a neighbour`);
      for (const far of SENTENCES.slice(4)) assert.ok(!sent.includes(far), `${task} is not sent "${far}"`);
    }
    for (const p of r.validatedQaPairs) for (const c of p.contexts) assert.ok(SENTENCES.slice(0, 2).includes(c), 'contexts stay the aligned statement spans');
  });

  it('answers may cite the question\'s supporting statements, by their chunk index', async () => {
    const llm = new FakeLlm();
    const r = await run(llm, 4, 1);
    const a = llm.callsOf('generate_answers')[0].input;
    assert.equal(a.questions.length, 1);
    assert.deepEqual(a.chunks[0].statements, [{ index: 0, text: SENTENCES[0] }]);
    assert.ok(!a.chunks[0].text.includes(SENTENCES[3]));
    assert.deepEqual(r.validatedQaPairs[0].contexts, [SENTENCES[0]]);
  });

  it('sends the whole chunk to answers and validation for a question without aligned statements', async () => {
    const llm = new FakeLlm({
      handlers: {
        generate_questions: async (input, n, req) => {
          const out = await defaultHandler('generate_questions')(input, n, req);
          return { questions: out.questions.map((x) => ({ ...x, statement_indices: [] })) };
        },
      },
    });
    await run(llm);
    const chunkText = llm.callsOf('generate_answers')[0].input.chunks.map((c) => c.text);
    assert.ok(chunkText.some((t) => t.includes(SENTENCES[7])), 'whole paragraph sent');
    assert.ok(llm.callsOf('validate_pairs')[0].input.chunks.some((c) => c.text.includes(SENTENCES[7])));
  });

  it('sends a sentence far from every statement once in the whole run (extraction only)', async () => {
    const llm = new FakeLlm();
    await run(llm);
    const far = SENTENCES.at(-1)!;
    const times = llm.calls.reduce((n, c) => n + c.request.messages.map((m) => m.content.split(far).length - 1).reduce((a, b) => a + b, 0), 0);
    assert.equal(times, 1);
  });
});
