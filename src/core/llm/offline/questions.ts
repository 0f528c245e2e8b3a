/**
 * Rule-based question forms of the offline engine, written in the source's language where it is one of
 * English, German, French or Spanish (a neutral fill-in form otherwise). Every form is built from one
 * statement, so its answer is that statement's sentence in the source.
 */
import { isNamed, opensGermanPhrase } from './germanTopics';
import { clauseOf, topicPhrase } from './phrases';
import { contentWords, isStopword, startsDangling, wordsOf, type Lang } from './text';

/** The question forms. */
export type QuestionForm = 'what_is' | 'what_about' | 'why' | 'how' | 'cloze';

/**
 * Forms to try for each question type, best first; unknown types use `default`. A fill-in-the-blank is no real
 * question: it comes last for every type (after the forms of all types, see the engine).
 */
const FORMS_BY_TYPE: Record<string, readonly QuestionForm[]> = {
  factual: ['what_is', 'what_about', 'how'],
  conceptual: ['why', 'what_is', 'how'],
  application: ['how', 'why', 'what_about'],
  analysis: ['why', 'how', 'what_about'],
  default: ['what_about', 'what_is', 'how'],
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

/** A template fills in a phrase; `plural` tells English "do" from "does". */
type Templates = Record<'whatIs' | 'whatAre' | 'about' | 'whyClause' | 'whyTopic' | 'how' | 'cloze', (x: string, plural?: boolean) => string>;

const TEMPLATES: Record<Exclude<Lang, 'other'>, Templates> = {
  en: {
    whatIs: (s) => `What is ${s}?`, whatAre: (s) => `What are ${s}?`,
    about: (k) => `What should I know about ${k}?`,
    whyClause: (c) => `Why is it that ${c}?`, whyTopic: (k, plural) => `Why ${plural ? 'do' : 'does'} ${k} matter?`,
    how: (k, plural) => `How ${plural ? 'do' : 'does'} ${k} work?`, cloze: (s) => `Fill in the blank: ${s}`,
  },
  de: {
    whatIs: (s) => `Was ist ${s}?`, whatAre: (s) => `Was sind ${s}?`,
    about: (k) => `Was muss man über ${k} wissen?`,
    whyClause: (c) => `Aus welchem Grund gilt: ${c}?`, whyTopic: (k) => `Warum braucht man ${k}?`,
    how: (k) => `Was ist über ${k} bekannt?`, cloze: (s) => `Ergänzen Sie die Lücke: ${s}`,
  },
  fr: {
    whatIs: (s) => `Qu'est-ce que ${s} ?`, whatAre: (s) => `Que sont ${s} ?`,
    about: (k) => `Que faut-il savoir sur ${k} ?`,
    whyClause: (c) => `Pourquoi ${c} ?`, whyTopic: (k) => `À quoi sert ${k} ?`,
    how: (k) => `Comment fonctionne ${k} ?`, cloze: (s) => `Complétez le blanc : ${s}`,
  },
  es: {
    whatIs: (s) => `¿Qué es ${s}?`, whatAre: (s) => `¿Qué son ${s}?`,
    about: (k) => `¿Qué hay que saber sobre ${k}?`,
    whyClause: (c) => `¿Por qué ${c}?`, whyTopic: (k) => `¿Por qué es importante ${k}?`,
    how: (k) => `¿Cómo funciona ${k}?`, cloze: (s) => `Complete el espacio en blanco: ${s}`,
  },
};

const BLANK = '_____';

function trimEnd(text: string): string {
  return text.replace(/[\s.!?:;,。]+$/u, '');
}

/**
 * True when `word`, capitalised at the start of `text`, is a name rather than an ordinary word written with a
 * capital only because it opens the sentence: an acronym or a word with capitals or digits inside ("JSON",
 * "OpenAI", "K2"), a word followed by another capitalised word ("Kestrel K2", "Visual Studio"), or one the
 * context also writes capitalised in mid-sentence. German nouns are always capitalised: there only stopwords
 * (articles, pronouns) are ordinary.
 */
function isName(word: string, next: string | undefined, lang: Lang, context: string): boolean {
  if (!/^\p{Lu}/u.test(word)) return false;
  if (isStopword(word)) return /^\p{Lu}{2,}/u.test(word);
  if (lang === 'de' || /^.[\p{L}'’_-]*[\p{Lu}\p{N}]/u.test(word)) return true;
  if (next !== undefined && /^[\p{Lu}\p{N}]/u.test(next) && !isStopword(next)) return true;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // capitalised after a lower-case word or a comma on the same line: not a sentence start
  return new RegExp(`[\\p{Ll},;][ \\t]+${escaped}(?![\\p{L}\\p{N}])`, 'u').test(context);
}

/**
 * `text` as it reads in mid-sentence: its first letter lower-cased unless its first word is a name.
 * @param context text that shows how the source writes the word elsewhere (the statement, its chunk)
 */
function inSentence(text: string, lang: Lang, context = ''): string {
  const [first = '', next] = wordsOf(text);
  if (!text.startsWith(first) || isName(first, next, lang, context)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const ARTICLES = new Set(['the', 'a', 'an', 'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'le', 'la', 'les', 'el', 'los', 'las', 'un', 'une', 'una']);
/** Word endings of English adverbs, participles and gerunds: poor topics for "describe X". */
const NOT_A_TOPIC = /(ly|ed|ing)$/i;
/** English prepositions and adverbs that are no stopwords but never a topic ("online within"). */
const NOT_A_TOPIC_WORD = new Set(['within', 'without', 'between', 'through', 'across', 'after', 'before', 'during', 'against',
  'among', 'upon', 'until', 'since', 'because', 'via', 'per', 'online', 'instead', 'again', 'therefore',
  // answers and interjections that open conversational sentences ("Yes. Without Wi-Fi …")
  'yes', 'okay', 'thanks', 'thank', 'please', 'sure', 'hello', 'nein', 'danke', 'bitte', 'oui', 'merci', 'gracias']);

/** Adverbs that open German sentences (and are capitalised there, like a noun). */
const GERMAN_OPENING_ADVERBS = new Set(['dann', 'danach', 'dabei', 'dadurch', 'dafür', 'damit', 'daher', 'darum', 'deshalb', 'deswegen',
  'trotzdem', 'außerdem', 'zuerst', 'zunächst', 'anschließend', 'jetzt', 'nun', 'hier', 'dort', 'heute', 'morgen', 'sonst',
  'also', 'bitte', 'auch', 'oft', 'immer', 'manchmal', 'zusätzlich', 'stattdessen', 'inzwischen', 'schließlich', 'meistens']);

/** A poor topic word: a stopword, too short, a preposition or adverb; in German, not capitalised (no noun). */
function weakTopic(word: string, lang: Lang): boolean {
  if (isStopword(word) || word.length < 3 || NOT_A_TOPIC_WORD.has(word.toLowerCase())) return true;
  return lang === 'de' && !/^[\p{Lu}\p{N}]/u.test(word);
}

/**
 * The article of a German key phrase in the accusative its question needs ("erwähnt … den Lüfter", "über den
 * Lüfter"), or none when the case cannot be told: a sentence-initial "der" is a masculine subject (→ den),
 * any other "der" a feminine dative/genitive or a plural genitive (→ die); "dem"/"des"/"einem"/"eines" and a
 * mid-sentence "einer" are left out.
 */
function germanAccusative(article: string, atStart: boolean): string | undefined {
  switch (article.toLowerCase()) {
    case 'der': return atStart ? 'den' : 'die';
    case 'dem': case 'des': case 'einem': case 'eines': return undefined;
    case 'einer': return atStart ? 'einen' : undefined;
    default: return article.toLowerCase();
  }
}

/**
 * The statement's key phrase: the two adjacent content words with the most letters (names and nouns
 * preferred; in German only capitalised words, the nouns, and only where they open a phrase — see
 * {@link opensGermanPhrase}), with its article when the statement has one ("the cache key"), cased as in
 * mid-sentence (see {@link inSentence}); undefined when no word makes a topic.
 */
export function keyPhrase(statement: string, lang: Lang = 'en', context = ''): string | undefined {
  const words = wordsOf(statement);
  let best = '';
  let bestAt = -1;
  let bestScore = -Infinity;
  words.forEach((word, i) => {
    if (weakTopic(word, lang)) return;
    const next = words[i + 1];
    // two German nouns side by side are two phrases ("Metern Höhe") unless one is a name ("Kestrel K2")
    const joins = next && !weakTopic(next, lang) && !NOT_A_TOPIC.test(next) && statement.includes(`${word} ${next}`)
      && (lang !== 'de' || isNamed(next));
    const pair = joins ? `${word} ${next}` : word;
    const before = words[i - 1];
    const articled = before !== undefined && ARTICLES.has(before.toLowerCase()) && statement.includes(`${before} ${pair}`);
    if (lang === 'de' && !articled && !opensGermanPhrase(pair, statement)) return;
    // a German sentence opens with a capital whatever the word: an imperative ("Montieren Sie …") or an adverb
    // ("Dann heizt …") there is no noun
    if (lang === 'de' && i === 0 && (next === 'Sie' || GERMAN_OPENING_ADVERBS.has(word.toLowerCase()))) return;
    // "nach dem Ausschalten": a noun whose article has no accusative that can be told reads as a bare word
    // ("Warum braucht man Ausschalten?") unless it is a name
    if (lang === 'de' && articled && germanAccusative(before, i === 1) === undefined && !isNamed(pair)) return;
    const score = pair.length + (/^\p{Lu}/u.test(word) && i > 0 ? 3 : 0) - (NOT_A_TOPIC.test(word) ? 8 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = pair;
      bestAt = i;
    }
  });
  if (!best) return undefined;
  const before = words[bestAt - 1];
  if (!before || !ARTICLES.has(before.toLowerCase()) || !statement.includes(`${before} ${best}`)) {
    return bestAt === 0 ? inSentence(best, lang, `${statement}\n${context}`) : best;
  }
  const article = lang === 'de' ? germanAccusative(before, bestAt === 1) : before.toLowerCase();
  return article ? `${article} ${best}` : best;
}

/** A number as written, with its decimal or time separators ("1.5", "1,5", "06:30", "−75"). */
const NUMBER = /(?<![\p{L}\p{N}])[−-]?\p{N}+(?:[.,:]\p{N}+)*(?![\p{L}\p{N}])/gu;

/**
 * The statement with its most informative part blanked out: a whole number ("1.5 metres", "07:00", never
 * "_____.5") when it has one, else its longest content word, matched as a whole word.
 */
export function clozeOf(statement: string): string | undefined {
  const candidates = contentWords(statement);
  if (candidates.length < 2) return undefined;
  const number = [...statement.matchAll(NUMBER)].sort((a, b) => b[0].length - a[0].length)[0];
  if (number?.index !== undefined) {
    return `${statement.slice(0, number.index)}${BLANK}${statement.slice(number.index + number[0].length)}`;
  }
  const target = [...candidates].sort((a, b) => b.length - a.length)[0];
  const at = new RegExp(`(?<![\\p{L}\\p{N}])${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu').exec(statement);
  if (!at) return undefined;
  return `${statement.slice(0, at.index)}${BLANK}${statement.slice(at.index + target.length)}`;
}

/**
 * The key phrase a topic question asks about, or undefined when a statement that opens with a pronoun ("It is
 * enabled by default.") leaves only a bare lower-case word ("default"), which names nothing on its own. English
 * topics are whole noun phrases (see {@link topicPhrase}); none found means no topic question.
 */
function topicOf(sentence: string, lang: Lang, context: string): { text: string; plural: boolean; subject: boolean } | undefined {
  if (lang === 'en') {
    const phrase = topicPhrase(sentence);
    if (phrase && startsDangling(sentence) && /^\p{Ll}[\p{L}-]*$/u.test(phrase.text)) return undefined;
    const subject = phrase?.start === 0;
    return phrase && { text: subject ? inSentence(phrase.text, lang, context) : phrase.text, plural: phrase.plural, subject };
  }
  const key = keyPhrase(sentence, lang, context);
  if (!key || (startsDangling(sentence) && /^\p{Ll}[\p{L}-]*$/u.test(key))) return undefined;
  return { text: key, plural: false, subject: true };
}

/** "What does the K2 measure?" / "How does the K2 measure the room temperature?" for an English S-V-O clause. */
function clauseQuestion(sentence: string, form: 'how' | 'what_about', context: string): string | undefined {
  const clause = clauseOf(sentence);
  if (!clause) return undefined;
  const subject = inSentence(clause.subject.text, 'en', context);
  const does = clause.subject.plural ? 'do' : 'does';
  return form === 'how' ? `How ${does} ${subject} ${clause.verb} ${clause.object.text}?` : `What ${does} ${subject} ${clause.verb}?`;
}

/**
 * Writes a question of `form` about `statement` in `lang`, or undefined when that form does not fit the
 * statement (e.g. no "X is Y" shape for what_is, a subject that is a dangling pronoun).
 */
export function writeQuestion(statement: string, form: QuestionForm, lang: Lang, context = ''): string | undefined {
  const sentence = trimEnd(statement);
  context = `${sentence}\n${context}`;
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
      return (plural ? t.whatAre : t.whatIs)(inSentence(m[1], lang, context));
    }
    case 'why': {
      const m = CAUSE[lang].exec(sentence);
      if (m && !startsDangling(m[1])) return t.whyClause(inSentence(m[1], lang, context));
      const topic = topicOf(sentence, lang, context);
      return topic && t.whyTopic(topic.text, topic.plural);
    }
    case 'how':
    case 'what_about': {
      const asked = lang === 'en' ? clauseQuestion(sentence, form, context) : undefined;
      if (asked) return asked;
      const topic = topicOf(sentence, lang, context);
      // "How does X work?" fits what the statement is about (its subject), not a thing it merely mentions
      if (form === 'how' && lang === 'en' && topic && !topic.subject) return undefined;
      return topic && (form === 'how' ? t.how : t.about)(topic.text, topic.plural);
    }
    case 'cloze': {
      const cloze = clozeOf(sentence);
      return cloze ? t.cloze(`${cloze}.`) : undefined;
    }
  }
}

/** Which form a question has (used by revision to pick a different one). */
export function formOf(question: string): QuestionForm | undefined {
  if (question.includes(BLANK)) return 'cloze';
  if (/^(why|warum|aus welchem grund|pourquoi|à quoi sert|¿por qué)/i.test(question)) return 'why';
  if (/^(how|wie|comment|¿cómo|was ist über .+ bekannt)/i.test(question)) return 'how';
  if (/^(what does|what do|what should|was wird|was muss man|que dit|que faut-il|¿qué se dice|¿qué hay que)/i.test(question)) return 'what_about';
  if (/^(what|was|qu'est|que sont|¿qué)/i.test(question)) return 'what_is';
  return undefined;
}

/**
 * The topic a German topic question asks about ("Warum braucht man den Drehregler?" → "den Drehregler"), read
 * back through the templates that wrote it; undefined for any other question.
 */
export function germanQuestionTopic(question: string): string | undefined {
  const t = TEMPLATES.de;
  for (const template of [t.about, t.whyTopic, t.how]) {
    const [head, tail] = template('\u0000').split('\u0000');
    if (question.startsWith(head) && question.endsWith(tail) && question.length > head.length + tail.length) {
      return question.slice(head.length, question.length - tail.length);
    }
  }
  return undefined;
}
