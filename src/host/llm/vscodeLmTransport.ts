/**
 * ChatTransport over vscode.lm (the user's Copilot and other VS Code chat models), so they get the same
 * parse/repair/validate/re-ask and retry path as HTTP endpoints. vscode.lm has no reply-format switch, so the
 * format is always `text` (the schema goes into the prompt). Only this folder imports `vscode` for models.
 */
import * as vscode from 'vscode';
import { FatalLlmError, type ChatMessage } from '../../core/llm/port';
import type { ChatTransport, TransportReply, TransportRequest } from '../../core/llm/transport';
import { clientOver, type ClientOptions, type LlmClient } from '../../core/llm/factory';
import { abortError, TransportError } from '../../core/llm/errors';

/** No chat model matches the settings, or none is installed. */
export class NoLanguageModelError extends Error {
  constructor(selector: vscode.LanguageModelChatSelector) {
    const wanted = [selector.vendor && `vendor "${selector.vendor}"`, selector.family && `family "${selector.family}"`].filter(Boolean).join(' and ');
    super(`no VS Code chat model is available${wanted ? ` for ${wanted}` : ''}. Sign in to GitHub Copilot (or install a chat model provider), ` +
      'change qaforge.vscodeLm.family, or choose the openai or offline provider in the QA Forge settings.');
    this.name = 'NoLanguageModelError';
  }
}

/** vscode.lm has no system role: system text goes first as a user message. */
function toLmMessages(messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((m) => (m.role === 'assistant'
    ? vscode.LanguageModelChatMessage.Assistant(m.content)
    : vscode.LanguageModelChatMessage.User(m.content)));
}

function toTransportError(error: unknown, model: vscode.LanguageModelChat, signal: AbortSignal): Error {
  if (signal.aborted || error instanceof vscode.CancellationError) return abortError(signal);
  const name = `${model.vendor}/${model.family} (${model.name})`;
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions.name) {
      // Fatal, not a TransportError: every further call would be refused the same way until the user allows it.
      return new FatalLlmError('consent', `QA Forge may not use the chat model ${name}: consent was declined or not yet given. ` +
        'Run the command again and choose Allow, or pick another provider in the QA Forge settings.');
    }
    if (error.code === vscode.LanguageModelError.Blocked.name) {
      return new TransportError(`the chat model ${name} is blocked for now (quota or rate limit): ${error.message}`, 'http', 429);
    }
    if (error.code === vscode.LanguageModelError.NotFound.name) {
      return new TransportError(`the chat model ${name} is no longer available: ${error.message}. Pick another model family in the settings.`, 'http', 404);
    }
    return new TransportError(`the chat model ${name} failed: ${error.message}`, 'network');
  }
  return new TransportError(`the chat model ${name} failed: ${error instanceof Error ? error.message : String(error)}`, 'network');
}

/** A transport over one selected model. */
export function createVscodeLmTransport(model: vscode.LanguageModelChat, justification?: string): ChatTransport {
  async function complete(request: TransportRequest): Promise<TransportReply> {
    const source = new vscode.CancellationTokenSource();
    const onAbort = () => source.cancel();
    request.signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (request.signal.aborted) throw abortError(request.signal);
      const messages = toLmMessages(request.messages);
      const response = await model.sendRequest(messages, { justification }, source.token);
      let text = '';
      for await (const part of response.text) text += part;
      const counts = await Promise.all([...messages.map((m) => model.countTokens(m, source.token)), model.countTokens(text, source.token)]);
      const completionTokens = counts.pop() ?? 0;
      return { text, usage: { promptTokens: counts.reduce((a, b) => a + b, 0), completionTokens } };
    } catch (error) {
      throw toTransportError(error, model, request.signal);
    } finally {
      request.signal.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }
  return { provider: 'vscode-lm', endpoint: `vscode-lm/${model.vendor}`, model: model.family || model.id, formats: ['text'], complete };
}

/** Options of {@link createVscodeLmLlm}: the selected model plus how to compose the client. */
export interface VscodeLmLlmOptions extends Omit<ClientOptions, 'price' | 'embeddingPrice' | 'embeddingModel' | 'secrets'> {
  model: vscode.LanguageModelChat;
  /** Shown in the consent dialog. */
  justification?: string;
}

/**
 * An LLM client over a selected VS Code chat model: the same structured-reply, retry, limiter, metering (no
 * per-token price: the user's subscription pays) and cache layers as HTTP endpoints.
 */
export function createVscodeLmLlm(options: VscodeLmLlmOptions): LlmClient {
  const { model, justification, ...client } = options;
  const transport = createVscodeLmTransport(model, justification ?? 'QA Forge generates question/answer pairs from the documents you selected.');
  return clientOver(transport, client);
}

/**
 * Selects the first chat model matching vendor/family (from settings).
 * @throws NoLanguageModelError when none matches, saying what to do next.
 */
export async function selectVscodeLm(selector: vscode.LanguageModelChatSelector = {}): Promise<vscode.LanguageModelChat> {
  const [model] = await vscode.lm.selectChatModels(selector);
  if (!model) throw new NoLanguageModelError(selector);
  return model;
}
