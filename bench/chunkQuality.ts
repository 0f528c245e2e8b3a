/**
 * Chunk quality on real documentation with the project's defaults (semantic splitter, chunk_size 4000): what
 * share of chunks start or end mid-sentence, how many end on a bare heading, how many are scraps (under 500
 * characters, among documents longer than that), how much raw rst markup (roles, directives) the model would
 * see, and the ingest throughput of that corpus (read + normalise + chunk).
 *
 * Corpus and boundary checks: realDocs.ts (shared with evidenceQuality.ts).
 * Run: node --import tsx bench/chunkQuality.ts — prints a markdown table and, last, a JSON line.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { chunkDocument } from '../src/core/chunking';
import { readDocument, isDocument } from '../src/core/ingest/readers';
import type { SourceDocument } from '../src/core/ingest/types';
import type { Chunk } from '../src/core/domain/records';
import { DEFAULT_PARAMS } from '../src/core/domain/params';
import { countTokens } from '../src/core/text/tokens';
import { ADORNMENT, fenceLines, insideFence, midSentence, realDocFiles } from './realDocs';

const RAW_ROLE = /(?<![\w`]):[a-z]+(?::[a-z]+)*:`[^`]+`/;
const RAW_DIRECTIVE = /^\s*\.\. [a-z][\w:-]*::/m;

/** Exact tokens of the fenced block around `at` (from its opening fence to its closing one, or the text's end). */
function fenceTokens(text: string, at: number): number {
  const fences = fenceLines(text);
  const open = fences.filter((f) => f < at).pop() ?? 0;
  const close = fences.find((f) => f >= at) ?? text.length;
  return countTokens(text.slice(open, close));
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
  const files = realDocFiles();
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
