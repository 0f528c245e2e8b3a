import { strict as assert } from 'node:assert';
import { chunkDocument, type ChunkOptions } from '../../../../src/core/chunking';
import { fencedBlocks } from '../../../../src/core/chunking/structure';
import { unwrapSoftBreaks } from '../../../../src/core/text/sentences';
import { documentFromText } from '../../../../src/core/ingest/document';
import { sessionToDocument } from '../../../../src/core/ingest/sessions/render';
import { shortHash } from '../../../../src/core/text/hash';
import { countTokens } from '../../../../src/core/text/tokens';

const sentence = (chunkSize: number): ChunkOptions => ({ splitterType: 'sentence', chunkSize, breakpointPercentileThreshold: 95 });
const semantic = (chunkSize: number, p = 95): ChunkOptions => ({ splitterType: 'semantic', chunkSize, breakpointPercentileThreshold: p });

function prose(topic: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `The ${topic} sentence number ${i} talks about ${topic} things.`).join(' ');
}

describe('chunking: sentence splitter', function () {
  // the first count loads the tokenizer's ranks, which takes seconds on a loaded machine
  this.timeout(60_000);

  it('keeps exact offsets, token caps and file provenance', async () => {
    const text = `# Title\n\n${prose('alpha', 30)}\n\n## Second\n\n${prose('beta', 30)}\n`;
    const doc = documentFromText('docs/a.md', text, 'markdown');
    const chunks = await chunkDocument(doc, 3, sentence(60));
    assert.ok(chunks.length > 3, `expected several chunks, got ${chunks.length}`);
    let last = 0;
    for (const c of chunks) {
      assert.equal(c.text, text.slice(c.start, c.end));
      assert.ok(c.start >= last, 'chunks are in order and do not overlap');
      last = c.end;
      assert.equal(c.tokens, countTokens(c.text));
      assert.ok(c.tokens <= 60, `chunk of ${c.tokens} tokens`);
      assert.equal(c.docIndex, 3);
      assert.equal(c.id, shortHash(['docs/a.md', String(c.start), c.text]));
      assert.equal(c.provenance.kind, 'file');
      if (c.provenance.kind === 'file') {
        assert.equal(c.provenance.spanHash, shortHash([c.text]));
        const lines = text.split('\n');
        assert.equal(lines.slice(c.provenance.startLine - 1, c.provenance.endLine).join('\n').includes(c.text), true);
      }
    }
    // sentence-aware: a chunk ends at a sentence end, never mid-word
    for (const c of chunks) assert.match(c.text, /[.!?]$|^#|Title|Second/);
  });

  it('does not split a fenced code block that fits', async () => {
    const code = '```ts\n' + Array.from({ length: 12 }, (_, i) => `const value${i} = compute(${i});\n\n`).join('') + '```';
    const text = `${prose('intro', 8)}\n\n${code}\n\n${prose('outro', 8)}`;
    const chunks = await chunkDocument(documentFromText('c.md', text, 'markdown'), 0, sentence(countTokens(code) + 5));
    assert.ok(chunks.some((c) => c.text.includes(code)), 'the code block is whole in one chunk');
  });

  it('splits CJK text at its sentence ends and keeps the text as is', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `这是第${i}个句子，讲述数据集。`).join('');
    const chunks = await chunkDocument(documentFromText('zh.txt', text), 0, sentence(50));
    assert.ok(chunks.length > 1);
    assert.equal(chunks.map((c) => c.text).join(''), text);
    for (const c of chunks) assert.ok(c.text.endsWith('。'), c.text);
  });

  it('cuts text without any separator into capped pieces (a base64 blob)', async () => {
    const blob = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk'.repeat(400);
    const text = `# Image\n\n![x](data:image/png;base64,${blob})\n`;
    // plain text: in markdown the image would be shown as its alt text only
    const chunks = await chunkDocument(documentFromText('img.txt', text), 0, sentence(500));
    assert.ok(chunks.length > 3);
    for (const c of chunks) {
      assert.equal(c.text, text.slice(c.start, c.end));
      assert.ok(c.tokens <= 500, String(c.tokens));
    }
    assert.equal(chunks.map((c) => c.text).join('').replace(/\s/g, ''), text.replace(/\s/g, ''));
  });

  it('keeps the cap even for tiny chunk sizes', async () => {
    const text = `${'Hello world 😀 data. '.repeat(30)}${'x'.repeat(50)}`;
    for (const size of [1, 2, 3, 7]) {
      const chunks = await chunkDocument(documentFromText('tiny.md', text), 0, sentence(size));
      for (const c of chunks) {
        assert.ok(c.tokens <= size, `${c.tokens} > ${size}`);
        assert.equal(c.text, text.slice(c.start, c.end));
      }
    }
  });

  it('returns nothing for blank text and refuses a bad size', async () => {
    assert.deepEqual(await chunkDocument(documentFromText('e.md', ' \n\n '), 0, sentence(10)), []);
    await assert.rejects(chunkDocument(documentFromText('e.md', 'x'), 0, sentence(0)), /chunkSize must be a positive number/);
  });
});

describe('chunking: semantic splitter', function () {
  this.timeout(60_000);

  it('never cuts a sentence at a hard line wrap', async () => {
    const wrap = (t: string) => t.replace(/(.{1,60})(?: |$)/g, '$1\n').trim();
    // Each topic is over the 500-character scrap floor, so a break between them leaves no scrap.
    const cats = wrap('Cats purr when they are content and relaxed. Cats hunt mice at night in the garden. Cats sleep most of the day in warm places. '.repeat(4).trim());
    const lava = wrap('Volcanoes erupt molten lava from deep below. Volcanoes form at the boundaries of tectonic plates. Volcanoes release clouds of ash. '.repeat(4).trim());
    const text = `# Notes\n\n${cats}\n\n- a list item that is\n  continued\n\n${lava}\n`;
    assert.ok(text.split('\n').length > 8, 'the fixture is hard-wrapped');
    const chunks = await chunkDocument(documentFromText('wrapped.md', text, 'markdown'), 0, semantic(1000, 50));
    assert.ok(chunks.length >= 2);
    for (const c of chunks) {
      assert.equal(c.text, text.slice(c.start, c.end));
      assert.match(c.text.trim(), /[.:]$|continued$/, `chunk ends at a sentence or block end: ${JSON.stringify(c.text)}`);
    }
  });

  it('keeps headings, list items and table rows as their own lines', () => {
    const slice = '# Title\nA wrapped\nsentence.\n- item\n| a | b |\n| c | d |';
    assert.equal(unwrapSoftBreaks(slice), '# Title\nA wrapped sentence.\n- item\n| a | b |\n| c | d |');
    assert.equal(unwrapSoftBreaks('one\r\ntwo'), 'one  two');
  });

  it('breaks where the topic changes (lexical vectors, offline)', async () => {
    // The splitter breaks between blocks only: three paragraphs per topic, each topic over the scrap floor.
    const a = 'Cats purr when content. Cats hunt mice at night. Cats sleep most of the day. Cats groom their fur. '.repeat(2).trim();
    const b = 'Volcanoes erupt molten lava. Volcanoes form at plate boundaries. Volcanoes release ash clouds. Volcanoes can be dormant. '.repeat(2).trim();
    const text = [a, a, a, b, b, b].join('\n\n');
    const chunks = await chunkDocument(documentFromText('t.txt', text), 0, semantic(1000, 80));
    assert.ok(chunks.length >= 2);
    assert.ok(chunks.some((c) => c.text.includes('Cats groom') && !c.text.includes('Volcanoes')), chunks.map((c) => c.text).join(' | '));
    for (const c of chunks) assert.equal(c.text, text.slice(c.start, c.end));
  });

  it('uses the given embedder and caps by chunk size', async () => {
    const text = prose('gamma', 40);
    const seen: number[] = [];
    const embed = async (texts: string[]): Promise<number[][]> => {
      seen.push(texts.length);
      return texts.map((t) => [t.length % 7, 1]);
    };
    const chunks = await chunkDocument(documentFromText('g.txt', text), 0, { ...semantic(40), embed });
    assert.ok(seen.length > 0);
    for (const c of chunks) {
      assert.ok(c.tokens <= 40);
      assert.equal(c.text, text.slice(c.start, c.end));
    }
  });

  it('segments a long single-line text into its sentences', async () => {
    const text = prose('delta', 600);
    const chunks = await chunkDocument(documentFromText('long.txt', text), 0, semantic(200));
    for (const c of chunks) {
      assert.equal(c.text, text.slice(c.start, c.end));
      assert.ok(c.tokens <= 200);
      assert.match(c.text, /^The delta sentence number \d+ .* things\.$/s);
    }
  });

  it('reports an embedder that returns the wrong number of vectors', async () => {
    const embed = async (): Promise<number[][]> => [[1]];
    await assert.rejects(chunkDocument(documentFromText('g.txt', prose('x', 5)), 0, { ...semantic(40), embed }), /returned 1 vectors for 5 texts/);
  });
});

describe('chunking: fenced blocks', () => {
  it('finds fences', () => {
    const text = 'Intro. Next one.\n```\na\n\nb\n```\nAfter.';
    assert.deepEqual(fencedBlocks(text), [{ start: 17, end: 29 }]);
  });
});

describe('chunking: sessions', () => {
  it('maps chunks to message indices', async () => {
    const doc = sessionToDocument({
      file: 'chats/support.jsonl', id: 's1', metadata: {},
      messages: [
        { role: 'user', content: 'How do refunds work?' },
        { role: 'assistant', content: prose('policy', 12) },
        { role: 'user', content: 'Thanks.' },
      ],
    });
    assert.equal(doc.text.slice(doc.session!.messageRanges[2].start, doc.session!.messageRanges[2].end), '[turn 3] user: Thanks.');
    const chunks = await chunkDocument(doc, 0, sentence(60));
    assert.ok(chunks.length > 1);
    const last = chunks[chunks.length - 1];
    assert.equal(last.provenance.kind, 'session');
    if (last.provenance.kind === 'session') {
      assert.equal(last.provenance.file, 'chats/support.jsonl');
      assert.equal(last.provenance.sessionId, 's1');
      assert.ok(last.provenance.messageIndices.includes(2));
    }
    const first = chunks[0];
    // the user's turn is never alone: its chunk holds the start of the answer
    if (first.provenance.kind === 'session') assert.deepEqual(first.provenance.messageIndices, [0, 1]);
  });
});

describe('chunking: conversations by exchange', function () {
  this.timeout(60_000);
  const ticket = (n: number) => [
    { role: 'user', content: `Restore ${n} fails with error E${n}. ${prose(`symptom${n}`, 3)}` },
    { role: 'assistant', content: `Open the Restore dialog and pick snapshot ${n}. ${prose(`fix${n}`, 4)}` },
  ];

  it('keeps a conversation that fits whole, with its title and metadata as heading path and turn numbers in the text', async () => {
    const doc = sessionToDocument({ file: 'support.jsonl', id: 't1', metadata: { title: 'Restore fails', topic: 'backups', product: 'Acme Backup' }, messages: ticket(1) });
    const chunks = await chunkDocument(doc, 0, semantic(4000));
    assert.equal(chunks.length, 1);
    assert.deepEqual(chunks[0].headingPath, ["Conversation 'Restore fails' (topic: backups, product: Acme Backup)"]);
    assert.match(chunks[0].text, /^\[turn 1\] user: Restore 1 fails[\s\S]*\n\n\[turn 2\] assistant: Open the Restore dialog/);
    assert.ok(chunks[0].provenance.kind === 'session' && chunks[0].provenance.messageIndices.join() === '0,1');
  });

  it('splits a long conversation between exchanges only, every chunk under the title, with the indices of its turns', async () => {
    const messages = [1, 2, 3, 4, 5, 6].flatMap(ticket);
    const doc = sessionToDocument({ file: 'support.jsonl', id: 't2', metadata: { subject: 'Backups', language: 'de' }, messages });
    for (const options of [sentence(150), semantic(150, 50)]) {
      const chunks = await chunkDocument(doc, 0, options);
      assert.ok(chunks.length > 1, 'the conversation is over the cap');
      for (const c of chunks) {
        assert.ok(c.tokens <= 150);
        assert.deepEqual(c.headingPath, ["Conversation 'Backups' (language: de)"]);
        assert.match(c.text, /^\[turn \d+\] user: /, `a chunk starts with a user turn: ${c.text.slice(0, 40)}`);
        assert.match(c.text, /\[turn \d+\] assistant: [^]*$/, 'and ends with the answer to it');
        assert.ok(c.provenance.kind === 'session');
        if (c.provenance.kind !== 'session') continue;
        const turns = [...c.text.matchAll(/\[turn (\d+)\]/g)].map((m) => Number(m[1]) - 1);
        assert.deepEqual(c.provenance.messageIndices, turns, 'provenance names every turn in the chunk');
        assert.equal(turns.length % 2, 0, 'whole exchanges');
      }
    }
  });
});
