/**
 * The Batch API of the TEST DOUBLE (testEndpoint.ts): `POST /v1/files` (multipart upload, purpose batch),
 * `GET /v1/files/{id}` and `/v1/files/{id}/content`, `POST /v1/batches`, `GET /v1/batches/{id}`,
 * `POST /v1/batches/{id}/cancel`, `GET /v1/batches` (newest first). Jobs move validating → in_progress → finalizing → completed, one status per
 * `pollsPerStatus` retrievals, and answer each line through the offline engine — the same deterministic replies
 * as the chat endpoint, which never sees these calls. Knobs: hold jobs in progress, failed lines, invalid replies,
 * expiry after some lines, a job that fails as a whole. Azure OpenAI's paths (`/openai/files`, `/openai/batches`,
 * mapped onto these by testEndpoint.ts) come with `azure` set: a job's `endpoint` and every line's `url` must then be
 * `/chat/completions`, as Azure wants them; otherwise `/v1/chat/completions`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OfflineEngine } from '../../src/core/llm/offline/engine';
import { type TaskId } from '../../src/core/domain/tasks';
import { TASK_SCHEMAS } from '../../src/core/domain/taskSchemas';
import { countTokens } from '../../src/core/text/tokens';
import { readWireConvention, textOf, type WireMessage } from './testEndpointWire';

type Status = 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'expired' | 'cancelling' | 'cancelled';

interface Job {
  id: string;
  endpoint: string;
  inputFileId: string;
  status: Status;
  polls: number;
  total: number;
  completed: number;
  failed: number;
  outputFileId?: string;
  errorFileId?: string;
  errors: Array<{ code: string; message: string }>;
  createdAt: number;
}

/** What the Batch API has seen. */
export interface TestBatchStats {
  filesUploaded: number;
  /** The custom ids of each created job, in creation order. */
  jobs: string[][];
  retrievals: number;
  cancels: number;
  /** The `body.model` of every line of every created job, in order (Azure: the global batch deployment). */
  lineModels: string[];
  /** Batch API requests that came by Azure OpenAI's paths. */
  azureRequests: number;
}

/** Knobs of the Batch API. */
export interface TestBatchKnobs {
  /** Retrievals a job stays in each of validating, in_progress and finalizing (default 1). */
  setPollsPerStatus(n: number): void;
  /** While on, jobs stay in_progress (a provider queue that takes its time). */
  hold(on: boolean): void;
  /** The next n lines answered get an error line (in the error file) instead of a reply. */
  failLinesNext(n: number): void;
  /** The next n lines answered get a reply that is not JSON. */
  invalidLinesNext(n: number): void;
  /** The next job created with more than `lines` lines expires after answering its first `lines` lines. */
  expireNextJob(lines: number): void;
  /** The next job created fails as a whole with this error code (e.g. model_not_found). */
  failNextJob(code: string): void;
  reset(): void;
}

/** The Batch API module: its route handler, knobs and stats. */
export interface TestBatchApi {
  /** Handles the request when its path is a Batch API route (`/v1/…`; `azure`: it came as `/openai/…`); false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, azure?: boolean): Promise<boolean>;
  knobs: TestBatchKnobs;
  stats: TestBatchStats;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** The fields of a multipart/form-data body, by name (file contents as text). */
function multipartFields(body: Buffer, contentType: string): Map<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const fields = new Map<string, string>();
  if (!boundary) return fields;
  const text = body.toString('utf8');
  for (const part of text.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]+)"/.exec(part.slice(0, split));
    if (name) fields.set(name[1], part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

const FORWARD: Partial<Record<Status, Status>> = { validating: 'in_progress', in_progress: 'finalizing', finalizing: 'completed', cancelling: 'cancelled' };

/** Creates the Batch API of a test double answering as `model`. */
export function createTestBatchApi(model: string): TestBatchApi {
  const engine = new OfflineEngine();
  const files = new Map<string, { content: string; purpose: string }>();
  const jobs = new Map<string, Job>();
  const stats: TestBatchStats = { filesUploaded: 0, jobs: [], retrievals: 0, cancels: 0, lineModels: [], azureRequests: 0 };
  let pollsPerStatus = 1;
  let holding = false;
  let failLines = 0;
  let invalidLines = 0;
  let expireAfter: number | undefined;
  let failJob: string | undefined;
  let expiring = new Map<string, number>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-test-${++counter}`;

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) => send(res, 404, { error: { message: `test double: no ${what}`, type: 'invalid_request_error', param: null, code: null } });

  const batchObject = (job: Job) => ({
    id: job.id, object: 'batch', endpoint: job.endpoint, input_file_id: job.inputFileId, completion_window: '24h',
    status: job.status, created_at: job.createdAt, output_file_id: job.outputFileId ?? null, error_file_id: job.errorFileId ?? null,
    errors: job.errors.length ? { object: 'list', data: job.errors.map((e) => ({ ...e, line: null, param: null })) } : null,
    request_counts: { total: job.total, completed: job.completed, failed: job.failed }, metadata: null,
  });

  async function answerLine(line: { custom_id: string; body: { messages?: WireMessage[] } }): Promise<{ output?: object; error?: object }> {
    const messages = line.body.messages ?? [];
    if (failLines > 0) {
      failLines--;
      return { error: { id: nextId('batch_req'), custom_id: line.custom_id, response: null, error: { code: 'server_error', message: 'test double: this line failed on purpose' } } };
    }
    const wire = readWireConvention(messages);
    if ('problem' in wire || !(wire.task in TASK_SCHEMAS)) {
      return { error: { id: nextId('batch_req'), custom_id: line.custom_id, response: { status_code: 400, request_id: '', body: { error: { message: 'test double: not a QA Forge request', type: 'invalid_request_error' } } }, error: null } };
    }
    let content = JSON.stringify((await engine.chatJson({ task: wire.task, promptVersion: 'wire', messages: [], schema: TASK_SCHEMAS[wire.task as TaskId], input: wire.input })).value);
    if (invalidLines > 0) {
      invalidLines--;
      content = `Here is what you asked for: ${content.slice(0, 20)}`;
    }
    const promptTokens = messages.reduce((sum, m) => sum + countTokens(textOf(m)) + 4, 0);
    const completionTokens = countTokens(content);
    return {
      output: {
        id: nextId('batch_req'), custom_id: line.custom_id, error: null,
        response: { status_code: 200, request_id: nextId('req'), body: {
          id: nextId('chatcmpl'), object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
        } },
      },
    };
  }

  /** Answers the job's lines (all, or the first `limit`) into its output and error files. */
  async function run(job: Job, limit?: number): Promise<void> {
    const lines = files.get(job.inputFileId)!.content.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { custom_id: string; body: { messages?: WireMessage[] } });
    const outputs: string[] = [];
    const errors: string[] = [];
    for (const line of lines.slice(0, limit ?? lines.length)) {
      const { output, error } = await answerLine(line);
      if (output) outputs.push(JSON.stringify(output));
      if (error) errors.push(JSON.stringify(error));
    }
    if (limit !== undefined) {
      for (const line of lines.slice(limit)) errors.push(JSON.stringify({ id: nextId('batch_req'), custom_id: line.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
    }
    job.completed = outputs.length;
    job.failed = errors.length;
    if (outputs.length) files.set(job.outputFileId = nextId('file'), { content: `${outputs.join('\n')}\n`, purpose: 'batch_output' });
    if (errors.length) files.set(job.errorFileId = nextId('file'), { content: `${errors.join('\n')}\n`, purpose: 'batch_output' });
  }

  async function advance(job: Job): Promise<void> {
    const next = FORWARD[job.status];
    if (!next || (holding && job.status === 'in_progress')) return;
    if (++job.polls < pollsPerStatus && job.status !== 'cancelling') return;
    job.polls = 0;
    const expireAt = expiring.get(job.id);
    if (next === 'finalizing' && expireAt !== undefined) {
      await run(job, expireAt);
      job.status = 'expired';
      return;
    }
    if (next === 'completed') await run(job);
    job.status = next;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, azure = false): Promise<boolean> {
    const method = req.method ?? 'GET';
    let match: RegExpExecArray | null;
    if (azure && /^\/v1\/(files|batches)/.test(path)) stats.azureRequests++;
    const endpoint = azure ? '/chat/completions' : '/v1/chat/completions';
    if (method === 'POST' && path === '/v1/files') {
      const fields = multipartFields(await readRaw(req), req.headers['content-type'] ?? '');
      const content = fields.get('file');
      if (content === undefined || fields.get('purpose') !== 'batch') {
        send(res, 400, { error: { message: 'test double: a file upload needs the fields file and purpose=batch', type: 'invalid_request_error', param: 'purpose', code: null } });
        return true;
      }
      const id = nextId('file');
      files.set(id, { content, purpose: 'batch' });
      stats.filesUploaded++;
      send(res, 200, { id, object: 'file', bytes: Buffer.byteLength(content), created_at: Math.floor(Date.now() / 1000), filename: 'input.jsonl', purpose: 'batch', status: 'processed' });
      return true;
    }
    if (method === 'GET' && (match = /^\/v1\/files\/([^/]+)\/content$/.exec(path))) {
      const file = files.get(match[1]);
      if (!file) notFound(res, `file ${match[1]}`);
      else send(res, 200, file.content, 'application/octet-stream');
      return true;
    }
    if (method === 'POST' && path === '/v1/batches') {
      const body = JSON.parse((await readRaw(req)).toString('utf8')) as { input_file_id?: string; endpoint?: string; completion_window?: string };
      const input = body.input_file_id ? files.get(body.input_file_id) : undefined;
      if (!input || body.endpoint !== endpoint || body.completion_window !== '24h') {
        send(res, 400, { error: { message: `test double: a batch needs an uploaded input_file_id, endpoint ${endpoint} and completion_window 24h`, type: 'invalid_request_error', param: null, code: null } });
        return true;
      }
      const lines = input.content.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { custom_id: string; url?: string; body?: { model?: string } });
      const wrongUrl = lines.find((l) => l.url !== endpoint);
      if (wrongUrl) {
        send(res, 400, { error: { message: `test double: line ${wrongUrl.custom_id} has url ${String(wrongUrl.url)}; this endpoint's batch lines use ${endpoint}`, type: 'invalid_request_error', param: 'url', code: null } });
        return true;
      }
      const ids = lines.map((l) => l.custom_id);
      stats.lineModels.push(...lines.map((l) => l.body?.model ?? ''));
      const job: Job = { id: nextId('batch'), endpoint, inputFileId: body.input_file_id!, status: 'validating', polls: 0, total: ids.length, completed: 0, failed: 0, errors: [], createdAt: Math.floor(Date.now() / 1000) };
      if (expireAfter !== undefined && ids.length > expireAfter) {
        expiring.set(job.id, expireAfter);
        expireAfter = undefined;
      }
      if (failJob) {
        job.status = 'failed';
        job.errors.push({ code: failJob, message: `test double: job failed on purpose (${failJob})` });
        failJob = undefined;
      }
      jobs.set(job.id, job);
      stats.jobs.push(ids);
      send(res, 200, batchObject(job));
      return true;
    }
    if (method === 'GET' && path === '/v1/batches') {
      const data = [...jobs.values()].reverse().map(batchObject);
      send(res, 200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more: false });
      return true;
    }
    if ((match = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path)) && (method === 'GET' || (method === 'POST' && match[2]))) {
      const job = jobs.get(match[1]);
      if (!job) {
        notFound(res, `batch ${match[1]}`);
        return true;
      }
      if (match[2]) {
        stats.cancels++;
        if (!['completed', 'failed', 'expired', 'cancelled'].includes(job.status)) job.status = 'cancelling';
      } else {
        stats.retrievals++;
        await advance(job);
      }
      send(res, 200, batchObject(job));
      return true;
    }
    return false;
  }

  const knobs: TestBatchKnobs = {
    setPollsPerStatus: (n) => { pollsPerStatus = Math.max(1, n); },
    hold: (on) => { holding = on; },
    failLinesNext: (n) => { failLines += n; },
    invalidLinesNext: (n) => { invalidLines += n; },
    expireNextJob: (lines) => { expireAfter = lines; },
    failNextJob: (code) => { failJob = code; },
    reset: () => { pollsPerStatus = 1; holding = false; failLines = 0; invalidLines = 0; expireAfter = undefined; failJob = undefined; expiring = new Map(); },
  };
  return { handle, knobs, stats };
}
