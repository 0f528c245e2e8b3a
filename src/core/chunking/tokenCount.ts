/**
 * A fast exact o200k_base token counter for chunking large trees. The tokenizer first splits text into pieces
 * with its pre-tokenization pattern and encodes each piece on its own, so a text's count is the sum of its
 * pieces' counts. We find the pieces once and remember each distinct piece's count (words repeat a lot). For
 * ASCII text the pieces are found by a hand-written scanner equivalent to the pattern (the regular expression
 * costs more per match than the whole scan); other text uses the pattern itself. Equality with countTokens is
 * tested, fuzzed included (pieces over LONG_PIECE characters are bounded instead, see there). Text containing
 * special-token strings such as <|endoftext|> is counted as ordinary text (countTokens refuses it).
 */
import o200k from 'js-tiktoken/ranks/o200k_base';
import { countTokens } from '../text/tokens';

const UNICODE_PATTERN = new RegExp(o200k.pat_str, 'gu');

const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
const SPACE = 8;
const NEWLINE = 16;
const CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (const c of [9, 11, 12, 32]) CLASS[c] = SPACE;
for (const c of [10, 13]) CLASS[c] = SPACE | NEWLINE;
const LETTER = UPPER | LOWER;
const ALNUM = LETTER | DIGIT;

/**
 * Pieces longer than this (base64 blobs, minified code: there are no word breaks) are counted as their UTF-8
 * byte length, an upper bound (a token is at least one byte): byte-pair encoding is quadratic in the piece
 * length, and one 8 KB piece costs more than a megabyte of prose. Caps stay safe; such counts are high.
 */
export const LONG_PIECE = 256;

/** Creates a counter with its own piece memo (bounded to `memoLimit` entries). */
export function createTokenCounter(memoLimit = 200_000): (text: string) => number {
  const memo = new Map<string, number>();
  const piece = (p: string): number => {
    if (p.length > LONG_PIECE) return Buffer.byteLength(p, 'utf8');
    let n = memo.get(p);
    if (n === undefined) {
      n = countTokens(p);
      if (memo.size >= memoLimit) memo.clear();
      memo.set(detach(p), n);
    }
    return n;
  };
  const ascii = new AsciiPieceTable(piece);
  const piecesOf = (segment: string): number => {
    let total = 0;
    for (let i = 0; i < segment.length;) {
      const end = asciiPieceEnd(segment, i);
      total += ascii.count(segment, i, end);
      i = end;
    }
    return total;
  };
  // Counts of whole segments between sure piece starts (" word" mostly), so a segment seen before costs one
  // hash and compare instead of the piece scanner.
  const segments = new AsciiPieceTable(piecesOf);
  const countUnicode = (text: string, from: number, to: number): number => {
    let total = 0;
    const zone = text.slice(from, to);
    UNICODE_PATTERN.lastIndex = 0;
    for (let m = UNICODE_PATTERN.exec(zone); m; m = UNICODE_PATTERN.exec(zone)) total += piece(m[0]);
    return total;
  };
  const countAscii = (text: string, from: number, to: number): number => {
    let total = 0;
    for (let i = from; i < to;) {
      const end = nextSegmentEnd(text, i, to);
      if (end - i <= LONG_SEGMENT) {
        total += segments.count(text, i, end);
      } else {
        for (let k = i; k < end;) {
          const pieceEnd = asciiPieceEnd(text, k, end);
          total += ascii.count(text, k, pieceEnd);
          k = pieceEnd;
        }
      }
      i = end;
    }
    return total;
  };
  return (text: string): number => {
    let total = 0;
    let i = 0;
    while (i < text.length) {
      const n = nextNonAscii(text, i);
      if (n === -1) return total + countAscii(text, i, text.length);
      // Only the stretch around non-ASCII characters, between two piece boundaries, needs the pattern.
      const a = boundaryBefore(text, i, n);
      const b = boundaryAfter(text, n + 1);
      total += countAscii(text, i, a) + countUnicode(text, a, b);
      i = b;
    }
    return total;
  };
}

/** Segments longer than this are counted piece by piece (their hash would cost more than it saves). */
const LONG_SEGMENT = 48;

/**
 * The end of the segment of the ASCII range [from, to) that starts at `i`: the next sure piece start (a space
 * after a non-blank character and before a letter, as in isBoundary) inside the range, or `to`. Pieces never
 * cross it, so a range's count is the sum of its segments' counts.
 */
function nextSegmentEnd(text: string, i: number, to: number): number {
  for (let p = text.indexOf(' ', i + 1); p !== -1 && p + 1 < to; p = text.indexOf(' ', p + 1)) {
    if ((CLASS[text.charCodeAt(p + 1)] & LETTER) !== 0 && (CLASS[text.charCodeAt(p - 1)] & SPACE) === 0) return p;
  }
  return to;
}

function nextNonAscii(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return i;
  return -1;
}

/**
 * Whether a piece surely starts at `p`: a space after a non-blank character and before an ASCII letter. No
 * pattern alternative carries a space past a non-blank character, and " x…" always starts a piece.
 */
function isBoundary(text: string, p: number): boolean {
  if (p <= 0 || p + 1 >= text.length || text.charCodeAt(p) !== 32) return false;
  const before = text.charCodeAt(p - 1);
  if (before < 128 ? (CLASS[before] & SPACE) !== 0 : /\s/.test(text[p - 1])) return false;
  const after = text.charCodeAt(p + 1);
  return after < 128 && (CLASS[after] & LETTER) !== 0;
}

/** The last boundary in (from, at], or `from` (a piece start) when there is none. */
function boundaryBefore(text: string, from: number, at: number): number {
  for (let p = at; p > from; p--) if (isBoundary(text, p)) return p;
  return from;
}

/** The first boundary at or after `from`, or the end of the text. */
function boundaryAfter(text: string, from: number): number {
  for (let p = from; p < text.length; p++) if (isBoundary(text, p)) return p;
  return text.length;
}

/**
 * Counts of ASCII pieces in an open-addressing table keyed by a hash computed from the text in place, so a
 * piece seen before costs no string allocation.
 */
class AsciiPieceTable {
  private static readonly SIZE = 1 << 17;
  private readonly hashes = new Int32Array(AsciiPieceTable.SIZE);
  private readonly counts = new Int32Array(AsciiPieceTable.SIZE).fill(-1);
  private readonly pieces: string[] = new Array<string>(AsciiPieceTable.SIZE);
  private used = 0;

  constructor(private readonly countPiece: (piece: string) => number) {}

  count(text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const mask = AsciiPieceTable.SIZE - 1;
    for (let slot = h & mask, probes = 0; probes < 8; slot = (slot + 1) & mask, probes++) {
      if (this.counts[slot] === -1) {
        const piece = text.slice(start, end);
        const n = this.countPiece(piece);
        if (this.used < AsciiPieceTable.SIZE / 2) {
          this.hashes[slot] = h;
          this.counts[slot] = n;
          this.pieces[slot] = detach(piece);
          this.used++;
        }
        return n;
      }
      if (this.hashes[slot] === h && sameText(this.pieces[slot], text, start, end)) return this.counts[slot];
    }
    return this.countPiece(text.slice(start, end));
  }
}

/**
 * A copy of `s` that does not point into the string it was sliced from: V8 keeps a slice of 13+ characters as
 * a view of its parent, so a remembered piece would keep a whole document alive (hundreds of MB over a tree).
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

function sameText(piece: string, text: string, start: number, end: number): boolean {
  return piece.length === end - start && text.startsWith(piece, start);
}



/** The end of the pre-tokenization piece starting at `i` of an ASCII text (the o200k pattern, by hand). */
export function asciiPieceEnd(text: string, i: number, limit = text.length): number {
  const c = cls(text, limit, i);
  // Alternatives 1 and 2: an optional non-letter/digit/newline prefix, then [A-Z]*[a-z]+ or [A-Z]+[a-z]*, then a contraction.
  const j = (c & (ALNUM | NEWLINE)) === 0 && (cls(text, limit, i + 1) & LETTER) !== 0 ? i + 1 : i;
  if (cls(text, limit, j) & LETTER) {
    let k = j;
    while (cls(text, limit, k) & UPPER) k++;
    while (cls(text, limit, k) & LOWER) k++;
    return Math.min(limit, contraction(text, k));
  }
  // Alternative 3: one to three digits.
  if (c & DIGIT) {
    let k = i + 1;
    while (k < i + 3 && cls(text, limit, k) & DIGIT) k++;
    return k;
  }
  // Alternative 4: an optional space, punctuation, then newlines or slashes.
  const p = text.charCodeAt(i) === 32 && isPunctuation(text, limit, i + 1) ? i + 1 : i;
  if (isPunctuation(text, limit, p)) {
    let k = p + 1;
    while (isPunctuation(text, limit, k)) k++;
    while (k < limit && (text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13 || text.charCodeAt(k) === 47)) k++;
    return k;
  }
  // Whitespace: up to the last newline of the run; else the run but its last blank when text follows; else the run.
  let w = i;
  let lastNewline = -1;
  while (cls(text, limit, w) & SPACE) {
    if (cls(text, limit, w) & NEWLINE) lastNewline = w;
    w++;
  }
  if (lastNewline !== -1) {
    let k = lastNewline + 1;
    while (cls(text, limit, k) & NEWLINE) k++;
    return k;
  }
  if (w >= limit || w - i < 2) return Math.max(w, i + 1);
  return w - 1;
}

function cls(text: string, limit: number, k: number): number {
  return k < limit ? CLASS[text.charCodeAt(k)] : 0;
}

function isPunctuation(text: string, limit: number, k: number): boolean {
  // not whitespace, letter or digit (ASCII input)
  return k < limit && (CLASS[text.charCodeAt(k)] & (ALNUM | SPACE)) === 0;
}

function contraction(text: string, k: number): number {
  if (text.charCodeAt(k) !== 39) return k;
  const a = text.charCodeAt(k + 1) | 32;
  if (a === 115 || a === 116 || a === 109 || a === 100) return k + 2; // 's 't 'm 'd
  const b = text.charCodeAt(k + 2) | 32;
  if ((a === 114 && b === 101) || (a === 118 && b === 101) || (a === 108 && b === 108)) return k + 3; // 're 've 'll
  return k;
}
