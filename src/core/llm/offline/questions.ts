/**
 * Rule-based question forms of the offline engine, written in the source's language where it is one of
 * English, German, French or Spanish (a neutral fill-in form otherwise). Every form is built from one
 * statement, so its answer is that statement's sentence in the source.
 */
import { contentWords, isStopword, startsDangling, wordsOf, type Lang } from './text';

/** The question forms. */
export type QuestionForm = 'what_is' | 'what_about' | 'why' | 'how' | 'cloze';

/** Forms to try for each question type, best first; unknown types use `default`. */
const FORMS_BY_TYPE: Record<string, readonly QuestionForm[]> = {
  factual: ['what_is', 'cloze', 'what_about'],
  conceptual: ['why', 'what_is', 'how'],
  application: ['how', 'why', 'what_about'],
  analysis: ['why', 'how', 'what_about'],
  default: ['what_about', 'what_is', 'cloze'],
};

/** The forms for a question type, best first. */
export function formsFor(questionType: string): readonly QuestionForm[] {
  return FORMS_BY_TYPE[questionType.toLowerCase()] ?? FORMS_BY_TYPE.default;
}

/** "X is a/the Y": a copula followed by a determiner, so passives ("are written") do not become definitions. */
const COPULA: Record<Exclude<Lang, 'other'>, RegExp> = {
  en: /^(.{3,80}?)\s+(is|are)\s+((?:a|an|the|one|two|several|many)\s.+)$/iu,
  de: /^(.{3,80}?)\s+(ist|sind)\s+((?:ein|eine|einer|der|die|das|zwei|mehrere)\s.+)$/iu,
  fr: /^(.{3,80}?)\s+(est|sont)\s+((?:un|une|le|la|les|l'|des|deux|plusieurs)\s?.+)$/iu,
  es: /^(.{3,80}?)\s+(es|son)\s+((?:un|una|unos|unas|el|la|los|las|dos|varios)\s.+)$/iu,
};

const CAUSE: Record<Exclude<Lang, 'other'>, RegExp> = {
  en: /^(.{10,}?),?\s+(?:because|since|so that|in order to)\s/iu,
  de: /^(.{10,}?),?\s+(?:weil|damit|da)\s/iu,
  fr: /^(.{10,}?),?\s+(?:parce que|car|afin de|pour que)\s/iu,
  es: /^(.{10,}?),?\s+(?:porque|ya que|para que)\s/iu,
};

type Templates = Record<'whatIs' | 'whatAre' | 'about' | 'whyClause' | 'whyTopic' | 'how' | 'cloze', (x: string) => string>;

const TEMPLATES: Record<Exclude<Lang, 'other'>, Templates> = {
  en: {
    whatIs: (s) => `What is ${s}?`, whatAre: (s) => `What are ${s}?`,
    about: (k) => `What does the text say about ${k}?`,
    whyClause: (c) => `Why is it that ${c}?`, whyTopic: (k) => `Why does the text mention ${k}?`,
    how: (k) => `How does the text describe ${k}?`, cloze: (s) => `Fill in the blank: ${s}`,
  },
  de: {
    whatIs: (s) => `Was ist ${s}?`, whatAre: (s) => `Was sind ${s}?`,
    about: (k) => `Was wird über ${k} gesagt?`,
    whyClause: (c) => `Aus welchem Grund gilt: ${c}?`, whyTopic: (k) => `Warum erwähnt der Text ${k}?`,
    how: (k) => `Wie beschreibt der Text ${k}?`, cloze: (s) => `Ergänzen Sie die Lücke: ${s}`,
  },
  fr: {
    whatIs: (s) => `Qu'est-ce que ${s} ?`, whatAre: (s) => `Que sont ${s} ?`,
    about: (k) => `Que dit le texte au sujet de ${k} ?`,
    whyClause: (c) => `Pourquoi ${c} ?`, whyTopic: (k) => `Pourquoi le texte mentionne-t-il ${k} ?`,
    how: (k) => `Comment le texte décrit-il ${k} ?`, cloze: (s) => `Complétez le blanc : ${s}`,
  },
  es: {
    whatIs: (s) => `¿Qué es ${s}?`, whatAre: (s) => `¿Qué son ${s}?`,
    about: (k) => `¿Qué se dice sobre ${k}?`,
    whyClause: (c) => `¿Por qué ${c}?`, whyTopic: (k) => `¿Por qué menciona el texto ${k}?`,
    how: (k) => `¿Cómo describe el texto ${k}?`, cloze: (s) => `Complete el espacio en blanco: ${s}`,
  },
};

const BLANK = '_____';

function trimEnd(text: string): string {
  return text.replace(/[\s.!?:;,。]+$/u, '');
}

/** Lower-cases the first letter unless the first word looks like a name or acronym. */
function inSentence(text: string): string {
  const first = wordsOf(text)[0] ?? '';
  if (!isStopword(first) || /^\p{Lu}{2,}/u.test(first)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const ARTICLES = new Set(['the', 'a', 'an', 'der', 'die', 'das', 'den', 'dem', 'des', 'le', 'la', 'les', 'el', 'los', 'las', 'un', 'une', 'una']);
/** Word endings of English adverbs, participles and gerunds: poor topics for "describe X". */
const NOT_A_TOPIC = /(ly|ed|ing)$/i;

/**
 * The statement's key phrase: the two adjacent content words with the most letters (names and nouns
 * preferred), as written, with its article when the statement has one ("the cache key").
 */
export function keyPhrase(statement: string): string {
  const words = wordsOf(statement);
  let best = '';
  let bestAt = -1;
  let bestScore = -Infinity;
  words.forEach((word, i) => {
    if (isStopword(word) || word.length < 3) return;
    const next = words[i + 1];
    const joins = next && !isStopword(next) && next.length >= 3 && !NOT_A_TOPIC.test(next) && statement.includes(`${word} ${next}`);
    const pair = joins ? `${word} ${next}` : word;
    const score = pair.length + (/^\p{Lu}/u.test(word) && i > 0 ? 3 : 0) - (NOT_A_TOPIC.test(word) ? 8 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = pair;
      bestAt = i;
    }
  });
  if (!best) return trimEnd(statement).slice(0, 40);
  const before = words[bestAt - 1];
  return before && ARTICLES.has(before.toLowerCase()) && statement.includes(`${before} ${best}`) ? `${before.toLowerCase()} ${best}` : best;
}

/** The statement with its most informative word (longest content word or a number) blanked out. */
export function clozeOf(statement: string): string | undefined {
  const candidates = contentWords(statement);
  if (candidates.length < 2) return undefined;
  const target = [...candidates].sort((a, b) => Number(/\p{N}/u.test(b)) - Number(/\p{N}/u.test(a)) || b.length - a.length)[0];
  const at = statement.toLowerCase().indexOf(target);
  if (at < 0) return undefined;
  return `${statement.slice(0, at)}${BLANK}${statement.slice(at + target.length)}`;
}

/**
 * Writes a question of `form` about `statement` in `lang`, or undefined when that form does not fit the
 * statement (e.g. no "X is Y" shape for what_is, a subject that is a dangling pronoun).
 */
export function writeQuestion(statement: string, form: QuestionForm, lang: Lang): string | undefined {
  const sentence = trimEnd(statement);
  if (lang === 'other') {
    const cloze = clozeOf(sentence);
    return cloze ? `${cloze} — ${BLANK}?` : undefined;
  }
  const t = TEMPLATES[lang];
  switch (form) {
    case 'what_is': {
      const m = COPULA[lang].exec(sentence);
      if (!m || startsDangling(m[1]) || wordsOf(m[1]).length > 8) return undefined;
      const plural = /^(are|sind|sont|son)$/i.test(m[2]);
      return (plural ? t.whatAre : t.whatIs)(inSentence(m[1]));
    }
    case 'why': {
      const m = CAUSE[lang].exec(sentence);
      if (m && !startsDangling(m[1])) return t.whyClause(inSentence(m[1]));
      return t.whyTopic(keyPhrase(sentence));
    }
    case 'how':
      return t.how(keyPhrase(sentence));
    case 'what_about':
      return t.about(keyPhrase(sentence));
    case 'cloze': {
      const cloze = clozeOf(sentence);
      return cloze ? t.cloze(`${cloze}.`) : undefined;
    }
  }
}

/** Which form a question has (used by revision to pick a different one). */
export function formOf(question: string): QuestionForm | undefined {
  if (question.includes(BLANK)) return 'cloze';
  if (/^(why|warum|aus welchem grund|pourquoi|¿por qué)/i.test(question)) return 'why';
  if (/^(how|wie|comment|¿cómo)/i.test(question)) return 'how';
  if (/^(what does|was wird|que dit|¿qué se dice)/i.test(question)) return 'what_about';
  if (/^(what|was|qu'est|que sont|¿qué)/i.test(question)) return 'what_is';
  return undefined;
}
