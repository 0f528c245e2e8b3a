/**
 * Dataset file figures: parse (with schema validation), canonical serialize, merge and staleness check of a
 * 10,000-pair dataset over 200 source files. Prints a markdown row and, last, a JSON line of figures.
 */
import { performance } from 'node:perf_hooks';
import { entriesOf, parseDataset, serializeDataset } from '../src/core/dataset/file';
import { mergeDatasets } from '../src/core/dataset/merge';
import { lineSpanHash } from '../src/core/dataset/span';
import { checkStaleness } from '../src/core/dataset/staleness';
import type { DatasetPair } from '../src/core/dataset/types';
import { qualityReport } from '../src/core/quality/report';

const FILES = 200;
const LINES_PER_FILE = 400;
const PAIRS = 10_000;

function sources(): Map<string, string> {
  const files = new Map<string, string>();
  for (let f = 0; f < FILES; f++) {
    const lines = Array.from({ length: LINES_PER_FILE }, (_, i) => `File ${f} line ${i}: the Kestrel K2 keeps ${i % 30} °C for ${f} hours — „ok“.`);
    files.set(`docs/section-${f}/page-${f}.md`, lines.join('\n'));
  }
  return files;
}

function pairs(files: Map<string, string>): DatasetPair[] {
  const paths = [...files.keys()];
  return Array.from({ length: PAIRS }, (_, i) => {
    const path = paths[i % FILES];
    const start = 1 + ((i * 7) % (LINES_PER_FILE - 5));
    const end = start + (i % 4);
    return {
      id: i.toString(16).padStart(16, '0'),
      question: `What does line ${start} of ${path} say about the temperature?`,
      answer: `It says the Kestrel K2 keeps ${start % 30} °C.`,
      question_type: 'factual',
      difficulty: 'medium',
      contexts: [`File line ${start}: the Kestrel K2 keeps ${start % 30} °C.`],
      statements: [`The Kestrel K2 keeps ${start % 30} °C.`],
      source: { path, start_line: start, end_line: end, span_hash: lineSpanHash(files.get(path)!, start, end)! },
      quality: { score: 0.8, criteria: { grounded: 1, complete: 0.8, relevant: 0.8, clear: 0.7, standalone: 0.7 }, feedback: 'fine' },
      status: 'draft',
      generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: 'bench', iteration: 0 },
    };
  });
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const value = fn();
  return [value, performance.now() - t];
}

async function main(): Promise<void> {
  const files = sources();
  const list = pairs(files);
  const [text, serializeMs] = time(() => serializeDataset(entriesOf(list)));
  const [entries, parseMs] = time(() => parseDataset(text));
  const [, mergeMs] = time(() => serializeDataset(mergeDatasets(entries, list)));
  // Every file shifted by two lines: every pair has moved, the slow path of the check.
  const shifted = new Map([...files].map(([p, t]) => [p, `New line.\n\n${t}`]));
  const t0 = performance.now();
  const current = await checkStaleness(list, async (p) => files.get(p));
  const checkMs = performance.now() - t0;
  const t1 = performance.now();
  const moved = await checkStaleness(list, async (p) => shifted.get(p));
  const checkMovedMs = performance.now() - t1;
  const [report, qualityMs] = time(() => qualityReport(list.map((pair, i) => ({ line: i + 2, pair })), undefined));
  const ok = current.filter((r) => r.state === 'ok').length;
  const movedCount = moved.filter((r) => r.state === 'moved').length;
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  console.log(`| dataset ${PAIRS} pairs (${mb.toFixed(1)} MB) | parse ${parseMs.toFixed(0)} ms | serialize ${serializeMs.toFixed(0)} ms | merge+serialize ${mergeMs.toFixed(0)} ms | check ${checkMs.toFixed(0)} ms (${ok} ok) | check, all moved ${checkMovedMs.toFixed(0)} ms (${movedCount} moved) | check --quality gates ${qualityMs.toFixed(0)} ms (${report.findings.length} findings) |`);
  console.log(JSON.stringify({
    dataset10kParseMs: Math.round(parseMs),
    dataset10kSerializeMs: Math.round(serializeMs),
    dataset10kMergeMs: Math.round(mergeMs),
    dataset10kCheckMs: Math.round(checkMs),
    dataset10kCheckMovedMs: Math.round(checkMovedMs),
    dataset10kQualityMs: Math.round(qualityMs),
  }));
}

void main();
