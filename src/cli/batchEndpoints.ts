/**
 * The Batch APIs `qaforge batch status|cancel` can ask, from flags and environment: an OpenAI-compatible endpoint
 * (OPENAI_API_KEY, --base-url or OPENAI_BASE_URL) and an Azure OpenAI resource (--azure-endpoint or
 * AZURE_OPENAI_ENDPOINT, with AZURE_OPENAI_API_KEY). Each saved run goes to the one its jobs were submitted to — the
 * run's saved endpoint name says which — so a job id is never sent to a provider that does not know it.
 */
import { createOpenAiBatchApi, type BatchApi } from '../core/llm/batch/api';
import { hostOf, isAzureEndpointName } from '../core/llm/azure';
import { AZURE_KEY_ENV, azureKey, azureResourceOf, type AzureFlags } from './azure';
import { CliError } from './errors';

/** The endpoint flags of `qaforge batch`. */
export interface BatchEndpointFlags extends Pick<AzureFlags, 'azureEndpoint' | 'azureApiVersion'> {
  baseUrl?: string;
}

/** A Batch API and the saved runs it serves. */
export interface BatchEndpoint {
  api: BatchApi;
  /** True for the endpoint name a run saved (batch/state.ts `endpoint`) when its jobs are at this API. */
  serves(savedEndpoint: string): boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function openAiEndpoint(flags: BatchEndpointFlags, env: Env): BatchEndpoint | undefined {
  const baseURL = flags.baseUrl || env.OPENAI_BASE_URL || undefined;
  const apiKey = env.OPENAI_API_KEY || undefined;
  if (!baseURL && !apiKey) return undefined;
  let host = 'api.openai.com';
  try {
    if (baseURL) host = new URL(baseURL).host;
  } catch {
    throw new CliError(`--base-url must be a URL such as http://localhost:8000/v1; got ${JSON.stringify(baseURL)}`);
  }
  return { api: createOpenAiBatchApi({ baseURL, apiKey, endpoint: host }), serves: (saved) => saved === host };
}

/** The Azure resource; one from AZURE_OPENAI_ENDPOINT without a key is left out (it may be set for another tool). */
function azureEndpoint(flags: BatchEndpointFlags, env: Env): BatchEndpoint | undefined {
  const resource = azureResourceOf(flags, env);
  if (!resource || (!flags.azureEndpoint && !env[AZURE_KEY_ENV])) return undefined;
  const apiKey = azureKey(env);
  const api = createOpenAiBatchApi({ apiKey, endpoint: hostOf(resource.endpoint), azure: resource });
  return { api, serves: (saved) => isAzureEndpointName(saved, resource.endpoint) };
}

/** The configured Batch APIs (none: only the saved status can be shown). @throws CliError naming a flag or variable. */
export function batchEndpoints(flags: BatchEndpointFlags, env: Env): BatchEndpoint[] {
  return [openAiEndpoint(flags, env), azureEndpoint(flags, env)].filter((e): e is BatchEndpoint => e !== undefined);
}

/** What to set to reach a run's endpoint, for the lines that say it was not asked. */
export const HOW_TO_REACH = 'OPENAI_API_KEY or --base-url; for Azure OpenAI, --azure-endpoint or AZURE_OPENAI_ENDPOINT with AZURE_OPENAI_API_KEY';
