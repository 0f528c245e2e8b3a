/**
 * One regeneration in the window, for the Regenerate commands and the dataset editor alike: the core's
 * regenerate-in-a-dataset use case under the dataset file's lock, registered with the run manager (status bar,
 * Cancel Run), with a cancellable progress notification, the settings of the dataset's own workspace folder,
 * the core's source reader, events to the log and the pipeline view, and a question before reviewed pairs
 * are regenerated. The caller says how the new versions are written (file or editor document).
 */
import * as vscode from 'vscode';
import { sourceReader } from '../../core/dataset/sources';
import type { DatasetPair } from '../../core/dataset/types';
import { parseSessionFile } from '../../core/ingest/sessions';
import type { LlmPort } from '../../core/llm/port';
import { regenerateInDataset, type RegenerateResult, type RegenerateScope } from '../../core/usecases/regenerateInDataset';
import { readModelSettings, readParams } from '../config';
export { regenerationMessage } from './regenerationMessage';
import type { HostServices } from '../services';

/** What to regenerate. */
export interface RegenerationTarget {
  /** The dataset file (its lock, its workspace folder's settings). */
  uri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  /** Reads the dataset's pairs as they are now — called under the lock. */
  pairs: () => Promise<DatasetPair[]> | DatasetPair[];
  scope: RegenerateScope;
  ids?: readonly string[];
  /** Writes the new versions — called under the lock, so no other run writes the file in between. */
  apply: (result: RegenerateResult) => Promise<void>;
}

/** Asks before regenerating pairs a person reviewed; false keeps them. */
async function confirmReviewed(count: number): Promise<boolean> {
  const yes = 'Regenerate Them Too';
  const pick = await vscode.window.showWarningMessage(
    `QA Forge: ${count} of the selected pairs ${count === 1 ? 'was' : 'were'} reviewed (accepted, edited or rejected). Regenerate ${count === 1 ? 'it' : 'them'} too?`,
    { modal: true, detail: 'A regenerated pair becomes a draft again and needs a new review. Skip leaves reviewed pairs exactly as they are.' },
    yes, 'Skip Reviewed');
  return pick === yes;
}

const SCOPE_TITLE: Record<RegenerateScope, string> = { selected: 'selected', 'below-threshold': 'low-quality', stale: 'stale' };

/** Runs the regeneration; the result's `updated` holds the new versions to write. */
export async function runRegeneration(services: HostServices, target: RegenerationTarget, llm: LlmPort): Promise<RegenerateResult> {
  const name = vscode.workspace.asRelativePath(target.uri);
  if (services.runs.isBusy(target.uri)) services.log.info(`${target.uri.fsPath} is being written by another run; this regeneration waits for it`);
  return services.runs.exclusive(target.uri, () => Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `QA Forge: regenerating ${SCOPE_TITLE[target.scope]} pairs of ${name}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const runId = services.runs.nextRunId();
      const registration = services.runs.add({ id: runId, label: `regenerate ${name}`, stage: 'regenerating', cancel: () => abort.abort() });
      try {
        const scope = target.folder.uri;
        const result = await regenerateInDataset({
          pairs: await target.pairs(), scope: target.scope, ids: target.ids,
          read: sourceReader(target.folder.uri.fsPath), parseSessions: parseSessionFile,
          params: readParams(scope), llm, concurrency: readModelSettings(scope).concurrency,
          hooks: {
            signal: abort.signal, confirmReviewed,
            onEvent: (event) => {
              services.log.event(runId, event);
              if (event.type === 'node-started') {
                services.runs.setStage(runId, event.node);
                progress.report({ message: event.node });
              }
              services.publish({ runId, event, datasetUri: target.uri });
            },
          },
        });
        for (const error of result.errors) services.log.warn(`[${runId}] ${error.node}${error.subject ? ` (${error.subject})` : ''}: ${error.message}`);
        const kept = result.keptReviewed ? `, ${result.keptReviewed} reviewed kept` : '';
        if (result.updated.size > 0) await target.apply(result);
        services.log.info(`[${runId}] regenerate ${SCOPE_TITLE[target.scope]} in ${name}: ${result.chosen} chosen, ${result.updated.size} replaced${kept}${result.whyNothing ? ` — nothing changed: ${result.whyNothing}` : ''}`);
        return result;
      } finally {
        registration.dispose();
      }
    })));
}
