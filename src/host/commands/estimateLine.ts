/**
 * The estimate line of the confirm step, without `vscode` (so it is unit-tested): documents, tokens, and what
 * the run will cost — "free (offline)" for the offline engine, which makes no model calls.
 */
import { estimateRun } from '../../core/llm/estimate';
import type { GenerationParams } from '../../core/domain/params';
import { counted } from '../../shared/labels';

/**
 * One line: "4 documents, 2,310 tokens → ≈ 13 calls, ≈ 25,400 tokens for 40 pairs, ≈ $0.0123".
 * @param model "provider/model" as the confirm step shows it
 * @param options `batch`: a batch run, priced at batch prices (half the live price list); `concurrency`: the
 * `qaforge.concurrency` setting — the run's stages split to fill it, so it sets the number of calls
 */
export function estimateLine(documentsTokens: readonly number[], params: GenerationParams, model: string, options: { batch?: boolean; concurrency?: number } = {}): string {
  const { batch = false, concurrency } = options;
  const total = documentsTokens.reduce((a, b) => a + b, 0);
  const inputs = `${counted(documentsTokens.length, 'document')}, ${total.toLocaleString('en-US')} tokens`;
  const pairs = counted(params.numPairs, 'pair');
  if (model.startsWith('offline/')) return `${inputs} → up to ${pairs} from the offline heuristic engine: free (offline), no model calls`;
  const e = estimateRun([...documentsTokens], params, model.slice(model.indexOf('/') + 1), { ...(batch ? { batch: {} } : {}), ...(concurrency ? { concurrency } : {}) });
  const cost = e.costUsd > 0 ? `≈ $${e.costUsd.toFixed(e.costUsd < 0.01 ? 4 : 2)}${batch ? ' at batch prices' : ''}` : 'no price known for this model';
  return `${inputs} → ≈ ${counted(e.calls, 'call')}, ≈ ${(e.promptTokens + e.completionTokens).toLocaleString('en-US')} tokens for ${pairs}, ${cost}`;
}
