import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkDocument, type ChunkOptions } from '../../../../src/core/chunking';
import { locateWorker, startChunkPool, type ChunkPool } from '../../../../src/core/chunking/pool';
import { chunkStream, type ChunkedItem } from '../../../../src/core/chunking/stream';
import type { IngestItem } from '../../../../src/core/ingest';
import { documentFromText } from '../../../../src/core/ingest/document';
import type { SourceDocument } from '../../../../src/core/ingest/types';
import { countTokens } from '../../../../src/core/text/tokens';

const sentence = (chunkSize: number): ChunkOptions => ({ splitterType: 'sentence', chunkSize, breakpointPercentileThreshold: 95 });

function prose(topic: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `The ${topic} sentence number ${i} talks about ${topic} things.`).join(' ');
}

/** Documents of very different sizes (so workers finish out of order), an empty one, CJK text and code. */
function corpus(): SourceDocument[] {
  return [
    documentFromText('big.md', `# Big\n\n${prose('alpha', 900)}\n\n## More\n\n${prose('beta', 700)}\n`, 'markdown'),
    documentFromText('small.md', 'One short line.', 'markdown'),
    documentFromText('blank.md', '   \n\n  ', 'markdown'),
    documentFromText('cjk.md', `# 数据\n\n${'数据集的质量很重要。我们检查每一个答案！'.repeat(300)}`, 'markdown'),
    documentFromText('code.md', `Intro.\n\n\`\`\`ts\n${Array.from({ length: 400 }, (_, i) => `const v${i} = compute(${i});`).join('\n')}\n\`\`\`\n\n${prose('gamma', 200)}`, 'markdown'),
  ];
}

async function* items(docs: SourceDocument[]): AsyncGenerator<IngestItem> {
  for (const [i, document] of docs.entries()) {
    if (i === 2) yield { kind: 'skipped', file: { path: 'image.png', code: 'unsupported-format', reason: 'unsupported format (.png)' } };
    yield { kind: 'document', document };
  }
}

async function collect(stream: AsyncIterable<ChunkedItem>): Promise<ChunkedItem[]> {
  const out: ChunkedItem[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe('chunking: worker pool and chunkStream', function () {
  // workers load tsx and the tokenizer's ranks, which takes seconds on a loaded machine
  this.timeout(120_000);
  let pool: ChunkPool | undefined;

  before(async () => {
    pool = await startChunkPool(2);
  });
  after(async () => {
    await pool?.close();
  });

  it('finds the worker source next to the module, prefers a bundled worker, and finds nothing in a folder without one', () => {
    assert.equal(locateWorker(join(__dirname, '../../../../src/core/chunking'))?.typescript, true);
    const empty = mkdtempSync(join(tmpdir(), 'qaforge-no-worker-'));
    try {
      assert.equal(locateWorker(empty), undefined);
      writeFileSync(join(empty, 'chunkWorker.js'), '');
      assert.deepEqual(locateWorker(empty), { file: join(empty, 'chunkWorker.js'), typescript: false });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('starts from source under tsx', () => {
    assert.ok(pool, 'startChunkPool should start workers from worker.ts');
    assert.equal(pool.size, 2);
  });

  it('yields in input order the same chunks as chunkDocument, skipped files in place', async () => {
    const docs = corpus();
    const options = sentence(300);
    const results = await collect(chunkStream(items(docs), options, { pool, window: 3 }));
    assert.deepEqual(results.map((r) => (r.kind === 'document' ? r.document.path : `skipped:${r.file.path}`)),
      ['big.md', 'small.md', 'skipped:image.png', 'blank.md', 'cjk.md', 'code.md']);
    let docIndex = 0;
    for (const r of results) {
      if (r.kind !== 'document') continue;
      assert.equal(r.docIndex, docIndex);
      assert.deepEqual(r.chunks, await chunkDocument(r.document, docIndex, options), `chunks of ${r.document.path}`);
      for (const c of r.chunks) {
        assert.equal(c.text, r.document.text.slice(c.start, c.end));
        assert.ok(c.tokens <= 300, `${r.document.path}: chunk of ${c.tokens} tokens over 300`);
        assert.equal(c.tokens, countTokens(c.text));
      }
      docIndex++;
    }
    assert.ok(results.some((r) => r.kind === 'document' && r.chunks.length > 5), 'the big document is split');
  });

  it('chunks in-thread without a pool, and falls back in-thread when the pool is gone', async () => {
    const docs = corpus();
    const options = sentence(250);
    const inThread = await collect(chunkStream(items(docs), options));
    const closed = await startChunkPool(1);
    assert.ok(closed);
    await closed.close();
    await assert.rejects(closed.sentenceRanges('Some text.', 100), /closed/);
    const fallback = await collect(chunkStream(items(docs), options, { pool: closed }));
    assert.deepEqual(fallback, inThread);
    const pooled = await collect(chunkStream(items(docs), options, { pool }));
    assert.deepEqual(pooled, inThread);
  });

  it('keeps a non-sentence splitter in-thread and validates chunkSize', async () => {
    const docs = corpus().slice(0, 2);
    const semantic: ChunkOptions = { splitterType: 'semantic', chunkSize: 200, breakpointPercentileThreshold: 95 };
    const results = await collect(chunkStream(items(docs), semantic, { pool }));
    for (const r of results) if (r.kind === 'document') assert.deepEqual(r.chunks, await chunkDocument(r.document, r.docIndex, semantic));
    await assert.rejects(collect(chunkStream(items(docs), sentence(0), { pool })), /chunkSize must be a positive number/);
  });
});
