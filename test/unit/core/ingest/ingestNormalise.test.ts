/**
 * Markup normalised for the model, provenance kept: per markup, what the model sees, and that every shown
 * word located in the document maps back to that very word of the original file.
 */
import { strict as assert } from 'node:assert';
import { documentFromText } from '../../../../src/core/ingest/document';
import type { DocumentFormat, SourceDocument } from '../../../../src/core/ingest/types';

function doc(format: DocumentFormat, source: string): SourceDocument {
  return documentFromText(`x.${format}`, source, format);
}

/** `word` (its first occurrence after `after` in the shown text) is located at that same word of the source. */
function assertLocated(d: SourceDocument, source: string, word: string, after = 0): void {
  const at = d.text.indexOf(word, after);
  assert.ok(at !== -1, `"${word}" is shown: ${JSON.stringify(d.text)}`);
  const span = d.locate(at, at + word.length);
  assert.equal(source.slice(span.start, span.end), word, `"${word}" maps back to itself`);
  const line = source.split('\n')[span.startLine - 1];
  assert.ok(line.includes(word), `line ${span.startLine} holds "${word}"`);
}

describe('ingest: markup normalised for the model', () => {
  it('rst: roles become their text, literals inline code, links their text; underscores in words survive', () => {
    const source = 'Intro\n=====\n\nIt creates a :class:`.Request` object, see :meth:`~.LocalProxy._get_current_object`\nand :ref:`the app context <app-ctx>`. Set ``max_tokens`` on model_worker, read `Flask <https://flask.io>`_ or Guide_.\n';
    const d = doc('rst', source);
    assert.equal(d.text.trim(), '# Intro\n\nIt creates a Request object, see _get_current_object\nand the app context. Set `max_tokens` on model_worker, read Flask or Guide.');
    for (const w of ['Request', '_get_current_object', 'the app context', 'max_tokens', 'model_worker', 'Flask']) assertLocated(d, source, w);
    assert.equal(d.source, source);
  });

  it('rst: a role over a name with a placeholder keeps it (no white space before `<`: no title and target)', () => {
    const source = 'Variants\n========\n\n* :prop_tgt:`OUTPUT_NAME_<CONFIG>`\n* :prop_tgt:`ARCHIVE_OUTPUT_NAME_<CONFIG>`, see :ref:`the guide <guide>`.\n';
    const d = doc('rst', source);
    assert.equal(d.text.trim(), '# Variants\n\n* OUTPUT_NAME_<CONFIG>\n* ARCHIVE_OUTPUT_NAME_<CONFIG>, see the guide.');
    assertLocated(d, source, 'ARCHIVE_OUTPUT_NAME_<CONFIG>');
  });

  it('rst: titles over/underlined are one heading line, levels in order of first use', () => {
    const source = '=====\nTitle\n=====\n\nSection\n-------\n\nSub\n~~~\n\nOther\n-------\n\nText.\n';
    const d = doc('rst', source);
    assert.deepEqual(d.text.split('\n').filter((l) => l.startsWith('#')), ['# Title', '## Section', '### Sub', '## Other']);
    assertLocated(d, source, 'Sub');
  });

  it('rst: directives become readable text; code blocks and :: literals fenced code with their language', () => {
    const source = [
      'Flashing With Categories', '------------------------', '', '.. versionadded:: 0.3', '',
      '.. versionchanged:: 1.0', '   The ``x`` is y now.', '', '.. note::', '   A flash lasts one request.', '',
      '.. warning:: Oversized flashes fail silently.', '', '.. code-block:: python', '   :linenos:', '',
      '   def create_app():', '       with app.app_context():', '           init_db()', '', 'Run it like this::', '', '    $ flask run', '',
      '.. toctree::', '   :maxdepth: 2', '', '   intro', '', '.. _label:', '', '.. autoclass:: flask.Flask', '', 'End.', '',
    ].join('\n');
    const d = doc('rst', source);
    const text = d.text;
    assert.match(text, /^# Flashing With Categories\n\nAdded in version 0\.3\.\n\nChanged in version 1\.0: The `x` is y now\.\n\nNote: A flash lasts one request\.\n\nWarning: Oversized flashes fail silently\.\n\n```python\ndef create_app\(\):\n    with app\.app_context\(\):\n        init_db\(\)\n```\n\nRun it like this:\n\n```\n\$ flask run\n```/);
    assert.doesNotMatch(text, /toctree|maxdepth|intro|_label|\.\. |linenos/);
    assert.match(text, /`flask\.Flask`/);
    for (const w of ['0.3', 'def create_app():', 'init_db()', 'Oversized flashes', '$ flask run']) assertLocated(d, source, w);
  });

  it('rst: a literal block in a list item ends where the text indent of the item resumes', () => {
    const source = '* Learned to name files::\n\n    <Name>_<Version>.deb\n\n  For compatibility see :variable:`CPACK_DEBIAN_FILE_NAME`.\n\n  .. warning::\n    It changed.\n';
    const d = doc('rst', source);
    assert.match(d.text, /^\* Learned to name files:\n\n```\n<Name>_<Version>\.deb\n```\n\nFor compatibility see CPACK_DEBIAN_FILE_NAME\.\n\nWarning: It changed\./);
    assertLocated(d, source, 'CPACK_DEBIAN_FILE_NAME');
  });

  it('markdown: links, images and emphasis become their text; code spans and fences stay; a file without markup is its own text', () => {
    const source = '# Guide\n\nSee [the guide](https://x.io/g.html "G") and ![a diagram](d.png), **bold**, *em*, _em2_ and <https://x.io>.\nKeep `a *b* [c](d)` and model_worker, snake_case_name.\n\n```js\nconst x = [a](b) * 2 * 3;\n```\n';
    const d = doc('markdown', source);
    assert.equal(d.text, '# Guide\n\nSee the guide and a diagram, bold, em, em2 and https://x.io.\nKeep `a *b* [c](d)` and model_worker, snake_case_name.\n\n```js\nconst x = [a](b) * 2 * 3;\n```\n');
    for (const w of ['the guide', 'a diagram', 'bold', 'em2', 'https://x.io', 'snake_case_name', 'const x = [a](b) * 2 * 3;']) assertLocated(d, source, w);
    const plain = '# Plain\n\nNo markup here, only max_tokens.\n';
    const p = doc('markdown', plain);
    assert.equal(p.text, plain);
    assert.equal(p.source, undefined);
  });

  it('markdown: admonition containers (:::tip Title … :::, :::note[Title]) and GitHub alerts read as "Tip: Title", "Note:"; inside code they stay', () => {
    const source = 'Intro.\n\n:::tip Env Loading Priorities\n\n  A mode file wins.\n:::\n\n:::warning SECURITY NOTES\n\n- keep `.local` out of git\n  :::\n\n> [!NOTE]\n> Restart after changes.\n\n```\n:::tip kept\n```\n:::note[Heads up]\nText.\n:::\n';
    const d = doc('markdown', source);
    assert.equal(d.text, 'Intro.\n\nTip: Env Loading Priorities\n\n  A mode file wins.\n\n\nWarning: SECURITY NOTES\n\n- keep `.local` out of git\n\n\n> Note:\n> Restart after changes.\n\n```\n:::tip kept\n```\nNote: Heads up\nText.\n\n');
    assert.doesNotMatch(d.text.replace(/```[\s\S]*?```/g, ''), /:::/, 'no container fence is left outside code');
    const at = d.text.indexOf('Tip: Env');
    assert.equal(d.locate(at, at + 10).startLine, 3, 'the label maps to its container line');
    for (const w of ['A mode file wins.', 'Restart after changes.', ':::tip kept']) assertLocated(d, source, w);
  });

  it('asciidoc: titles, listings, admonitions, links and cross references', () => {
    const source = '= Manual\n:toc:\n\n== Setup\n\nNOTE: Back up *first*.\n\n[source,python]\n----\nprint(max_tokens)\n----\n\nSee https://x.io[the site] and <<setup,Setup>> or xref:other.adoc[Other].\n\n[WARNING]\n====\nDo not unplug.\n====\n';
    const d = doc('asciidoc', source);
    assert.equal(d.text, '# Manual\n\n## Setup\n\nNote: Back up first.\n\n```python\nprint(max_tokens)\n```\n\nSee the site and Setup or Other.\n\nWarning: \nDo not unplug.\n');
    for (const w of ['Manual', 'Setup', 'first', 'print(max_tokens)', 'the site', 'Other', 'Do not unplug.']) assertLocated(d, source, w);
  });

  it('never drops non-ASCII text or punctuation', () => {
    const source = 'Größe\n=====\n\nDie *Größe* ist „groß“ — 数据集。 :guilabel:`Ausführen`!\n';
    const d = doc('rst', source);
    assert.equal(d.text.trim(), '# Größe\n\nDie Größe ist „groß“ — 数据集。 Ausführen!');
  });
});
