/**
 * Turns the `qaforge.*` model settings and the key in SecretStorage into an LlmPort: a VS Code chat model
 * (vscode.lm, the default), an OpenAI-compatible or Azure endpoint, or the offline engine. When the chosen
 * provider cannot be used, the user is offered the ways out (pick a model, configure an endpoint, run offline).
 */
import { DEFAULT_OPENAI_MODEL } from '../core/llm/defaults';
import { resolveAzure, type AzureConfig } from '../core/llm/azure';
import * as vscode from 'vscode';
import type { LlmPort } from '../core/llm/port';
import type { BatchProgress } from '../core/llm/batch/batchLlm';
import { batchRunConfig } from '../core/usecases/batchRun';
import { readModelSettings, type ModelSettings, type ProviderKind } from './config';
import type { QaForgeLog } from './log';
import { prompts } from './prompts';
import { promptForApiKey, readApiKey } from './secrets';

/** Options of {@link resolveLlm}. */
export interface ResolveLlmOptions {
  log: QaForgeLog;
  /** Ask the user when the provider is not usable (default true); false returns undefined instead. */
  interactive?: boolean;
  /** Settings scope (the workspace folder of the run). */
  scope?: vscode.Uri;
  /** A batch run writing `datasetPath`: chat calls become provider batch jobs (see {@link batchUnavailable}). */
  batch?: { datasetPath: string; onProgress: (progress: BatchProgress) => void };
}

/** Why the configured model cannot run batch jobs, or undefined when it can (an endpoint with a Batch API, and the cache). */
export function batchUnavailable(settings: ModelSettings): string | undefined {
  if (settings.provider !== 'openai' && settings.provider !== 'azure-openai') {
    return `batch jobs need an OpenAI-compatible or Azure OpenAI endpoint (qaforge.provider is ${settings.provider})`;
  }
  if (!settings.cacheEnabled) return 'batch jobs need the reply cache (qaforge.cache.enabled), where finished replies are kept for a resume';
  return undefined;
}

/** Where the reply cache lives; null when `qaforge.cache.enabled` is off. */
export function cacheDir(context: vscode.ExtensionContext, settings: ModelSettings): string | null {
  return settings.cacheEnabled ? vscode.Uri.joinPath(context.globalStorageUri, 'cache').fsPath : null;
}

const DEFAULT_OPENAI_URL = 'https://api.openai.com/v1';

/** True when the endpoint is OpenAI's own (which always needs a key); local servers usually need none. */
function needsKey(settings: ModelSettings): boolean {
  if (settings.provider === 'azure-openai') return true;
  const url = settings.openai.baseUrl || DEFAULT_OPENAI_URL;
  try {
    return new URL(url).hostname.endsWith('openai.com');
  } catch {
    return true;
  }
}

/** The Azure connection of the settings. @throws Error naming the `qaforge.azure.*` setting that cannot work. */
function azureOf(settings: ModelSettings): AzureConfig {
  const azure = resolveAzure(settings.azure);
  if (!azure.ok) throw new Error(`qaforge.azure.${azure.field} ${azure.reason} (provider azure-openai).`);
  return azure.config;
}

async function endpointLlm(context: vscode.ExtensionContext, settings: ModelSettings, options: ResolveLlmOptions): Promise<LlmPort | undefined> {
  // checked before the key is asked for: a key does not help an endpoint that is not set
  const azure = settings.provider === 'azure-openai' ? azureOf(settings) : undefined;
  let apiKey = await readApiKey(context.secrets);
  if (!apiKey && needsKey(settings)) {
    if (options.interactive === false) return undefined;
    const set = 'Set API Key';
    const pick = await vscode.window.showWarningMessage(
      `QA Forge: the ${settings.provider === 'azure-openai' ? 'Azure OpenAI' : 'OpenAI'} endpoint needs an API key. It is stored in VS Code's secret storage, never in settings.`,
      set, 'Select Model…');
    if (pick === set && (await promptForApiKey(context.secrets))) apiKey = await readApiKey(context.secrets);
    else if (pick === 'Select Model…') await vscode.commands.executeCommand('qaforge.selectModel');
    if (!apiKey) return undefined;
  }
  options.log.hideSecret(apiKey);
  const { createLlm } = await import('../core/llm/factory');
  const cache = cacheDir(context, settings);
  const batch = options.batch;
  if (batch && cache === null) throw new Error(batchUnavailable(settings));
  return createLlm({
    provider: azure ? 'azure-openai' : 'openai',
    baseURL: settings.openai.baseUrl || undefined,
    // Local servers (Ollama, LM Studio…) accept any key; the SDK insists on one.
    apiKey: apiKey ?? 'no-key',
    organization: settings.openai.organization || undefined,
    model: azure ? azure.deployment : settings.openai.model || DEFAULT_OPENAI_MODEL,
    embeddingModel: settings.openai.embeddingModel || undefined,
    azure,
    concurrency: settings.concurrency,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    cacheDir: cache,
    batch: batch && cache !== null ? batchRunConfig(cache, batch.datasetPath, { onProgress: batch.onProgress, pollMs: settings.batchPollSeconds * 1000 }) : undefined,
    budgetUsd: settings.budgetUsd > 0 ? settings.budgetUsd : undefined,
    log: (line) => options.log.info(line),
  });
}

async function offlineLlm(settings: ModelSettings, options: ResolveLlmOptions): Promise<LlmPort> {
  const { createLlm } = await import('../core/llm/factory');
  return createLlm({ provider: 'offline', cacheDir: null, concurrency: settings.concurrency, log: (line) => options.log.info(line) });
}

async function vscodeLmLlm(context: vscode.ExtensionContext, settings: ModelSettings, options: ResolveLlmOptions): Promise<LlmPort | undefined> {
  const selector: vscode.LanguageModelChatSelector = {};
  if (settings.vscodeLm.vendor) selector.vendor = settings.vscodeLm.vendor;
  if (settings.vscodeLm.family) selector.family = settings.vscodeLm.family;
  const models = await vscode.lm.selectChatModels(selector);
  if (models.length === 0) return undefined;
  const { createVscodeLmLlm } = await import('./llm/vscodeLmTransport');
  options.log.info(`using VS Code chat model ${models[0].vendor}/${models[0].family} (${models[0].id})`);
  return createVscodeLmLlm({
    model: models[0],
    concurrency: settings.concurrency,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    cacheDir: cacheDir(context, settings),
    budgetUsd: settings.budgetUsd > 0 ? settings.budgetUsd : undefined,
    log: (line: string) => options.log.info(line),
  });
}

/** The three ways out when no chat model is available. */
async function offerAlternatives(context: vscode.ExtensionContext, options: ResolveLlmOptions): Promise<LlmPort | undefined> {
  // A modal: a choice does not live in a toast that hides itself; "Run Offline" is remembered below.
  const choice = await prompts().modalWarning(
    'QA Forge: no VS Code chat model is available (for example GitHub Copilot). Pick a model, use an OpenAI-compatible endpoint, or run offline with the heuristic engine.',
    'Select Model…', 'Configure Endpoint…', 'Run Offline');
  if (choice === 'Select Model…') {
    await vscode.commands.executeCommand('qaforge.selectModel');
    return resolveLlm(context, { ...options, interactive: false });
  }
  if (choice === 'Configure Endpoint…') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'qaforge.openai');
    return undefined;
  }
  if (choice === 'Run Offline') {
    await rememberOffline(options.scope);
    return offlineLlm(readModelSettings(options.scope), options);
  }
  return undefined;
}

/** "Run Offline" sticks: the provider setting says offline (this workspace), so the next run does not ask again. */
async function rememberOffline(scope: vscode.Uri | undefined): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  try {
    await vscode.workspace.getConfiguration('qaforge', scope).update('provider', 'offline', target);
  } catch {
    // settings not writable: this run is offline, the next one asks again
  }
}

/**
 * The model for a run, from settings and SecretStorage; undefined when none is usable and the user chose
 * nothing (they were told why).
 */
export async function resolveLlm(context: vscode.ExtensionContext, options: ResolveLlmOptions): Promise<LlmPort | undefined> {
  const settings = readModelSettings(options.scope);
  const provider: ProviderKind = settings.provider;
  if (options.batch) {
    const why = batchUnavailable(settings);
    if (why) throw new Error(`QA Forge: ${why}.`);
  }
  switch (provider) {
    case 'offline':
      return offlineLlm(settings, options);
    case 'openai':
    case 'azure-openai':
      return endpointLlm(context, settings, options);
    case 'vscode-lm': {
      const llm = await vscodeLmLlm(context, settings, options);
      if (llm || options.interactive === false) return llm;
      return offerAlternatives(context, options);
    }
  }
}
