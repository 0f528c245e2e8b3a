/**
 * OpenAI evals (openai/evals registry): JSON Lines of `{ input: [chat messages], ideal }` samples, plus the
 * registry YAML of a model-graded eval over them — `ModelBasedClassify` with the `fact` spec
 * (`evals/registry/modelgraded/fact.yaml`), which asks a grader whether the completion agrees with `ideal`. The
 * basic `Match` eval only checks `startswith(ideal)`, useless for sentence answers.
 */
import { stringify } from 'yaml';
import type { DatasetPair } from '../types';
import { datasetName, jsonLines, selectPairs, type ExportOptions } from './select';

/** One OpenAI evals sample. */
export interface OpenAiEvalSample {
  input: Array<{ role: 'system' | 'user'; content: string }>;
  ideal: string;
  /** The pair id (the registry evals ignore extra sample keys). */
  id: string;
}

const SYSTEM = 'Answer the question using only the context given. Be concise.';

/** The chat messages of a pair: the instruction, then its context and question. */
export function chatInput(p: DatasetPair): OpenAiEvalSample['input'] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: p.contexts.length ? `Context:\n${p.contexts.join('\n\n')}\n\nQuestion: ${p.question}` : p.question },
  ];
}

/** OpenAI evals JSONL text. */
export function exportOpenAiEvals(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map((p): OpenAiEvalSample => ({ input: chatInput(p), ideal: p.answer, id: p.id })));
}

/** `docs` → a registry eval name (lowercase letters, digits, `_` and `-`; dots separate versions there). */
export function evalName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'qaforge';
}

/**
 * The registry YAML (for `evals/registry/evals/`): the eval `<name>` pointing at `<name>.dev.v0`, a
 * ModelBasedClassify eval with the `fact` spec over `<name>/<samples file>` (a path under `evals/registry/data/`).
 */
export function openAiEvalsRegistryYaml(options: ExportOptions, samplesFile: string): string {
  const name = evalName(datasetName(options));
  const registry = {
    [name]: { id: `${name}.dev.v0`, description: `QA Forge pairs of ${datasetName(options)}, graded for factual agreement with the reference answer`, metrics: ['accuracy'] },
    [`${name}.dev.v0`]: {
      class: 'evals.elsuite.modelgraded.classify:ModelBasedClassify',
      args: { samples_jsonl: `${name}/${samplesFile}`, eval_type: 'cot_classify', modelgraded_spec: 'fact' },
    },
  };
  return `# Written by qaforge export. Put this file in evals/registry/evals/ and the samples in evals/registry/data/${name}/.\n${stringify(registry, { lineWidth: 0 })}`;
}
