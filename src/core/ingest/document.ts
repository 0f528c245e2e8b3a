/** Documents built from text already in memory (library callers, tests, plain-text files). */
import { sha256 } from '../text/hash';
import { LineIndex } from '../text/lines';
import type { DocumentFormat, SourceDocument, SourceSpan } from './types';

/**
 * A document whose text IS the file text, so offsets map to the file one to one.
 * @param path relative path (forward slashes) or a label such as `inline-1`
 * @param hash the file bytes' sha256, when known; otherwise the text's
 */
export function documentFromText(path: string, text: string, format: DocumentFormat = 'text', hash?: string): SourceDocument {
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
