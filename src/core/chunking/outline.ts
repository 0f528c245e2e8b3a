/**
 * Heading paths of chunks: the titles of the sections a range of a document sits in, outermost first. For a
 * range that spans several sections, the path they share (the range's own text keeps their heading lines).
 * A conversation's chunks all carry the conversation's title line instead.
 */
import type { SourceDocument } from '../ingest/types';
import type { TextRange } from './chunk';
import { headingPaths, parseBlocks, type Block } from './blocks';

interface Outline {
  blocks: Block[];
  paths: string[][];
}

const outlines = new WeakMap<SourceDocument, Outline>();

/** The heading path of `range` of `doc.text` (see the module comment). */
export function headingPathOf(doc: SourceDocument, range: TextRange): string[] {
  if (doc.session) return doc.session.title ? [doc.session.title] : [];
  let outline = outlines.get(doc);
  if (!outline) {
    const blocks = parseBlocks(doc.text);
    outline = { blocks, paths: headingPaths(blocks) };
    outlines.set(doc, outline);
  }
  const { blocks, paths } = outline;
  // The block the range starts in (or the last one before it), then every block that starts inside it.
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= range.start) lo = mid;
    else hi = mid - 1;
  }
  if (blocks.length === 0 || blocks[lo].start > range.start) return [];
  let shared = paths[lo];
  for (let i = lo + 1; i < blocks.length && blocks[i].start < range.end; i++) shared = commonPrefix(shared, pathOfBlock(blocks, paths, i));
  return [...shared];
}

/** A heading's own path is its section's; for the common prefix, a heading counts as its parent's path plus itself. */
function pathOfBlock(blocks: Block[], paths: string[][], i: number): string[] {
  return blocks[i].kind === 'heading' ? paths[i].slice(0, -1) : paths[i];
}

function commonPrefix(a: string[], b: string[]): string[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n === a.length ? a : a.slice(0, n);
}
