import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { endpointStats, inWorkspace, qaforge, readPairs, removeDataset, requireEndpoint, resetEndpointStats } from './helpers';

describe('generation against the local test endpoint', function () {
  before(async function () {
    requireEndpoint(this);
    await qaforge();
  });

  it('generates from a folder into tests/datasets/<folder>.qa.jsonl with workspace-relative provenance', async () => {
    const dataset = inWorkspace('tests', 'datasets', 'docs.qa.jsonl').fsPath;
    removeDataset(dataset);
    await resetEndpointStats();
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFolder', inWorkspace('docs'));
    assert.ok(outcome, 'the command returns the run outcome');
    assert.strictEqual(outcome.status, 'completed', outcome.errors.join('; '));
    assert.strictEqual(outcome.datasetPath, dataset);
    const pairs = readPairs(dataset);
    assert.ok(pairs.length > 0);
    assert.strictEqual(pairs.length, outcome.pairsInFile);
    for (const pair of pairs) {
      assert.ok('path' in pair.source, 'file source');
      assert.match(pair.source.path, /^docs\/(getting-started|configuration)\.md$/, 'paths are relative to the workspace folder');
      assert.strictEqual(pair.generator.provider, 'openai');
      assert.ok(pair.question.trim().length > 0 && pair.answer.trim().length > 0);
    }
    assert.ok(fs.existsSync(inWorkspace('tests', 'datasets', 'docs.qa.manifest.json').fsPath), 'manifest written beside the dataset');
    const stats = await endpointStats();
    assert.ok(stats.fast.calls > 0, 'the model calls went to the test endpoint');
  });

  it('generating twice merges instead of duplicating', async () => {
    const dataset = inWorkspace('tests', 'datasets', 'docs.qa.jsonl').fsPath;
    const before = readPairs(dataset).map((p) => p.id).sort();
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFolder', inWorkspace('docs'));
    assert.strictEqual(outcome.added, 0);
    assert.deepStrictEqual(readPairs(dataset).map((p) => p.id).sort(), before);
  });

  it('never reads .gitignored or secret files when generating from the workspace root', async () => {
    const dataset = inWorkspace('tests', 'datasets', 'workspace.qa.jsonl').fsPath;
    removeDataset(dataset);
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFolder', inWorkspace());
    assert.ok(outcome && outcome.pairs > 0);
    const paths = readPairs(outcome.datasetPath!).map((p) => ('path' in p.source ? p.source.path : p.source.session_file));
    assert.ok(!paths.some((p) => p.startsWith('build/') || p.includes('.env')), paths.join(', '));
    removeDataset(outcome.datasetPath!);
  });

  it('generates from a multi-selection of files (the Explorer passes uri, uris[])', async () => {
    const a = inWorkspace('docs', 'getting-started.md');
    const b = inWorkspace('docs', 'configuration.md');
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', a, [a, b]);
    assert.ok(outcome && outcome.pairs > 0);
    const files = new Set(readPairs(outcome.datasetPath!).map((p) => ('path' in p.source ? p.source.path : '')));
    assert.deepStrictEqual([...files].sort(), ['docs/configuration.md', 'docs/getting-started.md']);
    removeDataset(outcome.datasetPath!);
  });

  it('generates from the active editor, unsaved text included', async () => {
    const doc = await vscode.workspace.openTextDocument(inWorkspace('docs', 'configuration.md'));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), '\nThe admin port is 7070 and it only listens on localhost.\n'));
    assert.ok(doc.isDirty);
    try {
      const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromEditor');
      assert.ok(outcome && outcome.pairs > 0);
      assert.strictEqual(outcome.datasetPath, inWorkspace('tests', 'datasets', 'configuration.qa.jsonl').fsPath);
      const manifest = JSON.parse(fs.readFileSync(outcome.datasetPath!.replace(/\.qa\.jsonl$/, '.qa.manifest.json'), 'utf8')) as { sources: Record<string, string> };
      const onDisk = createHash('sha256').update(fs.readFileSync(doc.uri.fsPath)).digest('hex');
      const inEditor = createHash('sha256').update(doc.getText()).digest('hex');
      assert.strictEqual(manifest.sources['docs/configuration.md'], inEditor, 'the editor text was used, not the saved file');
      assert.notStrictEqual(inEditor, onDisk);
      removeDataset(outcome.datasetPath!);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('generates from the file of the editor tab it was invoked on (read through ingest when saved)', async () => {
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromEditor', inWorkspace('docs', 'getting-started.md'));
    assert.ok(outcome && outcome.pairs > 0);
    assert.strictEqual(outcome.datasetPath, inWorkspace('tests', 'datasets', 'getting-started.qa.jsonl').fsPath);
    removeDataset(outcome.datasetPath!);
  });

  it('generates from a transcript with session provenance', async () => {
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromTranscript', inWorkspace('chats', 'support.jsonl'));
    assert.ok(outcome && outcome.pairs > 0, outcome?.errors.join('; '));
    const pairs = readPairs(outcome.datasetPath!);
    assert.ok(pairs.every((p) => 'session_file' in p.source && p.source.session_file === 'chats/support.jsonl'));
    removeDataset(outcome.datasetPath!);
  });

  it('runs on different dataset files side by side, and on the same file one after the other', async () => {
    const a = inWorkspace('docs', 'getting-started.md');
    const b = inWorkspace('docs', 'configuration.md');
    const [x, y, z] = await Promise.all([
      vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', a, [a]),
      vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', b, [b]),
      vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', a, [a]),
    ]);
    assert.notStrictEqual(x.datasetPath, y.datasetPath);
    assert.strictEqual(x.datasetPath, z.datasetPath);
    const ids = readPairs(x.datasetPath!).map((p) => p.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'the queued second run merged into the first run\'s file');
    assert.strictEqual(ids.length, x.pairsInFile);
    assert.ok(readPairs(y.datasetPath!).length > 0);
    removeDataset(x.datasetPath!);
    removeDataset(y.datasetPath!);
  });
});
