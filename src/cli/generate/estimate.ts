/** The one-line estimate `generate` prints before a run against a model endpoint (issue: cost is never invisible). */
import { estimateRun } from '../../core/llm/estimate';
import type { ModelPrice } from '../../core/llm/prices';
import type { GenerationParams } from '../../core/domain/params';
import { estimateTokens } from '../../core/text/tokens';

/** What the estimate needs to know about the model. */
export interface EstimateModel {
  name: string;
  /** Price overrides (--price). */
  prices?: Record<string, ModelPrice>;
  /** A local endpoint: costs nothing whatever the model is called. */
  free: boolean;
  /** A batch run (--batch), with --batch-price overrides. */
  batch?: { prices?: Record<string, ModelPrice> };
  /** --concurrency: the run's stages split to fill it, so it sets the number of calls. */
  concurrency?: number;
}

/** `estimate: ≈ 14 calls, ≈ 25,800 tokens, ≈ $0.0056 (before the cache; the run can differ)`. */
export function estimateLine(texts: readonly string[], params: GenerationParams, model: EstimateModel): string {
  const e = estimateRun(texts.map(estimateTokens), params, model.name, { prices: model.prices, batch: model.batch, concurrency: model.concurrency });
  const cost = model.free ? '$0 (local endpoint)' : e.costUsd > 0 ? `≈ $${e.costUsd.toFixed(4)}` : `cost unknown (no price for ${model.name}; see --price)`;
  return `estimate: ≈ ${e.calls} calls, ≈ ${(e.promptTokens + e.completionTokens).toLocaleString('en-US')} tokens, ${cost} (${model.batch ? 'batch prices, ' : ''}before the cache; the run can differ)`;
}
