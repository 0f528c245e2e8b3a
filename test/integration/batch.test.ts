/**
 * `qaforge generate --batch` end to end: the bundled CLI against the test double's Batch API (/v1/files,
 * /v1/batches) over real HTTP. A batch run makes no live chat call and writes the pairs an interactive run writes;
 * a process killed (SIGKILL) after its first job was submitted is started again and submits no job twice; failed
 * lines and invalid replies are retried in the next job; an expired job keeps what completed; the replies land in
 * the normal cache; `qaforge batch status|cancel` show and cancel the saved jobs.
 */
import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleCli, type CliBundle } from '../support/cliBundle';
import { parseDataset, pairsOf } from '../../src/core/dataset/file';
import { parseManifest } from '../../src/core/dataset/manifest';
import OpenAI, { toFile } from 'openai';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';

const ROOT = path.resolve(__dirname, '../..');

interface Run { code: number; stdout: string; stderr: string }

let cliJs = '';
let bundle: CliBundle | undefined;
let endpoint: TestEndpoint;

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_') && !k.startsWith('AZURE_OPENAI_') && k !== 'QAFORGE_MODEL'));
}

function qaforge(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { cwd, env: cleanEnv(), maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-batch-'));
  fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  return dir;
}

/** The generate command line of these tests; `extra` adds --batch and its knobs. */
function generateArgs(out: string, cache: string, extra: string[] = []): string[] {
  return ['generate', 'examples/docs', '--num-pairs', '30', '--chunk-size', '64', '--max-iterations', '1', '--base-url', endpoint.url, '--model', endpoint.model,
    '--cache-dir', cache, '--out', out, ...extra];
}
const BATCH = ['--batch', '--batch-poll', '0.02'];

/** What a pair is, without the run's bookkeeping: compared between interactive and batch runs. */
function pairsIn(ws: string, out: string): string[] {
  const entries = parseDataset(fs.readFileSync(path.join(ws, out), 'utf8'));
  return pairsOf(entries).map((p) => JSON.stringify({ id: p.id, question: p.question, answer: p.answer, contexts: p.contexts })).sort();
}

/** Every custom id submitted, with how many jobs held it. */
function submissions(): Map<string, number> {
  const seen = new Map<string, number>();
  for (const job of endpoint.batches.stats.jobs) for (const id of job) seen.set(id, (seen.get(id) ?? 0) + 1);
  return seen;
}

let interactive: string[] = [];

before(async function () {
  this.timeout(120000);
  bundle = await bundleCli();
  cliJs = bundle.cliJs;
  endpoint = await startTestEndpoint();
  const ws = workspace();
  const live = await qaforge(generateArgs('ds/live.qa.jsonl', 'cache'), ws);
  assert.equal(live.code, 0, live.stderr);
  interactive = pairsIn(ws, 'ds/live.qa.jsonl');
  assert.ok(interactive.length >= 3, `the interactive run gives pairs to compare with (${interactive.length})`);
});

after(async () => {
  await endpoint?.close();
  bundle?.remove();
});

beforeEach(() => {
  endpoint.resetStats();
  endpoint.batches.knobs.reset();
  endpoint.batches.stats.jobs.length = 0;
});

describe('qaforge generate --batch (OpenAI Batch API of the test double)', function () {
  this.timeout(120000);

  it('makes no live chat call, gives the pairs of an interactive run, and leaves the replies in the cache for a live run', async () => {
    const ws = workspace();
    const run = await qaforge(generateArgs('ds/batch.qa.jsonl', 'cache', BATCH), ws);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(endpoint.stats.calls, 0, 'no request reached /v1/chat/completions');
    assert.ok(endpoint.batches.stats.jobs.length >= 3, `one job per stage at least (${endpoint.batches.stats.jobs.length})`);
    assert.deepEqual(pairsIn(ws, 'ds/batch.qa.jsonl'), interactive);
    assert.match(run.stderr, /batch job batch-test-\d+: completed \d+\/\d+ done, 0 failed/);
    assert.match(run.stderr, /estimate: .*batch prices/);
    assert.ok([...submissions().values()].every((n) => n === 1), 'no request was submitted twice');

    const live = await qaforge(generateArgs('ds/again.qa.jsonl', 'cache'), ws);
    assert.equal(live.code, 0, live.stderr);
    assert.equal(endpoint.stats.calls, 0, 'the live run found every reply in the cache');
    assert.deepEqual(pairsIn(ws, 'ds/again.qa.jsonl'), interactive);
  });

  it('killed after its first job was submitted, a second run attaches to that job, submits nothing twice and finishes', async () => {
    const ws = workspace();
    endpoint.batches.knobs.hold(true);
    const child = spawn(process.execPath, [cliJs, ...generateArgs('ds/killed.qa.jsonl', 'cache', BATCH)], { cwd: ws, env: cleanEnv(), stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let waited = 0; endpoint.batches.stats.jobs.length === 0; waited += 20) {
      assert.ok(waited < 60000, 'the first run submitted a job');
      await new Promise((r) => setTimeout(r, 20));
    }
    // let it poll the held job a few times, then kill it as a crash would
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await exited;
    assert.equal(endpoint.batches.stats.jobs.length, 1, 'the killed run had submitted one job');
    const first = new Set(endpoint.batches.stats.jobs[0]);

    endpoint.batches.knobs.hold(false);
    const again = await qaforge(generateArgs('ds/killed.qa.jsonl', 'cache', BATCH), ws);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(endpoint.batches.stats.jobs.length > 1, 'the later stages ran as new jobs');
    for (const job of endpoint.batches.stats.jobs.slice(1)) {
      assert.ok(job.every((id) => !first.has(id)), 'no request of the first job was submitted again');
    }
    assert.ok([...submissions().values()].every((n) => n === 1), 'no request was submitted twice');
    assert.equal(endpoint.stats.calls, 0);
    assert.deepEqual(pairsIn(ws, 'ds/killed.qa.jsonl'), interactive);
  });

  it('retries failed lines and invalid replies in the next job of the stage', async () => {
    const ws = workspace();
    endpoint.batches.knobs.failLinesNext(1);
    const run1 = await qaforge(generateArgs('ds/failed.qa.jsonl', 'cache-failed', BATCH), ws);
    assert.equal(run1.code, 0, run1.stderr);
    assert.equal([...submissions().values()].filter((n) => n === 2).length, 1, 'the failed line was submitted once more, in a new job');
    assert.ok([...submissions().values()].every((n) => n <= 2));
    assert.deepEqual(pairsIn(ws, 'ds/failed.qa.jsonl'), interactive);

    endpoint.batches.stats.jobs.length = 0;
    endpoint.batches.knobs.invalidLinesNext(1);
    const run2 = await qaforge(generateArgs('ds/invalid.qa.jsonl', 'cache-invalid', BATCH), ws);
    assert.equal(run2.code, 0, run2.stderr);
    assert.equal([...submissions().values()].filter((n) => n === 2).length, 1, 'the invalid reply was asked again in a new job');
    assert.deepEqual(pairsIn(ws, 'ds/invalid.qa.jsonl'), interactive);
  });

  it('reports a request that failed in every job it was allowed (3) like a failed live call, and goes on', async () => {
    const ws = workspace();
    endpoint.batches.knobs.failLinesNext(3);
    // one stream and few statements: extraction is one request in its job, so the three failures hit that request
    const run = await qaforge([...generateArgs('ds/gave-up.qa.jsonl', 'cache', BATCH), '--concurrency', '1', '--statements-per-chunk', '1'], ws);
    assert.match(run.stderr, /got no reply from 3 batch jobs: server_error: test double: this line failed on purpose; the rest of the run goes on/);
    assert.equal(Math.max(...submissions().values()), 3, 'the request went into three jobs, no more');
    assert.equal(endpoint.stats.calls, 0);
  });

  it('keeps what an expired job completed and submits only the rest again', async () => {
    const ws = workspace();
    endpoint.batches.knobs.expireNextJob(1);
    const run = await qaforge(generateArgs('ds/expired.qa.jsonl', 'cache', BATCH), ws);
    assert.equal(run.code, 0, run.stderr);
    const jobs = endpoint.batches.stats.jobs;
    const at = jobs.findIndex((job) => job.length > 1);
    assert.ok(at >= 0, 'a job held more than one line (the one that expired)');
    const [expired, retry] = [jobs[at], jobs[at + 1]];
    assert.deepEqual(retry, expired.slice(1), 'the next job holds exactly the lines the expired job did not answer');
    assert.deepEqual(pairsIn(ws, 'ds/expired.qa.jsonl'), interactive);
  });

  it('costs half the live price (or the --batch-price given) and records the batch run and its job ids in the manifest', async () => {
    const ws = workspace();
    const price = ['--price', '10,20'];
    const manifestOf = (name: string) => parseManifest(fs.readFileSync(path.join(ws, `ds/${name}.qa.manifest.json`), 'utf8'));
    assert.equal((await qaforge(generateArgs('ds/live.qa.jsonl', 'cache-live', price), ws)).code, 0);
    const batch = await qaforge(generateArgs('ds/batch.qa.jsonl', 'cache-batch', [...BATCH, ...price]), ws);
    assert.equal(batch.code, 0, batch.stderr);
    const [live, batched] = [manifestOf('live'), manifestOf('batch')];
    assert.ok(live.stats.cost_usd > 0);
    assert.equal(batched.stats.prompt_tokens, live.stats.prompt_tokens, 'the same tokens were spent');
    assert.ok(Math.abs(batched.stats.cost_usd / live.stats.cost_usd - 0.5) < 1e-3, `batch cost ${batched.stats.cost_usd} is half of ${live.stats.cost_usd}`);
    assert.equal(live.batch, undefined);
    assert.equal(batched.batch?.job_ids.length, endpoint.batches.stats.jobs.length);
    assert.ok(batched.batch!.job_ids.every((id) => /^batch-test-\d+$/.test(id)));

    const override = await qaforge(generateArgs('ds/override.qa.jsonl', 'cache-override', [...BATCH, ...price, '--batch-price', '10,20']), ws);
    assert.equal(override.code, 0, override.stderr);
    assert.ok(Math.abs(manifestOf('override').stats.cost_usd - live.stats.cost_usd) < 1e-6, '--batch-price replaces the half price');
  });

  it('Ctrl+C while a job runs exits at once (exit 130) without waiting for the next poll, and a re-run picks the job up', async () => {
    const ws = workspace();
    endpoint.batches.knobs.hold(true);
    const child = spawn(process.execPath, [cliJs, ...generateArgs('ds/int.qa.jsonl', 'cache', ['--batch', '--batch-poll', '600'])], { cwd: ws, env: cleanEnv(), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    while (endpoint.batches.stats.jobs.length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    const interrupted = Date.now();
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.ok(Date.now() - interrupted < 10000, 'did not wait for the 600 s poll');
    endpoint.batches.knobs.hold(false);
    const again = await qaforge(generateArgs('ds/int.qa.jsonl', 'cache', BATCH), ws);
    assert.equal(again.code, 0, again.stderr);
    assert.ok([...submissions().values()].every((n) => n === 1), 'no request was submitted twice');
  });

  it('a job the provider fails for an unknown model stops the run with that reason', async () => {
    const ws = workspace();
    endpoint.batches.knobs.failNextJob('model_not_found');
    const run = await qaforge(generateArgs('ds/nomodel.qa.jsonl', 'cache', BATCH), ws);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /batch job batch-test-\d+ failed: model_not_found/);
    assert.equal(endpoint.batches.stats.jobs.length, 1, 'no other job was submitted after it');
  });

  it('an unknown model stops the run before any upload (preflight), with one clear line', async () => {
    const ws = workspace();
    const uploaded = endpoint.batches.stats.filesUploaded;
    const args = generateArgs('ds/unknown.qa.jsonl', 'cache', BATCH);
    args[args.indexOf('--model') + 1] = 'no-such-model';
    const run = await qaforge(args, ws);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /model no-such-model is not served by .*nothing was uploaded — check --model; nothing written/);
    assert.equal(endpoint.batches.stats.filesUploaded, uploaded, 'no file was uploaded');
    assert.equal(endpoint.batches.stats.jobs.length, 0);
  });

  it('--batch-file writes each job as JSONL in a folder, waits for the engine\'s output file there, and resumes after a kill', async () => {
    const ws = workspace();
    const dir = path.join(ws, 'jobs');
    const inputs = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^[^.]+\.jsonl$/.test(n) && !n.includes('.output.')).sort() : []);
    const args = ['generate', 'examples/docs', '--num-pairs', '30', '--chunk-size', '64', '--max-iterations', '1', '--model', endpoint.model,
      '--cache-dir', 'cache', '--out', 'ds/files.qa.jsonl', '--batch-file', 'jobs', '--batch-poll', '0.05'];
    // first run: no engine yet; killed while it waits for its first output file
    const child = spawn(process.execPath, [cliJs, ...args], { cwd: ws, env: cleanEnv(), stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    while (inputs().length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await exited;
    const first = inputs();
    assert.equal(first.length, 1);
    const line = JSON.parse(fs.readFileSync(path.join(dir, first[0]), 'utf8').split('\n')[0]) as { custom_id: string; method: string; url: string; body: { model: string; response_format: { type: string } } };
    assert.match(line.custom_id, /^[0-9a-f]{64}$/);
    assert.deepEqual([line.method, line.url, line.body.model, line.body.response_format.type], ['POST', '/v1/chat/completions', endpoint.model, 'json_schema']);

    // the engine: an independent runner of the files (here: the test double's Batch API through the openai package)
    const sdk = new OpenAI({ apiKey: 'no-key', baseURL: endpoint.url });
    let running = true;
    const engine = (async () => {
      while (running) {
        for (const name of inputs()) {
          const output = path.join(dir, name.replace(/\.jsonl$/, '.output.jsonl'));
          if (fs.existsSync(output)) continue;
          const file = await sdk.files.create({ file: await toFile(fs.readFileSync(path.join(dir, name)), name), purpose: 'batch' });
          let job = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
          while (job.status !== 'completed') job = await sdk.batches.retrieve(job.id);
          fs.writeFileSync(output, await (await sdk.files.content(job.output_file_id!)).text());
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const again = await qaforge(args, ws);
    running = false;
    await engine;
    assert.equal(again.code, 0, again.stderr);
    assert.equal(endpoint.stats.calls, 0);
    assert.deepEqual(pairsIn(ws, 'ds/files.qa.jsonl'), interactive);
    assert.deepEqual(inputs().slice(0, 1), first, 'the first job\'s file was picked up, not written again');
    assert.ok([...submissions().values()].every((n) => n === 1), 'no request was written into two files');
  });

  it('qaforge batch status and cancel show and cancel the saved jobs of a dataset', async () => {
    const ws = workspace();
    endpoint.batches.knobs.hold(true);
    const child = spawn(process.execPath, [cliJs, ...generateArgs('ds/held.qa.jsonl', 'cache', BATCH)], { cwd: ws, env: cleanEnv(), stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    while (endpoint.batches.stats.jobs.length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await exited;
    const common = ['--base-url', endpoint.url, '--cache-dir', 'cache', '--out', 'ds/held.qa.jsonl'];
    const status = await qaforge(['batch', 'status', ...common], ws);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /batch-test-\d+\s+in_progress\s+0\/\d+ done, 0 failed/);
    const cancel = await qaforge(['batch', 'cancel', ...common], ws);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.equal(endpoint.batches.stats.cancels, 1);
    assert.match(cancel.stdout, /cancelling/);
    const none = await qaforge(['batch', 'status', '--base-url', endpoint.url, '--cache-dir', 'cache', '--out', 'ds/other.qa.jsonl'], ws);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /no batch jobs/);
  });
});
