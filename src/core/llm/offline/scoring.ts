/**
 * Heuristic validation of a question/answer pair against its chunk, on the pipeline's named criteria. Scores
 * are lexical measures, not judgement; the feedback names the weakest criteria so revision has something to act on.
 */
import type { PairVerdict } from '../../domain/tasks';
import { endsInFragment } from './phrases';
import { coverage, detectLanguage, overlap, startsDangling, wordsOf } from './text';

/** Scores rounded to 2 decimals, clamped to 0..1. */
function unit(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;
}

/** Lengths outside [low, high] words lose score linearly, down to 0 at half/double. */
function lengthScore(words: number, low: number, high: number): number {
  if (words < low) return Math.max(0, (words - low / 2) / (low / 2));
  if (words > high) return Math.max(0, 1 - (words - high) / high);
  return 1;
}

const FEEDBACK: Record<'grounded' | 'complete' | 'relevant' | 'clear' | 'standalone', string> = {
  grounded: 'the answer contains words the source does not support; answer from the source text only',
  complete: 'the answer is too short or cut off; give the full supporting sentence(s)',
  relevant: 'the answer shares little with the question; make the question ask about what the answer states',
  clear: 'the question is too short, too long, not phrased as a question, or asks about a phrase cut short',
  standalone: 'the question or answer leans on context (a pronoun such as "it" or "this") the reader does not have',
};

/**
 * Scores one pair:
 * grounded = share of the answer's content words found in the chunk;
 * complete = answer length sanity and a finished last sentence;
 * relevant = question/answer content overlap (cloze questions: the blank's sentence is the answer);
 * clear = question length and question form, halved when an English question's topic is a fragment of a phrase;
 * standalone = no dangling pronoun opening the question or the answer.
 */
export function scorePair(pairId: string, question: string, answer: string, chunkText: string): PairVerdict {
  const answerWords = wordsOf(answer).length;
  const questionWords = wordsOf(question).length;
  const grounded = unit(coverage(answer, chunkText));
  const complete = unit(lengthScore(answerWords, 5, 120) * (/[.!?…。)"'»]\s*$/u.test(answer) ? 1 : 0.7));
  const relevant = unit(0.35 + 1.3 * Math.max(overlap(question, answer), coverage(question.replace(/_+/g, ''), answer) * 0.6));
  const asks = /[?？]\s*$/u.test(question) || question.includes('_____');
  const fragment = detectLanguage(question) === 'en' && endsInFragment(question, chunkText);
  const clear = unit(lengthScore(questionWords, 4, 40) * (asks ? 1 : 0.6) * (fragment ? 0.5 : 1));
  const standalone = unit(1 - (startsDangling(question) ? 0.5 : 0) - (startsDangling(answer) ? 0.3 : 0));
  const scores = { grounded, complete, relevant, clear, standalone };
  const weak = (Object.keys(scores) as Array<keyof typeof scores>).filter((k) => scores[k] < 0.7);
  const feedback = weak.length === 0
    ? 'offline heuristic check: grounded in the source, clear and standalone'
    : `offline heuristic check: ${weak.map((k) => FEEDBACK[k]).join('; ')}`;
  return { pair_id: pairId, ...scores, feedback };
}
