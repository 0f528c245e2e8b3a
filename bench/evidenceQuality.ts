/**
 * Evidence quality on real documentation with the project's defaults: the offline pipeline (no model) runs on
 * each document of the corpus chunkQuality.ts reads (realDocs.ts), every request it makes is recorded, and the
 * figures are taken from what the stages were really shown and what the dataset holds:
 * - evidence windows starting mid-sentence: every body of evidence sent to a stage (answering, validation,
 *   revision: the `evidence` of a request), located in its document, judged by realDocs' independent check;
 *   a window starting inside a code block counts too;
 * - elisions (`…`) inside code blocks of any text of a request's input (chunks, statements, quotes, bodies) that
 *   the document's own code does not have (the messages are that input as fenced JSON, so they are not searched);
 * - dataset `contexts` starting mid-sentence (all pairs, accepted or not), located the same way.
 * Run: node --import tsx bench/evidenceQuality.ts — prints a markdown table and, last, a JSON line.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { readDocument, isDocument } from '../src/core/ingest/readers';
import type { SourceDocument } from '../src/core/ingest/types';
import { createLlm, type LlmClient } from '../src/core/llm/factory';
import type { StructuredReply, StructuredRequest } from '../src/core/llm/port';
import { QAWorkflowGraph } from '../src/core/pipeline/workflow';
import { HEADING_SEPARATOR } from '../src/core/pipeline/evidence';
import type { Chunk } from '../src/core/domain/records';
import { insideFence, midSentence, realDocFiles } from './realDocs';

/** Pairs asked per chunk of a document (the default of one pair per run would show one window per document). */
const PAIRS_PER_CHUNK = Number(process.env.QAFORGE_BENCH_EVIDENCE_PAIRS_PER_CHUNK ?? 2);

interface Shown {
  task: string;
  evidence: string[];
  texts: string[];
}

/** The offline engine with every request's evidence bodies and shown texts recorded. */
function recording(inner: LlmClient, into: Shown[]): LlmClient {
  return Object.assign(Object.create(inner) as LlmClient, {
    chatJson: async <T>(request: StructuredRequest): Promise<StructuredReply<T>> => {
      const input = request.input as { evidence?: Array<{ text?: unknown }> } | undefined;
      const evidence = (input?.evidence ?? []).map((e) => e.text).filter((t): t is string => typeof t === 'string');
      into.push({ task: request.task, evidence, texts: strings(request.input) });
      return inner.chatJson<T>(request);
    },
  });
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/**
 * Where a shown passage starts in the document: a body is "heading path, blank line, passage" (the path one line,
 * or a shorter prefix of it), so the first line is left out when it is such a path and the rest is in the text.
 */
function locate(doc: SourceDocument, shown: string, paths: ReadonlySet<string>): number | undefined {
  const blank = shown.indexOf('\n\n');
  const passages = blank !== -1 && paths.has(shown.slice(0, blank)) ? [shown.slice(blank + 2), shown] : [shown];
  for (const passage of passages) {
    const at = doc.text.indexOf(passage);
    if (at !== -1) return at;
    // A window among a split table's rows shows the table's header above them, and one continuing a code block
    // its opening fence (neither is part of the passage).
    const header = /^(?:[|+][^\n]*\n){1,7}?(?:\|?[ \t]*:?-{3,}[^\n]*|\+(?:=+\+)+)\n|^ {0,3}(?:`{3,}|~{3,})[^\n]*\n/.exec(passage);
    const rows = header ? doc.text.indexOf(passage.slice(header[0].length)) : -1;
    if (rows !== -1) return rows;
  }
  return undefined;
}

/** Every heading line a body can open with: each chunk's path and its shorter prefixes. */
function headingLines(chunks: readonly Chunk[]): Set<string> {
  const out = new Set<string>();
  for (const c of chunks) {
    const path = (c.headingPath ?? []).filter((h) => h.trim() !== '');
    for (let n = 1; n <= path.length; n++) out.add(path.slice(0, n).join(HEADING_SEPARATOR));
  }
  return out;
}

/** Code blocks of a shown text holding an elision the document's own code does not have. */
function elidedCodeBlocks(doc: SourceDocument, text: string): number {
  let n = 0;
  for (const m of text.matchAll(/^ {0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^ {0,3}\1[ \t]*$/gm)) {
    if (m[2].includes('…') && !doc.text.includes(m[2])) n++;
  }
  return n;
}

interface Tally {
  total: number;
  mid: number;
  insideCode: number;
  /** Starting where its chunk starts, the chunk being a cut inside a code block over chunk_size (nothing earlier to show). */
  atOversizedCut: number;
  unlocated: number;
}

const tally = (): Tally => ({ total: 0, mid: 0, insideCode: 0, atOversizedCut: 0, unlocated: 0 });

function judge(doc: SourceDocument, chunks: readonly Chunk[], paths: ReadonlySet<string>, shown: string, into: Tally, examples: string[], label: string): void {
  into.total++;
  const at = locate(doc, shown, paths);
  if (at === undefined) { into.unlocated++; return; }
  const show = (what: string): void => { if (examples.length < 12) examples.push(`${label} ${what} ${doc.path}: ${JSON.stringify(doc.text.slice(Math.max(0, at - 30), at + 40))}`); };
  if (insideFence(doc.text, at)) {
    if (chunks.some((c) => c.start === at)) into.atOversizedCut++;
    else { into.insideCode++; show('inside code'); }
  } else if (midSentence(doc.text, at)) { into.mid++; show('mid-sentence'); }
}

async function main(): Promise<void> {
  const files = realDocFiles();
  const windows = tally();
  const contexts = tally();
  const byTask = new Map<string, number>();
  let elisions = 0;
  let pairs = 0;
  let documents = 0;
  const examples: string[] = [];
  for (const file of files) {
    const doc = await readDocument(relative('.', file), readFileSync(file));
    if (!isDocument(doc)) continue;
    const shown: Shown[] = [];
    const llm = recording(createLlm({ provider: 'offline' }), shown);
    const graph = new QAWorkflowGraph({ llm, concurrency: 4 });
    // One chunking pass first, to ask for a number of pairs that gives every chunk a chance.
    const probe = await new QAWorkflowGraph({ llm: createLlm({ provider: 'offline' }), concurrency: 4 }).runFromDocuments([doc], { numPairs: 1, maxReflectionIterations: 0 });
    const result = await graph.runFromDocuments([doc], { numPairs: Math.max(1, PAIRS_PER_CHUNK * probe.chunks.length) });
    documents++;
    const paths = headingLines(result.chunks);
    for (const call of shown) {
      const seen = new Set<string>();
      for (const body of call.evidence) {
        if (seen.has(body)) continue;
        seen.add(body);
        byTask.set(call.task, (byTask.get(call.task) ?? 0) + 1);
        judge(doc, result.chunks, paths, body, windows, examples, `window (${call.task})`);
      }
      for (const text of call.texts) {
        const n = elidedCodeBlocks(doc, text);
        elisions += n;
        if (n && examples.length < 12) examples.push(`elision in code (${call.task}) ${doc.path}`);
      }
    }
    for (const pair of [...result.validatedQaPairs, ...result.rejectedQaPairs]) {
      pairs++;
      for (const context of pair.contexts.slice(0, 1)) judge(doc, result.chunks, paths, context, contexts, examples, 'context');
    }
  }
  const pct = (n: number, d: number): number => (d ? Number(((100 * n) / d).toFixed(2)) : 0);
  const figures = {
    evidenceDocuments: documents,
    evidenceWindows: windows.total,
    evidenceWindowMidSentencePct: pct(windows.mid + windows.insideCode, windows.total),
    evidenceWindowsUnlocated: windows.unlocated,
    evidenceWindowsAtOversizedCut: windows.atOversizedCut,
    evidenceElisionsInCode: elisions,
    evidencePairs: pairs,
    evidenceContextMidSentencePct: pct(contexts.mid + contexts.insideCode, contexts.total),
    evidenceContextsUnlocated: contexts.unlocated,
  };
  console.log(`| corpus | ${documents} documents, ${pairs} pairs (offline engine, ${PAIRS_PER_CHUNK} asked per chunk) |`);
  console.log(`| evidence windows shown to the stages | ${windows.total} (${[...byTask].map(([t, n]) => `${t} ${n}`).join(', ')}); ${windows.unlocated} not found in their document |`);
  console.log(`| evidence windows starting mid-sentence or inside code | ${figures.evidenceWindowMidSentencePct}% (${windows.mid} mid-sentence, ${windows.insideCode} inside code; target ≤ 2%); ${windows.atOversizedCut} more start where their chunk does, a cut inside a code block over chunk_size |`);
  console.log(`| elisions (…) inside code blocks shown to the model | ${elisions} (target 0) |`);
  console.log(`| dataset contexts starting mid-sentence or inside code | ${figures.evidenceContextMidSentencePct}% of ${contexts.total} (${contexts.mid} mid-sentence, ${contexts.insideCode} inside code, ${contexts.unlocated} not found; target ≤ 2%) |`);
  for (const e of examples) console.log(`  e.g. ${e}`);
  console.log(JSON.stringify(figures));
}

void main();
