import { strict as assert } from 'node:assert';
import type { DatasetManifest } from '../../../../src/core/dataset/manifest';
import { mergeManifests } from '../../../../src/core/usecases/mergeManifests';

function shard(index: number, over: Partial<DatasetManifest['stats']> = {}): DatasetManifest {
  return {
    format_version: 1, dataset: `docs-${index}.qa.jsonl`, root: '..', params: { num_pairs: index * 2, question_types: ['factual'] },
    provider: 'openai', model: 'gpt-4o-mini', prompt_version: 'p1', sources: { [`docs/${index}.md`]: String(index).repeat(64) },
    stats: {
      status: 'completed', calls: 10 * index, cache_hits: index, prompt_tokens: 1000 * index, completion_tokens: 100 * index, cost_usd: 0.001 * index,
      elapsed_ms: 1000, pairs: index * 2, validated: index * 2, below_threshold: 0, average_quality: 0.5 + index / 10, iterations: index, ...over,
    },
    batch: { job_ids: [`batch-${index}`] },
    shard: { count: 3, indices: [index], num_pairs: 12 },
    created: `2026-01-0${index}T00:00:00.000Z`, updated: `2026-02-0${index}T00:00:00.000Z`,
  };
}

describe('usecases/mergeManifests', () => {
  it('adds up usage and costs, unites sources, lists the shards and jobs, and keeps the corpus num_pairs', () => {
    const merged = mergeManifests({ shards: [shard(2), shard(1), shard(3, { status: 'budget-exceeded' })], dataset: 'docs.qa.jsonl' });
    assert.equal(merged.dataset, 'docs.qa.jsonl');
    assert.equal(merged.params.num_pairs, 12);
    assert.deepEqual(Object.keys(merged.sources), ['docs/1.md', 'docs/2.md', 'docs/3.md']);
    assert.deepEqual(merged.shard, { count: 3, indices: [1, 2, 3], num_pairs: 12 });
    assert.deepEqual(merged.batch, { job_ids: ['batch-1', 'batch-2', 'batch-3'] });
    assert.equal(merged.stats.calls, 60);
    assert.equal(merged.stats.cost_usd, 0.006);
    assert.equal(merged.stats.pairs, 12);
    assert.equal(merged.stats.status, 'budget-exceeded', 'the worst status');
    assert.equal(merged.stats.average_quality, Number(((0.6 * 2 + 0.7 * 4 + 0.8 * 6) / 12).toFixed(4)));
    assert.equal(merged.stats.iterations, 3);
    assert.equal(merged.created, '2026-01-01T00:00:00.000Z');
    assert.equal(merged.updated, '2026-02-03T00:00:00.000Z');
  });

  it('lists every shard\'s personas once by name and keeps the quality gates set on the file merged into', () => {
    const one = { ...shard(1), personas: [{ name: 'Build engineer', description: 'keeps CI green' }, { name: 'Newcomer', description: 'first CMake project' }] };
    const two = { ...shard(2), personas: [{ name: 'Newcomer', description: 'another wording' }, { name: 'Packager', description: 'ships distro packages' }] };
    const previous = { ...shard(3), quality_gates: { near_duplicate: 0.9 } };
    const merged = mergeManifests({ shards: [two, one], dataset: 'd.qa.jsonl', previous });
    assert.deepEqual(merged.personas, [
      { name: 'Build engineer', description: 'keeps CI green' }, { name: 'Newcomer', description: 'first CMake project' }, { name: 'Packager', description: 'ships distro packages' },
    ]);
    assert.deepEqual(merged.quality_gates, { near_duplicate: 0.9 });
    assert.equal(mergeManifests({ shards: [shard(1)], dataset: 'd.qa.jsonl' }).personas, undefined, 'no personas, no key');
  });

  it('is the same whatever the order of the shards, and keeps the created time of the file merged into', () => {
    const a = mergeManifests({ shards: [shard(1), shard(2), shard(3)], dataset: 'd.qa.jsonl' });
    const b = mergeManifests({ shards: [shard(3), shard(1), shard(2)], dataset: 'd.qa.jsonl' });
    assert.deepEqual(b, a);
    const previous = { ...a, created: '2025-06-01T00:00:00.000Z' };
    assert.equal(mergeManifests({ shards: [shard(1)], dataset: 'd.qa.jsonl', previous }).created, '2025-06-01T00:00:00.000Z');
  });

  it('tells when the shards do not fit together', () => {
    const lines: string[] = [];
    mergeManifests({ shards: [shard(1), { ...shard(2), model: 'gpt-4o' }, shard(1)], dataset: 'd.qa.jsonl', log: (l) => lines.push(l) });
    assert.ok(lines.some((l) => /differ in model/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /shard 1 given more than once/.test(l)), lines.join('\n'));
  });
});
