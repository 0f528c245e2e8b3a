/**
 * The sidecar `<name>.qa.manifest.json`: what produced the dataset (params, provider, model, prompt version),
 * the hashes of its source files and the last run's stats.
 */
import { paramsToSnake } from '../domain/params';
import type { RunResult } from '../domain/records';
import { manifestProblems } from './validate';

/** Stats of the last run, snake_case as in the file. */
export interface ManifestStats {
  status: RunResult['status'];
  calls: number;
  cache_hits: number;
  prompt_tokens: number;
  /** The part of prompt_tokens the provider served from its prompt cache; written only when there was any. */
  cached_prompt_tokens?: number;
  completion_tokens: number;
  cost_usd: number;
  elapsed_ms: number;
  /** Pairs the run produced (validated + below threshold). */
  pairs: number;
  validated: number;
  below_threshold: number;
  average_quality: number;
  iterations: number;
}

/** Thresholds of the quality gates as stored in the manifest (each optional; see QA_MANIFEST_SCHEMA). */
export interface QualityGateThresholds {
  near_duplicate?: number;
  distribution_tolerance?: number;
  min_coverage?: number;
}

/** The manifest, in file key order. */
export interface DatasetManifest {
  $schema?: string;
  format_version: 1;
  /** File name of the dataset. */
  dataset: string;
  /** The workspace root relative to the manifest's folder (forward slashes, '.' for the same folder). */
  root: string;
  params: Record<string, unknown>;
  provider: string;
  model: string;
  prompt_version: string;
  /** sha256 of each source file's bytes by root-relative path; accumulates over runs. */
  sources: Record<string, string>;
  stats: ManifestStats;
  /** Thresholds of `check --quality` a person set for this dataset; runs keep them. */
  quality_gates?: QualityGateThresholds;
  /** The personas the last run proposed for `dimensions.persona: auto` (the pairs' `persona` names them). */
  personas?: Array<{ name: string; description: string }>;
  /** Present when the last run was a batch run: the provider's ids of its jobs. */
  batch?: { job_ids: string[] };
  /** Present for a sharded run (`generate --shard i/n`) and for the merge of shard files. */
  shard?: ManifestShard;
  created: string;
  updated: string;
}

/** Which shards of how many a file holds: one for a shard run, those merged for a `qaforge merge`. */
export interface ManifestShard {
  /** n of `--shard i/n`. */
  count: number;
  /** The i of each shard in the file, ascending. */
  indices: number[];
  /** num_pairs as given for the whole corpus (params.num_pairs is the shard's part of it). */
  num_pairs: number;
}

/** `docs.qa.jsonl` → `docs.qa.manifest.json` (any other name gets `.manifest.json` appended). */
export function manifestPathFor(datasetPath: string): string {
  return datasetPath.endsWith('.qa.jsonl')
    ? `${datasetPath.slice(0, -'.qa.jsonl'.length)}.qa.manifest.json`
    : `${datasetPath}.manifest.json`;
}

/** Error for a manifest that is not valid JSON or does not match the schema. */
export class ManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid manifest: ${problems.join('; ')}`);
    this.name = 'ManifestError';
  }
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Manifest stats of a run. */
export function statsOfRun(result: RunResult): ManifestStats {
  return {
    status: result.status,
    calls: result.usage.calls,
    cache_hits: result.usage.cacheHits,
    prompt_tokens: result.usage.promptTokens,
    ...(result.usage.cachedPromptTokens ? { cached_prompt_tokens: result.usage.cachedPromptTokens } : {}),
    completion_tokens: result.usage.completionTokens,
    cost_usd: round(result.usage.costUsd, 6),
    elapsed_ms: Math.round(result.elapsedMs),
    pairs: result.qaPairs.length,
    validated: result.validatedQaPairs.length,
    below_threshold: result.rejectedQaPairs.length,
    average_quality: round(Math.min(1, Math.max(0, result.averageQuality || 0)), 4),
    iterations: result.currentIteration,
  };
}

/** What buildManifest needs besides the run. */
export interface ManifestInput {
  result: RunResult;
  /** Dataset file name (basename). */
  dataset: string;
  root: string;
  /** Hashes of the files this run read, by root-relative path. */
  sources: Record<string, string>;
  /** The existing manifest, if any: `created` and earlier sources are kept. */
  previous?: DatasetManifest;
  /** Time of writing (injected for tests). */
  now?: Date;
  /** The batch jobs of a batch run. */
  batchJobIds?: readonly string[];
  /** The shard of a sharded run. */
  shard?: ManifestShard;
}

/** The manifest after a run (merged into the previous one when given). */
export function buildManifest(input: ManifestInput): DatasetManifest {
  const now = (input.now ?? new Date()).toISOString();
  const sources = { ...(input.previous?.sources ?? {}), ...input.sources };
  return {
    format_version: 1,
    dataset: input.dataset,
    root: input.root,
    params: paramsToSnake(input.result.params),
    provider: input.result.provider,
    model: input.result.model,
    prompt_version: input.result.promptVersion,
    sources: Object.fromEntries(Object.keys(sources).sort().map((k) => [k, sources[k]])),
    stats: statsOfRun(input.result),
    ...(input.previous?.quality_gates ? { quality_gates: { ...input.previous.quality_gates } } : {}),
    ...(input.result.personas?.length ? { personas: input.result.personas.map((p) => ({ name: p.name, description: p.description })) } : {}),
    ...(input.batchJobIds ? { batch: { job_ids: [...input.batchJobIds] } } : {}),
    ...(input.shard ? { shard: { count: input.shard.count, indices: [...input.shard.indices], num_pairs: input.shard.num_pairs } } : {}),
    created: input.previous?.created ?? now,
    updated: now,
  };
}

/** The manifest text: pretty JSON, two-space indent, newline at the end. */
export function serializeManifest(manifest: DatasetManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Parses and validates a manifest.
 * @throws ManifestError listing the problems (each naming the field).
 */
export function parseManifest(text: string): DatasetManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ManifestError([`not valid JSON: ${(e as Error).message}`]);
  }
  const problems = manifestProblems(data);
  if (problems.length) throw new ManifestError(problems);
  return data as DatasetManifest;
}
