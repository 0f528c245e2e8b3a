/** Documents built from text already in memory (library callers, the editor's unsaved text, tests, plain-text files). */
import { sha256 } from '../text/hash';
import { plainDocument } from './plain';
import { asciidocDocument } from './readers/markup/asciidoc';
import { markdownDocument } from './readers/markup/markdown';
import { rstDocument } from './readers/markup/rst';
import type { DocumentFormat, SourceDocument } from './types';

/**
 * A document of `text` in `format`: markdown, reStructuredText and AsciiDoc are normalised to readable text
 * (see readers/markup) with `locate` mapping back to `text`, which is kept as the document's `source`; other
 * formats are the text as is.
 * @param path relative path (forward slashes) or a label such as `inline-1`
 * @param hash the file bytes' sha256, when known; otherwise the text's
 */
export function documentFromText(path: string, text: string, format: DocumentFormat = 'text', hash?: string): SourceDocument {
  const h = hash ?? sha256(text);
  if (format === 'markdown') return markdownDocument(path, text, h, []);
  if (format === 'rst') return rstDocument(path, text, h, []);
  if (format === 'asciidoc') return asciidocDocument(path, text, h, []);
  return plainDocument(path, text, format, h);
}
