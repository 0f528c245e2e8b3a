/**
 * The vscode.lm adapter against a stand-in for the `vscode` module (the real one exists only inside VS Code;
 * H5's harness runs it there). Checks what VS Code cannot easily show: cancellation bridging, consent and
 * no-model errors, usage from countTokens, and the shared repair/re-ask path.
 */
import assert from 'node:assert/strict';
import Module from 'node:module';
import type { LlmClient } from '../../../../src/core/llm/factory';
import { TASK_SCHEMAS } from '../../../../src/core/domain/taskSchemas';
import { isFatalLlmError } from '../../../../src/core/llm/port';

type Listener = () => void;
class CancellationTokenSource {
  private listeners: Listener[] = [];
  disposed = false;
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: (l: Listener) => { this.listeners.push(l); return { dispose() {} }; },
  };
  cancel(): void {
    this.token.isCancellationRequested = true;
    for (const l of this.listeners) l();
  }
  dispose(): void { this.disposed = true; }
}
class CancellationError extends Error {}
class LanguageModelError extends Error {
  constructor(message: string, readonly code: string) { super(message); }
  static NoPermissions(m = 'no permissions') { return new LanguageModelError(m, 'NoPermissions'); }
  static Blocked(m = 'blocked') { return new LanguageModelError(m, 'Blocked'); }
  static NotFound(m = 'not found') { return new LanguageModelError(m, 'NotFound'); }
}

interface FakeMessage { role: 'user' | 'assistant'; content: string }
interface FakeModel {
  vendor: string; family: string; name: string; id: string;
  sendRequest(messages: FakeMessage[], options: unknown, token: CancellationTokenSource['token']): Promise<{ text: AsyncIterable<string> }>;
  countTokens(text: string | FakeMessage): Promise<number>;
}
let models: FakeModel[] = [];
const fakeVscode = {
  CancellationTokenSource, CancellationError, LanguageModelError,
  LanguageModelChatMessage: {
    User: (content: string): FakeMessage => ({ role: 'user', content }),
    Assistant: (content: string): FakeMessage => ({ role: 'assistant', content }),
  },
  lm: {
    selectChatModels: async (s: { vendor?: string; family?: string }) =>
      models.filter((m) => (!s.vendor || m.vendor === s.vendor) && (!s.family || m.family === s.family)),
  },
};

function model(reply: (messages: FakeMessage[], token: CancellationTokenSource['token']) => Promise<string[]>): FakeModel & { seen: FakeMessage[][] } {
  const seen: FakeMessage[][] = [];
  return {
    vendor: 'copilot', family: 'gpt-test', name: 'GPT Test', id: 'copilot-gpt-test', seen,
    async sendRequest(messages, _options, token) {
      seen.push(messages);
      const parts = await reply(messages, token);
      return { text: (async function* () { yield* parts; })() };
    },
    async countTokens(text) { return (typeof text === 'string' ? text : text.content).split(/\s+/).length; },
  };
}

const request = (signal?: AbortSignal) => ({
  task: 'validate_pairs', promptVersion: 't', schema: TASK_SCHEMAS.validate_pairs, input: {}, signal,
  messages: [{ role: 'system' as const, content: 'QA Forge task: validate_pairs (prompt t)' }, { role: 'user' as const, content: 'pairs' }],
});

describe('llm: vscode.lm adapter (against a stand-in vscode module)', () => {
  type Adapter = typeof import('../../../../src/host/llm/vscodeLmTransport');
  let adapter: Adapter;
  const load = (Module as unknown as { _load: (r: string, ...rest: unknown[]) => unknown })._load;

  before(async () => {
    (Module as unknown as { _load: typeof load })._load = function (req: string, ...rest: unknown[]) {
      return req === 'vscode' ? fakeVscode : load.call(this, req, ...rest);
    };
    adapter = await import('../../../../src/host/llm/vscodeLmTransport');
  });
  after(() => { (Module as unknown as { _load: typeof load })._load = load; });

  function client(m: FakeModel): LlmClient {
    return adapter.createVscodeLmLlm({ model: m as never, cacheDir: null, timeoutMs: 5000 });
  }

  it('collects the text stream, counts usage with the model, and puts the schema in the prompt (text format)', async () => {
    const m = model(async () => ['{"verdicts"', ': []}']);
    const reply = await client(m).chatJson(request());
    assert.deepEqual(reply.value, { verdicts: [] });
    assert.ok(reply.usage.promptTokens > 0 && reply.usage.completionTokens > 0);
    assert.equal(m.seen[0][0].role, 'user', 'system text goes first as a user message');
    assert.match(m.seen[0][0].content, /JSON Schema/);
  });

  it('repairs and re-asks through the shared path', async () => {
    let n = 0;
    const m = model(async () => (n++ === 0 ? ['Sorry, no JSON today.'] : ['```json\n{"verdicts": [],}\n```']));
    const reply = await client(m).chatJson(request());
    assert.deepEqual(reply.value, { verdicts: [] });
    assert.equal(m.seen.length, 2);
  });

  it('cancels the VS Code request when the AbortSignal fires', async () => {
    let cancelled = false;
    const m = model((_msgs, token) => new Promise((_, reject) => {
      token.onCancellationRequested(() => { cancelled = true; reject(new CancellationError()); });
    }));
    const controller = new AbortController();
    const call = client(m).chatJson(request(controller.signal));
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(call, (e: Error) => e.name === 'AbortError');
    assert.ok(cancelled);
  });

  it('says clearly when consent was declined, and does not retry it', async () => {
    const m = model(async () => { throw LanguageModelError.NoPermissions(); });
    await assert.rejects(client(m).chatJson(request()), /consent was declined.*choose Allow/s);
    assert.equal(m.seen.length, 1);
  });

  it('a declined consent or a vanished model is a FatalLlmError, so the pipeline stops the run', async () => {
    await assert.rejects(client(model(async () => { throw LanguageModelError.NoPermissions(); })).chatJson(request()),
      (e: unknown) => isFatalLlmError(e) && e.reason === 'consent');
    await assert.rejects(client(model(async () => { throw LanguageModelError.NotFound(); })).chatJson(request()),
      (e: unknown) => isFatalLlmError(e) && e.reason === 'model-not-found');
  });

  it('treats Blocked as a rate limit and retries', async () => {
    let n = 0;
    const m = model(async () => { if (n++ === 0) throw LanguageModelError.Blocked(); return ['{"verdicts":[]}']; });
    const c = adapter.createVscodeLmLlm({ model: m as never, cacheDir: null, timeoutMs: 5000 });
    const retries: string[] = [];
    await c.chatJson({ ...request(), onRetry: (i) => retries.push(i.reason) });
    assert.equal(retries.length, 1);
    assert.match(retries[0], /blocked/);
  });

  it('selects by vendor/family and explains when no model is available', async () => {
    models = [model(async () => ['{}'])];
    assert.equal((await adapter.selectVscodeLm({ vendor: 'copilot', family: 'gpt-test' })).id, 'copilot-gpt-test');
    await assert.rejects(adapter.selectVscodeLm({ family: 'claude-x' }), (e: Error) =>
      e.name === 'NoLanguageModelError' && /family "claude-x"/.test(e.message) && /offline/.test(e.message));
  });
});
