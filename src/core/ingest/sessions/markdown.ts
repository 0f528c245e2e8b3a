/**
 * Markdown (or plain-text) transcripts: speaker lines (`User: …`, `**Assistant:** …`) or speaker headings
 * (`## User`), continuation lines belonging to the current message. A `---` rule or a `# Title` heading starts
 * the next session (the title goes into its metadata). Speaker-like lines inside code fences are content.
 */
import type { Session, SessionMessage } from '../types';
import { SessionParseError } from './errors';

const SPEAKERS = 'user|assistant|system|human|ai|bot|gpt|model|tool|customer|agent|support';
const SPEAKER_LINE = new RegExp(`^\\s*(?:\\*\\*|__)?(${SPEAKERS})(?:\\*\\*|__)?\\s*:(?:\\*\\*|__)?\\s?(.*)$`, 'i');
const SPEAKER_HEADING = new RegExp(`^#{2,6}\\s+(?:\\*\\*)?(${SPEAKERS})(?:\\*\\*)?\\s*:?\\s*$`, 'i');
const SESSION_RULE = /^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$/;
const TITLE = /^#\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

const ROLE_ALIASES: Readonly<Record<string, string>> = { human: 'user', customer: 'user', ai: 'assistant', bot: 'assistant', gpt: 'assistant', model: 'assistant', agent: 'assistant', support: 'assistant' };

/** Parses a markdown transcript; throws SessionParseError when no speaker is found anywhere. */
export function parseMarkdownTranscript(file: string, text: string): Session[] {
  const sessions: Session[] = [];
  let messages: SessionMessage[] = [];
  let metadata: Record<string, unknown> = {};
  let lines: string[] | undefined;
  let fence: string | undefined;
  const closeMessage = (): void => {
    if (lines) messages[messages.length - 1].content = trimBlankLines(lines).join('\n');
    lines = undefined;
  };
  const closeSession = (): void => {
    closeMessage();
    if (messages.length) sessions.push({ file, id: String(sessions.length), messages, metadata });
    messages = [];
    metadata = {};
  };
  const start = (role: string, first: string | undefined): void => {
    closeMessage();
    const lower = role.toLowerCase();
    messages.push({ role: ROLE_ALIASES[lower] ?? lower, content: '' });
    lines = first === undefined ? [] : [first];
  };
  for (const line of text.split(/\r?\n/)) {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
      lines?.push(line);
      continue;
    }
    if (f) {
      fence = f[1];
      lines?.push(line);
      continue;
    }
    const heading = SPEAKER_HEADING.exec(line);
    if (heading) { start(heading[1], undefined); continue; }
    const speaker = SPEAKER_LINE.exec(line);
    if (speaker) { start(speaker[1], speaker[2]); continue; }
    if (SESSION_RULE.test(line)) { closeSession(); continue; }
    const title = TITLE.exec(line);
    if (title) {
      closeSession();
      metadata.title = title[1];
      continue;
    }
    lines?.push(line);
  }
  closeSession();
  if (sessions.length === 0) {
    throw new SessionParseError(file, 'line 1', "no transcript found: expected 'User:' / 'Assistant:' lines or '## User' / '## Assistant' headings");
  }
  return sessions;
}

function trimBlankLines(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === '') a++;
  while (b > a && lines[b - 1].trim() === '') b--;
  return lines.slice(a, b);
}
