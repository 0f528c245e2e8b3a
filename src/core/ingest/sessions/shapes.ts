/**
 * JSON transcript shapes → Sessions: role/content message arrays, `{messages}` objects, ShareGPT
 * (`conversations: [{from, value}]`), the ChatGPT export (`mapping` tree, followed from `current_node`) and
 * OpenAI chat-completion logs (`request.messages` + `response.choices[0].message`). Errors give the JSON path.
 * Metadata holds only what the file says (the pipeline shows it to the model in front of the transcript).
 */
import type { Session, SessionMessage } from '../types';
import { SessionParseError } from './errors';

type JsonObject = Record<string, unknown>;

/** Parsing context: the file, for errors and for the sessions' `file`. */
export interface ShapeContext {
  file: string;
}

const SHAREGPT_ROLES: Readonly<Record<string, string>> = { human: 'user', user: 'user', gpt: 'assistant', chatgpt: 'assistant', bing: 'assistant', assistant: 'assistant', system: 'system', tool: 'tool', function: 'tool' };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(ctx: ShapeContext, path: string, detail: string): never {
  throw new SessionParseError(ctx.file, path, detail);
}

/** Whether a value looks like one chat message (`{ role, … }`). */
export function isMessageLike(v: unknown): boolean {
  return isObject(v) && 'role' in v && !('messages' in v) && !('mapping' in v);
}

/** Sessions in a parsed JSON value (a file, or one JSONL line). `index` numbers sessions without an id. */
export function sessionsFromValue(ctx: ShapeContext, value: unknown, path: string, index: number): Session[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    if (value.every(isMessageLike)) return [session(ctx, String(index), messagesFrom(ctx, value, path), {})];
    return value.flatMap((item, i) => sessionsFromValue(ctx, item, `${path}[${i}]`, index + i));
  }
  if (!isObject(value)) fail(ctx, path, `expected a transcript object or array, got ${typeName(value)}`);
  return [sessionFromObject(ctx, value, path, index)];
}

function sessionFromObject(ctx: ShapeContext, obj: JsonObject, path: string, index: number): Session {
  if ('mapping' in obj) return chatGptConversation(ctx, obj, path, index);
  if (Array.isArray(obj.conversations)) return shareGpt(ctx, obj, path, index);
  if ('request' in obj || 'choices' in obj || 'response' in obj) return openAiLog(ctx, obj, path, index);
  if (Array.isArray(obj.messages)) {
    const { messages, id, session_id, conversation_id, metadata, ...rest } = obj;
    const meta = { ...(isObject(metadata) ? metadata : {}), ...scalars(rest) };
    return session(ctx, idOf(id ?? session_id ?? conversation_id, index), messagesFrom(ctx, messages as unknown[], `${path}.messages`), meta);
  }
  fail(ctx, path, 'not a recognised transcript: expected "messages", "conversations" (ShareGPT), "mapping" (ChatGPT export) or "request"/"response" (OpenAI chat-completion log)');
}

/** Converts `{ role, content }` messages, validating each. */
export function messagesFrom(ctx: ShapeContext, list: unknown[], path: string): SessionMessage[] {
  return list.map((m, i) => messageFrom(ctx, m, `${path}[${i}]`));
}

/** Converts one `{ role, content }` message; errors name `path`. */
export function messageFrom(ctx: ShapeContext, m: unknown, path: string): SessionMessage {
  if (!isObject(m)) fail(ctx, path, `expected a message object, got ${typeName(m)}`);
  if (typeof m.role !== 'string' || m.role.trim() === '') fail(ctx, `${path}.role`, `expected a non-empty string, got ${typeName(m.role)}`);
  return { role: m.role, content: contentText(ctx, m, path) };
}

/** Message content as text: a string, text parts (`[{type: 'text', text}]`), or a summary of tool calls. */
function contentText(ctx: ShapeContext, m: JsonObject, path: string): string {
  const c = m.content;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    return c
      .map((part, i) => {
        if (typeof part === 'string') return part;
        if (isObject(part) && typeof part.text === 'string') return part.text;
        if (isObject(part) && isObject(part.text) && typeof part.text.value === 'string') return part.text.value;
        if (isObject(part) && typeof part.type === 'string') return `[${part.type}]`;
        fail(ctx, `${path}.content[${i}]`, `expected a text part, got ${typeName(part)}`);
      })
      .join('\n');
  }
  if (c === null || c === undefined) {
    if (Array.isArray(m.tool_calls)) {
      return m.tool_calls
        .map((t) => (isObject(t) && isObject(t.function) ? `[tool call ${String(t.function.name)}(${String(t.function.arguments ?? '')})]` : '[tool call]'))
        .join('\n');
    }
    return '';
  }
  fail(ctx, `${path}.content`, `expected a string or an array of text parts, got ${typeName(c)}`);
}

function shareGpt(ctx: ShapeContext, obj: JsonObject, path: string, index: number): Session {
  const { conversations, id, ...rest } = obj;
  const messages = (conversations as unknown[]).map((turn, i): SessionMessage => {
    const at = `${path}.conversations[${i}]`;
    if (!isObject(turn)) fail(ctx, at, `expected {from, value}, got ${typeName(turn)}`);
    if (typeof turn.from !== 'string' || turn.from === '') fail(ctx, `${at}.from`, `expected a speaker such as "human" or "gpt", got ${typeName(turn.from)}`);
    if (typeof turn.value !== 'string') fail(ctx, `${at}.value`, `expected a string, got ${typeName(turn.value)}`);
    return { role: SHAREGPT_ROLES[turn.from.toLowerCase()] ?? turn.from, content: turn.value };
  });
  return session(ctx, idOf(id, index), messages, scalars(rest));
}

function chatGptConversation(ctx: ShapeContext, obj: JsonObject, path: string, index: number): Session {
  const mapping = obj.mapping;
  if (!isObject(mapping)) fail(ctx, `${path}.mapping`, `expected an object of nodes, got ${typeName(mapping)}`);
  let nodeId = typeof obj.current_node === 'string' ? obj.current_node : lastLeaf(mapping);
  if (nodeId === undefined) fail(ctx, `${path}.current_node`, 'missing, and the mapping has no leaf node to start from');
  const chain: Array<{ id: string; node: JsonObject }> = [];
  const visited = new Set<string>();
  while (nodeId !== undefined) {
    if (visited.has(nodeId)) fail(ctx, `${path}.mapping[${JSON.stringify(nodeId)}].parent`, 'the parent links form a cycle');
    visited.add(nodeId);
    const node: unknown = mapping[nodeId];
    if (!isObject(node)) fail(ctx, `${path}.mapping[${JSON.stringify(nodeId)}]`, 'node not found (current_node or a parent points to a missing id)');
    chain.push({ id: nodeId, node });
    nodeId = typeof node.parent === 'string' ? node.parent : undefined;
  }
  chain.reverse();
  const messages: SessionMessage[] = [];
  for (const { id, node } of chain) {
    const message = node.message;
    if (message === null || message === undefined) continue;
    const at = `${path}.mapping[${JSON.stringify(id)}].message`;
    if (!isObject(message)) fail(ctx, at, `expected an object, got ${typeName(message)}`);
    const author = message.author;
    if (!isObject(author) || typeof author.role !== 'string') fail(ctx, `${at}.author.role`, 'expected a string');
    const content = message.content;
    let text = '';
    if (isObject(content) && Array.isArray(content.parts)) text = content.parts.filter((p): p is string => typeof p === 'string').join('\n');
    else if (isObject(content) && typeof content.text === 'string') text = content.text;
    if (text.trim() === '') continue;
    messages.push({ role: author.role, content: text });
  }
  const meta = scalars({ title: obj.title, create_time: obj.create_time, update_time: obj.update_time, model: obj.default_model_slug });
  return session(ctx, idOf(obj.conversation_id ?? obj.id, index), messages, meta);
}

function lastLeaf(mapping: JsonObject): string | undefined {
  const ids = Object.keys(mapping).filter((k) => {
    const n = mapping[k];
    return isObject(n) && (!Array.isArray(n.children) || n.children.length === 0);
  });
  return ids[ids.length - 1];
}

function openAiLog(ctx: ShapeContext, obj: JsonObject, path: string, index: number): Session {
  const request = isObject(obj.request) ? obj.request : obj;
  const response = isObject(obj.response) ? obj.response : obj;
  const requestPath = isObject(obj.request) ? `${path}.request` : path;
  const responsePath = isObject(obj.response) ? `${path}.response` : path;
  if (!Array.isArray(request.messages)) fail(ctx, `${requestPath}.messages`, 'expected the request\'s array of messages');
  const messages = messagesFrom(ctx, request.messages, `${requestPath}.messages`);
  const choices = response.choices;
  if (choices !== undefined) {
    if (!Array.isArray(choices) || choices.length === 0) fail(ctx, `${responsePath}.choices`, 'expected a non-empty array');
    const first = choices[0];
    if (!isObject(first) || !isObject(first.message)) fail(ctx, `${responsePath}.choices[0].message`, 'expected the reply message object');
    messages.push(messageFrom(ctx, first.message, `${responsePath}.choices[0].message`));
  }
  const meta = scalars({ model: response.model ?? request.model, created: response.created, finish_reason: isObject(choices?.[0]) ? choices[0].finish_reason : undefined });
  return session(ctx, idOf(response.id ?? obj.id, index), messages, meta);
}

function session(ctx: ShapeContext, id: string, messages: SessionMessage[], metadata: Record<string, unknown>): Session {
  return { file: ctx.file, id, messages, metadata };
}

function idOf(value: unknown, index: number): string {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : String(index);
}

/** The string/number/boolean entries of an object (metadata without nested payloads). */
function scalars(obj: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'undefined' ? 'nothing' : `a ${typeof v}`;
}
