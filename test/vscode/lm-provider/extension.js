// Test-only chat model provider (stable vscode.lm.registerLanguageModelChatProvider): forwards each request to
// the local test endpoint's /chat/completions and streams the reply back as text. Counts its calls so the
// suites can prove that a `vscode-lm` run went through it.
'use strict';
const vscode = require('vscode');

const MODEL = {
  id: 'qaforge-test-model',
  name: 'QA Forge Test Model',
  family: 'qaforge-test-family',
  version: '1',
  maxInputTokens: 128000,
  maxOutputTokens: 16000,
  capabilities: {},
};

function textOf(message) {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/**
 * vscode.lm has no system role; adapters put the system prompt first. The test endpoint wants it as a system
 * message, so a leading "QA Forge task:" text becomes one (split from the ```json input when they are merged).
 */
function toOpenAiMessages(messages) {
  const out = [];
  for (const m of messages) {
    const text = textOf(m);
    const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user';
    if (out.length === 0 && text.startsWith('QA Forge task:')) {
      const at = text.lastIndexOf('```json');
      if (at > 0) {
        out.push({ role: 'system', content: text.slice(0, at).trim() });
        out.push({ role: 'user', content: text.slice(at) });
      } else {
        out.push({ role: 'system', content: text });
      }
      continue;
    }
    out.push({ role, content: text });
  }
  return out;
}

function activate() {
  const state = { calls: 0, failures: 0 };
  const provider = {
    provideLanguageModelChatInformation: () => (process.env.QAFORGE_TEST_ENDPOINT ? [MODEL] : []),
    async provideLanguageModelChatResponse(_model, messages, _options, progress, token) {
      state.calls += 1;
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const res = await fetch(`${process.env.QAFORGE_TEST_ENDPOINT}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL.id, messages: toOpenAiMessages(messages) }),
        signal: controller.signal,
      });
      if (!res.ok) {
        state.failures += 1;
        throw new Error(`test endpoint answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      }
      const body = await res.json();
      progress.report(new vscode.LanguageModelTextPart(body.choices[0].message.content ?? ''));
    },
    async provideTokenCount(_model, text) {
      const s = typeof text === 'string' ? text : textOf(text);
      return Math.ceil(s.length / 4);
    },
  };
  vscode.lm.registerLanguageModelChatProvider('qaforge-test', provider);
  return state;
}

module.exports = { activate, deactivate() {} };
