/**
 * Azure OpenAI from the command line: the `--azure-*` flags and the environment variables the `openai` package's
 * AzureOpenAI client reads (AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION, AZURE_OPENAI_API_KEY; AZURE_OPENAI_DEPLOYMENT
 * as Azure's samples name it), resolved by the rules the extension uses (core/llm/azure.ts). A flag beats its
 * variable; the key comes from AZURE_OPENAI_API_KEY only.
 */
import { resolveAzure, resolveAzureResource, type AzureConfig, type AzureProblem, type AzureResource } from '../core/llm/azure';
import { CliError } from './errors';

/** The `--azure-*` flags. */
export interface AzureFlags {
  azureEndpoint?: string;
  azureDeployment?: string;
  azureApiVersion?: string;
  azureBatchDeployment?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Where each field comes from: its flag, and its environment variable (the batch deployment has none). */
export const AZURE_SOURCES = {
  endpoint: { flag: '--azure-endpoint', env: 'AZURE_OPENAI_ENDPOINT', example: 'https://my-resource.openai.azure.com' },
  deployment: { flag: '--azure-deployment', env: 'AZURE_OPENAI_DEPLOYMENT', example: 'the name of the chat deployment' },
  apiVersion: { flag: '--azure-api-version', env: 'OPENAI_API_VERSION' },
  batchDeployment: { flag: '--azure-batch-deployment' },
} as const;

/** The variable the Azure key is read from. */
export const AZURE_KEY_ENV = 'AZURE_OPENAI_API_KEY';

/** True when any `--azure-*` flag was given: the user asked for Azure on this command line. */
export function azureFlagGiven(flags: AzureFlags): boolean {
  return Boolean(flags.azureEndpoint || flags.azureDeployment || flags.azureApiVersion || flags.azureBatchDeployment);
}

/** A field's value and the name it was given under: the flag when given, else its variable. */
function read(flag: string | undefined, source: { flag: string; env: string }, env: Env): { value?: string; name: string } {
  return flag ? { value: flag, name: source.flag } : { value: env[source.env] || undefined, name: source.env };
}

/** One line: what to set for a missing field, or which flag or variable holds a value that cannot work. */
function problemLine({ field, reason, missing }: AzureProblem, givenAs: string): CliError {
  const { flag, env, example } = AZURE_SOURCES[field];
  if (!missing) return new CliError(`${givenAs} ${reason}`);
  return new CliError(`Azure OpenAI needs ${flag} <${field === 'endpoint' ? 'url' : 'name'}> or ${env} (${example})`);
}

/** The Azure key, or one line saying where to put it. */
export function azureKey(env: Env): string {
  const key = env[AZURE_KEY_ENV] || undefined;
  if (key) return key;
  const other = env.OPENAI_API_KEY ? '; OPENAI_API_KEY is not sent to Azure' : '';
  throw new CliError(`Azure OpenAI needs ${AZURE_KEY_ENV} in the environment (the only way to give the key)${other}`);
}

/** The connection of `generate --provider azure-openai`. @throws CliError naming the flag or variable to set. */
export function azureConnection(flags: AzureFlags, env: Env): AzureConfig {
  const endpoint = read(flags.azureEndpoint, AZURE_SOURCES.endpoint, env);
  const deployment = read(flags.azureDeployment, AZURE_SOURCES.deployment, env);
  const resolved = resolveAzure({
    endpoint: endpoint.value, deployment: deployment.value, batchDeployment: flags.azureBatchDeployment,
    apiVersion: read(flags.azureApiVersion, AZURE_SOURCES.apiVersion, env).value,
  });
  if (!resolved.ok) throw problemLine(resolved, resolved.field === 'endpoint' ? endpoint.name : deployment.name);
  return resolved.config;
}

/**
 * The resource of `qaforge batch` (no deployment: jobs live at the resource), when an endpoint is given.
 * @throws CliError naming the flag or variable whose endpoint cannot work.
 */
export function azureResourceOf(flags: AzureFlags, env: Env): AzureResource | undefined {
  const endpoint = read(flags.azureEndpoint, AZURE_SOURCES.endpoint, env);
  if (!endpoint.value) return undefined;
  const resolved = resolveAzureResource({ endpoint: endpoint.value, apiVersion: read(flags.azureApiVersion, AZURE_SOURCES.apiVersion, env).value });
  if (!resolved.ok) throw new CliError(`${endpoint.name} ${resolved.reason}`);
  return resolved.config;
}
