/**
 * The quality banner: the findings of the dataset's quality report (the gates of `qaforge check --quality`, computed
 * by the host), one line each in the CLI's words, under a summary counting them per gate. Text only.
 */
import { counted } from '../../src/shared/labels';
import type { QualityFindingView } from '../../src/shared/protocol';
import { h, icon } from '../common/dom';

/** "near_duplicate 2, coverage 1": findings per gate, most first. */
export function findingsPerGate(findings: readonly QualityFindingView[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.gate, (counts.get(f.gate) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([g, n]) => `${g} ${n}`).join(', ');
}

/** One finding as a line: "line 12: quality near_duplicate: …"; "dataset: …" for findings about the whole file. */
export function findingLine(f: QualityFindingView): string {
  return `${f.line > 0 ? `line ${f.line}` : 'dataset'}: quality ${f.gate}: ${f.message}`;
}

/** Findings listed before "and N more". */
const SHOWN = 50;

/** Draws the report into `host`: a passing line, the findings under a collapsible summary, or why it was skipped. */
export function drawQuality(host: HTMLElement, findings: readonly QualityFindingView[], skipped?: string): void {
  if (skipped !== undefined && findings.length === 0) {
    host.replaceChildren(h('p', { className: 'quality-summary skipped' }, [icon('info'), h('span', { text: ` ${skipped}` })]));
    return;
  }
  if (findings.length === 0) {
    host.replaceChildren(h('p', { className: 'quality-summary passed' }, [icon('pass'), h('span', { text: ' Quality report: every gate passed' })]));
    return;
  }
  const more = findings.length - SHOWN;
  host.replaceChildren(h('details', {}, [
    h('summary', { className: 'quality-summary failed' }, [
      icon('warning'), h('span', { text: ` Quality report: ${counted(findings.length, 'finding')} (${findingsPerGate(findings)})` }),
    ]),
    h('ul', {}, [
      ...findings.slice(0, SHOWN).map((f) => h('li', { text: findingLine(f), attrs: { 'data-gate': f.gate, 'data-line': String(f.line) } })),
      ...(more > 0 ? [h('li', { className: 'muted', text: `and ${more} more (run qaforge check --quality for all)` })] : []),
      ...(skipped !== undefined ? [h('li', { className: 'muted', text: skipped })] : []),
    ]),
  ]));
}
