/**
 * The CLI and the extension write the same files: both front ends' own code paths (the CLI's generate job; the
 * extension's source reading and planned generation, the host modules that do not need the VS Code API) run
 * on copies of one workspace, and their dataset and manifest are compared byte for byte.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGenerate } from '../../../src/cli/generate/job';
import { parseDataset, pairsOf, serializeDataset, entriesOf } from '../../../src/core/dataset/file';
import { parseManifest } from '../../../src/core/dataset/manifest';
import { resolveParams, type GenerationParams } from '../../../src/core/domain/params';
import { createLlm } from '../../../src/core/llm/factory';
import { sha256 } from '../../../src/core/text/hash';
import { runPlannedGeneration } from '../../../src/host/runs/generationJob';
import { readDocumentSources } from '../../../src/host/runs/sourceFiles';
import { KETTLE_DOC } from '../support/datasetFixtures';

const DOC = KETTLE_DOC;

/** Two sessions in one transcript file: the manifest must hash the file once, by its bytes. */
const CHATS = [
  { id: 'move', messages: [
    { role: 'user', content: 'How do I move the Lumen data directory to another disk?' },
    { role: 'assistant', content: 'Set the LUMEN_DATA environment variable to the new directory and restart Lumen.' },
  ] },
  { id: 'power', messages: [
    { role: 'user', content: 'Will compaction lose data if the power fails?' },
    { role: 'assistant', content: 'No. Compaction writes the live records to a new file and renames it over the old one when it is complete.' },
  ] },
].map((s) => JSON.stringify(s)).join('\n') + '\n';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const DATASET = 'tests/datasets/lumen.qa.jsonl';
const MANIFEST = 'tests/datasets/lumen.qa.manifest.json';
const RULES = { include: [], exclude: [], maxFileBytes: 2_000_000, respectGitignore: true };

describe('front ends: CLI and extension write identical files', function () {
  this.timeout(30000);
  let base: string;
  let cliRoot: string;
  let hostRoot: string;
  const params: GenerationParams = resolveParams({ numPairs: 4, maxReflectionIterations: 1 });

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-fronts-'));
    for (const name of ['cli', 'host']) {
      const root = path.join(base, name);
      fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
      fs.mkdirSync(path.join(root, 'chats'));
      fs.writeFileSync(path.join(root, 'docs/kettle.md'), DOC);
      fs.writeFileSync(path.join(root, 'chats/support.jsonl'), CHATS);
    }
    cliRoot = path.join(base, 'cli');
    hostRoot = path.join(base, 'host');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  async function cli(options: { replaceReviewed?: boolean; validatedOnly?: boolean } = {}) {
    const outcome = await runGenerate({
      paths: [path.join(cliRoot, 'docs')], sessionFiles: [path.join(cliRoot, 'chats/support.jsonl')],
      out: path.join(cliRoot, DATASET), root: cliRoot, params, llm: createLlm({ provider: 'offline' }), ingest: {},
      replaceReviewed: options.replaceReviewed ?? false, validatedOnly: options.validatedOnly, verbose: false,
      log: () => undefined, now: () => NOW,
    });
    assert.ok(outcome, 'a run without --shard always runs');
    return outcome;
  }

  /** What the extension's "Generate from Selected Files" does with a folder and a transcript picked together. */
  async function host(options: { confirm?: boolean; validatedOnly?: boolean } = {}) {
    const read = await readDocumentSources([path.join(hostRoot, 'docs'), path.join(hostRoot, 'chats/support.jsonl')], hostRoot, RULES);
    let asked = 0;
    const result = await runPlannedGeneration({
      documents: read.documents, sessions: read.sessions, sourceRoot: hostRoot,
      datasetPath: path.join(hostRoot, DATASET), datasetRoot: hostRoot, params, options: { validatedOnly: options.validatedOnly },
    }, {
      llm: createLlm({ provider: 'offline' }), concurrency: 4, signal: new AbortController().signal,
      onEvent: () => undefined, log: () => undefined, now: () => NOW,
      confirmReplaceReviewed: async () => {
        asked++;
        return options.confirm ?? false;
      },
    });
    return { result, asked };
  }

  const bytes = (root: string, rel: string): Buffer => fs.readFileSync(path.join(root, rel));

  function assertSameFiles(): void {
    assert.ok(bytes(cliRoot, DATASET).equals(bytes(hostRoot, DATASET)), 'the datasets differ');
    assert.ok(bytes(cliRoot, MANIFEST).equals(bytes(hostRoot, MANIFEST)), 'the manifests differ');
  }

  it('mixed documents and sessions: same dataset and manifest bytes, transcript hashed by its bytes once', async () => {
    const fromCli = await cli();
    const fromHost = await host();
    assertSameFiles();
    const pairs = pairsOf(parseDataset(bytes(hostRoot, DATASET).toString('utf8')));
    assert.equal(pairs.length, fromCli.total);
    assert.equal(fromHost.result.pairsInFile, fromCli.total);
    assert.ok(pairs.some((p) => 'session_file' in p.source), 'pairs from the transcript');
    assert.ok(pairs.some((p) => 'path' in p.source), 'pairs from the document');
    const manifest = parseManifest(bytes(hostRoot, MANIFEST).toString('utf8'));
    assert.deepEqual(Object.keys(manifest.sources), ['chats/support.jsonl', 'docs/kettle.md']);
    assert.equal(manifest.sources['chats/support.jsonl'], sha256(Buffer.from(CHATS)));
    assert.equal(manifest.sources['docs/kettle.md'], sha256(Buffer.from(DOC)));
    assert.equal(manifest.updated, NOW.toISOString());
  });

  it('validated only: both leave out the pairs below the threshold, identically', async () => {
    await cli({ validatedOnly: true });
    await host({ validatedOnly: true });
    assertSameFiles();
    const pairs = pairsOf(parseDataset(bytes(hostRoot, DATASET).toString('utf8')));
    assert.ok(pairs.length > 0);
    for (const p of pairs) assert.ok((p.quality?.score ?? 0) >= params.validationThreshold, `${p.id} is below the threshold`);
  });

  /** Marks the first pair of each workspace's dataset edited with another answer. */
  function editFirstPair(): string {
    let id = '';
    for (const root of [cliRoot, hostRoot]) {
      const pairs = pairsOf(parseDataset(bytes(root, DATASET).toString('utf8')));
      pairs[0] = { ...pairs[0], answer: 'An answer a reviewer wrote.', status: 'edited' };
      id = pairs[0].id;
      fs.writeFileSync(path.join(root, DATASET), serializeDataset(entriesOf(pairs)));
    }
    return id;
  }

  it('reviewed pairs: kept unless replaced on an explicit choice (--replace-reviewed, or yes to the question)', async () => {
    await cli();
    await host();
    const id = editFirstPair();

    const kept = await cli();
    const keptHost = await host({ confirm: false });
    assertSameFiles();
    assert.equal(keptHost.asked, 1, 'the extension asks before replacing a reviewed pair');
    assert.equal(kept.merge.keptReviewed, keptHost.result.merge.keptReviewed);
    const edited = pairsOf(parseDataset(bytes(hostRoot, DATASET).toString('utf8'))).find((p) => p.id === id);
    assert.equal(edited?.answer, 'An answer a reviewer wrote.');
    assert.equal(edited?.status, 'edited');

    await cli({ replaceReviewed: true });
    await host({ confirm: true });
    assertSameFiles();
    const replaced = pairsOf(parseDataset(bytes(hostRoot, DATASET).toString('utf8'))).find((p) => p.id === id);
    assert.notEqual(replaced?.answer, 'An answer a reviewer wrote.');
    assert.equal(replaced?.status, 'draft');
  });

  it('the extension skips a picked .json that is no transcript (package.json) instead of failing the selection', async () => {
    fs.writeFileSync(path.join(hostRoot, 'package.json'), JSON.stringify({ name: 'lumen', version: '1.0.0' }));
    const read = await readDocumentSources([path.join(hostRoot, 'docs/kettle.md'), path.join(hostRoot, 'package.json')], hostRoot, RULES);
    assert.deepEqual(read.documents.map((d) => d.path), ['docs/kettle.md']);
    assert.deepEqual(read.sessions, []);
    assert.equal(read.skipped.length, 1);
    assert.equal(read.skipped[0].path, 'package.json');
    assert.match(read.skipped[0].reason, /^not a transcript: .*package\.json/);
  });
});
