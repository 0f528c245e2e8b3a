/**
 * Regenerate pairs of a dataset — the one use case behind the Regenerate commands and the dataset editor:
 * choose the pairs of a scope (stale as Check Dataset sees it, with the core's source reader), ask before
 * touching reviewed work, re-run them (stale ones from their current source text), and return the new
 * versions with their provenance, the errors, and — when nothing changed — why. The caller writes the
 * result (the commands: the file; the editor: an undoable edit of its document).
 */
import { moreSourceTextsFor, regeneratedPair, sourceTextFor, toQaPair } from '../dataset/regeneration';
import { checkStaleness, type ReadSource } from '../dataset/staleness';
import { isSessionSource, type DatasetPair } from '../dataset/types';
import type { RunEvent } from '../domain/events';
import type { GenerationParams } from '../domain/params';
import type { PipelineError } from '../domain/records';
import type { Session } from '../ingest/types';
import type { LlmPort } from '../llm/port';
import { regeneratePairs } from '../pipeline/regenerate';

/** Which pairs: the given ones, the drafts below the threshold, or the drafts whose source changed. */
export type RegenerateScope = 'selected' | 'below-threshold' | 'stale';

/** How a front end follows and steers a regeneration. */
export interface RegenerationHooks {
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
  /**
   * Asked when the selection holds `count` pairs a person reviewed (accepted, edited or rejected): true
   * regenerates them too. Without it they are left alone.
   */
  confirmReviewed?: (count: number) => Promise<boolean>;
}

/** Everything a regeneration needs. */
export interface RegenerateRequest {
  /** The dataset's pairs as they are now. */
  pairs: readonly DatasetPair[];
  scope: RegenerateScope;
  /** The chosen pairs' ids, for scope `selected`. */
  ids?: readonly string[];
  /** Reads sources relative to the dataset's root (the core's sourceReader: pdf/docx as their extracted text). */
  read: ReadSource;
  /** Parses transcript files, so session pairs are checked like Check Dataset checks them. */
  parseSessions?: (file: string, text: string) => Session[];
  params: GenerationParams;
  llm: LlmPort;
  concurrency?: number;
  hooks?: RegenerationHooks;
}

/** What a regeneration did. */
export interface RegenerateResult {
  /** Pairs chosen and sent to the model. */
  chosen: number;
  /** The new versions, by id (only pairs that really changed). */
  updated: Map<string, DatasetPair>;
  /** Of the updated, those whose new score is at least the old one. */
  improved: number;
  /** Pairs of the scope left alone because a person reviewed them. */
  keptReviewed: number;
  /** Ids of the pairs that are stale now, before the regeneration (what Check Dataset reports). */
  staleBefore: string[];
  errors: PipelineError[];
  cancelled: boolean;
  /** Why nothing changed, in one sentence for the user (undefined when a pair changed). */
  whyNothing?: string;
}

const isReviewed = (p: DatasetPair): boolean => p.status !== 'draft';
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function inScope(request: RegenerateRequest, stale: ReadonlySet<string>): DatasetPair[] {
  const threshold = request.params.validationThreshold;
  switch (request.scope) {
    case 'selected': {
      const wanted = new Set(request.ids ?? []);
      return request.pairs.filter((p) => wanted.has(p.id));
    }
    case 'below-threshold':
      return request.pairs.filter((p) => p.quality === null || p.quality.score < threshold);
    case 'stale':
      return request.pairs.filter((p) => stale.has(p.id));
  }
}

function scopeWords(request: RegenerateRequest): string {
  switch (request.scope) {
    case 'selected': return 'selected';
    case 'below-threshold': return `below the threshold ${request.params.validationThreshold}`;
    case 'stale': return 'stale';
  }
}

/**
 * Chooses, asks, regenerates. Never rejects for a model failure: such pairs stay as they are and the reason
 * is in `errors` and `whyNothing`.
 */
export async function regenerateInDataset(request: RegenerateRequest): Promise<RegenerateResult> {
  const hooks = request.hooks ?? {};
  const reports = await checkStaleness([...request.pairs], request.read, { parseSessions: request.parseSessions });
  const stale = new Set(reports.filter((r) => r.state === 'stale').map((r) => r.id));
  const candidates = inScope(request, stale);
  const reviewed = candidates.filter(isReviewed);
  // Bulk scopes touch drafts only; an explicit selection of reviewed pairs is regenerated after a yes.
  const includeReviewed = request.scope === 'selected' && reviewed.length > 0 && hooks.confirmReviewed !== undefined
    && await hooks.confirmReviewed(reviewed.length);
  const chosen = includeReviewed ? candidates : candidates.filter((p) => !isReviewed(p));
  const base = {
    chosen: chosen.length, updated: new Map<string, DatasetPair>(), improved: 0, keptReviewed: candidates.length - chosen.length,
    staleBefore: [...stale], errors: [] as PipelineError[], cancelled: false,
  };
  if (chosen.length === 0) {
    const why = candidates.length === 0
      ? `no pair is ${scopeWords(request)}`
      : `the ${plural(candidates.length, 'pair')} ${scopeWords(request)} ${candidates.length === 1 ? 'was' : 'were'} reviewed (accepted, edited or rejected) and kept as ${candidates.length === 1 ? 'it is' : 'they are'}${request.scope === 'selected' ? '' : '; select them to regenerate them'}`;
    return { ...base, whyNothing: why };
  }

  const items = await Promise.all(chosen.map(async (pair) => ({
    pair: toQaPair(pair), sourceText: await sourceTextFor(pair, request.read), refreshSource: stale.has(pair.id),
    ...(pair.sources && pair.sources.length > 1 ? { moreSourceTexts: await moreSourceTextsFor(pair, request.read) } : {}),
  })));
  const result = await regeneratePairs(items, request.params, {
    llm: request.llm, concurrency: request.concurrency, signal: hooks.signal, onEvent: hooks.onEvent,
  }, {});
  const statementText = new Map(result.statements.map((s) => [s.id, s.content]));
  const byId = new Map(chosen.map((p) => [p.id, p]));
  const sources = new Map<string, string | undefined>();
  // each file's current text, read once for every span of every pair that points into it
  const currentOf = async (span: DatasetPair['source']): Promise<string | undefined> => {
    if (isSessionSource(span)) return undefined;
    if (!sources.has(span.path)) sources.set(span.path, await request.read(span.path));
    return sources.get(span.path);
  };
  for (const next of result.pairs) {
    const original = byId.get(next.id);
    if (!original) continue;
    const current = await currentOf(original.source);
    const moreCurrent = await Promise.all((original.sources ?? []).slice(1).map(currentOf));
    const replacement = regeneratedPair(original, next, request.llm, current, statementText, moreCurrent, stale.has(original.id));
    if (!replacement) continue;
    if ((next.quality?.score ?? 0) >= (original.quality?.score ?? 0)) base.improved += 1;
    base.updated.set(next.id, replacement);
  }
  const cancelled = hooks.signal?.aborted === true || result.status === 'cancelled';
  const out: RegenerateResult = { ...base, errors: result.errors, cancelled };
  if (base.updated.size === 0) {
    out.whyNothing = cancelled
      ? 'the regeneration was cancelled before a new version was ready'
      : result.errors.length
        ? `the model failed: ${result.errors[0].message}`
        : `the model's new versions of the ${plural(chosen.length, 'pair')} scored no better than the current ones, which were kept`;
  }
  return out;
}
