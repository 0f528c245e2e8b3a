import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import type { DatasetPair } from '../../../src/core/dataset/types';
import { pairToLine } from '../../../src/core/dataset/canonical';
import { qaforge, readPairs, removeDataset, requireEndpoint, withSetting } from './helpers';

function folder(name: string): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.name === name);
  if (!f) throw new Error(`workspace folder ${name} is not open`);
  return f;
}

describe('multi-root workspace', function () {
  before(async function () {
    requireEndpoint(this);
    await qaforge();
  });

  it('a folder without a test folder gets evals/datasets/, with paths relative to that folder', async () => {
    const handbook = folder('handbook');
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFolder', handbook.uri);
    assert.ok(outcome && outcome.pairs > 0, outcome?.errors.join('; '));
    assert.strictEqual(outcome.datasetPath, path.join(handbook.uri.fsPath, 'evals', 'datasets', 'handbook.qa.jsonl'));
    const pairs = readPairs(outcome.datasetPath);
    assert.ok(pairs.every((p) => 'path' in p.source && p.source.path === 'guide.md'), pairs.map((p) => JSON.stringify(p.source)).join());
    const manifest = JSON.parse(fs.readFileSync(outcome.datasetPath.replace(/\.qa\.jsonl$/, '.qa.manifest.json'), 'utf8')) as { root: string; sources: Record<string, string> };
    assert.strictEqual(manifest.root, '../..');
    assert.deepStrictEqual(Object.keys(manifest.sources), ['guide.md']);
    removeDataset(outcome.datasetPath);
  });

  it('a dataset kept in another workspace folder stores paths relative to the folder that holds it', async () => {
    const main = folder('workspace');
    const restore = await withSetting('outputFolder', path.join(main.uri.fsPath, 'tests', 'datasets'));
    try {
      const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', vscode.Uri.joinPath(folder('handbook').uri, 'guide.md'));
      assert.ok(outcome && outcome.pairs > 0);
      assert.strictEqual(outcome.datasetPath, path.join(main.uri.fsPath, 'tests', 'datasets', 'guide.qa.jsonl'));
      assert.ok(readPairs(outcome.datasetPath).every((p) => 'path' in p.source && p.source.path === '../handbook/guide.md'));
      removeDataset(outcome.datasetPath);
    } finally {
      await restore();
    }
  });

  it('the dataset editor uses the settings of the dataset\'s own folder, not the first folder\'s', async function () {
    this.timeout(120_000);
    const handbook = folder('handbook');
    const file = vscode.Uri.joinPath(handbook.uri, 'evals', 'datasets', 'threshold.qa.jsonl');
    const pair = (i: number): DatasetPair => ({
      id: `threshold-${i}`, question: `What does the handbook say about backups (${i})?`, answer: 'Back up every night.',
      question_type: 'factual', difficulty: 'easy', contexts: ['Back up the Lumen data directory every night.'], statements: [],
      // a span hash the lines do not have: the pair is stale, so a regeneration always writes a new version
      source: { path: 'guide.md', start_line: 3, end_line: 4, span_hash: '0000000000000000' },
      quality: { score: 0.8, criteria: { grounded: 0.8, complete: 0.8, relevant: 0.8, clear: 0.8, standalone: 0.8 }, feedback: 'ok' },
      status: 'draft', generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: 'v1', iteration: 0 },
    });
    fs.mkdirSync(path.dirname(file.fsPath), { recursive: true });
    fs.writeFileSync(file.fsPath, [0, 1].map((i) => pairToLine(pair(i))).join('\n') + '\n');
    // 0.8 is above the first folder's threshold (the default 0.7) and below the handbook's own.
    const config = vscode.workspace.getConfiguration('qaforge', handbook.uri);
    await config.update('generation.validationThreshold', 0.9, vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await vscode.commands.executeCommand('vscode.openWith', file, 'qaforge.datasetEditor');
      const document = await vscode.workspace.openTextDocument(file);
      const deadline = Date.now() + 30_000;
      let delivered = false;
      while (!delivered && Date.now() < deadline) {
        // the session exists once the editor resolved; until then the command answers false
        delivered = await vscode.commands.executeCommand<boolean>('qaforge.internal.datasetEditorIntent', file.toString(),
          { kind: 'request', id: 7101, type: 'dataset.regenerate', params: { scope: 'below-threshold', ids: [] } });
        if (!delivered) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(delivered, 'the dataset editor opened');
      assert.ok(document.isDirty, 'pairs below the handbook\'s threshold were regenerated');
      const after = document.getText().split('\n').filter(Boolean).map((l) => JSON.parse(l) as DatasetPair);
      assert.equal(after.length, 2);
      for (const p of after) assert.notEqual(p.source.span_hash, '0000000000000000', `pair ${p.id} got a new version, grounded in the current guide`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await config.update('generation.validationThreshold', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      removeDataset(file.fsPath);
    }
  });
});
