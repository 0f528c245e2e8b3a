/** `qaforge export`: the format flags, the files a format writes beside the main one, and what it says. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../../../src/cli/program';
import { EXIT } from '../../../../../src/cli/errors';
import type { CliIo } from '../../../../../src/cli/io';
import { pairToLine } from '../../../../../src/core/dataset/canonical';
import { pair } from '../../../support/datasetFixtures';
import { huggingFaceCardCast, huggingFaceJsonTable, openAiEvalsResolve, promptfooLoadTests } from './exportLoaders';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, env: {}, cwd };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('qaforge export: flags and several files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-export-'));
    const lines = [pair({ id: 'a', answer: '=1+1 is two.' }), pair({ id: 'b', question: 'Second?' })].map((p) => `${pairToLine(p)}\n`);
    fs.writeFileSync(path.join(dir, 'kettle.qa.jsonl'), lines.join(''));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('huggingface writes the JSONL and its card, and says both', async () => {
    const r = await cli(['export', 'kettle.qa.jsonl', '--format', 'huggingface', '--out', 'hf/kettle.jsonl'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.equal(r.err, 'wrote 2 of 2 pairs as huggingface to hf/kettle.jsonl, and hf/README.md beside it (2 files)\n');
    const table = huggingFaceJsonTable(fs.readFileSync(path.join(dir, 'hf/kettle.jsonl'), 'utf8'));
    const card = fs.readFileSync(path.join(dir, 'hf/README.md'), 'utf8');
    assert.equal(huggingFaceCardCast(card, table).dataFile, 'kettle.jsonl');
    assert.match(card, /^# kettle$/m, 'named after the dataset file');
    assert.match(card, /No manifest was found/);
    const again = await cli(['export', 'kettle.qa.jsonl', '--format', 'huggingface', '--out', 'hf/kettle.jsonl'], dir);
    assert.equal(again.code, EXIT.ok, 'its own card may be replaced');
  });

  it('never overwrites a README.md it did not write', async () => {
    fs.writeFileSync(path.join(dir, 'README.md'), '# My project\n');
    const r = await cli(['export', 'kettle.qa.jsonl', '--format', 'huggingface', '--out', 'kettle.jsonl'], dir);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /writes README\.md, which exists and was not written by qaforge; give --out a file in another folder/);
    assert.equal(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), '# My project\n');
    assert.ok(!fs.existsSync(path.join(dir, 'kettle.jsonl')), 'nothing written');
  });

  it('openai-evals writes the samples and the registry YAML that points at them', async () => {
    const r = await cli(['export', 'kettle.qa.jsonl', '--format', 'openai-evals', '--out', 'evals/samples.jsonl'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.match(r.err, /to evals\/samples\.jsonl, and evals\/samples\.yaml beside it \(2 files\)/);
    assert.equal(openAiEvalsResolve(fs.readFileSync(path.join(dir, 'evals/samples.yaml'), 'utf8')).samplesJsonl, 'kettle/samples.jsonl');
  });

  it('a format of several files cannot go to standard output', async () => {
    const r = await cli(['export', 'kettle.qa.jsonl', '--format', 'openai-evals-api', '--out', '-'], dir);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /--format openai-evals-api writes more than one file, so it cannot go to standard output/);
  });

  it('--assert chooses the promptfoo assertion, and only for promptfoo', async () => {
    const r = await cli(['export', 'kettle.qa.jsonl', '--format', 'promptfoo', '--assert', 'factuality', '--out', '-'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.deepEqual(promptfooLoadTests(r.out).map((t) => t.assertions[0].type), ['factuality', 'factuality']);
    const offline = await cli(['export', 'kettle.qa.jsonl', '--format', 'promptfoo', '--out', '-'], dir);
    assert.ok(promptfooLoadTests(offline.out).every((t) => t.assertions.every((a) => !a.needsGrader)));
    const bad = await cli(['export', 'kettle.qa.jsonl', '--format', 'promptfoo', '--assert', 'vibes', '--out', '-'], dir);
    assert.match(bad.err, /--assert must be one of rouge-n, factuality, llm-rubric, none; got "vibes"/);
    const wrong = await cli(['export', 'kettle.qa.jsonl', '--format', 'csv', '--assert', 'none', '--out', '-'], dir);
    assert.equal(wrong.code, EXIT.usage);
    assert.match(wrong.err, /--assert applies to --format promptfoo only; got --format csv/);
  });

  it('csv escapes formulas unless --no-escape-formulas', async () => {
    const escaped = await cli(['export', 'kettle.qa.jsonl', '--format', 'csv', '--out', '-'], dir);
    assert.match(escaped.out, /,'=1\+1 is two\.,/);
    const raw = await cli(['export', 'kettle.qa.jsonl', '--format', 'csv', '--no-escape-formulas', '--out', '-'], dir);
    assert.match(raw.out, /,=1\+1 is two\.,/);
    const wrong = await cli(['export', 'kettle.qa.jsonl', '--format', 'ragas', '--no-escape-formulas', '--out', '-'], dir);
    assert.match(wrong.err, /--no-escape-formulas applies to --format csv only/);
  });
});

describe('qaforge export: the multi-turn file of Ragas and DeepEval', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-export-'));
    const turns = [{ role: 'user' as const, content: 'Does the kettle have a warranty?' }, { role: 'assistant' as const, content: 'Yes.' }];
    const lines = [pair({ id: 'a' }), pair({ id: 'mt', kind: 'multi_turn', question: 'How long?', turns })].map((p) => `${pairToLine(p)}\n`);
    fs.writeFileSync(path.join(dir, 'kettle.qa.jsonl'), lines.join(''));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ragas writes the multi-turn pairs beside the main file, and says so', async () => {
    const r = await cli(['export', 'kettle.qa.jsonl', '--format', 'ragas', '--out', 'kettle.ragas.jsonl'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.match(r.err, /to kettle\.ragas\.jsonl, and kettle\.ragas\.multi_turn\.jsonl beside it \(2 files\)/);
    assert.match(fs.readFileSync(path.join(dir, 'kettle.ragas.multi_turn.jsonl'), 'utf8'), /"type":"human"/);
  });

  it('with multi-turn pairs, ragas and deepeval cannot go to standard output; without, they can', async () => {
    const r = await cli(['export', 'kettle.qa.jsonl', '--format', 'deepeval', '--out', '-'], dir);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /--format deepeval writes the multi-turn pairs to a second file, so it cannot go to standard output/);
    fs.writeFileSync(path.join(dir, 'one.qa.jsonl'), `${pairToLine(pair({ id: 'a' }))}\n`);
    const single = await cli(['export', 'one.qa.jsonl', '--format', 'ragas', '--out', '-'], dir);
    assert.equal(single.code, EXIT.ok, single.err);
    assert.match(single.out, /"user_input"/);
  });
});
