/**
 * The provider's batch endpoints as the batch client needs them, and their implementation on the `openai` package
 * (`files.create` with purpose `batch`, `batches.create|retrieve|cancel`, `files.content`) — for OpenAI-compatible
 * endpoints, and for Azure OpenAI through the package's AzureOpenAI client: `{endpoint}/openai/files|batches` with
 * `?api-version=…` and the `api-key` header; its lines and jobs name `/chat/completions`, and each line's
 * `body.model` is the global batch deployment.
 */
import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { AZURE_CHAT_COMPLETIONS_URL, CHAT_COMPLETIONS_URL } from './lines';
import type { BatchStatus, RequestCounts } from './state';
import { azureOpenAiClient, toTransportError } from '../openaiTransport';
import { fatalFromTransport } from '../errors';

/** What the provider says about a job. */
export interface BatchJobInfo {
  id: string;
  status: BatchStatus;
  counts?: RequestCounts;
  outputFileId?: string;
  errorFileId?: string;
  /** Why a job failed as a whole (e.g. its input file was refused). */
  errors: string[];
}

/** The batch endpoints. */
export interface BatchApi {
  /** The endpoint each request line names in its `url` (default {@link CHAT_COMPLETIONS_URL}). */
  readonly requestUrl?: string;
  /** Uploads a JSONL input file; returns its file id. */
  uploadInput(name: string, content: string, signal?: AbortSignal): Promise<string>;
  /** Creates a job over an uploaded file (completion window 24h). */
  createJob(inputFileId: string, signal?: AbortSignal): Promise<BatchJobInfo>;
  retrieveJob(id: string, signal?: AbortSignal): Promise<BatchJobInfo>;
  cancelJob(id: string, signal?: AbortSignal): Promise<BatchJobInfo>;
  /** The job created over `inputFileId`, if there is one (looked for among the provider's most recent jobs). */
  findJobByInput(inputFileId: string, signal?: AbortSignal): Promise<BatchJobInfo | undefined>;
  /** The text of an output or error file. */
  fileContent(fileId: string, signal?: AbortSignal): Promise<string>;
}

/** Where the batch endpoints are. */
export interface OpenAiBatchApiOptions {
  baseURL?: string;
  apiKey?: string;
  organization?: string;
  /** Endpoint name for messages (host). */
  endpoint: string;
  /**
   * Azure OpenAI: the resource endpoint (`https://<resource>.openai.azure.com`) and API version; `baseURL` is then
   * ignored. No deployment is given to the client: files and batches live at the resource, not at a deployment.
   */
  azure?: { endpoint: string; apiVersion: string };
}

/** How many of the provider's most recent jobs are searched for a job left unrecorded (newest first). */
const RECENT_JOBS = 1000;

function infoOf(batch: Batch): BatchJobInfo {
  const counts = batch.request_counts;
  return {
    id: batch.id,
    status: batch.status,
    counts: counts ? { completed: counts.completed, failed: counts.failed, total: counts.total } : undefined,
    outputFileId: batch.output_file_id ?? undefined,
    errorFileId: batch.error_file_id ?? undefined,
    errors: (batch.errors?.data ?? []).map((e) => `${e.code ?? 'error'}: ${e.message ?? ''}${e.line ? ` (line ${e.line})` : ''}`),
  };
}

/** The batch endpoints of an OpenAI-compatible API through the `openai` package. */
export function createOpenAiBatchApi(options: OpenAiBatchApiOptions): BatchApi {
  const common = { apiKey: options.apiKey ?? 'no-key', maxRetries: 2, timeout: 10 * 60_000 };
  const client: OpenAI = options.azure
    ? azureOpenAiClient({ ...common, endpoint: options.azure.endpoint, apiVersion: options.azure.apiVersion })
    : new OpenAI({ ...common, organization: options.organization, baseURL: options.baseURL });
  const requestUrl = options.azure ? AZURE_CHAT_COMPLETIONS_URL : CHAT_COMPLETIONS_URL;
  const where = `the ${options.azure ? 'Azure OpenAI ' : ''}batch API of ${options.endpoint}`;
  const call = async <T>(what: string, signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const failure = toTransportError(error, `${where} (${what})`, options.apiKey, signal ?? new AbortController().signal);
      throw fatalFromTransport(failure) ?? failure;
    }
  };
  return {
    requestUrl,
    uploadInput: (name, content, signal) => call('upload', signal, async () =>
      (await client.files.create({ file: await toFile(Buffer.from(content, 'utf8'), name, { type: 'application/jsonl' }), purpose: 'batch' }, { signal })).id),
    // Azure's jobs name the path without /v1; the package's type lists only OpenAI's endpoint names.
    createJob: (inputFileId, signal) => call('create', signal, async () =>
      infoOf(await client.batches.create({ input_file_id: inputFileId, endpoint: requestUrl as '/v1/chat/completions', completion_window: '24h' }, { signal }))),
    retrieveJob: (id, signal) => call(`job ${id}`, signal, async () => infoOf(await client.batches.retrieve(id, { signal }))),
    cancelJob: (id, signal) => call(`cancel ${id}`, signal, async () => infoOf(await client.batches.cancel(id, { signal }))),
    findJobByInput: (inputFileId, signal) => call('list', signal, async () => {
      let seen = 0;
      for await (const batch of client.batches.list({ limit: 100 }, { signal })) {
        if (batch.input_file_id === inputFileId) return infoOf(batch);
        if (++seen >= RECENT_JOBS) break;
      }
      return undefined;
    }),
    fileContent: (fileId, signal) => call(`file ${fileId}`, signal, async () => (await client.files.content(fileId, { signal })).text()),
  };
}
