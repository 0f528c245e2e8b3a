/**
 * The Axion-style dataset (the reference library's `to_dataset`): a JSON array of records with `query`,
 * `expected_output` and `expected_reference` (the supporting statements, one a line), plus the id and metadata.
 */
import type { DatasetPair } from '../types';
import { referenceTexts, selectPairs, sourceLabel, type ExportOptions } from './select';

/** One Axion-style item. */
export interface AxionItem {
  id: string;
  query: string;
  expected_output: string;
  expected_reference: string;
  metadata: { question_type: string; difficulty: string; source: string; quality_score: number | null; status: string };
}

/** Axion-style JSON text (pretty, newline at the end). */
export function exportAxion(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  const items = selectPairs(pairs, options).map((p): AxionItem => ({
    id: p.id,
    query: p.question,
    expected_output: p.answer,
    expected_reference: referenceTexts(p).join('\n'),
    metadata: {
      question_type: p.question_type,
      difficulty: p.difficulty,
      source: sourceLabel(p),
      quality_score: p.quality?.score ?? null,
      status: p.status,
    },
  }));
  return `${JSON.stringify(items, null, 2)}\n`;
}
