/**
 * Readers: from a file's bytes to a SourceDocument (or a reason to skip it), chosen by extension, with binary
 * content detected from the bytes whatever the extension says.
 */
import path from 'node:path';
import { documentFromText } from '../document';
import type { DocumentFormat, SourceDocument } from '../types';
import type { SkipVerdict } from '../discovery/rules';
import { sha256 } from '../../text/hash';
import { docxDocument, pdfDocument } from './binaryFormats';
import { commentExtensions, commentStyleFor, commentsDocument } from './comments';
import { decodeUtf8, invalidUtf8Warning, looksBinary } from './decode';
import { htmlDocument } from './html';
import { notebookDocument } from './notebook';
import { looksLikeRst } from './markup/rstDetect';

/** How a file is read. */
export type ReaderKind = 'markdown' | 'text' | 'rst' | 'asciidoc' | 'html' | 'pdf' | 'docx' | 'notebook' | 'source-comments';

const KIND_BY_EXTENSION: Readonly<Record<string, ReaderKind>> = {
  '.md': 'markdown', '.markdown': 'markdown', '.mdx': 'markdown', '.mdown': 'markdown', '.mkd': 'markdown',
  '.txt': 'text', '.text': 'text',
  '.rst': 'rst', '.rest': 'rst',
  '.adoc': 'asciidoc', '.asciidoc': 'asciidoc',
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.pdf': 'pdf', '.docx': 'docx', '.ipynb': 'notebook',
};

/** Extension-less file names read as plain text. */
const TEXT_NAMES = new Set(['readme', 'changelog', 'changes', 'license', 'licence', 'notice', 'authors', 'contributing', 'copying', 'todo']);

/** File extensions (with dot) the readers understand, without and with source comments. */
export function supportedExtensions(sourceComments = false): string[] {
  const exts = Object.keys(KIND_BY_EXTENSION);
  return sourceComments ? [...exts, ...commentExtensions()] : exts;
}

/** The reader for a path, or undefined when the format is not supported. */
export function readerKindFor(filePath: string, sourceComments = false): ReaderKind | undefined {
  const ext = path.extname(filePath).toLowerCase();
  const kind = KIND_BY_EXTENSION[ext];
  if (kind) return kind;
  if (ext === '' && TEXT_NAMES.has(path.basename(filePath).toLowerCase())) return 'text';
  if (sourceComments && commentStyleFor(ext)) return 'source-comments';
  return undefined;
}

/** Reading options. */
export interface ReadOptions {
  /** Read doc comments of source files. */
  sourceComments?: boolean;
}

/**
 * Reads one file's bytes into a document, or says why it is skipped (unsupported, binary, empty, unreadable).
 * @param relPath path relative to the root, forward slashes (used in the document and in messages)
 */
export async function readDocument(relPath: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<SourceDocument | SkipVerdict> {
  const kind = readerKindFor(relPath, options.sourceComments);
  if (!kind) {
    const ext = path.extname(relPath).toLowerCase();
    const hint = !options.sourceComments && commentStyleFor(ext) ? '; turn on sourceComments to read its doc comments' : '';
    return { code: 'unsupported-format', reason: `unsupported format (${ext || 'no extension'})${hint}` };
  }
  if (bytes.length === 0) return { code: 'empty', reason: 'empty file' };
  const hash = sha256(bytes);
  if (kind === 'pdf' || kind === 'docx') {
    let doc: SourceDocument;
    try {
      doc = kind === 'pdf' ? await pdfDocument(relPath, bytes, hash) : await docxDocument(relPath, bytes, hash);
    } catch (error) {
      return { code: 'unreadable', reason: `cannot read this ${kind} file: ${(error as Error).message}` };
    }
    if (doc.text.trim() === '') return { code: 'empty', reason: `no extractable text in this ${kind} file${kind === 'pdf' ? ' (a scanned pdf needs OCR first)' : ''}` };
    return doc;
  }
  if (looksBinary(bytes)) {
    return { code: 'binary', reason: `binary content (NUL bytes or control characters) in a ${path.extname(relPath) || 'text'} file` };
  }
  const decoded = decodeUtf8(bytes);
  const warnings = decoded.invalidByteOffsets.length ? [invalidUtf8Warning(relPath, decoded.invalidByteOffsets)] : [];
  if (decoded.text.trim() === '') return { code: 'empty', reason: 'no text (only whitespace)' };
  try {
    return textDocument(kind, relPath, decoded.text, hash, warnings);
  } catch (error) {
    return { code: 'unreadable', reason: (error as Error).message };
  }
}

function textDocument(kind: Exclude<ReaderKind, 'pdf' | 'docx'>, relPath: string, text: string, hash: string, warnings: string[]): SourceDocument | SkipVerdict {
  if (kind === 'html') return htmlDocument(relPath, text, hash, warnings);
  if (kind === 'notebook') return notebookDocument(relPath, text, hash, warnings);
  if (kind === 'source-comments') {
    const style = commentStyleFor(path.extname(relPath).toLowerCase());
    const doc = style ? commentsDocument(relPath, text, style, hash, warnings) : undefined;
    if (!doc || doc.text === '') return { code: 'empty', reason: 'no doc comments or docstrings found' };
    return doc;
  }
  // A `.txt` page of a Sphinx project is reStructuredText: read it as such, so its markup is normalised.
  const format: DocumentFormat = kind === 'text' && looksLikeRst(text) ? 'rst' : kind;
  const doc = documentFromText(relPath, text, format, hash);
  doc.warnings.push(...warnings);
  return doc;
}

/** Whether a read result is a document (not a skip verdict). */
export function isDocument(result: SourceDocument | SkipVerdict): result is SourceDocument {
  return 'text' in result;
}
