/**
 * The check a batch run makes before its first upload: the key is accepted and the model is served. A live run
 * learns both from its first call; a batch run would only learn them after uploading a file and creating a job
 * that then fails, so it asks the endpoint's model list first (`GET /v1/models`). An endpoint without a model list,
 * or one that cannot be reached yet, is no reason to stop: the first job says what is wrong then. Azure OpenAI has no
 * model list of its deployments on the data plane, so its check lists one batch job instead: that proves the key and
 * the resource (not the deployment, which the first job names).
 */
import OpenAI from 'openai';
import { fatalFromTransport, isAbortError } from '../errors';
import { FatalLlmError } from '../port';
import { azureOpenAiClient, toTransportError } from '../openaiTransport';

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

const CLIENT_LIMITS = { maxRetries: 2, timeout: 60_000 };

/**
 * Runs `check`; a refused key or an exhausted quota is thrown as the FatalLlmError it stands for, a cancellation as
 * itself. Anything else (a 404 for a list the endpoint lacks, a network error) lets the run go on: returns false.
 */
async function checked(where: string, list: string, apiKey: string | undefined, signal: AbortSignal | undefined, check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    const failure = toTransportError(error, `${where} (${list}, checked before the first batch upload)`, apiKey, signal ?? new AbortController().signal);
    const fatal = fatalFromTransport(failure);
    // 404: the endpoint has no such list (only an unknown model is fatal, and this is not one)
    if (fatal && fatal.reason !== 'model-not-found') throw fatal;
    if (isAbortError(failure)) throw failure;
    return false;
  }
}

/** The preflight of an OpenAI-compatible endpoint through the `openai` package. */
export function openAiBatchPreflight(options: OpenAiPreflightOptions): BatchPreflight {
  const client = new OpenAI({ apiKey: options.apiKey ?? 'no-key', organization: options.organization, baseURL: options.baseURL, ...CLIENT_LIMITS });
  return async (signal) => {
    const ids: string[] = [];
    const listed = await checked(options.endpoint, 'model list', options.apiKey, signal, async () => {
      for await (const model of client.models.list({ signal })) ids.push(model.id);
    });
    if (!listed) return;
    if (ids.length > 0 && !ids.includes(options.model)) {
      const shown = ids.length > 8 ? `${ids.slice(0, 8).join(', ')}, … (${ids.length} in all)` : ids.join(', ');
      throw new FatalLlmError('model-not-found', `model ${options.model} is not served by ${options.endpoint} (it serves ${shown}); nothing was uploaded — check --model`);
    }
  };
}

/** Where an Azure OpenAI batch run checks its key. */
export interface AzurePreflightOptions {
  /** The resource endpoint (https://{resource}.openai.azure.com). */
  azureEndpoint: string;
  apiVersion: string;
  apiKey?: string;
  /** Endpoint name for messages (host). */
  endpoint: string;
}

/** The preflight of an Azure OpenAI resource: one page of one batch job (`GET /openai/batches?limit=1`). */
export function azureBatchPreflight(options: AzurePreflightOptions): BatchPreflight {
  const client = azureOpenAiClient({ apiKey: options.apiKey ?? 'no-key', endpoint: options.azureEndpoint, apiVersion: options.apiVersion, ...CLIENT_LIMITS });
  return async (signal) => {
    await checked(`the Azure OpenAI batch API of ${options.endpoint}`, 'job list', options.apiKey, signal, async () => {
      await client.batches.list({ limit: 1 }, { signal });
    });
  };
}
