/**
 * Ingest: discovery + readers as one stream of documents and skipped files. Nothing is buffered beyond the
 * file being read; every file that is not used is reported with its reason.
 */
import { promises as fs } from 'node:fs';
import { discoverFiles, type DiscoveryOptions } from './discovery/walk';
import { isDocument, readDocument } from './readers';
import type { SkippedFile, SourceDocument } from './types';

/** Options of ingest. Globs are relative to the root. */
export interface IngestOptions extends DiscoveryOptions {
  include?: string[];
  exclude?: string[];
  /** Per-file size limit in bytes (default 5 MB). */
  maxFileBytes?: number;
  /** Apply .gitignore files (default true). */
  respectGitignore?: boolean;
  /** Also read doc comments and docstrings of source files (default false). */
  sourceComments?: boolean;
  signal?: AbortSignal;
}

/** One result of ingest: a document, or a file that was skipped with its reason. */
export type IngestItem = { kind: 'document'; document: SourceDocument } | { kind: 'skipped'; file: SkippedFile };

/**
 * Streams the documents under `paths` (folders or files, absolute or relative to `root`).
 * Document paths are relative to `root`, with forward slashes.
 */
export async function* ingest(paths: string[], root: string, options: IngestOptions = {}): AsyncGenerator<IngestItem> {
  // Files are read a few ahead of the consumer, so disk reads overlap with the chunking of earlier documents.
  const pending: Array<Promise<IngestItem>> = [];
  for await (const item of discoverFiles(paths, root, options)) {
    options.signal?.throwIfAborted();
    pending.push(item.kind === 'skipped' ? Promise.resolve(item) : readItem(item.path, item.absPath, options));
    if (pending.length > READ_AHEAD) yield await pending.shift()!;
  }
  while (pending.length) {
    options.signal?.throwIfAborted();
    yield await pending.shift()!;
  }
}

/** How many files are read ahead of the consumer (each at most maxFileBytes). */
const READ_AHEAD = 4;

async function readItem(relPath: string, absPath: string, options: IngestOptions): Promise<IngestItem> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(absPath);
  } catch (error) {
    return { kind: 'skipped', file: { path: relPath, code: 'unreadable', reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` } };
  }
  let result: Awaited<ReturnType<typeof readDocument>>;
  try {
    result = await readDocument(relPath, bytes, options);
  } catch (error) {
    // A reader bug must not take the whole run down (and a read-ahead promise must never reject unobserved).
    return { kind: 'skipped', file: { path: relPath, code: 'unreadable', reason: `reader failed: ${(error as Error).message}` } };
  }
  return isDocument(result)
    ? { kind: 'document', document: result }
    : { kind: 'skipped', file: { path: relPath, reason: result.reason, code: result.code } };
}

/** Reads everything at once (for small inputs and tests); prefer `ingest` for large trees. */
export async function loadDocuments(paths: string[], root: string, options: IngestOptions = {}): Promise<{ documents: SourceDocument[]; skipped: SkippedFile[] }> {
  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];
  for await (const item of ingest(paths, root, options)) {
    if (item.kind === 'document') documents.push(item.document);
    else skipped.push(item.file);
  }
  return { documents, skipped };
}

export { DEFAULT_MAX_FILE_BYTES } from './discovery/walk';
export { readDocument, readerKindFor, supportedExtensions } from './readers';
export { DEPENDENCY_FOLDERS, BUILD_FOLDERS, VCS_FOLDERS, SECRET_PATTERNS } from './discovery/rules';
export { documentFromText } from './document';
export { sessionToDocument } from './sessions/render';
export { parseSessionFile, SessionParseError, transcriptLayout } from './sessions';
export type { SourceDocument, SourceSpan, Session, SessionMessage, SessionRef, SkippedFile, SkipCode, DocumentFormat } from './types';
