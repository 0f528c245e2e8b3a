/**
 * The `qaforge` command end to end, as a user runs it: the CLI bundled by esbuild (the same options as
 * esbuild.js's CLI target) and run with node in a copy of examples/, offline and against the local
 * OpenAI-compatible test endpoint over real HTTP.
 */
import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleCli, type CliBundle } from '../support/cliBundle';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { parseDataset, pairsOf, serializeDataset } from '../../src/core/dataset/file';
import { parseManifest } from '../../src/core/dataset/manifest';
import { isSessionSource, type DatasetPair } from '../../src/core/dataset/types';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';

const ROOT = path.resolve(__dirname, '../..');

interface Run { code: number; stdout: string; stderr: string }

let cliJs = '';
let bundle: CliBundle;

/** Runs the bundled CLI asynchronously (the test endpoint lives in this process and must keep serving). */
function qaforge(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_') && !k.startsWith('AZURE_OPENAI_') && k !== 'QAFORGE_MODEL'));
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { cwd, env: { ...clean, ...env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Spawns the bundled CLI and calls `watch` with its stderr so far on every chunk of it (to interrupt the run or
 * pull the endpoint away at a chosen moment); resolves with the exit code and the whole stderr.
 */
function watchQaforge(args: string[], cwd: string, watch: (stderr: string, child: ChildProcess) => void): Promise<{ code: number | null; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_') && !k.startsWith('AZURE_OPENAI_')));
  const child = spawn(process.execPath, [cliJs, ...args], { cwd, env: clean });
  let stderr = '';
  return new Promise((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      watch(stderr, child);
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/**
 * Runs `test` with a test endpoint of its own (answering after `latencyMs`) and a fresh workspace, for the tests
 * that interrupt a run or take the endpoint away; both are removed afterwards, the endpoint also when the test closed it.
 */
async function withOwnEndpoint(latencyMs: number, test: (endpoint: TestEndpoint, ws: string) => Promise<void>): Promise<void> {
  const endpoint = await startTestEndpoint();
  const ws = workspace();
  endpoint.faults.setLatency(latencyMs);
  try {
    await test(endpoint, ws);
  } finally {
    await endpoint.close().catch(() => undefined);
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-e2e-'));
  fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  return dir;
}

function readPairs(file: string): DatasetPair[] {
  const entries = parseDataset(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(entries.filter((e) => e.kind === 'invalid'), [], 'every written line is valid');
  return pairsOf(entries);
}

before(async function () {
  this.timeout(120000);
  bundle = await bundleCli();
  cliJs = bundle.cliJs;
});

after(() => bundle.remove());

describe('qaforge end to end (offline engine)', function () {
  this.timeout(120000);
  let ws: string;
  let dataset: string;
  let first: Run;

  before(async () => {
    ws = workspace();
    dataset = path.join(ws, 'datasets/kestrel.qa.jsonl');
    first = await qaforge(['generate', 'examples/docs', '--sessions', 'examples/transcripts/support-chat.json', '--num-pairs', '10', '--no-cache', '--out', 'datasets/kestrel.qa.jsonl'], ws);
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('generate: exit 0, a notice, progress on stderr and a summary on stdout', () => {
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^notice: no model configured .*offline heuristic engine/m);
    assert.match(first.stderr, /\[documents\] ExtractStatements: \d+ in → \d+ out .*\| calls \d+/);
    assert.match(first.stderr, /\[sessions\] ValidateQAPairs:/);
    assert.match(first.stdout, /^datasets\/kestrel\.qa\.jsonl: \d+ pairs \(\d+ added, 0 replaced/);
  });

  it('generate: writes valid pairs from the documents (German ones in German) and from the transcript', () => {
    const pairs = readPairs(dataset);
    assert.ok(pairs.length >= 8, `${pairs.length} pairs`);
    assert.ok(pairs.every((p) => p.status === 'draft' && p.generator.provider === 'offline'));
    const german = pairs.filter((p) => !isSessionSource(p.source) && p.source.path === 'examples/docs/schnellstart.de.md');
    assert.ok(german.length > 0, 'a pair from the German document');
    assert.ok(german.some((p) => /[äöüß]|\b(der|die|das|ist|Was|Wie)\b/.test(p.question)), german.map((p) => p.question).join(' | '));
    assert.ok(pairs.some((p) => isSessionSource(p.source) && p.source.session_file === 'examples/transcripts/support-chat.json'));
  });

  it('generate: writes a valid manifest with params, sources and stats', () => {
    const manifest = parseManifest(fs.readFileSync(path.join(ws, 'datasets/kestrel.qa.manifest.json'), 'utf8'));
    assert.equal(manifest.root, '..');
    assert.equal(manifest.params.num_pairs, 10);
    assert.equal(manifest.provider, 'offline');
    assert.ok(manifest.sources['examples/docs/warranty.txt']);
    assert.ok(manifest.sources['examples/transcripts/support-chat.json']);
    assert.equal(manifest.stats.status, 'completed');
  });

  it('generate again: same bytes, and reviewed pairs survive a regeneration', async () => {
    const before = fs.readFileSync(dataset, 'utf8');
    const again = await qaforge(['generate', 'examples/docs', '--sessions', 'examples/transcripts/support-chat.json', '--num-pairs', '10', '--no-cache', '--out', 'datasets/kestrel.qa.jsonl'], ws);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /\(0 added, 0 replaced, \d+ unchanged/);
    assert.equal(fs.readFileSync(dataset, 'utf8'), before);

    const entries = parseDataset(before);
    const target = entries.find((e) => e.kind === 'pair')!;
    if (target.kind !== 'pair') throw new Error('no pair');
    target.pair = { ...target.pair, answer: 'Edited by a reviewer.', status: 'edited' };
    fs.writeFileSync(dataset, serializeDataset(entries));
    await qaforge(['generate', 'examples/docs', '--sessions', 'examples/transcripts/support-chat.json', '--num-pairs', '10', '--no-cache', '--out', 'datasets/kestrel.qa.jsonl'], ws);
    const kept = readPairs(dataset).find((p) => p.id === target.pair.id)!;
    assert.equal(kept.answer, 'Edited by a reviewer.');
    assert.equal(kept.status, 'edited');
  });

  it('check: ok, then stale with exit 1 after a source edit, and moved is fine', async () => {
    const ok = await qaforge(['check', 'datasets/kestrel.qa.jsonl'], ws);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^datasets\/kestrel\.qa\.jsonl: ok: \d+ pairs, sources current\n$/);

    const pairs = readPairs(dataset);
    const victim = pairs.find((p) => !isSessionSource(p.source) && p.source.path === 'examples/docs/warranty.txt')!;
    assert.ok(victim, 'a pair from warranty.txt');
    const file = path.join(ws, 'examples/docs/warranty.txt');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const src = victim.source as { start_line: number };
    lines[src.start_line - 1] = `${lines[src.start_line - 1]} (changed)`;
    fs.writeFileSync(file, lines.join('\n'));
    const guide = path.join(ws, 'examples/docs/troubleshooting.md');
    fs.writeFileSync(guide, `> New banner line.\n\n${fs.readFileSync(guide, 'utf8')}`);

    const stale = await qaforge(['check', 'datasets/kestrel.qa.jsonl'], ws);
    assert.equal(stale.code, 1);
    const problems = stale.stdout.trim().split('\n');
    assert.ok(problems.length >= 1);
    for (const p of problems) assert.match(p, /^datasets\/kestrel\.qa\.jsonl:\d+: stale: examples\/docs\/warranty\.txt:\d+(-\d+)? changed or was deleted \(pair [0-9a-f]+\)$/);
    assert.ok(problems.some((p) => p.includes(`(pair ${victim.id})`)));
    if (pairs.some((p) => !isSessionSource(p.source) && p.source.path === 'examples/docs/troubleshooting.md')) {
      assert.match(stale.stderr, /: moved: examples\/docs\/troubleshooting\.md/);
    }
  });

  it('export: every format parses back with the non-rejected pairs', async () => {
    const pairs = readPairs(dataset);
    const expected = pairs.filter((p) => p.status !== 'rejected').map((p) => p.question);
    const read = (name: string): string => fs.readFileSync(path.join(ws, 'out', name), 'utf8');
    const parsers: Record<string, (text: string) => string[]> = {
      ragas: (t) => t.trimEnd().split('\n').map((l) => (JSON.parse(l) as { user_input: string }).user_input),
      deepeval: (t) => (JSON.parse(t) as Array<{ input: string }>).map((g) => g.input),
      promptfoo: (t) => (parseYaml(t) as Array<{ vars: { question: string } }>).map((c) => c.vars.question),
      'openai-evals': (t) => t.trimEnd().split('\n').map((l) => (JSON.parse(l) as { input: Array<{ content: string }> }).input[1].content.split('Question: ').at(-1)!),
      csv: (t) => (parseCsv(t, { columns: true }) as Array<{ question: string }>).map((r) => r.question),
      axion: (t) => (JSON.parse(t) as { items: Array<{ query: string }> }).items.map((i) => i.query),
    };
    for (const [format, parse] of Object.entries(parsers)) {
      const r = await qaforge(['export', 'datasets/kestrel.qa.jsonl', '--format', format, '--out', `out/kestrel.${format}`], ws);
      assert.equal(r.code, 0, `${format}: ${r.stderr}`);
      assert.deepEqual(parse(read(`kestrel.${format}`)), expected, format);
    }
  });

  it('graph prints the pipeline mermaid', async () => {
    const r = await qaforge(['graph'], ws);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^stateDiagram-v2\n[\s\S]*ValidateQAPairs/);
  });
});

describe('qaforge end to end (local OpenAI-compatible test endpoint)', function () {
  this.timeout(120000);
  let endpoint: TestEndpoint;
  let ws: string;

  before(async () => {
    endpoint = await startTestEndpoint();
    ws = workspace();
  });
  after(async () => {
    await endpoint.close();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('generate --base-url talks to the endpoint over HTTP, survives a rate limit and a 500, and records the model', async () => {
    endpoint.faults.rateLimitNext(1);
    endpoint.faults.serverErrorNext(1);
    const r = await qaforge(['generate', 'examples/docs', '--num-pairs', '4', '--no-cache', '--base-url', endpoint.url, '--model', endpoint.model, '--out', 'ds/api.qa.jsonl'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /notice: no model configured/);
    assert.ok(endpoint.stats.answered >= 4, `answered ${endpoint.stats.answered}`);
    assert.ok(endpoint.stats.byStatus[429] >= 1 && endpoint.stats.byStatus[500] >= 1);
    const pairs = readPairs(path.join(ws, 'ds/api.qa.jsonl'));
    assert.ok(pairs.length >= 1);
    assert.ok(pairs.every((p) => p.generator.provider === 'openai' && p.generator.model === endpoint.model));
    const manifest = parseManifest(fs.readFileSync(path.join(ws, 'ds/api.qa.manifest.json'), 'utf8'));
    assert.ok(manifest.stats.calls >= 4);
    assert.ok(manifest.stats.prompt_tokens > 0, 'token usage reported by the endpoint is recorded');
    assert.equal((await qaforge(['check', 'ds/api.qa.jsonl'], ws)).code, 0);
  });

  it('--timeout gives up on a hanging call and retries it; the run completes', async () => {
    endpoint.faults.reset();
    endpoint.faults.hangNext(1);
    const started = Date.now();
    const r = await qaforge(['generate', 'examples/docs/warranty.txt', '--num-pairs', '1', '--no-cache', '--timeout', '2',
      '--base-url', endpoint.url, '--model', endpoint.model, '--out', 'ds/hang.qa.jsonl'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /retry 1 in [\d.]+s: task "extract_statements" got no reply within 2000 ms/);
    assert.ok(Date.now() - started < 60_000, 'not the 120 s default');
  });

  it('--embedding-model gives the semantic splitter embeddings from the endpoint', async () => {
    endpoint.faults.reset();
    const before = endpoint.stats.embeddingCalls;
    const r = await qaforge(['generate', 'examples/docs/troubleshooting.md', '--num-pairs', '1', '--no-cache', '--splitter', 'semantic',
      '--embedding-model', 'test-embed', '--base-url', endpoint.url, '--model', endpoint.model, '--out', 'ds/embed.qa.jsonl'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(endpoint.stats.embeddingCalls > before, 'the chunker asked the endpoint for embeddings');
  });

  it('takes the base URL and key from the environment and never prints the key', async () => {
    endpoint.faults.reset();
    endpoint.faults.requireApiKey('sk-test-secret-42');
    const r = await qaforge(['generate', 'examples/docs/warranty.txt', '--num-pairs', '2', '--no-cache', '--out', 'ds/env.qa.jsonl', '--verbose'],
      ws, { OPENAI_BASE_URL: endpoint.url, OPENAI_API_KEY: 'sk-test-secret-42', QAFORGE_MODEL: endpoint.model });
    endpoint.faults.requireApiKey(undefined);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(endpoint.stats.authorizations.includes('Bearer sk-test-secret-42'));
    assert.doesNotMatch(r.stdout + r.stderr, /sk-test-secret-42/);
    assert.doesNotMatch(fs.readFileSync(path.join(ws, 'ds/env.qa.jsonl'), 'utf8') + fs.readFileSync(path.join(ws, 'ds/env.qa.manifest.json'), 'utf8'), /sk-test-secret-42/);
  });

  it('a wrong key is one clear error line and no dataset', async () => {
    endpoint.faults.requireApiKey('sk-right');
    const refusedBefore = endpoint.stats.byStatus[401] ?? 0;
    const r = await qaforge(['generate', 'examples/docs/warranty.txt', '--num-pairs', '1', '--no-cache', '--out', 'ds/denied.qa.jsonl'],
      ws, { OPENAI_BASE_URL: endpoint.url, OPENAI_API_KEY: 'sk-wrong-key', QAFORGE_MODEL: endpoint.model });
    endpoint.faults.requireApiKey(undefined);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /^qaforge: error: the OpenAI-compatible endpoint 127\.0\.0\.1:\d+ answered 401: .*Check the API key and organization configured for this endpoint; nothing written$/m);
    assert.equal((endpoint.stats.byStatus[401] ?? 0) - refusedBefore, 1, 'the run stopped at the first refused call');
    assert.equal(fs.existsSync(path.join(ws, 'ds/denied.qa.jsonl')), false);
    assert.doesNotMatch(r.stdout + r.stderr, /sk-wrong-key/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});

describe('qaforge end to end: Ctrl+C', function () {
  this.timeout(120000);

  it('stops the run on SIGINT with exit 130 and one clear line', () => withOwnEndpoint(400, async (endpoint, ws) => {
    const { code, stderr } = await watchQaforge(['generate', 'examples/docs', '--num-pairs', '6', '--no-cache', '--concurrency', '1',
      '--base-url', endpoint.url, '--model', endpoint.model, '--out', 'ds/int.qa.jsonl'], ws, (err, child) => {
      if (err.includes('ChunkContent:') && !child.killed) child.kill('SIGINT');
    });
    assert.equal(code, 130, stderr);
    assert.match(stderr, /stopping: the model calls in flight are cancelled and the pairs produced so far are kept/);
    assert.match(stderr, /^qaforge: error: run cancelled before any pair was produced; nothing written$/m);
    assert.equal(fs.existsSync(path.join(ws, 'ds/int.qa.jsonl')), false);
  }));
});

describe('qaforge end to end: the endpoint goes away mid-run', function () {
  this.timeout(120000);

  it('stops after two calls in a row spend their retries, with one line naming the endpoint, instead of retrying every batch', () => withOwnEndpoint(200, async (endpoint, ws) => {
    const started = Date.now();
    let closing: Promise<void> | undefined;
    const { code, stderr } = await watchQaforge(['generate', 'examples/docs', '--num-pairs', '40', '--no-cache', '--concurrency', '1',
      '--base-url', endpoint.url, '--model', endpoint.model, '--out', 'ds/gone.qa.jsonl', '--verbose'], ws, (err) => {
      // statements and questions are in; the answers stage has several calls to make (at most 12 answers each)
      if (!closing && err.includes('GenerateAnswers …')) closing = endpoint.close();
    });
    await closing;
    assert.ok(closing, 'the endpoint was closed during the run');
    assert.equal(code, 3, stderr);
    const errors = stderr.split('\n').filter((line) => line.startsWith('qaforge: error:'));
    assert.equal(errors.length, 1, stderr);
    assert.match(errors[0], /could not reach the OpenAI-compatible endpoint 127\.0\.0\.1:\d+.*\(2 calls in a row, 6 attempts each\), so the run stops here/);
    const retries = stderr.split('\n').filter((line) => /retry \d+ in/.test(line)).length;
    assert.ok(retries <= 2 * 5, `${retries} retries: two calls of five retries each at most`);
    assert.ok(Date.now() - started < 90_000, 'bounded by two calls\' backoff, not by the run\'s batches');
  }));
});
