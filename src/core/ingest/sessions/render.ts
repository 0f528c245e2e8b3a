/** Renders a conversation session as a document the pipeline can chunk, keeping each message's range. */
import { sha256 } from '../../text/hash';
import { LineIndex } from '../../text/lines';
import type { Session, SessionRef, SourceDocument, SourceSpan } from '../types';

/** Separator between message blocks in the rendered text. */
export const MESSAGE_SEPARATOR = '\n\n';

/**
 * "role: content" blocks separated by a blank line. `session.messageRanges[i]` is the [start, end) range of
 * message i's whole block (role prefix included) in `text`, so a chunk or statement maps to message indices.
 * `locate` gives lines of the rendered text (a transcript has no single file range per message).
 */
export function sessionToDocument(session: Session): SourceDocument {
  const parts: string[] = [];
  const messageRanges: SessionRef['messageRanges'] = [];
  let offset = 0;
  session.messages.forEach((message, index) => {
    if (index > 0) {
      parts.push(MESSAGE_SEPARATOR);
      offset += MESSAGE_SEPARATOR.length;
    }
    const block = `${message.role}: ${message.content}`;
    parts.push(block);
    messageRanges.push({ index, start: offset, end: offset + block.length });
    offset += block.length;
  });
  const text = parts.join('');
  let lines: LineIndex | undefined;
  return {
    path: session.id === '' ? session.file : `${session.file}#${session.id}`,
    format: 'session',
    text,
    hash: sha256(text),
    warnings: [],
    session: { file: session.file, sessionId: session.id, messageRanges },
    locate(start: number, end: number): SourceSpan {
      lines ??= new LineIndex(text);
      return { start, end, ...lines.range(start, end) };
    },
  };
}
