/**
 * Sentence segmentation helpers shared by chunking, evidence and the offline engine. ICU's sentence segmenter
 * (Intl.Segmenter) ends a sentence at every line break; in prose a single line break is only a wrap.
 */

/** A line that starts a block of its own: heading, quote, table row, list item, fence. */
const BLOCK_START = /^[ \t]*(?:#{1,6}[ \t]|>|\||[-*+][ \t]|\d{1,3}[.)][ \t]|```|~~~)/;
/** A line after which a new line is a new block: heading, table row. */
const BLOCK_LINE = /^[ \t]*(?:#{1,6}[ \t]|\|)/;

/**
 * `slice` with its soft line wraps (a newline inside a paragraph) turned into spaces. ICU ends a sentence at
 * every newline, which cut hard-wrapped markdown mid-sentence; the copy has the same length, so offsets hold.
 */
export function unwrapSoftBreaks(slice: string): string {
  if (!slice.includes('\n')) return slice;
  const lines = slice.split('\n');
  let out = lines[0];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    const soft = prev.trim() !== '' && line.trim() !== '' && !BLOCK_START.test(line) && !BLOCK_LINE.test(prev);
    if (soft && out.endsWith('\r')) out = `${out.slice(0, -1)} `;
    out += (soft ? ' ' : '\n') + line;
  }
  return out;
}

/**
 * Abbreviations after which a period never ends a sentence (compared lower-case, without the final period).
 * "etc." is among them on purpose: a list that ends a sentence with it is rarer than one that goes on.
 */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'dr', 'mr', 'mrs', 'ms', 'prof', 'sr', 'jr', 'st', 'no', 'nos', 'fig', 'figs',
  'approx', 'al', 'inc', 'ltd', 'co', 'corp', 'p', 'pp', 'vol', 'ch', 'sec', 'eq', 'resp', 'esp', 'viz', 'ca', 'ed',
  'min', 'max', 'e.v', 'a.k.a', 'z.b', 'd.h', 'u.a', 'bzw', 'ggf', 'usw', 'vgl', 'ff',
]);

const TERMINAL = new Set(['.', '!', '?', '…']);
const WIDE_TERMINAL = new Set(['。', '！', '？']);
const CLOSERS = new Set([')', ']', '"', "'", '’', '”', '»', '*', '_']);

/**
 * Offsets in [from, to) of `text` where a sentence ends (just past its punctuation and closing quotes), found
 * in prose only: never inside inline code or a link's brackets, after an abbreviation (e.g., i.e., etc., Dr.,
 * vs.), an initial, a number or a version (`0.3`, `v1.2.3`), a file name or a URL (their periods are not
 * followed by a blank), nor before a lower-case word. CJK full stops end a sentence without a blank.
 */
export function sentenceEnds(text: string, from = 0, to = text.length): number[] {
  const ends: number[] = [];
  let code = 0; // length of the open backtick run, 0 outside inline code
  let bracket = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '`') {
      let n = 1;
      while (i + n < to && text[i + n] === '`') n++;
      if (code === 0) code = n;
      else if (code === n) code = 0;
      i += n - 1;
      continue;
    }
    if (code) continue;
    if (c === '[') bracket++;
    else if (c === ']' && bracket > 0) bracket--;
    else if (c === '\n' && text[i + 1] === '\n') bracket = 0;
    if (bracket > 0) continue;
    if (WIDE_TERMINAL.has(c)) {
      let j = i + 1;
      while (j < to && CLOSERS.has(text[j])) j++;
      if (j < to) ends.push(j);
      i = j - 1;
      continue;
    }
    if (!TERMINAL.has(c)) continue;
    let j = i + 1;
    while (j < to && TERMINAL.has(text[j])) j++;
    while (j < to && CLOSERS.has(text[j])) j++;
    if (j >= to || !/\s/.test(text[j])) { i = j - 1; continue; }
    let k = j;
    while (k < to && /\s/.test(text[k])) k++;
    if (k >= to) { i = j - 1; continue; }
    if (c === '.' && !endsSentence(text, i, k)) { i = j - 1; continue; }
    if (/\p{Ll}/u.test(text[k])) { i = j - 1; continue; }
    ends.push(j);
    i = j - 1;
  }
  return ends;
}

/** Whether the period at `dot` ends a sentence, judged by the word before it (`next` starts the following text). */
function endsSentence(text: string, dot: number, next: number): boolean {
  let w = dot;
  while (w > 0 && /[\p{L}\p{N}.]/u.test(text[w - 1])) w--;
  const word = text.slice(w, dot);
  if (word === '') return true;
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // An initial ("J. Smith") or a one-letter list label; a number before a period followed by a digit is a decimal.
  if (/^\p{Lu}$/u.test(word) && /\p{Lu}/u.test(text[next] ?? '')) return false;
  if (/^\d+$/.test(word) && /\d/.test(text[next] ?? '')) return false;
  // A list item's number or letter at the start of its line ("1. Fork it") opens the item; it ends nothing.
  const lineStart = text.lastIndexOf('\n', w - 1) + 1;
  if (/^(?:\d{1,3}|[A-Za-z])$/.test(word) && text.slice(lineStart, w).trim() === '') return false;
  return true;
}

/** The end of a sentence at the end of a text: terminal punctuation, maybe inside closing quotes, brackets or markup. */
const SENTENCE_END = /[.!?。！？…][)\]"'”’*_`]*\s*$/u;

/** True when `text` ends a sentence (its last non-blank character is terminal punctuation, maybe in closers). */
export function closesSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/**
 * True when `text` starts in lowercase: it carries on a sentence begun before it ("will be replaced with either",
 * "depending on whether …" after a code block), as no new sentence starts.
 */
export function continuesInLowercase(text: string): boolean {
  return /^\s*\p{Ll}/u.test(text);
}
