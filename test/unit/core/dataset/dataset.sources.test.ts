/**
 * The text a span hash is written from is the text `check` reads back, for every reader: the file itself for
 * files read as they are (a BOM does not count) and for normalised or converted formats (rst, markdown with
 * links, html: lines of the markup), the extracted text for pdf/docx. Shared by the CLI and the extension, so both write hashes `check` can recompute.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lineSpanHash } from '../../../../src/core/dataset/span';
import { sourceReader, sourceTextsOf } from '../../../../src/core/dataset/sources';
import { loadDocuments } from '../../../../src/core/ingest';

describe('dataset sources', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-sources-'));
    fs.writeFileSync(path.join(root, 'guide.md'), '\uFEFF# Guide\n\nThe cache keeps replies for 30 days.\r\nIt lives in ~/.cache.\n');
    fs.writeFileSync(path.join(root, 'context.rst'), 'Application Context\n===================\n\nIt creates a :class:`.Request` object.\n\n.. versionadded:: 0.3\n\n.. code-block:: python\n\n   init_db()\n');
    fs.writeFileSync(path.join(root, 'links.md'), '# Links\n\nRead [the guide](https://x.io/g) and **this** first.\n');
    fs.writeFileSync(path.join(root, 'page.html'), '<html><body>\n<h1>Title</h1>\n<p>The gateway retries\nthree times.</p>\n</body></html>\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives every document the text check reads back, line for line', async () => {
    const { documents } = await loadDocuments([root], root);
    assert.equal(documents.length, 4);
    const read = sourceReader(root);
    const texts = await sourceTextsOf(documents, read);
    for (const doc of documents) {
      const written = texts.get(doc.path);
      const checked = await read(doc.path);
      assert.ok(written !== undefined && checked !== undefined, doc.path);
      const lines = checked.split('\n').length;
      for (let line = 1; line <= lines; line++) {
        assert.equal(lineSpanHash(written, line, line), lineSpanHash(checked, line, line), `${doc.path}:${line}`);
      }
    }
    assert.match(texts.get('page.html')!, /<h1>Title<\/h1>/, 'html spans hash lines of the markup, where its provenance points');
    // Normalised markup: the model reads readable text, span hashes are of the file's lines, where provenance points.
    const rst = documents.find((d) => d.path === 'context.rst')!;
    assert.match(rst.text, /It creates a Request object\.[\s\S]*Added in version 0\.3\./);
    assert.match(texts.get('context.rst')!, /:class:`\.Request`/);
    assert.match(documents.find((d) => d.path === 'links.md')!.text, /Read the guide and this first\./);
    assert.match(texts.get('links.md')!, /\[the guide\]\(https:\/\/x\.io\/g\)/);
  });
});
