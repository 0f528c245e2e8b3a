import { strict as assert } from 'node:assert';
import { parseSessionFile, SessionParseError, transcriptLayout } from '../../../../src/core/ingest/sessions';
import { sessionToDocument } from '../../../../src/core/ingest/sessions/render';

function parseError(file: string, text: string): SessionParseError {
  try {
    parseSessionFile(file, text);
  } catch (error) {
    assert.ok(error instanceof SessionParseError, `expected SessionParseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a SessionParseError');
}

describe('sessions: JSON message arrays and objects', () => {
  it('reads a role/content array as one session', () => {
    const [s, ...rest] = parseSessionFile('chat.json', JSON.stringify([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }]));
    assert.equal(rest.length, 0);
    assert.equal(s.file, 'chat.json');
    assert.equal(s.id, '0');
    assert.deepEqual(s.messages, [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }]);
  });

  it('reads several {id, messages} sessions with metadata and text parts', () => {
    const sessions = parseSessionFile('many.json', JSON.stringify([
      { id: 'a', title: 'First', messages: [{ role: 'user', content: [{ type: 'text', text: 'Part one' }, { type: 'text', text: 'two' }] }] },
      { id: 'b', metadata: { channel: 'email' }, messages: [{ role: 'assistant', content: null, tool_calls: [{ function: { name: 'lookup', arguments: '{"q":1}' } }] }] },
    ]));
    assert.deepEqual(sessions.map((s) => s.id), ['a', 'b']);
    assert.equal(sessions[0].messages[0].content, 'Part one\ntwo');
    assert.equal(sessions[0].metadata.title, 'First');
    assert.equal(sessions[1].metadata.channel, 'email');
    assert.equal(sessions[1].messages[0].content, '[tool call lookup({"q":1})]');
  });

  it('keeps ids unique within a file', () => {
    const sessions = parseSessionFile('dup.json', JSON.stringify([{ id: 'x', messages: [] }, { id: 'x', messages: [] }]));
    assert.deepEqual(sessions.map((s) => s.id), ['x', 'x~2']);
  });
});

describe('sessions: JSONL', () => {
  it('groups message lines by session_id', () => {
    const text = [
      { session_id: 's1', role: 'user', content: 'Q1' },
      { session_id: 's2', role: 'user', content: 'Other' },
      { session_id: 's1', role: 'assistant', content: 'A1' },
    ].map((l) => JSON.stringify(l)).join('\n');
    const sessions = parseSessionFile('log.jsonl', `${text}\n`);
    assert.deepEqual(sessions.map((s) => [s.id, s.messages.map((m) => m.content)]), [['s1', ['Q1', 'A1']], ['s2', ['Other']]]);
  });

  it('reads one session per line', () => {
    const text = [{ id: 'a', messages: [{ role: 'user', content: 'x' }] }, { conversations: [{ from: 'human', value: 'y' }] }].map((l) => JSON.stringify(l)).join('\n');
    const sessions = parseSessionFile('s.jsonl', text);
    assert.deepEqual(sessions.map((s) => s.id), ['a', '1']);
    assert.equal(sessions[1].messages[0].role, 'user');
  });

  it('names the line and column of invalid JSON', () => {
    const e = parseError('bad.jsonl', '{"role":"user","content":"ok"}\n{"role": "user", "content": }\n');
    assert.equal(e.file, 'bad.jsonl');
    assert.equal(e.position, 'line 2, column 29');
    assert.match(e.message, /^bad\.jsonl: line 2, column 29: invalid JSON: value expected/);
  });

  it('refuses a file mixing sessions and messages', () => {
    const e = parseError('mix.jsonl', '{"role":"user","content":"a"}\n{"messages":[]}\n');
    assert.equal(e.position, 'line 2');
    assert.match(e.message, /mixes whole sessions with single messages/);
  });

  it('names the JSON path of a bad message on a line', () => {
    const e = parseError('m.jsonl', '{"role":"user","content":"a"}\n{"role":"","content":"b"}\n');
    assert.equal(e.position, 'line 2: $.role');
    assert.match(e.message, /expected a non-empty string, got a string/);
  });
});

describe('sessions: OpenAI chat-completion logs', () => {
  it('joins request messages and the first choice', () => {
    const log = {
      request: { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }] },
      response: { id: 'chatcmpl-1', model: 'gpt-4o-mini-2024', created: 1700000000, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Paris.' } }] },
    };
    const [s] = parseSessionFile('calls.jsonl', `${JSON.stringify(log)}\n`);
    assert.equal(s.id, 'chatcmpl-1');
    assert.deepEqual(s.messages.map((m) => m.role), ['system', 'user', 'assistant']);
    assert.equal(s.messages[2].content, 'Paris.');
    assert.equal(s.metadata.model, 'gpt-4o-mini-2024');
    assert.equal(s.metadata.finish_reason, 'stop');
  });

  it('names a missing reply message by JSON path', () => {
    const e = parseError('calls.json', JSON.stringify([{ request: { messages: [] }, response: { choices: [{}] } }]));
    assert.equal(e.position, '$[0].response.choices[0].message');
  });
});

describe('sessions: ShareGPT', () => {
  it('maps from/value to roles', () => {
    const [s] = parseSessionFile('sharegpt.json', JSON.stringify([{ id: 'sg-1', source: 'forum', conversations: [{ from: 'system', value: 'S' }, { from: 'human', value: 'Q' }, { from: 'gpt', value: 'A' }] }]));
    assert.equal(s.id, 'sg-1');
    assert.deepEqual(s.messages, [{ role: 'system', content: 'S' }, { role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }]);
    assert.equal(s.metadata.source, 'forum');
  });

  it('names a turn without value', () => {
    const e = parseError('sg.json', JSON.stringify({ conversations: [{ from: 'human', value: 'a' }, { from: 'gpt' }] }));
    assert.equal(e.position, '$.conversations[1].value');
    assert.match(e.message, /expected a string, got nothing/);
  });
});

describe('sessions: ChatGPT export', () => {
  const node = (id: string, parent: string | null, children: string[], role?: string, text?: string): object => ({
    id, parent, children,
    message: role ? { id, author: { role }, content: { content_type: 'text', parts: [text] } } : null,
  });
  const conversation = {
    title: 'Trip planning', conversation_id: 'conv-1', create_time: 1700000000,
    current_node: 'c',
    mapping: {
      root: node('root', null, ['sys']),
      sys: node('sys', 'root', ['a'], 'system', ''),
      a: node('a', 'sys', ['b', 'b2'], 'user', 'Where to go in May?'),
      b2: node('b2', 'a', [], 'assistant', 'An abandoned branch'),
      b: node('b', 'a', ['c'], 'assistant', 'Lisbon is lovely in May.'),
      c: node('c', 'b', [], 'user', 'Thanks!'),
    },
  };

  it('follows current_node up its parents and skips empty and abandoned messages', () => {
    const [s] = parseSessionFile('conversations.json', JSON.stringify([conversation]));
    assert.equal(s.id, 'conv-1');
    assert.equal(s.metadata.title, 'Trip planning');
    assert.deepEqual(s.messages.map((m) => `${m.role}: ${m.content}`), ['user: Where to go in May?', 'assistant: Lisbon is lovely in May.', 'user: Thanks!']);
  });

  it('names a dangling parent and a cycle', () => {
    const broken = { ...conversation, mapping: { ...conversation.mapping, c: node('c', 'missing', []) } };
    assert.equal(parseError('conversations.json', JSON.stringify([broken])).position, '$[0].mapping["missing"]');
    const cyclic = { current_node: 'x', mapping: { x: node('x', 'y', []), y: node('y', 'x', ['x']) } };
    assert.match(parseError('conversations.json', JSON.stringify(cyclic)).message, /parent links form a cycle/);
  });
});

describe('sessions: markdown transcripts', () => {
  it('reads speaker lines, multi-line messages and several sessions', () => {
    const text = [
      '# Refunds', '', 'User: I want a refund.', 'It arrived broken.', '', '**Assistant:** Sorry to hear that.', '```', 'User: not a speaker inside code', '```',
      '---', 'Human: Second chat', 'AI: Sure.',
    ].join('\n');
    const sessions = parseSessionFile('chats.md', text);
    assert.equal(sessions.length, 2);
    assert.deepEqual(sessions[0].metadata, { title: 'Refunds' });
    assert.deepEqual(sessions[1].metadata, {});
    assert.deepEqual(sessions[0].messages, [
      { role: 'user', content: 'I want a refund.\nIt arrived broken.' },
      { role: 'assistant', content: 'Sorry to hear that.\n```\nUser: not a speaker inside code\n```' },
    ]);
    assert.deepEqual(sessions[1].messages.map((m) => m.role), ['user', 'assistant']);
    assert.equal(sessions[1].id, '1');
  });

  it('reads speaker headings', () => {
    const [s] = parseSessionFile('t.md', '## User\n\nHow do I reset?\n\n## Assistant\n\nHold the button.\nTen seconds.\n');
    assert.deepEqual(s.messages, [{ role: 'user', content: 'How do I reset?' }, { role: 'assistant', content: 'Hold the button.\nTen seconds.' }]);
  });

  it('says what it expected when there is no transcript', () => {
    const e = parseError('notes.md', '# Just notes\n\nNothing here.');
    assert.equal(e.position, 'line 1');
    assert.match(e.message, /notes\.md: line 1: no transcript found: expected 'User:'/);
  });
});

describe('sessions: layout and errors', () => {
  it('chooses the layout from the extension, then the content', () => {
    assert.equal(transcriptLayout('a.jsonl', '[]'), 'jsonl');
    assert.equal(transcriptLayout('a.log', '{"a":1}\n{"b":2}\n'), 'jsonl');
    assert.equal(transcriptLayout('a.log', '{\n "a": 1\n}\n'), 'json');
    assert.equal(transcriptLayout('a', 'User: hi'), 'markdown');
  });

  it('names line and column of a JSON syntax error, after a BOM', () => {
    const e = parseError('x.json', '\ufeff[\n  {"role": "user", "content": "a"},\n  {"role": "user" "content": "b"}\n]');
    assert.equal(e.position, 'line 3, column 19');
    assert.match(e.message, /comma expected/);
  });

  it('names an unrecognised object', () => {
    const e = parseError('x.json', '{"foo": 1}');
    assert.equal(e.position, '$');
    assert.match(e.message, /not a recognised transcript: expected "messages"/);
  });
});

describe('sessions: rendering', () => {
  it('renders role: content blocks with exact message ranges', () => {
    const [s] = parseSessionFile('c.json', JSON.stringify({ id: 'k', messages: [{ role: 'user', content: 'Hi\nthere' }, { role: 'assistant', content: 'Hello' }] }));
    const doc = sessionToDocument(s);
    assert.equal(doc.text, '[turn 1] user: Hi\nthere\n\n[turn 2] assistant: Hello');
    assert.equal(doc.path, 'c.json#k');
    assert.equal(doc.format, 'session');
    for (const r of doc.session!.messageRanges) assert.equal(doc.text.slice(r.start, r.end), `[turn ${r.index + 1}] ${s.messages[r.index].role}: ${s.messages[r.index].content}`);
    assert.deepEqual(doc.locate(25, 49), { start: 25, end: 49, startLine: 4, endLine: 4 });
    assert.equal(doc.session!.title, "Conversation 'k'");
  });
});
