/**
 * Wire helpers of the OpenAI-compatible TEST DOUBLE (see testEndpoint.ts): reading the QA Forge wire convention
 * out of a chat request, deterministic embeddings, and the faulty reply bodies it can be told to send.
 */
import { createHash } from 'node:crypto';
import { contentWords } from '../../src/core/llm/offline/text';

/** A chat message as it arrives on the wire. */
export interface WireMessage {
  role: string;
  content: string | Array<{ type: string; text?: string }> | null;
}

/** The text of a message (string content or text parts). */
export function textOf(message: WireMessage): string {
  if (typeof message.content === 'string') return message.content;
  return (message.content ?? []).map((part) => part.text ?? '').join('');
}

/** The task id and structured input carried by a chat request, by the wire convention in domain/tasks.ts. */
export function readWireConvention(messages: WireMessage[]): { task: string; input: unknown } | { problem: string } {
  const system = messages.find((m) => m.role === 'system');
  const firstLine = system ? textOf(system).split('\n', 1)[0] : '';
  const task = /^QA Forge task: (\S+) \(prompt [^)]*\)/.exec(firstLine)?.[1];
  if (!task) return { problem: `the system message's first line must be "QA Forge task: <task id> (prompt <version>)"; got ${JSON.stringify(firstLine.slice(0, 80))}` };
  for (const message of messages.filter((m) => m.role === 'user')) {
    const block = /```json\s*\n([\s\S]*?)\n```/.exec(textOf(message));
    if (!block) continue;
    try {
      return { task, input: JSON.parse(block[1]) };
    } catch (error) {
      return { problem: `the user message's json block does not parse: ${(error as Error).message}` };
    }
  }
  return { problem: 'no user message carries a fenced ```json block with the task input' };
}

/** A deterministic unit vector: hashed bag of content words in `dimensions` buckets. */
export function hashedEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of contentWords(text)) {
    const digest = createHash('sha256').update(word).digest();
    vector[digest.readUInt32BE(0) % dimensions] += digest[4] & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((x) => x / norm);
}

/** How a malformed reply looks: prose around non-JSON, or JSON a repairing parser can fix. */
export type MalformedStyle = 'prose' | 'repairable';

/** A malformed version of a good JSON reply. */
export function malformed(json: string, style: MalformedStyle): string {
  if (style === 'prose') return "I'm sorry, I can only describe the result in words: the chunk talks about several things.";
  // Fences, a trailing comma and a comment: invalid JSON that jsonrepair restores.
  return `Here you go:\n\`\`\`json\n${json.replace(/\}$/, ',}')} // done\n\`\`\``;
}

/** The first part of a reply, as if the output-token limit cut it off. */
export function truncated(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length * 0.6)));
}
