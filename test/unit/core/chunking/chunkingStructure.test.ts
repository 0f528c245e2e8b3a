/**
 * Chunker invariants over generated (seeded) markdown, rst, AsciiDoc and html trees, read by the real readers:
 * no chunk starts or ends inside inline code, a code block or a table; no chunk ends on a bare heading; no
 * sentence end found after an abbreviation or inside a version; sizes within the cap and no avoidable scraps;
 * heading paths that name the sections the chunk sits in; provenance that maps back to the original lines.
 */
import { strict as assert } from 'node:assert';
import { chunkDocument, type ChunkOptions } from '../../../../src/core/chunking';
import { MIN_CHUNK_CHARS } from '../../../../src/core/chunking/pack';
import { readDocument, isDocument } from '../../../../src/core/ingest/readers';
import type { SourceDocument } from '../../../../src/core/ingest/types';
import type { Chunk } from '../../../../src/core/domain/records';
import { countTokens } from '../../../../src/core/text/tokens';
import { sentenceEnds } from '../../../../src/core/text/sentences';
import { prng } from '../../../../bench/corpus';
import { evidenceWindow, windowText } from '../../../../src/core/pipeline/evidence';

const WORDS = 'cache index queue request token shard replica quota budget webhook worker cluster region release setting option value timeout gateway'.split(' ');
/** Sentence pieces that contain periods which do not end a sentence. */
const TRAPS = ['e.g. the model_worker', 'i.e. a max_tokens value', 'version 0.3', 'v1.2.3 and later', 'the config.yaml file', 'Dr. Rivera', 'etc. and more', 'https://example.com/a.b', 'cats vs. dogs'];

type Markup = 'markdown' | 'rst' | 'asciidoc' | 'html';

interface Generated {
  name: string;
  source: string;
}

function sentence(r: () => number, markup: Markup): string {
  const n = 6 + Math.floor(r() * 12);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  if (r() < 0.35) words.splice(2, 0, TRAPS[Math.floor(r() * TRAPS.length)]);
  if (r() < 0.3) words.splice(1, 0, inlineCode(markup, 'run. Then stop'));
  if (r() < 0.2 && markup === 'rst') words.splice(3, 0, ':class:`~.app.Request`');
  if (r() < 0.2 && markup === 'markdown') words.splice(3, 0, '[the guide](https://example.com/guide.html)');
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}.`;
}

function inlineCode(markup: Markup, text: string): string {
  if (markup === 'rst') return `\`\`${text}\`\``;
  if (markup === 'html') return `<code>${text}</code>`;
  return `\`${text}\``;
}

function heading(markup: Markup, level: number, title: string): string {
  if (markup === 'markdown') return `${'#'.repeat(level)} ${title}`;
  if (markup === 'asciidoc') return `${'='.repeat(level)} ${title}`;
  if (markup === 'html') return `<h${level}>${title}</h${level}>`;
  return `${title}\n${'=-~^'[level - 1].repeat(title.length)}`;
}

function codeBlock(markup: Markup, lines: string[]): string {
  if (markup === 'rst') return `.. code-block:: python\n\n${lines.map((l) => `   ${l}`).join('\n')}`;
  if (markup === 'asciidoc') return `[source,python]\n----\n${lines.join('\n')}\n----`;
  if (markup === 'html') return `<pre>${lines.join('\n')}</pre>`;
  return `\`\`\`python\n${lines.join('\n')}\n\`\`\``;
}

/** A table of `rows` rows under a header row, in each markup's own syntax (cells hold periods that end nothing). */
function table(markup: Markup, rows: number): string {
  const cells = Array.from({ length: rows }, (_, i) => [`k${i}. A`, `v${i}. B`]);
  if (markup === 'markdown') return `| key | value |\n| --- | --- |\n${cells.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}`;
  if (markup === 'asciidoc') return `[cols="1,1", options="header"]\n|===\n|key |value\n\n${cells.map(([k, v]) => `|${k}\n|${v}`).join('\n\n')}\n|===`;
  if (markup === 'html') return `<table><thead><tr><th>key</th><th>value</th></tr></thead><tbody>\n${cells.map(([k, v]) => `  <tr>\n    <td>${k}</td>\n    <td><p>${v}</p></td>\n  </tr>`).join('\n')}\n</tbody></table>`;
  const border = (c: string): string => `+${c.repeat(9)}+${c.repeat(9)}+`;
  return [border('-'), '| key     | value   |', border('='), ...cells.flatMap(([k, v]) => [`| ${k.padEnd(7)} | ${v.padEnd(7)} |`, `| ${'more'.padEnd(7)} | ${'text'.padEnd(7)} |`, border('-')])].join('\n');
}

function paragraph(r: () => number, markup: Markup): string {
  const text = Array.from({ length: 2 + Math.floor(r() * 6) }, () => sentence(r, markup)).join(' ');
  return markup === 'html' ? `<p>${text}</p>` : text;
}

/** One generated document of about `sections` sections with nested headings, code, lists and prose. */
function generate(r: () => number, markup: Markup, index: number): Generated {
  const parts: string[] = [heading(markup, 1, `Guide ${index}`)];
  const sections = 3 + Math.floor(r() * 5);
  for (let s = 0; s < sections; s++) {
    parts.push(heading(markup, 2 + Math.floor(r() * 2), `Topic ${index}.${s}`));
    const blocks = 1 + Math.floor(r() * 4);
    for (let b = 0; b < blocks; b++) {
      const roll = r();
      if (roll < 0.2) parts.push(codeBlock(markup, Array.from({ length: 3 + Math.floor(r() * 6) }, (_, i) => `value_${i} = compute(${i})  # step. Next`)));
      else if (roll < 0.3) parts.push(table(markup, r() < 0.25 ? 40 : 4));
      else if (roll < 0.4 && markup === 'html') parts.push(`<ul>${Array.from({ length: 3 }, () => `<li>${sentence(r, markup)}</li>`).join('\n')}</ul>`);
      else if (roll < 0.4) parts.push(Array.from({ length: 3 }, () => `- ${sentence(r, markup)}`).join('\n'));
      else if (roll < 0.47 && markup === 'rst') parts.push('.. versionadded:: 0.3');
      else if (roll < 0.52 && markup === 'rst') parts.push(`.. note::\n   ${sentence(r, markup)}`);
      else parts.push(paragraph(r, markup));
    }
  }
  const ext = { markdown: 'md', rst: 'rst', asciidoc: 'adoc', html: 'html' }[markup];
  const body = parts.join('\n\n');
  return { name: `gen-${index}.${ext}`, source: markup === 'html' ? `<html><body>${body}</body></html>` : `${body}\n` };
}

/** [start, end) ranges of fenced code blocks, markdown table blocks and inline code spans of a text. */
function atomicRanges(text: string): { blocks: Array<[number, number]>; inline: Array<[number, number]> } {
  const blocks: Array<[number, number]> = [];
  for (const m of text.matchAll(/^```[^\n]*\n[\s\S]*?\n```$/gm)) blocks.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(/(?:^[|+][^\n]*(?:\n|$))+/gm)) blocks.push([m.index, m.index + m[0].trimEnd().length]);
  const inline: Array<[number, number]> = [];
  for (const m of text.matchAll(/`[^`\n]+`/g)) if (!blocks.some(([a, b]) => m.index >= a && m.index < b)) inline.push([m.index, m.index + m[0].length]);
  return { blocks, inline };
}

function assertWordsInOrder(shown: string, raw: string, label: string): void {
  const written = new Set(['Added', 'in', 'version', 'Note', 'python']);
  // Whole words of the located range, matched in order; the words normalisation writes are not looked for.
  const words = [...raw.matchAll(/[\p{L}\p{N}_]+/gu)].map((m) => m[0]);
  let cursor = 0;
  for (const m of shown.matchAll(/[\p{L}\p{N}_]+/gu)) {
    if (written.has(m[0])) continue;
    const at = words.indexOf(m[0], cursor);
    assert.ok(at !== -1, `${label}: "${m[0]}" is not a word of the located range after word ${cursor}`);
    cursor = at + 1;
  }
}

function checkChunks(doc: SourceDocument, source: string, chunks: Chunk[], options: ChunkOptions): void {
  const label = `${doc.path} (${options.splitterType}, ${options.chunkSize})`;
  const { blocks, inline } = atomicRanges(doc.text);
  const blockFits = (a: number, b: number): boolean => countTokens(doc.text.slice(a, b)) <= options.chunkSize;
  const headings = [...doc.text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => ({ at: m.index, title: m[1].trim() }));
  chunks.forEach((c, i) => {
    assert.equal(c.text, doc.text.slice(c.start, c.end), label);
    assert.ok(c.tokens <= options.chunkSize, `${label}: ${c.tokens} tokens`);
    for (const at of [c.start, c.end]) {
      for (const [a, b] of inline) assert.ok(!(at > a && at < b), `${label}: boundary ${at} inside inline code ${JSON.stringify(doc.text.slice(a, b))}`);
      for (const [a, b] of blocks) {
        if (!(at > a && at < b)) continue;
        assert.ok(!blockFits(a, b), `${label}: boundary ${at} inside a block that fits ${JSON.stringify(doc.text.slice(a, a + 40))}`);
        // A table over the cap is split between rows: after a line, and in a grid table after a row's border.
        if (/^[|+]/.test(doc.text.slice(a, a + 1))) {
          const line = doc.text.slice(doc.text.lastIndexOf('\n', at - 1) + 1, at);
          const cut = at === c.start ? doc.text.slice(doc.text.lastIndexOf('\n', at - 2) + 1, doc.text.lastIndexOf('\n', at - 1)) : line;
          assert.ok(at === c.start ? doc.text[at - 1] === '\n' : doc.text[at] === '\n', `${label}: table cut ${at} inside a row`);
          if (doc.text[a] === '+') assert.match(cut, /^\+[-=+]/, `${label}: grid table cut ${at} between the lines of a row`);
        }
      }
    }
    if (i < chunks.length - 1) {
      const lastLine = c.text.split('\n').pop()!;
      // Only when the heading cannot go with the next chunk, where its body is, within the cap.
      if (/^#{1,6} /.test(lastLine)) {
        const withNext = doc.text.slice(c.end - lastLine.length, chunks[i + 1].end);
        assert.ok(countTokens(withNext) > options.chunkSize, `${label}: chunk ${i} ends on a bare heading ${JSON.stringify(lastLine)}`);
      }
      assert.ok(!/\b(?:e\.g|i\.e|etc|Dr|vs)\.$/.test(c.text), `${label}: chunk ${i} ends after an abbreviation: ${JSON.stringify(c.text.slice(-30))}`);
    }
    if (c.text.length < MIN_CHUNK_CHARS && chunks.length > 1) {
      // A scrap is allowed only when it cannot join either neighbour within the cap.
      for (const j of [i - 1, i + 1]) {
        if (j < 0 || j >= chunks.length) continue;
        const joined = doc.text.slice(Math.min(c.start, chunks[j].start), Math.max(c.end, chunks[j].end));
        assert.ok(countTokens(joined) > options.chunkSize, `${label}: scrap ${i} (${c.text.length} chars) could join chunk ${j}`);
      }
    }
    // The heading path names sections around the chunk, outermost first: each title is a heading before its end.
    const path = c.headingPath ?? [];
    let from = 0;
    for (const title of path) {
      const h = headings.find((x) => x.title === title && x.at >= from && x.at < c.end);
      assert.ok(h, `${label}: heading path ${JSON.stringify(path)} of chunk ${i} names "${title}", not a heading before it in order`);
      from = h!.at;
    }
    if (c.provenance.kind === 'file') {
      const raw = source.slice(c.provenance.start, c.provenance.end);
      assertWordsInOrder(c.text, raw, `${label} chunk ${i}`);
      const lines = source.split('\n').slice(c.provenance.startLine - 1, c.provenance.endLine).join('\n');
      assert.ok(lines.includes(raw), `${label}: lines ${c.provenance.startLine}-${c.provenance.endLine} hold the located range`);
    }
  });
}

describe('chunking: structure-aware invariants over generated trees', function () {
  this.timeout(120_000);
  const settings: ChunkOptions[] = [
    { splitterType: 'sentence', chunkSize: 120, breakpointPercentileThreshold: 95 },
    { splitterType: 'semantic', chunkSize: 300, breakpointPercentileThreshold: 80 },
    { splitterType: 'semantic', chunkSize: 4000, breakpointPercentileThreshold: 95 },
  ];
  for (const markup of ['markdown', 'rst', 'asciidoc', 'html'] as const) {
    it(`holds for ${markup}`, async () => {
      const r = prng(markup.length * 7919);
      for (let i = 0; i < 6; i++) {
        const g = generate(r, markup, i);
        const doc = await readDocument(g.name, Buffer.from(g.source));
        assert.ok(isDocument(doc), g.name);
        assert.doesNotMatch(doc.text, /:class:`|\.\. (?:code-block|versionadded|note)::|^\[source/m, `${g.name}: raw markup left in the model's text`);
        assert.match(doc.text, /model_worker|max_tokens|value_0|Guide/, `${g.name}: underscores and words survive`);
        if (g.source.includes('k1. A')) {
          // Every markup's table reaches the chunker as one block of rows: `| k1. A | v1. B |` right under another row.
          assert.match(doc.text, /^[|+][^\n]*\n\| k1\. A +\| v1\. B +\|$/m, `${g.name}: a table row of its own, inside the table block`);
        }
        for (const options of settings) checkChunks(doc, g.source, await chunkDocument(doc, 0, options), options);
      }
    });
  }

  it('gives each chunk the path of its sections, and a merged chunk the path its sections share', async () => {
    const long = (topic: string): string => Array.from({ length: 14 }, (_, i) => `The ${topic} paragraph sentence ${i} explains ${topic} settings in detail.`).join(' ');
    const text = `# Application Context\n\n## Purpose of the Context\n\n${long('purpose')}\n\n## Lifetime\n\n${long('lifetime')}\n\n### Short note\n\nA short note.\n\n### Other note\n\nAnother short note.\n`;
    const doc = await readDocument('ctx.md', Buffer.from(text));
    assert.ok(isDocument(doc));
    const chunks = await chunkDocument(doc, 0, { splitterType: 'sentence', chunkSize: 200, breakpointPercentileThreshold: 95 });
    const purpose = chunks.find((c) => c.text.includes('purpose paragraph sentence 3'));
    assert.deepEqual(purpose?.headingPath, ['Application Context', 'Purpose of the Context']);
    assert.ok(purpose!.text.startsWith('# Application Context\n\n## Purpose of the Context'), 'headings stay with the body they open');
    const notes = chunks.find((c) => c.text.includes('A short note.'));
    assert.ok(notes && notes.text.includes('Another short note.'), 'small neighbouring sections share a chunk');
    assert.deepEqual(notes!.headingPath, ['Application Context', 'Lifetime'], 'the path the merged sections share');
  });

  it('finds sentence ends but not after abbreviations, inside versions, file names, URLs or inline code', () => {
    const text = 'Use e.g. the `a. B` flag. Since v1.2.3 it reads config.yaml from https://x.io/a.b first. Dr. Rivera agrees, i.e. it works. Done! 数据集。下一句。';
    const ends = sentenceEnds(text).map((e) => text.slice(0, e));
    assert.deepEqual(ends.map((t) => t.slice(-12)), ['`a. B` flag.', 'o/a.b first.', 'e. it works.', 'works. Done!', '. Done! 数据集。']);
    assert.ok(ends[2].endsWith('Dr. Rivera agrees, i.e. it works.'));
  });
});

describe('chunking: where the real corpus found defects', function () {
  this.timeout(60_000);

  it("a list item's number or letter opens the item, it ends no sentence", () => {
    const text = 'Steps:\n\n1. Fork it!\n2. Commit your changes.\n   3. Push the branch.\nA. Open a pull request.\nThere are 3. More follow.';
    const ends = sentenceEnds(text).map((at) => text.slice(0, at).split('\n').pop());
    assert.deepEqual(ends, ['1. Fork it!', '2. Commit your changes.', '   3. Push the branch.', 'A. Open a pull request.', 'There are 3.']);
  });

  it('the semantic splitter cuts a code block over the cap only where the cap needs, not at topic shifts between its lines', async () => {
    // Long lines of changing words: the distances between neighbouring lines vary, as in glob's benchmark table.
    const r = prng(7);
    const lines = Array.from({ length: 60 }, (_, i) => `step_${i} = run(${Array.from({ length: 24 }, () => `"${WORDS[Math.floor(r() * WORDS.length)]}"`).join(', ')})`);
    const source = `# Benchmarks\n\nThe figures below come from one run.\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n\nThe end.\n`;
    const doc = await readDocument('bench.md', Buffer.from(source));
    assert.ok(isDocument(doc));
    const chunkSize = 900;
    const chunks = await chunkDocument(doc, 0, { splitterType: 'semantic', chunkSize, breakpointPercentileThreshold: 50 });
    const open = doc.text.indexOf('```');
    const close = doc.text.lastIndexOf('```');
    const cuts = chunks.slice(1).filter((c) => c.start > open && c.start < close).length;
    const needed = Math.ceil(countTokens(doc.text.slice(open, close + 3)) / chunkSize) - 1;
    assert.ok(needed >= 1, 'the block is over the cap');
    assert.ok(cuts <= needed + 1, `${cuts} cuts inside a block that needs ${needed}`);
  });

  it('a chunk continuing a code block over the cap carries its opening fence, and a window over that code shows it and stays whole', async () => {
    const code = Array.from({ length: 120 }, (_, i) => `value_${i} = compute(${i})  # step ${i}`).join('\n');
    const doc = await readDocument('run.md', Buffer.from(`# Run\n\nIntro sentence here.\n\n\`\`\`python\n${code}\n\`\`\`\n\nAfter the code. It ends here. Done now.\n`));
    assert.ok(isDocument(doc));
    const chunks = await chunkDocument(doc, 0, { splitterType: 'sentence', chunkSize: 300, breakpointPercentileThreshold: 95 });
    assert.ok(chunks.length > 2);
    assert.equal(chunks[0].codeFence, undefined);
    for (const c of chunks.slice(1)) {
      assert.equal(c.codeFence, '```python', `chunk at ${c.start} continues the block`);
      const at = c.text.indexOf('value_', 30);
      const statement = { id: 's', chunkId: c.id, content: 'x', start: c.start + at, end: c.start + at + 8, alignment: 1 };
      const span = evidenceWindow(c, [statement], 'medium');
      const closing = c.text.indexOf('```');
      assert.equal(span.start, 0, 'the window takes the continued code from the chunk start, as one unit');
      if (closing !== -1) assert.ok(span.end >= closing + 3, 'through its closing fence');
      else assert.equal(span.end, c.text.length);
      assert.match(windowText(c, span), /^Run\n\n```python\nvalue_\d+ = /, 'the fence (and language) is shown above the code');
    }
  });
  it('a sentence ending in a colon stays with the list, code or table it introduces (a trial split "from the following files:" from the files)', async () => {
    const r = prng(11);
    const prose = (n: number) => Array.from({ length: n }, () => sentence(r, 'markdown')).join(' ');
    const source = `# Env\n\n${prose(14)}\n\n## Files\n\nThe loader reads the following files in your directory:\n\n\`\`\`\n.env        # always\n.env.local  # always, ignored by git\n\`\`\`\n\n${prose(14)}\n\nSet these options:\n\n- one option\n- another option\n\n${prose(10)}\n`;
    const doc = await readDocument('env.md', Buffer.from(source));
    assert.ok(isDocument(doc));
    for (const splitterType of ['sentence', 'semantic'] as const) {
      for (const chunkSize of [120, 160, 200, 260]) {
        const chunks = await chunkDocument(doc, 0, { splitterType, chunkSize, breakpointPercentileThreshold: 50 });
        for (const c of chunks) {
          assert.doesNotMatch(c.text.trimEnd(), /:$/, `${splitterType} ${chunkSize}: a chunk ends on its introduction: …${c.text.slice(-60)}`);
        }
      }
    }
  });

  it('a sentence that runs around code blocks is one unit (a trial split CMake\'s "will be replaced with either [code] or [code]" from "depending on whether …")', async () => {
    const r = prng(12);
    const prose = (n: number) => Array.from({ length: n }, () => sentence(r, 'markdown')).join(' ');
    const around = 'Furthermore, input lines of the form\n\n```c\n#cmakedefine VAR ...\n```\n\nwill be replaced with either\n\n```c\n#define VAR ...\n```\n\nor\n\n```c\n/* #undef VAR */\n```\n\ndepending on whether `VAR` is set in CMake to any value not considered a false constant.';
    const source = `# configure_file\n\n${prose(12)}\n\n${around}\n\n${prose(12)}\n`;
    const doc = await readDocument('configure_file.md', Buffer.from(source));
    assert.ok(isDocument(doc));
    for (const splitterType of ['sentence', 'semantic'] as const) {
      for (const chunkSize of [120, 160, 200, 260]) {
        const chunks = await chunkDocument(doc, 0, { splitterType, chunkSize, breakpointPercentileThreshold: 50 });
        const holder = chunks.filter((c) => c.text.includes('#cmakedefine VAR'));
        assert.equal(holder.length, 1, `${splitterType} ${chunkSize}`);
        assert.ok(holder[0].text.includes(around), `${splitterType} ${chunkSize}: the sentence is cut: ${JSON.stringify(holder[0].text.slice(-120))}`);
        for (const c of chunks) assert.doesNotMatch(c.text, /^(will be|or\n|depending)/, `${splitterType} ${chunkSize}: a chunk starts mid-sentence`);
      }
    }
  });
});
