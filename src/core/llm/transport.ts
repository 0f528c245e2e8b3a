/**
 * ChatTransport: the raw text completion an adapter provides (OpenAI-compatible HTTP, vscode.lm, …), and
 * {@link createStructuredLlm}, the one path that turns it into an {@link LlmPort}: reply-format negotiation
 * (json_schema → json_object → text, learned once per endpoint and model), parse → repair → schema validation,
 * bounded re-asks with the validation problem fed back, retries/backoff and the shared concurrency limiter.
 */
import { addTokenUsage, FatalLlmError, type ChatMessage, type JsonSchema, type LlmPort, type StructuredReply, type StructuredRequest, type TokenUsage } from './port';
import { fatalFromTransport, InvalidReplyError, TransportError } from './errors';
import { retryPolicy, withRetries, type RetryPolicy } from './retry';
import type { AdaptiveLimiter } from './limiter';
import { interpretReply } from './replyParsing';
import { countTokens } from '../text/tokens';

/** How the reply's format is requested: strict structured outputs, JSON mode, or nothing (prompt only). */
export type ReplyFormat = 'json_schema' | 'json_object' | 'text';

/** Strongest first: the order in which formats are tried. */
export const REPLY_FORMATS: readonly ReplyFormat[] = Object.freeze(['json_schema', 'json_object', 'text']);

/** One raw completion request. */
export interface TransportRequest {
  messages: ChatMessage[];
  format: ReplyFormat;
  schema: JsonSchema;
  /** Schema name sent with json_schema (the task id, by the wire convention). */
  schemaName: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Fires on cancellation or on the per-request timeout; the transport must abort its request on it. */
  signal: AbortSignal;
}

/** One raw completion reply. */
export interface TransportReply {
  text: string;
  /** Token usage when the endpoint reports it (counted locally otherwise). */
  usage?: TokenUsage;
  /** `length` when the reply was cut off by the output-token limit. */
  finishReason?: 'stop' | 'length' | 'other';
}

/**
 * A model endpoint that completes chat messages into text. Errors must be {@link TransportError}s (or aborts)
 * and must never contain the API key.
 */
export interface ChatTransport {
  /** Provider kind written into results: `openai`, `azure-openai`, `vscode-lm`, … */
  readonly provider: string;
  /** Identity of the endpoint (e.g. the base URL's host) for format learning and cache keys; no secrets. */
  readonly endpoint: string;
  readonly model: string;
  /** Formats this transport can request, strongest first. Default: all of {@link REPLY_FORMATS}. */
  readonly formats?: readonly ReplyFormat[];
  complete(request: TransportRequest): Promise<TransportReply>;
  /** Embeddings, when the endpoint has an embedding model configured. */
  embed?(texts: string[], signal: AbortSignal): Promise<number[][]>;
}

/** Options of {@link createStructuredLlm}. */
export interface StructuredLlmOptions {
  /** Re-asks after an invalid reply (each with the problem appended). Default 2. */
  maxReasks?: number;
  /** Retry/backoff/timeout policy for each transport call. */
  retry?: Partial<RetryPolicy>;
  /** The shared concurrency limiter (one per client). */
  limiter?: AdaptiveLimiter;
  /** Diagnostic lines (format downgrades, re-asks). */
  log?: (line: string) => void;
  /**
   * Calls in a row whose every retry failed to connect after which the endpoint counts as down and the run
   * stops (a FatalLlmError `unreachable`) instead of trying each remaining batch. Default
   * {@link UNREACHABLE_AFTER_CALLS}.
   */
  unreachableAfterCalls?: number;
}

/**
 * Two calls, not one: a single call that spent its retries may have met a short outage (a server restart) that
 * the next call gets past, and the run goes on without that one batch. Two in a row with no success between
 * them is a server that is gone; going on would retry every remaining batch of the run for nothing.
 */
export const UNREACHABLE_AFTER_CALLS = 2;

const learnedFormats = new Map<string, ReplyFormat>();

/** The reply format learned for an endpoint and model in this process, if any. */
export function learnedFormat(endpoint: string, model: string): ReplyFormat | undefined {
  return learnedFormats.get(`${endpoint}\u0000${model}`);
}

/** Forgets every learned format (tests; or after the user changes endpoint settings). */
export function forgetLearnedFormats(): void {
  learnedFormats.clear();
}

function withFormatInstruction(messages: ChatMessage[], format: ReplyFormat, schema: JsonSchema): ChatMessage[] {
  if (format === 'json_schema') return messages;
  const instruction = `Reply with one JSON object only, no prose and no code fences, matching this JSON Schema:\n${JSON.stringify(schema)}`;
  const at = messages.findIndex((m) => m.role === 'system');
  if (at < 0) return [{ role: 'system', content: instruction }, ...messages];
  return messages.map((m, i) => (i === at ? { ...m, content: `${m.content}\n\n${instruction}` } : m));
}

function countedUsage(messages: ChatMessage[], text: string): TokenUsage {
  // ~4 tokens of chat framing per message, as OpenAI documents for its chat format.
  const promptTokens = messages.reduce((sum, m) => sum + countTokens(m.content) + 4, 0);
  return { promptTokens, completionTokens: countTokens(text) };
}

/** Builds an {@link LlmPort} over a transport; see the module comment for what it adds. */
export function createStructuredLlm(transport: ChatTransport, options: StructuredLlmOptions = {}): LlmPort {
  const maxReasks = options.maxReasks ?? 2;
  const formats = transport.formats ?? REPLY_FORMATS;
  const memoryKey = `${transport.endpoint}\u0000${transport.model}`;
  const unreachable = unreachableBreaker(options.unreachableAfterCalls ?? UNREACHABLE_AFTER_CALLS, options.retry);

  async function completeOnce(request: StructuredRequest, messages: ChatMessage[], maxOutputTokens: number | undefined): Promise<TransportReply & { sent: ChatMessage[] }> {
    let format = learnedFormats.get(memoryKey) ?? formats[0];
    for (;;) {
      const sent = withFormatInstruction(messages, format, request.schema);
      try {
        const reply = await withRetries((signal) => transport.complete({
          messages: sent, format, schema: request.schema, schemaName: request.task,
          temperature: request.temperature, maxOutputTokens, signal,
        }), { policy: options.retry, signal: request.signal, limiter: options.limiter, onRetry: request.onRetry, label: `task "${request.task}"` });
        learnedFormats.set(memoryKey, format);
        unreachable.succeeded();
        return { ...reply, sent };
      } catch (error) {
        unreachable.failed(error);
        const next = formats[formats.indexOf(format) + 1];
        if (!(error instanceof TransportError) || error.failure !== 'format-unsupported' || !next) throw fatalFromTransport(error) ?? error;
        options.log?.(`${transport.provider} ${transport.model}: reply format ${format} refused (${error.message}); using ${next} from now on`);
        format = next;
        learnedFormats.set(memoryKey, format);
      }
    }
  }

  async function chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
    let messages = request.messages;
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
    let problem = '';
    let maxOutputTokens = request.maxOutputTokens;
    for (let attempt = 0; attempt <= maxReasks; attempt++) {
      const reply = await completeOnce(request, messages, maxOutputTokens);
      const used = reply.usage ?? countedUsage(reply.sent, reply.text);
      addTokenUsage(usage, used);
      const verdict = interpretReply(reply.text, request.schema, reply.finishReason);
      if (verdict.ok) return { value: verdict.value as T, usage, cached: false, costUsd: 0 };
      problem = verdict.problem;
      if (attempt === maxReasks) break;
      // A reply cut off by the limit gets room to finish next time.
      if (reply.finishReason === 'length' && maxOutputTokens !== undefined) maxOutputTokens *= 2;
      options.log?.(`task "${request.task}": invalid reply (${problem}); asking again (${attempt + 1}/${maxReasks})`);
      request.onRetry?.({ attempt: attempt + 1, reason: `invalid reply: ${problem}`, delayMs: 0 });
      messages = [
        ...messages,
        { role: 'assistant', content: reply.text.slice(0, 2000) },
        { role: 'user', content: `That reply was not valid: ${problem}. Reply again with only the complete JSON object that matches the schema.` },
      ];
    }
    throw new InvalidReplyError(request.task, maxReasks + 1, problem, usage);
  }

  const port: LlmPort = { provider: transport.provider, model: transport.model, chatJson };
  const embed = transport.embed?.bind(transport);
  if (embed) {
    port.embed = async (texts, signal) => {
      try {
        const vectors = await withRetries((s) => embed(texts, s), { policy: options.retry, signal, limiter: options.limiter, label: 'embeddings' });
        unreachable.succeeded();
        return vectors;
      } catch (error) {
        unreachable.failed(error);
        throw error;
      }
    };
  }
  return port;
}

/**
 * Counts the calls in a row that failed to connect after all their retries (any reply resets it); at `limit`
 * the failure becomes a FatalLlmError `unreachable` (the transport's message names the endpoint), so the run ends with one clear line.
 */
function unreachableBreaker(limit: number, retry: Partial<RetryPolicy> | undefined) {
  let inARow = 0;
  return {
    succeeded(): void {
      inARow = 0;
    },
    /** Throws the fatal error when this failure is the `limit`-th in a row; returns otherwise. */
    failed(error: unknown): void {
      if (!(error instanceof TransportError) || error.failure !== 'network') return;
      inARow++;
      if (inARow < limit) return;
      const attempts = retryPolicy(retry).maxRetries + 1;
      throw new FatalLlmError('unreachable',
        `${error.message.replace(/[.\s]+$/, '')} (${inARow} calls in a row, ${attempts} attempts each), so the run stops here ` +
        'instead of trying every remaining batch. Check that the server is running and that the base URL is right');
    },
  };
}
