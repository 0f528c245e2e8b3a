/** Small shared helpers of the core: bounded concurrency, text similarity, fuzzy alignment, dedup, grouping. */
export { Pool, abortError, settleAll } from './pool';
export { charNgrams, dice, jaccard, normalizeText, tokenSet, tokenize, tokenWeight, weightedJaccard } from './similarity';
export type { Token } from './similarity';
export { alignPassage } from './align';
export type { Alignment } from './align';
export { DuplicateFilter, NEAR_DUPLICATE_JACCARD } from './dedup';
export { groupBy } from './group';
