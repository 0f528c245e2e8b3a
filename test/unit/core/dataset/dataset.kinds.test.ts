import { strict as assert } from 'node:assert';
import { parseDataset, serializeDataset, pairsOf } from '../../../../src/core/dataset/file';
import { pairToLine } from '../../../../src/core/dataset/canonical';
import { kindOf, spansOf, type DatasetPair, type FileSource } from '../../../../src/core/dataset/types';
import { pair } from '../../support/datasetFixtures';

const A: FileSource = { path: 'docs/kettle.md', start_line: 3, end_line: 4, span_hash: '0123456789abcdef' };
const B: FileSource = { path: 'docs/warranty.md', start_line: 10, end_line: 12, span_hash: 'fedcba9876543210' };

function multiHop(overrides: Partial<DatasetPair> = {}): DatasetPair {
  return pair({ id: 'm1', kind: 'multi_hop', source: A, sources: [A, B], contexts: ['ctx a', 'ctx b'], ...overrides });
}

/** Parses one line and returns its error, or undefined when it is a valid pair. */
function errorOf(line: object): string | undefined {
  const [entry] = parseDataset(`${JSON.stringify(line)}\n`);
  return entry.kind === 'invalid' ? entry.error : undefined;
}

describe('dataset file: kinds and their fields', () => {
  it('reads a line without kind as single_hop and re-writes it byte-identical (kind is left out)', () => {
    const old = `${pairToLine(pair())}\n`;
    const [entry] = parseDataset(old);
    assert.equal(entry.kind, 'pair');
    assert.equal(kindOf(pairsOf([entry])[0]), 'single_hop');
    assert.equal(serializeDataset(parseDataset(old)), old);
    assert.ok(!old.includes('"kind"'));
  });

  it('drops an explicit single_hop (same meaning, same bytes as a file from before kinds)', () => {
    const line = JSON.stringify({ ...pair(), kind: 'single_hop' });
    assert.equal(serializeDataset(parseDataset(line)), `${pairToLine(pair())}\n`);
  });

  it('writes the new fields in canonical order, whatever order they were read in', () => {
    const p = pair({
      id: 't1', kind: 'multi_turn', persona: 'New owner', query_style: 'web_search', query_length: 'short',
      turns: [{ role: 'user', content: 'I bought a Lumen kettle.' }, { role: 'assistant', content: 'Nice. What would you like to know?' }],
      sources: [A, B],
    });
    const shuffled = Object.fromEntries(Object.entries(p).reverse());
    const obj = JSON.parse(serializeDataset(parseDataset(JSON.stringify(shuffled)))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(obj), ['id', 'question', 'answer', 'question_type', 'difficulty', 'kind', 'turns', 'persona', 'query_style', 'query_length', 'contexts', 'statements', 'source', 'sources', 'quality', 'status', 'generator']);
    assert.deepEqual(Object.keys((obj.turns as object[])[0]), ['role', 'content']);
    assert.deepEqual(Object.keys((obj.sources as object[])[1]), ['path', 'start_line', 'end_line', 'span_hash']);
  });

  it('round-trips a multi-hop pair with its sources', () => {
    const text = serializeDataset(parseDataset(`${JSON.stringify(multiHop())}\n`));
    const [back] = pairsOf(parseDataset(text));
    assert.equal(kindOf(back), 'multi_hop');
    assert.deepEqual(spansOf(back), [A, B]);
    assert.equal(serializeDataset(parseDataset(text)), text);
  });

  it('spansOf is the one source of a pair without sources', () => {
    assert.deepEqual(spansOf(pair()), [pair().source]);
  });

  it('refuses a multi-hop pair without sources, or with one, naming the field', () => {
    const { sources: _s, ...noSources } = multiHop();
    assert.match(errorOf(noSources) ?? '', /missing field sources/);
    assert.match(errorOf(multiHop({ sources: [A] })) ?? '', /sources must NOT have fewer than 2 items/);
  });

  it('refuses sources that do not start with source, or list a span twice', () => {
    assert.match(errorOf(multiHop({ sources: [B, A] })) ?? '', /sources\[0\] must be the same span as source/);
    assert.match(errorOf(multiHop({ sources: [A, B, { ...B }] })) ?? '', /sources\[2\] is the same span as sources\[1\]/);
  });

  it('refuses a backwards line range in sources, naming the entry', () => {
    assert.match(errorOf(multiHop({ sources: [A, { ...B, start_line: 12, end_line: 10 }] })) ?? '', /sources\[1\]\.end_line must be >= sources\[1\]\.start_line/);
  });

  it('refuses a multi-turn pair without turns, and turns with a bad role or empty content', () => {
    assert.match(errorOf(pair({ kind: 'multi_turn' })) ?? '', /missing field turns/);
    const badRole = { ...pair({ kind: 'multi_turn' }), turns: [{ role: 'system', content: 'x' }] };
    assert.match(errorOf(badRole) ?? '', /turns\[0\]\.role must be one of "user", "assistant" \(got "system"\)/);
    assert.match(errorOf(pair({ kind: 'multi_turn', turns: [{ role: 'user', content: '' }] })) ?? '', /turns\[0\]\.content/);
  });

  it('refuses an unknown kind, query_style or query_length with the allowed values', () => {
    assert.match(errorOf({ ...pair(), kind: 'double' }) ?? '', /kind must be one of "single_hop", "multi_hop", "unanswerable", "multi_turn" \(got "double"\)/);
    assert.match(errorOf({ ...pair(), query_style: 'shouty' }) ?? '', /query_style must be one of "perfect_grammar"/);
    assert.match(errorOf({ ...pair(), query_length: 'huge' }) ?? '', /query_length must be one of "short", "medium", "long"/);
  });

  it('names the line of a bad pair among good ones', () => {
    const text = [pairToLine(pair()), JSON.stringify(multiHop({ sources: [A] }))].join('\n');
    const entries = parseDataset(text);
    assert.deepEqual(entries.map((e) => [e.kind, e.line]), [['pair', 1], ['invalid', 2]]);
  });

  it('accepts an unanswerable pair with no extra field', () => {
    assert.equal(errorOf(pair({ kind: 'unanswerable' })), undefined);
  });
});
