/**
 * Token counting for chunking: one exact counter shared by all documents (its piece memo warms up), and the
 * calibrated estimate the splitter packs with.
 */
import { createTokenCounter } from './tokenCount';

let shared: ((text: string) => number) | undefined;

/** Exact o200k_base token count (same result as countTokens; see tokenCount.ts). */
export function exactTokens(text: string): number {
  shared ??= createTokenCounter();
  return shared(text);
}

/**
 * Cheap raw token estimate used while packing: a quarter token per narrow character, one per wide (CJK)
 * character; `calibrate` gives the factor that makes it fit a given document. The splitter's structure-mask
 * characters count as narrow.
 */
export function estimateTokens(text: string): number {
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x2e80 && c !== 0xe000) wide++;
  }
  return (text.length - wide) / 4 + wide;
}

/** Whether `text` has CJK or other wide characters (then estimates must look at every character). */
export function hasWideCharacters(text: string): boolean {
  return /[\u2e81-\udfff\ue001-\uffff]/.test(text);
}

/** Number of wide characters in `text` (the ones estimateTokens counts as a whole token). */
export function wideCharacters(text: string): number {
  if (!hasWideCharacters(text)) return 0;
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x2e80 && c !== 0xe000) wide++;
  }
  return wide;
}

/** Share of wide characters in `text` (0..1). */
export function wideShare(text: string): number {
  return text.length ? wideCharacters(text) / text.length : 0;
}

/** Exact tokens per raw-estimate token on a sample of `text` (1 when the sample is blank). */
export function calibrate(text: string, sampleChars = 2048): number {
  const sample = text.slice(0, sampleChars);
  const raw = estimateTokens(sample);
  const exact = exactTokens(sample);
  return raw > 0 && exact > 0 ? exact / raw : 1;
}
