/**
 * The current text of a source file, as staleness sees it: the file's own text for text formats (so line
 * numbers are the editor's), and the extracted text for binary formats (pdf, docx), which is where their line
 * numbers point.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadDocuments } from '../ingest/index';
import type { SourceDocument } from '../ingest/types';

const BINARY = new Set(['.pdf', '.docx']);
/** Formats whose document text is the text `sourceReader` returns: the file as is, or the extracted text (pdf, docx). */
const TEXT_IS_SOURCE = new Set<SourceDocument['format']>(['markdown', 'text', 'rst', 'asciidoc', 'pdf', 'docx']);

/** Reads root-relative source paths (forward slashes); undefined when the file is gone or unreadable. */
export function sourceReader(root: string): (relPath: string) => Promise<string | undefined> {
  return async (relPath) => {
    const abs = path.resolve(root, ...relPath.split('/'));
    if (BINARY.has(path.extname(abs).toLowerCase())) {
      try {
        const { documents } = await loadDocuments([abs], root);
        return documents[0]?.text;
      } catch {
        return undefined;
      }
    }
    try {
      return await fs.readFile(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * The texts span hashes of a run's pairs are computed from — what {@link sourceReader} reads back when the
 * dataset is checked. Where the document's text is that text (files read as they are, pdf/docx extracted text)
 * it is used as it is, unsaved editor text included; normalised and converted formats (markdown, rst, AsciiDoc
 * and html markup, notebooks, doc comments) point at lines of the original text, which they keep as `source`
 * (else the file is read).
 */
export async function sourceTextsOf(
  documents: readonly SourceDocument[], read: (relPath: string) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const doc of documents) {
    if (doc.session) continue; // transcript pairs are hashed by their messages
    const text = doc.source ?? (TEXT_IS_SOURCE.has(doc.format) ? doc.text : await read(doc.path));
    if (text !== undefined) texts.set(doc.path, text);
  }
  return texts;
}
