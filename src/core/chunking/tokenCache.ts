/** The token counters chunking uses: one exact counter shared by all documents (its piece memo warms up). */
import { createTokenCounter } from './tokenCount';

let shared: ((text: string) => number) | undefined;

/** Exact o200k_base token count (same result as countTokens; see tokenCount.ts). */
export function exactTokens(text: string): number {
  shared ??= createTokenCounter();
  return shared(text);
}

/** A countTokens-equivalent counter for one chunking call (kept for callers that want their own memo). */
export function cachedTokenCounter(): (text: string) => number {
  return exactTokens;
}

/**
 * Cheap token estimate used while packing: characters / `charsPerToken`, CJK characters about one token each.
 * The splitter's structure-mask characters count as one narrow character.
 */
export function estimateTokens(text: string, charsPerToken: number): number {
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x2e80 && c !== 0x2029 && c !== 0xe000) wide++;
  }
  return (text.length - wide) / charsPerToken + wide;
}

/** Whether `text` has CJK or other wide characters (then estimates must look at every character). */
export function hasWideCharacters(text: string): boolean {
  return /[\u2e81-\udfff\ue001-\uffff]/.test(text);
}

/** Characters per token of `text`'s ASCII-ish part, measured on a sample with the exact counter. */
export function calibrate(text: string, sampleChars = 2048): number {
  const sample = text.slice(0, sampleChars);
  let wide = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) > 0x2e80) wide++;
  const narrowTokens = exactTokens(sample) - wide;
  const narrow = sample.length - wide;
  return narrowTokens > 0 && narrow > 0 ? Math.max(1, narrow / narrowTokens) : 4;
}
