/**
 * The quality report of a dataset: every gate over its pairs, with thresholds from the caller (flags) over the
 * manifest's `quality_gates` over the defaults. One report for the CLI (`check --quality`) and the editor's banner.
 */
import type { DatasetManifest } from '../dataset/manifest';
import { kindOf, PAIR_KINDS, type PairKind } from '../dataset/types';
import {
  coverageGate, DEFAULT_THRESHOLDS, distributionGates, languageGate, multiHopGate, nearDuplicateGate, quotesGate,
  type GateFinding, type GateThresholds, type LinedPair,
} from './gates';

/** The report: findings (each a failed gate), the thresholds used and the pairs per kind. */
export interface QualityReport {
  findings: GateFinding[];
  thresholds: GateThresholds;
  kinds: Record<PairKind, number>;
}

/** Thresholds: explicit ones first, then the manifest's, then the defaults. */
export function thresholdsOf(manifest: DatasetManifest | undefined, explicit: Partial<GateThresholds> = {}): GateThresholds {
  const m = manifest?.quality_gates ?? {};
  return {
    nearDuplicate: explicit.nearDuplicate ?? m.near_duplicate ?? DEFAULT_THRESHOLDS.nearDuplicate,
    distributionTolerance: explicit.distributionTolerance ?? m.distribution_tolerance ?? DEFAULT_THRESHOLDS.distributionTolerance,
    minCoverage: explicit.minCoverage ?? m.min_coverage ?? DEFAULT_THRESHOLDS.minCoverage,
  };
}

/**
 * Runs every gate. Coverage and the asked distribution come from the manifest (its `sources` and `params`); without
 * a manifest those two gates have nothing to compare with and report nothing.
 */
export function qualityReport(pairs: readonly LinedPair[], manifest: DatasetManifest | undefined, explicit: Partial<GateThresholds> = {}): QualityReport {
  const thresholds = thresholdsOf(manifest, explicit);
  const kinds = Object.fromEntries(PAIR_KINDS.map((k) => [k, 0])) as Record<PairKind, number>;
  for (const { pair } of pairs) kinds[kindOf(pair)]++;
  const findings = [
    ...coverageGate(pairs, Object.keys(manifest?.sources ?? {}), thresholds.minCoverage),
    ...(manifest ? distributionGates(pairs, manifest.params, thresholds.distributionTolerance) : []),
    ...nearDuplicateGate(pairs, thresholds.nearDuplicate),
    ...languageGate(pairs),
    ...multiHopGate(pairs),
    ...quotesGate(pairs),
  ];
  return { findings, thresholds, kinds };
}
