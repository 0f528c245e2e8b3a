import assert from 'node:assert/strict';
import { createStructuredLlm, forgetLearnedFormats, learnedFormat, type ChatTransport, type ReplyFormat, type TransportReply, type TransportRequest } from '../../../../src/core/llm/transport';
import { InvalidReplyError, TransportError } from '../../../../src/core/llm/errors';
import { extractJsonText, interpretReply } from '../../../../src/core/llm/replyParsing';
import { isFatalLlmError, type FatalLlmError, type RetryInfo, type StructuredRequest } from '../../../../src/core/llm/port';

const schema = {
  type: 'object',
  properties: { answers: { type: 'array', items: { type: 'string' } } },
  required: ['answers'],
  additionalProperties: false,
};

function request(extra: Partial<StructuredRequest> = {}): StructuredRequest {
  return {
    task: 'generate_answers', promptVersion: 't1', schema, input: {},
    messages: [{ role: 'system', content: 'QA Forge task: generate_answers (prompt t1)' }, { role: 'user', content: 'hi' }],
    ...extra,
  };
}

/** A scripted transport: each call takes the next reply (or error) from the script. */
class ScriptedTransport implements ChatTransport {
  readonly provider = 'fake';
  readonly model = 'm';
  readonly requests: TransportRequest[] = [];
  constructor(readonly endpoint: string, private readonly script: Array<TransportReply | Error | ((r: TransportRequest) => TransportReply | Error)>) {}
  async complete(req: TransportRequest): Promise<TransportReply> {
    this.requests.push(req);
    let step = this.script.shift();
    if (typeof step === 'function') step = step(req);
    if (!step) throw new Error('script exhausted');
    if (step instanceof Error) throw step;
    return step;
  }
}

describe('llm: structured replies', () => {
  beforeEach(() => forgetLearnedFormats());

  it('extracts JSON from fences and prose', () => {
    assert.equal(extractJsonText('Sure:\n```json\n{"a":1}\n```\nbye'), '{"a":1}');
    assert.equal(extractJsonText('Here it is {"a":1} done'), '{"a":1}');
  });

  it('repairs almost-JSON but refuses to repair a reply cut off by the token limit', () => {
    const repaired = interpretReply("{answers: ['x', 'y',]}", schema);
    assert.deepEqual(repaired, { ok: true, value: { answers: ['x', 'y'] } });
    const cut = interpretReply('{"answers": ["x", "y', schema, 'length');
    assert.equal(cut.ok, false);
  });

  it('returns a valid reply with usage and asks json_schema first', async () => {
    const t = new ScriptedTransport('e1', [{ text: '{"answers":["a"]}', usage: { promptTokens: 10, completionTokens: 3 } }]);
    const llm = createStructuredLlm(t);
    const reply = await llm.chatJson<{ answers: string[] }>(request());
    assert.deepEqual(reply.value, { answers: ['a'] });
    assert.deepEqual(reply.usage, { promptTokens: 10, completionTokens: 3 });
    assert.equal(t.requests[0].format, 'json_schema');
    assert.equal(t.requests[0].schemaName, 'generate_answers');
  });

  it('re-asks with the validation problem and sums usage over attempts', async () => {
    const retries: RetryInfo[] = [];
    const t = new ScriptedTransport('e2', [
      { text: 'I am sorry, I cannot', usage: { promptTokens: 5, completionTokens: 5 } },
      { text: '{"answers": 3}', usage: { promptTokens: 6, completionTokens: 2 } },
      { text: '```json\n{"answers":["ok"]}\n```', usage: { promptTokens: 7, completionTokens: 4 } },
    ]);
    const reply = await createStructuredLlm(t).chatJson(request({ onRetry: (i) => retries.push(i) }));
    assert.deepEqual(reply.value, { answers: ['ok'] });
    assert.deepEqual(reply.usage, { promptTokens: 18, completionTokens: 11 });
    const last = t.requests[2].messages.at(-1)!;
    assert.equal(last.role, 'user');
    assert.match(last.content, /does not match the schema/);
    assert.equal(retries.length, 2);
  });

  it('fails with an error naming the task after the bounded re-asks', async () => {
    const t = new ScriptedTransport('e3', [{ text: 'nope' }, { text: 'nope' }, { text: 'nope' }, { text: '{"answers":[]}' }]);
    await assert.rejects(createStructuredLlm(t).chatJson(request()), (e: unknown) =>
      e instanceof InvalidReplyError && e.task === 'generate_answers' && e.attempts === 3 && /generate_answers/.test(e.message));
    assert.equal(t.requests.length, 3);
  });

  it('the error of a reply that stayed invalid carries the tokens its attempts spent', async () => {
    const u = { promptTokens: 10, completionTokens: 2 };
    const t = new ScriptedTransport('e3u', [{ text: 'nope', usage: u }, { text: 'nope', usage: u }, { text: 'nope', usage: u }]);
    await assert.rejects(createStructuredLlm(t).chatJson(request()), (e: unknown) =>
      e instanceof InvalidReplyError && e.usage.promptTokens === 30 && e.usage.completionTokens === 6);
  });

  it('counts tokens locally when the endpoint reports no usage', async () => {
    const t = new ScriptedTransport('e4', [{ text: '{"answers":["a b c"]}' }]);
    const reply = await createStructuredLlm(t).chatJson(request());
    assert.ok(reply.usage.promptTokens > 0);
    assert.ok(reply.usage.completionTokens > 0);
  });

  it('downgrades json_schema → json_object → text when refused, and remembers it per endpoint and model', async () => {
    const refuse = (format: ReplyFormat) => (r: TransportRequest) =>
      r.format === format ? new TransportError('response_format not supported', 'format-unsupported', 400) : { text: '{"answers":[]}' };
    const t = new ScriptedTransport('e5', [refuse('json_schema'), refuse('json_object'), refuse('json_object'), refuse('json_object')]);
    const llm = createStructuredLlm(t);
    await llm.chatJson(request());
    assert.deepEqual(t.requests.map((r) => r.format), ['json_schema', 'json_object', 'text']);
    assert.equal(learnedFormat('e5', 'm'), 'text');
    assert.match(t.requests[2].messages[0].content, /JSON Schema/);
    await llm.chatJson(request());
    assert.equal(t.requests[3].format, 'text');
    const other = new ScriptedTransport('e6', [{ text: '{"answers":[]}' }]);
    await createStructuredLlm(other).chatJson(request());
    assert.equal(other.requests[0].format, 'json_schema');
  });

  it('retries transport failures that are retryable and reports them', async () => {
    const retries: RetryInfo[] = [];
    const t = new ScriptedTransport('e7', [new TransportError('busy', 'http', 503), { text: '{"answers":[]}' }]);
    const llm = createStructuredLlm(t, { retry: { baseDelayMs: 1 } });
    await llm.chatJson(request({ onRetry: (i) => retries.push(i) }));
    assert.equal(retries.length, 1);
    assert.match(retries[0].reason, /busy/);
  });

  it('an endpoint that refuses connections through the retries of two calls in a row stops the run with one fatal error', async () => {
    const down = () => new TransportError('could not reach the OpenAI-compatible endpoint 127.0.0.1:9: fetch failed', 'network');
    const t = new ScriptedTransport('e9', Array.from({ length: 6 }, down));
    const llm = createStructuredLlm(t, { retry: { baseDelayMs: 0, maxRetries: 2 } });
    // the first call that spends its retries is one lost batch: a short outage may be over by the next call
    await assert.rejects(llm.chatJson(request()), (e: Error) => e instanceof TransportError && e.failure === 'network');
    await assert.rejects(llm.chatJson(request()), (e: Error) => {
      assert.ok(isFatalLlmError(e), String(e));
      assert.equal((e as FatalLlmError).reason, 'unreachable');
      assert.match(e.message, /^could not reach the OpenAI-compatible endpoint 127\.0\.0\.1:9: fetch failed \(2 calls in a row, 3 attempts each\), so the run stops here/);
      return true;
    });
    assert.equal(t.requests.length, 6, 'each call made its 1 + 2 attempts, no more');
  });

  it('a reply between two unreachable calls resets the count: a short outage is not fatal', async () => {
    const down = () => new TransportError('could not reach e10: fetch failed', 'network');
    const t = new ScriptedTransport('e10', [down(), { text: '{"answers":[]}' }, down(), { text: '{"answers":[]}' }, down()]);
    const llm = createStructuredLlm(t, { retry: { baseDelayMs: 0, maxRetries: 0 } });
    await assert.rejects(llm.chatJson(request()), (e: Error) => e instanceof TransportError);
    await llm.chatJson(request());
    await assert.rejects(llm.chatJson(request()), (e: Error) => e instanceof TransportError);
    await llm.chatJson(request());
    await assert.rejects(llm.chatJson(request()), (e: Error) => e instanceof TransportError, 'one failure after a success is not fatal');
  });

  it('timeouts and 5xx that spend their retries never count as unreachable', async () => {
    const t = new ScriptedTransport('e11', [new TransportError('busy', 'http', 503), new TransportError('slow', 'timeout'), new TransportError('busy', 'http', 502)]);
    const llm = createStructuredLlm(t, { retry: { baseDelayMs: 0, maxRetries: 0 } });
    for (let i = 0; i < 3; i++) await assert.rejects(llm.chatJson(request()), (e: Error) => e instanceof TransportError);
  });

  it('does not retry a 400 that is not about the reply format', async () => {
    const t = new ScriptedTransport('e8', [new TransportError('bad request', 'http', 400), { text: '{"answers":[]}' }]);
    await assert.rejects(createStructuredLlm(t).chatJson(request()), /bad request/);
    assert.equal(t.requests.length, 1);
  });
});

describe('llm: structured replies cut off by the token limit', () => {
  it('re-asks with twice the output-token limit', async () => {
    forgetLearnedFormats();
    const t = new ScriptedTransport('e9', [
      { text: '{"answers": ["a", "b', finishReason: 'length', usage: { promptTokens: 1, completionTokens: 1 } },
      { text: '{"answers": ["a", "b"]}', finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1 } },
    ]);
    const reply = await createStructuredLlm(t).chatJson<{ answers: string[] }>(request({ maxOutputTokens: 100 }));
    assert.deepEqual(reply.value.answers, ['a', 'b']);
    assert.deepEqual(t.requests.map((r) => r.maxOutputTokens), [100, 200]);
    assert.match(t.requests[1].messages.at(-1)!.content, /cut off/);
  });
});
