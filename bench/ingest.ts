/**
 * Ingest throughput: generates a deterministic markdown tree (100 MB by default; QAFORGE_BENCH_INGEST_MB=10 for a
 * quick check) in a temp folder, then streams discovery → read → chunk (sentence splitter, default chunk_size)
 * and prints MB/s and peak RSS as a markdown line and, last, a JSON line `{ingestMBps, ingestPeakRssMB}`.
 * Run: node --import tsx bench/ingest.ts (QAFORGE_BENCH_INGEST_STAGES=1 adds the CPU cost of each stage).
 * Chunking runs on the worker pool whole-tree ingest uses (min(2, cores) workers; QAFORGE_BENCH_INGEST_WORKERS=0
 * chunks in-thread); the pool's start-up, like the tokenizer's, is a one-off cost reported apart.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeChunk } from '../src/core/chunking/chunk';
import { startChunkPool } from '../src/core/chunking/pool';
import { chunkStream } from '../src/core/chunking/stream';
import { sentenceRanges } from '../src/core/chunking/sentence';
import { exactTokens } from '../src/core/chunking/counting';
import { ingest } from '../src/core/ingest';
import { DEFAULT_PARAMS } from '../src/core/domain/params';
import { prng } from './corpus';

const WORDS = ('the a of to and in is for that with as on by this be are from it at or an which can when each ' +
  'cache index queue request token shard replica quota budget webhook metric sample record event session tenant ' +
  'gateway scheduler exporter ledger configure validate replicate compress encrypt batch route store retry limit ' +
  'default setting option value error timeout connection worker cluster region deployment release version').split(' ');
const NON_ASCII = ['Größe', 'café', 'naïve', 'Überblick', 'データ', '数据集', 'résumé', 'Ångström'];

/** One deterministic markdown file of about `bytes` bytes. */
function markdownFile(r: () => number, bytes: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const sentence = (): string => {
    const n = 8 + Math.floor(r() * 18);
    const words = Array.from({ length: n }, () => (r() < 0.01 ? pick(NON_ASCII) : pick(WORDS)));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}${pick(['.', '.', '.', '?', '!'])}`;
  };
  const parts: string[] = [`# ${sentence()}\n`];
  let size = parts[0].length;
  while (size < bytes) {
    const roll = r();
    let block: string;
    if (roll < 0.08) block = `## ${sentence()}\n`;
    else if (roll < 0.14) block = `\`\`\`ts\n${Array.from({ length: 3 + Math.floor(r() * 10) }, (_, i) => `const v${i} = compute(${Math.floor(r() * 1000)}); // ${pick(WORDS)}`).join('\n')}\n\`\`\`\n`;
    else if (roll < 0.22) block = `${Array.from({ length: 2 + Math.floor(r() * 5) }, () => `- ${sentence()}`).join('\n')}\n`;
    else block = `${Array.from({ length: 2 + Math.floor(r() * 7) }, sentence).join(' ')}\n`;
    parts.push(block);
    size += block.length + 1;
  }
  return parts.join('\n');
}

/** Writes the tree; returns its size in bytes. */
function writeTree(root: string, totalBytes: number): number {
  const r = prng(20261127);
  let written = 0;
  for (let i = 0; written < totalBytes; i++) {
    const dir = join(root, `area-${Math.floor(i / 25)}`, `topic-${i % 5}`);
    mkdirSync(dir, { recursive: true });
    const text = markdownFile(r, 8_000 + Math.floor(r() * 64_000));
    writeFileSync(join(dir, `doc-${i}.md`), text);
    written += Buffer.byteLength(text);
  }
  return written;
}

/**
 * CPU seconds of each stage, in-thread, one after the other on each document (QAFORGE_BENCH_INGEST_STAGES=1).
 * Stages are disjoint except that sentenceRanges includes its own masking and counting; the whole-text count is
 * a yardstick only (the splitter counts each chunk once instead).
 */
async function stageCosts(root: string, mb: number): Promise<void> {
  const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const costs = { 'discovery+read+decode': 0, 'exact token count of the whole text (yardstick)': 0, 'sentenceRanges (structural units + packing + exact count per chunk)': 0, 'chunk building (ids, provenance)': 0 };
  let t = cpu();
  for await (const item of ingest([], root)) {
    costs['discovery+read+decode'] += cpu() - t;
    if (item.kind === 'document') {
      const text = item.document.text;
      t = cpu(); exactTokens(text); costs['exact token count of the whole text (yardstick)'] += cpu() - t;
      t = cpu(); const ranges = await sentenceRanges(text, DEFAULT_PARAMS.chunkSize); costs['sentenceRanges (structural units + packing + exact count per chunk)'] += cpu() - t;
      t = cpu(); ranges.map((r) => makeChunk(item.document, 0, r, r.tokens)); costs['chunk building (ids, provenance)'] += cpu() - t;
    }
    t = cpu();
  }
  for (const [stage, seconds] of Object.entries(costs)) console.log(`| stage: ${stage} | ${seconds.toFixed(2)} CPU-s | ${(mb / seconds).toFixed(1)} MB per CPU-second |`);
}

async function main(): Promise<void> {
  const megabytes = Number(process.env.QAFORGE_BENCH_INGEST_MB ?? 100);
  const root = mkdtempSync(join(tmpdir(), 'qaforge-bench-ingest-'));
  try {
    const bytes = writeTree(root, megabytes * 1024 * 1024);
    const workers = Number(process.env.QAFORGE_BENCH_INGEST_WORKERS ?? Math.min(2, availableParallelism()));
    const poolStart = performance.now();
    const pool = workers > 0 ? await startChunkPool(workers) : undefined;
    const poolMs = performance.now() - poolStart;
    // Warm the tokenizer outside the timing (one-off start-up cost, reported apart). With a pool the workers
    // count and the main thread never loads it (about 130 MB less).
    const warmStart = performance.now();
    if (!pool || process.env.QAFORGE_BENCH_INGEST_STAGES) {
      const { countTokens } = await import('../src/core/text/tokens');
      countTokens('warm up');
    }
    const warmMs = performance.now() - warmStart;

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 25);
    let documents = 0;
    let chunks = 0;
    let skipped = 0;
    const options = { splitterType: 'sentence' as const, chunkSize: DEFAULT_PARAMS.chunkSize, breakpointPercentileThreshold: DEFAULT_PARAMS.breakpointPercentileThreshold };
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for await (const item of chunkStream(ingest([], root), options, { pool })) {
      if (item.kind === 'skipped') { skipped++; continue; }
      documents++;
      chunks += item.chunks.length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    await pool?.close();
    const mb = bytes / (1024 * 1024);
    const ingestMBps = Number((mb / seconds).toFixed(1));
    const ingestPeakRssMB = Math.round(peakRss / (1024 * 1024));
    console.log(`| ingest ${mb.toFixed(0)} MB markdown (${documents} files, ${chunks} chunks, ${skipped} skipped) | ${ingestMBps} MB/s | peak RSS ${ingestPeakRssMB} MB | ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} CPU-s (all threads) | ${pool ? `${pool.size} chunk workers (start-up ${poolMs.toFixed(0)} ms, tokenizers included)` : `chunking in-thread, tokenizer start-up ${warmMs.toFixed(0)} ms`} | ${(mb / cpuSeconds).toFixed(1)} MB per CPU-second | load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores |`);
    if (process.env.QAFORGE_BENCH_INGEST_STAGES) await stageCosts(root, mb);
    console.log(JSON.stringify({ ingestMBps, ingestPeakRssMB }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
