import { strict as assert } from 'node:assert';
import {
  coverageGate, distributionGate, distributionGates, languageGate, multiHopGate, nearDuplicateGate, questionSimilarity, quotesGate, type LinedPair,
} from '../../../../src/core/quality/gates';
import { qualityReport, thresholdsOf } from '../../../../src/core/quality/report';
import type { DatasetManifest } from '../../../../src/core/dataset/manifest';
import type { DatasetPair, FileSource } from '../../../../src/core/dataset/types';
import { pair } from '../../support/datasetFixtures';

const A: FileSource = { path: 'docs/a.md', start_line: 3, end_line: 4, span_hash: '0123456789abcdef' };
const B: FileSource = { path: 'docs/b.md', start_line: 1, end_line: 2, span_hash: 'fedcba9876543210' };

const lined = (...pairs: DatasetPair[]): LinedPair[] => pairs.map((p, i) => ({ line: i + 1, pair: p }));

function manifest(overrides: Partial<DatasetManifest> = {}): DatasetManifest {
  return {
    format_version: 1, dataset: 'd.qa.jsonl', root: '.', params: { question_types: ['factual'], difficulty: 'easy' },
    provider: 'offline', model: 'heuristic-v1', prompt_version: '1', sources: {},
    stats: { status: 'completed', calls: 0, cache_hits: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, elapsed_ms: 0, pairs: 0, validated: 0, below_threshold: 0, average_quality: 0, iterations: 0 },
    created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z', ...overrides,
  };
}

describe('quality gates', () => {
  describe('coverage', () => {
    it('names a source file no pair draws on (a second source counts as drawing on it)', () => {
      const pairs = lined(pair({ source: A }));
      const found = coverageGate(pairs, ['docs/a.md', 'docs/b.md'], 1);
      assert.equal(found.length, 1);
      assert.match(found[0].message, /no pair draws on docs\/b\.md \(50% of 2 source files covered, at least 100% asked\)/);
      assert.deepEqual(coverageGate(lined(pair({ kind: 'multi_hop', source: A, sources: [A, B] })), ['docs/a.md', 'docs/b.md'], 1), []);
    });
    it('passes when the covered share reaches min_coverage', () => {
      assert.deepEqual(coverageGate(lined(pair({ source: A })), ['docs/a.md', 'docs/b.md'], 0.5), []);
    });
  });

  describe('distribution', () => {
    it('fails when kinds are off the asked shares by more than the tolerance', () => {
      const pairs = lined(pair({ id: '1' }), pair({ id: '2' }), pair({ id: '3' }), pair({ id: '4', kind: 'unanswerable' }));
      const found = distributionGates(pairs, { kinds: { single_hop: 0.5, unanswerable: 0.5 }, question_types: ['factual'], difficulty: 'easy' }, 0.1);
      assert.deepEqual(found.map((f) => f.message), [
        'kind single_hop: 75% of the pairs, 50% asked (tolerance 10%)',
        'kind unanswerable: 25% of the pairs, 50% asked (tolerance 10%)',
      ]);
    });
    it('fails on a question type or difficulty that was not asked; without kinds all single_hop is asked', () => {
      const found = distributionGates(lined(pair({ question_type: 'analysis', difficulty: 'hard' })), { question_types: ['factual'], difficulty: 'easy' }, 0.1);
      assert.deepEqual(found.map((f) => f.message.split(':')[0]), ['question_type analysis', 'question_type factual', 'difficulty easy', 'difficulty hard']);
    });
    it('passes within the tolerance', () => {
      const pairs = lined(pair({ id: '1' }), pair({ id: '2', kind: 'multi_hop', sources: [A, B], source: A }));
      assert.deepEqual(distributionGates(pairs, { kinds: { single_hop: 0.6, multi_hop: 0.4 } }, 0.1), []);
    });
  });

  describe('near-duplicates', () => {
    it('names both pairs of a near-duplicate question', () => {
      const pairs = lined(pair({ id: 'x', question: 'How long is the warranty of the Lumen kettle?' }), pair({ id: 'y', question: 'How long is the warranty of the Lumen kettle, exactly?' }));
      const found = nearDuplicateGate(pairs, 0.8);
      assert.equal(found.length, 1);
      assert.equal(found[0].line, 2);
      assert.match(found[0].message, /pair y is a near-duplicate of pair x on line 1 \(similarity 0\.89 >= 0\.8\)/);
    });
    it('passes distinct questions', () => {
      const pairs = lined(pair({ id: 'x' }), pair({ id: 'y', question: 'How quickly does the kettle boil 1.7 litres?' }));
      assert.deepEqual(nearDuplicateGate(pairs, 0.8), []);
    });
    it('finds exactly the pairs an all-pairs comparison finds, at every threshold (it compares only pairs that can reach it)', () => {
      const words = ['kettle', 'warranty', 'boil', 'litres', 'lid', 'filter', 'descale', 'how', 'long', 'does', 'the', 'what'];
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const questions = Array.from({ length: 120 }, () => Array.from({ length: 2 + Math.floor(next() * 6) }, () => words[Math.floor(next() * words.length)]).join(' ') + '?');
      const pairs = lined(...questions.map((q, i) => pair({ id: `p${i}`, question: q })));
      for (const t of [0.3, 0.5, 0.8, 1]) {
        const naive: string[] = [];
        for (let i = 0; i < pairs.length; i++) for (let j = i + 1; j < pairs.length; j++) {
          const sim = questionSimilarity(questions[i], questions[j]);
          if (sim >= t) naive.push(`question of pair p${j} is a near-duplicate of pair p${i} on line ${i + 1} (similarity ${sim.toFixed(2)} >= ${t})`);
        }
        assert.ok(naive.length > 0, `threshold ${t} has duplicates to find`);
        assert.deepEqual(nearDuplicateGate(pairs, t).map((f) => f.message), naive, `threshold ${t}`);
      }
    });
  });

  describe('language', () => {
    const english = ['The warranty of the Lumen kettle lasts two years from the date of purchase, and it is valid in all of the shops.'];
    it('fails a German question over an English source', () => {
      const found = languageGate(lined(pair({ question: 'Wie lange gilt die Garantie für den Wasserkocher und ist sie auch in der EU gültig?', contexts: english })));
      assert.equal(found.length, 1);
      assert.match(found[0].message, /is in German, its source in English/);
    });
    it('passes an English question over the same source', () => {
      assert.deepEqual(languageGate(lined(pair({ question: 'How long is the warranty of the kettle and is it valid in all of the shops?', contexts: english }))), []);
    });
  });

  describe('multi-hop', () => {
    it('fails a multi-hop pair whose sources overlap in one file', () => {
      const near: FileSource = { ...A, start_line: 4, end_line: 6 };
      const found = multiHopGate(lined(pair({ id: 'm', kind: 'multi_hop', source: A, sources: [A, near] })));
      assert.match(found[0]?.message ?? '', /multi-hop pair m draws on a single span of docs\/a\.md/);
    });
    it('passes sources in two files', () => {
      assert.deepEqual(multiHopGate(lined(pair({ kind: 'multi_hop', source: A, sources: [A, B] }))), []);
    });
  });

  describe('distribution of a small dataset', () => {
    it('allows the split whole pairs force (5 pairs over 4 types: 2, 1, 1, 1), not a whole pair more', () => {
      const types = ['factual', 'conceptual', 'application', 'analysis'];
      const asked = Object.fromEntries(types.map((t) => [t, 0.25]));
      assert.deepEqual(distributionGate('question_type', ['factual', 'factual', 'conceptual', 'application', 'analysis'], asked, 0.1), []);
      const off = distributionGate('question_type', ['factual', 'factual', 'factual', 'conceptual', 'application'], asked, 0.1);
      assert.deepEqual(off.map((f) => f.message.split(':')[0]), ['question_type analysis', 'question_type factual']);
    });
  });

  describe('quotes', () => {
    it('fails a statement its contexts do not contain', () => {
      const found = quotesGate(lined(pair({ id: 'q', statements: ['The kettle is blue.'], contexts: ['The kettle is red.'] })));
      assert.match(found[0]?.message ?? '', /statements\[0\] of pair q is not in its contexts: "The kettle is blue\."/);
    });
    it('passes a statement found in the contexts (whitespace and case aside)', () => {
      assert.deepEqual(quotesGate(lined(pair({ statements: ['the kettle  is red.'], contexts: ['Intro. The kettle\nis red. More.'] }))), []);
    });
    it('passes a statement in its own words whose content the contexts hold, whatever the markup; fails one they mostly lack', () => {
      const contexts = ['file › Filesystem\n\nSubdirectories that are symlinks are only traversed if `FOLLOW_SYMLINKS` is given or policy `CMP0009` is not set to `NEW`.'];
      assert.deepEqual(quotesGate(lined(pair({ statements: ['Subdirectories that are symlinks are traversed only when FOLLOW_SYMLINKS is given or the policy CMP0009 is not set to NEW.'], contexts }))), [], 'a claim reworded from its quote');
      assert.equal(quotesGate(lined(pair({ statements: ['GLOB_RECURSE sorts the matched files by modification time before returning them.'], contexts }))).length, 1);
    });
  });

  describe('report', () => {
    it('takes thresholds from flags over the manifest over the defaults', () => {
      const m = manifest({ quality_gates: { near_duplicate: 0.5, min_coverage: 0.3 } });
      assert.deepEqual(thresholdsOf(m, { minCoverage: 0.9 }), { nearDuplicate: 0.5, distributionTolerance: 0.1, minCoverage: 0.9 });
    });
    it('counts pairs per kind and is empty for a good dataset', () => {
      const pairs = lined(pair({ id: '1', source: A, statements: ['S one.'], contexts: ['S one.'] }));
      const r = qualityReport(pairs, manifest({ sources: { 'docs/a.md': 'a'.repeat(64) } }));
      assert.deepEqual(r.findings, []);
      assert.equal(r.kinds.single_hop, 1);
    });
  });
});
