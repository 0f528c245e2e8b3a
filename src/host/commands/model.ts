/** Model commands: Select Model, Set API Key, Clear Cache. */
import { DEFAULT_OPENAI_MODEL } from '../../core/llm/defaults';
import * as vscode from 'vscode';
import { readModelSettings, type ProviderKind } from '../config';
import { promptForApiKey } from '../secrets';
import type { HostServices } from '../services';

interface ModelItem extends vscode.QuickPickItem {
  choice: { provider: 'vscode-lm'; vendor: string; family: string } | { provider: Exclude<ProviderKind, 'vscode-lm'> };
}

/** Writes where the user keeps the setting today: the workspace when it is set there, else user settings. */
async function update(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration('qaforge');
  const inspected = config.inspect(key);
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

async function configureEndpoint(services: HostServices): Promise<void> {
  const current = readModelSettings();
  const baseUrl = await vscode.window.showInputBox({
    title: 'OpenAI-compatible endpoint (1/2): base URL', value: current.openai.baseUrl || 'https://api.openai.com/v1',
    prompt: 'Including /v1, e.g. http://localhost:11434/v1 for Ollama or http://localhost:1234/v1 for LM Studio',
    validateInput: (v) => { try { new URL(v); return undefined; } catch { return 'Enter a URL such as http://localhost:11434/v1'; } },
  });
  if (baseUrl === undefined) return;
  const model = await vscode.window.showInputBox({ title: 'OpenAI-compatible endpoint (2/2): model', value: current.openai.model || DEFAULT_OPENAI_MODEL, prompt: 'Chat model name on that endpoint' });
  if (model === undefined) return;
  await update('openai.baseUrl', baseUrl.trim());
  await update('openai.model', model.trim());
  await update('provider', 'openai');
  services.log.info(`provider set to openai at ${baseUrl.trim()} (model ${model.trim()})`);
  const setKey = await vscode.window.showInformationMessage('QA Forge: endpoint saved. Does it need an API key?', 'Set API Key', 'No Key Needed');
  if (setKey === 'Set API Key') await promptForApiKey(services.context.secrets);
}

/** QA Forge: Select Model — a VS Code chat model, an endpoint, Azure, or offline. */
export async function selectModel(services: HostServices): Promise<void> {
  const models = await vscode.lm.selectChatModels({});
  const current = readModelSettings();
  const items: ModelItem[] = models.map((m) => ({
    label: `$(sparkle) ${m.name}`, description: `${m.vendor} · ${m.family}`,
    detail: current.provider === 'vscode-lm' && current.vscodeLm.family === m.family && current.vscodeLm.vendor === m.vendor ? 'current' : undefined,
    choice: { provider: 'vscode-lm', vendor: m.vendor, family: m.family },
  }));
  // A separator shows its label as plain text (no icons): "$(info)" would be printed literally.
  if (models.length === 0) items.push({ label: 'No VS Code chat model installed (install GitHub Copilot or another model provider)', choice: { provider: 'offline' }, kind: vscode.QuickPickItemKind.Separator });
  items.push(
    { label: '$(globe) OpenAI-compatible endpoint…', description: 'OpenAI, Ollama, LM Studio, vLLM, llama.cpp server', choice: { provider: 'openai' } },
    { label: '$(azure) Azure OpenAI…', description: 'opens the azure settings', choice: { provider: 'azure-openai' } },
    { label: '$(circle-slash) Offline heuristic engine', description: 'no model, no network; pairs labelled offline', choice: { provider: 'offline' } },
  );
  const pick = await vscode.window.showQuickPick(items, { title: 'QA Forge: select the model', placeHolder: `Current: ${current.provider}` });
  if (!pick) return;
  const choice = pick.choice;
  if (choice.provider === 'vscode-lm') {
    await update('vscodeLm.vendor', choice.vendor);
    await update('vscodeLm.family', choice.family);
    await update('provider', 'vscode-lm');
    services.log.info(`provider set to vscode-lm ${choice.vendor}/${choice.family}`);
  } else if (choice.provider === 'openai') {
    await configureEndpoint(services);
  } else if (choice.provider === 'azure-openai') {
    await update('provider', 'azure-openai');
    await vscode.commands.executeCommand('workbench.action.openSettings', 'qaforge.azure');
  } else {
    await update('provider', 'offline');
    services.log.info('provider set to offline');
  }
}

/**
 * QA Forge: Set API Key — into SecretStorage only. A string argument (from a script or a test) is stored as is;
 * otherwise a password box asks for it.
 */
export async function setApiKey(services: HostServices, value?: unknown): Promise<boolean> {
  const key = typeof value === 'string' ? value : undefined;
  services.log.hideSecret(key);
  const stored = await promptForApiKey(services.context.secrets, key);
  if (stored) {
    services.log.info('API key updated in secret storage');
    if (key === undefined) void vscode.window.showInformationMessage('QA Forge: API key saved in VS Code\'s secret storage.');
  }
  return stored;
}

/** QA Forge: Clear Cache — deletes cached model replies. */
export async function clearCache(services: HostServices): Promise<void> {
  const dir = vscode.Uri.joinPath(services.context.globalStorageUri, 'cache');
  try {
    await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
  } catch (e) {
    if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) throw e;
  }
  services.log.info(`cache cleared (${dir.fsPath})`);
  void vscode.window.showInformationMessage('QA Forge: cache cleared.');
}
