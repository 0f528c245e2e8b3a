/**
 * createLlm: builds the LLM client a run uses from plain configuration, composing (inside out)
 * transport → structured replies (format negotiation, repair, validation, re-asks; retries with backoff and the
 * one shared adaptive limiter around each transport call) → metering (cost, budget) → cache (outermost, so
 * hits cost nothing and bypass the limiter) → secret scrubbing of every error and log line.
 * Provider `offline` gives the model-free offline engine (metered at zero cost, not cached).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LlmPort, StructuredReply, StructuredRequest } from './port';
import { createStructuredLlm, type ChatTransport } from './transport';
import { createOpenAiTransport } from './openaiTransport';
import { AdaptiveLimiter } from './limiter';
import { emptyStats, MeteredLlm, type LlmStats } from './metering';
import { CachedLlm } from './cache';
import { FREE, isLocalEndpoint, priceFor, type ModelPrice } from './prices';
import { scrubError, scrubSecrets } from './redact';
import { OfflineEngine } from './offline/engine';
import { BatchLlm, type BatchProgress } from './batch/batchLlm';
import { createOpenAiBatchApi, type BatchApi } from './batch/api';
import type { BatchLimits } from './batch/lines';
import { azureBatchPreflight, openAiBatchPreflight, type BatchPreflight } from './batch/preflight';
import { batchPriceOf } from './prices';
import type { AzureConfig } from './azure';

/** Which kind of endpoint. */
export type LlmProviderKind = 'openai' | 'azure-openai' | 'offline';

/** Configuration of a client (settings + SecretStorage in VS Code, flags + environment in the CLI). */
export interface LlmConfig {
  provider: LlmProviderKind;
  /** OpenAI-compatible base URL including /v1 (default: OpenAI's). */
  baseURL?: string;
  apiKey?: string;
  organization?: string;
  model?: string;
  /** Embedding model for semantic chunking; embeddings are offered only when set. */
  embeddingModel?: string;
  /**
   * Azure OpenAI. `batchDeployment`: the global batch deployment batch lines name as their model (batch jobs run
   * only on a deployment of type Global Batch); default `deployment`.
   */
  azure?: AzureConfig;
  /** Most calls in flight at once (default 4). */
  concurrency?: number;
  /** Per-request timeout in ms (default 120000). */
  timeoutMs?: number;
  /** Retries per call on 429/5xx/network errors/timeouts (default 5). */
  maxRetries?: number;
  /** Cache folder; undefined → the user cache folder (~/.cache/qaforge/llm); null → no cache. */
  cacheDir?: string | null;
  budgetUsd?: number;
  /** Price overrides/additions in USD per million tokens, by model name. */
  prices?: Record<string, ModelPrice>;
  log?: (line: string) => void;
  /** Run chat calls as provider batch jobs (OpenAI Batch API, Azure OpenAI global batch) instead of live calls. */
  batch?: BatchConfig;
}

/** Batch mode (see batch/batchLlm.ts). */
export interface BatchConfig {
  /** The saved job list of this run (batch/state.ts `batchStateFile`). */
  stateFile: string;
  /** The dataset the run writes. */
  dataset: string;
  /** Batch prices in USD per million tokens, by model (default: half of the live price). */
  prices?: Record<string, ModelPrice>;
  pollMs?: number;
  quietMs?: number;
  maxAttempts?: number;
  /** Per-file limits (default OpenAI's: 50,000 requests, 200 MB). */
  limits?: BatchLimits;
  onProgress?: (progress: BatchProgress) => void;
  /**
   * Checked before the first upload (bad key, unknown model). Default: the endpoint's model list, for the `openai`
   * package's batch endpoints; none when `api` is given (e.g. a folder for vLLM run_batch).
   */
  preflight?: BatchPreflight;
  /** The batch endpoints (default: the `openai` package's, at the configured base URL). */
  api?: BatchApi;
  /** What the reply cache and the custom ids name the endpoint (default: the base URL's host); e.g. `batch-file` for a folder. */
  endpoint?: string;
}

/** An LLM port with running totals; `batchJobs` lists the ids of the batch jobs of a batch-mode client. */
export type LlmClient = LlmPort & { readonly stats: LlmStats; readonly batchJobs?: readonly string[] };

/** Raised for configuration that cannot work; names the field and what to set. */
export class LlmConfigError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'LlmConfigError';
  }
}

/** The default cache folder: $XDG_CACHE_HOME/qaforge/llm or ~/.cache/qaforge/llm. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qaforge', 'llm');
}

function checkConfig(config: LlmConfig): void {
  if (config.provider === 'azure-openai') {
    for (const field of ['endpoint', 'deployment', 'apiVersion'] as const) {
      if (!config.azure?.[field]) throw new LlmConfigError(`azure.${field}`, `azure.${field} is required for provider azure-openai; set it in the settings or flags`);
    }
  } else if (config.provider === 'openai' && !config.model) {
    throw new LlmConfigError('model', 'model is required for provider openai (e.g. gpt-4o-mini, or the name your local server uses)');
  }
  if (config.concurrency !== undefined && (!Number.isInteger(config.concurrency) || config.concurrency < 1)) {
    throw new LlmConfigError('concurrency', `concurrency must be an integer >= 1; got ${config.concurrency}`);
  }
  if (config.batch && config.provider === 'offline') {
    throw new LlmConfigError('batch', 'batch mode needs an endpoint with a Batch API (OpenAI-compatible or Azure OpenAI); the offline engine has none');
  }
  if (config.batch && config.cacheDir === null) {
    throw new LlmConfigError('cacheDir', 'batch mode needs the reply cache (finished replies are kept there so a re-run resumes); do not turn the cache off');
  }
  if (config.budgetUsd !== undefined && !(config.budgetUsd >= 0)) {
    throw new LlmConfigError('budgetUsd', `budgetUsd must be a number >= 0; got ${config.budgetUsd}`);
  }
}

/** Wraps a port so that nothing it throws carries the secrets. */
function scrubbing(inner: LlmPort & { stats: LlmStats }, secrets: ReadonlyArray<string | undefined>): LlmClient {
  const client: LlmClient = {
    get provider() { return inner.provider; },
    get model() { return inner.model; },
    get stats() { return inner.stats; },
    chatJson: async <T>(request: StructuredRequest): Promise<StructuredReply<T>> => {
      const onRetry = request.onRetry;
      const scrubbed: StructuredRequest = onRetry
        ? { ...request, onRetry: (info) => onRetry({ ...info, reason: scrubSecrets(info.reason, secrets) }) }
        : request;
      try {
        return await inner.chatJson<T>(scrubbed);
      } catch (error) {
        throw scrubError(error, secrets);
      }
    },
  };
  const embed = inner.embed?.bind(inner);
  if (embed) {
    client.embed = async (texts, signal) => {
      try {
        return await embed(texts, signal);
      } catch (error) {
        throw scrubError(error, secrets);
      }
    };
  }
  return client;
}

/** How {@link clientOver} composes a client over any transport. */
export interface ClientOptions {
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** undefined → {@link defaultCacheDir}; null → no cache. */
  cacheDir?: string | null;
  budgetUsd?: number;
  price?: ModelPrice;
  embeddingPrice?: ModelPrice;
  embeddingModel?: string;
  /** Secrets to scrub from errors, retry reasons and log lines. */
  secrets?: ReadonlyArray<string | undefined>;
  log?: (line: string) => void;
  /** Batch mode: chat calls go to batch jobs through `api` instead of `transport`. */
  batch?: BatchConfig & { api: BatchApi; modernLimits: boolean; lineModel?: string };
}

/**
 * Composes a client over `transport`: structured replies with retries and one adaptive limiter → metering →
 * cache → secret scrubbing. Used by {@link createLlm} and by the vscode.lm adapter.
 */
export function clientOver(transport: ChatTransport, options: ClientOptions = {}): LlmClient {
  const secrets = options.secrets ?? [];
  const log = options.log ? (line: string) => options.log!(scrubSecrets(line, secrets)) : undefined;
  const stats = emptyStats();
  const structured = createStructuredLlm(transport, {
    limiter: new AdaptiveLimiter(options.concurrency ?? 4),
    retry: { maxRetries: options.maxRetries, timeoutMs: options.timeoutMs },
    log,
  });
  const identity = { provider: transport.provider, endpoint: options.batch?.endpoint ?? transport.endpoint, model: transport.model, embeddingModel: options.embeddingModel };
  const batch = options.batch;
  const chat = batch ? new BatchLlm({
    api: batch.api, identity, model: batch.lineModel ?? transport.model, modernLimits: batch.modernLimits, stateFile: batch.stateFile, dataset: batch.dataset,
    pollMs: batch.pollMs, quietMs: batch.quietMs, maxAttempts: batch.maxAttempts, limits: batch.limits, onProgress: batch.onProgress, log,
    embed: structured.embed?.bind(structured), preflight: batch.preflight,
    // the meter wraps this client, so it exists by the time a job is submitted
    beforeJob: options.budgetUsd === undefined ? undefined : () => metered.checkBudget(),
  }) : structured;
  const metered = new MeteredLlm(chat, { price: options.price, embeddingPrice: options.embeddingPrice, budgetUsd: options.budgetUsd, stats });
  const outer: LlmPort = options.cacheDir === null ? metered : new CachedLlm(metered, {
    dir: options.cacheDir ?? defaultCacheDir(), stats, log, identity,
  });
  const client = scrubbing(Object.assign(outer, { stats }), secrets);
  return chat instanceof BatchLlm ? Object.assign(client, { batchJobs: chat.jobIds }) : client;
}

/** Builds a client from `config`. @throws LlmConfigError naming the field to fix. */
export function createLlm(config: LlmConfig): LlmClient {
  checkConfig(config);
  if (config.provider === 'offline') {
    return new MeteredLlm(new OfflineEngine(), { budgetUsd: config.budgetUsd });
  }
  const secrets = [config.apiKey];
  const log = config.log ? (line: string) => config.log!(scrubSecrets(line, secrets)) : undefined;
  const transport = createOpenAiTransport({
    baseURL: config.baseURL, apiKey: config.apiKey, organization: config.organization,
    model: config.model ?? '', embeddingModel: config.embeddingModel,
    azure: config.provider === 'azure-openai' ? config.azure : undefined,
  });
  const local = config.provider === 'openai' && isLocalEndpoint(config.baseURL);
  const price = config.prices?.[transport.model] ?? (local ? FREE : priceFor(transport.model, config.prices));
  if (!price && config.budgetUsd !== undefined) {
    // Unpriced calls cost $0 to the meter, so the cap would silently never stop the run.
    throw new LlmConfigError('prices', `a budget needs the price of model ${transport.model}, which is not in the price table; ` +
      'give its prices in USD per million input and output tokens (CLI: --price IN,OUT)');
  }
  if (!price) log?.(`no price known for model ${transport.model}; its cost is shown as $0 (set prices to fix)`);
  const embeddingPrice = config.embeddingModel
    ? config.prices?.[config.embeddingModel] ?? (local ? FREE : priceFor(config.embeddingModel, config.prices))
    : undefined;
  const azure = config.provider === 'azure-openai' ? config.azure : undefined;
  const batch = config.batch && {
    ...config.batch,
    api: config.batch.api ?? createOpenAiBatchApi({
      baseURL: config.baseURL, apiKey: config.apiKey, organization: config.organization, endpoint: transport.endpoint,
      azure: azure && { endpoint: azure.endpoint, apiVersion: azure.apiVersion },
    }),
    // a given batch API (a test's) has no endpoint of ours to check; offline returned above, so no azure means openai
    preflight: config.batch.preflight ?? (config.batch.api ? undefined : azure
      ? azureBatchPreflight({ azureEndpoint: azure.endpoint, apiVersion: azure.apiVersion, apiKey: config.apiKey, endpoint: transport.endpoint })
      : openAiBatchPreflight({ baseURL: config.baseURL, apiKey: config.apiKey, organization: config.organization, endpoint: transport.endpoint, model: transport.model })),
    modernLimits: azure !== undefined || transport.endpoint === 'api.openai.com',
    lineModel: azure ? azure.batchDeployment || azure.deployment : undefined,
  };
  const chatPrice = batch ? config.batch?.prices?.[transport.model] ?? (price && batchPriceOf(price)) : price;
  return clientOver(transport, {
    concurrency: config.concurrency, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries, cacheDir: config.cacheDir,
    budgetUsd: config.budgetUsd, price: chatPrice, embeddingPrice, embeddingModel: config.embeddingModel, secrets, log: config.log, batch,
  });
}
