/**
 * Chunk quality on real documentation with the project's defaults (semantic splitter, chunk_size 4000): what
 * share of chunks start or end mid-sentence, how many end on a bare heading, how many are scraps (under 500
 * characters, among documents longer than that), how much raw rst markup (roles, directives) the model would
 * see, and the ingest throughput of that corpus (read + normalise + chunk).
 *
 * Corpus: every .md/.rst/.adoc/.txt file of examples/ and of node_modules packages (over 1 KB, at most
 * QAFORGE_BENCH_CHUNK_FILES of them, default 400, picked evenly from the sorted list), plus the folders in
 * QAFORGE_BENCH_CHUNK_DIRS (separated by ':'; e.g. a Python site-packages folder for real Sphinx pages).
 * Run: node --import tsx bench/chunkQuality.ts — prints a markdown table and, last, a JSON line.
 *
 * The checks here are written independently of the chunker's own parser, so the figures do not grade the
 * chunker by its own rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chunkDocument } from '../src/core/chunking';
import { readDocument, isDocument } from '../src/core/ingest/readers';
import type { SourceDocument } from '../src/core/ingest/types';
import type { Chunk } from '../src/core/domain/records';
import { DEFAULT_PARAMS } from '../src/core/domain/params';
import { countTokens } from '../src/core/text/tokens';

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
 * sources under /usr/share/cmake-<version>/Help. Without any, the rst figure has nothing to count (it says 0 of 0).
 */
function sphinxManuals(): string[] {
  const share = '/usr/share';
  if (!existsSync(share)) return [];
  return readdirSync(share).filter((d) => /^cmake-\d/.test(d)).map((d) => join(share, d, 'Help')).filter((d) => existsSync(d));
}

function corpus(): string[] {
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
const ADORNMENT = /^([=\-~^"'`#*+:._<>!])\1{2,}\s*$/;
const RAW_ROLE = /(?<![\w`]):[a-z]+(?::[a-z]+)*:`[^`]+`/;
const RAW_DIRECTIVE = /^\s*\.\. [a-z][\w:-]*::/m;

/** Whether `at` is inside a fenced code block (an odd number of fence lines before it). */
function insideFence(text: string, at: number): boolean {
  return ((text.slice(0, at).match(/^ {0,3}(?:`{3,}|~{3,})/gm) ?? []).length % 2) === 1;
}

/** Exact tokens of the fenced block around `at` (from its opening fence to its closing one, or the text's end). */
function fenceTokens(text: string, at: number): number {
  const fences = [...text.matchAll(/^ {0,3}(?:`{3,}|~{3,})/gm)].map((m) => m.index);
  const open = fences.filter((f) => f < at).pop() ?? 0;
  const close = fences.find((f) => f >= at) ?? text.length;
  return countTokens(text.slice(open, close));
}

/** Whether the boundary before `at` in `text` is inside a sentence (not after a sentence end or between blocks). */
function midSentence(text: string, at: number): boolean {
  let a = at;
  while (a > 0 && /\s/.test(text[a - 1])) a--;
  let b = at;
  while (b < text.length && /\s/.test(text[b])) b++;
  if (a === 0 || b >= text.length) return false;
  const gap = text.slice(a, b);
  if (/\n[ \t]*\r?\n/.test(gap)) return false; // a blank line: between blocks
  const before = text.slice(Math.max(0, a - 8), a);
  if (TERMINAL.test(before)) return false;
  const nextLine = text.slice(b, text.indexOf('\n', b) === -1 ? text.length : text.indexOf('\n', b));
  if (gap.includes('\n') && (BLOCK_LINE.test(nextLine) || ADORNMENT.test(nextLine))) return false;
  const lastLine = text.slice(text.lastIndexOf('\n', a - 1) + 1, a);
  if (gap.includes('\n') && (BLOCK_LINE.test(lastLine) || ADORNMENT.test(lastLine))) return false;
  return true;
}

/** Markdown's only underlines (setext): `:::` closing a Docusaurus admonition or `***` a rule are not headings. */
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)\s*$/;

/**
 * Whether the chunk's last line is a heading (ATX, an underline, or an AsciiDoc title). Which underlines make a
 * heading depends on the markup: any punctuation in plain text (rst-like), only `===`/`---` in markdown.
 */
function endsOnHeading(chunk: string, format: string): boolean {
  const lines = chunk.trimEnd().split('\n');
  const last = lines[lines.length - 1];
  if (/^\s*(?:`{3,}|~{3,})/.test(last)) return false; // a closing fence
  if (/^\s{0,3}#{1,6}\s/.test(last) || /^={1,6}\s\S/.test(last)) return true;
  const underline = format === 'text' ? ADORNMENT : SETEXT_UNDERLINE;
  return lines.length >= 2 && underline.test(last) && lines[lines.length - 2].trim() !== '';
}

async function main(): Promise<void> {
  const files = corpus();
  const options = { splitterType: DEFAULT_PARAMS.splitterType, chunkSize: DEFAULT_PARAMS.chunkSize, breakpointPercentileThreshold: DEFAULT_PARAMS.breakpointPercentileThreshold };
  // Warm the tokenizer outside the timing (a one-off start-up cost).
  await chunkDocument((await readDocument('warm.txt', Buffer.from('warm up the tokenizer')) as SourceDocument), 0, options);
  let bytes = 0;
  let chunksTotal = 0;
  let midStart = 0;
  let midEnd = 0;
  let bareHeading = 0;
  let scraps = 0;
  let chunksOfLongDocs = 0;
  let rawRst = 0;
  let rstChunks = 0;
  let codeCuts = 0;
  const sizes: number[] = [];
  const examples: string[] = [];
  let seconds = 0;
  for (const file of files) {
    const data = readFileSync(file);
    const start = performance.now();
    const doc = await readDocument(relative('.', file), data);
    if (!isDocument(doc)) continue;
    const chunks: Chunk[] = await chunkDocument(doc, 0, options);
    seconds += (performance.now() - start) / 1000;
    bytes += data.length;
    const long = doc.text.trim().length > 500;
    chunks.forEach((c, i) => {
      chunksTotal++;
      sizes.push(c.text.length);
      if (i > 0 && insideFence(doc.text, c.start)) { codeCuts++; if (examples.length < 12) examples.push(`code cut ${doc.path}: a code block of ${fenceTokens(doc.text, c.start)} tokens (chunk_size ${options.chunkSize})`); }
      else if (i > 0 && midSentence(doc.text, c.start)) { midStart++; if (examples.length < 6) examples.push(`start ${doc.path}: ${JSON.stringify(c.text.slice(0, 60))}`); }
      if (i < chunks.length - 1 && !insideFence(doc.text, c.end) && midSentence(doc.text, c.end)) { midEnd++; if (examples.length < 6) examples.push(`end ${doc.path}: ${JSON.stringify(c.text.slice(-60))}`); }
      if (i < chunks.length - 1 && endsOnHeading(c.text, doc.format)) { bareHeading++; if (examples.length < 12) examples.push(`bare heading ${doc.path}: ${JSON.stringify(c.text.slice(-80))}`); }
      if (long) { chunksOfLongDocs++; if (c.text.length < 500) scraps++; }
      if (doc.format === 'rst') { rstChunks++; if (RAW_ROLE.test(c.text) || RAW_DIRECTIVE.test(c.text)) { rawRst++; if (examples.length < 12) examples.push(`raw rst ${doc.path}: ${JSON.stringify((RAW_ROLE.exec(c.text) ?? RAW_DIRECTIVE.exec(c.text))![0])}`); } }
    });
  }
  sizes.sort((a, b) => a - b);
  const pct = (n: number, d: number): number => (d ? Number(((100 * n) / d).toFixed(1)) : 0);
  const figures = {
    chunkFiles: files.length,
    chunkCount: chunksTotal,
    chunkMedianChars: sizes.length ? sizes[Math.floor(sizes.length / 2)] : 0,
    chunkMidSentencePct: pct(midStart + midEnd, chunksTotal),
    chunkBareHeadingEnds: bareHeading,
    chunkScrapPct: pct(scraps, chunksOfLongDocs),
    chunkRawRstPct: pct(rawRst, rstChunks),
    chunkRstChunks: rstChunks,
    chunkCutsInsideCode: codeCuts,
    chunkIngestMBps: Number((bytes / (1024 * 1024) / seconds).toFixed(2)),
  };
  console.log(`| corpus | ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${chunksTotal} chunks (median ${figures.chunkMedianChars} chars) |`);
  console.log(`| chunks starting or ending mid-sentence | ${figures.chunkMidSentencePct}% (${midStart} starts, ${midEnd} ends; target ≤ 1%) |`);
  console.log(`| chunk boundaries inside a code block (only blocks over chunk_size, cut at lines) | ${codeCuts} |`);
  console.log(`| chunks ending on a bare heading | ${bareHeading} (target 0) |`);
  console.log(`| chunks under 500 characters, documents longer than that | ${figures.chunkScrapPct}% (target ≤ 10%) |`);
  console.log(`| rst chunks with raw roles/directives | ${figures.chunkRawRstPct}% of ${rstChunks} (target 0) |`);
  console.log(`| read + normalise + chunk throughput | ${figures.chunkIngestMBps} MB/s (single thread, this corpus) |`);
  for (const e of examples) console.log(`  e.g. ${e}`);
  console.log(JSON.stringify(figures));
}

void main();
