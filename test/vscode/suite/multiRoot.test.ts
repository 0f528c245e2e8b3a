import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
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
});
