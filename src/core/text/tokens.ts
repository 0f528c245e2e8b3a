/**
 * Token counting for chunk sizes, usage where an endpoint reports none, and cost estimates.
 * Uses the o200k_base encoding (js-tiktoken, ranks shipped in the package) — exact for current OpenAI models
 * and a close estimate for others.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';

let encoder: Tiktoken | undefined;

function getEncoder(): Tiktoken {
  encoder ??= new Tiktoken(o200k);
  return encoder;
}

/** Exact token count of `text` in o200k_base. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return getEncoder().encode(text).length;
}

/** Cheap estimate (no tokenizer): about 4 characters a token for Latin text, 1.5 for CJK-heavy text. */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let wide = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x2e80) wide++;
  return Math.ceil((text.length - wide) / 4 + wide / 1.5);
}
