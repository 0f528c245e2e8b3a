/**
 * QA Forge's extension entry. Activation stays light: commands are registered here and their modules (the
 * pipeline, ingest readers, the openai client) are loaded on first use through dynamic imports.
 */
import * as vscode from 'vscode';
import type { QaForgeApi } from './api';
import type { GenerationOutcome } from './runs/generationRun';
import { readParams } from './config';
import { readApiKey } from './secrets';
import { HostServices } from './services';
import { registerWebviews } from './webviews';

/** Set by esbuild.js: false in the production bundle, which then drops the test-only command below. */
declare const QAFORGE_TEST_HOOKS: boolean;

/** Registers a command whose implementation module is imported on first use. */
function lazyCommand<A extends unknown[]>(context: vscode.ExtensionContext, id: string, run: (...args: A) => Promise<unknown>): void {
  context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => run(...(args as A))));
}

/** Activates QA Forge. */
export function activate(context: vscode.ExtensionContext): QaForgeApi {
  const services = new HostServices(context);
  const diagnostics = vscode.languages.createDiagnosticCollection('qaforge');
  context.subscriptions.push(services, diagnostics);
  registerWebviews(context, {
    resolveLlm: (scope) => services.resolveLlm(scope),
    params: (scope) => readParams(scope),
    log: (line) => services.log.info(line),
    regenerate: async (target, llm) => (await import('./runs/regenerationRun')).runRegeneration(services, target, llm),
  });

  const gen = (source: 'folder' | 'files' | 'editor' | 'transcript') => async (uri?: vscode.Uri, uris?: vscode.Uri[]) =>
    (await import('./commands/generate')).generate(services, source, uri, Array.isArray(uris) ? uris : undefined);
  // Context menus read a lone "&" as a mnemonic ("Generate QA Dataset…"): their entries are these aliases, titled
  // "Q&&A" (a literal "&" there), while the palette keeps the plain titles (package.json hides the aliases).
  for (const id of ['generateFromFolder', 'generateFromFiles', 'generateFromEditor', 'generateFromTranscript']) {
    context.subscriptions.push(vscode.commands.registerCommand(`qaforge.menu.${id}`, (...args: unknown[]) => vscode.commands.executeCommand(`qaforge.${id}`, ...args)));
  }
  lazyCommand(context, 'qaforge.generateFromFolder', gen('folder'));
  lazyCommand(context, 'qaforge.generateFromFiles', gen('files'));
  lazyCommand(context, 'qaforge.generateFromEditor', gen('editor'));
  lazyCommand(context, 'qaforge.generateFromTranscript', gen('transcript'));
  lazyCommand(context, 'qaforge.showPipeline', async () => (await import('./commands/pipeline')).showPipeline(services));
  lazyCommand(context, 'qaforge.regenerateLowQuality', async (arg?: unknown) => (await import('./commands/regenerate')).regenerate(services, 'low-quality', arg));
  lazyCommand(context, 'qaforge.regenerateStale', async (arg?: unknown) => (await import('./commands/regenerate')).regenerate(services, 'stale', arg));
  lazyCommand(context, 'qaforge.checkDataset', async (arg?: unknown) => (await import('./commands/check')).checkDataset(services, diagnostics, arg));
  lazyCommand(context, 'qaforge.exportDataset', async (arg?: unknown, format?: unknown, target?: unknown, options?: unknown) =>
    (await import('./commands/export')).exportDatasetCommand(services, arg, format, target, options));
  lazyCommand(context, 'qaforge.selectModel', async () => (await import('./commands/model')).selectModel(services));
  lazyCommand(context, 'qaforge.setApiKey', async (value?: unknown) => (await import('./commands/model')).setApiKey(services, value));
  lazyCommand(context, 'qaforge.clearCache', async () => (await import('./commands/model')).clearCache(services));
  lazyCommand(context, 'qaforge.cancelRun', async () => cancelRun(services));
  lazyCommand(context, 'qaforge.showLog', async () => services.log.show());
  lazyCommand(context, 'qaforge.reattachBatchJobs', async () => {
    if (vscode.workspace.isTrusted) return reattachBatchRuns(services, false);
    void vscode.window.showWarningMessage('QA Forge: batch runs are re-attached only in a trusted workspace (their replies are written into the dataset).');
    return [];
  });

  // A batch run survives a window reload: offer to re-attach to its jobs still in flight (off the activation path).
  if (vscode.workspace.isTrusted) void reattachBatchRuns(services, true);
  // The VS Code suites cannot reload the window they run in: they call the activation's offer through this command,
  // which exists only in a test build while the tests run (see testHooks.ts).
  if (QAFORGE_TEST_HOOKS && context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(vscode.commands.registerCommand('qaforge.internal.offerReattach', () => reattachBatchRuns(services, true)));
  }

  return {
    onDidRunEvent: services.onDidRunEvent,
    activeRuns: () => services.runs.list().map(({ id, label, stage }) => ({ id, label, stage })),
    isApiKeySet: async () => (await readApiKey(context.secrets)) !== undefined,
  };
}

/**
 * Re-attaches kept batch runs with jobs in flight (asking first when `ask`, on activation); each runs its generate
 * command again, which attaches to the jobs and never resubmits them. Returns each re-attached run's outcome.
 */
async function reattachBatchRuns(services: HostServices, ask: boolean): Promise<Array<GenerationOutcome | undefined>> {
  try {
    const [{ offerReattach }, { generate }] = await Promise.all([import('./runs/batchResume'), import('./commands/generate')]);
    const outcomes = await offerReattach(services, (run, resume) =>
      generate(services, run.source, undefined, run.targets.map((t) => vscode.Uri.parse(t)), resume), ask);
    if (!ask && outcomes.length === 0) void vscode.window.showInformationMessage('QA Forge: no batch run of this workspace has jobs still in flight.');
    return outcomes;
  } catch (error) {
    services.log.warn(`batch runs not re-attached: ${(error as Error).message}`);
    if (!ask) void vscode.window.showErrorMessage(`QA Forge: batch runs not re-attached: ${(error as Error).message}`);
    return [];
  }
}

/** Cancels the only run, or the one the user picks; the pairs produced so far are written. */
async function cancelRun(services: HostServices): Promise<void> {
  const runs = services.runs.list();
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('QA Forge: no run in progress.');
    return;
  }
  const pick = runs.length === 1 ? runs[0] : (await vscode.window.showQuickPick(
    runs.map((r) => ({ label: r.label, description: r.stage, run: r })), { title: 'QA Forge: cancel which run?' }))?.run;
  pick?.cancel();
}

/** Nothing to release beyond context.subscriptions. */
export function deactivate(): void {}
