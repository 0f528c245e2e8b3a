/** A document whose text is the file text itself, so offsets map to the file one to one. */
import { sha256 } from '../text/hash';
import { LineIndex } from '../text/lines';
import type { DocumentFormat, SourceDocument, SourceSpan } from './types';

/**
 * The document for `text` as it is (no markup normalised).
 * @param hash the file bytes' sha256, when known; otherwise the text's
 */
export function plainDocument(path: string, text: string, format: DocumentFormat, hash?: string): SourceDocument {
  let lines: LineIndex | undefined;
  return {
    path,
    format,
    text,
    hash: hash ?? sha256(text),
    warnings: [],
    locate(start: number, end: number): SourceSpan {
      lines ??= new LineIndex(text);
      return { start, end, ...lines.range(start, end) };
    },
  };
}
