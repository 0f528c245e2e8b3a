/**
 * The dataset editor's data: the rows the host sent, which of them are stale, the selection, and the filter.
 * Filtering is a single pass over precomputed lower-case text, so 10,000 pairs filter in a few milliseconds.
 */
import { PAIR_KIND_ORDER, type InvalidLineView, type PairKindView, type PairRow, type PairStatusView } from '../../src/shared/protocol';

/** Score bins of the histogram (and of the score filter): [i/10, (i+1)/10), the last one closed. */
export const SCORE_BINS = 10;

/** What the table shows. Every member narrows; null/false/'' means "no restriction". */
export interface Filter {
  text: string;
  belowThreshold: boolean;
  stale: boolean;
  questionType: string | null;
  difficulty: string | null;
  status: PairStatusView | null;
  source: string | null;
  kind: PairKindView | null;
  /** Index of a score bin (0..SCORE_BINS-1). */
  scoreBin: number | null;
}

/** The filter that shows everything. */
export function noFilter(): Filter {
  return { text: '', belowThreshold: false, stale: false, questionType: null, difficulty: null, status: null, source: null, kind: null, scoreBin: null };
}

/** The score bin of a score. */
export function binOf(score: number): number {
  return Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score * SCORE_BINS)));
}

/** The document as the editor holds it. */
export class DatasetModel {
  rows: PairRow[] = [];
  invalid: InvalidLineView[] = [];
  threshold = 0.7;
  version = -1;
  stale = new Set<string>();
  /** Why a pair is stale, where the host said ("docs/a.md no longer exists"). */
  staleReasons: Record<string, string> = {};
  readonly selected = new Set<string>();
  private haystack: string[] = [];
  private byId = new Map<string, number>();

  /** Replaces the document (keeps the selection of pairs that still exist). */
  load(rows: PairRow[], invalid: InvalidLineView[], threshold: number, version: number): void {
    this.rows = rows;
    this.invalid = invalid;
    this.threshold = threshold;
    this.version = version;
    this.haystack = rows.map((r) => `${r.question}\n${r.answer}\n${r.source}\n${r.feedback}`.toLowerCase());
    this.byId = new Map(rows.map((r, i) => [r.id, i]));
    for (const id of [...this.selected]) if (!this.byId.has(id)) this.selected.delete(id);
  }

  /** The row with this id. */
  row(id: string): PairRow | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.rows[i];
  }

  /** Indices (into rows) of the rows passing the filter, in file order. */
  apply(filter: Filter): number[] {
    const needle = filter.text.trim().toLowerCase();
    const out: number[] = [];
    const { rows, haystack, threshold, stale } = this;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (filter.belowThreshold && !(r.score === null || r.score < threshold)) continue;
      if (filter.stale && !stale.has(r.id)) continue;
      if (filter.questionType !== null && r.questionType !== filter.questionType) continue;
      if (filter.difficulty !== null && r.difficulty !== filter.difficulty) continue;
      if (filter.status !== null && r.status !== filter.status) continue;
      if (filter.source !== null && r.source !== filter.source) continue;
      if (filter.kind !== null && r.kind !== filter.kind) continue;
      if (filter.scoreBin !== null && (r.score === null || binOf(r.score) !== filter.scoreBin)) continue;
      if (needle && !haystack[i].includes(needle)) continue;
      out.push(i);
    }
    return out;
  }

  /** Ids of pairs below the threshold (or never scored). */
  belowThresholdIds(): string[] {
    return this.rows.filter((r) => r.score === null || r.score < this.threshold).map((r) => r.id);
  }
}

/** Counts of a summary chart. */
export interface Summary {
  scoreBins: number[];
  unscored: number;
  types: Array<[string, number]>;
  difficulties: Array<[string, number]>;
  sources: Array<[string, number]>;
  /** Pairs per kind, in the core's kind order, kinds with no pair left out. */
  kinds: Array<[PairKindView, number]>;
}

function countBy(rows: PairRow[], key: (r: PairRow) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const DIFFICULTY_ORDER = ['easy', 'medium', 'hard'];

/** The counts the summary strip draws (over all pairs of the document). */
export function summarize(rows: PairRow[]): Summary {
  const scoreBins = new Array<number>(SCORE_BINS).fill(0);
  let unscored = 0;
  for (const r of rows) {
    if (r.score === null) unscored++;
    else scoreBins[binOf(r.score)]++;
  }
  const difficulties = countBy(rows, (r) => r.difficulty)
    .sort((a, b) => (DIFFICULTY_ORDER.indexOf(a[0]) + 1 || 99) - (DIFFICULTY_ORDER.indexOf(b[0]) + 1 || 99));
  const perKind = new Map<PairKindView, number>();
  for (const r of rows) perKind.set(r.kind, (perKind.get(r.kind) ?? 0) + 1);
  const kinds = PAIR_KIND_ORDER.flatMap((k): Array<[PairKindView, number]> => (perKind.has(k) ? [[k, perKind.get(k) ?? 0]] : []));
  return { scoreBins, unscored, types: countBy(rows, (r) => r.questionType), difficulties, sources: countBy(rows, (r) => r.source), kinds };
}
