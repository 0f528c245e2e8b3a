/**
 * What the editor's intents do to the dataset text, as line replacements (pure: no `vscode`). Each changed
 * pair is rewritten in place on its own line (canonical JSON), so an edit is a one-line diff and one undo step;
 * malformed lines and the other pairs are left exactly as they are.
 */
import { type DatasetEntry, type DatasetPair, type PairStatus, pairToLine, parseDataset } from '../../core/dataset';

/** A whole-line replacement (1-based line). */
export interface LineReplacement {
  line: number;
  text: string;
}

/**
 * The pair with a new question or answer; its status becomes `edited` — except a rejected pair, which stays
 * rejected (fixing its text is not a decision to take it back; accepting it is).
 */
export function editField(pair: DatasetPair, field: 'question' | 'answer', value: string): DatasetPair {
  return { ...pair, [field]: value, status: pair.status === 'rejected' ? 'rejected' : 'edited' };
}

/** The pair with a new review status. */
export function withStatus(pair: DatasetPair, status: PairStatus): DatasetPair {
  return { ...pair, status };
}

/** Parsed pairs of the text by id, with their lines. */
export function pairsById(entries: readonly DatasetEntry[]): Map<string, { line: number; pair: DatasetPair }> {
  const byId = new Map<string, { line: number; pair: DatasetPair }>();
  for (const e of entries) if (e.kind === 'pair') byId.set(e.pair.id, { line: e.line, pair: e.pair });
  return byId;
}

/**
 * Applies `change` to the pairs with these ids in `text`; returns the line replacements for the pairs that
 * really changed and the ids that were not found (the document changed under the view).
 */
export function replacementsFor(
  text: string, ids: readonly string[], change: (pair: DatasetPair) => DatasetPair,
): { replacements: LineReplacement[]; missing: string[] } {
  const byId = pairsById(parseDataset(text));
  const replacements: LineReplacement[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const found = byId.get(id);
    if (!found) {
      missing.push(id);
      continue;
    }
    const next = pairToLine(change(found.pair));
    if (next !== pairToLine(found.pair)) replacements.push({ line: found.line, text: next });
  }
  return { replacements, missing };
}
