/**
 * QA Forge: Regenerate Low-Quality Pairs / Regenerate Stale Pairs — re-runs only those pairs of a dataset,
 * each with its own critique (H1's regeneratePairs), keeping ids; pairs a person accepted, edited or rejected
 * are never touched. The dataset file is rewritten atomically under the same per-file lock as generation.
 */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { pairsOf, serializeDataset } from '../../core/dataset/file';
import { regeneratedPair, sourceTextFor, toQaPair } from '../../core/dataset/regeneration';
import { isSessionSource, type DatasetPair } from '../../core/dataset/types';
import type { LlmPort } from '../../core/llm/port';
import type { GenerationParams } from '../../core/domain/params';
import { regeneratePairs } from '../../core/pipeline/regenerate';
import { readModelSettings, readParams } from '../config';
import type { HostServices } from '../services';
import { saveDatasetEditsFirst } from '../runs/unsavedDataset';
import { requireTrust } from '../trust';
import { checkOpenDataset, sourceReader } from './check';
import { pickDataset, type OpenDataset } from './datasetPick';
import { reportError } from './errors';

/** Which pairs to regenerate. */
export type RegenerateScope = 'low-quality' | 'stale';

/** What a regeneration did (returned by the commands). */
export interface RegenerateOutcome {
  datasetPath: string;
  selected: number;
  improved: number;
  cancelled: boolean;
}

async function selectPairs(dataset: OpenDataset, scope: RegenerateScope, params: GenerationParams): Promise<DatasetPair[]> {
  const drafts = pairsOf(dataset.entries).filter((p) => p.status === 'draft');
  if (scope === 'low-quality') return drafts.filter((p) => p.quality === null || p.quality.score < params.validationThreshold);
  const check = await checkOpenDataset(dataset);
  const stale = new Set(check.reports.filter((r) => r.state === 'stale').map((r) => r.id));
  return drafts.filter((p) => stale.has(p.id));
}

async function regenerateIn(services: HostServices, dataset: OpenDataset, scope: RegenerateScope, llm: LlmPort): Promise<RegenerateOutcome> {
  const params = readParams(dataset.folder.uri);
  const chosen = await selectPairs(dataset, scope, params);
  const name = vscode.workspace.asRelativePath(dataset.uri);
  const outcome: RegenerateOutcome = { datasetPath: dataset.uri.fsPath, selected: chosen.length, improved: 0, cancelled: false };
  if (chosen.length === 0) {
    void vscode.window.showInformationMessage(`QA Forge: no ${scope === 'stale' ? 'stale' : 'low-quality'} draft pairs in ${name}.`);
    return outcome;
  }
  const read = sourceReader(dataset.folder);
  const items = await Promise.all(chosen.map(async (pair) => ({ pair: toQaPair(pair), sourceText: await sourceTextFor(pair, read) })));
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `QA Forge: regenerating ${chosen.length} ${scope} pairs of ${name}`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const runId = services.runs.nextRunId();
    const registration = services.runs.add({ id: runId, label: `regenerate ${name}`, stage: 'regenerating', cancel: () => abort.abort() });
    try {
      const result = await regeneratePairs(items, params, {
        llm, concurrency: readModelSettings(dataset.folder.uri).concurrency, signal: abort.signal,
        onEvent: (event) => {
          services.log.event(runId, event);
          if (event.type === 'node-started') progress.report({ message: event.node });
          services.publish({ runId, event, datasetUri: dataset.uri });
        },
      }, { refreshSource: scope === 'stale' });
      for (const error of result.errors) services.log.warn(`[${runId}] ${error.node}: ${error.message}`);
      const regenerated = result.pairs;
      const byId = new Map(chosen.map((p) => [p.id, p]));
      const updated = new Map<string, DatasetPair>();
      for (const next of regenerated) {
        const original = byId.get(next.id);
        if (!original) continue;
        const current = isSessionSource(original.source) ? undefined : await read(original.source.path);
        const replacement = regeneratedPair(original, next, llm, current);
        if (!replacement) continue;
        if ((next.quality?.score ?? 0) >= (original.quality?.score ?? 0)) outcome.improved += 1;
        updated.set(next.id, replacement);
      }
      const entries = dataset.entries.map((e) => (e.kind === 'pair' && updated.has(e.pair.id) ? { ...e, pair: updated.get(e.pair.id)! } : e));
      await writeFileAtomic(dataset.uri.fsPath, serializeDataset(entries));
      outcome.cancelled = abort.signal.aborted;
      services.log.info(`[${runId}] regenerated ${chosen.length} ${scope} pairs of ${name}: ${updated.size} replaced, ${chosen.length - updated.size} unchanged`);
      void vscode.window.showInformationMessage(`QA Forge: regenerated ${chosen.length} ${scope} pairs in ${name}; ${updated.size} updated.`);
      return outcome;
    } finally {
      registration.dispose();
    }
  });
}

/** The command. */
export async function regenerate(services: HostServices, scope: RegenerateScope, arg?: unknown): Promise<RegenerateOutcome | undefined> {
  try {
    if (!requireTrust('Regenerating pairs')) return undefined;
    const picked = await pickDataset(arg, scope === 'stale' ? 'refresh' : 'improve');
    if (!picked || !(await saveDatasetEditsFirst(picked.uri))) return undefined;
    const llm = await services.resolveLlm(picked.folder.uri);
    if (!llm) return undefined;
    // Re-read under the lock: a generation may have just written this file.
    return await services.runs.exclusive(picked.uri, async () => {
      const fresh = await pickDataset(picked.uri, scope);
      return fresh ? regenerateIn(services, fresh, scope, llm) : undefined;
    });
  } catch (error) {
    reportError(services, 'Regeneration failed', error);
    return undefined;
  }
}
