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
  // Headings only open sections: the path is what the chunk's content blocks share (its headings' when it has none).
  let shared: string[] | undefined;
  let headingsOnly: string[] | undefined;
  for (let i = lo; i < blocks.length && blocks[i].start < range.end; i++) {
    if (blocks[i].kind === 'heading') headingsOnly = headingsOnly ? commonPrefix(headingsOnly, paths[i]) : paths[i];
    else shared = shared ? commonPrefix(shared, paths[i]) : paths[i];
  }
  return [...(shared ?? headingsOnly ?? [])];
}

function commonPrefix(a: string[], b: string[]): string[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n === a.length ? a : a.slice(0, n);
}
