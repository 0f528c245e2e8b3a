/** Sentence units of a text, with exact offsets: prose sentences (Intl.Segmenter) and whole fenced code blocks. */
import type { TextRange } from './chunk';
import { trimRange } from './sentence';
import { fencedBlocks } from './structure';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** The sentences of `text` in order, trimmed of surrounding blanks; a fenced code block is one unit. */
export function sentenceUnits(text: string): TextRange[] {
  const units: TextRange[] = [];
  let pos = 0;
  const prose = (from: number, to: number): void => {
    const part = text.slice(from, to);
    for (const s of segmenter.segment(part)) {
      const r = trimRange(text, { start: from + s.index, end: from + s.index + s.segment.length });
      if (r.end > r.start) units.push(r);
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
