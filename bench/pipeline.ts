/**
 * Pipeline benchmark: LLM calls per validated pair (against the reference implementation's call pattern),
 * prompt tokens per corpus token, call throughput against the ideal, and calls made by re-runs — all through
 * the real `openai` client over HTTP against the local OpenAI-compatible test double with a fixed latency.
 * Prints a JSON object on its last stdout line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../test/support/testEndpoint';
import { createLlm } from '../src/core/llm/factory';
import { QAWorkflowGraph } from '../src/core/pipeline/workflow';
import { loadDocuments } from '../src/core/ingest';
import { countTokens } from '../src/core/text/tokens';
import { TASK_SCHEMAS } from '../src/core/domain/taskSchemas';
import { resolveParams } from '../src/core/domain/params';
import { writeCorpus } from './corpus';
import { startExternalEndpoint } from './externalEndpoint';
import { PromptLedger, type TaskTokens } from './promptLedger';

const NUM_PAIRS = Number(process.env.BENCH_NUM_PAIRS ?? 40);
const PIPELINE_LATENCY_MS = 20;
const THROUGHPUT_LATENCY_MS = 100;

interface RunFigures { endpointCalls: number; validated: number; chunks: number; promptTokens: number; cacheHits: number; byKind: Record<string, TaskTokens> }

async function generate(endpoint: TestEndpoint, root: string, params: Record<string, unknown>, cacheDir: string | null): Promise<RunFigures> {
  const llm = createLlm({ provider: 'openai', baseURL: endpoint.url, model: endpoint.model, apiKey: 'bench-key', cacheDir, concurrency: 8 });
  const { documents } = await loadDocuments([root], root);
  const before = { calls: endpoint.stats.calls, prompt: endpoint.stats.promptTokens };
  const ledger = new PromptLedger();
  const result = await new QAWorkflowGraph({ llm: ledger.wrap(llm), concurrency: 8 }).runFromDocuments(documents, params);
  if (result.status !== 'completed') throw new Error(`bench run ended ${result.status}: ${result.errors.map((e) => e.message).join('; ')}`);
  return {
    endpointCalls: endpoint.stats.calls - before.calls,
    validated: result.validatedQaPairs.length,
    chunks: result.chunks.length,
    promptTokens: endpoint.stats.promptTokens - before.prompt,
    cacheHits: result.usage.cacheHits,
    byKind: ledger.byKind(),
  };
}


/** Calls achieved per second divided by the ideal (concurrency ÷ latency), over 8 × concurrency calls. */
async function throughputRatio(endpoint: { url: string }, concurrency: number): Promise<number> {
  const llm = createLlm({ provider: 'openai', baseURL: endpoint.url, model: 'qaforge-test-double', apiKey: 'bench-key', cacheDir: null, concurrency });
  const calls = 8 * concurrency;
  const call = (i: number) => {
    const input = { chunks: [{ chunk_id: `c${concurrency}-${i}`, text: `The gateway number ${i} retries failed requests ${i % 7 + 2} times before it gives up.`, max_statements: 1 }] };
    return llm.chatJson({
      task: 'extract_statements', promptVersion: 'bench', schema: TASK_SCHEMAS.extract_statements, input,
      messages: [
        { role: 'system', content: 'QA Forge task: extract_statements (prompt bench)\nExtract statements.' },
        { role: 'user', content: '```json\n' + JSON.stringify(input) + '\n```' },
      ],
    });
  };
  await call(-1); // warm-up: connection, tokenizer and schema compilation are not what is measured
  const started = performance.now();
  await Promise.all(Array.from({ length: calls }, (_, i) => call(i)));
  const seconds = (performance.now() - started) / 1000;
  return (calls / seconds) / (concurrency / (THROUGHPUT_LATENCY_MS / 1000));
}

async function throughputRatios(): Promise<Record<string, number>> {
  const external = await startExternalEndpoint(['--latency', String(THROUGHPUT_LATENCY_MS)]);
  try {
    return {
      throughputRatio1: await throughputRatio(external, 1),
      throughputRatio4: await throughputRatio(external, 4),
      throughputRatio16: await throughputRatio(external, 16),
    };
  } finally {
    external.stop();
  }
}

/**
 * Prompt and (estimated) cached prompt tokens per corpus token of each kind of call, flat keys for results.json:
 * `promptTokens_<kind>` and `cachedPromptTokens_<kind>` (kinds: the task ids, `top_up` for top-up question calls).
 */
function tokenBreakdown(byKind: Record<string, TaskTokens>, corpusTokens: number): Record<string, number> {
  const figures: Record<string, number> = {};
  let cached = 0;
  for (const [kind, t] of Object.entries(byKind)) {
    figures[`promptToCorpus_${kind}`] = t.promptTokens / corpusTokens;
    figures[`cachedPromptToCorpus_${kind}`] = t.cachedPromptTokens / corpusTokens;
    figures[`calls_${kind}`] = t.calls;
    cached += t.cachedPromptTokens;
  }
  figures.cachedPromptToCorpusTokens = cached / corpusTokens;
  return figures;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-bench-'));
  const corpusDir = path.join(work, 'corpus');
  const files = writeCorpus(corpusDir);
  const corpusTokens = files.reduce((sum, f) => sum + countTokens(fs.readFileSync(f, 'utf8')), 0);
  const endpoint = await startTestEndpoint();
  try {
    endpoint.faults.setLatency(PIPELINE_LATENCY_MS);
    const oneIteration = await generate(endpoint, corpusDir, { num_pairs: NUM_PAIRS, max_reflection_iterations: 0 }, null);
    const withEnhancement = await generate(endpoint, corpusDir, { num_pairs: NUM_PAIRS }, null);

    const cacheDir = path.join(work, 'cache');
    const full = await generate(endpoint, corpusDir, { num_pairs: NUM_PAIRS }, cacheDir);
    const unchanged = await generate(endpoint, corpusDir, { num_pairs: NUM_PAIRS }, cacheDir);
    fs.appendFileSync(files[0], '\n## Changelog\n\nThe Harbor gateway now rotates session tokens every 15 minutes.\n');
    const oneChanged = await generate(endpoint, corpusDir, { num_pairs: NUM_PAIRS }, cacheDir);

    const types = resolveParams().questionTypes.length;
    const referenceCalls = oneIteration.chunks + 1 * (types + 2 * NUM_PAIRS);
    const callsPerValidatedPair = oneIteration.endpointCalls / Math.max(1, oneIteration.validated);
    const referenceCallsPerPair = referenceCalls / NUM_PAIRS;
    const figures = {
      numPairs: NUM_PAIRS,
      corpusFiles: files.length,
      corpusTokens,
      chunks: oneIteration.chunks,
      validatedOneIteration: oneIteration.validated,
      callsOneIteration: oneIteration.endpointCalls,
      callsPerValidatedPair,
      callsPerValidatedPairWithEnhancement: withEnhancement.endpointCalls / Math.max(1, withEnhancement.validated),
      referenceCallsPerPair,
      callsRatioToReference: callsPerValidatedPair / referenceCallsPerPair,
      promptToCorpusTokens: oneIteration.promptTokens / corpusTokens,
      ...tokenBreakdown(oneIteration.byKind, corpusTokens),
      ...await throughputRatios(),
      fullRunCalls: full.endpointCalls,
      unchangedRerunCalls: unchanged.endpointCalls,
      oneFileChangedCalls: oneChanged.endpointCalls,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await endpoint.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
