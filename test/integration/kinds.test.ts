/**
 * Kinds end to end, as a user runs them: `qaforge generate --kinds …` through the real `openai` client against the
 * local OpenAI-compatible test endpoint (answered by the offline engine) over HTTP; the file holds each kind near its
 * share, multi-hop pairs cite distinct chunks, `check` notices a change in a multi-hop pair's second source and names
 * it, `check --quality` passes, and the Ragas and DeepEval exports read back with their multi-turn companions.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleCli, type CliBundle } from '../support/cliBundle';
import { parseDataset, pairsOf } from '../../src/core/dataset/file';
import { parseManifest } from '../../src/core/dataset/manifest';
import { isSessionSource, kindOf, spansOf, type DatasetPair, type FileSource } from '../../src/core/dataset/types';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';

const ROOT = path.resolve(__dirname, '../..');
const ASKED = { single_hop: 0.4, multi_hop: 0.3, unanswerable: 0.2, multi_turn: 0.1 };

describe('qaforge generate --kinds through the test endpoint', function () {
  this.timeout(180000);
  let bundle: CliBundle;
  let endpoint: TestEndpoint;
  let ws: string;
  let pairs: DatasetPair[];

  const qaforge = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_') && !k.startsWith('AZURE_OPENAI_')));
    execFile(process.execPath, [bundle.cliJs, ...args], { cwd: ws, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });

  before(async () => {
    bundle = await bundleCli();
    endpoint = await startTestEndpoint();
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-kinds-'));
    fs.cpSync(path.join(ROOT, 'examples'), path.join(ws, 'examples'), { recursive: true });
    const r = await qaforge(['generate', 'examples/docs', '--num-pairs', '10', '--kinds', 'single_hop=0.4,multi_hop=0.3,unanswerable=0.2,multi_turn=0.1',
      '--no-cache', '--base-url', endpoint.url, '--model', endpoint.model, '--out', 'ds/kinds.qa.jsonl']);
    assert.equal(r.code, 0, r.stderr);
    const entries = parseDataset(fs.readFileSync(path.join(ws, 'ds/kinds.qa.jsonl'), 'utf8'));
    assert.deepEqual(entries.filter((e) => e.kind === 'invalid'), []);
    pairs = pairsOf(entries);
  });
  after(async () => {
    await endpoint.close();
    bundle.remove();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('writes each kind within 10 points of its share, and the shares into the manifest', () => {
    for (const [kind, share] of Object.entries(ASKED)) {
      const got = pairs.filter((p) => kindOf(p) === kind).length / pairs.length;
      assert.ok(Math.abs(got - share) <= 0.1, `${kind}: ${got} of the file against ${share} asked`);
    }
    const manifest = parseManifest(fs.readFileSync(path.join(ws, 'ds/kinds.qa.manifest.json'), 'utf8'));
    assert.deepEqual(manifest.params.kinds, ASKED);
    assert.ok(pairs.every((p) => p.generator.provider === 'openai'));
  });

  it('gives every multi-hop pair two or more sources from distinct chunks, and every multi-turn pair its turns', () => {
    const multiHop = pairs.filter((p) => p.kind === 'multi_hop');
    assert.ok(multiHop.length >= 2);
    for (const p of multiHop) {
      const spans = spansOf(p) as FileSource[];
      assert.ok(spans.length >= 2, p.question);
      assert.equal(new Set(spans.map((s) => `${s.path}:${s.start_line}-${s.end_line}`)).size, spans.length, 'distinct spans');
      assert.deepEqual(spans[0], p.source);
      assert.equal(p.contexts.length, spans.length, 'one context per source');
    }
    const turns = pairs.filter((p) => p.kind === 'multi_turn');
    assert.ok(turns.length >= 1 && turns.every((p) => (p.turns?.length ?? 0) >= 2 && p.turns![0].role === 'user'));
    assert.ok(pairs.filter((p) => p.kind === 'unanswerable').every((p) => /not documented/i.test(p.answer)));
  });

  it('check --quality passes; check names the second source of a multi-hop pair once it changes', async () => {
    const quality = await qaforge(['check', 'ds/kinds.qa.jsonl', '--quality']);
    assert.equal(quality.code, 0, quality.stdout + quality.stderr);
    const victim = pairs.find((p) => p.kind === 'multi_hop' && !isSessionSource(spansOf(p)[1])
      && (spansOf(p)[1] as FileSource).path !== (p.source as FileSource).path)
      ?? pairs.find((p) => p.kind === 'multi_hop')!;
    const second = spansOf(victim)[1] as FileSource;
    const file = path.join(ws, second.path);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[second.start_line - 1] = `${lines[second.start_line - 1]} (changed)`;
    fs.writeFileSync(file, lines.join('\n'));
    const stale = await qaforge(['check', 'ds/kinds.qa.jsonl']);
    assert.equal(stale.code, 1, stale.stdout);
    const line = stale.stdout.split('\n').find((l) => l.includes(`(pair ${victim.id})`));
    assert.ok(line, stale.stdout);
    assert.ok(line.includes(`${second.path}:${second.start_line}`), `names the changed second source: ${line}`);
  });

  it('exports Ragas and DeepEval with the multi-turn pairs in their companion files, each parsing back', async () => {
    const ragas = await qaforge(['export', 'ds/kinds.qa.jsonl', '--format', 'ragas', '--out', 'out/ragas.jsonl']);
    assert.equal(ragas.code, 0, ragas.stderr);
    const rows = fs.readFileSync(path.join(ws, 'out/ragas.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { synthesizer_name: string; reference_contexts: string[] });
    assert.ok(rows.some((r) => r.synthesizer_name.startsWith('qaforge_multi_hop') && r.reference_contexts.length >= 2));
    const companions = fs.readdirSync(path.join(ws, 'out'));
    const multiTurn = companions.find((f) => f.includes('multi_turn'));
    assert.ok(multiTurn, companions.join(', '));
    const turnRows = fs.readFileSync(path.join(ws, 'out', multiTurn), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { user_input: unknown[] });
    assert.ok(turnRows.every((r) => Array.isArray(r.user_input) && r.user_input.length >= 3));
    const deepeval = await qaforge(['export', 'ds/kinds.qa.jsonl', '--format', 'deepeval', '--out', 'out/goldens.json']);
    assert.equal(deepeval.code, 0, deepeval.stderr);
    const conversational = fs.readdirSync(path.join(ws, 'out')).find((f) => f.includes('conversational'));
    assert.ok(conversational);
    const goldens = JSON.parse(fs.readFileSync(path.join(ws, 'out', conversational), 'utf8')) as Array<{ turns: unknown[]; scenario: string }>;
    assert.ok(goldens.length >= 1 && goldens.every((g) => g.turns.length >= 3 && g.scenario));
  });
});
