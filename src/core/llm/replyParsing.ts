/**
 * Turning a model's reply text into a schema-valid value: strip code fences and prose around the JSON, parse,
 * repair what a tolerant parser can (jsonrepair), validate with ajv. A reply cut off by the token limit is
 * not repaired (that would silently drop items); it is reported so the caller re-asks.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { jsonrepair } from 'jsonrepair';
import type { JsonSchema } from './port';

/** The outcome of interpreting one reply. */
export type ReplyVerdict = { ok: true; value: unknown } | { ok: false; problem: string };

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new WeakMap<JsonSchema, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** The JSON part of a reply: the first fenced block if any, else from the first `{` or `[` on. */
export function extractJsonText(reply: string): string {
  const fenced = /```[a-zA-Z0-9_-]*[ \t]*\r?\n([\s\S]*?)(?:```|$)/.exec(reply);
  if (fenced) return fenced[1].trim();
  const start = reply.search(/[{[]/);
  if (start < 0) return reply.trim();
  const end = Math.max(reply.lastIndexOf('}'), reply.lastIndexOf(']'));
  return (end > start ? reply.slice(start, end + 1) : reply.slice(start)).trim();
}

function shorten(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Parses, repairs and validates `reply` against `schema`. */
export function interpretReply(reply: string, schema: JsonSchema, finishReason?: 'stop' | 'length' | 'other'): ReplyVerdict {
  const text = extractJsonText(reply);
  if (text === '') return { ok: false, problem: 'the reply was empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (parseError) {
    if (finishReason === 'length') {
      return { ok: false, problem: 'the reply was cut off by the output token limit; answer more briefly' };
    }
    try {
      value = JSON.parse(jsonrepair(text));
    } catch {
      return { ok: false, problem: `the reply is not JSON (${shorten((parseError as Error).message, 160)})` };
    }
  }
  const validate = validatorFor(schema);
  if (validate(value)) return { ok: true, value };
  return { ok: false, problem: `the JSON does not match the schema: ${shorten(ajv.errorsText(validate.errors, { dataVar: 'reply' }))}` };
}

/** True when `value` matches `schema` (used to re-check values read back from the cache). */
export function matchesSchema(value: unknown, schema: JsonSchema): boolean {
  return validatorFor(schema)(value) === true;
}
