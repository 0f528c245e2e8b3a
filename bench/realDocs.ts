/**
 * The real-documentation corpus the quality benchmarks read (chunkQuality.ts, evidenceQuality.ts), and the checks
 * they judge boundaries with. The checks are written independently of the chunker's own parser, so the figures
 * do not grade the chunker by its own rules.
 *
 * Corpus: every .md/.rst/.adoc/.txt file of examples/ and of node_modules packages (over 1 KB, at most
 * QAFORGE_BENCH_CHUNK_FILES of them, default 400, picked evenly from the sorted list), plus the folders in
 * QAFORGE_BENCH_CHUNK_DIRS (separated by ':'; e.g. a Python site-packages folder for real Sphinx pages) and the
 * rst sources of any CMake manual installed under /usr/share.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const EXTENSIONS = /\.(md|rst|adoc|txt)$/i;
const SKIP_DIRS = new Set(['.git', '.vscode-test', 'dist', 'out']);

function walk(dir: string, out: string[], depth = 0): void {
  if (depth > 12) return;
  let entries: string[];
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    let st;
    try { st = statSync(path); } catch { continue; }
    if (st.isDirectory()) walk(path, out, depth + 1);
    else if (EXTENSIONS.test(name) && st.size > 1024 && st.size < 2_000_000) out.push(path);
  }
}

/**
 * Real Sphinx (reStructuredText) documentation present on the machine: Debian's cmake ships its manual's rst
 * sources under /usr/share/cmake-<version>/Help. Without any, the rst figures have nothing to count (0 of 0).
 */
function sphinxManuals(): string[] {
  const share = '/usr/share';
  if (!existsSync(share)) return [];
  return readdirSync(share).filter((d) => /^cmake-\d/.test(d)).map((d) => join(share, d, 'Help')).filter((d) => existsSync(d));
}

/** The corpus's files (see the module comment), in a fixed order. */
export function realDocFiles(): string[] {
  const limit = Number(process.env.QAFORGE_BENCH_CHUNK_FILES ?? 400);
  const pick = (files: string[]): string[] => {
    files.sort();
    if (files.length <= limit) return files;
    const step = files.length / limit;
    return Array.from({ length: limit }, (_, i) => files[Math.floor(i * step)]);
  };
  const own: string[] = [];
  walk('examples', own);
  const packages: string[] = [];
  walk('node_modules', packages);
  const extra: string[] = [];
  for (const dir of [...(process.env.QAFORGE_BENCH_CHUNK_DIRS ?? '').split(':').filter(Boolean), ...sphinxManuals()]) walk(dir, extra);
  return [...own, ...pick(packages), ...pick(extra)];
}

const TERMINAL = /[.!?:;…。！？][)\]"'’”»*_`]*$/;
const BLOCK_LINE = /^\s*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|\||```|~~~|={2,}\s|\.\.\s|>)/;
/** An underline (or overline) of one punctuation character. */
export const ADORNMENT = /^([=\-~^"'`#*+:._<>!])\1{2,}\s*$/;

/** Fence lines (``` or ~~~, indented at most 3 spaces) of `text`, as offsets. */
export function fenceLines(text: string): number[] {
  return [...text.matchAll(/^ {0,3}(?:`{3,}|~{3,})/gm)].map((m) => m.index);
}

/** Whether `at` is inside a fenced code block (an odd number of fence lines before it). */
export function insideFence(text: string, at: number): boolean {
  return ((text.slice(0, at).match(/^ {0,3}(?:`{3,}|~{3,})/gm) ?? []).length % 2) === 1;
}

/** Whether the boundary before `at` in `text` is inside a sentence (not after a sentence end or between blocks). */
export function midSentence(text: string, at: number): boolean {
  let a = at;
  while (a > 0 && /\s/.test(text[a - 1])) a--;
  let b = at;
  while (b < text.length && /\s/.test(text[b])) b++;
  if (a === 0 || b >= text.length) return false;
  const gap = text.slice(a, b);
  // a blank line is between blocks, unless what follows carries on a sentence around a code block or list
  // ("… of the form" [code] "will be replaced with either" [code] "depending on whether …"): no sentence starts in lowercase
  if (/\n[ \t]*\r?\n/.test(gap)) return /^\p{Ll}/u.test(text.slice(b, b + 1));
  const before = text.slice(Math.max(0, a - 8), a);
  if (TERMINAL.test(before)) return false;
  const nextLine = text.slice(b, text.indexOf('\n', b) === -1 ? text.length : text.indexOf('\n', b));
  if (gap.includes('\n') && (BLOCK_LINE.test(nextLine) || ADORNMENT.test(nextLine))) return false;
  const lastLine = text.slice(text.lastIndexOf('\n', a - 1) + 1, a);
  if (gap.includes('\n') && (BLOCK_LINE.test(lastLine) || ADORNMENT.test(lastLine))) return false;
  return true;
}
