/**
 * Which model the CLI uses. An explicit --provider always wins. Otherwise what this command line names comes first:
 * an `--azure-*` flag means Azure OpenAI, --base-url an OpenAI-compatible endpoint (both at once is refused: they name
 * two endpoints). Then the environment: OPENAI_BASE_URL or OPENAI_API_KEY means `openai` — also when
 * AZURE_OPENAI_ENDPOINT is set beside them, as before Azure came to the CLI, with a notice saying so — and
 * AZURE_OPENAI_ENDPOINT alone means `azure-openai`. With nothing configured: the offline heuristic engine, with a
 * notice. The key is read from OPENAI_API_KEY (AZURE_OPENAI_API_KEY for Azure) only — never from a flag, so it stays
 * out of shell history and process lists.
 */
import * as path from 'node:path';
import { DEFAULT_OPENAI_MODEL } from '../../core/llm/defaults';
import type { AzureConfig } from '../../core/llm/azure';
import { AZURE_SOURCES, azureConnection, azureFlagGiven, azureKey, type AzureFlags } from '../azure';
import { CliError } from '../errors';

export { DEFAULT_OPENAI_MODEL };

/** Providers the CLI offers. */
export type CliProvider = 'openai' | 'azure-openai' | 'offline';

/** Flags that shape the model connection. */
export interface ProviderFlags extends AzureFlags {
  provider?: CliProvider;
  baseUrl?: string;
  model?: string;
  concurrency?: number;
  budget?: number;
  cacheDir?: string;
  /** false with --no-cache. */
  cache: boolean;
}

/** The resolved connection (the key is kept apart so it is never printed). */
export interface ProviderChoice {
  provider: CliProvider;
  baseURL?: string;
  apiKey?: string;
  /** For Azure: the chat deployment (it names the model in prices, the cache and the manifest, as in the extension). */
  model?: string;
  azure?: AzureConfig;
  /** undefined: the default user cache folder; null: no cache. */
  cacheDir: string | null | undefined;
  /** One line for stderr when the choice deserves a word (offline fallback, an Azure endpoint left unused). */
  notice?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The provider the flags and environment point at, and a notice when a configured Azure endpoint goes unused. */
function pick(flags: ProviderFlags, env: Env): { provider: CliProvider; notice?: string } {
  if (flags.provider) return { provider: flags.provider };
  const azureFlag = azureFlagGiven(flags);
  if (azureFlag && flags.baseUrl) {
    throw new CliError('--base-url and the --azure-* flags name two endpoints; choose one with --provider openai or --provider azure-openai');
  }
  if (azureFlag) return { provider: 'azure-openai' };
  if (flags.baseUrl) return { provider: 'openai' };
  const openaiEnv = env.OPENAI_BASE_URL ? 'OPENAI_BASE_URL' : env.OPENAI_API_KEY ? 'OPENAI_API_KEY' : undefined;
  const azureEnv = Boolean(env[AZURE_SOURCES.endpoint.env]);
  if (openaiEnv && azureEnv) {
    return { provider: 'openai', notice: `${openaiEnv} and ${AZURE_SOURCES.endpoint.env} are both set: using the OpenAI-compatible endpoint (give --provider azure-openai for Azure)` };
  }
  if (openaiEnv) return { provider: 'openai' };
  return { provider: azureEnv ? 'azure-openai' : 'offline' };
}

/** The Azure choice: every field named by its flag or variable when missing; --model and --base-url refused. */
function azureChoice(flags: ProviderFlags, env: Env, cacheDir: string | null | undefined, notice?: string): ProviderChoice {
  if (flags.baseUrl) throw new CliError('--base-url does not go with --provider azure-openai; give the resource endpoint as --azure-endpoint (or AZURE_OPENAI_ENDPOINT)');
  if (flags.model) {
    throw new CliError('--model does not go with --provider azure-openai: the deployment is the model (--azure-deployment or AZURE_OPENAI_DEPLOYMENT); give --price IN,OUT when its name is not in the price table');
  }
  const azure = azureConnection(flags, env);
  return { provider: 'azure-openai', apiKey: azureKey(env), model: azure.deployment, azure, cacheDir, notice };
}

/** Chooses the provider from flags and environment. @throws CliError naming the flag or variable to set. */
export function chooseProvider(flags: ProviderFlags, env: Env, cwd: string): ProviderChoice {
  const cacheDir = !flags.cache ? null : flags.cacheDir ? path.resolve(cwd, flags.cacheDir) : undefined;
  const { provider, notice } = pick(flags, env);
  if (provider === 'azure-openai') return azureChoice(flags, env, cacheDir, notice);
  if (provider === 'offline') {
    const why = flags.provider ? 'offline engine requested' : 'no model configured (set OPENAI_API_KEY, OPENAI_BASE_URL or --base-url; for Azure, AZURE_OPENAI_ENDPOINT or --azure-endpoint)';
    return { provider, cacheDir, model: flags.model || env.QAFORGE_MODEL || undefined, notice: `${why}: using the offline heuristic engine — fine for trying the workflow, not for a real evaluation set` };
  }
  if (azureFlagGiven(flags)) throw new CliError('the --azure-* flags do not go with --provider openai; drop them or use --provider azure-openai');
  const baseURL = flags.baseUrl || env.OPENAI_BASE_URL || undefined;
  const apiKey = env.OPENAI_API_KEY || undefined;
  const model = flags.model || env.QAFORGE_MODEL || undefined;
  if (!baseURL && !apiKey) {
    throw new CliError('--provider openai needs OPENAI_API_KEY in the environment (for api.openai.com) or --base-url / OPENAI_BASE_URL for a local endpoint');
  }
  if (!model && baseURL) throw new CliError('--model is required with --base-url / OPENAI_BASE_URL (the name the endpoint knows the model by), or set QAFORGE_MODEL');
  return { provider, baseURL, apiKey, model: model ?? DEFAULT_OPENAI_MODEL, cacheDir, notice };
}
