/**
 * `qaforge` against Azure OpenAI, end to end: the bundled CLI as a process, the test double's Azure paths over real
 * HTTP (`/openai/deployments/{d}/chat/completions?api-version=…`, `/openai/files`, `/openai/batches`, the `api-key`
 * header). An interactive `generate --provider azure-openai` writes a dataset through the chat deployment; a
 * `--batch` run gives the same pairs through the global batch deployment with no live chat call; `qaforge batch
 * status|cancel` reach the Azure jobs and leave runs of other endpoints alone. OPENAI_BASE_URL and OPENAI_API_KEY
 * are set to another endpoint throughout: Azure must neither use nor send them.
 */
import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleCli, type CliBundle } from '../support/cliBundle';
import { parseDataset, pairsOf } from '../../src/core/dataset/file';
import { parseManifest } from '../../src/core/dataset/manifest';
import { DEFAULT_AZURE_API_VERSION } from '../../src/core/llm/defaults';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';

const ROOT = path.resolve(__dirname, '../..');
const KEY = 'azure-cli-key-789';
const OPENAI_KEY = 'sk-not-for-azure-000';

interface Run { code: number; stdout: string; stderr: string }

let bundle: CliBundle | undefined;
let endpoint: TestEndpoint;

/** The environment of these runs: the Azure key, and an OpenAI-compatible endpoint that must go unused. */
function env(): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_') && !k.startsWith('AZURE_OPENAI_') && k !== 'QAFORGE_MODEL'));
  return { ...clean, AZURE_OPENAI_API_KEY: KEY, OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
}

function qaforge(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle!.cliJs, ...args], { cwd, env: env(), maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-azure-'));
  fs.cpSync(path.join(ROOT, 'examples/docs'), path.join(dir, 'docs'), { recursive: true });
  return dir;
}

/** A small generate against the double's Azure paths; `extra` adds --batch and its knobs. */
function generateArgs(out: string, extra: string[] = []): string[] {
  return ['generate', 'docs', '--num-pairs', '6', '--chunk-size', '64', '--max-iterations', '1', '--provider', 'azure-openai',
    '--azure-endpoint', endpoint.azureEndpoint, '--azure-deployment', 'chat-live', '--cache-dir', 'cache', '--out', out, ...extra];
}
const BATCH = ['--batch', '--batch-poll', '0.02', '--azure-batch-deployment', 'chat-batch'];

function pairsIn(ws: string, out: string): string[] {
  const entries = parseDataset(fs.readFileSync(path.join(ws, out), 'utf8'));
  return pairsOf(entries).map((p) => JSON.stringify({ id: p.id, question: p.question, answer: p.answer, contexts: p.contexts })).sort();
}

describe('qaforge against Azure OpenAI (the test double\'s Azure paths)', function () {
  this.timeout(120000);
  let interactive: string[] = [];

  before(async function () {
    this.timeout(120000);
    bundle = await bundleCli();
    endpoint = await startTestEndpoint();
    endpoint.faults.requireApiKey(KEY);
  });
  after(async () => {
    await endpoint?.close();
    bundle?.remove();
  });
  beforeEach(() => {
    endpoint.resetStats();
    endpoint.batches.knobs.reset();
    endpoint.batches.stats.jobs.length = 0;
    endpoint.batches.stats.lineModels.length = 0;
  });

  it('generate --provider azure-openai writes a dataset through the chat deployment, with the Azure key only', async () => {
    const ws = workspace();
    const run = await qaforge(generateArgs('ds/live.qa.jsonl'), ws);
    assert.equal(run.code, 0, run.stderr);
    interactive = pairsIn(ws, 'ds/live.qa.jsonl');
    assert.ok(interactive.length >= 3, `pairs written (${interactive.length})`);
    assert.ok(endpoint.stats.calls > 0);
    assert.equal(endpoint.stats.azureDeploymentCalls.length, endpoint.stats.calls, 'every chat call came by an Azure deployment path');
    assert.ok(endpoint.stats.azureDeploymentCalls.every((c) => c.deployment === 'chat-live' && c.apiVersion === DEFAULT_AZURE_API_VERSION));
    assert.ok(endpoint.stats.authorizations.every((a) => a === `Bearer ${KEY}`), 'the Azure key, as api-key, on every request; never OPENAI_API_KEY');
    const manifest = parseManifest(fs.readFileSync(path.join(ws, 'ds/live.qa.manifest.json'), 'utf8'));
    assert.deepEqual([manifest.provider, manifest.model], ['azure-openai', 'chat-live']);
    // a deployment name not in the price table: the cost is said to be unknown, as for a custom OpenAI model
    assert.match(run.stderr, /estimate: .*cost unknown \(no price for chat-live; see --price\)/);
  });

  it('generate --batch runs on the Azure global batch deployment: no live chat call, the same pairs', async () => {
    const ws = workspace();
    const run = await qaforge(generateArgs('ds/batch.qa.jsonl', [...BATCH, '--price', '10,20']), ws);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(endpoint.stats.calls, 0, 'no live chat call');
    assert.ok(endpoint.batches.stats.jobs.length >= 3, `one job per stage at least (${endpoint.batches.stats.jobs.length})`);
    assert.ok(endpoint.batches.stats.lineModels.every((m) => m === 'chat-batch'), 'each line names the global batch deployment');
    assert.ok(endpoint.batches.stats.azureRequests >= 3, 'uploads, jobs and polls came by /openai/files|batches');
    assert.ok(endpoint.stats.authorizations.every((a) => a === `Bearer ${KEY}`));
    assert.match(run.stderr, /estimate: .*≈ \$[\d.]+ \(batch prices, /);
    assert.deepEqual(pairsIn(ws, 'ds/batch.qa.jsonl'), interactive);
    const manifest = parseManifest(fs.readFileSync(path.join(ws, 'ds/batch.qa.manifest.json'), 'utf8'));
    assert.equal(manifest.batch?.job_ids.length, endpoint.batches.stats.jobs.length);
  });

  it('qaforge batch status and cancel reach the Azure jobs; an OpenAI-compatible endpoint alone does not ask them', async () => {
    const ws = workspace();
    endpoint.batches.knobs.hold(true);
    const child = spawn(process.execPath, [bundle!.cliJs, ...generateArgs('ds/held.qa.jsonl', BATCH)], { cwd: ws, env: env(), stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    while (endpoint.batches.stats.jobs.length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await exited;
    const common = ['--cache-dir', 'cache', '--out', 'ds/held.qa.jsonl'];

    const elsewhere = await qaforge(['batch', 'status', ...common, '--base-url', endpoint.url], ws);
    assert.equal(elsewhere.code, 0, elsewhere.stderr);
    assert.match(elsewhere.stdout, /\(saved status: 127\.0\.0\.1:\d+\/chat-live is not the endpoint configured here, so it was not asked\)/);
    const retrievals = endpoint.batches.stats.retrievals;

    const status = await qaforge(['batch', 'status', ...common, '--azure-endpoint', endpoint.azureEndpoint], ws);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /chat-live at 127\.0\.0\.1:\d+\/chat-live/);
    assert.match(status.stdout, /batch-test-\d+\s+in_progress\s+0\/\d+ done, 0 failed/);
    assert.ok(endpoint.batches.stats.retrievals > retrievals, 'the job was asked at Azure');

    const cancel = await qaforge(['batch', 'cancel', ...common, '--azure-endpoint', endpoint.azureEndpoint], ws);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.equal(endpoint.batches.stats.cancels, 1);
    assert.match(cancel.stdout, /cancelling/);
    assert.ok(endpoint.stats.authorizations.every((a) => a === `Bearer ${KEY}`));
  });
});
