/** QA Forge: Export Dataset… — the dataset in another tool's format (Ragas, DeepEval, promptfoo, OpenAI evals, CSV, Axion). */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { exportDataset as render, exportExtension, EXPORT_FORMATS, type ExportFormat } from '../../core/dataset/export/index';
import { pairsOf } from '../../core/dataset/file';
import type { HostServices } from '../services';
import { requireTrust } from '../trust';
import { pickDataset } from './datasetPick';

const DESCRIPTIONS: Record<ExportFormat, string> = {
  ragas: 'Ragas EvaluationDataset (user_input, reference, reference_contexts) — JSONL',
  deepeval: 'DeepEval goldens (input, expected_output, context) — JSON',
  promptfoo: 'promptfoo tests (vars + assertions) — YAML',
  'openai-evals': 'OpenAI evals samples (input messages, ideal) — JSONL',
  csv: 'Spreadsheet — CSV (RFC 4180)',
  axion: 'Axion dataset (query, expected_output, expected_reference) — JSON',
};

/**
 * The command. Arguments for scripts: (datasetUri, format, targetUri) skip the pickers.
 * Returns the written file's path.
 */
export async function exportDatasetCommand(services: HostServices, arg?: unknown, formatArg?: unknown, targetArg?: unknown): Promise<string | undefined> {
  if (!requireTrust('Exporting a dataset')) return undefined;
  const dataset = await pickDataset(arg, 'export');
  if (!dataset) return undefined;
  let format = typeof formatArg === 'string' && (EXPORT_FORMATS as string[]).includes(formatArg) ? (formatArg as ExportFormat) : undefined;
  if (!format) {
    const pick = await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: f, detail: DESCRIPTIONS[f], format: f })), { title: 'QA Forge: export format' });
    if (!pick) return undefined;
    format = pick.format;
  }
  const base = dataset.uri.path.replace(/\.qa\.jsonl$/, '');
  const suggested = dataset.uri.with({ path: `${base}.${format}.${exportExtension(format)}` });
  const target = targetArg instanceof vscode.Uri ? targetArg : await vscode.window.showSaveDialog({ defaultUri: suggested, title: `Export as ${format}` });
  if (!target) return undefined;
  const pairs = pairsOf(dataset.entries);
  await writeFileAtomic(target.fsPath, render(pairs, format));
  services.log.info(`exported ${vscode.workspace.asRelativePath(dataset.uri)} as ${format} to ${target.fsPath}`);
  if (!(targetArg instanceof vscode.Uri)) {
    void vscode.window.showInformationMessage(`QA Forge: exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then((p) => {
      if (p === 'Open') void vscode.commands.executeCommand('vscode.open', target);
    });
  }
  return target.fsPath;
}
