/**
 * Classical text helpers of the offline engine: sentences with their exact offsets, words, a small stopword
 * model for language detection (English, German, French, Spanish), content words and overlap measures.
 */

import { unwrapSoftBreaks } from '../../text/sentences';

/** Languages the offline engine writes questions in; `other` gets a neutral form. */
export type Lang = 'en' | 'de' | 'fr' | 'es' | 'other';

/** A sentence exactly as it appears in its text. */
export interface Sentence {
  text: string;
  start: number;
}

const STOPWORDS: Record<Exclude<Lang, 'other'>, ReadonlySet<string>> = {
  en: new Set('the a an and or of to in on for with by from at as is are was were be been it its this that these those which who what when where how why not no can will would should may must has have had do does did than then there their they them we you he she i our your into over under about also only more most such each any all other already still just very even often always never usually however therefore thus both either neither much many well could might shall'.split(' ')),
  de: new Set('der die das den dem des ein eine einer eines einem einen und oder von zu im in auf für mit bei aus als ist sind war waren sein wird werden wurde es sie er wir ihr ich nicht kein keine auch nur dass wenn wie was wer wo warum sich dieser diese dieses man noch schon um über unter nach vor durch'.split(' ')),
  fr: new Set('le la les un une des du de et ou à au aux en dans sur pour par avec est sont était être a ont il elle ils elles on nous vous je ce cette ces qui que quoi où quand comment pourquoi ne pas plus se sa son ses leur leurs mais donc car aussi comme'.split(' ')),
  es: new Set('el la los las un una unos unas y o de del al a en con por para es son era ser está están fue lo le les se su sus que qué quien cuando donde cómo como por qué no más pero también muy este esta estos estas ese esa hay'.split(' ')),
};

/** Pronouns that make a sentence depend on what came before it ("It is…", "Dies ist…"). */
const DANGLING = new Set(['it', 'this', 'that', 'these', 'those', 'they', 'he', 'she', 'es', 'dies', 'diese', 'dieser', 'er', 'sie',
  'il', 'elle', 'ils', 'elles', 'ce', 'cela', 'ceci', 'esto', 'eso', 'ello', 'ella', 'ellos']);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

/** The words of `text`, as written. */
export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** True when `word` (any case) is a stopword in any supported language. */
export function isStopword(word: string): boolean {
  const w = word.toLowerCase();
  return STOPWORDS.en.has(w) || STOPWORDS.de.has(w) || STOPWORDS.fr.has(w) || STOPWORDS.es.has(w);
}

/** Lower-cased content words (no stopwords, at least 3 characters, or any number). */
export function contentWords(text: string): string[] {
  return wordsOf(text).map((w) => w.toLowerCase()).filter((w) => /\p{N}/u.test(w) || (w.length >= 3 && !isStopword(w)));
}

/** True when the text starts with a pronoun that refers to something outside it. */
export function startsDangling(text: string): boolean {
  const first = wordsOf(text)[0];
  return first !== undefined && DANGLING.has(first.toLowerCase());
}

/** The language with the most stopword hits (at least 3 and 1.5× the runner-up), else `other`. */
export function detectLanguage(text: string): Lang {
  const counts = { en: 0, de: 0, fr: 0, es: 0 };
  for (const word of wordsOf(text.slice(0, 5000))) {
    const w = word.toLowerCase();
    for (const lang of ['en', 'de', 'fr', 'es'] as const) if (STOPWORDS[lang].has(w)) counts[lang]++;
  }
  const ranked = (Object.entries(counts) as Array<[Exclude<Lang, 'other'>, number]>).sort((a, b) => b[1] - a[1]);
  const [best, runnerUp] = ranked;
  return best[1] >= 3 && best[1] >= runnerUp[1] * 1.5 ? best[0] : 'other';
}

const BLOCK_LINE = /^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\|)/;

function pushTrimmed(out: Sentence[], text: string, start: number): void {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (trimmed) out.push({ text: trimmed, start: start + lead });
}

/** Splits text into units at blank lines and around headings, list items, quotes and table rows. */
function blocksOf(text: string): Sentence[] {
  const blocks: Sentence[] = [];
  let blockStart = 0;
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const lineEnd = offset + line.length;
    const next = lines[i + 1];
    const breakAfter = next === undefined || line.trim() === '' || next.trim() === '' || BLOCK_LINE.test(line) || BLOCK_LINE.test(next);
    if (breakAfter) {
      pushTrimmed(blocks, text.slice(blockStart, lineEnd), blockStart);
      blockStart = lineEnd + 1;
    }
    offset = lineEnd + 1;
  });
  return blocks;
}

const ABBREVIATION = /^(\p{Lu}\p{L}{0,3}\.|[a-z]\.[a-z]\.|etc\.|z\.\s?B\.|bzw\.|vgl\.)$/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** The sentences of `text`, each verbatim with its start offset. */
export function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const block of blocksOf(text)) {
    let carried = -1; // start of an abbreviation ("Dr.", "e.g.") that the segmenter split off
    // Inside a block every line break is a soft wrap; the unwrapped copy has the same length, so offsets hold.
    for (const segment of segmenter.segment(unwrapSoftBreaks(block.text))) {
      const start = carried >= 0 ? carried : segment.index;
      if (ABBREVIATION.test(segment.segment.trim())) {
        carried = start;
        continue;
      }
      carried = -1;
      pushTrimmed(out, block.text.slice(start, segment.index + segment.segment.length), block.start + start);
    }
    if (carried >= 0) pushTrimmed(out, block.text.slice(carried), block.start + carried);
  }
  return out;
}

/** Share of `part`'s content words that occur in `whole` (1 when `part` has none). */
export function coverage(part: string, whole: string): number {
  const words = contentWords(part);
  if (words.length === 0) return 1;
  const pool = new Set(contentWords(whole));
  return words.filter((w) => pool.has(w)).length / words.length;
}

/** Dice overlap of the content-word sets of `a` and `b`. */
export function overlap(a: string, b: string): number {
  const x = new Set(contentWords(a));
  const y = new Set(contentWords(b));
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/** The speaker label a rendered transcript puts before each message ("assistant: …"). */
const SPEAKER = /^\s*(user|assistant|system|human|ai|bot|agent|customer|support|tool)\s*:\s+/i;

/** Inline code: the same run of backticks on both sides; the code inside is kept whole (underscores too). */
const CODE_SPAN = /(`{1,3})([^`]+?)\1/g;
/** `*` emphasis: markers that touch the text they wrap. */
const STAR_EMPHASIS = /(\*{1,3})(?=\S)([^*]+?)(?<=\S)\1/g;
/**
 * `_` emphasis: only at word boundaries, as CommonMark reads it. An underscore inside a word (`model_worker`,
 * `max_tokens`) is part of the word, never a marker.
 */
const UNDERSCORE_EMPHASIS = /(?<![\p{L}\p{N}_])(_{1,3})(?=\S)([^_]+?)(?<=\S)\1(?![\p{L}\p{N}_])/gu;
/** A marker left without its partner where the sentence boundary split an emphasis; an identifier's `_` stays. */
const LEADING_MARKER = /^(\*{1,3}|`{1,3}|_{1,3}(?![\p{L}\p{N}]))\s*/u;
const TRAILING_MARKER = /\s*(\*{1,3}|`{1,3}|(?<![\p{L}\p{N}])_{1,3})$/u;

/**
 * Markdown markers and a transcript's speaker label removed from a sentence (for statements and answers; quotes
 * stay verbatim). Emphasis split by the sentence boundary ("**E1 — no Wi-Fi.** The …" → "** The …") loses its
 * unmatched markers too. Words are kept verbatim: underscores inside identifiers are text, not markup.
 */
export function withoutMarkup(sentence: string): string {
  return sentence
    .replace(/^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/, '')
    .replace(SPEAKER, '')
    .replace(CODE_SPAN, '$2')
    .replace(STAR_EMPHASIS, '$2')
    .replace(UNDERSCORE_EMPHASIS, '$2')
    .replace(LEADING_MARKER, '')
    .replace(TRAILING_MARKER, '')
    .trim();
}

/**
 * How much a sentence says on its own: distinct content words, plus numbers and names, damped for fragments,
 * very long sentences, code, questions and sentences that open with a dangling pronoun; 0 for headings and
 * table rows.
 */
export function informativeness(sentence: string): number {
  // A heading or a table row is a label, not a statement ("# Kestrel K2: getting started").
  if (/^\s*(#{1,6}\s|\|)/.test(sentence)) return 0;
  const words = wordsOf(sentence);
  const content = new Set(contentWords(sentence));
  let score = content.size + 0.5 * words.filter((w) => /\p{N}/u.test(w)).length;
  score += 0.5 * words.slice(1).filter((w) => /^\p{Lu}/u.test(w)).length;
  if (words.length < 6) score *= 0.3;
  if (words.length > 50) score *= 0.5;
  if (/[{}();=<>]{3,}|^\s*(\$|>>>|```)/.test(sentence)) score *= 0.3;
  if (/\?\s*$/.test(sentence)) score *= 0.5;
  if (!/[.!…。:;)"'»]\s*$/.test(sentence)) score *= 0.6;
  if (startsDangling(sentence)) score *= 0.6;
  return score;
}
