/**
 * Merge benchmark: `qaforge merge` of 8 shard files of 10,000 pairs each (80,000 pairs over 1,600 source files,
 * with their manifests) through the core use case — time of the merge into a new file, of merging the same shards
 * into that file again (all unchanged), and the process's peak RSS. Prints a JSON object on its last stdout line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { serializeDataset, entriesOf } from '../src/core/dataset/file';
import { buildManifest, serializeManifest } from '../src/core/dataset/manifest';
import type { DatasetPair } from '../src/core/dataset/types';
import { resolveParams } from '../src/core/domain/params';
import type { RunResult } from '../src/core/domain/records';
import { mergeShardFiles } from '../src/core/usecases/mergeShards';

const SHARDS = 8;
const PAIRS_PER_SHARD = 10_000;
const FILES_PER_SHARD = 200;

function shardPairs(shard: number): DatasetPair[] {
  return Array.from({ length: PAIRS_PER_SHARD }, (_, i) => {
    const file = `docs/shard-${shard}/page-${i % FILES_PER_SHARD}.md`;
    const start = 1 + ((i * 7) % 395);
    return {
      id: `${shard.toString(16)}${i.toString(16).padStart(15, '0')}`,
      question: `What does line ${start} of ${file} say about the Harbor gateway's timeout?`,
      answer: `The Harbor gateway waits ${start % 60} seconds before it retries — „ok“.`,
      question_type: 'factual', difficulty: 'medium',
      contexts: [`Line ${start}: the Harbor gateway waits ${start % 60} seconds before it retries a request to the Ledger service.`],
      statements: [`The Harbor gateway waits ${start % 60} seconds before it retries.`],
      source: { path: file, start_line: start, end_line: start + (i % 4), span_hash: (i * 2654435761 % 2 ** 32).toString(16).padStart(16, '0') },
      quality: { score: 0.8, criteria: { grounded: 1, complete: 0.8, relevant: 0.8, clear: 0.7, standalone: 0.7 }, feedback: 'fine' },
      status: 'draft',
      generator: { provider: 'openai', model: 'gpt-4o-mini', prompt_version: 'bench', iteration: 0 },
    };
  });
}

function runOf(shard: number): RunResult {
  const usage = { calls: 3000, cacheHits: 0, promptTokens: 4_000_000, completionTokens: 600_000, costUsd: 0.9 };
  return {
    params: resolveParams({ numPairs: PAIRS_PER_SHARD }), provider: 'openai', model: 'gpt-4o-mini', promptVersion: 'bench', status: 'completed',
    chunks: [], statements: [], qaPairs: [], validatedQaPairs: [], rejectedQaPairs: [], averageQuality: 0.8 + shard / 100, currentIteration: 1,
    errors: [], usage, elapsedMs: 60_000,
  } as unknown as RunResult;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-bench-merge-'));
  try {
    const inputs: string[] = [];
    for (let s = 1; s <= SHARDS; s++) {
      const file = path.join(dir, `shards/docs-${s}.qa.jsonl`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, serializeDataset(entriesOf(shardPairs(s))));
      const manifest = buildManifest({ result: runOf(s), dataset: path.basename(file), root: '..', sources: {}, now: new Date(Date.UTC(2026, 0, s)) });
      fs.writeFileSync(file.replace(/\.qa\.jsonl$/, '.qa.manifest.json'), serializeManifest({ ...manifest, shard: { count: SHARDS, indices: [s], num_pairs: SHARDS * PAIRS_PER_SHARD } }));
      inputs.push(file);
    }
    const inputMB = inputs.reduce((n, f) => n + fs.statSync(f).size, 0) / 1e6;
    const out = path.join(dir, 'docs.qa.jsonl');
    // the shard files are written by this process too: measure from a settled heap, the merge's own peak
    (globalThis as { gc?: () => void }).gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
    const t0 = performance.now();
    const first = await mergeShardFiles({ inputs: [...inputs].reverse(), out });
    const mergeMs = performance.now() - t0;
    const t1 = performance.now();
    const again = await mergeShardFiles({ inputs, out });
    const againMs = performance.now() - t1;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (first.pairsInFile !== SHARDS * PAIRS_PER_SHARD || again.merge.unchanged !== SHARDS * PAIRS_PER_SHARD) throw new Error('the merge lost or changed pairs');
    const figures = {
      merge8x10kPairs: first.pairsInFile,
      merge8x10kInputMB: Number(inputMB.toFixed(1)),
      merge8x10kMs: Math.round(mergeMs),
      merge8x10kAgainMs: Math.round(againMs),
      merge8x10kPeakRssMB: Math.round(peak / 1e6),
      merge8x10kRssBeforeMB: Math.round(baseline / 1e6),
    };
    console.log(`| shards × pairs | input MB | merge (ms) | merge again, unchanged (ms) | peak RSS (MB) | RSS before (MB) |`);
    console.log(`| ${SHARDS} × ${PAIRS_PER_SHARD} | ${figures.merge8x10kInputMB} | ${figures.merge8x10kMs} | ${figures.merge8x10kAgainMs} | ${figures.merge8x10kPeakRssMB} | ${figures.merge8x10kRssBeforeMB} |`);
    console.log(JSON.stringify(figures));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
