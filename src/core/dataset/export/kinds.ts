/**
 * What the exporters need to carry a pair's kind: the conversation of a multi-turn pair, the refusal an
 * unanswerable pair expects, and the persona and query shape a pair was written with. A single-hop pair without
 * persona or shape yields nothing here, so the formats write it as they did before kinds.
 */
import { kindOf, type DatasetPair, type PairTurn, type QueryLength, type QueryStyle } from '../types';

/** The persona and query shape of a pair, only the ones it has. */
export interface PairTraits {
  persona?: string;
  query_style?: QueryStyle;
  query_length?: QueryLength;
}

/**
 * The refusal an unanswerable pair expects, as one criterion: what promptfoo's llm-rubric, MLflow's guidelines, Axion's
 * acceptance criteria and Ragas' rubric grade the answer against.
 */
export const DECLINE_CRITERION = 'The response says that the documentation does not answer this question, and does not make up an answer.';

/** True for a pair the documents do not answer: a good answer declines. */
export function isUnanswerable(p: DatasetPair): boolean {
  return kindOf(p) === 'unanswerable';
}

/** True for a pair asked at the end of a conversation (its `turns`). */
export function isMultiTurn(p: DatasetPair): boolean {
  return kindOf(p) === 'multi_turn';
}

/** The turns before the final question, oldest first: empty but for a multi-turn pair. */
export function priorTurns(p: DatasetPair): PairTurn[] {
  return isMultiTurn(p) ? (p.turns ?? []).map((t) => ({ role: t.role, content: t.content })) : [];
}

/** The whole conversation as chat messages: the prior turns, then the final question as the user's. */
export function conversationOf(p: DatasetPair): PairTurn[] {
  return [...priorTurns(p), { role: 'user', content: p.question }];
}

/** The persona, query style and length of a pair, each only when set. */
export function pairTraits(p: DatasetPair): PairTraits {
  return {
    ...(p.persona !== undefined ? { persona: p.persona } : {}),
    ...(p.query_style !== undefined ? { query_style: p.query_style } : {}),
    ...(p.query_length !== undefined ? { query_length: p.query_length } : {}),
  };
}

/** True when a pair carries anything beyond a single-hop pair of before kinds: turns, a persona or a query shape. */
export function hasKindFields(p: DatasetPair): boolean {
  return isMultiTurn(p) || Object.keys(pairTraits(p)).length > 0;
}

/** The inputs of a pair for formats whose inputs are the app's arguments: the question, and a multi-turn pair's prior turns. */
export interface QuestionInputs {
  question: string;
  turns?: PairTurn[];
}

/** `{question}`, or `{question, turns}` for a multi-turn pair (the turns before the question, oldest first). */
export function questionInputs(p: DatasetPair): QuestionInputs {
  return isMultiTurn(p) ? { question: p.question, turns: priorTurns(p) } : { question: p.question };
}
