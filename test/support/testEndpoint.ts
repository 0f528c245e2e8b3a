/**
 * A local OpenAI-compatible TEST DOUBLE on 127.0.0.1 (node:http, a free port). It is not a model: it reads the
 * QA Forge wire convention (task id from the system message's first line, input from the user message's
 * fenced ```json block) and answers through the offline engine, so replies are deterministic.
 *
 * Routes: POST /v1/chat/completions (response_format json_schema / json_object / none; `stream: true` → SSE),
 * POST /v1/embeddings (hashed bag-of-words vectors), GET /v1/models, the Batch API (testBatchApi.ts); and Azure
 * OpenAI's paths for them (`/openai/deployments/{name}/chat/completions`, `/openai/files`, `/openai/batches`, with
 * `?api-version=` and the `api-key` header) at {@link TestEndpoint.azureEndpoint}.
 * Latency model (knobs): a fixed delay plus a delay per 1,000 characters of reply, as a real model's decode speed
 * makes a reply's latency grow with its length; optionally a provider-style prompt cache (cached_tokens reported for
 * a prompt prefix of >= 1,024 tokens seen before, in steps of 128 tokens, as OpenAI does).
 * Faults, settable at runtime: latency, 429 with Retry-After, 5xx, malformed JSON, truncated JSON, hanging
 * requests, refusing json_schema with a 400, requiring an API key — through `faults` in process, or through
 * /__control/* routes from another process (testEndpointControl.ts). It counts calls and tokens by task.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { OfflineEngine } from '../../src/core/llm/offline/engine';
import { type TaskId } from '../../src/core/domain/tasks';
import { TASK_SCHEMAS, taskSchema } from '../../src/core/domain/taskSchemas';
import { countTokens } from '../../src/core/text/tokens';
import { applyFaults, type FaultsCommand } from './testEndpointControl';
import { createTestBatchApi, type TestBatchApi } from './testBatchApi';
import { PrefixCache } from './testPromptCache';
import { hashedEmbedding, malformed, readWireConvention, textOf, truncated, type MalformedStyle, type WireMessage } from './testEndpointWire';

/** Counters of one task. */
export interface TaskStats { calls: number; promptTokens: number; completionTokens: number }

/** What the test double has seen. `calls` counts every chat request, faulted ones included. */
export interface TestEndpointStats extends TaskStats {
  /** Chat requests answered with a 200. */
  answered: number;
  embeddingCalls: number;
  byTask: Record<string, TaskStats>;
  /** Chat requests by the response_format they asked for (`none` when absent). */
  byFormat: Record<string, number>;
  /** Responses by HTTP status. */
  byStatus: Record<number, number>;
  /** Authorization header values seen (to check what clients send; never print them). */
  authorizations: string[];
  /** Chat requests being handled right now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  /** Milliseconds of simulated model service time (the latency model's delay, summed over answered calls). */
  serviceMs: number;
  /** Characters of reply content, summed over answered calls. */
  replyChars: number;
  /** Prompt tokens reported as cached (only while the prompt cache is on). */
  cachedTokens: number;
  /** Requests by Azure's deployment paths (`/openai/deployments/{deployment}/…?api-version=…`), in order. */
  azureDeploymentCalls: Array<{ deployment: string; apiVersion: string }>;
}

/** The latency of one reply: `fixedMs` plus `msPerKChars` for every 1,000 characters of its content. */
export interface LatencyModel { fixedMs: number; msPerKChars: number }

/** The fault knobs. Each `…Next(n)` applies to the next n chat requests. */
export interface TestEndpointFaults {
  setLatency(ms: number): void;
  /** A latency that grows with the reply's length (replaces a fixed latency). */
  setLatencyModel(model: LatencyModel): void;
  /** Extra delay for every request whose user message contains `marker` (e.g. one chunk's id); 0 removes it. */
  delayWhere(marker: string, ms: number): void;
  /** Report `prompt_tokens_details.cached_tokens` for repeated prompt prefixes, as OpenAI's automatic caching does. */
  promptCache(on: boolean): void;
  /** 429 with `Retry-After: <seconds>` (or another header, e.g. x-ratelimit-reset-requests: "20ms"). */
  rateLimitNext(n: number, retryAfter?: { header: string; value: string }): void;
  serverErrorNext(n: number, status?: number): void;
  malformedNext(n: number, style?: MalformedStyle): void;
  /** Replies cut at 60% with finish_reason "length". */
  truncatedNext(n: number): void;
  /** Never answers (until the client gives up or the double closes). */
  hangNext(n: number): void;
  /** Drops the connection without a response (a network error for the client). */
  dropNext(n: number): void;
  /** Answer every chat request 429 `insufficient_quota`, as OpenAI does when the account has no credit left. */
  quotaExceeded(on: boolean): void;
  /** Answer 400 to response_format json_schema (as servers without structured outputs do). */
  refuseJsonSchema(on: boolean): void;
  /** Answer 401 unless `Authorization: Bearer <key>` (the 401 echoes the key, as some servers do). */
  requireApiKey(key: string | undefined): void;
  /** Clears every fault. */
  reset(): void;
}

/** A running test double. */
export interface TestEndpoint {
  /** Base URL including /v1. */
  url: string;
  /** The same double as an Azure OpenAI resource endpoint (no path: the client adds /openai/…). */
  azureEndpoint: string;
  model: string;
  stats: TestEndpointStats;
  faults: TestEndpointFaults;
  /** The Batch API (/v1/files, /v1/batches): its knobs and what it has seen. */
  batches: TestBatchApi;
  resetStats(): void;
  /** Stops listening and destroys open connections (hanging requests included). */
  close(): Promise<void>;
}

/** Options of {@link startTestEndpoint}. */
export interface TestEndpointOptions { port?: number; model?: string }

function emptyStats(): TestEndpointStats {
  return { calls: 0, promptTokens: 0, completionTokens: 0, answered: 0, embeddingCalls: 0, byTask: {}, byFormat: {}, byStatus: {}, authorizations: [], inFlight: 0, maxInFlight: 0, serviceMs: 0, replyChars: 0, cachedTokens: 0, azureDeploymentCalls: [] };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function errorBody(message: string, type: string, param: string | null = null, code: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

/**
 * The OpenAI path an Azure OpenAI path stands for (`/openai/files…`, `/openai/batches…`,
 * `/openai/deployments/{name}/chat/completions|embeddings`), or undefined for any other path.
 */
function azurePath(path: string): string | undefined {
  const deployment = /^\/openai\/deployments\/[^/]+(\/(?:chat\/completions|embeddings))$/.exec(path);
  if (deployment) return `/v1${deployment[1]}`;
  const resource = /^\/openai(\/(?:files|batches)(?:\/.*)?)$/.exec(path);
  return resource ? `/v1${resource[1]}` : undefined;
}

/** Starts the test double. */
export async function startTestEndpoint(options: TestEndpointOptions = {}): Promise<TestEndpoint> {
  const model = options.model ?? 'test-model';
  const engine = new OfflineEngine();
  const batches = createTestBatchApi(model);
  const sockets = new Set<Socket>();
  let stats = emptyStats();
  let latency: LatencyModel = { fixedMs: 0, msPerKChars: 0 };
  let slowMarkers = new Map<string, number>();
  let caching = false;
  const prefixCache = new PrefixCache();
  let rateLimits: Array<{ header: string; value: string }> = [];
  let serverErrors: number[] = [];
  let malformedStyles: MalformedStyle[] = [];
  let truncations = 0;
  let hangs = 0;
  let drops = 0;
  let refuseSchema = false;
  let noQuota = false;
  let requiredKey: string | undefined;

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  async function chat(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const counted = stats;
    counted.inFlight++;
    counted.maxInFlight = Math.max(counted.maxInFlight, counted.inFlight);
    let done = false;
    const finish = () => {
      if (!done) counted.inFlight--;
      done = true;
    };
    res.once('close', finish);
    stats.calls++;
    const messages = (body.messages ?? []) as WireMessage[];
    const responseFormat = body.response_format as { type?: string } | undefined;
    const format = responseFormat?.type ?? 'none';
    stats.byFormat[format] = (stats.byFormat[format] ?? 0) + 1;
    if (drops > 0) {
      drops--;
      res.socket?.destroy();
      return;
    }
    if (hangs > 0) {
      hangs--;
      return; // never answered; the socket is destroyed by the client's abort or by close()
    }
    if (noQuota) {
      return send(res, 429, errorBody('You exceeded your current quota, please check your plan and billing details. (test double)', 'insufficient_quota', null, 'insufficient_quota'));
    }
    const limited = rateLimits.shift();
    if (limited) return send(res, 429, errorBody('Rate limit reached for test-model (test double)', 'rate_limit_exceeded'), { [limited.header]: limited.value });
    const failure = serverErrors.shift();
    if (failure) return send(res, failure, errorBody('The test double is failing on purpose', 'server_error'));
    if (refuseSchema && format === 'json_schema') {
      return send(res, 400, errorBody("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", 'invalid_request_error', 'response_format'));
    }
    const wire = readWireConvention(messages);
    if ('problem' in wire) return send(res, 400, errorBody(`test double: ${wire.problem}`, 'invalid_request_error', 'messages'));
    const task = wire.task;
    if (!(task in TASK_SCHEMAS)) return send(res, 400, errorBody(`test double: unknown task ${task}`, 'invalid_request_error', 'messages'));
    let content = JSON.stringify((await engine.chatJson({ task, promptVersion: 'wire', messages: [], schema: taskSchema(task as TaskId, wire.input as never), input: wire.input })).value);
    let finishReason = 'stop';
    const style = malformedStyles.shift();
    if (style) content = malformed(content, style);
    else if (truncations > 0) {
      truncations--;
      content = truncated(content);
      finishReason = 'length';
    }
    const promptTokens = messages.reduce((sum, m) => sum + countTokens(textOf(m)) + 4, 0);
    const completionTokens = countTokens(content);
    const userText = messages.filter((m) => m.role === 'user').map(textOf).join('\n');
    let latencyMs = latency.fixedMs + (latency.msPerKChars * content.length) / 1000;
    for (const [marker, ms] of slowMarkers) if (userText.includes(marker)) latencyMs += ms;
    const cachedTokens = caching ? prefixCache.cachedTokens(messages.map(textOf).join('\n')) : 0;
    if (latencyMs > 0) {
      const closed = await new Promise<boolean>((resolve) => {
        // `res` (not `req`) closes when the client goes away before the reply.
        const timer = setTimeout(() => { res.off('close', onClose); resolve(false); }, latencyMs);
        const onClose = () => { clearTimeout(timer); resolve(true); };
        res.once('close', onClose);
      });
      if (closed) return;
    }
    const entry = (stats.byTask[task] ??= { calls: 0, promptTokens: 0, completionTokens: 0 });
    entry.calls++;
    entry.promptTokens += promptTokens;
    entry.completionTokens += completionTokens;
    stats.promptTokens += promptTokens;
    stats.completionTokens += completionTokens;
    stats.answered++;
    stats.serviceMs += latencyMs;
    stats.replyChars += content.length;
    stats.cachedTokens += cachedTokens;
    const usage = {
      prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens,
      ...(caching ? { prompt_tokens_details: { cached_tokens: Math.min(cachedTokens, promptTokens) } } : {}),
    };
    const id = `chatcmpl-test-${stats.calls}`;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream === true) {
      stats.byStatus[200] = (stats.byStatus[200] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (delta: object, finish: string | null, extra: object = {}) =>
        res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
      const third = Math.ceil(content.length / 3);
      chunk({ role: 'assistant', content: '' }, null);
      for (let at = 0; at < content.length; at += third) chunk({ content: content.slice(at, at + third) }, null);
      chunk({}, finishReason);
      const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
      if (includeUsage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    send(res, 200, JSON.stringify({
      id, object: 'chat.completion', created, model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: finishReason, logprobs: null }],
      usage,
    }));
  }

  function embeddings(res: ServerResponse, body: Record<string, unknown>): void {
    stats.embeddingCalls++;
    const input = body.input;
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const tokens = texts.reduce((sum, t) => sum + countTokens(t), 0);
    send(res, 200, JSON.stringify({
      object: 'list', model: String(body.model ?? model),
      // The openai SDK asks for base64 (little-endian float32) by default.
      data: texts.map((t, index) => {
        const vector = hashedEmbedding(t);
        const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
        return { object: 'embedding', index, embedding };
      }),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    }));
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__control/stats') return send(res, 200, JSON.stringify(stats));
    if (req.method === 'POST' && path === '/__control/reset-stats') {
      stats = emptyStats();
      return send(res, 200, '{}');
    }
    if (req.method === 'POST' && path === '/__control/faults') {
      try {
        applyFaults(faults, JSON.parse(await readBody(req)) as FaultsCommand);
      } catch (error) {
        return send(res, 400, errorBody(`test double: ${(error as Error).message}`, 'invalid_request_error'));
      }
      return send(res, 200, '{}');
    }
    return send(res, 404, errorBody(`test double: no control route ${req.method} ${path}`, 'not_found'));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const [rawPath, query = ''] = (req.url ?? '').split('?');
      if (rawPath.startsWith('/__control/')) return control(req, res, rawPath);
      const azure = azurePath(rawPath);
      if (azure && !new URLSearchParams(query).get('api-version')) {
        return send(res, 404, errorBody('test double (Azure): Resource not found — Azure OpenAI requests need ?api-version=', 'invalid_request_error', null, '404'));
      }
      const path = azure ?? rawPath;
      const deployment = /^\/openai\/deployments\/([^/]+)\//.exec(rawPath)?.[1];
      if (azure && deployment) stats.azureDeploymentCalls.push({ deployment: decodeURIComponent(deployment), apiVersion: new URLSearchParams(query).get('api-version') ?? '' });
      // Azure OpenAI sends its key as api-key; counted like a bearer token so the same key check applies
      const azureKey = req.headers['api-key'];
      const authorization = azure ? (typeof azureKey === 'string' ? `Bearer ${azureKey}` : '') : req.headers.authorization ?? '';
      stats.authorizations.push(authorization);
      if (requiredKey !== undefined && authorization !== `Bearer ${requiredKey}`) {
        const shown = authorization.replace(/^Bearer\s+/, '');
        return send(res, 401, errorBody(`Incorrect API key provided: ${shown}. You can find your API key at https://example.invalid.`, 'invalid_request_error'));
      }
      if (req.method === 'GET' && path === '/v1/models') {
        return send(res, 200, JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'qaforge-test-double' }] }));
      }
      if (await batches.handle(req, res, path, azure !== undefined)) return;
      if (req.method !== 'POST') return send(res, 404, errorBody(`test double: no route ${req.method} ${path}`, 'not_found'));
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        return send(res, 400, errorBody('test double: the request body is not JSON', 'invalid_request_error'));
      }
      if (path === '/v1/chat/completions') return chat(res, body);
      if (path === '/v1/embeddings') return embeddings(res, body);
      return send(res, 404, errorBody(`test double: no route POST ${path}`, 'not_found'));
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody(`test double crashed: ${(error as Error).message}`, 'server_error'));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  const faults: TestEndpointFaults = {
    setLatency: (ms) => { latency = { fixedMs: ms, msPerKChars: 0 }; },
    setLatencyModel: (model) => { latency = { ...model }; },
    delayWhere: (marker, ms) => { if (ms > 0) slowMarkers.set(marker, ms); else slowMarkers.delete(marker); },
    promptCache: (on) => { caching = on; prefixCache.clear(); },
    rateLimitNext: (n, retryAfter = { header: 'retry-after', value: '0' }) => { rateLimits.push(...Array<typeof retryAfter>(n).fill(retryAfter)); },
    serverErrorNext: (n, status = 500) => { serverErrors.push(...Array<number>(n).fill(status)); },
    malformedNext: (n, style = 'prose') => { malformedStyles.push(...Array<MalformedStyle>(n).fill(style)); },
    truncatedNext: (n) => { truncations += n; },
    hangNext: (n) => { hangs += n; },
    dropNext: (n) => { drops += n; },
    refuseJsonSchema: (on) => { refuseSchema = on; },
    quotaExceeded: (on) => { noQuota = on; },
    requireApiKey: (key) => { requiredKey = key; },
    reset: () => {
      latency = { fixedMs: 0, msPerKChars: 0 }; slowMarkers = new Map(); caching = false; prefixCache.clear(); rateLimits = []; serverErrors = []; malformedStyles = []; truncations = 0; hangs = 0; drops = 0;
      refuseSchema = false; noQuota = false; requiredKey = undefined;
    },
  };

  const endpoint: TestEndpoint = {
    url: `http://127.0.0.1:${port}/v1`,
    azureEndpoint: `http://127.0.0.1:${port}`,
    model,
    get stats() { return stats; },
    faults,
    batches,
    resetStats: () => { stats = emptyStats(); },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  return endpoint;
}
