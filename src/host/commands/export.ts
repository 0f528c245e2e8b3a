/**
 * QA Forge: Export Dataset… — the dataset in another tool's format. Formats that write several files (OpenAI
 * evals with its registry YAML, the Evals API with its data source config, Hugging Face with its dataset card)
 * write them beside the chosen file and say so.
 */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import {
  datasetNameOf, exportDescription, exportExtension, exportFiles, EXPORT_FORMATS, isExportFormat, mayReplace,
  PROMPTFOO_ASSERTIONS, type ExportFormat, type ExportOptions, type PromptfooAssertion,
} from '../../core/dataset/export/index';
import { pairsOf } from '../../core/dataset/file';
import { manifestPathFor, parseManifest, type DatasetManifest } from '../../core/dataset/manifest';
import type { HostServices } from '../services';
import { requireTrust } from '../trust';
import { pickDataset } from './datasetPick';

const ASSERTION_DETAILS: Record<PromptfooAssertion, string> = {
  'rouge-n': 'ROUGE-N overlap with the reference answer — runs offline, no grader model',
  factuality: 'model-graded factual agreement with the reference answer — needs a grader model',
  'llm-rubric': 'model-graded rubric against the reference answer — needs a grader model',
  none: 'no assertion: use your own defaultTest assertions',
};

/** Options a script may pass as the fourth argument: `{ assert, escapeFormulas, name }`. */
function scriptOptions(arg: unknown): Pick<ExportOptions, 'assert' | 'escapeFormulas' | 'name'> {
  if (arg === null || typeof arg !== 'object') return {};
  const o = arg as Record<string, unknown>;
  return {
    assert: typeof o.assert === 'string' && (PROMPTFOO_ASSERTIONS as readonly string[]).includes(o.assert) ? (o.assert as PromptfooAssertion) : undefined,
    escapeFormulas: typeof o.escapeFormulas === 'boolean' ? o.escapeFormulas : undefined,
    name: typeof o.name === 'string' ? o.name : undefined,
  };
}

async function manifestBeside(dataset: vscode.Uri): Promise<DatasetManifest | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(dataset.with({ path: manifestPathFor(dataset.path) }));
    return parseManifest(new TextDecoder().decode(bytes));
  } catch {
    return undefined; // no manifest, or an invalid one: the export goes on without its facts
  }
}

async function existingText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * The command. Arguments for scripts: (datasetUri, format, targetUri, options) skip the pickers.
 * Returns the written main file's path.
 */
export async function exportDatasetCommand(services: HostServices, arg?: unknown, formatArg?: unknown, targetArg?: unknown, optionsArg?: unknown): Promise<string | undefined> {
  if (!requireTrust('Exporting a dataset')) return undefined;
  const dataset = await pickDataset(arg, 'export');
  if (!dataset) return undefined;
  const scripted = targetArg instanceof vscode.Uri;
  let format: ExportFormat | undefined = typeof formatArg === 'string' && isExportFormat(formatArg) ? formatArg : undefined;
  if (!format) {
    const pick = await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: f, detail: exportDescription(f), format: f })), { title: 'QA Forge: export format' });
    if (!pick) return undefined;
    format = pick.format;
  }
  const options: ExportOptions = { ...scriptOptions(optionsArg) };
  if (format === 'promptfoo' && !options.assert && !scripted) {
    const pick = await vscode.window.showQuickPick(PROMPTFOO_ASSERTIONS.map((a) => ({ label: a, detail: ASSERTION_DETAILS[a], assertion: a })), { title: 'QA Forge: promptfoo assertion' });
    if (!pick) return undefined;
    options.assert = pick.assertion;
  }
  if (format === 'csv' && options.escapeFormulas === undefined && !scripted) {
    const pick = await vscode.window.showQuickPick([
      { label: 'Escape formula-like cells', detail: "Cells starting with = + - @ get a leading ' so spreadsheets show them as text (recommended)", escape: true },
      { label: 'Write cells as they are', detail: 'For tools that read the CSV as data, not a spreadsheet', escape: false },
    ], { title: 'QA Forge: CSV cells' });
    if (!pick) return undefined;
    options.escapeFormulas = pick.escape;
  }
  const base = dataset.uri.path.replace(/\.qa\.jsonl$/, '');
  const suggested = dataset.uri.with({ path: `${base}.${format}.${exportExtension(format)}` });
  const target = scripted ? targetArg : await vscode.window.showSaveDialog({ defaultUri: suggested, title: `Export as ${format}` });
  if (!target) return undefined;
  const fileName = target.path.slice(target.path.lastIndexOf('/') + 1);
  const folder = target.with({ path: target.path.slice(0, target.path.lastIndexOf('/')) });
  options.name ??= datasetNameOf(dataset.uri.path.slice(dataset.uri.path.lastIndexOf('/') + 1));
  options.manifest = await manifestBeside(dataset.uri);
  const files = exportFiles(pairsOf(dataset.entries), format, options, fileName)
    .map((f, i) => ({ ...f, uri: i === 0 ? target : vscode.Uri.joinPath(folder, f.name) }));
  for (const f of files.slice(1)) {
    const existing = await existingText(f.uri);
    if (existing !== undefined && !mayReplace(f, existing)) {
      void vscode.window.showErrorMessage(`QA Forge: ${format} also writes ${vscode.workspace.asRelativePath(f.uri)}, which exists and was not written by QA Forge. Export into another folder.`);
      return undefined;
    }
  }
  for (const f of files) await writeFileAtomic(f.uri.fsPath, f.text);
  const written = files.map((f) => vscode.workspace.asRelativePath(f.uri));
  services.log.info(`exported ${vscode.workspace.asRelativePath(dataset.uri)} as ${format} to ${written.join(', ')}`);
  if (!scripted) {
    const message = files.length > 1 ? `QA Forge: exported ${files.length} files: ${written.join(', ')}.` : `QA Forge: exported to ${written[0]}.`;
    void vscode.window.showInformationMessage(message, 'Open').then((p) => {
      if (p === 'Open') void vscode.commands.executeCommand('vscode.open', target);
    });
  }
  return target.fsPath;
}
