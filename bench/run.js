// `npm run bench`: runs every benchmark under bench/, prints a markdown table of the figures against their
// targets and writes bench/results.json. Benchmarks measure; they never fail the test suite.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * [file, extra environment, key renames]. Ingest runs twice: in-thread chunking (what the CLI and the extension
 * do, the headline figure) and on the opt-in worker pool (chunkStream with startChunkPool).
 */
const BENCHES = [
  ['pipeline.ts'],
  ['latency.ts'],
  ['ingest.ts', { QAFORGE_BENCH_INGEST_WORKERS: '0' }],
  ['ingest.ts', {}, { ingestMBps: 'ingestPoolMBps', ingestPeakRssMB: 'ingestPoolPeakRssMB' }],
  ['chunkQuality.ts'],
  ['evidenceQuality.ts'],
  ['webview10k.ts'],
  ['dataset.ts'],
  ['batch.ts'],
  ['merge.ts'],
];

/** Figures with a target: [key, label, comparator, target]. */
const TARGETS = [
  ['callsPerValidatedPair', 'LLM calls per validated pair (1 iteration)', '<=', 0.8],
  ['callsPerValidatedPairWithEnhancement', 'LLM calls per validated pair (enhancement allowed)', null, null],
  ['referenceCallsPerPair', 'Reference call pattern, calls per pair', null, null],
  ['callsRatioToReference', 'Our calls ÷ reference calls', null, null],
  ['promptToCorpusTokens', 'Prompt tokens ÷ corpus tokens (one pass)', '<=', 3],
  ['throughputRatio1', 'Throughput ÷ ideal, concurrency 1', null, null],
  ['throughputRatio4', 'Throughput ÷ ideal, concurrency 4', null, null],
  ['throughputRatio16', 'Throughput ÷ ideal, concurrency 16', '>=', 0.85],
  ['latencyParallelism1', 'Latency model: parallelism (service ÷ wall), concurrency 1', null, null],
  ['latencyParallelism4', 'Latency model: parallelism, concurrency 4', null, null],
  ['latencyParallelism8', 'Latency model: parallelism, concurrency 8', '>=', 4.8],
  ['latencyParallelism16', 'Latency model: parallelism, concurrency 16', null, null],
  ['latencyWallMs8', 'Latency model: wall time of a whole run, concurrency 8 (ms)', null, null],
  ['latencyCalls8', 'Latency model: calls of a whole run, concurrency 8', null, null],
  ['latencyReplyCharsPerCall8', 'Latency model: mean reply characters per call, concurrency 8', null, null],
  ['latencyPromptPerCorpusToken8', 'Latency model: prompt tokens ÷ corpus tokens, whole run', null, null],
  ['latencyCachedPerCorpusToken8', 'Latency model: cached prompt tokens ÷ corpus tokens, whole run', null, null],
  ['latencyCallsPerValidatedPair8', 'Latency model: calls per validated pair, concurrency 8', '<=', 1.0],
  ['fullRunCalls', 'Calls, full run', null, null],
  ['unchangedRerunCalls', 'Calls, unchanged re-run', '<=', 0],
  ['oneFileChangedCalls', 'Calls, re-run after one file changed', null, null],
  ['ingestMBps', 'Ingest + chunk throughput, 100 MB markdown, in-thread as the product runs (MB/s)', '>=', 20],
  ['ingestPeakRssMB', 'Ingest peak RSS (MB)', null, null],
  ['ingestPoolMBps', 'Ingest + chunk on the worker pool (opt-in), MB/s', null, null],
  ['ingestPoolPeakRssMB', 'Ingest on the worker pool, peak RSS (MB)', null, null],
  ['chunkMidSentencePct', 'Chunks starting or ending mid-sentence, real docs, defaults (%)', '<=', 1],
  ['chunkBareHeadingEnds', 'Chunks ending on a bare heading', '<=', 0],
  ['chunkScrapPct', 'Chunks under 500 characters, documents longer than that (%)', '<=', 10],
  ['chunkRawRstPct', 'rst chunks with raw roles/directives shown to the model (%)', '<=', 0],
  ['chunkCutsInsideCode', 'Chunk boundaries inside a code block (only blocks over chunk_size)', null, null],
  ['evidenceWindowMidSentencePct', 'Evidence windows shown to the stages starting mid-sentence or inside code, real docs (%)', '<=', 2],
  ['evidenceWindowsAtOversizedCut', 'Evidence windows starting at a chunk cut inside a code block over chunk_size', null, null],
  ['evidenceElisionsInCode', 'Elisions (…) inside code blocks shown to the model', '<=', 0],
  ['evidenceContextMidSentencePct', 'Dataset contexts starting mid-sentence or inside code, real docs (%)', '<=', 2],
  ['webview10kLoadMs', 'Dataset editor: 10,000 pairs loaded (ms)', '<', 300],
  ['webview10kFilterMs', 'Dataset editor: 10,000 pairs filtered (ms)', '<', 50],
  ['dataset10kParseMs', 'Dataset file: parse 10,000 pairs (ms)', null, null],
  ['dataset10kSerializeMs', 'Dataset file: serialize 10,000 pairs (ms)', null, null],
  ['dataset10kMergeMs', 'Dataset file: merge + serialize 10,000 pairs (ms)', null, null],
  ['dataset10kCheckMs', 'Staleness check, 10,000 pairs (ms)', null, null],
  ['dataset10kCheckMovedMs', 'Staleness check, 10,000 moved pairs (ms)', null, null],
  ['dataset10kQualityMs', 'check --quality gates, 10,000 pairs (ms)', null, null],
  ['batchPairsEqualPct', 'Batch vs interactive, same corpus: pairs equal (%)', '>=', 95],
  ['batchLiveChatCalls', 'Batch run: live chat calls', '<=', 0],
  ['batchJobsSubmitted', 'Batch run: jobs submitted', null, null],
  ['batchCostRatio', 'Batch cost ÷ interactive cost', '<=', 0.5],
  ['batchInteractiveWallMs', 'Interactive run, wall time (ms)', null, null],
  ['batchWallMs', 'Batch run, wall time with a queue of 4 polls per status (ms)', null, null],
  ['batchQueueShareOfWall', 'Batch run: share of wall time in the provider queue', null, null],
  ['merge8x10kMs', 'qaforge merge, 8 shards × 10,000 pairs (ms)', null, null],
  ['merge8x10kAgainMs', 'qaforge merge again, 80,000 unchanged pairs (ms)', null, null],
  ['merge8x10kPeakRssMB', 'qaforge merge, 8 × 10,000 pairs, peak RSS (MB)', null, null],
];

function lastJsonLine(text) {
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const value = JSON.parse(line);
      if (value && typeof value === 'object') return value;
    } catch { /* not the result line */ }
  }
  return undefined;
}

const results = {};
for (const [bench, env = {}, renames = {}] of BENCHES) {
  const file = path.join(__dirname, bench);
  if (!fs.existsSync(file)) continue;
  process.stderr.write(`running ${bench} ${JSON.stringify(env)}…\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  const figures = lastJsonLine(run.stdout || '');
  if (run.status !== 0 || !figures) {
    process.stderr.write(`${bench} failed (exit ${run.status}); its figures are missing\n`);
    continue;
  }
  for (const [key, value] of Object.entries(figures)) results[renames[key] ?? key] = value;
}

const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : 'n/a');
// compared at the printed precision: a cost ratio of 0.5000000000000001 (float sums of prices) meets "<= 0.5"
const EPSILON = 1e-9;
const meets = (v, op, t) => (op === '<=' ? v <= t + EPSILON : op === '>=' ? v >= t - EPSILON : v < t);
console.log('| figure | key | value | target | |');
console.log('|---|---|---|---|---|');
for (const [key, label, op, target] of TARGETS) {
  const value = results[key];
  const verdict = op && typeof value === 'number' ? (meets(value, op, target) ? 'met' : 'MISSED') : '';
  console.log(`| ${label} | \`${key}\` | ${fmt(value)} | ${op ? `${op} ${target}` : ''} | ${verdict} |`);
}
fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, ...results }, null, 2) + '\n');
console.log(`\nwritten: bench/results.json`);
