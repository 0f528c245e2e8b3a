import { strict as assert } from 'node:assert';
import { readDocument } from '../../../../src/core/ingest/readers';
import { decodeUtf8, findInvalidUtf8, looksBinary } from '../../../../src/core/ingest/readers/decode';
import { htmlDocument, htmlToText } from '../../../../src/core/ingest/readers/html';
import { commentsDocument } from '../../../../src/core/ingest/readers/comments';
import { notebookDocument } from '../../../../src/core/ingest/readers/notebook';
import type { SourceDocument } from '../../../../src/core/ingest/types';
import { makeDocx, makeNotebook, makePdf } from '../../support/ingestFixtures';

async function read(path: string, data: string | Buffer, sourceComments = false): Promise<SourceDocument> {
  const result = await readDocument(path, typeof data === 'string' ? Buffer.from(data) : data, { sourceComments });
  assert.ok('text' in result, `expected a document, got ${JSON.stringify(result)}`);
  return result;
}

describe('readers: decoding', () => {
  it('strips a BOM and keeps offsets into the decoded text', async () => {
    const doc = await read('a.md', '\ufeffone\ntwo');
    assert.equal(doc.text, 'one\ntwo');
    assert.deepEqual(doc.locate(4, 7), { start: 4, end: 7, startLine: 2, endLine: 2 });
    assert.equal(decodeUtf8(Buffer.from('\ufeffx')).hadBom, true);
  });

  it('finds invalid UTF-8 byte offsets (bad lead, truncated, overlong, surrogate)', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82, 0x63, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe2, 0x82, 0xac]);
    assert.deepEqual(findInvalidUtf8(bytes), [1, 3, 6, 7, 8, 9, 10]);
    assert.deepEqual(findInvalidUtf8(Buffer.from('ok ü € 😀')), []);
  });

  it('reports invalid bytes as a warning naming the file, not as a failure', async () => {
    const doc = await read('docs/x.txt', Buffer.from([0x41, 0x0a, 0x80, 0x42]));
    assert.equal(doc.text, 'A\n\ufffdB');
    assert.deepEqual(doc.warnings, ['docs/x.txt: invalid UTF-8 at byte offset 2; replaced with U+FFFD (re-save the file as UTF-8 to fix)']);
  });

  it('tells binary from text by content', () => {
    assert.equal(looksBinary(Buffer.from('plain text\n\ttabbed\r\n')), false);
    assert.equal(looksBinary(Buffer.from('Ünïcödé 日本語')), false);
    assert.equal(looksBinary(Buffer.from([0x41, 0x00, 0x42])), true);
    assert.equal(looksBinary(Buffer.concat([Buffer.from('a'.repeat(80)), Buffer.alloc(20, 0x02)])), true);
    assert.equal(looksBinary(Buffer.concat([Buffer.from('a'.repeat(95)), Buffer.alloc(5, 0x02)])), false);
  });

  it('skips empty, whitespace-only and unsupported files with a reason', async () => {
    assert.deepEqual(await readDocument('e.md', Buffer.alloc(0)), { code: 'empty', reason: 'empty file' });
    assert.deepEqual(await readDocument('w.md', Buffer.from(' \n\t\n')), { code: 'empty', reason: 'no text (only whitespace)' });
    assert.deepEqual(await readDocument('x.png', Buffer.from('x')), { code: 'unsupported-format', reason: 'unsupported format (.png)' });
    assert.deepEqual(await readDocument('m.py', Buffer.from('x = 1')), { code: 'unsupported-format', reason: 'unsupported format (.py); turn on sourceComments to read its doc comments' });
    assert.deepEqual(await readDocument('m.py', Buffer.from('x = 1'), { sourceComments: true }), { code: 'empty', reason: 'no doc comments or docstrings found' });
  });

  it('reads md, mdx, txt and extension-less README without markup to normalise as they are, positions identical', async () => {
    for (const [name, format] of [['a.md', 'markdown'], ['a.mdx', 'markdown'], ['a.txt', 'text'], ['README', 'text']] as const) {
      const doc = await read(name, 'Title\n=====\n\nBody line.\n');
      assert.equal(doc.format, format);
      assert.equal(doc.text, 'Title\n=====\n\nBody line.\n');
      assert.deepEqual(doc.locate(13, 23), { start: 13, end: 23, startLine: 4, endLine: 4 });
    }
  });

  it('reads rst and adoc titles as one heading line, body located on its own line of the file', async () => {
    for (const [name, format, source] of [['a.rst', 'rst', 'Title\n=====\n\nBody line.\n'], ['a.adoc', 'asciidoc', '= Title\n\nBody line.\n']] as const) {
      const doc = await read(name, source);
      assert.equal(doc.format, format);
      assert.equal(doc.text.trim(), '# Title\n\nBody line.');
      const at = doc.text.indexOf('Body line.');
      assert.deepEqual(doc.locate(at, at + 10), { start: source.indexOf('Body'), end: source.indexOf('Body') + 10, startLine: source.split('\n').length - 1, endLine: source.split('\n').length - 1 });
      assert.equal(doc.source, source);
    }
  });
});

describe('readers: html', () => {
  const src = '<html><head><title>T &amp; C</title><style>.x{}</style><script>if (a < b) {}</script></head>\n<body>\n  <h2 class="x">Setup</h2>\n  <p>Run   <code>make</code>\n  now &mdash; or&nbsp;later &#169; &#x1F600;.</p>\n<!-- hidden --><pre>  keep\n    spacing</pre><ul><li>a</li><li>b</li></ul><img alt="x > y" src="i.png"></body></html>';
  const doc = htmlDocument('p.html', src, 'h', []);

  it('keeps text, not tags; skips script/style and comments; decodes references', () => {
    assert.equal(doc.text, 'T & C\n\n## Setup\n\nRun `make` now — or\u00a0later © 😀.\n\n```\n  keep\n    spacing\n```\n\n- a\n- b\n\n');
    assert.ok(!doc.text.includes('hidden'));
    assert.ok(!doc.text.includes('if (a'));
  });

  it('maps text ranges back to the markup, with lines', () => {
    const at = doc.text.indexOf('Run `make` now');
    const span = doc.locate(at, at + 'Run `make` now'.length);
    assert.equal(src.slice(span.start, span.end), 'Run   <code>make</code>\n  now');
    assert.deepEqual([span.startLine, span.endLine], [4, 5]);
    const dash = doc.text.indexOf('—');
    const d = doc.locate(dash, dash + 1);
    assert.equal(src.slice(d.start, d.end), '&mdash;');
    const heading = doc.text.indexOf('## Setup');
    const h = doc.locate(heading, heading + 8);
    assert.equal(src.slice(h.start, h.end), '<h2 class="x">Setup');
    assert.equal(htmlToText(src.slice(h.start, h.end)), '## Setup');
  });
});

describe('readers: notebooks', () => {
  const source = makeNotebook();
  const doc = notebookDocument('n.ipynb', source, 'h', []);

  it('keeps markdown and code cells, drops outputs and raw cells', () => {
    assert.equal(doc.text, '# Data loading\n\nThe loader reads **CSV** files lazily.\nQuotes "like this" are escaped in JSON.\n\n```python\nimport pandas as pd\ndf = pd.read_csv("data.csv")\n```');
    assert.ok(!doc.text.includes('raw cells'));
    assert.deepEqual(doc.warnings, []);
  });

  it('maps each source line to its string literal in the file', () => {
    const at = doc.text.indexOf('The loader');
    const span = doc.locate(at, at + 'The loader reads **CSV** files lazily.'.length);
    assert.equal(source.slice(span.start, span.end), 'The loader reads **CSV** files lazily.');
    const lines = source.split('\n');
    assert.ok(lines[span.startLine - 1].includes('The loader reads'));
    const q = doc.text.indexOf('Quotes');
    const qs = doc.locate(q, q + 'Quotes "like this" are escaped in JSON.'.length);
    assert.equal(source.slice(qs.start, qs.end), 'Quotes \\"like this\\" are escaped in JSON.');
    const code = doc.text.indexOf('df = pd');
    const cs = doc.locate(code, code + 5);
    assert.ok(lines[cs.startLine - 1].includes('df = pd.read_csv'));
  });

  it('skips a "source" key in metadata and finds the real cell source', () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: { source: ['elsewhere'] }, source: ['Real text'] }, { cell_type: 'markdown', metadata: {}, source: 'Second' }] });
    const d = notebookDocument('odd.ipynb', nb, 'h', []);
    assert.equal(d.text, 'Real text\n\nSecond');
    assert.deepEqual(d.warnings, []);
    const span = d.locate(0, 9);
    assert.equal(nb.slice(span.start, span.end), 'Real text');
  });

  it('maps escaped literals as a whole, and warns when a cell source cannot be found in the file', () => {
    const escaped = '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["\\u0041bc"]}]}';
    const d = notebookDocument('esc.ipynb', escaped, 'h', []);
    assert.equal(d.text, 'Abc');
    const span = d.locate(1, 2);
    assert.equal(escaped.slice(span.start, span.end), '\\u0041bc');
    const hidden = '{"cells": [{"cell_type": "markdown", "sourc\\u0065": ["Abc"]}]}';
    const h = notebookDocument('hidden.ipynb', hidden, 'h', []);
    assert.equal(h.text, 'Abc');
    assert.deepEqual(h.warnings, ['hidden.ipynb: cell 1: source lines not found in the file text; their provenance points before the cell, not at its lines']);
  });

  it('names the file when the notebook is not JSON', async () => {
    const result = await readDocument('bad.ipynb', Buffer.from('{"cells": ['));
    assert.equal((result as { code: string }).code, 'unreadable');
    assert.match((result as { reason: string }).reason, /^bad\.ipynb: not a readable Jupyter notebook: /);
  });
});

describe('readers: pdf and docx', function () {
  // the first pdf loads pdf.js, which takes seconds on a loaded machine
  this.timeout(60_000);

  it('reads pdf text per page with the page number in locate()', async () => {
    const doc = await read('r.pdf', makePdf([['First page text.', 'Line two.'], ['Second page text.']]));
    assert.equal(doc.format, 'pdf');
    assert.match(doc.text, /First page text\.\s+Line two\./);
    const at = doc.text.indexOf('Second page');
    assert.ok(at > 0);
    const span = doc.locate(at, at + 6);
    assert.equal(span.page, 2);
    assert.equal(span.startLine, 1);
    assert.equal(doc.locate(0, 5).page, 1);
  });

  it('skips a pdf without extractable text, saying it needs OCR', async () => {
    assert.deepEqual(await readDocument('scan.pdf', makePdf([[]])), { code: 'empty', reason: 'no extractable text in this pdf file (a scanned pdf needs OCR first)' });
  });

  it('reports a corrupt pdf as unreadable', async () => {
    const result = await readDocument('c.pdf', Buffer.from('%PDF-1.4 garbage'));
    assert.equal((result as { code: string }).code, 'unreadable');
    assert.match((result as { reason: string }).reason, /^cannot read this pdf file: /);
  });

  it('reads docx raw text, paragraphs separated by blank lines', async () => {
    const doc = await read('b.docx', await makeDocx(['Heading', 'Körper mit Umlauten.', 'End']));
    assert.equal(doc.format, 'docx');
    assert.equal(doc.text.trim(), 'Heading\n\nKörper mit Umlauten.\n\nEnd');
    const at = doc.text.indexOf('Körper');
    assert.deepEqual(doc.locate(at, at + 6), { start: at, end: at + 6, startLine: 3, endLine: 3 });
  });

  it('reports a file that is not a docx as unreadable', async () => {
    const result = await readDocument('n.docx', Buffer.from('not a zip'));
    assert.equal((result as { code: string }).code, 'unreadable');
  });
});

describe('readers: source doc comments (opt-in)', () => {
  it('reads JSDoc/TSDoc blocks with exact positions', async () => {
    const src = 'const a = 1; /* plain */\n/**\n * Adds two numbers.\n *\n * @param x first\n */\nfunction add() {}\n/** One-liner. */\n';
    const doc = await read('m.ts', src, true);
    assert.equal(doc.text, 'Adds two numbers.\n\n@param x first\n\nOne-liner.');
    const at = doc.text.indexOf('@param');
    const span = doc.locate(at, at + '@param x first'.length);
    assert.equal(src.slice(span.start, span.end), '@param x first');
    assert.deepEqual([span.startLine, span.endLine], [5, 5]);
  });

  it('reads Rust and C# /// comments', () => {
    const rs = commentsDocument('l.rs', '//! Crate docs.\n\n/// Parses input.\n/// Returns a tree.\nfn parse() {}\n// not doc\n', 'slashes', 'h', []);
    assert.equal(rs.text, 'Crate docs.\n\nParses input.\nReturns a tree.');
    const cs = commentsDocument('C.cs', '/// <summary>Does X.</summary>\npublic void X() {}\n', 'block-and-slashes', 'h', []);
    assert.equal(cs.text, '<summary>Does X.</summary>');
  });

  it('reads Python module, class and function docstrings but not other strings', async () => {
    const src = '"""Module docs."""\nimport os\n\nclass A:\n    """Class docs.\n\n    More.\n    """\n\n    def f(self,\n          x):\n        r\'\'\'Function docs.\'\'\'\n        s = """not a docstring"""\n        return s\n';
    const doc = await read('m.py', src, true);
    assert.equal(doc.text, 'Module docs.\n\nClass docs.\n\nMore.\n\nFunction docs.');
    const at = doc.text.indexOf('More.');
    const span = doc.locate(at, at + 5);
    assert.equal(src.slice(span.start, span.end), 'More.');
  });
});
