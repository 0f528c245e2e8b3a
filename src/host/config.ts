/**
 * Reads QA Forge's `qaforge.*` settings into the core's types: generation params, the model provider and
 * the file rules. The API key is never a setting (see secrets.ts).
 */
import * as vscode from 'vscode';
import type { GenerationParams } from '../core/domain/params';
import { paramsFromSettings } from './settingsParams';

/** The providers a user can choose in `qaforge.provider`. */
export type ProviderKind = 'vscode-lm' | 'openai' | 'azure-openai' | 'offline';

/** Model settings (no secrets). */
export interface ModelSettings {
  provider: ProviderKind;
  openai: { baseUrl: string; model: string; embeddingModel: string; organization: string };
  /** `batchDeployment`: the global batch deployment batch runs use ('' → `deployment`). */
  azure: { endpoint: string; deployment: string; apiVersion: string; batchDeployment: string };
  vscodeLm: { vendor: string; family: string };
  concurrency: number;
  /** Per-attempt timeout of a model call, in seconds (`qaforge.requestTimeoutSeconds`). */
  requestTimeoutSeconds: number;
  budgetUsd: number;
  cacheEnabled: boolean;
  /** Seconds between polls of a batch job (`qaforge.batch.pollSeconds`). */
  batchPollSeconds: number;
}

/** Which files a run reads. */
export interface FileSettings {
  include: string[];
  exclude: string[];
  maxFileBytes: number;
  respectGitignore: boolean;
}

const PROVIDERS: readonly ProviderKind[] = ['vscode-lm', 'openai', 'azure-openai', 'offline'];

function section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('qaforge', scope);
}

/** Keeps only the strings of an array setting (a hand-edited settings.json can hold anything). */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The generation params from `qaforge.generation.*`, validated (the distributions `kinds`, `queryStyles` and
 * `queryLengths` are unset when empty, and each is taken whole from the most specific level that sets it).
 * @throws InvalidParamsError naming the setting and the field when a setting is out of range.
 */
export function readParams(scope?: vscode.Uri): GenerationParams {
  return paramsFromSettings(section(scope));
}

/** The model settings. An unknown provider value falls back to `vscode-lm`, the documented default. */
export function readModelSettings(scope?: vscode.Uri): ModelSettings {
  const c = section(scope);
  const provider = c.get<string>('provider', 'vscode-lm');
  return {
    provider: (PROVIDERS as readonly string[]).includes(provider) ? (provider as ProviderKind) : 'vscode-lm',
    openai: {
      baseUrl: c.get<string>('openai.baseUrl', '').trim(),
      model: c.get<string>('openai.model', '').trim(),
      embeddingModel: c.get<string>('openai.embeddingModel', '').trim(),
      organization: c.get<string>('openai.organization', '').trim(),
    },
    azure: {
      endpoint: c.get<string>('azure.endpoint', '').trim(),
      deployment: c.get<string>('azure.deployment', '').trim(),
      apiVersion: c.get<string>('azure.apiVersion', '').trim(),
      batchDeployment: c.get<string>('azure.batchDeployment', '').trim(),
    },
    vscodeLm: { vendor: c.get<string>('vscodeLm.vendor', '').trim(), family: c.get<string>('vscodeLm.family', '').trim() },
    concurrency: Math.max(1, Math.floor(c.get<number>('concurrency', 4))),
    requestTimeoutSeconds: Math.max(1, c.get<number>('requestTimeoutSeconds', 120)),
    budgetUsd: Math.max(0, c.get<number>('budgetUsd', 0)),
    cacheEnabled: c.get<boolean>('cache.enabled', true),
    batchPollSeconds: Math.max(0.01, c.get<number>('batch.pollSeconds', 30)),
  };
}

/** The file rules from `qaforge.files.*`. */
export function readFileSettings(scope?: vscode.Uri): FileSettings {
  const c = section(scope);
  return {
    include: strings(c.get('files.include')),
    exclude: strings(c.get('files.exclude')),
    maxFileBytes: Math.max(1, Math.floor(c.get<number>('files.maxFileBytes', 2_000_000))),
    respectGitignore: c.get<boolean>('files.respectGitignore', true),
  };
}

/** `qaforge.outputFolder` (workspace-relative), or undefined for the default next to the tests. */
export function readOutputFolder(scope?: vscode.Uri): string | undefined {
  return optionalText(section(scope).get('outputFolder'))?.trim();
}

/** Whether a generation writes only pairs at or above the threshold (`qaforge.validatedOnly`, the CLI's --validated-only). */
export function readValidatedOnly(scope?: vscode.Uri): boolean {
  return section(scope).get<boolean>('validatedOnly', false);
}

/** Whether the confirm step proposes a batch run (`qaforge.batch.enabled`, the CLI's --batch). */
export function readBatchEnabled(scope?: vscode.Uri): boolean {
  return section(scope).get<boolean>('batch.enabled', false);
}

/** Whether to show the confirm/estimate step before a run (`qaforge.confirmBeforeRun`). */
export function readConfirmBeforeRun(scope?: vscode.Uri): boolean {
  return section(scope).get<boolean>('confirmBeforeRun', true);
}

/** Whether a generation opens the pipeline view (`qaforge.showPipelineOnRun`). */
export function readShowPipelineOnRun(): boolean {
  return section().get<boolean>('showPipelineOnRun', true);
}
