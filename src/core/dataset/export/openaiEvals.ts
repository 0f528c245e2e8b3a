/**
 * OpenAI evals (openai/evals registry): JSON Lines of `{ input: [chat messages], ideal }` samples, plus the
 * registry YAML of a model-graded eval over them — `ModelBasedClassify` with the `fact` spec
 * (`evals/registry/modelgraded/fact.yaml`), which asks a grader whether the completion agrees with `ideal`. The
 * basic `Match` eval only checks `startswith(ideal)`, useless for sentence answers.
 *
 * Kinds: a multi-turn sample's `input` has the prior turns as user and assistant messages between the system message
 * and the final question (the chat format the registry's `input` takes, a list of `{role, content}`); an
 * unanswerable sample's `ideal` is the refusal (so the fact grader accepts an answer that declines and rejects one
 * that makes up facts) and it carries `unanswerable: true` (the registry evals ignore extra sample keys, as `id`).
 */
import { stringify } from 'yaml';
import type { DatasetPair } from '../types';
import { isUnanswerable, priorTurns } from './kinds';
import { datasetName, jsonLines, selectPairs, type ExportOptions } from './select';

/** One chat message of a sample's input. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One OpenAI evals sample. */
export interface OpenAiEvalSample {
  input: ChatMessage[];
  ideal: string;
  /** The pair id (the registry evals ignore extra sample keys). */
  id: string;
  /** Present on unanswerable pairs only: the ideal answer declines. */
  unanswerable?: true;
}

const SYSTEM = 'Answer the question using only the context given. Be concise.';

/** The chat messages of a pair: the instruction, the prior turns of a multi-turn pair, then its context and question. */
export function chatInput(p: DatasetPair): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    ...priorTurns(p),
    { role: 'user', content: p.contexts.length ? `Context:\n${p.contexts.join('\n\n')}\n\nQuestion: ${p.question}` : p.question },
  ];
}

/** The sample of a pair. */
export function openAiEvalSample(p: DatasetPair): OpenAiEvalSample {
  return { input: chatInput(p), ideal: p.answer, id: p.id, ...(isUnanswerable(p) ? { unanswerable: true as const } : {}) };
}

/** OpenAI evals JSONL text. */
export function exportOpenAiEvals(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map(openAiEvalSample));
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
