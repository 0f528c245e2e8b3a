import { strict as assert } from 'node:assert';
import { QAWorkflowGraph } from '../../../../src/core';
import { STATEMENT_RATE_TOKENS, allocateQuestions, statementsFor, supportsType, type Allocation } from '../../../../src/core/pipeline/allocate';
import { FakeLlm, paragraphChunker } from '../../../support/fakeLlm';

const TYPES = ['factual', 'conceptual', 'application', 'analysis'];
const count = (a: Allocation, id: string) => [...(a.get(id)?.values() ?? [])].reduce((x, y) => x + y, 0);
const byType = (a: Allocation) => {
  const out = new Map<string, number>();
  for (const m of a.values()) for (const [t, c] of m) out.set(t, (out.get(t) ?? 0) + c);
  return out;
};
const facts = (n: number, text = 'Flashed messages last one request') => Array.from({ length: n }, (_, i) => `${text} (${i}).`);

describe('allocation: follows the material', () => {
  it('gives nothing to a chunk without facts and something to every chunk with facts', () => {
    const a = allocateQuestions([
      { id: 'none', tokens: 3000, statements: [] },
      { id: 'rich', tokens: 400, statements: facts(8) },
      { id: 'thin', tokens: 100, statements: facts(1) },
      { id: 'mid', tokens: 200, statements: facts(3) },
    ], 6, ['factual']);
    assert.equal(a.has('none'), false, 'a long chunk with no facts is not asked');
    for (const id of ['rich', 'thin', 'mid']) assert.ok(count(a, id) >= 1, id);
    assert.ok(count(a, 'rich') > count(a, 'mid') && count(a, 'mid') >= count(a, 'thin'));
  });

  it('never asks a chunk for more questions than it has statements while another has room', () => {
    const a = allocateQuestions([
      { id: 'code', tokens: 3000, statements: facts(2) },
      { id: 'prose', tokens: 300, statements: facts(10) },
    ], 8, ['factual']);
    assert.ok(count(a, 'code') <= 2, `code chunk got ${count(a, 'code')}`);
    assert.equal(count(a, 'code') + count(a, 'prose'), 8);
  });

  it('moves a type a chunk cannot support to one that can, keeping the run balanced', () => {
    const a = allocateQuestions([
      { id: 'code', tokens: 50, statements: ['init_db needs an application context.'] },
      { id: 'guide', tokens: 500, statements: ['Set SECRET_KEY to sign the session.', 'Flashing stores messages in the session because it must survive a redirect.', 'Oversized flashes fail silently.', 'A flashed message lasts one request.'] },
    ], 4, TYPES);
    assert.deepEqual([...(a.get('code') ?? new Map()).keys()], ['factual'], 'one thin statement supports only a factual question');
    assert.deepEqual([...byType(a).values()].sort(), [1, 1, 1, 1], 'every type still asked once');
    assert.ok((a.get('guide')?.get('conceptual') ?? 0) === 1 && (a.get('guide')?.get('analysis') ?? 0) === 1);
  });

  it('knows what kind of statement supports which type', () => {
    assert.equal(supportsType('factual', ['The cache is on.']), true);
    assert.equal(supportsType('conceptual', ['The cache is on.']), false);
    assert.equal(supportsType('conceptual', ['Entries are written atomically because a crashed run must resume.']), true);
    assert.equal(supportsType('conceptual', ['The K2 has a summer mode.', 'The warranty lasts 3 years.']), false, 'two bare facts are no relationship to explain');
    assert.equal(supportsType('conceptual', ['When the limit is reached, the gateway rejects new sessions.']), true, 'a condition and its effect');
    assert.equal(supportsType('conceptual', ['Wenn der Sommermodus aktiv ist, heizt der K2 nur unter 16 °C.']), true);
    assert.equal(supportsType('analysis', ['A.', 'B.']), true);
    assert.equal(supportsType('application', ['Set `cache_dir` to move the cache.']), true);
    assert.equal(supportsType('application', ['The cache is on.']), false);
    assert.equal(supportsType('troubleshooting', ['The cache is on.']), true, 'a user-defined type needs one statement');
    assert.equal(supportsType('factual', []), false);
  });

  it('still balances types and spreads by tokens before extraction (no statements known)', () => {
    const a = allocateQuestions(Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, tokens: 10 })), 9, TYPES);
    assert.deepEqual([...byType(a).values()].sort(), [2, 2, 2, 3]);
  });
});

describe('allocation: statements_per_chunk is a rate per 1,000 tokens', () => {
  it('asks a chunk up to 1,000 tokens for statements_per_chunk statements, a longer one proportionally more', () => {
    assert.equal(STATEMENT_RATE_TOKENS, 1000);
    assert.equal(statementsFor(300, 5), 5);
    assert.equal(statementsFor(1000, 5), 5);
    assert.equal(statementsFor(1243, 5), 7, 'a dense 1,200-token reference page: 7, no longer 5');
    assert.equal(statementsFor(4000, 5), 20);
    assert.equal(statementsFor(1001, 1), 2);
  });

  it('sends each chunk its own max_statements', async () => {
    const llm = new FakeLlm();
    const long = Array.from({ length: 40 }, (_, i) => `Setting s${i} changes feature f${i} and is documented at length in section ${i} of the guide for administrators.`).join(' ').repeat(8);
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(`Short chunk with one fact.\n\n${long}`, { num_pairs: 2, statements_per_chunk: 4, chunk_size: 100000 });
    const sent = llm.callsOf('extract_statements').flatMap((c) => c.input.chunks.map((ch) => ch.max_statements));
    assert.equal(sent[0], 4);
    assert.ok(sent[1] > 4, `a chunk of many thousand tokens gets more than 4: ${sent[1]}`);
  });
});
