/**
 * The current text of a source file, as staleness sees it: the file's own text for text formats (so line
 * numbers are the editor's), and the extracted text for binary formats (pdf, docx), which is where their line
 * numbers point.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadDocuments } from '../core/ingest/index';

const BINARY = new Set(['.pdf', '.docx']);

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
