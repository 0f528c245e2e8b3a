/**
 * The check a batch run makes before its first upload: the key is accepted and the model is served. A live run
 * learns both from its first call; a batch run would only learn them after uploading a file and creating a job
 * that then fails, so it asks the endpoint's model list first (`GET /v1/models`). An endpoint without a model list,
 * or one that cannot be reached yet, is no reason to stop: the first job says what is wrong then.
 */
import OpenAI from 'openai';
import { fatalFromTransport, isAbortError } from '../errors';
import { FatalLlmError } from '../port';
import { toTransportError } from '../openaiTransport';

/** Throws a FatalLlmError when the batch run cannot work (bad key, unknown model); resolves otherwise. */
export type BatchPreflight = (signal?: AbortSignal) => Promise<void>;

/** Where to check. */
export interface OpenAiPreflightOptions {
  baseURL?: string;
  apiKey?: string;
  organization?: string;
  /** Endpoint name for messages (host). */
  endpoint: string;
  model: string;
}

/** The preflight of an OpenAI-compatible endpoint through the `openai` package. */
export function openAiBatchPreflight(options: OpenAiPreflightOptions): BatchPreflight {
  const client = new OpenAI({ apiKey: options.apiKey ?? 'no-key', organization: options.organization, baseURL: options.baseURL, maxRetries: 2, timeout: 60_000 });
  return async (signal) => {
    const ids: string[] = [];
    try {
      for await (const model of client.models.list({ signal })) ids.push(model.id);
    } catch (error) {
      const failure = toTransportError(error, `${options.endpoint} (model list, checked before the first batch upload)`, options.apiKey, signal ?? new AbortController().signal);
      const fatal = fatalFromTransport(failure);
      // 404: the endpoint has no model list (only an unknown model is fatal, and this is not one)
      if (fatal && fatal.reason !== 'model-not-found') throw fatal;
      if (isAbortError(failure)) throw failure;
      return;
    }
    if (ids.length > 0 && !ids.includes(options.model)) {
      const shown = ids.length > 8 ? `${ids.slice(0, 8).join(', ')}, … (${ids.length} in all)` : ids.join(', ');
      throw new FatalLlmError('model-not-found', `model ${options.model} is not served by ${options.endpoint} (it serves ${shown}); nothing was uploaded — check --model`);
    }
  };
}
