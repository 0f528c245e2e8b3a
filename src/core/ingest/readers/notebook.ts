/**
 * Jupyter notebooks (.ipynb): markdown cells as they are, code cells inside ``` fences in the kernel's
 * language; outputs and raw cells are left out. Each source line is located at its JSON string literal in the
 * file, so provenance gives the notebook file's own lines (one per source line in the usual pretty-printed
 * form); a line whose literal has escapes maps to the whole literal.
 */
import type { SourceDocument } from '../types';
import { MappedTextBuilder } from './mapped';

interface NotebookCell {
  cell_type?: unknown;
  source?: unknown;
}

/** Raised for a file that is not a notebook; the message names the file and what is wrong. */
export class NotebookFormatError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: not a readable Jupyter notebook: ${detail}`);
    this.name = 'NotebookFormatError';
  }
}

/** Reads a notebook's markdown and code cells; see the module comment. */
export function notebookDocument(path: string, source: string, hash: string, warnings: string[]): SourceDocument {
  let parsed: { cells?: unknown; metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } };
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new NotebookFormatError(path, (error as Error).message);
  }
  if (!parsed || !Array.isArray(parsed.cells)) throw new NotebookFormatError(path, 'no "cells" array at the top level');
  const language = String(parsed.metadata?.kernelspec?.language ?? parsed.metadata?.language_info?.name ?? 'python');
  const out = new MappedTextBuilder(source);
  let cursor = 0;
  (parsed.cells as NotebookCell[]).forEach((cell, index) => {
    const lines = sourceLines(cell.source);
    const literals = findMatchingLiterals(source, cursor, lines);
    if (literals) cursor = literals.end;
    if (cell.cell_type !== 'markdown' && cell.cell_type !== 'code') return;
    if (lines.join('').trim() === '') return;
    const anchor = literals ? literals.start : 0;
    if (out.size > 0) out.emit('\n\n', anchor, anchor);
    if (cell.cell_type === 'code') out.emit(`\`\`\`${language}\n`, anchor, anchor);
    if (!literals) {
      // e.g. a "source" key spelled with escapes; the text is right, only its location is approximate
      warnings.push(`${path}: cell ${index + 1}: source lines not found in the file text; their provenance points before the cell, not at its lines`);
      out.emit(lines.join(''), anchor, anchor);
    } else {
      for (const literal of literals.values) appendLiteral(out, source, literal);
    }
    if (cell.cell_type === 'code') {
      // The closing fence stands for the end of the cell's source, so a chunk ending with it ends there.
      const after = literals ? literals.end : anchor;
      if (out.lastChar() !== '\n') out.emit('\n', after, after);
      out.emit('```', after, after);
    }
  });
  return out.build(path, 'notebook', hash, warnings);
}

function sourceLines(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : ''));
  return [];
}

interface Literal {
  /** Offsets of the literal's content (inside the quotes). */
  start: number;
  end: number;
  value: string;
}

/** Appends one source line: verbatim when the literal has no escapes but a final "\n". */
function appendLiteral(out: MappedTextBuilder, source: string, literal: Literal): void {
  const raw = source.slice(literal.start, literal.end);
  if (raw === literal.value) {
    out.copy(literal.start, literal.end);
  } else if (raw.endsWith('\\n') && raw.slice(0, -2) === literal.value.slice(0, -1) && literal.value.endsWith('\n')) {
    out.copy(literal.start, literal.end - 2);
    out.emit('\n', literal.end - 2, literal.end);
  } else {
    out.emit(literal.value, literal.start, literal.end);
  }
}

/** The next `"source"` value whose strings are exactly the cell's lines (a few candidates are tried). */
function findMatchingLiterals(source: string, from: number, lines: string[]): { start: number; end: number; values: Literal[] } | undefined {
  let at = from;
  for (let attempt = 0; attempt < 4; attempt++) {
    const found = findSourceLiterals(source, at);
    if (!found) return undefined;
    if (found.values.length === lines.length && found.values.every((v, i) => v.value === lines[i])) return found;
    at = found.end;
  }
  return undefined;
}

/** Finds the next `"source": [...]` (or string) after `from` and reads its string literals with their offsets. */
function findSourceLiterals(source: string, from: number): { start: number; end: number; values: Literal[] } | undefined {
  const key = source.indexOf('"source"', from);
  if (key === -1) return undefined;
  let i = skipSpace(source, key + 8);
  if (source[i] !== ':') return undefined;
  i = skipSpace(source, i + 1);
  const values: Literal[] = [];
  if (source[i] === '"') {
    const lit = readString(source, i);
    return lit ? { start: i, end: lit.next, values: [lit.literal] } : undefined;
  }
  if (source[i] !== '[') return undefined;
  const start = i;
  i = skipSpace(source, i + 1);
  while (source[i] === '"') {
    const lit = readString(source, i);
    if (!lit) return undefined;
    values.push(lit.literal);
    i = skipSpace(source, lit.next);
    if (source[i] === ',') i = skipSpace(source, i + 1);
  }
  if (source[i] !== ']') return undefined;
  return { start, end: i + 1, values };
}

function readString(source: string, at: number): { literal: Literal; next: number } | undefined {
  let i = at + 1;
  while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
  if (i >= source.length) return undefined;
  try {
    return { literal: { start: at + 1, end: i, value: JSON.parse(source.slice(at, i + 1)) as string }, next: i + 1 };
  } catch {
    return undefined;
  }
}

function skipSpace(source: string, i: number): number {
  while (i < source.length && /\s/.test(source[i])) i++;
  return i;
}
