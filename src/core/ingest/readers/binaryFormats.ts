/** Readers for binary document formats: pdf (unpdf, pdf.js inside) and docx (mammoth raw text). */
import { documentFromText } from '../document';
import type { SourceDocument } from '../types';
import { pagedDocument } from './paged';

/** Reads a pdf: one text per page, page numbers in provenance. */
export async function pdfDocument(path: string, bytes: Uint8Array, hash: string): Promise<SourceDocument> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  // pdf.js takes ownership of the buffer it is given; hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return pagedDocument(path, text, hash, []);
  } finally {
    await pdf.destroy();
  }
}

/** Reads a docx as raw text (paragraphs separated by blank lines); lines are lines of that text. */
export async function docxDocument(path: string, bytes: Uint8Array, hash: string): Promise<SourceDocument> {
  const mammoth = (await import('mammoth')).default;
  const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  const doc = documentFromText(path, result.value, 'docx', hash);
  doc.warnings.push(...result.messages.map((m) => `${path}: ${m.message}`));
  return doc;
}
