/**
 * Latency benchmark: whole runs (40 pairs, enhancement allowed) against the local test double with a latency that
 * grows with the reply (fixed ms + ms per 1,000 reply characters, a model's decode speed) and its imitation of
 * provider prompt caching, at concurrency 1, 4, 8 and 16. Per concurrency: wall time, parallelism (model service
 * time ÷ wall), calls, mean reply characters per call, prompt and cached tokens per corpus token, calls per
 * validated pair. The double runs in its own process, as a real server would. Prints a JSON object on its last line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLlm } from '../src/core/llm/factory';
import { QAWorkflowGraph } from '../src/core/pipeline/workflow';
import { loadDocuments } from '../src/core/ingest';
import { countTokens } from '../src/core/text/tokens';
import type { TestEndpointStats } from '../test/support/testEndpoint';
import { writeCorpus } from './corpus';
import { startExternalEndpoint, type ExternalEndpoint } from './externalEndpoint';

const NUM_PAIRS = Number(process.env.BENCH_NUM_PAIRS ?? 40);
/**
 * The endpoint of issue 15 answered in 300 ms + 1 s per 1,000 reply characters; the same model here, so that the
 * pipeline's own CPU time (on a shared 2-core machine) weighs in the wall time about as much as it would for real.
 */
const FIXED_MS = Number(process.env.BENCH_LATENCY_FIXED_MS ?? 300);
const MS_PER_K_CHARS = Number(process.env.BENCH_LATENCY_MS_PER_KCHARS ?? 1000);
const CONCURRENCIES = (process.env.BENCH_LATENCY_CONCURRENCIES ?? '1,4,8,16').split(',').map(Number);


/** One whole run's figures. */
interface RunFigures {
  wallMs: number; serviceMs: number; parallelism: number; calls: number; replyCharsPerCall: number;
  promptPerCorpusToken: number; cachedPerCorpusToken: number; validated: number; callsPerValidatedPair: number;
}

async function run(endpoint: ExternalEndpoint, corpusDir: string, corpusTokens: number, concurrency: number): Promise<RunFigures> {
  await endpoint.control('faults', { reset: true, latencyModel: { fixedMs: FIXED_MS, msPerKChars: MS_PER_K_CHARS }, promptCache: true });
  await endpoint.control('reset-stats', {});
  const llm = createLlm({ provider: 'openai', baseURL: endpoint.url, model: 'gpt-4o-mini', apiKey: 'bench-key', cacheDir: null, concurrency });
  const { documents } = await loadDocuments([corpusDir], corpusDir);
  const started = performance.now();
  const result = await new QAWorkflowGraph({ llm, concurrency }).runFromDocuments(documents, { num_pairs: NUM_PAIRS });
  const wallMs = performance.now() - started;
  if (result.status !== 'completed') throw new Error(`bench run ended ${result.status}: ${result.errors.map((e) => e.message).join('; ')}`);
  const stats = await endpoint.control('stats') as TestEndpointStats;
  const validated = result.validatedQaPairs.length;
  return {
    wallMs: Math.round(wallMs),
    serviceMs: Math.round(stats.serviceMs),
    parallelism: stats.serviceMs / wallMs,
    calls: stats.answered,
    replyCharsPerCall: Math.round(stats.replyChars / Math.max(1, stats.answered)),
    promptPerCorpusToken: stats.promptTokens / corpusTokens,
    cachedPerCorpusToken: stats.cachedTokens / corpusTokens,
    validated,
    callsPerValidatedPair: stats.answered / Math.max(1, validated),
  };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-latency-'));
  const corpusDir = path.join(work, 'corpus');
  const files = writeCorpus(corpusDir);
  const corpusTokens = files.reduce((sum, f) => sum + countTokens(fs.readFileSync(f, 'utf8')), 0);
  const endpoint = await startExternalEndpoint();
  const figures: Record<string, number> = { latencyFixedMs: FIXED_MS, latencyMsPerKChars: MS_PER_K_CHARS, latencyNumPairs: NUM_PAIRS };
  try {
    for (const c of CONCURRENCIES) {
      const f = await run(endpoint, corpusDir, corpusTokens, c);
      process.stderr.write(`concurrency ${c}: ${JSON.stringify(f)}\n`);
      if (process.env.BENCH_LATENCY_BY_TASK) process.stderr.write(`  by task: ${JSON.stringify(((await endpoint.control('stats')) as TestEndpointStats).byTask)}\n`);
      figures[`latencyWallMs${c}`] = f.wallMs;
      figures[`latencyParallelism${c}`] = f.parallelism;
      figures[`latencyCalls${c}`] = f.calls;
      figures[`latencyReplyCharsPerCall${c}`] = f.replyCharsPerCall;
      figures[`latencyPromptPerCorpusToken${c}`] = f.promptPerCorpusToken;
      figures[`latencyCachedPerCorpusToken${c}`] = f.cachedPerCorpusToken;
      figures[`latencyCallsPerValidatedPair${c}`] = f.callsPerValidatedPair;
    }
    console.log(JSON.stringify(figures));
  } finally {
    endpoint.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
