/**
 * The dimensions a pair varies in beside its question_type: its kind (what the question needs from the documents),
 * and how its question is worded (style, length). The file format, the params and the pipeline share these names.
 */

/**
 * What a pair asks for: answered by one chunk (`single_hop`, every pair written before kinds), by facts from 2–4
 * chunks (`multi_hop`), not answered by the documents at all (`unanswerable`), or at the end of a short
 * conversation (`multi_turn`).
 */
export type PairKind = 'single_hop' | 'multi_hop' | 'unanswerable' | 'multi_turn';

/** Every kind, in the order the views and reports list them. */
export const PAIR_KINDS: readonly PairKind[] = ['single_hop', 'multi_hop', 'unanswerable', 'multi_turn'];

/** How a question is worded (its answer and evidence do not change). */
export type QueryStyle = 'perfect_grammar' | 'poor_grammar' | 'web_search' | 'misspelled';

/** Every query style. */
export const QUERY_STYLES: readonly QueryStyle[] = ['perfect_grammar', 'poor_grammar', 'web_search', 'misspelled'];

/** How long a question is. */
export type QueryLength = 'short' | 'medium' | 'long';

/** Every query length. */
export const QUERY_LENGTHS: readonly QueryLength[] = ['short', 'medium', 'long'];

/** One prior turn of a multi-turn pair's conversation. */
export interface PairTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** A share of each name (0..1 each, summing to 1 once resolved); a name left out has share 0. */
export type Shares<K extends string> = Partial<Record<K, number>>;
