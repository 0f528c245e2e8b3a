/** Pairs for the export tests: text that breaks naive writers, a chat source, a rejected and an unscored pair. */
import type { DatasetPair } from '../../../../../src/core/dataset/types';
import { pair } from '../../../support/datasetFixtures';

/** Commas, quotes, newlines, CRLF, non-ASCII and an astral emoji. */
export const TRICKY = 'Comma, "quotes", a\nnewline, CRLF\r\nand ünïcödé — 日本語 🫖';

/** A pair that carries a kind, as pairs written by a later version will. */
const multiHop = { ...pair({ id: 'm', question: 'Which two parts does the kettle warranty cover?', statements: ['The warranty covers the heating element.', 'The warranty covers the lid hinge.'] }), kind: 'multi_hop' } as DatasetPair;

/** The pairs every export test writes. */
export const PAIRS: DatasetPair[] = [
  pair({ id: 'a', question: 'How long is the warranty?', answer: 'Two years.' }),
  pair({ id: 'b', question: TRICKY, answer: `=HYPERLINK("http://evil")  ${TRICKY}`, contexts: ['ctx 1', TRICKY], statements: [] }),
  pair({ id: 'r', question: 'Rejected?', status: 'rejected' }),
  pair({ id: 's', question: 'From a chat?', quality: null, source: { session_file: 'chats/s.json', session_id: 's1', message_indices: [2, 3], span_hash: '0123456789abcdef' } }),
  multiHop,
];

/** The pairs an export keeps by default (every one but the rejected). */
export const KEPT = PAIRS.filter((p) => p.status !== 'rejected');
