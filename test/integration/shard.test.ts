/**
 * Sharded runs end to end: the bundled CLI against the test double over real HTTP. Three `generate --shard i/3`
 * runs cover the corpus once (each file in one shard), and `qaforge merge` of their files writes the bytes one run
 * over the whole corpus with the same replies writes — whatever the order the shard files are given in, and again
 * when merged a second time. The merged manifest adds up the shards' usage and records which shards it holds.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleCli, type CliBundle } from '../support/cliBundle';
import { parseDataset, pairsOf } from '../../src/core/dataset/file';
import { parseManifest } from '../../src/core/dataset/manifest';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';

interface Run { code: number; stdout: string; stderr: string }

let cliJs = '';
let bundle: CliBundle | undefined;
let endpoint: TestEndpoint;
let ws = '';

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_') && !k.startsWith('AZURE_OPENAI_') && k !== 'QAFORGE_MODEL'));
}

function qaforge(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { cwd: ws, env: cleanEnv(), maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Three files of one section and six facts each, one per shard (by their paths' hashes): a single run gives each
 * file a third of the pairs, as the shards' split does — the split estimates the statements a file gives, which a
 * single run counts after extraction, so on other corpora the shards' pairs are close to a single run's, not equal.
 */
const CORPUS: Record<string, string> = {
  'valves.md': '# Valves\n\nA ball valve closes with a quarter turn of its handle. A gate valve needs about twelve turns to close fully. '
    + 'Thermostatic radiator valves open at 16 °C on setting 3. A pressure relief valve opens at 3 bar. Check valves stop water flowing back into the mains. '
    + 'Zone valves take 30 seconds to open after the thermostat calls for heat.\n',
  'radiators.md': '# Radiators\n\nA double-panel radiator gives about 1,800 watts at a flow temperature of 70 °C. Bleed a radiator once a year with a square key. '
    + 'Cold patches at the top of a radiator mean trapped air. Cold patches at the bottom mean sludge in the panel. '
    + 'A radiator under a window should be as wide as the window. Radiator covers reduce the heat output by up to 20 percent.\n',
  'boilers.md': '# Boilers\n\nA combination boiler heats water on demand and needs no hot water tank. The system pressure should be between 1 and 1.5 bar when cold. '
    + 'A condensing boiler is most efficient with a return temperature below 55 °C. The flue terminal must be 300 millimetres from any opening window. '
    + 'An annual service checks the gas pressure and the flue gas. A fault code F28 means the boiler did not detect a flame.\n',
};

/** One question type, so that the type balance of a shard is that of a single run too. */
function generateArgs(out: string, extra: string[] = []): string[] {
  return ['generate', 'docs', '--num-pairs', '9', '--question-types', 'factual', '--max-iterations', '1', '--base-url', endpoint.url, '--model', endpoint.model,
    '--cache-dir', 'cache', '--out', out, ...extra];
}

const read = (file: string): string => fs.readFileSync(path.join(ws, file), 'utf8');
const SHARDS = ['shards/docs-1.qa.jsonl', 'shards/docs-2.qa.jsonl', 'shards/docs-3.qa.jsonl'];

before(async function () {
  this.timeout(180000);
  bundle = await bundleCli();
  cliJs = bundle.cliJs;
  endpoint = await startTestEndpoint();
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-shard-'));
  fs.mkdirSync(path.join(ws, 'docs'));
  for (const [name, text] of Object.entries(CORPUS)) fs.writeFileSync(path.join(ws, 'docs', name), text);
  const single = await qaforge(generateArgs('single/docs.qa.jsonl'));
  assert.equal(single.code, 0, single.stderr);
  for (const [i, out] of SHARDS.entries()) {
    const run = await qaforge(generateArgs(out, ['--shard', `${i + 1}/3`]));
    assert.equal(run.code, 0, run.stderr);
  }
});

after(async () => {
  await endpoint?.close();
  bundle?.remove();
  if (ws) fs.rmSync(ws, { recursive: true, force: true });
});

describe('qaforge generate --shard i/n and qaforge merge (test double)', function () {
  this.timeout(120000);

  it('gives each source file to exactly one shard and splits num_pairs over the shards', () => {
    const files = SHARDS.map((f) => new Set(pairsOf(parseDataset(read(f))).map((p) => (p.source as { path: string }).path)));
    const all = files.flatMap((s) => [...s]);
    assert.equal(new Set(all).size, all.length, 'no file is in two shards');
    assert.deepEqual([...new Set(all)].sort(), Object.keys(CORPUS).map((f) => `docs/${f}`).sort(), 'every file is in a shard');
    const manifests = SHARDS.map((f) => parseManifest(read(f.replace(/\.qa\.jsonl$/, '.qa.manifest.json'))));
    assert.deepEqual(manifests.map((m) => m.shard), [1, 2, 3].map((i) => ({ count: 3, indices: [i], num_pairs: 9 })));
    assert.equal(manifests.reduce((n, m) => n + Number(m.params.num_pairs), 0), 9, 'the shards\' parts add up to --num-pairs');
  });

  it('merges the three shard files into the bytes a single run writes, in any order, and again without a change', async () => {
    const merged = await qaforge(['merge', ...SHARDS, '--out', 'merged/docs.qa.jsonl']);
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /merged\/docs\.qa\.jsonl: \d+ pairs from 3 files/);
    assert.equal(pairsOf(parseDataset(read('single/docs.qa.jsonl'))).length, 9, 'the single run gave the pairs asked for');
    assert.equal(read('merged/docs.qa.jsonl'), read('single/docs.qa.jsonl'), 'byte-identical to the single run');
    const manifest = read('merged/docs.qa.manifest.json');

    const shuffled = await qaforge(['merge', SHARDS[2], SHARDS[0], SHARDS[1], '--out', 'shuffled/docs.qa.jsonl']);
    assert.equal(shuffled.code, 0, shuffled.stderr);
    assert.equal(read('shuffled/docs.qa.jsonl'), read('single/docs.qa.jsonl'));
    assert.equal(read('shuffled/docs.qa.manifest.json'), manifest, 'the manifest does not depend on the order either');

    const again = await qaforge(['merge', SHARDS[1], SHARDS[2], SHARDS[0], '--out', 'merged/docs.qa.jsonl']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /\(0 added, 0 replaced, \d+ unchanged/);
    assert.equal(read('merged/docs.qa.jsonl'), read('single/docs.qa.jsonl'), 'merging twice changes nothing');
    assert.equal(read('merged/docs.qa.manifest.json'), manifest);
  });

  it('records in the merged manifest the shards, their usage added up, every source and the corpus\'s num_pairs', () => {
    const shards = SHARDS.map((f) => parseManifest(read(f.replace(/\.qa\.jsonl$/, '.qa.manifest.json'))));
    const merged = parseManifest(read('merged/docs.qa.manifest.json'));
    const single = parseManifest(read('single/docs.qa.manifest.json'));
    assert.deepEqual(merged.shard, { count: 3, indices: [1, 2, 3], num_pairs: 9 });
    assert.equal(merged.params.num_pairs, 9);
    assert.deepEqual({ ...merged.params }, { ...single.params });
    assert.deepEqual(merged.sources, single.sources);
    for (const key of ['calls', 'prompt_tokens', 'completion_tokens', 'pairs', 'validated', 'below_threshold'] as const) {
      assert.equal(merged.stats[key], shards.reduce((n, m) => n + m.stats[key], 0), key);
    }
    assert.equal(merged.stats.pairs, single.stats.pairs);
  });

  it('rebases the manifest\'s root onto the merged file\'s folder (source paths stay relative to the root)', async () => {
    const run = await qaforge(['merge', ...SHARDS, '--out', 'tests/datasets/docs.qa.jsonl']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(parseManifest(read('tests/datasets/docs.qa.manifest.json')).root, '../..');
    const check = await qaforge(['check', 'tests/datasets/docs.qa.jsonl']);
    assert.equal(check.code, 0, `${check.stdout}${check.stderr}`);
  });

  it('keeps a pair a person accepted in the merged file when the shards are merged into it again', async () => {
    const file = path.join(ws, 'merged/docs.qa.jsonl');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0]) as { status: string; answer: string };
    first.status = 'edited';
    first.answer = 'An answer a reviewer wrote.';
    lines[0] = JSON.stringify(first);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await qaforge(['merge', ...SHARDS, '--out', 'merged/docs.qa.jsonl']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /1 kept as reviewed/);
    const kept = pairsOf(parseDataset(read('merged/docs.qa.jsonl'))).find((p) => p.answer === 'An answer a reviewer wrote.');
    assert.equal(kept?.status, 'edited');
  });

  it('refuses a bad --shard, and a shard file with an invalid line, naming the value and the file', async () => {
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0']) {
      const run = await qaforge(generateArgs('x/x.qa.jsonl', ['--shard', bad]));
      assert.equal(run.code, 2, `${bad}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`--shard must be i/n with n from 1 to 1000 and i from 1 to n \\(e\\.g\\. 2/4\\); got "${bad}"`));
    }
    fs.writeFileSync(path.join(ws, 'shards/broken.qa.jsonl'), '{"id": 1}\n');
    const broken = await qaforge(['merge', SHARDS[0], 'shards/broken.qa.jsonl', '--out', 'broken/docs.qa.jsonl']);
    assert.equal(broken.code, 2, broken.stderr);
    assert.match(broken.stderr, /broken\.qa\.jsonl line 1: .*fix the shard file/);
    assert.equal(fs.existsSync(path.join(ws, 'broken/docs.qa.jsonl')), false, 'nothing was written');
    const missing = await qaforge(['merge', SHARDS[0], 'shards/nope.qa.jsonl', '--out', 'broken/docs.qa.jsonl']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.qa\.jsonl does not exist/);
  });
});
