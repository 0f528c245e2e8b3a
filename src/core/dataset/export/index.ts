/** Every exporter behind one function, chosen by format name. */
import type { DatasetPair } from '../types';
import { exportAxion } from './axion';
import { exportCsv } from './csv';
import { exportDeepEval } from './deepeval';
import { exportOpenAiEvals } from './openaiEvals';
import { exportPromptfoo } from './promptfoo';
import { exportRagas } from './ragas';
import type { ExportOptions } from './select';

export type { ExportOptions } from './select';

/** The export formats. */
export type ExportFormat = 'ragas' | 'deepeval' | 'promptfoo' | 'openai-evals' | 'csv' | 'axion';

const EXPORTERS: Readonly<Record<ExportFormat, { run: (pairs: readonly DatasetPair[], o?: ExportOptions) => string; extension: string }>> = {
  ragas: { run: exportRagas, extension: 'jsonl' },
  deepeval: { run: exportDeepEval, extension: 'json' },
  promptfoo: { run: exportPromptfoo, extension: 'yaml' },
  'openai-evals': { run: exportOpenAiEvals, extension: 'jsonl' },
  csv: { run: exportCsv, extension: 'csv' },
  axion: { run: exportAxion, extension: 'json' },
};

/** Every format name, in documentation order. */
export const EXPORT_FORMATS = Object.keys(EXPORTERS) as ExportFormat[];

/** True when `name` is a known format. */
export function isExportFormat(name: string): name is ExportFormat {
  return Object.prototype.hasOwnProperty.call(EXPORTERS, name);
}

/** The usual file extension of a format (no dot). */
export function exportExtension(format: ExportFormat): string {
  return EXPORTERS[format].extension;
}

/** The pairs in `format`; rejected pairs are left out unless `options.includeRejected`. */
export function exportDataset(pairs: readonly DatasetPair[], format: ExportFormat, options?: ExportOptions): string {
  return EXPORTERS[format].run(pairs, options);
}
