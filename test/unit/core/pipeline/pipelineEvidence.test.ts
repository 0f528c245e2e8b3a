/**
 * One body of evidence per pair: its verified statements plus one window of whole sentences and whole code
 * blocks around them, the heading path on top — the same for answering, validation and revision, and what the
 * dataset's contexts hold.
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph, documentFromText } from '../../../../src/core';
import { evidenceWindow, sourceUnits, windowText } from '../../../../src/core/pipeline/evidence';
import type { Chunk, Statement } from '../../../../src/core/domain/records';
import type { TaskPassage } from '../../../../src/core/domain/tasks';
import { FakeLlm, paragraphChunker, verdictOf } from '../../../support/fakeLlm';

const SENTENCES = [
  'The Kestrel pump moves 40 litres per minute.',
  'Its housing is made of cast iron.',
  'A float switch stops the pump when the sump is dry.',
  'The warranty covers the motor for five years.',
  'Replacement seals are sold in packs of three.',
  'The pump must be descaled every spring.',
  'Noise stays under 45 dB at full load.',
  'The power cord is ten metres long.',
  'A spare impeller ships in the box.',
  'The pump weighs nine kilograms.',
  'Its outlet takes a one-inch hose.',
  'Dealers in Norway stock the pump since 2019.',
];
const PARAGRAPH = SENTENCES.join(' ');

const CODE_DOC = [
  'Call create_app to build the application. It registers the blueprints.',
  '',
  '```python',
  'def create_app():',
  '    app = Flask(__name__)',
  '',
  '    with app.app_context():',
  '        init_db()',
  '    return app',
  '```',
  '',
  'The database is initialised inside an application context. Without one, init_db raises a RuntimeError.',
].join('\n');

function chunkOf(text: string, offset = 0, headingPath?: string[]): Chunk {
  return { id: 'c', docIndex: 0, path: 'p.md', text, start: offset, end: offset + text.length, tokens: 100, ...(headingPath ? { headingPath } : {}),
    provenance: { kind: 'file', path: 'p.md', startLine: 1, endLine: 1, start: offset, end: offset + text.length, spanHash: 'x' } };
}
function statementAt(chunk: Chunk, sentence: string): Statement {
  const at = chunk.text.indexOf(sentence);
  assert.ok(at >= 0, sentence);
  return { id: sentence, chunkId: chunk.id, content: sentence, quote: sentence, start: chunk.start + at, end: chunk.start + at + sentence.length, alignment: 1 };
}
const slice = (c: Chunk, w: { start: number; end: number }) => c.text.slice(w.start, w.end);

describe('evidence: the window of whole units', () => {
  it('splits prose into sentences across hard wraps, keeps headings and list items apart, and a code block whole', () => {
    assert.equal(sourceUnits(PARAGRAPH).length, SENTENCES.length);
    const wrapped = '# Pump\n' + SENTENCES.slice(0, 4).join(' ').replace(/(.{1,40})(?: |$)/g, '$1\n') + '- A list item.\n';
    const texts = sourceUnits(wrapped).map((x) => wrapped.slice(x.start, x.end));
    assert.equal(texts[0], '# Pump');
    assert.equal(texts[3].replace(/\s+/g, ' '), SENTENCES[2], 'a wrapped sentence is one unit');
    assert.equal(texts.at(-1), '- A list item.');
    const code = sourceUnits(CODE_DOC).map((x) => CODE_DOC.slice(x.start, x.end));
    assert.ok(code.includes(CODE_DOC.slice(CODE_DOC.indexOf('```python'), CODE_DOC.lastIndexOf('```') + 3)), 'the fenced block is one unit, fences included');
    assert.ok(!code.some((u) => u.startsWith('    ') || u.startsWith('with app')), 'no unit starts inside the code');
  });

  it('is one contiguous window: one unit before the first statement, one after the last (medium), more for long answers', () => {
    const chunk = chunkOf(PARAGRAPH, 100);
    const w = evidenceWindow(chunk, [statementAt(chunk, SENTENCES[2]), statementAt(chunk, SENTENCES[5])], 'medium');
    assert.equal(slice(chunk, w), SENTENCES.slice(1, 7).join(' '), 'no elision between the two statements');
    const long = evidenceWindow(chunk, [statementAt(chunk, SENTENCES[3])], 'long');
    assert.equal(slice(chunk, long), SENTENCES.slice(2, 7).join(' '));
  });

  it('takes a neighbouring code block whole and never cuts one: a window starts and ends on unit boundaries', () => {
    const chunk = chunkOf(CODE_DOC);
    const after = evidenceWindow(chunk, [statementAt(chunk, 'The database is initialised inside an application context.')], 'medium');
    const text = slice(chunk, after);
    assert.ok(text.startsWith('```python\ndef create_app():'), text);
    assert.ok(text.includes('        init_db()\n    return app\n```'), 'the whole block, no elision inside it');
    assert.ok(text.endsWith('raises a RuntimeError.'));
    const inside = evidenceWindow(chunk, [statementAt(chunk, 'with app.app_context():')], 'short');
    const t = slice(chunk, inside);
    assert.ok(t.startsWith('Call create_app') || t.startsWith('It registers'), `starts at a sentence: ${t.slice(0, 30)}`);
    assert.ok(t.includes('def create_app():') && t.includes('    return app\n```'), 'a statement inside code gets the whole block');
  });

  it('never ends on the next section\'s heading, and a passage opening with its own heading shows it as the path line', () => {
    const text = '# Pump\n\nThe Kestrel pump moves 40 litres per minute.\n\n## Care\n\nDescale it every spring.';
    const chunk = chunkOf(text, 0, ['Pump']);
    const w = evidenceWindow(chunk, [statementAt(chunk, 'The Kestrel pump moves 40 litres per minute.')], 'medium');
    assert.equal(slice(chunk, w), '# Pump\n\nThe Kestrel pump moves 40 litres per minute.', 'the window stops before "## Care"');
    assert.equal(windowText(chunk, w), 'Pump\n\nThe Kestrel pump moves 40 litres per minute.', 'its own title shown once, as the path line every context opens with');
    const care = evidenceWindow(chunk, [statementAt(chunk, 'Descale it every spring.')], 'medium');
    assert.equal(windowText(chunk, care), 'Pump\n\n## Care\n\nDescale it every spring.', 'the outer path stays above an inner heading');
  });

  it('takes whole turns of a conversation: a window never starts inside a turn', () => {
    const text = '[turn 1] user: I bought a K2 two years ago. The display shows E3 after every restart. Is that covered?\n\n[turn 2] assistant: E3 means the sensor is faulty. The K2 has a three-year warranty.';
    const units = sourceUnits(text).map((u) => text.slice(u.start, u.end));
    assert.deepEqual(units, [text.split('\n\n')[0], text.split('\n\n')[1]]);
    const chunk = chunkOf(text, 0, ["Conversation 'ticket-1057'"]);
    const w = evidenceWindow(chunk, [statementAt(chunk, 'Is that covered?')], 'short');
    assert.ok(slice(chunk, w).startsWith('[turn 1] user: I bought a K2'), 'the question keeps its turn and its premise');
  });

  it('cuts sentences as the chunker does: not after "e.g." or inside a version number or inline code', () => {
    const text = 'Set a limit, e.g. 40 litres per minute. Version 0.3 added `pump.stop(). Really`. The seal lasts five years.';
    const units = sourceUnits(text).map((u) => text.slice(u.start, u.end));
    assert.deepEqual(units, ['Set a limit, e.g. 40 litres per minute.', 'Version 0.3 added `pump.stop(). Really`.', 'The seal lasts five years.']);
  });

  it('puts the heading path on top and falls back to the whole chunk without aligned statements', () => {
    const chunk = chunkOf(PARAGRAPH, 0, ['Kestrel pump', 'Specifications']);
    const w = evidenceWindow(chunk, [statementAt(chunk, SENTENCES[0])], 'medium');
    assert.equal(windowText(chunk, w), `Kestrel pump › Specifications\n\n${SENTENCES.slice(0, 2).join(' ')}`);
    const unaligned = { ...statementAt(chunk, SENTENCES[2]), alignment: 0, start: chunk.start, end: chunk.end };
    assert.deepEqual(evidenceWindow(chunk, [unaligned], 'medium'), { start: 0, end: PARAGRAPH.length });
  });
});

describe('evidence: one body per pair in a run', () => {
  async function run(llm: FakeLlm, statementsPerChunk = 2, numPairs = 2) {
    return new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments([documentFromText('pump.md', PARAGRAPH, 'markdown')], {
      num_pairs: numPairs, statements_per_chunk: statementsPerChunk, question_types: ['factual'],
    });
  }
  const bodyOf = <E extends TaskPassage>(evidence: E[], id: string): E => evidence.find((e) => e.evidence_id === id)!;

  it('question writing sees the verified statements, with a quote only where it says more, not the chunk text again', async () => {
    const llm = new FakeLlm({ handlers: { extract_statements: (input) => ({ chunks: input.chunks.map((c) => ({ chunk_id: c.chunk_id, statements: [
      // the statement says all its quote says: the quote is not sent again
      { statement: SENTENCES[0], quote: SENTENCES[0], scope: 'current' },
      // the quote holds a term the statement left out: it is sent
      { statement: 'The Kestrel pump has a housing.', quote: SENTENCES[1], scope: 'current' },
    ] })) }) } });
    await run(llm);
    const q = llm.callsOf('generate_questions')[0].input.chunks[0];
    assert.equal('text' in q, false);
    assert.deepEqual(q.statements.map((s) => s.text), [SENTENCES[0], 'The Kestrel pump has a housing.']);
    assert.equal(q.statements[0].quote, undefined);
    assert.equal(q.statements[1].quote, SENTENCES[1]);
    assert.ok(PARAGRAPH.includes(q.statements[1].quote!), 'the quote is verbatim chunk text');
  });

  it('answering, validation and revision get the same body, and the dataset\'s contexts are that body', async () => {
    let weak = '';
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => {
        if (call === 0 && i === 0) { weak = p.question; return verdictOf(p.pair_id, 0.4, 'name the pump'); }
        return verdictOf(p.pair_id, 0.9);
      }) }),
      revise_questions: (input) => ({ revisions: input.pairs.map((p) => ({ pair_id: p.pair_id, question: `${p.question} (Kestrel)`, statement_indices: [0] })) }),
    } });
    const r = await run(llm);
    const answer0 = llm.callsOf('generate_answers')[0].input;
    const validate0 = llm.callsOf('validate_pairs')[0].input;
    const revise = llm.callsOf('revise_questions')[0].input;
    const answered = bodyOf(answer0.evidence, answer0.questions.find((q) => q.question === weak)!.evidence_id);
    const judged = bodyOf(validate0.evidence, validate0.pairs.find((p) => p.question === weak)!.evidence_id);
    const revised = bodyOf(revise.evidence, revise.pairs[0].evidence_id);
    assert.deepEqual(judged, { evidence_id: judged.evidence_id, text: answered.text }, 'validation sees the text the answer was written from, without the statement list again');
    assert.deepEqual({ ...revised, evidence_id: '' }, { ...answered, evidence_id: '' }, 'revision too');
    assert.ok(answered.text.startsWith(SENTENCES[0]) && !answered.text.includes(SENTENCES[3]), answered.text);
    assert.deepEqual(answered.statements, [{ index: 0, text: SENTENCES[0] }, { index: 1, text: SENTENCES[1] }], 'the statements inside the window (their quotes lie inside its text and are not sent again)');
    for (const s of SENTENCES.slice(0, 2)) assert.ok(answered.text.includes(s), 'each statement\'s quote is inside the window text');
    for (const task of ['generate_answers', 'validate_pairs'] as const) {
      const sent = llm.callsOf(task).flatMap((c) => c.input.evidence.map((e) => e.text)).join('\n');
      for (const far of SENTENCES.slice(3)) assert.ok(!sent.includes(far), `${task} is not sent "${far}"`);
    }
    const lastAnswered = new Map<string, string>();
    for (const call of llm.callsOf('generate_answers')) for (const q of call.input.questions) lastAnswered.set(q.question, bodyOf(call.input.evidence, q.evidence_id).text);
    for (const p of r.qaPairs) assert.deepEqual(p.contexts, [lastAnswered.get(p.question)], 'contexts hold the body the answer was written from');
  });

  it('sends a body shared by pairs of one chunk once per call', async () => {
    const llm = new FakeLlm({ handlers: {
      generate_questions: (input) => ({ questions: input.chunks.flatMap((c) => [
        { chunk_id: c.chunk_id, question: 'How much water does the Kestrel pump move per minute?', question_type: 'factual', statement_indices: [0, 1] },
        { chunk_id: c.chunk_id, question: 'What is the housing of the Kestrel pump made of?', question_type: 'factual', statement_indices: [1, 0] },
      ]) }),
    } });
    await run(llm, 2, 2);
    const a = llm.callsOf('generate_answers')[0].input;
    assert.equal(a.questions.length, 2);
    assert.equal(a.evidence.length, 1, 'both questions rest on statements of one window');
    assert.ok(a.questions.every((q) => q.evidence_id === a.evidence[0].evidence_id));
  });

  it('answers cite only statements of their body; the line range covers the statements they use', async () => {
    const text = ['# Pump', '', SENTENCES.slice(0, 3).join('\n'), '', SENTENCES.slice(3, 6).join('\n')].join('\n');
    const llm = new FakeLlm({ handlers: {
      generate_answers: (input) => ({ answers: input.questions.map((q) => ({ question_id: q.question_id, answer: 'It moves 40 litres per minute.', statement_indices: [0, 1, 2, 3, 4, 99] })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments([documentFromText('pump.md', text, 'markdown')], {
      num_pairs: 1, statements_per_chunk: 5, question_types: ['factual'],
    });
    const pair = r.qaPairs[0];
    const a = llm.callsOf('generate_answers')[0].input;
    const shown = new Set(a.evidence.flatMap((e) => e.statements.map((s) => s.text)));
    const cited = r.statements.filter((s) => pair.statementIds.includes(s.id));
    assert.ok(cited.length > 0 && cited.every((s) => shown.has(s.content)), 'indices outside the body are ignored');
    const body = a.evidence[0].text;
    assert.ok(pair.provenance.kind === 'file');
    const lines = text.split('\n');
    const covered = lines.slice(pair.provenance.startLine - 1, pair.provenance.endLine).join('\n');
    // the body opens with the chunk's heading path (its section, shown above the passage), then the passage itself
    const [path, , ...passage] = body.split('\n');
    assert.equal(path, 'Pump');
    for (const line of passage) assert.ok(covered.includes(line), `line range ${pair.provenance.startLine}-${pair.provenance.endLine} covers "${line}"`);
  });
});

describe('evidence: a conversation chunk is shown whole', () => {
  it('keeps the turns after the statement\'s turn in the window, so a later correction is in view', () => {
    const text = ['[turn 1] user: The K2 shows E3 after a restart.', '[turn 2] assistant: E3 means the sensor is loose; reseat it.',
      '[turn 3] user: That did not work.', '[turn 4] assistant: Sorry, E3 is a firmware fault: update to 2.4.'].join('\n');
    const file = chunkOf(text);
    const chunk: Chunk = { ...file, provenance: { kind: 'session', file: 'support.json', sessionId: 't1', messageIndices: [0, 1, 2, 3], spanHash: 'x' } };
    const claim = statementAt(chunk, 'E3 means the sensor is loose; reseat it.');
    assert.deepEqual(evidenceWindow(chunk, [claim], 'short'), { start: 0, end: text.length });
    const asDocument = slice(file, evidenceWindow(file, [statementAt(file, 'E3 means the sensor is loose; reseat it.')], 'short'));
    assert.ok(asDocument.length < text.length, 'a document chunk keeps its narrower window (the rule is the conversation\'s)');
  });
});

describe('evidence: a sentence that introduces a list keeps its list', () => {
  it('extends a window that would end on "…:" over the list items that follow, and no further', () => {
    const text = ['The parameter takes one of three values.', 'The following values are invalid for directory buckets:', '',
      '- `error` fails the command.', '- `skip` skips the object.', '', 'Uploads are not affected by the parameter.', 'Directory buckets were added in 2023.'].join('\n');
    const chunk = chunkOf(text);
    const w = slice(chunk, evidenceWindow(chunk, [statementAt(chunk, 'The parameter takes one of three values.')], 'short'));
    assert.match(w, /- `skip` skips the object\.$/);
    assert.doesNotMatch(w, /2023/);
  });
});

describe('evidence: a sentence that runs around code blocks is never cut', () => {
  it('a window on its last clause opens where the sentence does, and one on its opening runs to its end', () => {
    const text = ['Each reference is replaced with its value.', '', 'Furthermore, input lines of the form', '', '```c', '#cmakedefine VAR ...', '```', '',
      'will be replaced with either', '', '```c', '#define VAR ...', '```', '', 'or', '', '```c', '/* #undef VAR */', '```', '',
      'depending on whether `VAR` is set to a value that is not a false constant.', '', 'The output file is written only when its content changes.',
      'Later builds reuse it.', 'Nothing else is copied.'].join('\n');
    const chunk = chunkOf(text);
    const sentence = text.slice(text.indexOf('Furthermore'), text.indexOf(' constant.') + ' constant.'.length);
    const onClause = slice(chunk, evidenceWindow(chunk, [statementAt(chunk, 'depending on whether `VAR` is set')], 'short'));
    assert.ok(onClause.includes(sentence), `the window holds the whole sentence: ${JSON.stringify(onClause)}`);
    const onOpening = slice(chunk, evidenceWindow(chunk, [statementAt(chunk, 'Furthermore, input lines of the form')], 'short'));
    assert.ok(onOpening.includes(sentence), `from its opening too: ${JSON.stringify(onOpening)}`);
    assert.doesNotMatch(onOpening, /Nothing else/, 'and no further than the usual sentence after it');
  });

  it('takes no context sentence from another paragraph: a definition-list entry\'s window stays in its entry', () => {
    const text = ['`<input>`', 'Path to the input file.  A relative path is treated with respect to', 'the value of CMAKE_CURRENT_SOURCE_DIR.  The input path',
      'must be a file, not a directory.', '', '`<output>`', 'Path to the output file or directory.  A relative path is treated',
      'with respect to the value of CMAKE_CURRENT_BINARY_DIR.', '', 'The output is written only when its content changes.'].join('\n');
    const chunk = chunkOf(text);
    const w = slice(chunk, evidenceWindow(chunk, [statementAt(chunk, 'Path to the output file or directory.')], 'medium'));
    assert.equal(w, text.slice(text.indexOf('`<output>`'), text.indexOf('BINARY_DIR.') + 'BINARY_DIR.'.length), w);
  });

  it('does not grow over a list whose items have no full stops (one block after another is no sentence going on)', () => {
    const text = ['The exporter writes these formats.', '', '- ragas', '- deepeval', '- promptfoo', '- csv', '', 'Each format has its own loader.'].join('\n');
    const chunk = chunkOf(text);
    const w = slice(chunk, evidenceWindow(chunk, [statementAt(chunk, '- ragas')], 'short'));
    assert.doesNotMatch(w, /promptfoo|csv/, w);
  });
});
