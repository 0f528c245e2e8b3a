/**
 * Regeneration from the dataset editor (pure: no `vscode`): which pairs a bulk action concerns. The conversions
 * to and from the pipeline's QAPair live in core (src/core/dataset/regeneration.ts), shared with the commands.
 */
import type { DatasetPair } from '../../core/dataset';
import type { RegenerateScope } from '../../shared/protocol';

export { regeneratedPair, sourceTextFor, toQaPair } from '../../core/dataset/regeneration';
export type { ReadSource } from '../../core/dataset/staleness';

/**
 * The pairs a bulk action concerns. An explicit selection is honoured as it is (that is the explicit request
 * DESIGN.md §5 asks for); "below threshold" and "stale" touch only drafts, never what a person reviewed.
 */
export function pairsForScope(
  scope: RegenerateScope, ids: readonly string[], pairs: readonly DatasetPair[], threshold: number, staleIds: ReadonlySet<string>,
): { chosen: DatasetPair[]; skipped: number } {
  const wanted = new Set(ids);
  const byScope: Record<RegenerateScope, (p: DatasetPair) => boolean> = {
    selected: (p) => wanted.has(p.id),
    'below-threshold': (p) => p.status === 'draft' && (p.quality === null || p.quality.score < threshold),
    stale: (p) => p.status === 'draft' && staleIds.has(p.id),
  };
  const chosen = pairs.filter(byScope[scope]);
  const considered = scope === 'selected' ? wanted.size : scope === 'stale' ? staleIds.size : pairs.filter((p) => p.quality === null || p.quality.score < threshold).length;
  return { chosen, skipped: Math.max(0, considered - chosen.length) };
}

