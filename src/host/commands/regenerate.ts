/**
 * QA Forge: Regenerate Low-Quality Pairs / Regenerate Stale Pairs — re-runs only those pairs of a dataset,
 * each with its own critique (H1's regeneratePairs), keeping ids; pairs a person accepted, edited or rejected
 * are never touched. The dataset file is rewritten atomically under the same per-file lock as generation.
 */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/dataset/atomic';
import { pairsOf, serializeDataset } from '../../core/dataset/file';
import { mergeWithSummary } from '../../core/dataset/merge';
import { lineSpanHash } from '../../core/dataset/span';
import { isSessionSource, type DatasetPair } from '../../core/dataset/types';
import type { LlmPort } from '../../core/llm/port';
import type { Difficulty, GenerationParams } from '../../core/pipeline/params';
import type { QAPair } from '../../core/pipeline/records';
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

const CONTEXT_LINES = 3;

/** The dataset pair as the pipeline's QAPair, for regeneratePairs. */
function toQaPair(pair: DatasetPair): QAPair {
  const s = pair.source;
  return {
    id: pair.id, question: pair.question, answer: pair.answer, questionType: pair.question_type,
    difficulty: pair.difficulty as Difficulty, chunkId: `dataset:${pair.id}`, statementIds: [], contexts: [...pair.contexts],
    provenance: isSessionSource(s)
      ? { kind: 'session', file: s.session_file, sessionId: s.session_id, messageIndices: [...s.message_indices], spanHash: s.span_hash }
      : { kind: 'file', path: s.path, startLine: s.start_line, endLine: s.end_line, start: 0, end: 0, spanHash: s.span_hash },
    quality: pair.quality ? { score: pair.quality.score, criteria: pair.quality.criteria as NonNullable<QAPair['quality']>['criteria'], feedback: pair.quality.feedback } : undefined,
    iteration: pair.generator.iteration, previousScores: [...(pair.previous_scores ?? [])],
  };
}

/** The text a pair must be grounded in now: its current source lines (with a little context), else its contexts. */
async function currentSource(pair: DatasetPair, read: (p: string) => Promise<string | undefined>): Promise<string> {
  if (isSessionSource(pair.source)) return pair.contexts.join('\n\n');
  const text = await read(pair.source.path);
  if (text === undefined) return pair.contexts.join('\n\n');
  const lines = text.split(/\r?\n/);
  const from = Math.max(0, pair.source.start_line - 1 - CONTEXT_LINES);
  const to = Math.min(lines.length, pair.source.end_line + CONTEXT_LINES);
  const span = lines.slice(from, to).join('\n').trim();
  return span || pair.contexts.join('\n\n');
}

async function selectPairs(dataset: OpenDataset, scope: RegenerateScope, params: GenerationParams): Promise<DatasetPair[]> {
  const drafts = pairsOf(dataset.entries).filter((p) => p.status === 'draft');
  if (scope === 'low-quality') return drafts.filter((p) => p.quality === null || p.quality.score < params.validationThreshold);
  const check = await checkOpenDataset(dataset);
  const stale = new Set(check.reports.filter((r) => r.state === 'stale').map((r) => r.id));
  return drafts.filter((p) => stale.has(p.id));
}

/** Back to a dataset pair: new text and quality, the source's span hash refreshed from the current file. */
async function fromQaPair(original: DatasetPair, next: QAPair, llm: LlmPort, read: (p: string) => Promise<string | undefined>): Promise<DatasetPair> {
  const source = { ...original.source };
  if (!isSessionSource(source)) {
    const text = await read(source.path);
    const hash = text === undefined ? undefined : lineSpanHash(text, source.start_line, source.end_line);
    if (hash) source.span_hash = hash;
  }
  return {
    ...original, question: next.question, answer: next.answer, contexts: [...next.contexts], source,
    quality: next.quality ? { score: next.quality.score, criteria: { ...next.quality.criteria }, feedback: next.quality.feedback } : original.quality,
    generator: { ...original.generator, provider: llm.provider, model: llm.model, iteration: next.iteration },
  };
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
  const items = await Promise.all(chosen.map(async (pair) => ({ pair: toQaPair(pair), sourceText: await currentSource(pair, read) })));
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
      const incoming: DatasetPair[] = [];
      for (const next of regenerated) {
        const original = byId.get(next.id);
        if (!original) continue;
        const changed = next.question !== original.question || next.answer !== original.answer;
        if (changed && (next.quality?.score ?? 0) >= (original.quality?.score ?? 0)) outcome.improved += 1;
        incoming.push(await fromQaPair(original, next, llm, read));
      }
      const { entries, summary } = mergeWithSummary(dataset.entries, incoming);
      await writeFileAtomic(dataset.uri.fsPath, serializeDataset(entries));
      outcome.cancelled = abort.signal.aborted;
      services.log.info(`[${runId}] regenerated ${chosen.length} ${scope} pairs of ${name}: ${summary.replaced} replaced, ${summary.unchanged} unchanged`);
      void vscode.window.showInformationMessage(`QA Forge: regenerated ${chosen.length} ${scope} pairs in ${name}; ${summary.replaced} updated.`);
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
