/**
 * The code check that a question asks one thing: "What is X, and how do I change it?" is two questions in one, so
 * its reference answer must cover both and a judge cannot score a RAG system's reply to either part. Such a pair
 * goes to revise_question, like a question that gives its answer away.
 */

/**
 * Question words that open a second question after ", and" / ", und" / ", et" / ", y" (English, German, French,
 * Spanish). ", or does it …" is left alone: it offers alternatives of one question.
 */
const SECOND_QUESTION = /[,;]\s*(?:and|und|et|y)\s+(?:what|how|why|which|when|where|who|whom|whose|whether|does|do|did|is|are|can|could|should|would|will|wie|was|warum|wieso|welche[rsnm]?|wann|wo|wer|ob|kann|muss|soll|quel(?:le)?s?|comment|pourquoi|quand|où|qui|qué|cómo|cuándo|dónde|por qué|quién)\b/iu;

/**
 * The part of `question` that starts a second question, or undefined when it asks one thing. Two question marks
 * count as two questions; a single ", and how …" clause after a complete first part does too.
 */
export function secondQuestionIn(question: string): string | undefined {
  const marks = question.match(/[?？]/gu) ?? [];
  if (marks.length > 1) {
    const first = question.search(/[?？]/u);
    return question.slice(first + 1).trim();
  }
  const m = SECOND_QUESTION.exec(question);
  return m ? question.slice(m.index + 1).trim() : undefined;
}
