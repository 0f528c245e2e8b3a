/** Turning a range of a document's text into a Chunk with its provenance. */
import type { SourceDocument } from '../ingest/types';
import type { Chunk, Provenance } from '../domain/records';
import { shortHash } from '../text/hash';
import { codeFenceAt, headingPathOf, tableHeaderAt } from './outline';

/** A [start, end) range of a document's text. */
export interface TextRange {
  start: number;
  end: number;
}

/** Provenance of the range [start, end) of `doc.text`: session messages for sessions, file lines otherwise. */
export function provenanceOf(doc: SourceDocument, start: number, end: number): Provenance {
  const spanHash = shortHash([doc.text.slice(start, end)]);
  if (doc.session) {
    const messageIndices = doc.session.messageRanges
      .filter((m) => m.start < end && m.end > start)
      .map((m) => m.index);
    return { kind: 'session', file: doc.session.file, sessionId: doc.session.sessionId, messageIndices, spanHash };
  }
  const span = doc.locate(start, end);
  return {
    kind: 'file',
    path: doc.path,
    startLine: span.startLine,
    endLine: span.endLine,
    start: span.start,
    end: span.end,
    ...(span.page !== undefined ? { page: span.page } : {}),
    spanHash,
  };
}

/** Builds the Chunk for `range` of `doc.text`, with a stable id, provenance and its heading path. */
export function makeChunk(doc: SourceDocument, docIndex: number, range: TextRange, tokens: number): Chunk {
  const text = doc.text.slice(range.start, range.end);
  return {
    id: shortHash([doc.path, String(range.start), text]),
    docIndex,
    path: doc.path,
    text,
    start: range.start,
    end: range.end,
    tokens,
    provenance: provenanceOf(doc, range.start, range.end),
    headingPath: headingPathOf(doc, range),
    ...optional('tableHeader', tableHeaderAt(doc, range.start)),
    ...optional('codeFence', codeFenceAt(doc, range.start)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
