/** Documents extracted from paged formats (pdf): the pages' text joined by blank lines, located by page. */
import { LineIndex } from '../../text/lines';
import type { SourceDocument, SourceSpan } from '../types';

/** Separator between pages in the document text. */
export const PAGE_SEPARATOR = '\n\n';

/**
 * A document over the pages' extracted text. `locate` returns offsets into that text, the 1-based page where the
 * range starts, and 1-based lines counted from the top of that page.
 */
export function pagedDocument(path: string, pages: string[], hash: string, warnings: string[]): SourceDocument {
  const pageStarts: number[] = [];
  let offset = 0;
  for (const page of pages) {
    pageStarts.push(offset);
    offset += page.length + PAGE_SEPARATOR.length;
  }
  const text = pages.join(PAGE_SEPARATOR);
  let lines: LineIndex | undefined;
  return {
    path,
    format: 'pdf',
    text,
    hash,
    warnings,
    locate(start: number, end: number): SourceSpan {
      lines ??= new LineIndex(text);
      let page = 0;
      while (page + 1 < pageStarts.length && pageStarts[page + 1] <= start) page++;
      const firstLineOfPage = lines.lineAt(pageStarts[page] ?? 0);
      const { startLine, endLine } = lines.range(start, end);
      return { start, end, startLine: startLine - firstLineOfPage + 1, endLine: endLine - firstLineOfPage + 1, page: page + 1 };
    },
  };
}
