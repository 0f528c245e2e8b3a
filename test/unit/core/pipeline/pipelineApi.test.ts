import { strict as assert } from 'node:assert';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentQAGenerator, QAWorkflowGraph, regeneratePairs, toDataset, toReferenceResult } from '../../../../src/core';
import type { PairVerdict } from '../../../../src/core';
import { FakeLlm, paragraphChunker, verdictOf } from '../../../support/fakeLlm';

const DOC = 'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports.\n\nThe guest network is isolated. Guests get a separate password.';
const v = (pair_id: string, s: number, feedback = 'none'): PairVerdict => verdictOf(pair_id, s, feedback);

describe('API: reference-shaped result and dataset', () => {
  it('toReferenceResult has the reference keys and record shapes', async () => {
    // only the first pair of the first validation is weak (the top-up round's pair then passes)
    const llm = new FakeLlm({ handlers: { validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => v(p.pair_id, call === 0 && i === 0 ? 0.3 : 0.9, call === 0 && i === 0 ? 'vague' : 'none')) }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 3, max_reflection_iterations: 0 });
    const ref = toReferenceResult(r);
    for (const key of ['content', 'processed_content', 'chunks', 'statements', 'questions', 'qa_pairs', 'validated_qa_pairs', 'input_source',
      'validation_threshold', 'max_reflection_iterations', 'current_iteration', 'average_quality', 'enhancement_feedback', 'processing_errors']) {
      assert.ok(key in ref, key);
    }
    assert.equal(ref.content, DOC.replace('\n\n', '\n'), 'reassembled from the chunks');
    assert.equal(toReferenceResult(r, DOC).content, DOC);
    assert.equal(ref.validated_qa_pairs.length, 3, 'two of the first pass and one of the top-up round');
    assert.equal(ref.rejected_qa_pairs.length, 1);
    assert.deepEqual(ref.enhancement_feedback, ['vague']);
    const s = ref.statements[0];
    assert.equal(DOC.slice(s.start_index, s.end_index), s.content);
    const p = ref.validated_qa_pairs[0];
    assert.equal(p.is_valid, true);
    assert.equal(p.quality_score, 0.9);
    assert.ok(p.statement_indices.length > 0 && ref.statements[p.statement_indices[0]]);
    assert.equal(ref.average_quality, r.averageQuality);
    assert.equal(ref.current_iteration, 0);
  });

  it('toDataset gives Axion-style items for the validated pairs only', async () => {
    const r = await new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2 });
    const ds = toDataset(r, 'router');
    assert.equal(ds.name, 'router');
    assert.equal(ds.items.length, 2);
    const item = ds.items[0];
    assert.equal(item.query, r.validatedQaPairs[0].question);
    assert.equal(item.expected_output, r.validatedQaPairs[0].answer);
    const statements = new Map(r.statements.map((s) => [s.id, s.content]));
    assert.deepEqual(item.expected_reference, r.validatedQaPairs[0].statementIds.map((id) => statements.get(id)), 'the supporting statements, as a list');
    assert.ok(DOC.includes(item.document_text));
    const source = (JSON.parse(item.metadata) as { source: string }).source;
    const lines = /^inline-1:(\d+)(?:-(\d+))?$/.exec(source);
    assert.ok(lines, `metadata is a JSON string with the source's lines: ${source}`);
    assert.notEqual(lines[2], lines[1], 'one line reads "3", never "3-3"');
  });
});

describe('API: regeneratePairs', () => {
  it('re-runs only the given pairs with their critique, keeping ids and the best version', async () => {
    const first = await new QAWorkflowGraph({ llm: new FakeLlm({ handlers: { validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => v(p.pair_id, 0.5, 'not specific')) }) } }), chunker: paragraphChunker })
      .runFromDocuments(DOC, { num_pairs: 2, max_reflection_iterations: 0 });
    const chunks = new Map(first.chunks.map((c) => [c.id, c.text]));
    const [a, b] = first.rejectedQaPairs;
    const llm = new FakeLlm({ handlers: { validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p) => v(p.pair_id, call === 0 ? 0.6 : 0.8)) }) } });
    const out = await regeneratePairs([{ pair: a, sourceText: chunks.get(a.chunkId)! }], { max_reflection_iterations: 3 }, { llm });
    assert.equal(out.length, 1);
    assert.equal(out[0].id, a.id);
    assert.equal(out[0].quality!.score, 0.8);
    assert.deepEqual(out[0].previousScores, [0.5, 0.6]);
    assert.equal(llm.callsOf('revise_questions').length, 2);
    assert.equal(llm.callsOf('revise_questions')[0].input.pairs[0].question_critique, 'not specific');
    // statements are extracted again from the pair's own source text; every other call is about the pair alone
    assert.deepEqual(llm.callsOf('extract_statements').map((c) => c.input.chunks.map((k) => k.text)), [[chunks.get(a.chunkId)!]]);
    const items = (c: (typeof llm.calls)[number]) => (c.input as { pairs?: unknown[]; questions?: unknown[] }).pairs ?? (c.input as { questions?: unknown[] }).questions ?? [];
    assert.ok(llm.calls.filter((c) => c.task !== 'extract_statements').every((c) => items(c).length === 1));
    assert.ok(llm.calls.every((c) => !JSON.stringify(c.input).includes(b.question)));
    assert.deepEqual(out[0].contexts, a.contexts, 'grounding kept');
  });

  it('returns the given pair when nothing better comes out', async () => {
    const r = await new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1 });
    const pair = r.validatedQaPairs[0];
    const out = await regeneratePairs([{ pair, sourceText: r.chunks[0].text }], { max_reflection_iterations: 0 },
      { llm: new FakeLlm({ handlers: { validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => v(p.pair_id, 0.1)) }) } }) });
    assert.equal(out[0].question, pair.question);
    assert.deepEqual(out[0].previousScores, [0.1]);
  });
});

describe('API: DocumentQAGenerator', () => {
  it('generates from a directory, spreading num_pairs over its documents', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'qaf-gen-'));
    try {
      await fs.writeFile(path.join(dir, 'a.md'), '# Router\n\nThe Aurora router supports WPA3 encryption. It has four Ethernet ports.\n');
      await fs.mkdir(path.join(dir, 'sub'));
      await fs.writeFile(path.join(dir, 'sub', 'b.txt'), 'Der Gastzugang ist vom Hauptnetz getrennt. Gäste erhalten ein eigenes Passwort.\n');
      await fs.writeFile(path.join(dir, '.env'), 'API_KEY=secret\n');
      const llm = new FakeLlm();
      const gen = new DocumentQAGenerator({ llm, chunker: paragraphChunker, params: { num_pairs: 4 } });
      const r = await gen.generateFromDirectory(dir);
      assert.equal(r.status, 'completed');
      assert.equal(r.validatedQaPairs.length, 4);
      const paths = new Set(r.validatedQaPairs.map((p) => p.provenance.kind === 'file' && p.provenance.path));
      assert.ok(paths.has('a.md') && paths.has('sub/b.txt'), [...paths].join(','));
      assert.ok(!JSON.stringify(llm.calls.map((c) => c.input)).includes('API_KEY'), 'secret files are not sent');
      const ds = gen.toDataset(r, 'docs');
      assert.equal(ds.items.length, 4);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad params at construction', () => {
    assert.throws(() => new DocumentQAGenerator({ llm: new FakeLlm(), params: { difficulty: 'insane' as never } }), /difficulty must be one of/);
  });
});
