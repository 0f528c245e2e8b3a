/** The dataset file model: read/write/merge, provenance and staleness, manifest, exporters. */
export * from './types';
export { parseDataset, serializeDataset, pairsOf, entriesOf } from './file';
export { canonicalPair, comparePairs, pairToLine } from './canonical';
export { pairProblems, manifestProblems } from './validate';
export { pairsFromRun, type PairsFromRunOptions } from './fromRun';
export { mergeCounts, mergeDatasets, mergeWithSummary, type MergeOptions, type MergeSummary } from './merge';
export { checkStaleness, applyMoves, type StalenessReport, type StalenessState, type ReadSource, type StalenessOptions } from './staleness';
export { lineSpanHash, messagesSpanHash, normalizedLines } from './span';
export * from './manifest';
export { writeFileAtomic } from '../util/atomicWrite';
export {
  exportDataset, exportFiles, EXPORT_FORMATS, isExportFormat, exportExtension, exportDescription, writesCompanions, mayReplace, datasetNameOf,
  PROMPTFOO_ASSERTIONS, type ExportFormat, type ExportOptions, type ExportFile, type PromptfooAssertion,
} from './export/index';
export { QA_PAIR_SCHEMA, QA_MANIFEST_SCHEMA } from './schemas';
