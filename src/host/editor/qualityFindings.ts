/**
 * The dataset editor's quality banner: the core's quality report (the gates of `qaforge check --quality`) over the
 * document's text and the manifest beside it, as the findings the webview lists (pure: no `vscode`).
 */
import { ManifestError, type DatasetManifest, parseDataset, parseManifest } from '../../core/dataset';
import { qualityReport } from '../../core/quality/report';
import type { QualityFindingView } from '../../shared/protocol';

/**
 * Above this many pairs the editor does not compute the report on the extension host's thread: the gates take
 * ~0.2 s for 10,000 pairs (the near-duplicate gate compares only pairs that can reach its threshold), and a
 * larger file should not hold up VS Code on every save.
 */
export const EDITOR_QUALITY_MAX_PAIRS = 20000;

/** The banner's content: the findings, or why the report was not computed here. */
export interface QualityBanner {
  findings: QualityFindingView[];
  skipped?: string;
}

/**
 * Findings of the quality report of `text`. `manifestText` is the manifest beside the dataset (undefined: none, so
 * the coverage and distribution gates have nothing to compare with); an invalid manifest is a finding naming
 * `manifestName` and the field, and the other gates still run.
 */
export function qualityFindings(text: string, manifestText: string | undefined, manifestName: string): QualityFindingView[] {
  return qualityBanner(text, manifestText, manifestName, Number.POSITIVE_INFINITY).findings;
}

/** The banner of `text`: {@link qualityFindings}, or a note sending a dataset of more than `maxPairs` pairs to the CLI. */
export function qualityBanner(text: string, manifestText: string | undefined, manifestName: string, maxPairs = EDITOR_QUALITY_MAX_PAIRS): QualityBanner {
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
  if (lined.length > maxPairs) {
    return { findings, skipped: `Quality report not computed in the editor for ${lined.length} pairs (more than ${maxPairs}): run qaforge check --quality on this file.` };
  }
  for (const f of qualityReport(lined, manifest).findings) findings.push({ gate: f.gate, line: f.line, message: f.message });
  return { findings };
}
