/**
 * The code check that a question does not give its answer away: a question that already holds most of its
 * answer's key terms (words of four letters or more, and anything with a digit) is worked backwards from the
 * answer, whatever the validator scored it. Such a pair goes to revise_question. Naming the subject a question asks
 * about is not a leak: the terms of the pair's subject (its section's heading path) do not count as the answer's.
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

/** A crude stem, enough to match a heading's "Streaming … Templates" with a question's "stream … template". */
function stem(term: string): string {
  const cut = term.replace(/(ing|ed|s)$/u, '');
  return [...cut].length >= 4 ? cut : term;
}

/**
 * The answer's key terms the question contains, when they are more than {@link MAX_ANSWER_TERMS_IN_QUESTION} of
 * them (the question gives the answer away); otherwise an empty list. Terms of `subject` (what the question may
 * name: "Streaming from Templates") are not counted as the answer's.
 */
export function answerTermsInQuestion(question: string, answer: string, subject = ''): string[] {
  const named = new Set([...keyTerms(subject)].map(stem));
  const inAnswer = new Set([...keyTerms(answer)].filter((t) => !named.has(stem(t))));
  if (inAnswer.size < MIN_KEY_TERMS) return [];
  const inQuestion = keyTerms(question);
  const shared = [...inAnswer].filter((t) => inQuestion.has(t));
  return shared.length / inAnswer.size > MAX_ANSWER_TERMS_IN_QUESTION ? shared : [];
}
