import { strict as assert } from 'node:assert';
import { applyMoves, checkStaleness } from '../../../../src/core/dataset/staleness';
import { messagesSpanHash } from '../../../../src/core/dataset/span';
import type { Session } from '../../../../src/core/ingest/types';
import type { DatasetPair, SessionSource } from '../../../../src/core/dataset/types';
import { fileSourceIn, pair } from '../../support/datasetFixtures';

const DOC = [
  '# Lumen kettle',
  '',
  'The Lumen kettle boils 1.7 litres in four minutes.',
  'It switches itself off when the water boils.',
  '',
  '## Warranty',
  'The warranty lasts two years.',
  'Register online to extend it by a year.',
].join('\n');

function reader(files: Record<string, string>) {
  const reads: string[] = [];
  const read = async (p: string): Promise<string | undefined> => {
    reads.push(p);
    return files[p];
  };
  return { read, reads };
}

describe('checkStaleness: file sources', () => {
  const boil = pair({ id: 'boil', source: fileSourceIn(DOC, 'docs/kettle.md', 3, 4) });
  const warranty = pair({ id: 'warranty', source: fileSourceIn(DOC, 'docs/kettle.md', 7, 8) });

  it('reports unchanged spans as ok, reading each file once', async () => {
    const { read, reads } = reader({ 'docs/kettle.md': DOC });
    const reports = await checkStaleness([boil, warranty], read);
    assert.deepEqual(reports.map((r) => r.state), ['ok', 'ok']);
    assert.deepEqual(reads, ['docs/kettle.md']);
  });

  it('ignores CRLF line ends and trailing spaces', async () => {
    const { read } = reader({ 'docs/kettle.md': DOC.replace(/\n/g, '  \r\n') });
    assert.deepEqual((await checkStaleness([boil, warranty], read)).map((r) => r.state), ['ok', 'ok']);
  });

  it('finds a moved span and gives its new lines', async () => {
    const moved = ['Intro added above.', '', '', ...DOC.split('\n')].join('\n');
    const { read } = reader({ 'docs/kettle.md': moved });
    const [report] = await checkStaleness([warranty], read);
    assert.equal(report.state, 'moved');
    assert.deepEqual(report.moved, { ...warranty.source, start_line: 10, end_line: 11 });
    const [updated] = applyMoves([warranty], [report]);
    assert.equal((await checkStaleness([updated], read))[0].state, 'ok');
  });

  it('reports an edited span as stale', async () => {
    const edited = DOC.replace('two years', 'three years');
    const { read } = reader({ 'docs/kettle.md': edited });
    const reports = await checkStaleness([boil, warranty], read);
    assert.deepEqual(reports.map((r) => r.state), ['ok', 'stale']);
    assert.match(reports[1].reason!, /docs\/kettle\.md:7-8 changed or was deleted/);
  });

  it('names a one-line span by its line ("7", never "7-7") when it changed or moved', async () => {
    const line = pair({ id: 'line', source: fileSourceIn(DOC, 'docs/kettle.md', 7, 7) });
    const [stale] = await checkStaleness([line], reader({ 'docs/kettle.md': DOC.replace('two years', 'three years') }).read);
    assert.equal(stale.reason, 'docs/kettle.md:7 changed or was deleted');
    const [moved] = await checkStaleness([line], reader({ 'docs/kettle.md': ['Intro.', ...DOC.split('\n')].join('\n') }).read);
    assert.equal(moved.reason, 'docs/kettle.md:7 moved to line 8');
    const [span] = await checkStaleness([warranty], reader({ 'docs/kettle.md': ['Intro.', ...DOC.split('\n')].join('\n') }).read);
    assert.equal(span.reason, 'docs/kettle.md:7-8 moved to lines 8-9');
  });

  it('reports a deleted span as stale', async () => {
    const { read } = reader({ 'docs/kettle.md': DOC.split('\n').slice(0, 5).join('\n') });
    const reports = await checkStaleness([boil, warranty], read);
    assert.deepEqual(reports.map((r) => r.state), ['ok', 'stale']);
  });

  it('reports every pair of a deleted file as stale', async () => {
    const { read } = reader({});
    const reports = await checkStaleness([boil, warranty], read);
    assert.deepEqual(reports.map((r) => r.state), ['stale', 'stale']);
    assert.match(reports[0].reason!, /docs\/kettle\.md no longer exists/);
  });

  it('picks the nearest copy when the span text occurs twice', async () => {
    const twice = [...DOC.split('\n'), 'filler', ...DOC.split('\n').slice(5)].join('\n');
    const shifted = ['x', ...twice.split('\n')].join('\n');
    const { read } = reader({ 'docs/kettle.md': shifted });
    const [report] = await checkStaleness([warranty], read);
    assert.equal(report.state, 'moved');
    assert.equal((report.moved as { start_line: number }).start_line, 8);
  });
});

describe('checkStaleness: session sources', () => {
  const messages = [
    { role: 'user', content: 'My kettle will not switch off.' },
    { role: 'assistant', content: 'Please descale it; limescale blocks the sensor.' },
    { role: 'user', content: 'Thanks, that worked.' },
  ];
  const sessionsOf = (list: Session[]) => () => list;
  const source: SessionSource = { session_file: 'chats/support.json', session_id: 's1', message_indices: [0, 1], span_hash: messagesSpanHash(messages.slice(0, 2)) };
  const p: DatasetPair = pair({ id: 'chat', source });
  const { read } = reader({ 'chats/support.json': '(parsed by the injected parser)' });

  it('ok when the messages are unchanged', async () => {
    const parse = sessionsOf([{ file: 'chats/support.json', id: 's1', messages, metadata: {} }]);
    assert.equal((await checkStaleness([p], read, { parseSessions: parse }))[0].state, 'ok');
  });

  it('moved when the messages shifted or went to another session', async () => {
    const shifted = [{ role: 'system', content: 'Be kind.' }, ...messages];
    const parse = sessionsOf([{ file: 'chats/support.json', id: 's0', messages: [], metadata: {} }, { file: 'chats/support.json', id: 's9', messages: shifted, metadata: {} }]);
    const [report] = await checkStaleness([p], read, { parseSessions: parse });
    assert.equal(report.state, 'moved');
    assert.deepEqual(report.moved, { ...source, session_id: 's9', message_indices: [1, 2] });
  });

  it('stale when a message was edited, the session removed, or the file is unreadable', async () => {
    const edited = [messages[0], { role: 'assistant', content: 'Buy a new one.' }, messages[2]];
    const editedParse = sessionsOf([{ file: 'chats/support.json', id: 's1', messages: edited, metadata: {} }]);
    assert.equal((await checkStaleness([p], read, { parseSessions: editedParse }))[0].state, 'stale');
    assert.equal((await checkStaleness([p], read, { parseSessions: sessionsOf([]) }))[0].state, 'stale');
    const broken = () => { throw new Error('line 3: not JSON'); };
    const [report] = await checkStaleness([p], read, { parseSessions: broken });
    assert.equal(report.state, 'stale');
    assert.match(report.reason!, /cannot be read: line 3: not JSON/);
  });
});

describe('checkStaleness: real transcript files', () => {
  it('parses transcripts with ingest\'s parser by default', async () => {
    const messages = [{ role: 'user', content: 'Is E3 covered?' }, { role: 'assistant', content: 'Yes, under warranty.' }];
    const file = JSON.stringify([{ id: 't1', messages }]);
    const source: SessionSource = { session_file: 'chats/t.json', session_id: 't1', message_indices: [1], span_hash: messagesSpanHash([messages[1]]) };
    const read = async (p: string) => (p === 'chats/t.json' ? file : undefined);
    assert.equal((await checkStaleness([pair({ source })], read))[0].state, 'ok');
    const edited = JSON.stringify([{ id: 't1', messages: [messages[0], { role: 'assistant', content: 'No.' }] }]);
    assert.equal((await checkStaleness([pair({ source })], async () => edited))[0].state, 'stale');
  });
});
