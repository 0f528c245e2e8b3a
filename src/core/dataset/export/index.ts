/**
 * Every exporter behind one registry, chosen by format name. A format writes one main file and, for some, files
 * beside it (the OpenAI evals registry YAML, the Evals API data source config, the Hugging Face dataset card), and
 * Ragas and DeepEval a second file for the multi-turn pairs when there are some (their loaders take one sample type
 * per file).
 */
import type { DatasetPair } from '../types';
import { exportAxion } from './axion';
import { exportCsv } from './csv';
import { exportDeepEval, exportDeepEvalJsonl } from './deepeval';
import { deepEvalConversationalFiles } from './deepevalConversational';
import { DATASET_CARD_MARKER, exportHuggingFace, hfFeatures, huggingFaceCard } from './huggingface';
import { exportLangfuse } from './langfuse';
import { exportLangSmith } from './langsmith';
import { exportMlflow } from './mlflow';
import { exportOpenAiEvals, openAiEvalsRegistryYaml } from './openaiEvals';
import { evalsApiDataSourceConfig, exportOpenAiEvalsApi } from './openaiEvalsApi';
import { exportPhoenix } from './phoenix';
import { exportPromptfoo } from './promptfoo';
import { exportRagas } from './ragas';
import { ragasMultiTurnFiles } from './ragasMultiTurn';
import { datasetName, fileStem, selectPairs, type ExportOptions } from './select';

export type { ExportOptions, PromptfooAssertion } from './select';
export { PROMPTFOO_ASSERTIONS } from './select';

/** A file an export writes; `name` is a file name in the folder of the main file. */
export interface ExportFile {
  name: string;
  text: string;
}

interface Exporter {
  /** Usual extension of the main file (no dot). */
  extension: string;
  /** One line for pickers and help. */
  description: string;
  run: (pairs: readonly DatasetPair[], options: ExportOptions) => string;
  /** Files written beside the main file `mainName`, always. */
  companions?: (pairs: readonly DatasetPair[], options: ExportOptions, mainName: string) => ExportFile[];
  /** Files written beside the main file only for some pairs (none for a dataset without multi-turn pairs). */
  kindFiles?: (pairs: readonly DatasetPair[], options: ExportOptions, mainName: string) => ExportFile[];
}

const EXPORTERS = {
  ragas: {
    extension: 'jsonl', description: 'Ragas EvaluationDataset / Testset (user_input, reference, reference_contexts) — JSONL', run: exportRagas,
    kindFiles: ragasMultiTurnFiles,
  },
  deepeval: {
    extension: 'json', description: 'DeepEval goldens (input, expected_output, context, name, additional_metadata) — JSON', run: exportDeepEval,
    kindFiles: (pairs, options, mainName) => deepEvalConversationalFiles(pairs, options, mainName, false),
  },
  'deepeval-jsonl': {
    extension: 'jsonl', description: 'DeepEval goldens for add_goldens_from_jsonl_file — JSONL', run: exportDeepEvalJsonl,
    kindFiles: (pairs, options, mainName) => deepEvalConversationalFiles(pairs, options, mainName, true),
  },
  promptfoo: { extension: 'yaml', description: 'promptfoo tests (vars.question, vars.reference, vars.context, rouge-n assertion) — YAML', run: exportPromptfoo },
  'openai-evals': {
    extension: 'jsonl', description: 'OpenAI evals registry samples (input, ideal) — JSONL, plus the model-graded fact eval YAML',
    run: exportOpenAiEvals,
    companions: (_pairs, options, mainName) => [{ name: `${fileStem(mainName)}.yaml`, text: openAiEvalsRegistryYaml(options, mainName) }],
  },
  'openai-evals-api': {
    extension: 'jsonl', description: 'OpenAI Evals API items ({"item": …}) — JSONL, plus the data_source_config with its item_schema',
    run: exportOpenAiEvalsApi,
    companions: (pairs, options, mainName) => [{ name: `${fileStem(mainName)}.data_source_config.json`, text: evalsApiDataSourceConfig(pairs, options) }],
  },
  csv: { extension: 'csv', description: 'Spreadsheet — CSV (RFC 4180), formula-like cells escaped', run: exportCsv },
  axion: { extension: 'json', description: 'Axion Dataset (name, items: query, expected_output, expected_reference, document_text) — JSON', run: exportAxion },
  huggingface: {
    extension: 'jsonl', description: 'Hugging Face datasets (load_dataset("json")) — JSONL, plus the dataset card README.md',
    run: exportHuggingFace,
    companions: (pairs, options, mainName) => {
      const kept = selectPairs(pairs, options);
      return [{ name: 'README.md', text: huggingFaceCard(options, mainName, kept.length, hfFeatures(kept)) }];
    },
  },
  langsmith: { extension: 'jsonl', description: 'LangSmith examples (inputs, outputs, metadata) — JSONL', run: exportLangSmith },
  langfuse: { extension: 'jsonl', description: 'Langfuse dataset items (datasetName, id, input, expectedOutput, metadata) — JSONL', run: exportLangfuse },
  phoenix: { extension: 'json', description: 'Arize Phoenix dataset upload (inputs, outputs, metadata) — JSON', run: exportPhoenix },
  mlflow: { extension: 'jsonl', description: 'MLflow genai.evaluate records (inputs, expectations.expected_facts, tags) — JSONL', run: exportMlflow },
} satisfies Record<string, Exporter>;

/** The export formats. */
export type ExportFormat = keyof typeof EXPORTERS;

const REGISTRY: Readonly<Record<ExportFormat, Exporter>> = EXPORTERS;

/** Every format name, in documentation order. */
export const EXPORT_FORMATS = Object.keys(EXPORTERS) as ExportFormat[];

/** True when `name` is a known format. */
export function isExportFormat(name: string): name is ExportFormat {
  return Object.prototype.hasOwnProperty.call(EXPORTERS, name);
}

/** The usual file extension of a format's main file (no dot). */
export function exportExtension(format: ExportFormat): string {
  return REGISTRY[format].extension;
}

/** One line describing a format, for pickers and help. */
export function exportDescription(format: ExportFormat): string {
  return REGISTRY[format].description;
}

/** True when the format always writes files beside its main file (Ragas and DeepEval may, for multi-turn pairs). */
export function writesCompanions(format: ExportFormat): boolean {
  return REGISTRY[format].companions !== undefined;
}

/** The main file's text in `format`; rejected pairs are left out unless `options.includeRejected`. */
export function exportDataset(pairs: readonly DatasetPair[], format: ExportFormat, options: ExportOptions = {}): string {
  return REGISTRY[format].run(pairs, options);
}

/**
 * Every file of an export: the main file named `mainName` first, then the files beside it. When no name is
 * given the main file is `<dataset name>.<format>.<extension>`.
 */
export function exportFiles(pairs: readonly DatasetPair[], format: ExportFormat, options: ExportOptions = {}, mainName?: string): ExportFile[] {
  const exporter = REGISTRY[format];
  const name = mainName ?? `${datasetName(options)}.${format}.${exporter.extension}`;
  return [
    { name, text: exporter.run(pairs, options) },
    ...(exporter.companions?.(pairs, options, name) ?? []),
    ...(exporter.kindFiles?.(pairs, options, name) ?? []),
  ];
}

/**
 * Whether an existing file may be replaced by a companion file: a README.md only when this exporter wrote it
 * (it carries the card marker), so an export never overwrites a README a person wrote.
 */
export function mayReplace(file: ExportFile, existingText: string): boolean {
  return file.name !== 'README.md' || existingText.includes(DATASET_CARD_MARKER);
}

/** Dataset name from a dataset file name: `docs.qa.jsonl` → `docs`. */
export function datasetNameOf(fileName: string): string {
  return fileName.replace(/\.qa\.jsonl$/, '').replace(/\.jsonl$/, '') || 'qaforge';
}
