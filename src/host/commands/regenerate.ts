/**
 * QA Forge: Regenerate Low-Quality Pairs / Regenerate Stale Pairs — re-runs only those draft pairs of a dataset
 * through the one regeneration path (runs/regenerationRun.ts, shared with the dataset editor), keeping ids;
 * pairs a person reviewed are never touched. The dataset file is rewritten atomically under the per-file lock.
 */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { pairsOf, parseDataset, serializeDataset } from '../../core/dataset/file';
import { promises as fs } from 'fs';
import { regenerationMessage, runRegeneration } from '../runs/regenerationRun';
import type { HostServices } from '../services';
import { saveDatasetEditsFirst } from '../runs/unsavedDataset';
import { requireTrust } from '../trust';
import { pickDataset } from './datasetPick';
import { reportError } from './errors';

/** Which pairs the commands regenerate. */
export type RegenerateCommandScope = 'low-quality' | 'stale';

/** What a regeneration did (returned by the commands). */
export interface RegenerateOutcome {
  datasetPath: string;
  selected: number;
  improved: number;
  /** Pairs whose new version was written. */
  updated: number;
  cancelled: boolean;
  /** Why nothing changed, when nothing did. */
  whyNothing?: string;
}

/** The command. */
export async function regenerate(services: HostServices, scope: RegenerateCommandScope, arg?: unknown): Promise<RegenerateOutcome | undefined> {
  try {
    if (!requireTrust('Regenerating pairs')) return undefined;
    const picked = await pickDataset(arg, scope === 'stale' ? 'refresh' : 'improve');
    if (!picked || !(await saveDatasetEditsFirst(picked.uri))) return undefined;
    const llm = await services.resolveLlm(picked.folder.uri);
    if (!llm) return undefined;
    const file = picked.uri.fsPath;
    let entries = picked.entries;
    const result = await runRegeneration(services, {
      uri: picked.uri, folder: picked.folder, scope: scope === 'stale' ? 'stale' : 'below-threshold',
      // Re-read under the lock: a generation may have just written this file.
      pairs: async () => {
        entries = parseDataset(await fs.readFile(file, 'utf8'));
        return pairsOf(entries);
      },
      apply: async ({ updated }) => {
        const next = entries.map((e) => (e.kind === 'pair' && updated.has(e.pair.id) ? { ...e, pair: updated.get(e.pair.id)! } : e));
        await writeFileAtomic(file, serializeDataset(next));
      },
    }, llm);
    void vscode.window.showInformationMessage(`QA Forge: ${vscode.workspace.asRelativePath(picked.uri)}: ${regenerationMessage(result)}`);
    return {
      datasetPath: file, selected: result.chosen, improved: result.improved, updated: result.updated.size,
      cancelled: result.cancelled, whyNothing: result.whyNothing,
    };
  } catch (error) {
    reportError(services, 'Regeneration failed', error);
    return undefined;
  }
}
