/**
 * ChatTransport for OpenAI-compatible endpoints (OpenAI, Azure OpenAI, Ollama, LM Studio, vLLM, llama.cpp
 * server) on the `openai` package. The SDK's own retries are off (maxRetries 0): retries, timeouts and the
 * limiter live in retry.ts so they behave the same for every transport.
 */
import OpenAI, { AzureOpenAI, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ChatTransport, TransportReply, TransportRequest } from './transport';
import type { TokenUsage } from './port';
import { abortError, TransportError } from './errors';
import { serverRetryDelay } from './retry';
import { scrubSecrets } from './redact';
import { azureEndpointName, hostOf } from './azure';
import { EnvHttpProxyAgent, fetch as undiciFetch, type Agent, type Dispatcher } from 'undici';

/** Where and how to reach the endpoint. */
export interface OpenAiTransportOptions {
  /** Base URL including `/v1` (default: OpenAI's). Ignored for Azure. */
  baseURL?: string;
  apiKey?: string;
  organization?: string;
  /** Chat model (for Azure: informational; the deployment decides). */
  model: string;
  /** Embedding model (Azure: its deployment name); embeddings are offered only when set. */
  embeddingModel?: string;
  azure?: { endpoint: string; deployment: string; apiVersion: string };
  /** The HTTP connection pool to send through (default: one shared pool with {@link HTTP_POOL_OPTIONS}). */
  httpPool?: Dispatcher;
}

/** Texts per embeddings request. */
const EMBEDDING_BATCH = 256;

const FORMAT_WORDS = /response_format|json_schema|json_object|structured output|strict/i;

/** Translates the SDK's errors into TransportErrors; never lets the key through. */
export function toTransportError(error: unknown, where: string, apiKey: string | undefined, signal: AbortSignal): Error {
  if (error instanceof APIUserAbortError || signal.aborted) return abortError(signal);
  const clean = (text: string) => scrubSecrets(text, [apiKey]);
  if (error instanceof APIConnectionTimeoutError) return new TransportError(`${where} timed out`, 'timeout');
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new TransportError(clean(`could not reach ${where}${cause}`), 'network');
  }
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    const message = clean(`${where} answered ${status}: ${error.message}`);
    // The advice is appended as its own sentence; servers often end their message with a period already.
    const advise = (advice: string) => `${message.replace(/[.\s]+$/, '')}. ${advice}`;
    if (status === 400 && (FORMAT_WORDS.test(error.message) || FORMAT_WORDS.test(error.param ?? ''))) {
      return new TransportError(message, 'format-unsupported', status);
    }
    if (status === 401 || status === 403) {
      return new TransportError(advise('Check the API key and organization configured for this endpoint.'), 'auth', status);
    }
    if (status === 429 && (error.code === 'insufficient_quota' || /insufficient_quota|exceeded your current quota/i.test(error.message))) {
      // Not a rate limit: waiting does not bring credit back, so retrying would only repeat the refusal.
      return new TransportError(advise('The account behind this API key has no quota left: check its plan and billing, or use another key or endpoint.'), 'quota', status);
    }
    if (status === 404) {
      return new TransportError(advise('Check the model name and that the base URL ends in /v1 (or the Azure deployment name).'), 'http', status);
    }
    const retryAfterMs = error.headers ? serverRetryDelay((name) => error.headers?.get(name)) : undefined;
    return new TransportError(message, 'http', status, retryAfterMs);
  }
  return new TransportError(clean(`${where} failed: ${error instanceof Error ? error.message : String(error)}`), 'network');
}

function finishReasonOf(reason: string | null | undefined): TransportReply['finishReason'] {
  if (reason === 'length') return 'length';
  return reason === 'stop' ? 'stop' : 'other';
}

/**
 * Options of the one HTTP connection pool every client uses. Node's built-in fetch gives up on a reply whose headers
 * (or next body bytes) take longer than 300 s, whatever the SDK's timeout says: a slow local model answering a long
 * batch on a CPU, or any endpoint slower than that, failed at five minutes although `--timeout` allowed more. Those
 * limits are off here; the per-request timeout of retry.ts (the `timeout` setting) is the one that decides. The pool
 * honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY as Node's fetch does.
 */
export const HTTP_POOL_OPTIONS: Readonly<Agent.Options> = Object.freeze({ headersTimeout: 0, bodyTimeout: 0 });

let sharedPool: Dispatcher | undefined;

/** fetch through `pool` (the shared one, created on first use, when not given: importing this module opens nothing). */
function fetchThrough(pool: Dispatcher | undefined): typeof fetch {
  return ((url: string | URL | Request, init?: RequestInit) => undiciFetch(url as Parameters<typeof undiciFetch>[0], {
    ...(init as Parameters<typeof undiciFetch>[1]),
    dispatcher: pool ?? (sharedPool ??= new EnvHttpProxyAgent(HTTP_POOL_OPTIONS)),
  })) as unknown as typeof fetch;
}

/**
 * The body of one chat completion request, exactly as a live call sends it (batch jobs send the same body per line).
 * `modernLimits`: the endpoint wants max_completion_tokens (OpenAI, Azure) instead of max_tokens.
 */
export function chatCompletionBody(model: string, modernLimits: boolean, request: Omit<TransportRequest, 'signal'>): ChatCompletionCreateParamsNonStreaming {
  const body: ChatCompletionCreateParamsNonStreaming = { model, messages: request.messages };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxOutputTokens !== undefined) {
    if (modernLimits) body.max_completion_tokens = request.maxOutputTokens;
    else body.max_tokens = request.maxOutputTokens;
  }
  if (request.format === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema, strict: true } };
  } else if (request.format === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  return body;
}

/** Options of {@link azureOpenAiClient}: the SDK's client options, with the resource endpoint and API version. */
export type AzureClientOptions = Omit<ConstructorParameters<typeof AzureOpenAI>[0] & object, 'baseURL' | 'endpoint' | 'apiVersion'>
  & { endpoint: string; apiVersion: string };

/**
 * An AzureOpenAI client of a resource (and of one deployment when given). baseURL null: AzureOpenAI otherwise reads
 * OPENAI_BASE_URL and refuses it beside `endpoint` ("mutually exclusive"), so an exported OPENAI_BASE_URL made Azure
 * unusable.
 */
export function azureOpenAiClient(options: AzureClientOptions): AzureOpenAI {
  return new AzureOpenAI({ ...options, baseURL: null });
}

/** Creates the transport; `provider` is `azure-openai` when `azure` is given, else `openai`. */
export function createOpenAiTransport(options: OpenAiTransportOptions): ChatTransport {
  const { apiKey, azure, model, embeddingModel } = options;
  // Local servers (Ollama, LM Studio, llama.cpp) accept any key but the SDK insists on one.
  const key = apiKey ?? 'no-key';
  const common = { apiKey: key, organization: options.organization, maxRetries: 0, timeout: 30 * 60_000, fetch: fetchThrough(options.httpPool) };
  const chatClient: OpenAI = azure
    ? azureOpenAiClient({ ...common, endpoint: azure.endpoint, deployment: azure.deployment, apiVersion: azure.apiVersion })
    : new OpenAI({ ...common, baseURL: options.baseURL });
  const embedClient: OpenAI | undefined = !embeddingModel ? undefined : azure
    ? azureOpenAiClient({ ...common, endpoint: azure.endpoint, deployment: embeddingModel, apiVersion: azure.apiVersion })
    : chatClient;
  const endpoint = azure ? azureEndpointName(azure.endpoint, azure.deployment) : hostOf(chatClient.baseURL);
  const where = `${azure ? 'Azure OpenAI' : 'the OpenAI-compatible endpoint'} ${endpoint}`;
  // OpenAI's own API wants max_completion_tokens (reasoning models refuse max_tokens); other servers know max_tokens.
  const modernLimits = azure !== undefined || endpoint === 'api.openai.com';

  async function complete(request: TransportRequest): Promise<TransportReply> {
    const body = chatCompletionBody(model, modernLimits, request);
    try {
      const completion = await chatClient.chat.completions.create(body, { signal: request.signal });
      const choice = completion.choices[0];
      const usage = completion.usage ? usageOf(completion.usage) : undefined;
      return { text: choice?.message?.content ?? choice?.message?.refusal ?? '', usage, finishReason: finishReasonOf(choice?.finish_reason) };
    } catch (error) {
      throw toTransportError(error, where, apiKey, request.signal);
    }
  }

  const transport: ChatTransport = {
    provider: azure ? 'azure-openai' : 'openai',
    endpoint,
    model: azure ? (model || azure.deployment) : model,
    complete,
  };
  if (embedClient && embeddingModel) {
    transport.embed = async (texts, signal) => {
      try {
        const vectors: number[][] = [];
        // Endpoints cap inputs per request (OpenAI: 2048); smaller batches also keep each request's size sane.
        for (let at = 0; at < texts.length; at += EMBEDDING_BATCH) {
          const response = await embedClient.embeddings.create({ model: embeddingModel, input: texts.slice(at, at + EMBEDDING_BATCH) }, { signal });
          vectors.push(...[...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding));
        }
        return vectors;
      } catch (error) {
        throw toTransportError(error, `${where} (embeddings, ${embeddingModel})`, apiKey, signal);
      }
    };
  }
  return transport;
}

/** Token usage of a completion, with the prompt tokens the provider served from its prompt cache when it says. */
export function usageOf(usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } | null }): TokenUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    ...(cached ? { cachedPromptTokens: cached } : {}),
  };
}
