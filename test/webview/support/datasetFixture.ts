/** Dataset files for the editor tests: real DatasetPairs, serialized and parsed by the core's dataset model. */
import { type DatasetPair, parseDataset, serializeDataset } from '../../../src/core/dataset';
import { entriesToView } from '../../../src/host/editor/datasetRows';
import type { Envelope } from '../../../src/shared/protocol';
import { HOSTILE } from './payloads';

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

const SHOWCASE: Array<[string, string, string, string]> = [
  ['docs/configuration.md', 'Which setting controls how many pairs a run generates?', 'The `qaforge.numPairs` setting; the total is spread over the inputs in proportion to their content.', 'factual'],
  ['docs/configuration.md', 'Why would you lower the chunk size for a small model?', 'Smaller chunks keep each prompt within the model\'s context and make statements easier to ground.', 'conceptual'],
  ['docs/configuration.md', 'What happens to pairs scoring below the validation threshold?', 'They are kept as drafts with their critique and can be regenerated; they are not counted as validated.', 'factual'],
  ['docs/configuration.md', 'How do you steer questions towards a persona?', 'Set `dimensions.persona`, for example "a new support engineer", in the generation parameters.', 'application'],
  ['docs/getting-started.md', 'How do you generate a dataset from the docs folder?', 'Right-click `docs/` in the Explorer and choose "QA Forge: Generate Q&A Dataset".', 'application'],
  ['docs/getting-started.md', 'Where is the dataset file written?', 'Next to the tests, for example `tests/datasets/docs.qa.jsonl`, with a manifest beside it.', 'factual'],
  ['docs/getting-started.md', 'Why is the dataset stored one pair per line?', 'Canonical JSON lines give small diffs and sane merges, so the file is reviewed like code.', 'analysis'],
  ['docs/models.md', 'Which models can QA Forge use without an API key?', 'The Copilot models through vscode.lm, and the offline heuristic engine.', 'factual'],
  ['docs/models.md', 'What does QA Forge do when an endpoint returns malformed JSON?', 'It repairs the reply, validates it against the schema and retries a bounded number of times.', 'conceptual'],
  ['docs/models.md', 'How is the API key protected?', 'It is kept in SecretStorage and never written to settings, datasets, manifests or logs.', 'factual'],
  ['docs/troubleshooting.md', 'What should you do when a run hits HTTP 429?', 'Nothing: the client backs off using retry-after and the node shows the retry count.', 'application'],
  ['docs/troubleshooting.md', 'How do you find pairs whose source changed?', 'Run `qaforge check` or open the dataset: stale pairs carry a badge and can be regenerated.', 'analysis'],
  ['transcripts/support-2024-05.jsonl', 'How did the agent resolve the login loop?', 'By clearing the cached session token and signing in again.', 'factual'],
  ['transcripts/support-2024-05.jsonl', '¿Cómo se restablece la contraseña?', 'Desde "Olvidé mi contraseña" en la pantalla de inicio; el enlace caduca en 24 horas.', 'factual'],
];

/** A realistic small dataset for the README screenshots. */
export function showcasePair(i: number): DatasetPair {
  const [file, question, answer, type] = SHOWCASE[i % SHOWCASE.length];
  const scores = [0.92, 0.64, 0.88, 0.81, 0.95, 0.9, 0.58, 0.86, 0.73, 0.97, 0.69, 0.84, 0.79, 0.91];
  const statuses: DatasetPair['status'][] = ['accepted', 'draft', 'edited', 'draft', 'accepted', 'draft', 'rejected', 'draft', 'draft', 'accepted', 'draft', 'draft', 'draft', 'draft'];
  const base = makePair(i, {
    id: `q${(0x3a7f + i * 7919).toString(16)}`,
    question, answer, question_type: type, difficulty: DIFFICULTIES[(i * 2) % 3],
    status: statuses[i % statuses.length],
  });
  const score = scores[i % scores.length];
  return {
    ...base,
    quality: { score, criteria: { grounded: score, complete: score, relevant: score, clear: score, standalone: score }, feedback: score < 0.7 ? 'The answer is not fully supported by the cited lines.' : 'Grounded, complete and clear.' },
    source: file.endsWith('.jsonl')
      ? { session_file: file, session_id: `conv-${i}`, message_indices: [0, 1, 2], span_hash: (i + 1).toString(16).padStart(16, '0') }
      : { path: file, start_line: 4 + i * 9, end_line: 9 + i * 9, span_hash: (i + 1).toString(16).padStart(16, '0') },
  };
}

/** How many showcase pairs there are. */
export const SHOWCASE_SIZE = SHOWCASE.length;

/** The hostile turn content of {@link kindsPair}'s multi-turn pair: must show as text, never run or render. */
export const HOSTILE_TURN = `${HOSTILE[1]} ${HOSTILE[0]} and **markdown**`;

/**
 * Pair `i` of a dataset holding one pair of each kind, in the core's kind order: single_hop, multi_hop (two sources
 * in different files), unanswerable, multi_turn (a user/assistant exchange, the assistant's turn hostile markup).
 */
export function kindsPair(i: number): DatasetPair {
  const base = makePair(i);
  const hash = (n: number) => n.toString(16).padStart(16, '0');
  switch (i % 4) {
    case 1: {
      const first = { path: 'docs/guide.md', start_line: 10, end_line: 14, span_hash: hash(101) };
      const second = { path: 'docs/api/reference.md', start_line: 40, end_line: 41, span_hash: hash(102) };
      return { ...base, kind: 'multi_hop', question: 'Which retry policy applies to the reference endpoints?', source: first, sources: [first, second] };
    }
    case 2:
      return { ...base, kind: 'unanswerable', question: 'Does the exporter support Parquet output?', answer: 'The documentation lists JSONL and CSV exports; it does not cover Parquet.' };
    case 3:
      return {
        ...base, kind: 'multi_turn', question: 'And how do I change it?',
        turns: [{ role: 'user', content: 'Where is the cache directory?' }, { role: 'assistant', content: HOSTILE_TURN }],
      };
    default:
      return base;
  }
}
