/**
 * The manifest of merged shard files: what the shards ran (params with the corpus's num_pairs, provider, model,
 * prompt version), every source hash, their usage and costs added up, the quality gates, their personas, their batch jobs and which
 * shards the file holds. Built from the manifests alone and in an order that does not depend on how they were given, so merging
 * the same shards again, in any order, writes the same bytes.
 */
import type { DatasetManifest, ManifestStats } from '../dataset/manifest';

const SEVERITY: Record<ManifestStats['status'], number> = { completed: 0, 'budget-exceeded': 1, failed: 2, cancelled: 3 };
const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Shard order: by shard index, then by dataset file name and content (manifests without shard info last). */
function compareManifests(a: DatasetManifest, b: DatasetManifest): number {
  const ia = a.shard?.indices[0] ?? Number.MAX_SAFE_INTEGER;
  const ib = b.shard?.indices[0] ?? Number.MAX_SAFE_INTEGER;
  if (ia !== ib) return ia - ib;
  const ta = JSON.stringify(a);
  const tb = JSON.stringify(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** The shards' stats as one run's: counts, tokens, costs and time added, the worse status, quality weighted by pairs. */
export function sumStats(all: readonly ManifestStats[]): ManifestStats {
  const sum = (pick: (s: ManifestStats) => number): number => all.reduce((n, s) => n + pick(s), 0);
  const pairs = sum((s) => s.pairs);
  const cached = sum((s) => s.cached_prompt_tokens ?? 0);
  return {
    status: all.reduce<ManifestStats['status']>((worst, s) => (SEVERITY[s.status] > SEVERITY[worst] ? s.status : worst), 'completed'),
    calls: sum((s) => s.calls),
    cache_hits: sum((s) => s.cache_hits),
    prompt_tokens: sum((s) => s.prompt_tokens),
    ...(cached ? { cached_prompt_tokens: cached } : {}),
    completion_tokens: sum((s) => s.completion_tokens),
    cost_usd: round(sum((s) => s.cost_usd), 6),
    elapsed_ms: sum((s) => s.elapsed_ms),
    pairs,
    validated: sum((s) => s.validated),
    below_threshold: sum((s) => s.below_threshold),
    average_quality: pairs ? round(sum((s) => s.average_quality * s.pairs) / pairs, 4) : 0,
    iterations: Math.max(0, ...all.map((s) => s.iterations)),
  };
}

/**
 * Every persona any shard proposed, once by name (in shard order; the first shard's description of a name wins):
 * each shard of a `persona: auto` run proposes its own from its part of the corpus, and the merged file's pairs
 * name them all.
 */
function mergedPersonas(shards: readonly DatasetManifest[]): NonNullable<DatasetManifest['personas']> {
  const byName = new Map<string, { name: string; description: string }>();
  for (const persona of shards.flatMap((m) => m.personas ?? [])) if (!byName.has(persona.name)) byName.set(persona.name, persona);
  return [...byName.values()];
}

/** What mergeManifests needs. */
export interface ManifestMergeInput {
  /** The shards' manifests, in any order (at least one). */
  shards: readonly DatasetManifest[];
  /** File name of the merged dataset. */
  dataset: string;
  /** The manifest already beside the merged file, if any: its `created`, sources and quality gates are kept. */
  previous?: DatasetManifest;
  /** Told about shards that do not fit together (other model, params or shard count, a shard twice). */
  log?: (line: string) => void;
}

/** The merged manifest; see the module comment. */
export function mergeManifests(input: ManifestMergeInput): DatasetManifest {
  const shards = [...input.shards].sort(compareManifests);
  const first = shards[0];
  const log = input.log ?? (() => undefined);
  const differing = (what: string, of: (m: DatasetManifest) => string): void => {
    const seen = [...new Set(shards.map(of))];
    if (seen.length > 1) log(`the shards differ in ${what} (${seen.join(' / ')}); the merged manifest records the first shard's`);
  };
  differing('model', (m) => `${m.provider}/${m.model}`);
  differing('prompt version', (m) => m.prompt_version);
  differing('root', (m) => m.root);
  differing('params', (m) => JSON.stringify({ ...m.params, num_pairs: undefined }));
  const counts = [...new Set(shards.flatMap((m) => (m.shard ? [m.shard.count] : [])))];
  if (counts.length > 1) log(`the shards come from runs with different shard counts (${counts.join(', ')})`);
  const indices = shards.flatMap((m) => m.shard?.indices ?? []);
  const twice = [...new Set(indices.filter((i, k) => indices.indexOf(i) !== k))];
  if (twice.length) log(`shard ${twice.join(', ')} given more than once; its pairs are counted once, its usage more than once`);

  const sources: Record<string, string> = { ...(input.previous?.sources ?? {}) };
  for (const m of shards) Object.assign(sources, m.sources);
  const personas = mergedPersonas(shards);
  // the thresholds a person set on the merged file stay; a first merge takes the ones the shards ran with
  const gates = input.previous?.quality_gates ?? shards.find((m) => m.quality_gates)?.quality_gates;
  const jobIds = shards.flatMap((m) => m.batch?.job_ids ?? []);
  const withShard = shards.filter((m) => m.shard);
  const numPairs = withShard.length ? withShard[0].shard!.num_pairs : shards.reduce((n, m) => n + Number(m.params.num_pairs ?? 0), 0);
  const times = (pick: (m: DatasetManifest) => string) => shards.map(pick).sort();
  const created = [...times((m) => m.created), ...(input.previous ? [input.previous.created] : [])].sort()[0];
  return {
    format_version: 1,
    dataset: input.dataset,
    root: first.root,
    params: { ...first.params, num_pairs: numPairs },
    provider: first.provider,
    model: first.model,
    prompt_version: first.prompt_version,
    sources: Object.fromEntries(Object.keys(sources).sort().map((k) => [k, sources[k]])),
    stats: sumStats(shards.map((m) => m.stats)),
    ...(gates ? { quality_gates: gates } : {}),
    ...(personas.length ? { personas } : {}),
    ...(jobIds.length ? { batch: { job_ids: jobIds } } : {}),
    ...(withShard.length ? { shard: { count: Math.max(...counts), indices: [...new Set(indices)].sort((a, b) => a - b), num_pairs: numPairs } } : {}),
    created,
    updated: times((m) => m.updated).at(-1)!,
  };
}
