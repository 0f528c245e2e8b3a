/**
 * Prices of known models in USD per million tokens (OpenAI list prices, standard tier, as of 2025, with the
 * discounted price of cached prompt tokens; the user can override or add any model through config `prices`).
 * Local endpoints cost nothing.
 */
import type { TokenUsage } from './port';

/** USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Price of prompt tokens served from the provider's prompt cache; the input price when not given. */
  cachedInputPerMTok?: number;
}

/** List prices of known models. */
export const KNOWN_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'gpt-4o': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 },
  'gpt-4.1': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, cachedInputPerMTok: 0.025, outputPerMTok: 0.4 },
  'o3-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.55, outputPerMTok: 4.4 },
  'o4-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.275, outputPerMTok: 4.4 },
  'text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0 },
  'text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0 },
});

/** A price that makes everything free (local endpoints, the offline engine). */
export const FREE: Readonly<ModelPrice> = Object.freeze({ inputPerMTok: 0, outputPerMTok: 0 });

/**
 * The price of `model`: an override first, then the known table; a dated snapshot ("gpt-4o-2024-08-06")
 * takes its family's price (the longest known name it starts with, at a `-` boundary).
 */
export function priceFor(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  const table = { ...KNOWN_PRICES, ...overrides };
  if (table[model]) return table[model];
  const family = Object.keys(table)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family ? table[family] : undefined;
}

/** The Batch API's discount on OpenAI's list prices: batch jobs cost half. */
export const BATCH_DISCOUNT = 0.5;

/** The batch price of a model from its live price (OpenAI bills batch jobs at half the list price, cached input too). */
export function batchPriceOf(live: ModelPrice): ModelPrice {
  return {
    inputPerMTok: live.inputPerMTok * BATCH_DISCOUNT,
    outputPerMTok: live.outputPerMTok * BATCH_DISCOUNT,
    ...(live.cachedInputPerMTok !== undefined ? { cachedInputPerMTok: live.cachedInputPerMTok * BATCH_DISCOUNT } : {}),
  };
}

/** Cost in USD of `usage` at `price`; cached prompt tokens at the cached-input price. */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens);
  const fresh = usage.promptTokens - cached;
  return (fresh * price.inputPerMTok + cached * (price.cachedInputPerMTok ?? price.inputPerMTok) + usage.completionTokens * price.outputPerMTok) / 1_000_000;
}

/** True for endpoints on this machine or a private network (Ollama, LM Studio, vLLM, llama.cpp, test doubles). */
export function isLocalEndpoint(baseURL: string | undefined): boolean {
  if (!baseURL) return false;
  let host: string;
  try {
    host = new URL(baseURL).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return host === 'localhost' || host === '::1' || host === '0.0.0.0' || host.endsWith('.local') || host.endsWith('.localhost') ||
    /^127\./.test(host) || /^10\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host);
}
