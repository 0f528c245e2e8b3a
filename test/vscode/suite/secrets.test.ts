import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { endpointStats, inWorkspace, qaforge, removeDataset, requireEndpoint, resetEndpointStats } from './helpers';

const KEY = 'sk-qaforge-test-4f1c2b9e7d';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return e.isFile() && fs.statSync(full).size < 5_000_000 ? [full] : [];
  });
}

describe('API key', () => {
  after(async () => {
    await vscode.commands.executeCommand('qaforge.setApiKey', '');
  });

  it('Set API Key stores the key in SecretStorage and nowhere in settings', async () => {
    const { api } = await qaforge();
    await vscode.commands.executeCommand('qaforge.setApiKey', '');
    assert.strictEqual(await api.isApiKeySet(), false);
    assert.strictEqual(await vscode.commands.executeCommand('qaforge.setApiKey', KEY), true);
    assert.strictEqual(await api.isApiKeySet(), true);
    const config = vscode.workspace.getConfiguration('qaforge');
    assert.ok(!JSON.stringify(config).includes(KEY), 'not in the effective settings');
    const settingsFiles = [vscode.workspace.workspaceFile!.fsPath, inWorkspace('.vscode', 'settings.json').fsPath,
      ...filesUnder(path.join(process.env.HOME ?? '/nonexistent', '..', 'user-data', 'User')).filter((f) => f.endsWith('.json'))];
    for (const file of settingsFiles) {
      if (fs.existsSync(file)) assert.ok(!fs.readFileSync(file, 'utf8').includes(KEY), `${file} does not hold the key`);
    }
  });

  it('the stored key is what reaches the endpoint, and never the dataset', async function () {
    requireEndpoint(this);
    await resetEndpointStats();
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'configuration.md'));
    assert.ok(outcome && outcome.pairs > 0);
    const stats = await endpointStats();
    assert.ok(stats.fast.authorizations.includes(`Bearer ${KEY}`), `authorizations seen: ${stats.fast.authorizations.map((a) => a.slice(0, 12)).join(', ')}`);
    for (const file of [outcome.datasetPath!, outcome.datasetPath!.replace(/\.qa\.jsonl$/, '.qa.manifest.json')]) {
      assert.ok(!fs.readFileSync(file, 'utf8').includes(KEY), `${file} does not hold the key`);
    }
    removeDataset(outcome.datasetPath!);
  });

  it('the QA Forge log records the run stages and never the key', async function () {
    const userData = path.join(process.env.HOME ?? '/nonexistent', '..', 'user-data');
    const logs = filesUnder(userData).filter((f) => f.endsWith('QA Forge.log'));
    if (logs.length === 0) this.skip(); // desktop VS Code keeps logs elsewhere
    const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.match(text, /ExtractStatements|GenerateQuestions/, 'stages are logged');
    assert.match(text, /run completed/);
    assert.ok(!text.includes(KEY), 'the key is not in the log');
  });
});
