/**
 * The step before a run: shows what will happen (pairs, question types, difficulty, output file) with the
 * estimated calls, tokens and cost, and lets the user change any of it. Returns undefined when dismissed.
 */
import * as vscode from 'vscode';
import type { SourceDocument } from '../../core/ingest/types';
import { resolveParams, type Difficulty, type GenerationParams } from '../../core/domain/params';
import { estimateTokens } from '../../core/text/tokens';
import { prompts } from '../prompts';
import { estimateLine } from './estimateLine';
import { readModelSettings } from '../config';

/** What the user confirmed. */
export interface ConfirmedRun {
  params: GenerationParams;
  datasetUri: vscode.Uri;
  /** Run the model calls as provider batch jobs ("Run as batch job"). */
  batch?: boolean;
}

type Step = 'pairs' | 'types' | 'difficulty' | 'output' | 'start' | 'batch';
interface StepItem extends vscode.QuickPickItem { step: Step }

const KNOWN_TYPES = ['factual', 'conceptual', 'application', 'analysis'];

function estimate(documents: readonly SourceDocument[], params: GenerationParams, model: string, scope: vscode.Uri, batch = false): string {
  return estimateLine(documents.map((d) => estimateTokens(d.text)), params, model, { batch, concurrency: readModelSettings(scope).concurrency });
}

/** Pairs proposed when the setting was never set: the core's default of 1 makes a first run look broken. */
const FIRST_RUN_PAIRS = 20;

/** The pairs count this workspace asked for last (the setting, when set anywhere), else {@link FIRST_RUN_PAIRS}. */
function rememberedPairs(scope: vscode.Uri, params: GenerationParams): number {
  const seen = vscode.workspace.getConfiguration('qaforge', scope).inspect<number>('generation.numPairs');
  const set = seen?.workspaceFolderValue ?? seen?.workspaceValue ?? seen?.globalValue;
  return set === undefined ? FIRST_RUN_PAIRS : params.numPairs;
}

/** Remembers a changed pairs count for this workspace, so the next run proposes it again. */
async function rememberPairs(scope: vscode.Uri, numPairs: number): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  try {
    await vscode.workspace.getConfiguration('qaforge', scope).update('generation.numPairs', numPairs, target);
  } catch {
    // a read-only or untrusted workspace settings file: the choice holds for this run only
  }
}

async function askPairs(params: GenerationParams): Promise<GenerationParams> {
  const value = await prompts().inputBox({
    title: 'Number of pairs', value: String(params.numPairs), prompt: 'Total question/answer pairs for this run (1–10000)',
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 10000 ? undefined : 'Enter a whole number from 1 to 10000'),
  });
  return value === undefined ? params : resolveParams({ ...params, numPairs: Number(value) });
}

async function askTypes(params: GenerationParams): Promise<GenerationParams> {
  const all = [...new Set([...KNOWN_TYPES, ...params.questionTypes])];
  const picked = await prompts().quickPickMany(all.map((t) => ({ label: t, picked: params.questionTypes.includes(t) })), {
    title: 'Question types', placeHolder: 'Pairs are balanced over the selected types',
  });
  return picked && picked.length > 0 ? resolveParams({ ...params, questionTypes: picked.map((p) => p.label) }) : params;
}

async function askDifficulty(params: GenerationParams): Promise<GenerationParams> {
  const levels: Difficulty[] = ['easy', 'medium', 'hard'];
  const picked = await prompts().quickPick(levels.map((l) => ({ label: l, description: l === params.difficulty ? 'current' : undefined })), { title: 'Difficulty' });
  return picked ? resolveParams({ ...params, difficulty: picked.label as Difficulty }) : params;
}

async function askOutput(current: vscode.Uri): Promise<vscode.Uri> {
  const picked = await vscode.window.showSaveDialog({ defaultUri: current, title: 'Dataset file', filters: { 'QA Forge dataset': ['jsonl'] }, saveLabel: 'Use This File' });
  if (!picked) return current;
  if (!vscode.workspace.getWorkspaceFolder(picked)) {
    void vscode.window.showWarningMessage('QA Forge: the dataset must be inside an open workspace folder (its paths are relative to that folder). Keeping the previous location.');
    return current;
  }
  return picked.path.endsWith('.jsonl') ? picked : picked.with({ path: `${picked.path}.qa.jsonl` });
}

/**
 * Shows the confirm step until the user starts the run or dismisses it. `offerBatch`: the model has a Batch API
 * and `qaforge.batch.enabled` is on — "Run as batch job" is then the first choice (Enter), live generation the second.
 */
export async function confirmRun(documents: readonly SourceDocument[], initial: ConfirmedRun, model: string, label: string, offerBatch = false): Promise<ConfirmedRun | undefined> {
  let { params, datasetUri } = initial;
  const proposed = rememberedPairs(datasetUri, params);
  if (proposed !== params.numPairs) params = resolveParams({ ...params, numPairs: proposed });
  for (;;) {
    const live: StepItem = { step: 'start', label: '$(play) Generate', detail: estimate(documents, params, model, datasetUri), alwaysShow: true };
    const batch: StepItem = {
      step: 'batch', label: '$(cloud-upload) Run as batch job', description: 'half price, done within 24 h, survives a window reload',
      detail: estimate(documents, params, model, datasetUri, true), alwaysShow: true,
    };
    const items: StepItem[] = [
      ...(offerBatch ? [batch, live] : [live]),
      { step: 'pairs', label: `$(symbol-number) Pairs: ${params.numPairs}`, description: 'change' },
      { step: 'types', label: `$(list-unordered) Question types: ${params.questionTypes.join(', ')}`, description: 'change' },
      { step: 'difficulty', label: `$(dashboard) Difficulty: ${params.difficulty}`, description: 'change' },
      { step: 'output', label: `$(file) Output: ${vscode.workspace.asRelativePath(datasetUri)}`, description: 'change' },
    ];
    const pick = await prompts().quickPick(items, {
      title: `QA Forge: generate from ${label} (model: ${model})`, placeHolder: `Press Enter to ${offerBatch ? 'run as a batch job' : 'generate'}, or pick a line to change it`, ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    switch (pick.step) {
      case 'start': return { params, datasetUri, batch: false };
      case 'batch': return { params, datasetUri, batch: true };
      case 'pairs': {
        const before = params.numPairs;
        params = await askPairs(params);
        if (params.numPairs !== before) await rememberPairs(datasetUri, params.numPairs);
        break;
      }
      case 'types': params = await askTypes(params); break;
      case 'difficulty': params = await askDifficulty(params); break;
      case 'output': datasetUri = await askOutput(datasetUri); break;
    }
  }
}
