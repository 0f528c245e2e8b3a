/**
 * Batch benchmark: the same corpus run interactively and as batch jobs (generate --batch) through the core's
 * generate use case against the test double (real HTTP, the `openai` package). Prints pairs of each run (equal),
 * live chat calls in the batch run (0), jobs submitted, the cost ratio batch ÷ interactive (0.5 at the default
 * batch price) and wall times — with a provider queue that keeps each job a few polls per status, so the batch
 * run's time is the queue's. Prints a JSON object on its last stdout line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTestEndpoint } from '../test/support/testEndpoint';
import { createLlm, type BatchConfig } from '../src/core/llm/factory';
import { batchStateFile } from '../src/core/llm/batch/state';
import { loadDocuments } from '../src/core/ingest';
import { resolveParams } from '../src/core/domain/params';
import { generateDataset } from '../src/core/usecases/generateDataset';
import { writeCorpus } from './corpus';
import { BATCH_CONCURRENCY } from '../src/core/usecases/batchRun';

const NUM_PAIRS = Number(process.env.BENCH_NUM_PAIRS ?? 40);
const POLL_MS = 50;
const POLLS_PER_STATUS = 4;
const PRICE = { inputPerMTok: 0.15, outputPerMTok: 0.6 };

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-bench-batch-'));
  const endpoint = await startTestEndpoint();
  try {
    const root = path.join(base, 'corpus');
    writeCorpus(root, 12, 1500, 17);
    const { documents } = await loadDocuments([root], root);
    const params = resolveParams({ numPairs: NUM_PAIRS, maxReflectionIterations: 1 });
    const run = async (name: string, batch?: BatchConfig) => {
      const llm = createLlm({
        provider: 'openai', baseURL: endpoint.url, model: endpoint.model, apiKey: 'bench-key', cacheDir: path.join(base, `cache-${name}`),
        prices: { [endpoint.model]: PRICE }, concurrency: 8, batch,
      });
      const datasetPath = path.join(base, `${name}.qa.jsonl`);
      const before = { calls: endpoint.stats.calls, jobs: endpoint.batches.stats.jobs.length };
      const started = performance.now();
      const generated = await generateDataset({
        sources: { documents, sessions: [] }, target: { datasetPath, datasetRoot: root, sourceRoot: root }, params, llm,
        // a batch run queues a whole stage at once but splits it as a live run at concurrency 8 would (same requests)
        concurrency: batch ? BATCH_CONCURRENCY : 8, splitCalls: 8, batchJobIds: llm.batchJobs,
      });
      return {
        wallMs: performance.now() - started, result: generated.result,
        liveCalls: endpoint.stats.calls - before.calls, jobs: endpoint.batches.stats.jobs.length - before.jobs,
        pairs: fs.readFileSync(datasetPath, 'utf8'),
      };
    };
    const interactive = await run('interactive');
    endpoint.batches.knobs.setPollsPerStatus(POLLS_PER_STATUS);
    const cacheDir = path.join(base, 'cache-batch');
    const batch = await run('batch', { stateFile: batchStateFile(cacheDir, path.join(base, 'batch.qa.jsonl')), dataset: path.join(base, 'batch.qa.jsonl'), pollMs: POLL_MS });
    const pairsOf = (text: string) => text.trim().split('\n').map((l) => { const p = JSON.parse(l) as { id: string; question: string; answer: string }; return `${p.id}\u0000${p.question}\u0000${p.answer}`; }).sort();
    const a = pairsOf(interactive.pairs);
    const b = new Set(pairsOf(batch.pairs));
    const same = a.filter((p) => b.has(p)).length;
    const stages = batch.result.currentIteration + 1;
    const queueMs = batch.jobs * 3 * POLLS_PER_STATUS * POLL_MS;
    const figures = {
      batchInteractivePairs: interactive.result.qaPairs.length,
      batchPairs: batch.result.qaPairs.length,
      batchPairsEqualPct: a.length ? (100 * same) / a.length : 0,
      batchLiveChatCalls: batch.liveCalls,
      batchJobsSubmitted: batch.jobs,
      batchStageRounds: stages,
      batchCostRatio: interactive.result.usage.costUsd ? batch.result.usage.costUsd / interactive.result.usage.costUsd : 0,
      batchInteractiveWallMs: Math.round(interactive.wallMs),
      batchWallMs: Math.round(batch.wallMs),
      batchQueueShareOfWall: queueMs / batch.wallMs,
    };
    console.log(`| interactive pairs | batch pairs | equal | live calls in batch | jobs | cost ratio | wall interactive | wall batch | queue share |`);
    console.log(`| ${figures.batchInteractivePairs} | ${figures.batchPairs} | ${figures.batchPairsEqualPct.toFixed(1)}% | ${figures.batchLiveChatCalls} | ${figures.batchJobsSubmitted} | ${figures.batchCostRatio.toFixed(3)} | ${figures.batchInteractiveWallMs} ms | ${figures.batchWallMs} ms | ${figures.batchQueueShareOfWall.toFixed(2)} |`);
    console.log(JSON.stringify(figures));
  } finally {
    await endpoint.close();
    fs.rmSync(base, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
