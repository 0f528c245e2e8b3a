/**
 * One generation run in the window: the core's generate-into-a-dataset use case (generationJob.ts) with a
 * cancellable progress notification, the status bar, the log, the pipeline panel fed with the run's events,
 * and a modal question before regenerated pairs replace reviewed ones.
 */
import * as vscode from 'vscode';
import { shortfallNote } from '../../shared/labels';
import type { LlmPort } from '../../core/llm/port';
import type { Session, SkippedFile, SourceDocument } from '../../core/ingest/types';
import type { RunEvent } from '../../core/domain/events';
import type { GenerationParams } from '../../core/domain/params';
import type { RunResult, RunStatus } from '../../core/domain/records';
import { relativePosix } from '../../core/usecases/sessionFiles';
import { mergeCounts } from '../../core/dataset/merge';
import type { QaForgeLog } from '../log';
import { runPlannedGeneration } from './generationJob';
import type { RunManager } from './runManager';

/** Everything a run needs, decided before it starts (sources loaded, output chosen, params confirmed). */
export interface GenerationPlan {
  /** What the user picked, for messages (e.g. `docs`, `3 files`). */
  label: string;
  /** The workspace folder the sources' paths are relative to. */
  sourceFolder: vscode.WorkspaceFolder;
  documents: SourceDocument[];
  sessions: Session[];
  skipped: SkippedFile[];
  datasetUri: vscode.Uri;
  /** The workspace folder holding the dataset file (paths in the file are relative to it). */
  datasetFolder: vscode.WorkspaceFolder;
  params: GenerationParams;
  /** Write only pairs at or above the threshold (`qaforge.validatedOnly`). */
  validatedOnly: boolean;
  /** A batch run: its client's job ids (filled as jobs are submitted), recorded in the manifest. */
  batchJobIds?: readonly string[];
}

/** What a finished run reports (also the value the generate commands return, for scripts and tests). */
export interface GenerationOutcome {
  runId: string;
  status: RunStatus;
  datasetPath?: string;
  /** Pairs this run produced, validated or not. */
  pairs: number;
  validated: number;
  /** Pairs now in the dataset file. */
  pairsInFile: number;
  added: number;
  errors: string[];
  /** The notification the user is shown for this run (the shortfall "199 of 400 asked: …" included). */
  notice?: string;
}

/** Listeners of run events across the window (pipeline panel, tests, the public API). */
export type RunEventSink = (runId: string, event: RunEvent, plan: GenerationPlan) => void;

/** Collaborators of a run. */
export interface RunDeps {
  log: QaForgeLog;
  runs: RunManager;
  llm: LlmPort;
  concurrency: number;
  /** How many calls a stage spreads its work over (default: `concurrency`); a batch run passes the live concurrency. */
  splitCalls?: number;
  onEvent: RunEventSink;
  /** Called when the run starts, with its cancel handle (the pipeline panel attaches to it). */
  onStart?: (runId: string, cancel: () => void, plan: GenerationPlan) => void;
}

/** Asks before the run's new versions replace pairs a person accepted or edited. */
async function confirmReplaceReviewed(count: number, plan: GenerationPlan): Promise<boolean> {
  const replace = 'Replace Reviewed Pairs';
  const pick = await vscode.window.showWarningMessage(
    `QA Forge: this run produced new versions of ${count} pair${count === 1 ? '' : 's'} you accepted or edited in ${vscode.workspace.asRelativePath(plan.datasetUri)}. Replace ${count === 1 ? 'it' : 'them'}?`,
    { modal: true, detail: 'Keep leaves your reviewed pairs as they are; the other pairs are written either way.' }, replace, 'Keep Reviewed');
  return pick === replace;
}

const sourcesLine = (plan: GenerationPlan): string => [
  plan.documents.length ? `${plan.documents.length} document${plan.documents.length === 1 ? '' : 's'}` : '',
  plan.sessions.length ? `${plan.sessions.length} session${plan.sessions.length === 1 ? '' : 's'}` : '',
].filter(Boolean).join(' and ');

function describe(outcome: GenerationOutcome, plan: GenerationPlan, result: RunResult): string {
  const where = relativePosix(plan.datasetFolder.uri.fsPath, plan.datasetUri.fsPath);
  const usage = `${result.usage.calls} calls, ${result.usage.promptTokens + result.usage.completionTokens} tokens${result.usage.costUsd > 0 ? `, $${result.usage.costUsd.toFixed(4)}` : ''}`;
  const head: Record<RunStatus, string> = {
    completed: 'QA Forge: generated',
    cancelled: 'QA Forge: cancelled; kept',
    failed: 'QA Forge: the run failed; kept',
    'budget-exceeded': 'QA Forge: budget reached; kept',
  };
  const shortfall = shortfallNote(plan.params.numPairs, outcome.pairs, outcome.status === 'completed');
  return `${head[outcome.status]} ${outcome.pairs} pairs${shortfall ? ` (${shortfall})` : ''} (${outcome.validated} above the quality threshold) in ${where} — ${outcome.added} new. ${usage}.`;
}

/** Runs the plan under the dataset file's lock and reports the outcome to the user. */
export async function executeGeneration(plan: GenerationPlan, deps: RunDeps): Promise<GenerationOutcome> {
  const { log, runs } = deps;
  if (runs.isBusy(plan.datasetUri)) {
    log.info(`${plan.datasetUri.fsPath} is being written by another run; this run waits for it`);
  }
  return runs.exclusive(plan.datasetUri, () => Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `QA Forge: generating from ${plan.label}`, cancellable: true },
    async (progress, token) => {
      const runId = runs.nextRunId();
      const abort = new AbortController();
      const cancel = (): void => abort.abort();
      token.onCancellationRequested(cancel);
      const registration = runs.add({ id: runId, label: `${plan.label} → ${vscode.workspace.asRelativePath(plan.datasetUri)}`, stage: 'starting', cancel });
      let validated = 0;
      try {
        log.info(`[${runId}] ${sourcesLine(plan)} from ${plan.label} → ${plan.datasetUri.fsPath} with ${deps.llm.provider}/${deps.llm.model}`);
        for (const s of plan.skipped) log.info(`[${runId}] skipped ${s.path}: ${s.reason}`);
        deps.onStart?.(runId, cancel, plan);
        const generated = await runPlannedGeneration({
          documents: plan.documents, sessions: plan.sessions, sourceRoot: plan.sourceFolder.uri.fsPath,
          datasetPath: plan.datasetUri.fsPath, datasetRoot: plan.datasetFolder.uri.fsPath, params: plan.params,
          options: { validatedOnly: plan.validatedOnly }, batchJobIds: plan.batchJobIds,
        }, {
          llm: deps.llm, concurrency: deps.concurrency, splitCalls: deps.splitCalls, signal: abort.signal,
          log: (line) => log.info(`[${runId}] ${line}`),
          confirmReplaceReviewed: (count) => confirmReplaceReviewed(count, plan),
          onEvent: (event) => {
            log.event(runId, event);
            if (event.type === 'node-started') {
              runs.setStage(runId, event.node);
              progress.report({ message: `${event.node}${event.iteration > 0 ? ` (iteration ${event.iteration})` : ''} — ${validated} pairs so far` });
            }
            if (event.type === 'pair-validated' && event.accepted) validated += 1;
            deps.onEvent(runId, event, plan);
          },
        });
        const { result } = generated;
        const outcome: GenerationOutcome = {
          runId, status: abort.signal.aborted && result.status === 'completed' ? 'cancelled' : result.status,
          pairs: result.qaPairs.length, validated: result.validatedQaPairs.length, pairsInFile: 0, added: 0,
          errors: [...(generated.fatal ? [generated.fatal.message] : []), ...result.errors.map((e) => `${e.node}: ${e.message}`)],
        };
        for (const error of result.errors) log.warn(`[${runId}] ${error.node}${error.subject ? ` (${error.subject})` : ''}: ${error.message}`);
        if (generated.written) {
          const { merge } = generated;
          outcome.datasetPath = plan.datasetUri.fsPath;
          outcome.pairsInFile = generated.pairsInFile;
          outcome.added = merge.added;
          log.info(`[${runId}] wrote ${plan.datasetUri.fsPath}: ${mergeCounts(merge)}`);
        } else {
          log.warn(`[${runId}] no pairs produced; ${plan.datasetUri.fsPath} left unchanged`);
        }
        if (outcome.pairs > 0) outcome.notice = describe(outcome, plan, result);
        void notify(outcome, plan, result, log);
        return outcome;
      } finally {
        registration.dispose();
      }
    })));
}

/** Actions that fix the likely cause of a run's errors, besides Show Log / Open Settings. */
function remedies(errors: readonly string[]): string[] {
  const text = errors.join('\n');
  const out: string[] = [];
  if (/\b40[13]\b|api key|unauthori[sz]ed|authentication/i.test(text)) out.push('Set API Key');
  if (/model.{0,40}(not found|does not exist|unknown)|\b404\b|no VS Code chat model|consent/i.test(text)) out.push('Select Model');
  return out;
}

async function notify(outcome: GenerationOutcome, plan: GenerationPlan, result: RunResult, log: QaForgeLog): Promise<void> {
  const fixes = remedies(outcome.errors);
  let pick: string | undefined;
  if (outcome.pairs === 0) {
    const why = outcome.errors[0] ?? (plan.documents.length + plan.sessions.length === 0 ? 'no readable documents' : 'the model returned nothing usable');
    pick = await vscode.window.showErrorMessage(`QA Forge: no pairs were produced from ${plan.label} (${why}).`, ...fixes, 'Show Log', 'Open Settings');
  } else {
    const message = outcome.notice ?? describe(outcome, plan, result);
    const show = outcome.status === 'completed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    pick = await show(message, 'Open Dataset', ...fixes, 'Show Log');
  }
  if (pick === 'Open Dataset') void vscode.commands.executeCommand('vscode.open', plan.datasetUri);
  if (pick === 'Show Log') log.show();
  if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'qaforge');
  if (pick === 'Set API Key') void vscode.commands.executeCommand('qaforge.setApiKey');
  if (pick === 'Select Model') void vscode.commands.executeCommand('qaforge.selectModel');
}
