import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../support/cliRun';
import { chooseProvider } from '../../../src/cli/generate/provider';
import { splitPairs } from '../../../src/core/usecases/combine';
import { EXIT } from '../../../src/cli/errors';
import { pairToLine } from '../../../src/core/dataset/canonical';
import { fileSourceIn, pair } from '../support/datasetFixtures';


describe('qaforge CLI: structure', () => {
  for (const command of ['generate', 'check', 'export', 'graph']) {
    it(`${command} --help exits 0 and describes its options`, async () => {
      const r = await cli([command, '--help']);
      assert.equal(r.code, EXIT.ok);
      assert.match(r.out, new RegExp(`Usage: qaforge ${command}`));
      assert.match(r.out, /--help/);
    });
  }

  it('generate --help lists every flag of the brief', async () => {
    const { out } = await cli(['generate', '--help']);
    for (const flag of ['--sessions', '--out', '--num-pairs', '--question-types', '--difficulty', '--answer-length', '--splitter', '--chunk-size',
      '--threshold', '--max-iterations', '--guidelines', '--dimensions', '--provider', '--base-url', '--model', '--concurrency', '--budget',
      '--cache-dir', '--no-cache', '--root', '--timeout', '--price']) {
      assert.ok(out.includes(flag), flag);
    }
  });

  it('top-level help documents the exit codes', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Exit codes:[\s\S]*130/);
  });

  it('reports a bad flag value as one line naming the flag, exit 2, no stack', async () => {
    const r = await cli(['generate', 'docs', '--out', 'x.qa.jsonl', '--num-pairs', 'many']);
    assert.equal(r.code, EXIT.usage);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /--num-pairs must be an integer from 1 to 10000; got "many"/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('reports a bad parameter combination from the params validator', async () => {
    const r = await cli(['generate', 'docs', '--out', 'x.qa.jsonl', '--dimensions', '{"mood":"x"}']);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /dimensions\.mood is not known/);
  });

  it('refuses unknown commands and options with a suggestion', async () => {
    const r = await cli(['generat']);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /unknown command 'generat'[\s\S]*generate/);
    assert.equal((await cli(['check', 'x', '--frobnicate'])).code, EXIT.usage);
  });

  it('never takes the API key from a flag', async () => {
    const r = await cli(['generate', 'docs', '--out', 'x.qa.jsonl', '--api-key', 'sk-secret123']);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /read from the environment only — OPENAI_API_KEY, or AZURE_OPENAI_API_KEY for Azure — never from a flag/);
    assert.doesNotMatch(r.err, /sk-secret123/);
  });

  it('requires --out to be a .jsonl file and something to read', async () => {
    assert.match((await cli(['generate', 'docs', '--out', 'x.csv'])).err, /--out must name a \.qa\.jsonl file/);
    assert.match((await cli(['generate', '--out', 'x.qa.jsonl'])).err, /at least one folder or file/);
  });

  it('shows a stack trace only with --verbose', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'd.qa.jsonl'));
    const plain = await cli(['check', 'd.qa.jsonl'], dir);
    assert.equal(plain.code, EXIT.failed);
    assert.equal(plain.err.trim().split('\n').length, 1);
    const verbose = await cli(['check', 'd.qa.jsonl', '--verbose'], dir);
    assert.match(verbose.err, /\n\s+at /);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('graph --active names the nodes it knows instead of ignoring a typo', async () => {
    const r = await cli(['graph', '--active', 'GenerateQuestion']);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /^qaforge: error: --active must be one of InitializeWorkflow, .*GenerateQuestions.*; got "GenerateQuestion"/);
    assert.equal((await cli(['graph', '--active', 'GenerateQuestions'])).code, EXIT.ok);
  });

  it('--price takes IN,OUT in USD per million tokens, and a budget it could not enforce is refused', async () => {
    const bad = await cli(['generate', 'docs', '--out', 'x.qa.jsonl', '--price', '0.15']);
    assert.equal(bad.code, EXIT.usage);
    assert.match(bad.err, /^qaforge: error: --price must be two numbers >= 0, USD per million input and output tokens, e\.g\. 0\.15,0\.6; got "0\.15"\n$/);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.md'), 'The kettle boils water in four minutes.\n');
    const remote = ['generate', 'a.md', '--out', 'x.qa.jsonl', '--base-url', 'https://llm.example.com/v1', '--model', 'my-finetune', '--budget', '1'];
    const unpriced = await cli(remote, dir);
    assert.equal(unpriced.code, EXIT.usage);
    assert.match(unpriced.err, /a budget needs the price of model my-finetune.*--price IN,OUT/);
    const offline = await cli(['generate', 'a.md', '--out', 'x.qa.jsonl', '--budget', '1'], dir);
    assert.equal(offline.code, EXIT.ok, offline.err);
    assert.match(offline.err, /notice: --budget has no effect: the offline engine costs \$0/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('graph prints the mermaid text of the pipeline', async () => {
    const r = await cli(['graph']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^stateDiagram-v2\n/);
    for (const node of ['InitializeWorkflow', 'ChunkContent', 'ExtractStatements', 'GenerateQuestions', 'GenerateAnswers', 'ValidateQAPairs', 'PrepareEnhancement']) {
      assert.ok(r.out.includes(node), node);
    }
  });
});

describe('qaforge CLI: provider choice', () => {
  const base = { cache: true };
  it('is offline with a notice when nothing is configured', () => {
    const c = chooseProvider(base, {}, '/w');
    assert.equal(c.provider, 'offline');
    assert.match(c.notice!, /offline heuristic engine/);
  });
  it('is openai when OPENAI_API_KEY, OPENAI_BASE_URL or --base-url is set', () => {
    assert.equal(chooseProvider(base, { OPENAI_API_KEY: 'k' }, '/w').provider, 'openai');
    assert.equal(chooseProvider({ ...base, model: 'm' }, { OPENAI_BASE_URL: 'http://h/v1' }, '/w').baseURL, 'http://h/v1');
    const flag = chooseProvider({ ...base, baseUrl: 'http://flag/v1', model: 'm' }, { OPENAI_BASE_URL: 'http://env/v1' }, '/w');
    assert.equal(flag.baseURL, 'http://flag/v1');
    assert.equal(flag.notice, undefined);
  });
  it('takes the key from the environment only and needs a model for a custom endpoint', () => {
    assert.equal(chooseProvider(base, { OPENAI_API_KEY: 'k' }, '/w').apiKey, 'k');
    assert.throws(() => chooseProvider({ ...base, baseUrl: 'http://h/v1' }, {}, '/w'), /--model is required/);
    assert.equal(chooseProvider({ ...base, baseUrl: 'http://h/v1' }, { QAFORGE_MODEL: 'llama' }, '/w').model, 'llama');
    assert.throws(() => chooseProvider({ ...base, provider: 'openai' }, {}, '/w'), /needs OPENAI_API_KEY/);
  });
  it('honours --provider offline, --no-cache and --cache-dir', () => {
    assert.equal(chooseProvider({ ...base, provider: 'offline' }, { OPENAI_API_KEY: 'k' }, '/w').provider, 'offline');
    assert.equal(chooseProvider({ cache: false }, {}, '/w').cacheDir, null);
    assert.equal(chooseProvider({ cache: true, cacheDir: 'c' }, {}, '/w').cacheDir, path.resolve('/w', 'c'));
    assert.equal(chooseProvider(base, {}, '/w').cacheDir, undefined);
  });
  it('splits the pair count over documents and sessions by size', () => {
    assert.deepEqual(splitPairs(10, 300, 100), [8, 2]);
    assert.deepEqual(splitPairs(2, 1000, 1), [1, 1]);
    assert.deepEqual(splitPairs(1, 5, 5), [1, 1]);
    // two long pages and three short conversations: every conversation gets a pair, the rest goes by size
    assert.deepEqual(splitPairs(7, 12000, 3000, 2, 3), [4, 3]);
    assert.deepEqual(splitPairs(20, 12000, 3000, 2, 3), [16, 4]);
    // fewer pairs than documents and conversations: shared by their count
    assert.deepEqual(splitPairs(4, 12000, 300, 2, 6), [1, 3]);
  });
});

describe('qaforge check and export (in process)', () => {
  const DOC = 'Title\n\nThe kettle boils in four minutes.\nIt switches off by itself.\n';
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs/k.md'), DOC);
    const good = pair({ id: 'a', source: fileSourceIn(DOC, 'docs/k.md', 3, 4) });
    fs.writeFileSync(path.join(dir, 'd.qa.jsonl'), `${pairToLine(good)}\n`);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check: exit 0 and one summary line when everything is current', async () => {
    const r = await cli(['check', 'd.qa.jsonl'], dir);
    assert.equal(r.code, EXIT.ok);
    assert.equal(r.out, 'd.qa.jsonl: ok: 1 pair, sources current\n');
  });

  it('check: exit 1 with path:line: message for invalid lines and stale pairs', async () => {
    fs.appendFileSync(path.join(dir, 'd.qa.jsonl'), '{"id": 3}\n');
    fs.writeFileSync(path.join(dir, 'docs/k.md'), DOC.replace('four', 'five'));
    const r = await cli(['check', 'd.qa.jsonl'], dir);
    assert.equal(r.code, EXIT.problems);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^d\.qa\.jsonl:2: invalid: missing field question/);
    assert.match(lines[1], /^d\.qa\.jsonl:1: stale: docs\/k\.md:3-4 changed or was deleted \(pair a\)$/);
  });

  it('check --fix writes moved line numbers back', async () => {
    fs.writeFileSync(path.join(dir, 'docs/k.md'), `New intro.\n\n${DOC}`);
    const before = await cli(['check', 'd.qa.jsonl'], dir);
    assert.equal(before.code, EXIT.ok);
    assert.match(before.out, /1 moved \(run with --fix/);
    assert.match(before.err, /d\.qa\.jsonl:1: moved: docs\/k\.md:3-4 moved to lines 5-6/);
    assert.equal((await cli(['check', 'd.qa.jsonl', '--fix'], dir)).code, EXIT.ok);
    assert.equal((await cli(['check', 'd.qa.jsonl'], dir)).out, 'd.qa.jsonl: ok: 1 pair, sources current\n');
    assert.match(fs.readFileSync(path.join(dir, 'd.qa.jsonl'), 'utf8'), /"start_line":5,"end_line":6/);
  });

  it('check: reports an invalid manifest and a missing dataset', async () => {
    fs.writeFileSync(path.join(dir, 'd.qa.manifest.json'), '{"format_version": 2}');
    const r = await cli(['check', 'd.qa.jsonl'], dir);
    assert.equal(r.code, EXIT.problems);
    assert.match(r.out, /^d\.qa\.manifest\.json:1: invalid manifest: /m);
    const missing = await cli(['check', 'nope.qa.jsonl'], dir);
    assert.equal(missing.code, EXIT.usage);
    assert.match(missing.err, /nope\.qa\.jsonl does not exist/);
  });

  it('export: an --out that cannot be written is one line naming it, exit 2', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'd.qa.jsonl'), `${pairToLine(pair({ id: 'a1', source: fileSourceIn('The kettle boils water.', 'doc.md', 1, 1) }))}\n`);
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const r = await cli(['export', 'd.qa.jsonl', '--format', 'csv', '--out', 'file/out.csv'], dir);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /^qaforge: error: cannot write --out .*file\/out\.csv: .*file \(or a folder above it\) is a file; choose a file in a folder you can write to\n$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('export: writes the chosen format and refuses an unknown one', async () => {
    const r = await cli(['export', 'd.qa.jsonl', '--format', 'ragas', '--out', 'out/r.jsonl'], dir);
    assert.equal(r.code, EXIT.ok);
    const row = JSON.parse(fs.readFileSync(path.join(dir, 'out/r.jsonl'), 'utf8')) as { user_input: string };
    assert.equal(row.user_input, pair().question);
    const bad = await cli(['export', 'd.qa.jsonl', '--format', 'excel', '--out', 'x'], dir);
    assert.equal(bad.code, EXIT.usage);
    assert.match(bad.err, /--format must be one of ragas, deepeval, .*, mlflow; got "excel"/);
    const stdout = await cli(['export', 'd.qa.jsonl', '--format', 'csv', '--out', '-'], dir);
    assert.match(stdout.out, /^id,question,answer/);
  });
});

describe('qaforge progress lines', () => {
  it('show below-threshold pairs apart from dropped ones', async () => {
    const { progressPrinter } = await import('../../../src/cli/progress');
    const lines: string[] = [];
    const { onEvent } = progressPrinter((l) => lines.push(l), false);
    onEvent({ type: 'node-finished', node: 'ValidateQAPairs', iteration: 0, counts: { in: 6, out: 4, dropped: 0, retried: 1, rejected: 2 }, durationMs: 1200 });
    assert.match(lines[0], /^ValidateQAPairs: 6 in → 4 out \(2 below threshold, 1 retried\) in 1\.2s/);
  });
});
