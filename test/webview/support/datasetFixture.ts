/** Dataset files for the editor tests: real DatasetPairs, serialized and parsed by the core's dataset model. */
import { type DatasetPair, parseDataset, serializeDataset } from '../../../src/core/dataset';
import { entriesToView } from '../../../src/host/editor/datasetRows';
import type { Envelope } from '../../../src/shared/protocol';

const TYPES = ['factual', 'conceptual', 'application', 'analysis'];
const DIFFICULTIES = ['easy', 'medium', 'hard'];
const FILES = ['docs/guide.md', 'docs/setup.md', 'docs/api/reference.md', 'README.md', 'docs/faq.md', 'transcripts/support.jsonl'];
const TOPICS = ['retry policy', 'chunk size', 'validation threshold', 'API key storage', 'near-duplicate questions', 'semantic splitter', 'cache directory', 'export formats'];

/** A deterministic pair number `i` (scores spread over 0.3..1). */
export function makePair(i: number, overrides: Partial<DatasetPair> = {}): DatasetPair {
  const file = FILES[i % FILES.length];
  const topic = TOPICS[i % TOPICS.length];
  const score = Math.round((0.3 + ((i * 37) % 70) / 100) * 100) / 100;
  const source = file.endsWith('.jsonl')
    ? { session_file: file, session_id: `s${i % 7}`, message_indices: [i % 5, (i % 5) + 1], span_hash: i.toString(16).padStart(16, "0") }
    : { path: file, start_line: 1 + (i % 200) * 3, end_line: 3 + (i % 200) * 3, span_hash: i.toString(16).padStart(16, "0") };
  return {
    id: `p${String(i).padStart(5, '0')}`,
    question: `How does the ${topic} behave in case ${i}?`,
    answer: `The ${topic} is described in ${file}; case ${i} follows the documented default.`,
    question_type: TYPES[i % TYPES.length],
    difficulty: DIFFICULTIES[i % DIFFICULTIES.length],
    contexts: [`The ${topic} section of ${file}.`],
    statements: [`The ${topic} has a documented default.`],
    source,
    quality: { score, criteria: { grounded: score, complete: score, relevant: score, clear: score, standalone: score }, feedback: score < 0.7 ? `Case ${i}: the answer is vague about the ${topic}.` : 'Grounded and clear.' },
    status: i % 11 === 0 ? 'accepted' : i % 13 === 0 ? 'rejected' : 'draft',
    generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: 'v1', iteration: 0 },
    ...overrides,
  };
}

/** The text of a dataset file with `n` pairs plus the given extra raw lines. */
export function datasetText(n: number, extraLines: string[] = [], make: (i: number) => DatasetPair = makePair): string {
  const text = serializeDataset(Array.from({ length: n }, (_, i) => ({ kind: 'pair' as const, line: i + 1, pair: make(i) })));
  return text + extraLines.map((l) => `${l}\n`).join('');
}

/** The `dataset.document` notification the host sends for this text. */
export function documentMessage(text: string, version = 1, threshold = 0.7): Envelope {
  const { rows, invalid } = entriesToView(parseDataset(text));
  return { kind: 'notify', type: 'dataset.document', body: { version, rows, invalid, threshold } };
}
