/** Sentence units of a text, with exact offsets: prose sentences (Intl.Segmenter) and whole fenced code blocks. */
import type { TextRange } from './chunk';
import { trimRange } from './sentence';
import { fencedBlocks } from './structure';
import { unwrapSoftBreaks } from '../text/sentences';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** Intl.Segmenter slows down more than linearly on long strings; it is given blocks of about this size. */
const BLOCK = 4096;

/** Cuts [from, to) into blocks of about BLOCK characters at a newline, else after a sentence end, else at a blank, else anywhere. */
function* blocks(text: string, from: number, to: number): Generator<[number, number]> {
  let a = from;
  while (to - a > BLOCK) {
    let cut = text.lastIndexOf('\n', a + BLOCK);
    if (cut <= a) cut = Math.max(text.lastIndexOf('. ', a + BLOCK), text.lastIndexOf('。', a + BLOCK)) + 1;
    if (cut <= a) cut = text.lastIndexOf(' ', a + BLOCK);
    if (cut <= a) cut = a + BLOCK;
    else cut += 1;
    // never between the halves of a surrogate pair
    if (cut < to && /[\ud800-\udbff]/.test(text[cut - 1])) cut++;
    yield [a, cut];
    a = cut;
  }
  if (to > a) yield [a, to];
}

/** The sentences of `text` in order, trimmed of surrounding blanks; a fenced code block is one unit. */
export function sentenceUnits(text: string): TextRange[] {
  const units: TextRange[] = [];
  let pos = 0;
  const prose = (from: number, to: number): void => {
    for (const [a, b] of blocks(text, from, to)) {
      for (const s of segmenter.segment(unwrapSoftBreaks(text.slice(a, b)))) {
        const r = trimRange(text, { start: a + s.index, end: a + s.index + s.segment.length });
        if (r.end > r.start) units.push(r);
      }
    }
  };
  for (const block of fencedBlocks(text)) {
    prose(pos, block.start);
    units.push({ start: block.start, end: block.end });
    pos = block.end;
  }
  prose(pos, text.length);
  return units;
}
