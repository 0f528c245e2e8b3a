/**
 * Tables in every markup reach the chunker as one block of `| … |` rows (one line per row, no blank lines
 * inside), so they are atomic when they fit and split between rows when they do not; cell words map back to
 * the original file.
 */
import { strict as assert } from 'node:assert';
import { chunkDocument } from '../../../../src/core/chunking';
import { parseBlocks } from '../../../../src/core/chunking/blocks';
import { isDocument, readDocument } from '../../../../src/core/ingest/readers';
import type { SourceDocument } from '../../../../src/core/ingest/types';
import { windowText } from '../../../../src/core/pipeline/evidence';

async function read(name: string, source: string): Promise<SourceDocument> {
  const d = await readDocument(name, Buffer.from(source));
  assert.ok(isDocument(d), name);
  return d;
}

function assertLocated(d: SourceDocument, source: string, word: string): void {
  const at = d.text.indexOf(word);
  assert.ok(at !== -1, `"${word}" is shown: ${JSON.stringify(d.text)}`);
  const span = d.locate(at, at + word.length);
  assert.equal(source.slice(span.start, span.end), word, `"${word}" maps back to itself`);
}

const ROWS = [['timeout', '30 s. Zero waits forever.'], ['retries', '3'], ['backoff', 'exponential']];

const SOURCES: Record<string, string> = {
  'opts.md': `# Options\n\nThe options are:\n\n| Name | Default |\n| --- | --- |\n${ROWS.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n\nAfter the table.\n`,
  'opts.html': `<h1>Options</h1><p>The options are:</p>\n<table>\n  <thead><tr><th>Name</th><th>Default</th></tr></thead>\n  <tbody>\n${ROWS.map(([k, v]) => `    <tr>\n      <td>${k}</td>\n      <td><p>${v}</p></td>\n    </tr>`).join('\n')}\n  </tbody>\n</table>\n<p>After the table.</p>`,
  'opts.adoc': `= Options\n\nThe options are:\n\n[cols="1,2", options="header"]\n|===\n|Name |Default\n\n${ROWS.map(([k, v]) => `|${k}\n|${v}`).join('\n\n')}\n|===\n\nAfter the table.\n`,
};

describe('ingest: tables as blocks of rows', () => {
  for (const [name, source] of Object.entries(SOURCES)) {
    it(`${name.split('.')[1]}: one line per row under a marked header row, one table block, cells located`, async () => {
      const d = await read(name, source);
      const table = d.text.slice(d.text.indexOf('| Name'), d.text.indexOf('\n\nAfter'));
      assert.equal(table, ['| Name | Default |', '| --- | --- |', ...ROWS.map(([k, v]) => `| ${k} | ${v} |`)].join('\n'));
      const blocks = parseBlocks(d.text).filter((b) => b.kind === 'table');
      assert.equal(blocks.length, 1, `${name}: one table block`);
      assert.equal(d.text.slice(blocks[0].start, blocks[0].end), table);
      for (const word of ['timeout', 'Zero waits forever', 'exponential', 'Default']) assertLocated(d, source, word);
    });
  }

  it('asciidoc: without a cols attribute the first line gives the columns, and a blank line after it makes it the header', async () => {
    const d = await read('t.adoc', '|===\n|a |b |c\n\n|1 |2 |3\n|4\n|5 |6\n|===\n');
    assert.equal(d.text.trim(), '| a | b | c |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |');
  });

  it('html: a table without <th> has no header marker; a nested table flows into its cell', async () => {
    const d = await read('t.html', '<table><tr><td>a</td><td>b <table><tr><td>x</td><td>y</td></tr></table></td></tr><tr><td>c</td><td>d</td></tr></table>');
    assert.equal(d.text.trim(), '| a | b x y |\n| c | d |');
  });

  for (const name of Object.keys(SOURCES)) {
    it(`${name.split('.')[1]}: a table that fits is never split; one over chunk_size splits between rows`, async () => {
      const many = Array.from({ length: 60 }, (_, i) => [`option_${i}`, `value ${i}. Applies to the gateway.`]);
      // The same document with 60 rows in place of the three.
      const big = SOURCES[name].replace(/(\| timeout[\s\S]*?exponential[^\n]*\n)|(<tr>\s*<td>timeout[\s\S]*?exponential<\/p><\/td>\s*<\/tr>)|(\|timeout[\s\S]*?\|exponential\n)/, () => {
          if (name.endsWith('.md')) return `${many.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`;
          if (name.endsWith('.html')) return many.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('\n');
          return `${many.map(([k, v]) => `|${k}\n|${v}`).join('\n\n')}\n`;
        });
      const small = await read(name, SOURCES[name]);
      for (const c of await chunkDocument(small, 0, { splitterType: 'sentence', chunkSize: 60, breakpointPercentileThreshold: 95 })) {
        assert.ok(!/^\| (?:timeout|retries|backoff)/.test(c.text) || c.text.includes('| Name'), `${name}: a table of ${small.text.length} chars that fits 60 tokens stays whole: ${JSON.stringify(c.text)}`);
      }
      const d = await read(name, big);
      const chunks = await chunkDocument(d, 0, { splitterType: 'semantic', chunkSize: 120, breakpointPercentileThreshold: 50 });
      const withRows = chunks.filter((c) => /^\| option_/m.test(c.text));
      assert.ok(withRows.length > 1, `${name}: the big table is split`);
      for (const c of withRows) {
        for (const line of c.text.split('\n').filter((l) => l.startsWith('| option_'))) assert.match(line, /^\| option_\d+ \| value \d+\. Applies to the gateway\. \|$/, `${name}: whole rows only`);
      }
      // Every piece after the first repeats the header row to the model, above its rows (never inside `text`).
      const header = '| Name | Default |\n| --- | --- |';
      for (const c of withRows.slice(1)) {
        assert.equal(c.tableHeader, header, `${name}: chunk at ${c.start} continues the table`);
        assert.equal(c.text, d.text.slice(c.start, c.end));
        const at = c.text.indexOf('| option_');
        assert.ok(windowText(c, { start: at, end: c.text.indexOf('\n', at) }).endsWith(`${header}\n${c.text.slice(at, c.text.indexOf('\n', at))}`), `${name}: a window of its rows shows the header`);
      }
      assert.equal(withRows[0].tableHeader, undefined, 'the first piece holds the header itself');
      const first = withRows[0];
      const row = first.text.indexOf('| option_3 ');
      assert.match(windowText(first, { start: row, end: first.text.indexOf('\n', row) }), /\| Name \| Default \|\n\| --- \| --- \|\n\| option_3 /, 'a window starting among rows of its own chunk gets the header too');
    });
  }
});

describe('ingest: rst grid tables over chunk_size', () => {
  it('split after a row border, never between the lines of a row, each piece after the first with the header rows', async () => {
    const border = (c: string): string => `+${c.repeat(14)}+${c.repeat(34)}+`;
    const rows = Array.from({ length: 40 }, (_, i) => [`| option_${i}`.padEnd(15) + `| value ${i}. Applies to the`.padEnd(35) + '|', `|`.padEnd(15) + `| gateway and the cache.`.padEnd(35) + '|', border('-')]).flat();
    const source = `Options\n=======\n\n${[border('-'), '| Name'.padEnd(15) + '| Default'.padEnd(35) + '|', border('='), ...rows].join('\n')}\n`;
    const d = await read('opts.rst', source);
    const chunks = await chunkDocument(d, 0, { splitterType: 'sentence', chunkSize: 150, breakpointPercentileThreshold: 95 });
    const pieces = chunks.filter((c) => c.text.includes('| option_'));
    assert.ok(pieces.length > 2, 'the table is split');
    const header = [border('-'), '| Name'.padEnd(15) + '| Default'.padEnd(35) + '|', border('=')].join('\n');
    for (const c of pieces.slice(1)) {
      assert.match(c.text, /^\| option_\d+ /, `piece at ${c.start} starts with a row's first line`);
      assert.match(c.text.split('\n').pop()!, /^\+-+\+-+\+$/, `piece at ${c.start} ends after a row's border`);
      assert.equal(c.tableHeader, header);
    }
  });
});
