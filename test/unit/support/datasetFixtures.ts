/** Builders of dataset pairs and run results for the dataset, export and CLI tests. */
import { lineSpanHash } from '../../../src/core/dataset/span';
import type { DatasetPair, FileSource } from '../../../src/core/dataset/types';

/** A valid draft pair; override any field. */
export function pair(overrides: Partial<DatasetPair> = {}): DatasetPair {
  return {
    id: 'p1',
    question: 'How long is the warranty of the Lumen kettle?',
    answer: 'Two years from the date of purchase.',
    question_type: 'factual',
    difficulty: 'easy',
    contexts: ['The Lumen kettle comes with a two-year warranty.'],
    statements: ['The Lumen kettle has a two-year warranty.'],
    source: { path: 'docs/kettle.md', start_line: 3, end_line: 4, span_hash: '0123456789abcdef' },
    quality: { score: 0.9, criteria: { grounded: 1, complete: 0.8, relevant: 1, clear: 0.9, standalone: 0.8 }, feedback: 'Good.' },
    status: 'draft',
    generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: '1', iteration: 0 },
    ...overrides,
  };
}

/** A file source whose span_hash matches lines start..end of `text`. */
export function fileSourceIn(text: string, path: string, start: number, end: number): FileSource {
  const hash = lineSpanHash(text, start, end);
  if (!hash) throw new Error(`lines ${start}-${end} are not in the text`);
  return { path, start_line: start, end_line: end, span_hash: hash };
}

/** A small Markdown document the generation tests read (docs/kettle.md). */
export const KETTLE_DOC = [
  '# Lumen kettle', '',
  'The Lumen kettle boils 1.7 litres of water in four minutes.',
  'The kettle switches itself off when the water boils.',
  'The warranty of the Lumen kettle lasts two years from the date of purchase.',
  'Descaling the kettle every month keeps the temperature sensor accurate.', '',
].join('\n');
