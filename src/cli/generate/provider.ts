/**
 * Which model the CLI uses: `openai` (any OpenAI-compatible endpoint) when --base-url, OPENAI_BASE_URL or
 * OPENAI_API_KEY is set, else the offline heuristic engine with a one-line notice. The API key is read from
 * OPENAI_API_KEY only — never from a flag, so it stays out of shell history and process lists.
 */
import * as path from 'node:path';
import { DEFAULT_OPENAI_MODEL } from '../../core/llm/defaults';
import { CliError } from '../errors';

export { DEFAULT_OPENAI_MODEL };

/** Providers the CLI offers. */
export type CliProvider = 'openai' | 'offline';

/** Flags that shape the model connection. */
export interface ProviderFlags {
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
  model?: string;
  /** undefined: the default user cache folder; null: no cache. */
  cacheDir: string | null | undefined;
  /** One line for stderr when the choice deserves a word (offline fallback). */
  notice?: string;
}

/** Chooses the provider from flags and environment. */
export function chooseProvider(flags: ProviderFlags, env: Readonly<Record<string, string | undefined>>, cwd: string): ProviderChoice {
  const baseURL = flags.baseUrl || env.OPENAI_BASE_URL || undefined;
  const apiKey = env.OPENAI_API_KEY || undefined;
  const cacheDir = !flags.cache ? null : flags.cacheDir ? path.resolve(cwd, flags.cacheDir) : undefined;
  const model = flags.model || env.QAFORGE_MODEL || undefined;
  const provider: CliProvider = flags.provider ?? (baseURL || apiKey ? 'openai' : 'offline');
  if (provider === 'openai' && !baseURL && !apiKey) {
    throw new CliError('--provider openai needs OPENAI_API_KEY in the environment (for api.openai.com) or --base-url / OPENAI_BASE_URL for a local endpoint');
  }
  if (provider === 'offline') {
    const why = flags.provider ? 'offline engine requested' : 'no model configured (set OPENAI_API_KEY, OPENAI_BASE_URL or --base-url)';
    return { provider, cacheDir, model, notice: `${why}: using the offline heuristic engine — fine for trying the workflow, not for a real evaluation set` };
  }
  if (!model && baseURL) throw new CliError('--model is required with --base-url / OPENAI_BASE_URL (the name the endpoint knows the model by), or set QAFORGE_MODEL');
  return { provider, baseURL, apiKey, model: model ?? DEFAULT_OPENAI_MODEL, cacheDir };
}
