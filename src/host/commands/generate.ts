/**
 * The four "Generate Q&A Dataset" commands: from a folder, from selected files, from the active editor and
 * from a transcript. Each: trust → read sources → model → confirm (pairs, types, difficulty, output,
 * estimate) → run. They return the run's outcome (undefined when nothing ran) so scripts can chain them.
 */
import * as vscode from 'vscode';
import { sessionToDocument } from '../../core/ingest';
import { readBatchEnabled, readConfirmBeforeRun, readModelSettings, readOutputFolder, readParams, readValidatedOnly } from '../config';
import type { LlmPort } from '../../core/llm/port';
import { BATCH_CONCURRENCY } from '../../core/usecases/batchRun';
import { batchUnavailable } from '../llmProvider';
import { BatchJobBoard } from '../runs/batchJobBoard';
import { keepBatchRun, type BatchResume } from '../runs/batchResume';
import { defaultDatasetUri } from '../output';
import { executeGeneration, type GenerationOutcome, type GenerationPlan } from '../runs/generationRun';
import { saveDatasetEditsFirst } from '../runs/unsavedDataset';
import { loadDocumentSources, loadEditorSource, loadTranscriptSources, SourceError, type LoadedSources } from '../runs/sources';
import type { HostServices } from '../services';
import { requireTrust } from '../trust';
import { confirmRun } from './confirmRun';
import { reportError } from './errors';

/** Which generate command ran. */
export type GenerateSource = 'folder' | 'files' | 'editor' | 'transcript';

async function pickUris(source: GenerateSource): Promise<vscode.Uri[] | undefined> {
  const defaultUri = vscode.workspace.workspaceFolders?.[0]?.uri;
  const byKind: Record<Exclude<GenerateSource, 'editor'>, vscode.OpenDialogOptions> = {
    folder: { canSelectFolders: true, canSelectFiles: false, openLabel: 'Generate from Folder', defaultUri },
    files: { canSelectFiles: true, canSelectMany: true, openLabel: 'Generate from Files', defaultUri },
    transcript: { canSelectFiles: true, openLabel: 'Generate from Transcript', defaultUri, filters: { Transcripts: ['json', 'jsonl', 'md'] } },
  };
  if (source === 'editor') return undefined;
  return vscode.window.showOpenDialog(byKind[source]);
}

function labelOf(source: GenerateSource, uris: readonly vscode.Uri[], loaded: LoadedSources): string {
  if (uris.length === 1) return vscode.workspace.asRelativePath(uris[0], false) || loaded.folder.name;
  return source === 'files' ? `${uris.length} files` : loaded.folder.name;
}

/**
 * Reads the sources. For the editor command, a document with unsaved changes is read from the editor (what
 * you see is what is sent); otherwise the file goes through ingest like any other (PDF, Word, notebooks…).
 */
async function load(source: GenerateSource, uris: vscode.Uri[]): Promise<LoadedSources | undefined> {
  if (source === 'editor') {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uris[0]?.toString());
    if (open?.isDirty) return loadEditorSource(open);
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'QA Forge: reading files' },
    () => (source === 'transcript' ? loadTranscriptSources(uris[0]) : loadDocumentSources(uris)));
}

/** The ids of a batch client's jobs (factory.ts LlmClient `batchJobs`), kept live as jobs are submitted. */
function batchJobIdsOf(llm: LlmPort): readonly string[] | undefined {
  const ids = (llm as { batchJobs?: unknown }).batchJobs;
  return Array.isArray(ids) ? ids as string[] : undefined;
}

/**
 * Runs one generate command. `uri`/`uris` are what the Explorer passes (clicked item, multi-selection). `resume`:
 * re-attach a batch run after a window reload (batchResume.ts) — its params and dataset, no confirm step.
 */
export async function generate(services: HostServices, source: GenerateSource, uri?: vscode.Uri, uris?: vscode.Uri[], resume?: BatchResume): Promise<GenerationOutcome | undefined> {
  try {
    if (!requireTrust('Generating a dataset')) return undefined;
    let targets = uris && uris.length > 0 ? uris : uri instanceof vscode.Uri ? [uri] : [];
    if (source === 'editor' && targets.length === 0) {
      const active = vscode.window.activeTextEditor?.document.uri;
      if (!active) {
        void vscode.window.showInformationMessage('QA Forge: open a document in the editor first, then run this command.');
        return undefined;
      }
      targets = [active];
    }
    if (targets.length === 0) targets = (await pickUris(source)) ?? [];
    if (targets.length === 0) return undefined;

    const loaded = await load(source, targets);
    if (!loaded) return undefined;
    const label = labelOf(source, targets, loaded);
    if (loaded.documents.length === 0 && loaded.sessions.length === 0) {
      const reasons = loaded.skipped.slice(0, 3).map((s) => `${s.path}: ${s.reason}`).join('; ');
      for (const s of loaded.skipped) services.log.info(`skipped ${s.path}: ${s.reason}`);
      const pick = await vscode.window.showWarningMessage(
        `QA Forge: nothing to read in ${label}${reasons ? ` (${reasons}${loaded.skipped.length > 3 ? '; …' : ''})` : ''}. Check qaforge.files.include/exclude.`,
        'Open Settings', 'Show Log');
      if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'qaforge.files');
      if (pick === 'Show Log') services.log.show();
      return undefined;
    }

    const scope = loaded.folder.uri;
    let llm = await services.resolveLlm(scope);
    if (!llm) return undefined;
    let params = resume?.params ?? readParams(scope);
    let datasetUri = resume?.datasetUri ?? await defaultDatasetUri(targets[0] ?? scope, loaded.folder, readOutputFolder(scope));
    const settings = readModelSettings(scope);
    const noBatch = readBatchEnabled(scope) && !resume ? batchUnavailable(settings) : undefined;
    if (noBatch) void vscode.window.showWarningMessage(`QA Forge: qaforge.batch.enabled is on, but ${noBatch}; this run makes live calls.`);
    const offerBatch = readBatchEnabled(scope) && batchUnavailable(settings) === undefined;
    let batch = resume !== undefined || (offerBatch && !readConfirmBeforeRun(scope));
    if (!resume && readConfirmBeforeRun(scope)) {
      const confirmed = await confirmRun([...loaded.documents, ...loaded.sessions.map((s) => sessionToDocument(s))], { params, datasetUri }, `${llm.provider}/${llm.model}`, label, offerBatch);
      if (!confirmed) return undefined;
      ({ params, datasetUri } = confirmed);
      batch = confirmed.batch === true;
    }
    if (!(await saveDatasetEditsFirst(datasetUri))) return undefined;
    const datasetFolder = vscode.workspace.getWorkspaceFolder(datasetUri) ?? loaded.folder;
    const viewer = await services.runViewer();
    let runId: string | undefined;
    const board = new BatchJobBoard(resume?.saved);
    if (batch) {
      llm = await services.resolveLlm(scope, true, {
        datasetPath: datasetUri.fsPath,
        onProgress: (progress) => {
          const jobs = board.update(progress);
          if (runId) viewer.postBatchJobs(runId, jobs);
        },
      });
      if (!llm) return undefined;
      // kept before any job exists: a reload at any point after this finds the run again
      await keepBatchRun(services.context, { source, targets: targets.map((t) => t.toString()), params, datasetUri: datasetUri.toString() });
    }
    const plan: GenerationPlan = {
      label, sourceFolder: loaded.folder, documents: loaded.documents, sessions: loaded.sessions, skipped: loaded.skipped,
      datasetUri, datasetFolder, params, validatedOnly: readValidatedOnly(datasetFolder.uri),
      batchJobIds: batch ? batchJobIdsOf(llm) : undefined,
    };
    return await executeGeneration(plan, {
      // in batch mode a stage's calls are all queued together (one job), so the pool must not hold them back
      log: services.log, runs: services.runs, llm, concurrency: batch ? BATCH_CONCURRENCY : settings.concurrency,
      // …but split each stage as a live run would, so a batch run sends the same requests and shares their cache
      splitCalls: settings.concurrency,
      onStart: (id, cancel, p) => {
        runId = id;
        viewer.attach(id, cancel, p.datasetUri);
        if (batch) viewer.postBatchJobs(id, board.list());
      },
      onEvent: (runId, event, p) => services.publish({ runId, event, datasetUri: p.datasetUri }),
    });
  } catch (error) {
    if (error instanceof SourceError) {
      void vscode.window.showWarningMessage(`QA Forge: ${error.message}`);
      return undefined;
    }
    reportError(services, 'Generation failed', error);
    return undefined;
  }
}
