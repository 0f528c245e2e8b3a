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

/** A second span, for the multi-hop pair of KIND_PAIRS. */
const LID = { path: 'docs/lid.md', start_line: 7, end_line: 9, span_hash: 'fedcba9876543210' };

/**
 * One pair of every kind, as the generator writes them: a single-hop pair, a multi-hop pair over two spans (one
 * context each), an unanswerable pair, and a multi-turn pair with its prior turns, a persona and a query shape.
 */
export const KIND_PAIRS: DatasetPair[] = [
  pair({ id: 'a', question: 'How long is the warranty?', answer: 'Two years.' }),
  pair({
    id: 'mh', kind: 'multi_hop', question: 'Which two parts of the kettle does the warranty cover?', answer: 'The heating element and the lid hinge.',
    contexts: ['The warranty covers the heating element.', 'The lid hinge is covered by the warranty too.'],
    statements: ['The warranty covers the heating element.', 'The lid hinge is covered by the warranty too.'],
    sources: [{ path: 'docs/kettle.md', start_line: 3, end_line: 4, span_hash: '0123456789abcdef' }, LID],
  }),
  pair({ id: 'u', kind: 'unanswerable', question: 'Does the warranty cover the kettle in Japan?', answer: 'Where the warranty applies is not documented; the documentation covers its length, two years.', statements: [] }),
  pair({
    id: 'mt', kind: 'multi_turn', question: 'And how long does it last?', answer: 'Two years.',
    turns: [{ role: 'user', content: 'Does the Lumen kettle have a warranty?' }, { role: 'assistant', content: 'Yes, it comes with a warranty — ünïcödé kept.' }],
    persona: 'New owner', query_style: 'poor_grammar', query_length: 'short',
  }),
];

/** The single-hop pairs of PAIRS: what a dataset written before kinds holds. */
export const SINGLE_HOP = PAIRS.filter((p) => p.kind === undefined);
