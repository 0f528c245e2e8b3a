/**
 * The dataset editor's quality banner: the core's quality report (the gates of `qaforge check --quality`) over the
 * document's text and the manifest beside it, as the findings the webview lists (pure: no `vscode`).
 */
import { ManifestError, type DatasetManifest, parseDataset, parseManifest } from '../../core/dataset';
import { qualityReport } from '../../core/quality/report';
import type { QualityFindingView } from '../../shared/protocol';

/**
 * Findings of the quality report of `text`. `manifestText` is the manifest beside the dataset (undefined: none, so
 * the coverage and distribution gates have nothing to compare with); an invalid manifest is a finding naming
 * `manifestName` and the field, and the other gates still run.
 */
export function qualityFindings(text: string, manifestText: string | undefined, manifestName: string): QualityFindingView[] {
  const findings: QualityFindingView[] = [];
  let manifest: DatasetManifest | undefined;
  if (manifestText !== undefined) {
    try {
      manifest = parseManifest(manifestText);
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      for (const problem of e.problems) findings.push({ gate: 'manifest', line: 0, message: `${manifestName} is invalid: ${problem}` });
    }
  }
  const entries = parseDataset(text);
  const lined = entries.flatMap((e) => (e.kind === 'pair' ? [{ line: e.line, pair: e.pair }] : []));
  for (const f of qualityReport(lined, manifest).findings) findings.push({ gate: f.gate, line: f.line, message: f.message });
  return findings;
}
