/**
 * The quality gates of `qaforge check --quality`, each a pure function of the dataset's pairs (and the manifest):
 * coverage of the source files, the distribution of kinds/types/difficulty (and query styles/lengths) against what
 * was asked, near-duplicate questions, a question's language against its source's, multi-hop pairs on a single span,
 * and statements their contexts do not contain. A finding names the dataset line it concerns.
 */
import { coverage, detectLanguage, wordsOf } from '../llm/offline/text';
import { jaccard } from '../util/similarity';
import { kindOf, spansOf, isSessionSource, type DatasetPair, type FileSource, type SessionSource } from '../dataset/types';

/** A pair with the dataset line it was read from. */
export interface LinedPair {
  line: number;
  pair: DatasetPair;
}

/** The gates, by name. */
export type GateName = 'coverage' | 'distribution' | 'near_duplicate' | 'language' | 'multi_hop' | 'quotes';

/** One failure of one gate; `line` 0 is a finding about the whole dataset. */
export interface GateFinding {
  gate: GateName;
  line: number;
  message: string;
}

/** Thresholds (0..1) of the gates. */
export interface GateThresholds {
  nearDuplicate: number;
  distributionTolerance: number;
  minCoverage: number;
}

/** Defaults when neither a flag nor the manifest sets a threshold. */
export const DEFAULT_THRESHOLDS: GateThresholds = { nearDuplicate: 0.8, distributionTolerance: 0.1, minCoverage: 1 };

const pathOf = (s: FileSource | SessionSource): string => (isSessionSource(s) ? s.session_file : s.path);
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Source files (from the manifest) no pair draws on; a finding when the covered share is under minCoverage. */
export function coverageGate(pairs: readonly LinedPair[], sourceFiles: readonly string[], minCoverage: number): GateFinding[] {
  if (!sourceFiles.length) return [];
  const used = new Set(pairs.flatMap(({ pair }) => spansOf(pair).map(pathOf)));
  const uncovered = sourceFiles.filter((f) => !used.has(f));
  const share = (sourceFiles.length - uncovered.length) / sourceFiles.length;
  if (share >= minCoverage) return [];
  return uncovered.map((f) => ({ gate: 'coverage', line: 0, message: `no pair draws on ${f} (${pct(share)} of ${sourceFiles.length} source files covered, at least ${pct(minCoverage)} asked)` }));
}

/** Asked shares of one dimension (values summing to 1). */
export type Shares = Record<string, number>;

/**
 * Findings for every value whose share among the pairs is more than `tolerance` off the asked share and at least a
 * whole pair off its asked count: 5 pairs over 4 question types cannot all be within 10 points of 25%, but the best
 * split (2, 1, 1, 1) is less than one pair off every asked count, as whole pairs allow.
 */
export function distributionGate(dimension: string, actual: readonly string[], asked: Shares, tolerance: number): GateFinding[] {
  if (!actual.length) return [];
  const n = actual.length;
  const values = new Set([...Object.keys(asked), ...actual]);
  const findings: GateFinding[] = [];
  for (const v of [...values].sort()) {
    const got = actual.filter((a) => a === v).length / n;
    const want = asked[v] ?? 0;
    const off = Math.abs(got - want);
    if (off > tolerance + 1e-9 && off * n >= 1 - 1e-9) {
      findings.push({ gate: 'distribution', line: 0, message: `${dimension} ${v}: ${pct(got)} of the pairs, ${pct(want)} asked (tolerance ${pct(tolerance)})` });
    }
  }
  return findings;
}

/** What a manifest's params asked of one distribution: its numeric shares, or undefined when it was not asked. */
function sharesParam(value: unknown): Shares | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const shares = Object.entries(value as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number');
  return shares.length ? Object.fromEntries(shares) : undefined;
}

/** The value a pair without a query_style or query_length counts as, when the manifest asked for them. */
export const NOT_SET = '(not set)';

/**
 * What the manifest's params asked, per dimension: kinds (default all single_hop), question_types evenly, difficulty,
 * and query_styles / query_lengths when they were asked.
 */
export function askedShares(params: Record<string, unknown> | undefined): {
  kind: Shares; question_type?: Shares; difficulty?: Shares; query_style?: Shares; query_length?: Shares;
} {
  const kind = sharesParam(params?.kinds) ?? { single_hop: 1 };
  const types = Array.isArray(params?.question_types) ? (params.question_types as string[]) : undefined;
  const difficulty = typeof params?.difficulty === 'string' ? { [params.difficulty]: 1 } : undefined;
  const style = sharesParam(params?.query_styles);
  const length = sharesParam(params?.query_lengths);
  return {
    kind,
    ...(types?.length ? { question_type: Object.fromEntries(types.map((t) => [t, 1 / types.length])) } : {}),
    ...(difficulty ? { difficulty } : {}),
    ...(style ? { query_style: style } : {}),
    ...(length ? { query_length: length } : {}),
  };
}

/**
 * The distribution gate over kinds, question types, difficulty, and the query styles and lengths when the manifest
 * asked for them (a pair without a query_style or query_length then counts as {@link NOT_SET}, asked 0%).
 */
export function distributionGates(pairs: readonly LinedPair[], params: Record<string, unknown> | undefined, tolerance: number): GateFinding[] {
  const asked = askedShares(params);
  const list = pairs.map((p) => p.pair);
  return [
    ...distributionGate('kind', list.map(kindOf), asked.kind, tolerance),
    ...(asked.question_type ? distributionGate('question_type', list.map((p) => p.question_type), asked.question_type, tolerance) : []),
    ...(asked.difficulty ? distributionGate('difficulty', list.map((p) => p.difficulty), asked.difficulty, tolerance) : []),
    ...(asked.query_style ? distributionGate('query_style', list.map((p) => p.query_style ?? NOT_SET), asked.query_style, tolerance) : []),
    ...(asked.query_length ? distributionGate('query_length', list.map((p) => p.query_length ?? NOT_SET), asked.query_length, tolerance) : []),
  ];
}

function wordSet(text: string): Set<string> {
  return new Set(wordsOf(text).map((w) => w.toLowerCase()));
}

/** Jaccard similarity of the questions' word sets (0..1). */
export function questionSimilarity(a: string, b: string): number {
  return jaccard(wordSet(a), wordSet(b));
}

/**
 * Pairs whose questions (with their prior turns) are at least `threshold` similar; both pairs are named. Each
 * question is split into words once, and only pairs that can reach the threshold are compared (prefix filtering:
 * with words ordered rarest first, two sets with Jaccard >= t share a word among the first |x| - ceil(t·|x|) + 1
 * of each), so 10,000 pairs take a fraction of a second instead of 50 million comparisons.
 */
export function nearDuplicateGate(pairs: readonly LinedPair[], threshold: number): GateFinding[] {
  const sets = pairs.map(({ pair }) => wordSet([...(pair.turns ?? []).map((t) => t.content), pair.question].join(' ')));
  const frequency = new Map<string, number>();
  for (const set of sets) for (const w of set) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const rarestFirst = (x: string, y: string) => (frequency.get(x)! - frequency.get(y)!) || (x < y ? -1 : x > y ? 1 : 0);
  const index = new Map<string, number[]>();
  const empties: number[] = [];
  const found: Array<[number, number, number]> = [];
  const t = Math.min(1, Math.max(threshold, Number.EPSILON));
  sets.forEach((set, j) => {
    if (set.size === 0) {
      // two questions without words are alike (jaccard of two empty sets is 1)
      for (const i of empties) if (threshold <= 1) found.push([i, j, 1]);
      empties.push(j);
      return;
    }
    const prefix = [...set].sort(rarestFirst).slice(0, set.size - Math.ceil(t * set.size) + 1);
    const candidates = new Set<number>();
    if (threshold <= 0) for (let i = 0; i < j; i++) if (sets[i].size > 0) candidates.add(i); // everything is alike at 0
    for (const w of prefix) for (const i of index.get(w) ?? []) candidates.add(i);
    for (const i of candidates) {
      const sim = jaccard(sets[i], set);
      if (sim >= threshold) found.push([i, j, sim]);
    }
    for (const w of prefix) {
      const list = index.get(w);
      if (list) list.push(j);
      else index.set(w, [j]);
    }
  });
  found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return found.map(([i, j, sim]) => ({ gate: 'near_duplicate', line: pairs[j].line,
    message: `question of pair ${pairs[j].pair.id} is a near-duplicate of pair ${pairs[i].pair.id} on line ${pairs[i].line} (similarity ${sim.toFixed(2)} >= ${threshold})` }));
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish' };

/** Pairs whose question is detectably in another language than their contexts (both must be detected). */
export function languageGate(pairs: readonly LinedPair[]): GateFinding[] {
  return pairs.flatMap(({ line, pair }) => {
    const question = detectLanguage(pair.question);
    const source = detectLanguage(pair.contexts.join('\n'));
    if (question === 'other' || source === 'other' || question === source) return [];
    return [{ gate: 'language' as const, line, message: `question of pair ${pair.id} is in ${LANGUAGE_NAMES[question]}, its source in ${LANGUAGE_NAMES[source]}` }];
  });
}

function overlaps(a: FileSource | SessionSource, b: FileSource | SessionSource): boolean {
  if (isSessionSource(a) || isSessionSource(b)) {
    return isSessionSource(a) && isSessionSource(b) && a.session_file === b.session_file && a.session_id === b.session_id;
  }
  return a.path === b.path && a.start_line <= b.end_line + 1 && b.start_line <= a.end_line + 1;
}

/** Multi-hop pairs whose spans all sit in one place (fewer than 2 spans, or every span touching the first). */
export function multiHopGate(pairs: readonly LinedPair[]): GateFinding[] {
  return pairs.flatMap(({ line, pair }) => {
    if (kindOf(pair) !== 'multi_hop') return [];
    const spans = spansOf(pair);
    const apart = spans.some((s) => !overlaps(spans[0], s));
    if (spans.length >= 2 && apart) return [];
    return [{ gate: 'multi_hop' as const, line, message: `multi-hop pair ${pair.id} draws on a single span of ${pathOf(spans[0])} (its sources must come from at least 2 distinct chunks)` }];
  });
}

const squash = (t: string): string => t.replace(/\s+/g, ' ').trim().toLowerCase();

/** Share of a statement's content words its contexts must hold for it to be found there. */
const STATEMENT_COVERAGE = 0.8;

/**
 * Pairs with a statement their contexts do not hold: neither verbatim (whitespace and case aside) nor in most of its
 * content words (at least STATEMENT_COVERAGE of them, in any order and whatever the markup around them). A model
 * writes a statement as a claim in its own words, resting on a verbatim quote, and the file keeps the claim: a
 * verbatim test failed every pair of a capable model's trial datasets. Unanswerable pairs are skipped.
 */
export function quotesGate(pairs: readonly LinedPair[]): GateFinding[] {
  return pairs.flatMap(({ line, pair }) => {
    if (kindOf(pair) === 'unanswerable') return [];
    const text = pair.contexts.join('\n');
    const context = squash(text);
    const found = (s: string) => context.includes(squash(s)) || coverage(s, text) >= STATEMENT_COVERAGE;
    return pair.statements.flatMap((s, i) => (found(s) ? [] : [{
      gate: 'quotes' as const, line, message: `statements[${i}] of pair ${pair.id} is not in its contexts: ${JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s)}`,
    }]));
  });
}
