/**
 * Progress on stderr from RunEvents: one line per finished node (counts, calls, tokens, cost), retries and
 * errors as they happen; each accepted pair's question with --verbose. Line-based, so CI logs stay readable.
 */
import type { RunEvent } from '../core/domain/events';
import { kindOf } from '../core/dataset/types';
import { PAIR_KINDS, type PairKind } from '../core/domain/kinds';
import type { QAPair, UsageTotals } from '../core/domain/records';

/** Formats usage as `calls 12 (3 cached), tokens 1,234+567 (1,024 prompt tokens from the provider's cache), $0.0123`. */
export function formatUsage(u: UsageTotals): string {
  const cached = u.cachedPromptTokens ? ` (${u.cachedPromptTokens.toLocaleString('en-US')} prompt tokens from the provider's cache)` : '';
  const tokens = `${u.promptTokens.toLocaleString('en-US')}+${u.completionTokens.toLocaleString('en-US')}${cached}`;
  return `calls ${u.calls}${u.cacheHits ? ` (${u.cacheHits} cached)` : ''}, tokens ${tokens}, $${u.costUsd.toFixed(4)}`;
}

/**
 * The run's pairs per kind for the summary line, ` (single_hop: 6 validated, 1 below; multi_hop: 3 validated, 0 below)`,
 * in the core's kind order; '' when every pair is of one kind, so a single-hop run's summary reads as it always did.
 */
export function formatKindCounts(validated: readonly QAPair[], below: readonly QAPair[]): string {
  const counts = new Map<PairKind, { validated: number; below: number }>();
  const tally = (pairs: readonly QAPair[], as: 'validated' | 'below'): void => {
    for (const p of pairs) {
      const kind = kindOf(p);
      const c = counts.get(kind) ?? { validated: 0, below: 0 };
      c[as]++;
      counts.set(kind, c);
    }
  };
  tally(validated, 'validated');
  tally(below, 'below');
  const present = PAIR_KINDS.flatMap((kind) => {
    const c = counts.get(kind);
    return c ? [`${kind}: ${c.validated} validated, ${c.below} below`] : [];
  });
  if (present.length < 2) return '';
  return ` (${present.join('; ')})`;
}

/** Counts kept while a run goes, for the summary. */
export interface ProgressTally {
  accepted: number;
  belowThreshold: number;
  usage: UsageTotals;
}

/** A RunEvent listener writing progress lines with `write`. */
export function progressPrinter(
  write: (line: string) => void, verbose: boolean, label = '',
): { onEvent: (e: RunEvent) => void; tally: ProgressTally } {
  const tally: ProgressTally = { accepted: 0, belowThreshold: 0, usage: { calls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 } };
  const prefix = label ? `[${label}] ` : '';
  const onEvent = (e: RunEvent): void => {
    switch (e.type) {
      case 'run-started':
        if (verbose) write(`${prefix}run ${e.runId} started`);
        break;
      case 'node-started':
        if (verbose) write(`${prefix}${e.node}${e.iteration ? ` (iteration ${e.iteration})` : ''} …`);
        break;
      case 'node-finished': {
        const c = e.counts;
        const extra = [c.dropped ? `${c.dropped} dropped` : '', c.rejected ? `${c.rejected} below threshold` : '', c.retried ? `${c.retried} retried` : ''].filter(Boolean).join(', ');
        write(`${prefix}${e.node}${e.iteration ? ` #${e.iteration}` : ''}: ${c.in} in → ${c.out} out${extra ? ` (${extra})` : ''} in ${(e.durationMs / 1000).toFixed(1)}s | ${formatUsage(tally.usage)}`);
        break;
      }
      case 'retry':
        write(`${prefix}${e.node}: retry ${e.info.attempt} in ${(e.info.delayMs / 1000).toFixed(1)}s: ${e.info.reason}`);
        break;
      case 'node-error':
        write(`${prefix}${e.node}: ${e.fatal ? 'error' : 'warning'}: ${e.message}`);
        break;
      case 'usage':
        tally.usage = e.usage;
        break;
      case 'pair-validated':
        if (e.accepted) tally.accepted++;
        else tally.belowThreshold++;
        if (verbose) write(`${prefix}${e.accepted ? '✓' : '✗'} ${e.pair.quality ? e.pair.quality.score.toFixed(2) : '-'} ${e.pair.question}`);
        break;
      case 'run-finished':
        tally.usage = e.usage;
        write(`${prefix}run ${e.status} in ${(e.elapsedMs / 1000).toFixed(1)}s | ${formatUsage(e.usage)}`);
        break;
    }
  };
  return { onEvent, tally };
}
