/** Renders a conversation session as a document the pipeline can chunk, keeping each message's range. */
import { sha256 } from '../../text/hash';
import { LineIndex } from '../../text/lines';
import type { Session, SessionRef, SourceDocument, SourceSpan } from '../types';

/** Separator between message blocks in the rendered text. */
export const MESSAGE_SEPARATOR = '\n\n';

/** Metadata keys that name the conversation itself (the first present one is its title). */
const TITLE_KEYS = ['title', 'subject', 'name', 'topic_title', 'summary'];

/**
 * "[turn N] role: content" blocks (N counts messages from 1) separated by a blank line.
 * `session.messageRanges[i]` is the [start, end) range of message i's whole block (turn label and role
 * included) in `text`, so a chunk or statement maps to message indices; `session.title` names the conversation
 * with its metadata, for every chunk's heading path. `locate` gives lines of the rendered text (a transcript
 * has no single file range per message).
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
    const block = `${turnLabel(index)}${message.role}: ${message.content}`;
    parts.push(block);
    messageRanges.push({ index, start: offset, end: offset + block.length, role: message.role });
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
    session: { file: session.file, sessionId: session.id, messageRanges, title: conversationTitle(session) },
    locate(start: number, end: number): SourceSpan {
      lines ??= new LineIndex(text);
      return { start, end, ...lines.range(start, end) };
    },
  };
}

/** The label in front of message `index` (0-based) in the rendered text: `[turn 1] ` for the first. */
export function turnLabel(index: number): string {
  return `[turn ${index + 1}] `;
}

/**
 * The line that names a conversation: its title (or id) and its scalar metadata, e.g.
 * `Conversation 'Restore fails' (topic: backups, product: Acme Backup)`.
 */
export function conversationTitle(session: Session): string {
  const entries = Object.entries(session.metadata).filter(([, v]) => v !== undefined && v !== null && v !== '' && typeof v !== 'object');
  const titleKey = TITLE_KEYS.find((k) => entries.some(([key]) => key === k));
  const title = titleKey ? String(entries.find(([k]) => k === titleKey)![1]) : session.id;
  const rest = entries.filter(([k]) => k !== titleKey).map(([k, v]) => `${k}: ${String(v)}`);
  const name = title === '' ? 'Conversation' : `Conversation '${title}'`;
  return rest.length ? `${name} (${rest.join(', ')})` : name;
}
