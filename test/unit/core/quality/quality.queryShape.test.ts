/**
 * The distribution gate over how questions are worded: the pairs' query_style and query_length against the
 * manifest's query_styles / query_lengths, only when those were asked.
 */
import { strict as assert } from 'node:assert';
import { askedShares, distributionGates, NOT_SET, type LinedPair } from '../../../../src/core/quality/gates';
import { qualityReport } from '../../../../src/core/quality/report';
import type { DatasetManifest } from '../../../../src/core/dataset/manifest';
import type { DatasetPair, QueryLength, QueryStyle } from '../../../../src/core/dataset/types';
import { pair } from '../../support/datasetFixtures';

const lined = (pairs: DatasetPair[]): LinedPair[] => pairs.map((p, i) => ({ line: i + 1, pair: p }));

/** Pairs with these styles and lengths (undefined: the field is left out), distinct questions, same source. */
function worded(shapes: Array<[QueryStyle | undefined, QueryLength | undefined]>): LinedPair[] {
  return lined(shapes.map(([style, length], i) => pair({
    id: `q${i}`, question: `Question number ${i} about topic ${String.fromCharCode(97 + i)}?`,
    ...(style ? { query_style: style } : {}), ...(length ? { query_length: length } : {}),
  })));
}

const PARAMS = { question_types: ['factual'], difficulty: 'easy' };

describe('quality gates: query styles and lengths', () => {
  it('reads what was asked from the manifest params, and nothing when they were not asked', () => {
    assert.deepEqual(askedShares({ ...PARAMS, query_styles: { perfect_grammar: 0.5, web_search: 0.5 }, query_lengths: { short: 1 } }), {
      kind: { single_hop: 1 }, question_type: { factual: 1 }, difficulty: { easy: 1 },
      query_style: { perfect_grammar: 0.5, web_search: 0.5 }, query_length: { short: 1 },
    });
    const plain = askedShares(PARAMS);
    assert.ok(!('query_style' in plain) && !('query_length' in plain));
  });

  it('fails a dataset whose styles and lengths are off the asked shares, naming each value', () => {
    const pairs = worded([['perfect_grammar', 'short'], ['perfect_grammar', 'short'], ['perfect_grammar', 'medium'], ['misspelled', 'medium']]);
    const found = distributionGates(pairs, { ...PARAMS, query_styles: { perfect_grammar: 0.5, web_search: 0.5 }, query_lengths: { short: 0.5, medium: 0.5 } }, 0.1);
    assert.deepEqual(found.map((f) => f.message), [
      'query_style misspelled: 25% of the pairs, 0% asked (tolerance 10%)',
      'query_style perfect_grammar: 75% of the pairs, 50% asked (tolerance 10%)',
      'query_style web_search: 0% of the pairs, 50% asked (tolerance 10%)',
    ]);
    assert.ok(found.every((f) => f.gate === 'distribution' && f.line === 0));
  });

  it('counts pairs without a style or length as not set when they were asked', () => {
    const pairs = worded([['web_search', undefined], [undefined, undefined]]);
    const found = distributionGates(pairs, { ...PARAMS, query_styles: { web_search: 1 }, query_lengths: { long: 1 } }, 0.1);
    assert.deepEqual(found.map((f) => f.message), [
      `query_style ${NOT_SET}: 50% of the pairs, 0% asked (tolerance 10%)`,
      'query_style web_search: 50% of the pairs, 100% asked (tolerance 10%)',
      `query_length ${NOT_SET}: 100% of the pairs, 0% asked (tolerance 10%)`,
      'query_length long: 0% of the pairs, 100% asked (tolerance 10%)',
    ]);
  });

  it('passes a dataset within the tolerance, and ignores styles and lengths that were not asked', () => {
    const pairs = worded([['perfect_grammar', 'short'], ['web_search', 'medium'], ['perfect_grammar', 'medium'], ['web_search', 'long'], ['web_search', 'medium']]);
    assert.deepEqual(distributionGates(pairs, { ...PARAMS, query_styles: { perfect_grammar: 0.5, web_search: 0.5 }, query_lengths: { short: 0.2, medium: 0.6, long: 0.2 } }, 0.1), []);
    assert.deepEqual(distributionGates(pairs, PARAMS, 0.1), [], 'no style or length asked: the pairs\' are not compared');
  });

  it('reaches qaforge check --quality through the report, with the manifest\'s tolerance', () => {
    const manifest = {
      format_version: 1, dataset: 'd.qa.jsonl', root: '.', params: { ...PARAMS, query_lengths: { short: 1 } }, provider: 'offline', model: 'heuristic-v1', prompt_version: '1', sources: {},
      stats: { status: 'completed', calls: 0, cache_hits: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, elapsed_ms: 0, pairs: 0, validated: 0, below_threshold: 0, average_quality: 0, iterations: 0 },
      created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z', quality_gates: { distribution_tolerance: 0.5 },
    } as DatasetManifest;
    const pairs = worded([[undefined, 'short'], [undefined, 'short'], [undefined, 'long']]);
    assert.deepEqual(qualityReport(pairs, manifest).findings.filter((f) => f.gate === 'distribution'), []);
    const strict = qualityReport(pairs, { ...manifest, quality_gates: { distribution_tolerance: 0.1 } });
    assert.deepEqual(strict.findings.filter((f) => f.gate === 'distribution').map((f) => f.message.split(':')[0]), ['query_length long', 'query_length short']);
  });
});
