import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalPair, pairToLine } from '../../../../src/core/dataset/canonical';
import { parseDataset, serializeDataset, entriesOf, pairsOf } from '../../../../src/core/dataset/file';
import { QA_MANIFEST_SCHEMA, QA_PAIR_SCHEMA } from '../../../../src/core/dataset/schemas';
import { writeFileAtomic } from '../../../../src/core/util/atomicWrite';
import type { DatasetPair } from '../../../../src/core/dataset/types';
import { pair } from '../../support/datasetFixtures';

const ROOT = path.resolve(__dirname, '../../../..');

/** The same pair with its keys (and nested keys) shuffled. */
function shuffled(p: DatasetPair): Record<string, unknown> {
  const q = p.quality!;
  return {
    status: p.status,
    generator: { iteration: p.generator.iteration, model: p.generator.model, prompt_version: p.generator.prompt_version, provider: p.generator.provider },
    quality: { feedback: q.feedback, criteria: { standalone: q.criteria.standalone, clear: q.criteria.clear, relevant: q.criteria.relevant, complete: q.criteria.complete, grounded: q.criteria.grounded }, score: q.score },
    source: { span_hash: (p.source as { span_hash: string }).span_hash, end_line: 4, start_line: 3, path: 'docs/kettle.md' },
    statements: p.statements, contexts: p.contexts, difficulty: p.difficulty, question_type: p.question_type,
    answer: p.answer, question: p.question, id: p.id,
  };
}

describe('dataset file: canonical form', () => {
  it('writes keys in the order of types.ts, nested keys too, whatever order they were read in', () => {
    const line = JSON.stringify(shuffled(pair()));
    const out = serializeDataset(parseDataset(`${line}\n`));
    const obj = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(obj), ['id', 'question', 'answer', 'question_type', 'difficulty', 'contexts', 'statements', 'source', 'quality', 'status', 'generator']);
    assert.deepEqual(Object.keys(obj.source as object), ['path', 'start_line', 'end_line', 'span_hash']);
    assert.deepEqual(Object.keys(obj.quality as object), ['score', 'criteria', 'feedback']);
    assert.deepEqual(Object.keys((obj.quality as { criteria: object }).criteria), ['grounded', 'complete', 'relevant', 'clear', 'standalone']);
    assert.deepEqual(Object.keys(obj.generator as object), ['provider', 'model', 'prompt_version', 'iteration']);
    assert.equal(out, `${pairToLine(pair())}\n`);
  });

  it('puts unknown criteria after the known ones, alphabetically, and previous_scores last', () => {
    const p = pair({ quality: { score: 0.5, criteria: { zeta: 0.1, alpha: 0.2, clear: 0.3 }, feedback: '' }, previous_scores: [0.4] });
    const obj = canonicalPair(p);
    assert.deepEqual(Object.keys(obj.quality!.criteria), ['clear', 'alpha', 'zeta']);
    assert.equal(Object.keys(obj).at(-1), 'previous_scores');
  });

  it('sorts by source path, then line or message index, then id; newline at the end', () => {
    const pairs = [
      pair({ id: 'b', source: { path: 'docs/b.md', start_line: 1, end_line: 1, span_hash: '0123456789abcdef' } }),
      pair({ id: 'z', source: { path: 'docs/a.md', start_line: 10, end_line: 12, span_hash: '0123456789abcdef' } }),
      pair({ id: 'y', source: { path: 'docs/a.md', start_line: 2, end_line: 3, span_hash: '0123456789abcdef' } }),
      pair({ id: 'x', source: { path: 'docs/a.md', start_line: 10, end_line: 11, span_hash: '0123456789abcdef' } }),
      pair({ id: 's2', source: { session_file: 'chats/a.json', session_id: '10', message_indices: [0, 1], span_hash: '0123456789abcdef' } }),
      pair({ id: 's1', source: { session_file: 'chats/a.json', session_id: '2', message_indices: [4, 5], span_hash: '0123456789abcdef' } }),
      pair({ id: 's0', source: { session_file: 'chats/a.json', session_id: '2', message_indices: [1], span_hash: '0123456789abcdef' } }),
    ];
    const text = serializeDataset(entriesOf(pairs));
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(pairsOf(parseDataset(text)).map((p) => p.id), ['s0', 's1', 's2', 'y', 'x', 'z', 'b']);
  });

  it('gives identical bytes for the same content, whatever the input order', () => {
    const a = pair({ id: 'a' });
    const b = pair({ id: 'b', question: 'Wie lange gilt die Garantie? — „zwei Jahre“ 🫖', source: { path: 'docs/ä.md', start_line: 1, end_line: 1, span_hash: 'fedcba9876543210' } });
    const one = serializeDataset(entriesOf([a, b]));
    const two = serializeDataset(entriesOf([b, a]));
    assert.equal(one, two);
    assert.equal(serializeDataset(parseDataset(one)), one);
    assert.ok(one.includes('„zwei Jahre“ 🫖'), 'non-ASCII text is kept as is, not escaped');
  });

  it('writes nothing for an empty dataset', () => {
    assert.equal(serializeDataset([]), '');
    assert.deepEqual(parseDataset(''), []);
  });
});

describe('dataset file: reading bad lines', () => {
  const good = pairToLine(pair());

  it('keeps every bad line with its line number and a message naming the field', () => {
    const lines = [
      good,
      '{not json',
      JSON.stringify({ ...pair({ id: 'q' }), quality: { score: 1.4, criteria: {}, feedback: '' } }),
      JSON.stringify({ ...pair({ id: 'r' }), status: 'approved' }),
      JSON.stringify({ ...pair({ id: 's' }), source: { path: 'a.md', start_line: 1, end_line: 2 } }),
      JSON.stringify({ ...pair({ id: 't' }), extra: true }),
      JSON.stringify({ ...pair({ id: 'u' }), source: { path: 'a.md', start_line: 5, end_line: 2, span_hash: '0123456789abcdef' } }),
      good,
    ];
    const entries = parseDataset(`${lines.join('\n')}\n`);
    assert.equal(entries.length, 8);
    const invalid = entries.filter((e) => e.kind === 'invalid');
    assert.deepEqual(invalid.map((e) => e.line), [2, 3, 4, 5, 6, 7, 8]);
    const errors = invalid.map((e) => (e.kind === 'invalid' ? e.error : ''));
    assert.match(errors[0], /not valid JSON/);
    assert.match(errors[1], /quality\.score must be <= 1 \(got 1\.4\)/);
    assert.match(errors[2], /status must be one of .*"approved"/);
    assert.match(errors[3], /missing field source\.span_hash/);
    assert.match(errors[4], /unknown field extra/);
    assert.match(errors[5], /source\.end_line must be >= source\.start_line/);
    assert.match(errors[6], /duplicate id "p1" \(first on line 1\)/);
  });

  it('validates session sources with their own fields', () => {
    const line = JSON.stringify({ ...pair(), source: { session_file: 'c.json', session_id: '1', message_indices: [-1], span_hash: '0123456789abcdef' } });
    const [entry] = parseDataset(line);
    assert.equal(entry.kind, 'invalid');
    assert.match(entry.kind === 'invalid' ? entry.error : '', /source\.message_indices\[0\] must be >= 0/);
  });

  it('keeps invalid lines verbatim after the valid ones, in their original order', () => {
    const text = ['{"bad": 1}', pairToLine(pair({ id: 'b' })), 'garbage ,', pairToLine(pair({ id: 'a' }))].join('\r\n');
    const out = serializeDataset(parseDataset(text)).split('\n');
    assert.deepEqual(out, [pairToLine(pair({ id: 'a' })), pairToLine(pair({ id: 'b' })), '{"bad": 1}', 'garbage ,', '']);
  });
});

describe('dataset schemas', () => {
  const files: Array<[string, object]> = [
    ['schemas/qa-pair.schema.json', QA_PAIR_SCHEMA],
    ['schemas/qa-manifest.schema.json', QA_MANIFEST_SCHEMA],
  ];
  for (const [file, schema] of files) {
    it(`${file} is the schema the reader uses (UPDATE_SCHEMAS=1 rewrites it)`, () => {
      const abs = path.join(ROOT, file);
      const expected = `${JSON.stringify(schema, null, 2)}\n`;
      if (process.env.UPDATE_SCHEMAS === '1') fs.writeFileSync(abs, expected);
      assert.equal(fs.readFileSync(abs, 'utf8'), expected);
    });
  }
});

describe('writeFileAtomic', () => {
  it('replaces the file whole, creates the folder and leaves no temp file behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-atomic-'));
    const file = path.join(dir, 'sub', 'x.qa.jsonl');
    await writeFileAtomic(file, 'one\n');
    await writeFileAtomic(file, 'two\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'two\n');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['x.qa.jsonl']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails without touching the target when the folder cannot hold it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-atomic-'));
    const target = path.join(dir, 'is-a-dir');
    fs.mkdirSync(target);
    await assert.rejects(writeFileAtomic(target, 'x'));
    assert.deepEqual(fs.readdirSync(dir), ['is-a-dir']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
