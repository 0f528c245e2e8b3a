/**
 * reStructuredText beyond roles and directives: substitution references resolved, docinfo front matter and
 * `.. meta::` kept from the model as raw markup (the title as a heading), and `.txt` pages that are rst read as rst.
 */
import { strict as assert } from 'node:assert';
import { chunkDocument } from '../../../../src/core/chunking';
import { documentFromText } from '../../../../src/core/ingest/document';
import { isDocument, readDocument } from '../../../../src/core/ingest/readers';
import { looksLikeRst } from '../../../../src/core/ingest/readers/markup/rstDetect';

describe('ingest: rst substitutions, docinfo and rst in .txt files', () => {
  it('a substitution reference shows its definition (replace with inline markup, unicode); an undefined one stays', () => {
    const source = 'Intro\n=====\n\nThe |project| app is |copy| 2024 and needs |req|. See |release|.\n\n.. |project| replace:: **Flask** :class:`~flask.Flask`\n.. |copy| unicode:: U+00A9\n.. |req| replace:: Python\n   3.9 or later\n';
    const d = documentFromText('x.rst', source, 'rst');
    assert.equal(d.text.trim(), '# Intro\n\nThe Flask Flask app is © 2024 and needs Python 3.9 or later. See |release|.');
    // The shown text maps back to the reference it stands for.
    const at = d.text.indexOf('Python');
    const span = d.locate(at, at + 'Python 3.9 or later'.length);
    assert.equal(source.slice(span.start, span.end), '|req|');
  });

  it('grid table bars are not substitution references', () => {
    const source = '.. |a| replace:: A\n\n+---+---+\n| a | b |\n+---+---+\n';
    assert.match(documentFromText('x.rst', source, 'rst').text, /^\| a \| b \|$/m);
  });

  it('docinfo at the top: :title: becomes the heading, bibliographic fields read as text, machinery fields and .. meta:: are dropped', async () => {
    const source = ':title: Message Flashing\n:author: Jane *Doe*\n:orphan:\n:tocdepth: 2\n\n.. meta::\n   :description: Flashing messages\n   :keywords: flask, flash\n\nA flashed message lasts one request.\n';
    const d = documentFromText('flash.rst', source, 'rst');
    assert.equal(d.text.trim(), '# Message Flashing\n\nAuthor: Jane Doe\n\nA flashed message lasts one request.');
    assert.doesNotMatch(d.text, /:(?:title|author|orphan|tocdepth|description|keywords):/);
    const [chunk] = await chunkDocument(d, 0, { splitterType: 'sentence', chunkSize: 400, breakpointPercentileThreshold: 95 });
    assert.deepEqual(chunk.headingPath, ['Message Flashing']);
    const at = d.text.indexOf('Jane');
    assert.equal(source.slice(d.locate(at, at + 4).start, d.locate(at, at + 4).end), 'Jane');
  });

  it('docinfo right after the document title reads the same way', () => {
    const source = '==========\nApp Guide\n==========\n\n:Author: Sam\n:Version: 1.2\n\nBody text.\n';
    assert.equal(documentFromText('x.rst', source, 'rst').text.trim(), '# App Guide\n\nAuthor: Sam\nVersion: 1.2\n\nBody text.');
  });

  it('a field list later in the page is left to the paragraph rules', () => {
    const source = 'Intro\n=====\n\nText first.\n\n:param x: the value\n';
    assert.match(documentFromText('x.rst', source, 'rst').text, /:param x: the value/);
  });

  it('detects rst in .txt files: underlined headings and roles or directives, not either alone, not markdown', async () => {
    const rst = 'Linking a library\n"""""""""""""""""\n\nUse :genex:`LINK_LIBRARY` here.\n\n.. note::\n   Careful.\n';
    assert.equal(looksLikeRst(rst), true);
    assert.equal(looksLikeRst('Title\n=====\n\nPlain text, e.g. a NEWS file.\n'), false);
    assert.equal(looksLikeRst('Use :genex:`LINK_LIBRARY` without headings.\n'), false);
    assert.equal(looksLikeRst('# Notes\n\nTitle\n=====\n\nSee :class:`x` in [docs](https://x.io).\n'), false);
    const d = await readDocument('Help/variable/LINK.txt', Buffer.from(rst));
    assert.ok(isDocument(d));
    assert.equal(d.format, 'rst');
    assert.equal(d.text.trim(), '# Linking a library\n\nUse LINK_LIBRARY here.\n\nNote: Careful.');
    const plain = await readDocument('NEWS.txt', Buffer.from('Title\n=====\n\nPlain text.\n'));
    assert.ok(isDocument(plain));
    assert.equal(plain.format, 'text');
  });
});
