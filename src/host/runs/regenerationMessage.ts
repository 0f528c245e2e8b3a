/** What a user reads after a regeneration (no `vscode`, no pipeline: the dataset editor imports it when it opens). */
import type { RegenerateResult } from '../../core/usecases/regenerateInDataset';

/** The one-line summary a user sees after a regeneration. */
export function regenerationMessage(result: RegenerateResult): string {
  if (result.whyNothing) return `Nothing regenerated: ${result.whyNothing}.`;
  const cancelled = result.cancelled ? ' (cancelled: the rest were kept as they were)' : '';
  const kept = result.keptReviewed ? `; ${result.keptReviewed} reviewed pair${result.keptReviewed === 1 ? '' : 's'} kept` : '';
  return `Regenerated ${result.updated.size} of ${result.chosen} pair${result.chosen === 1 ? '' : 's'}${kept}${cancelled}.`;
}
