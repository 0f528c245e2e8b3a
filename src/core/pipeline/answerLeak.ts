/**
 * The code check that a question does not give its answer away: a question that already holds most of its
 * answer's key terms (words of four letters or more, and anything with a digit) is worked backwards from the
 * answer, whatever the validator scored it. Such a pair goes to revise_question.
 */
import { tokenize } from '../util/similarity';

/** Share of the answer's key terms the question may contain. */
export const MAX_ANSWER_TERMS_IN_QUESTION = 0.75;
/** Answers with fewer key terms than this are not checked ("Yes.", "30 days."): overlap means nothing there. */
const MIN_KEY_TERMS = 3;

/** Key terms of a text: distinct lower-cased words of four letters or more (CJK: every character), or with a digit. */
export function keyTerms(text: string): Set<string> {
  return new Set(tokenize(text).map((t) => t.text).filter((w) => /\p{N}/u.test(w) || [...w].length >= 4 || /\p{Script=Han}/u.test(w)));
}

/**
 * The answer's key terms the question contains, when they are more than {@link MAX_ANSWER_TERMS_IN_QUESTION} of
 * them (the question gives the answer away); otherwise an empty list.
 */
export function answerTermsInQuestion(question: string, answer: string): string[] {
  const inAnswer = keyTerms(answer);
  if (inAnswer.size < MIN_KEY_TERMS) return [];
  const inQuestion = keyTerms(question);
  const shared = [...inAnswer].filter((t) => inQuestion.has(t));
  return shared.length / inAnswer.size > MAX_ANSWER_TERMS_IN_QUESTION ? shared : [];
}
