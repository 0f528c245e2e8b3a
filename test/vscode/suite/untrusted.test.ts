import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { endpointStats, endpoints, inWorkspace, qaforge, resetEndpointStats } from './helpers';

// Runs only in the harness's second session, where code-server starts without --disable-workspace-trust.
describe('[untrusted] restricted mode', () => {
  before(async () => {
    await qaforge();
    if (endpoints.controlUrl) await resetEndpointStats();
  });

  it('the workspace is not trusted and QA Forge is active in it (limited support)', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension('qaforge.qaforge')?.isActive);
  });

  it('workspace settings that choose where data goes are ignored', () => {
    // The .code-workspace sets provider=openai with the endpoint URL (restricted) and numPairs=4 (not restricted).
    const config = vscode.workspace.getConfiguration('qaforge');
    assert.strictEqual(config.get('generation.numPairs'), 4, 'the workspace settings are loaded');
    assert.strictEqual(config.get('provider'), 'vscode-lm', 'but the provider it chose is ignored');
    assert.strictEqual(config.get('openai.baseUrl'), '', 'and so is its endpoint URL');
  });

  it('generation, regeneration and export refuse, send nothing and write nothing', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('qaforge.generateFromFolder', inWorkspace('docs')), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('qaforge.generateFromTranscript', inWorkspace('chats', 'support.jsonl')), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('qaforge.regenerateLowQuality', inWorkspace('tests', 'datasets', 'docs.qa.jsonl')), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('qaforge.exportDataset', inWorkspace('tests', 'datasets', 'docs.qa.jsonl'), 'csv'), undefined);
    assert.ok(!fs.existsSync(inWorkspace('tests', 'datasets').fsPath), 'no dataset folder was created');
    if (endpoints.controlUrl) {
      const stats = await endpointStats();
      assert.strictEqual(stats.fast.calls + stats.slow.calls, 0, 'no model call was made');
    }
  });
});
