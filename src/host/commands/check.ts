/**
 * QA Forge: Check Dataset — compares each pair's source span with the current files: ok, moved (same text at
 * other lines) or stale (text changed or gone). Results go to the Problems view on the dataset's lines.
 */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { entriesOf, pairsOf, serializeDataset } from '../../core/dataset/file';
import { applyMoves, checkStaleness, type StalenessReport } from '../../core/dataset/staleness';
import { sourceReader as readSourcesUnder } from '../../core/dataset/sources';
import { parseSessionFile } from '../../core/ingest/sessions';
import { pairName } from '../../shared/labels';
import { revealPairUri } from '../editor/revealPair';
import type { HostServices } from '../services';
import { pickDataset, type OpenDataset } from './datasetPick';

/** Summary of a check (returned by the command). */
export interface CheckOutcome {
  datasetPath: string;
  ok: number;
  moved: number;
  stale: number;
  invalidLines: number;
  reports: StalenessReport[];
}

/** Reads sources relative to the dataset's workspace folder (pdf/docx: their extracted text, as line numbers point there). */
export function sourceReader(folder: vscode.WorkspaceFolder): (p: string) => Promise<string | undefined> {
  return readSourcesUnder(folder.uri.fsPath);
}

/** Runs the staleness check of an opened dataset. */
export async function checkOpenDataset(dataset: OpenDataset): Promise<CheckOutcome> {
  const pairs = pairsOf(dataset.entries);
  const reports = await checkStaleness(pairs, sourceReader(dataset.folder), { parseSessions: parseSessionFile });
  return {
    datasetPath: dataset.uri.fsPath,
    ok: reports.filter((r) => r.state === 'ok').length,
    moved: reports.filter((r) => r.state === 'moved').length,
    stale: reports.filter((r) => r.state === 'stale').length,
    invalidLines: dataset.entries.filter((e) => e.kind === 'invalid').length,
    reports,
  };
}

function diagnosticsFor(dataset: OpenDataset, outcome: CheckOutcome): vscode.Diagnostic[] {
  const lineOf = new Map(dataset.entries.flatMap((e) => (e.kind === 'pair' ? [[e.pair.id, e.line] as const] : [])));
  const questionOf = new Map(dataset.entries.flatMap((e) => (e.kind === 'pair' ? [[e.pair.id, e.pair.question] as const] : [])));
  const out: vscode.Diagnostic[] = [];
  for (const r of outcome.reports) {
    if (r.state === 'ok') continue;
    const line = Math.max(0, (lineOf.get(r.id) ?? 1) - 1);
    const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200),
      r.state === 'stale' ? `Stale pair ${pairName(questionOf.get(r.id), r.id)}: ${r.reason ?? 'its source text changed'}` : `Source of pair ${pairName(questionOf.get(r.id), r.id)} moved: ${r.reason ?? 'same text at other lines'}`,
      r.state === 'stale' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
    d.source = 'QA Forge';
    // The entry's link opens the dataset editor at the pair's row (the editor ignores a text selection).
    d.code = { value: 'show pair', target: revealPairUri(dataset.uri, r.id) };
    out.push(d);
  }
  for (const e of dataset.entries) {
    if (e.kind !== 'invalid') continue;
    const line = Math.max(0, e.line - 1);
    out.push(Object.assign(new vscode.Diagnostic(new vscode.Range(line, 0, line, 200), `Invalid line: ${e.error}`, vscode.DiagnosticSeverity.Error), { source: 'QA Forge' }));
  }
  return out;
}

/** The command: check, show in Problems, offer to fix moved line numbers or regenerate stale pairs. */
export async function checkDataset(services: HostServices, diagnostics: vscode.DiagnosticCollection, arg?: unknown): Promise<CheckOutcome | undefined> {
  const dataset = await pickDataset(arg, 'check');
  if (!dataset) return undefined;
  const outcome = await checkOpenDataset(dataset);
  diagnostics.set(dataset.uri, diagnosticsFor(dataset, outcome));
  const name = vscode.workspace.asRelativePath(dataset.uri);
  services.log.info(`check ${name}: ${outcome.ok} ok, ${outcome.moved} moved, ${outcome.stale} stale, ${outcome.invalidLines} invalid lines`);
  const message = `QA Forge: ${name}: ${outcome.ok} up to date, ${outcome.moved} moved, ${outcome.stale} stale${outcome.invalidLines ? `, ${outcome.invalidLines} invalid lines` : ''}.`;
  const actions = [...(outcome.moved ? ['Update Moved'] : []), ...(outcome.stale ? ['Regenerate Stale'] : [])];
  void vscode.window.showInformationMessage(message, ...actions).then(async (pick) => {
    if (pick === 'Update Moved') {
      const moved = applyMoves(pairsOf(dataset.entries), outcome.reports);
      const invalid = dataset.entries.filter((e) => e.kind === 'invalid');
      await writeFileAtomic(dataset.uri.fsPath, serializeDataset([...entriesOf(moved), ...invalid]));
      services.log.info(`updated line numbers of ${outcome.moved} moved pairs in ${name}`);
      void vscode.commands.executeCommand('qaforge.checkDataset', dataset.uri);
    }
    if (pick === 'Regenerate Stale') void vscode.commands.executeCommand('qaforge.regenerateStale', dataset.uri);
  });
  return outcome;
}
