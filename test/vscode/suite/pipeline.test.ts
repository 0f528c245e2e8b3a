import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { inWorkspace, qaforge, removeDataset, requireEndpoint, withSetting } from './helpers';

function pipelineTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('qaforge.pipeline'));
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(check(), what);
}

describe('pipeline view', () => {
  before(async () => {
    await qaforge();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Pipeline opens one pipeline panel, and running it again reveals the same one', async () => {
    await vscode.commands.executeCommand('qaforge.showPipeline');
    await until(() => pipelineTabs().length === 1, 'a pipeline panel tab is open');
    await vscode.commands.executeCommand('qaforge.showPipeline');
    assert.strictEqual(pipelineTabs().length, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until(() => pipelineTabs().length === 0, 'closed');
  });

  it('a generation opens the pipeline panel to follow the run', async function () {
    requireEndpoint(this);
    const restore = await withSetting('showPipelineOnRun', true);
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'configuration.md'));
    assert.ok(outcome && outcome.pairs > 0);
    await until(() => pipelineTabs().length === 1, 'the run opened the pipeline panel');
    removeDataset(outcome.datasetPath!);
    await restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Pipeline after a run shows that run: graph, counters and pairs', async function () {
    requireEndpoint(this);
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
    assert.ok(outcome && outcome.pairs > 0);
    removeDataset(outcome.datasetPath!);
    await vscode.commands.executeCommand('qaforge.showPipeline');
    await until(() => pipelineTabs().length === 1, 'the panel is open');
    const tab = pipelineTabs()[0];
    assert.strictEqual(tab.label, 'QA Forge: getting-started', 'the panel follows the finished run, named after its dataset');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
