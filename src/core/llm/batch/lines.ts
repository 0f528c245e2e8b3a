/**
 * The batch JSONL format (OpenAI Batch API, Azure OpenAI global batch, vLLM `run_batch`): one request line per
 * model call, split into files within the provider's limits, and the output/error lines read back by `custom_id`.
 */
import type { TokenUsage } from '../port';
import { usageOf } from '../openaiTransport';

/** Per-file limits of a provider's batch input. */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

/** OpenAI's limits: 50,000 requests or 200 MB per input file. */
export const OPENAI_BATCH_LIMITS: Readonly<BatchLimits> = Object.freeze({ maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 });

/** The endpoint every request line targets (OpenAI, vLLM). */
export const CHAT_COMPLETIONS_URL = '/v1/chat/completions';

/** What Azure OpenAI's batch lines (and its job's `endpoint`) name instead: the path below `{endpoint}/openai`. */
export const AZURE_CHAT_COMPLETIONS_URL = '/chat/completions';

/** One request line, serialised. */
export interface RequestLine {
  customId: string;
  /** The JSON text of the line (no newline). */
  text: string;
}

/**
 * Builds the request line of one chat call; `body` is exactly what a live call sends; `url` is the endpoint the
 * provider's jobs run the lines against (Azure: {@link AZURE_CHAT_COMPLETIONS_URL}).
 */
export function requestLine(customId: string, body: object, url: string = CHAT_COMPLETIONS_URL): RequestLine {
  return { customId, text: JSON.stringify({ custom_id: customId, method: 'POST', url, body }) };
}

/** One input file: its custom ids and its JSONL content. */
export interface BatchInputFile {
  customIds: string[];
  content: string;
}

/**
 * Splits `lines` into as few files as the limits allow, in order. A single line larger than the byte limit is
 * refused (no provider would take it).
 */
export function splitIntoFiles(lines: readonly RequestLine[], limits: BatchLimits = OPENAI_BATCH_LIMITS): BatchInputFile[] {
  const files: BatchInputFile[] = [];
  let ids: string[] = [];
  let parts: string[] = [];
  let bytes = 0;
  const close = () => {
    if (ids.length) files.push({ customIds: ids, content: parts.join('') });
    ids = [];
    parts = [];
    bytes = 0;
  };
  for (const line of lines) {
    const text = `${line.text}\n`;
    const size = Buffer.byteLength(text, 'utf8');
    if (size > limits.maxBytes) throw new RangeError(`batch request ${line.customId} is ${size} bytes, more than the ${limits.maxBytes} bytes a batch file may hold`);
    if (ids.length >= limits.maxRequests || bytes + size > limits.maxBytes) close();
    ids.push(line.customId);
    parts.push(text);
    bytes += size;
  }
  close();
  return files;
}

/** What one custom id got back. */
export type LineOutcome =
  | { ok: true; text: string; usage?: TokenUsage; finishReason: 'stop' | 'length' | 'other' }
  | { ok: false; problem: string };

interface OutputLine {
  custom_id?: unknown;
  response?: { status_code?: number; body?: { choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; finish_reason?: string | null }>; usage?: Parameters<typeof usageOf>[0]; error?: { message?: string } } } | null;
  error?: { code?: string; message?: string } | null;
}

function outcomeOf(line: OutputLine): LineOutcome {
  if (line.error) return { ok: false, problem: `${line.error.code ?? 'error'}: ${line.error.message ?? 'no message'}` };
  const response = line.response;
  if (!response) return { ok: false, problem: 'the line has neither a response nor an error' };
  if (response.status_code !== 200) {
    return { ok: false, problem: `status ${response.status_code ?? '?'}: ${response.body?.error?.message ?? 'no message'}` };
  }
  const choice = response.body?.choices?.[0];
  const reason = choice?.finish_reason;
  return {
    ok: true,
    text: choice?.message?.content ?? choice?.message?.refusal ?? '',
    usage: response.body?.usage ? usageOf(response.body.usage) : undefined,
    finishReason: reason === 'length' ? 'length' : reason === 'stop' ? 'stop' : 'other',
  };
}

/**
 * Reads an output or error file into `into` (by custom id). A successful line wins over an error line for the
 * same id; unreadable lines are reported through `problems` and skipped.
 */
export function readResultLines(content: string, into: Map<string, LineOutcome>, problems: string[] = []): void {
  content.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    let line: OutputLine;
    try {
      line = JSON.parse(raw) as OutputLine;
    } catch {
      problems.push(`line ${index + 1} is not JSON`);
      return;
    }
    if (typeof line.custom_id !== 'string') {
      problems.push(`line ${index + 1} has no custom_id`);
      return;
    }
    const outcome = outcomeOf(line);
    if (outcome.ok || !into.get(line.custom_id)?.ok) into.set(line.custom_id, outcome);
  });
}
