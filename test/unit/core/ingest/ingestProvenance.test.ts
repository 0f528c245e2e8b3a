/**
 * The provenance invariant: over the whole mixed fixture tree, every chunk's recorded file range holds the
 * chunk's text (or, for converted formats, the text it was converted from).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkDocument, type ChunkOptions } from '../../../../src/core/chunking';
import { loadDocuments } from '../../../../src/core/ingest';
import { htmlToText } from '../../../../src/core/ingest/readers/html';
import type { SourceDocument } from '../../../../src/core/ingest/types';
import type { Chunk } from '../../../../src/core/domain/records';
import { shortHash } from '../../../../src/core/text/hash';
import { DOCX_PARAGRAPHS, makeFixtureTree, type FixtureTree } from '../../support/ingestFixtures';

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

function fileText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8').replace(/^\ufeff/, '');
}

/** Words normalisation writes in place of markup (they are not in the file). */
const WRITTEN = new Set(['Added', 'Changed', 'Deprecated', 'Removed', 'in', 'since', 'version', 'Note', 'Warning', 'Tip', 'Important', 'Caution', 'Danger', 'Attention', 'Hint', 'Error', 'See', 'also', 'To', 'do']);

/** Every word of `shown` occurs in `raw` in the same order (WRITTEN words may be absent). */
function assertWordsInOrder(shown: string, raw: string, label: string): void {
  // Whole words of the located range, matched in order; the words normalisation writes are not looked for.
  const words = [...raw.matchAll(/[\p{L}\p{N}_]+/gu)].map((m) => m[0]);
  let cursor = 0;
  for (const m of shown.matchAll(/[\p{L}\p{N}_]+/gu)) {
    if (WRITTEN.has(m[0])) continue;
    const at = words.indexOf(m[0], cursor);
    assert.ok(at !== -1, `${label}: "${m[0]}" is not a word of the located range after word ${cursor}`);
    cursor = at + 1;
  }
}

/** Asserts that the chunk's file range holds its text, by format. */
function assertProvenance(root: string, doc: SourceDocument, chunk: Chunk): void {
  assert.equal(chunk.text, doc.text.slice(chunk.start, chunk.end), 'chunk text is its document slice');
  const p = chunk.provenance;
  assert.equal(p.kind, 'file');
  if (p.kind !== 'file') return;
  assert.equal(p.path, doc.path);
  assert.equal(p.spanHash, shortHash([chunk.text]));
  assert.ok(p.startLine >= 1 && p.endLine >= p.startLine, `lines ${p.startLine}-${p.endLine}`);
  const label = `${doc.path} [${p.start}, ${p.end})`;
  switch (doc.format) {
    case 'text': {
      const original = fileText(root, doc.path);
      assert.equal(original.slice(p.start, p.end), chunk.text, label);
      const lines = original.split('\n').slice(p.startLine - 1, p.endLine).join('\n');
      assert.ok(lines.includes(chunk.text), `${label}: lines ${p.startLine}-${p.endLine} hold the chunk`);
      break;
    }
    case 'markdown': case 'rst': case 'asciidoc': {
      // Normalised markup: every word the model sees is in the located range of the file, in order, except
      // the words normalisation writes itself ("Added in version", "Note:", a fence's language).
      const original = fileText(root, doc.path);
      assertWordsInOrder(chunk.text, original.slice(p.start, p.end), label);
      const lines = original.split('\n').slice(p.startLine - 1, p.endLine).join('\n');
      assert.ok(lines.includes(original.slice(p.start, p.end)), `${label}: lines ${p.startLine}-${p.endLine} hold the range`);
      break;
    }
    case 'html': {
      const original = fileText(root, doc.path);
      assert.equal(squash(htmlToText(original.slice(p.start, p.end))), squash(chunk.text), label);
      break;
    }
    case 'notebook': {
      const original = fileText(root, doc.path);
      const raw = original.slice(p.start, p.end);
      for (const line of chunk.text.split('\n')) {
        if (/^```/.test(line) || line.trim() === '') continue;
        assert.ok(raw.includes(JSON.stringify(line).slice(1, -1)), `${label}: ${JSON.stringify(line)} is in the located JSON`);
      }
      break;
    }
    case 'pdf': {
      const pages = [['Quarterly report page one.', 'Revenue grew by ten percent.'], ['Page two talks about costs.', 'Costs fell slightly.']];
      assert.ok(p.page !== undefined && p.page >= 1 && p.page <= pages.length, `${label}: page ${p.page}`);
      const firstLine = chunk.text.split('\n')[0].trim();
      assert.ok(pages[p.page! - 1].some((l) => l.startsWith(firstLine) || firstLine.startsWith(l)), `${label}: "${firstLine}" on page ${p.page}`);
      break;
    }
    case 'docx': {
      assert.ok(squash(DOCX_PARAGRAPHS.join(' ')).includes(squash(chunk.text)), label);
      assert.equal(doc.text.split('\n').slice(p.startLine - 1, p.endLine).join('\n').includes(chunk.text), true, label);
      break;
    }
    case 'source-comments': {
      const original = fileText(root, doc.path);
      const stripped = original.slice(p.start, p.end).replace(/^[ \t]*\*[ ]?/gm, '');
      assert.equal(stripped, chunk.text, label);
      break;
    }
    default:
      assert.fail(`${label}: no provenance check for format ${doc.format}`);
  }
}

describe('provenance invariant over the mixed fixture tree', function () {
  this.timeout(60_000);
  let tree: FixtureTree;
  let documents: SourceDocument[];
  before(async () => {
    tree = await makeFixtureTree();
    ({ documents } = await loadDocuments([], tree.root, { sourceComments: true, maxFileBytes: 2000 }));
  });
  after(() => tree.cleanup());

  const settings: Array<[string, ChunkOptions]> = [
    ['sentence, 12 tokens', { splitterType: 'sentence', chunkSize: 12, breakpointPercentileThreshold: 95 }],
    ['sentence, 4000 tokens', { splitterType: 'sentence', chunkSize: 4000, breakpointPercentileThreshold: 95 }],
    ['semantic, 30 tokens', { splitterType: 'semantic', chunkSize: 30, breakpointPercentileThreshold: 50 }],
  ];
  for (const [name, options] of settings) {
    it(`holds for every chunk (${name})`, async () => {
      const formats = new Set<string>();
      let count = 0;
      for (const [i, doc] of documents.entries()) {
        const chunks = await chunkDocument(doc, i, options);
        assert.ok(chunks.length > 0, `${doc.path} gave no chunks`);
        for (const chunk of chunks) {
          assertProvenance(tree.root, doc, chunk);
          assert.ok(chunk.tokens <= options.chunkSize, `${doc.path}: ${chunk.tokens} tokens`);
          count++;
        }
        formats.add(doc.format);
      }
      assert.deepEqual([...formats].sort(), ['asciidoc', 'docx', 'html', 'markdown', 'notebook', 'pdf', 'rst', 'source-comments', 'text']);
      assert.ok(count >= documents.length);
    });
  }

  it('keeps non-English text as it is', async () => {
    const ja = documents.find((d) => d.path === 'docs/i18n/日本語.md')!;
    const chunks = await chunkDocument(ja, 0, { splitterType: 'sentence', chunkSize: 15, breakpointPercentileThreshold: 95 });
    assert.ok(chunks.length > 1);
    assert.ok(chunks.some((c) => c.text.includes('日本語の文もそのまま残ります。')));
    const de = documents.find((d) => d.path === 'docs/i18n/deutsch.md')!;
    assert.ok(de.text.includes('Größere Dateien werden übersprungen.'));
  });
});
