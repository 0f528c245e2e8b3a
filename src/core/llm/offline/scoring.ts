/**
 * Heuristic validation of a question/answer pair against its chunk, on the pipeline's named criteria. Scores
 * are lexical measures, not judgement; the critiques name the weakest criteria of each side, so the revision of
 * that side has something to act on.
 */
import { GATE_FLOORS, type PairVerdict } from '../../domain/tasks';
import { opensGermanPhrase } from './germanTopics';
import { endsInFragment } from './phrases';
import { germanQuestionTopic } from './questions';
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

/** What each weak criterion asks to change, and of which side of the pair. */
const CRITIQUE: Record<'grounded' | 'complete' | 'relevant' | 'clear' | 'standalone', { side: 'question' | 'answer'; text: string }> = {
  grounded: { side: 'answer', text: 'the answer contains words the evidence does not support; answer from the evidence only' },
  complete: { side: 'answer', text: 'the answer is too short or cut off; give the full supporting sentence(s)' },
  relevant: { side: 'question', text: 'the answer shares little with the question; ask about what the evidence states' },
  clear: { side: 'question', text: 'the question is too short, too long, not phrased as a question, or asks about a phrase cut short' },
  standalone: { side: 'question', text: 'the question leans on context (a pronoun such as "it" or "this") the reader does not have' },
};

/** Fewer content words than this in the evidence: it cannot support a good pair, and the pair is dropped. */
const MIN_EVIDENCE_WORDS = 4;

/**
 * True when the question asks about a phrase cut short: an English one that ends mid-phrase (see
 * {@link endsInFragment}), a German topic question whose topic does not open a phrase of the evidence.
 */
function isFragment(question: string, evidenceText: string): boolean {
  if (detectLanguage(question) === 'en') return endsInFragment(question, evidenceText);
  // read by its template, not its language: a short German question has too few stopwords to be told German
  const topic = germanQuestionTopic(question);
  return topic !== undefined && !opensGermanPhrase(topic, evidenceText);
}

/**
 * Scores one pair:
 * grounded = share of the answer's content words found in the evidence;
 * complete = answer length sanity and a finished last sentence;
 * relevant = question/answer content overlap (cloze questions: the blank's sentence is the answer);
 * clear = question length and question form, halved when the question's topic is a fragment of a phrase (English
 * and German, see {@link isFragment});
 * standalone = no dangling pronoun opening the question or the answer.
 * The verdict: drop when the evidence is too thin to ask about; keep when the mean meets `threshold` and the gates
 * (GATE_FLOORS) hold; otherwise revise the side (question or answer) of the weakest criterion.
 */
export function scorePair(pairId: string, question: string, answer: string, evidenceText: string, threshold = 0.7, styled = false): PairVerdict {
  const answerWords = wordsOf(answer).length;
  const questionWords = wordsOf(question).length;
  const grounded = unit(coverage(answer, evidenceText));
  const complete = unit(lengthScore(answerWords, 5, 120) * (/[.!?…。)"'»]\s*$/u.test(answer) ? 1 : 0.7));
  const relevant = unit(0.35 + 1.3 * Math.max(overlap(question, answer), coverage(question.replace(/_+/g, ''), answer) * 0.6));
  const asks = styled || /[?？]\s*$/u.test(question) || question.includes('_____');
  const fragment = !styled && isFragment(question, evidenceText);
  const clear = unit(lengthScore(questionWords, styled ? 2 : 4, 40) * (asks ? 1 : 0.6) * (fragment ? 0.5 : 1));
  const standalone = unit(1 - (startsDangling(question) ? 0.5 : 0) - (startsDangling(answer) ? 0.3 : 0));
  const scores = { grounded, complete, relevant, clear, standalone };
  const weak = (Object.keys(scores) as Array<keyof typeof scores>).filter((k) => scores[k] < 0.7).sort((a, b) => scores[a] - scores[b]);
  const critique = (side: 'question' | 'answer') => {
    const parts = weak.filter((k) => CRITIQUE[k].side === side).map((k) => CRITIQUE[k].text);
    return parts.length > 0 ? `offline heuristic check: ${parts.join('; ')}` : '';
  };
  const values = Object.values(scores);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const gatesHold = (Object.entries(GATE_FLOORS) as Array<[keyof typeof scores, number]>).every(([c, floor]) => scores[c] >= floor);
  let verdict: PairVerdict['verdict'] = 'keep';
  if (wordsOf(evidenceText).length < MIN_EVIDENCE_WORDS) verdict = 'drop';
  // a question about a phrase cut short is broken however well the rest scores: it is rewritten, never kept
  else if (fragment) verdict = 'revise_question';
  else if ((mean < threshold || !gatesHold) && weak.length > 0) verdict = CRITIQUE[weak[0]].side === 'question' ? 'revise_question' : 'revise_answer';
  const question_critique = verdict === 'drop' ? 'offline heuristic check: the evidence is too thin to support a question' : critique('question');
  return { pair_id: pairId, ...scores, question_critique, answer_critique: critique('answer'), verdict };
}
