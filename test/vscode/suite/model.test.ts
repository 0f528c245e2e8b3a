import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { answerQuickInput, inWorkspace, qaforge, removeDataset, requireEndpoint, withSetting } from './helpers';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('model commands', function () {
  before(async function () {
    requireEndpoint(this);
    await qaforge();
  });

  it('Select Model lists the VS Code chat models first and stores the picked vendor and family', async () => {
    const config = () => vscode.workspace.getConfiguration('qaforge');
    const before = { provider: config().inspect('provider')?.workspaceValue };
    try {
      await answerQuickInput(vscode.commands.executeCommand('qaforge.selectModel'), 'workbench.action.acceptSelectedQuickOpenItem');
      assert.strictEqual(config().get('provider'), 'vscode-lm');
      assert.strictEqual(config().get('vscodeLm.vendor'), 'qaforge-test');
      assert.strictEqual(config().get('vscodeLm.family'), 'qaforge-test-family');
    } finally {
      await config().update('provider', before.provider, vscode.ConfigurationTarget.Workspace);
      await config().update('vscodeLm.vendor', undefined, vscode.ConfigurationTarget.Global);
      await config().update('vscodeLm.family', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('replies are cached in the extension storage, and Clear Cache empties it', async function () {
    const userData = path.join(process.env.HOME ?? '/nonexistent', '..', 'user-data');
    if (!fs.existsSync(userData)) this.skip(); // desktop VS Code keeps its storage elsewhere
    const restore = await withSetting('cache.enabled', true);
    try {
      const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'configuration.md'));
      assert.ok(outcome && outcome.pairs > 0);
      removeDataset(outcome.datasetPath!);
      const cached = filesUnder(userData).filter((f) => f.includes(`${path.sep}qaforge.qaforge${path.sep}cache${path.sep}`));
      assert.ok(cached.length > 0, 'the run filled the cache');
      await vscode.commands.executeCommand('qaforge.clearCache');
      assert.ok(cached.every((f) => !fs.existsSync(f)), 'Clear Cache removed them');
    } finally {
      await restore();
    }
  });
});
