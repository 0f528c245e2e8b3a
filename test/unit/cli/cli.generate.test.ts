import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitCodeOf, runGenerate, type GenerateJob } from '../../../src/cli/generate/job';
import { estimateLine } from '../../../src/cli/generate/estimate';
import { EXIT } from '../../../src/cli/errors';
import { parseDataset, pairsOf } from '../../../src/core/dataset/file';
import { parseManifest } from '../../../src/core/dataset/manifest';
import { BudgetExceededError, FatalLlmError, type LlmPort, type StructuredReply, type StructuredRequest } from '../../../src/core/llm/port';
import { OfflineEngine } from '../../../src/core/llm/offline/engine';
import { resolveParams } from '../../../src/core/domain/params';
import type { ValidatePairsOutput } from '../../../src/core/domain/tasks';
import { KETTLE_DOC } from '../support/datasetFixtures';

/**
 * The offline engine, stopping with BudgetExceededError once `allowed` calls were made. Its first-pass verdicts
 * have the `clear` criterion capped at 0.5 (a score of at most 0.9), so a strict threshold leaves pairs below it whatever the
 * engine's heuristics score; revised versions keep the engine's own scores.
 */
function budgeted(allowed: number): LlmPort & { calls: number } {
  const engine = new OfflineEngine();
  let validations = 0;
  const port = {
    provider: 'offline', model: engine.model, calls: 0,
    async chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
      if (port.calls >= allowed) throw new BudgetExceededError(0.02, 0.01);
      port.calls++;
      const reply = await engine.chatJson<T>(request);
      if (request.task !== 'validate_pairs' || validations++ > 0) return reply;
      const value = reply.value as unknown as ValidatePairsOutput;
      return { ...reply, value: { verdicts: value.verdicts.map((v) => ({ ...v, clear: Math.min(v.clear, 0.5) })) } as unknown as T };
    },
  };
  return port;
}

/** The offline engine until `allowed` calls were made, then a refused key on every call; counts the calls tried. */
function keyRevoked(allowed: number): LlmPort & { tried: number } {
  const engine = budgeted(Number.POSITIVE_INFINITY);
  const port = {
    provider: 'openai', model: 'm', tried: 0,
    async chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
      port.tried++;
      if (port.tried > allowed) throw new FatalLlmError('auth', 'the endpoint answered 401: key refused. Check the API key', 401);
      return engine.chatJson<T>(request);
    },
  };
  return port;
}

describe('qaforge generate job', function () {
  this.timeout(30000);
  let dir: string;
  const DOC = KETTLE_DOC;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-job-'));
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs/kettle.md'), DOC);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const job = (llm: LlmPort, over: Partial<GenerateJob> = {}): GenerateJob => ({
    paths: [path.join(dir, 'docs')], sessionFiles: [], out: path.join(dir, 'ds/k.qa.jsonl'), root: dir,
    params: resolveParams({ numPairs: 3, validationThreshold: 0.99, maxReflectionIterations: 2 }),
    llm, ingest: {}, replaceReviewed: false, verbose: false, log: () => undefined, ...over,
  });

  it('keeps the pairs produced before the budget ran out, and says so with exit 4', async () => {
    const unlimited = budgeted(1000);
    const full = (await runGenerate(job(unlimited, { out: path.join(dir, 'ds/full.qa.jsonl') })))!;
    assert.equal(full.result.status, 'completed');
    assert.ok(full.result.currentIteration >= 1, 'the strict threshold makes the run enhance');
    // The budget runs out at the last call, during enhancement, after the first pass produced pairs.
    const outcome = (await runGenerate(job(budgeted(unlimited.calls - 1))))!;
    assert.equal(outcome.result.status, 'budget-exceeded');
    assert.equal(exitCodeOf(outcome.result), EXIT.partial);
    const pairs = pairsOf(parseDataset(fs.readFileSync(path.join(dir, 'ds/k.qa.jsonl'), 'utf8')));
    assert.ok(pairs.length > 0, 'pairs of the first pass are written');
    assert.equal(parseManifest(fs.readFileSync(path.join(dir, 'ds/k.qa.manifest.json'), 'utf8')).stats.status, 'budget-exceeded');
  });

  it('records root-relative paths and the manifest root relative to the dataset folder', async () => {
    await runGenerate(job(budgeted(1000), { params: resolveParams({ numPairs: 2 }) }));
    const pairs = pairsOf(parseDataset(fs.readFileSync(path.join(dir, 'ds/k.qa.jsonl'), 'utf8')));
    assert.ok(pairs.every((p) => 'path' in p.source && p.source.path === 'docs/kettle.md'));
    const manifest = parseManifest(fs.readFileSync(path.join(dir, 'ds/k.qa.manifest.json'), 'utf8'));
    assert.equal(manifest.root, '..');
    assert.deepEqual(Object.keys(manifest.sources), ['docs/kettle.md']);
  });

  it('--validated-only leaves out the pairs below the threshold', async () => {
    const outcome = (await runGenerate(job(budgeted(1000), { validatedOnly: true, params: resolveParams({ numPairs: 3, validationThreshold: 0.99, maxReflectionIterations: 0 }) })))!;
    const written = pairsOf(parseDataset(fs.readFileSync(path.join(dir, 'ds/k.qa.jsonl'), 'utf8'))).map((p) => p.id).sort();
    assert.deepEqual(written, outcome.result.validatedQaPairs.map((p) => p.id).sort());
    assert.ok(outcome.result.rejectedQaPairs.length > 0, 'the strict threshold leaves some pairs below it');
  });

  it('a refused key stops the run at once: one error naming it, exit 3, nothing written, no further calls', async () => {
    fs.writeFileSync(path.join(dir, 'docs/second.md'), DOC.replace(/kettle/g, 'toaster'));
    const chat = path.join(dir, 'chat.json');
    fs.writeFileSync(chat, JSON.stringify([{ role: 'user', content: 'How long is the warranty?' }, { role: 'assistant', content: 'Two years from purchase.' }]));
    const llm = keyRevoked(0);
    await assert.rejects(runGenerate(job(llm, { sessionFiles: [chat], concurrency: 1 })),
      (e: Error & { exitCode?: number }) => /401: key refused\. Check the API key; nothing written$/.test(e.message) && e.exitCode === EXIT.failed);
    assert.equal(llm.tried, 1, 'no call after the refused one (and no sessions run after it)');
    assert.equal(fs.existsSync(path.join(dir, 'ds/k.qa.jsonl')), false);
  });

  it('a key refused mid-run keeps the pairs produced before, as a failed run (exit 4)', async () => {
    const unlimited = budgeted(1000);
    await runGenerate(job(unlimited, { out: path.join(dir, 'ds/full.qa.jsonl') }));
    const lines: string[] = [];
    const llm = keyRevoked(unlimited.calls - 1);
    const outcome = (await runGenerate(job(llm, { log: (l) => lines.push(l) })))!;
    assert.equal(outcome.result.status, 'failed');
    assert.equal(exitCodeOf(outcome.result), EXIT.partial);
    assert.ok(outcome.total > 0);
    assert.ok(lines.some((l) => /^error: .*401: key refused.*stopped the run and kept the \d+ pairs? produced before$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^run failed in /.test(l)) && !lines.some((l) => /^run cancelled/.test(l)), 'the progress says failed, not cancelled');
  });

  it('a budget reached before any pair is exit 4 with a line that says nothing was written', async () => {
    await assert.rejects(runGenerate(job(budgeted(0))), (e: Error & { exitCode?: number }) =>
      /^the budget was reached before any pair was produced \(\$0\.0000 spent\); nothing written\. Raise --budget/.test(e.message) && e.exitCode === EXIT.partial);
    assert.equal(fs.existsSync(path.join(dir, 'ds/k.qa.jsonl')), false);
  });

  it('prints an estimate of calls, tokens and cost before a run against a model, priced or said to be unknown', async () => {
    const lines: string[] = [];
    await runGenerate(job(budgeted(1000), { log: (l) => lines.push(l), estimate: { name: 'gpt-4o-mini', free: false } }));
    const before = lines.findIndex((l) => /^estimate: ≈ \d+ calls, ≈ [\d,]+ tokens, ≈ \$0\.\d{4} \(before the cache/.test(l));
    assert.ok(before >= 0, lines.join('\n'));
    const params = resolveParams({ numPairs: 3 });
    assert.match(estimateLine(['Some text. '.repeat(200)], params, { name: 'my-model', free: false }), /cost unknown \(no price for my-model; see --price\)/);
    assert.match(estimateLine(['Some text. '.repeat(200)], params, { name: 'my-model', free: false, prices: { 'my-model': { inputPerMTok: 1, outputPerMTok: 1 } } }), /≈ \$0\.\d{4}/);
    assert.match(estimateLine(['Some text.'], params, { name: 'gpt-4o', free: true }), /\$0 \(local endpoint\)/);
  });

  it('checks the inputs and --out before any model call', async () => {
    const llm = budgeted(1000);
    await assert.rejects(runGenerate(job(llm, { paths: [path.join(dir, 'nope')] })), /nope does not exist; give folders or files to read/);
    await assert.rejects(runGenerate(job(llm, { sessionFiles: [path.join(dir, 'chat.jsonl')] })), /chat\.jsonl does not exist/);
    fs.writeFileSync(path.join(dir, 'plain'), 'a file, not a folder');
    await assert.rejects(runGenerate(job(llm, { out: path.join(dir, 'plain/k.qa.jsonl') })), /cannot write --out .*plain\/k\.qa\.jsonl: .*plain \(or a folder above it\) is a file; choose a file in a folder you can write to/);
    fs.mkdirSync(path.join(dir, 'dir.qa.jsonl'));
    await assert.rejects(runGenerate(job(llm, { out: path.join(dir, 'dir.qa.jsonl') })), /cannot write --out .*: it is a folder/);
    assert.equal(llm.calls, 0);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('qaforge-write-test')), []);
  });

  it('refuses to merge into a file that is not a dataset', async () => {
    fs.mkdirSync(path.join(dir, 'ds'));
    fs.writeFileSync(path.join(dir, 'ds/k.qa.jsonl'), 'hello\nworld\n');
    await assert.rejects(runGenerate(job(budgeted(1000))), /has no valid dataset line; choose another --out/);
    assert.equal(fs.readFileSync(path.join(dir, 'ds/k.qa.jsonl'), 'utf8'), 'hello\nworld\n');
  });
});
