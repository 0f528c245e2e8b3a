/**
 * English noun phrases and clause shapes for the offline engine's questions, from `compromise` (a small, kept
 * English tagger and chunker), so a topic is a whole phrase ("electric underfloor heating", "the magnetic wall
 * plate") and never one cut mid-phrase ("electric underfloor", "temperature every").
 */
import nlp from 'compromise';

/** One tagged word as compromise reads it. */
interface Term {
  text: string;
  pre: string;
  post: string;
  tags: string[];
  chunk?: string;
}

/** A noun phrase of a sentence, verbatim, with where it sits. */
export interface NounPhrase {
  text: string;
  /** index of its first term in the sentence */
  start: number;
  /** index after its last term */
  end: number;
  plural: boolean;
}

/** The subject, verb and object of a simple present-tense clause ("The K2 measures the room temperature"). */
export interface Clause {
  subject: NounPhrase;
  /** the verb's infinitive ("measure") */
  verb: string;
  object: NounPhrase;
}

function termsOf(sentence: string): Term[] {
  // a line break inside a statement is a soft wrap, and compromise would end the sentence there
  return (nlp(sentence.replace(/\s*\n\s*/g, ' ')).json() as Array<{ terms: Term[] }>).flatMap((s) => s.terms);
}

const has = (t: Term, tag: string): boolean => t.tags.includes(tag);
/** A term that ends a phrase: punctuation after it (comma, parenthesis, semicolon, colon, dash, full stop). */
const closes = (t: Term): boolean => /[,;:()[\]{}.!?—–"]/u.test(t.post);
/**
 * Words a topic may not start with: a possessive or quantifier makes it someone's, not a thing ("your home", "every
 * 30 seconds"); a preposition the tagger read as an adjective makes it a place or condition ("under warranty").
 */
const BAD_LEAD = /^(every|each|any|some|no|your|my|our|their|his|her|its|this|that|these|those|under|over|above|below|inside|outside|near|off)$/i;

/**
 * True for an instruction the tagger read as a noun phrase: a clause after a comma, colon or semicolon that opens
 * with a bare verb and has no article ("If E3 returns, contact support: …" is no topic "contact support").
 */
function imperative(terms: Term[], start: number, end: number): boolean {
  const first = terms[start];
  if (start === 0 || end - start < 2 || !/[,;:]/.test(terms[start - 1].post) || !/^\p{Ll}/u.test(first.text)) return false;
  if (terms.slice(start, end).some((t) => has(t, 'Determiner'))) return false;
  return nlp(`to ${first.text}`).has('#Infinitive');
}

/** The noun phrases of `sentence`: maximal runs of compromise's noun chunk, split at punctuation and at a second determiner. */
export function nounPhrases(sentence: string): NounPhrase[] {
  const terms = termsOf(sentence);
  const phrases: NounPhrase[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    let last = end;
    // a phrase ends in its head noun: drop a trailing adjective or adverb the chunker attached ("the router closer")
    while (last > start && !has(terms[last - 1], 'Noun')) last--;
    // a plural-looking head followed by a determiner, pronoun or adjective is the verb ("a factory reset deletes
    // your schedules", "the flat stays cold"): the phrase ends before it
    const after = terms[last];
    const content = terms.slice(start, last).filter((t) => !has(t, 'Determiner')).length;
    if (content >= 2 && has(terms[last - 1], 'Plural') && after && !closes(terms[last - 1])
      && ['Determiner', 'Possessive', 'Pronoun', 'Adjective'].some((tag) => has(after, tag))) last--;
    const words = terms.slice(start, last);
    const nouns = words.filter((t) => has(t, 'Noun') && !has(t, 'Pronoun'));
    const numeric = words.some((t) => has(t, 'Value') || has(t, 'Date') || has(t, 'Duration'));
    if (nouns.length > 0 && !numeric && !has(words[0], 'Pronoun') && !BAD_LEAD.test(words[0].text) && !imperative(terms, start, last)) {
      const text = words.map((t, i) => t.text + (i < words.length - 1 ? t.post.replace(/\s+/g, ' ') : '')).join('');
      phrases.push({ text, start, end: last, plural: has(words[words.length - 1], 'Plural') });
    }
    start = -1;
  };
  terms.forEach((t, i) => {
    const inNoun = t.chunk === 'Noun' && !/^[>|<=]+$/.test(t.text) && !has(t, 'Conjunction');
    if (!inNoun) return flush(i);
    if (start >= 0 && (has(t, 'Determiner') || has(t, 'Pronoun') || /[([{"—–]/u.test(t.pre))) flush(i);
    if (start < 0) start = i;
    if (closes(t)) flush(i + 1);
  });
  flush(terms.length);
  return phrases;
}

/** The phrase a question about `sentence` is best asked about: the subject when it is one, else the fullest phrase. */
export function topicPhrase(sentence: string): NounPhrase | undefined {
  // an all-capitals phrase of several words is a heading the sentence split ran into ("KESTREL K2 WARRANTY")
  const phrases = nounPhrases(sentence).filter((p) => p.text.split(' ').length <= 6 && /\p{L}{3}/u.test(p.text)
    && !(p.text.includes(' ') && p.text === p.text.toUpperCase()));
  const score = (p: NounPhrase): number => p.text.replace(/^(the|a|an)\s/i, '').length + (p.start === 0 ? 6 : 0) + (/\p{Lu}/u.test(p.text.slice(1)) ? 3 : 0);
  return [...phrases].sort((a, b) => score(b) - score(a))[0];
}

/**
 * The clause "S V O" when `sentence` opens with a noun phrase, then one present-tense verb that is no copula,
 * auxiliary or modal, then a noun phrase: the shape "What does S V?" and "How does S V O?" ask about.
 */
export function clauseOf(sentence: string): Clause | undefined {
  const terms = termsOf(sentence);
  const phrases = nounPhrases(sentence);
  const subject = phrases[0];
  if (!subject || subject.start !== 0) return undefined;
  const verb = terms[subject.end];
  if (!verb || verb.chunk !== 'Verb' || !has(verb, 'PresentTense') || has(verb, 'Copula') || has(verb, 'Auxiliary')
    || has(verb, 'Modal') || has(verb, 'Gerund') || closes(terms[subject.end - 1])) return undefined;
  const object = phrases.find((p) => p.start === subject.end + 1);
  if (!object || closes(verb)) return undefined;
  const infinitive = nlp(verb.text).verbs().toInfinitive().text();
  if (!infinitive || /\s/.test(infinitive)) return undefined;
  return { subject, verb: infinitive, object };
}

/**
 * True when the question's closing words are a phrase cut short: they end in a word that cannot end a phrase (a
 * determiner, preposition, conjunction, particle or adverb: "temperature every?", "switch off?"), or the source
 * goes on with a noun right after them ("magnetic wall" where the source says "magnetic wall plate").
 */
export function endsInFragment(question: string, source: string): boolean {
  const body = question.replace(/[\s?？]+$/u, '');
  const terms = termsOf(body);
  const last = terms[terms.length - 1];
  if (!last) return false;
  if (['Determiner', 'Preposition', 'Conjunction', 'Particle', 'Adverb'].some((tag) => has(last, tag))) return true;
  const tail = body.split(/\s+/).slice(-2).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (tail.length < 2) return false;
  const flat = source.replace(/\s+/g, ' ');
  const next = new RegExp(`(?<![\\p{L}\\p{N}])${tail.join(' ')} ([\\p{L}][\\p{L}\\p{N}_-]*)`, 'iu').exec(flat);
  if (!next) return false;
  const tagged = termsOf(`${tail.join(' ')} ${next[1]}`.replace(/\\/g, ''));
  const after = tagged[tagged.length - 1];
  return after !== undefined && (has(after, 'Noun') || has(after, 'Gerund')) && !has(after, 'Pronoun');
}
