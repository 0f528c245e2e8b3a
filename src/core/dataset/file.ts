/**
 * Reading and writing `<name>.qa.jsonl`: parse into entries (a bad line is kept as an `invalid` entry with its
 * line number and the reason, never dropped), and serialize canonically (sorted pairs, then the invalid lines
 * verbatim in their original order, a newline at the end).
 */
import { comparePairs, pairToLine } from './canonical';
import type { DatasetEntry, DatasetPair } from './types';
import { pairProblems } from './validate';

/**
 * Parses the dataset text. Blank lines are skipped (they carry nothing); every other line becomes a pair or an
 * invalid entry. A second line with an id already seen is invalid (ids must be unique).
 */
export function parseDataset(text: string): DatasetEntry[] {
  const entries: DatasetEntry[] = [];
  const firstLineOfId = new Map<string, number>();
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const line = index + 1;
    if (raw.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      entries.push({ kind: 'invalid', line, raw, error: `not valid JSON: ${(e as Error).message}` });
      return;
    }
    const found = pairProblems(data);
    if (found.length) {
      entries.push({ kind: 'invalid', line, raw, error: found.join('; ') });
      return;
    }
    const pair = data as DatasetPair;
    const first = firstLineOfId.get(pair.id);
    if (first !== undefined) {
      entries.push({ kind: 'invalid', line, raw, error: `duplicate id ${JSON.stringify(pair.id)} (first on line ${first})` });
      return;
    }
    firstLineOfId.set(pair.id, line);
    entries.push({ kind: 'pair', line, pair });
  });
  return entries;
}

/** The valid pairs of parsed entries. */
export function pairsOf(entries: readonly DatasetEntry[]): DatasetPair[] {
  return entries.flatMap((e) => (e.kind === 'pair' ? [e.pair] : []));
}

/**
 * The canonical text: valid pairs sorted (see comparePairs), one canonical JSON object a line, then the invalid
 * lines verbatim in their original order; a newline at the end (empty text for no entries).
 */
export function serializeDataset(entries: readonly DatasetEntry[]): string {
  const pairs = pairsOf(entries).sort(comparePairs);
  const invalid = entries.flatMap((e) => (e.kind === 'invalid' ? [e] : [])).sort((a, b) => a.line - b.line);
  const lines = [...pairs.map(pairToLine), ...invalid.map((e) => e.raw)];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Entries for a list of pairs (line numbers are their positions; the serializer ignores them for pairs). */
export function entriesOf(pairs: readonly DatasetPair[]): DatasetEntry[] {
  return pairs.map((pair, i) => ({ kind: 'pair', line: i + 1, pair }));
}
