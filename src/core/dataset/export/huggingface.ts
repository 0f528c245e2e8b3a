/**
 * Hugging Face datasets: JSON Lines that `load_dataset("json", data_files=…)` reads into one table — every row
 * has the same columns with the same types (strings, a float or null score, lists of strings), because the JSON
 * builder infers one Arrow type per column — plus a dataset card `README.md` whose YAML header declares the
 * config, the split and the features, and whose body states the manifest's facts.
 *
 * Kinds: `kind` is a column, and `contexts` holds every context of a multi-hop pair. When a kept pair has turns, a
 * persona or a query shape, every row also has `persona`, `query_style`, `query_length` (null when unset) and
 * `turns` (the prior turns, a list of `{role, content}`, empty for other kinds), declared in the card; an export
 * without such pairs has the columns it had before kinds.
 */
import { stringify } from 'yaml';
import type { DatasetManifest } from '../manifest';
import type { DatasetPair } from '../types';
import { hasKindFields, priorTurns } from './kinds';
import { datasetName, jsonLines, pairFacts, selectPairs, sourceFile, type ExportOptions, type PairFacts } from './select';

/** The kind columns of a row (present in every row of an export with kinds). */
export interface HuggingFaceKindColumns {
  persona: string | null;
  query_style: string | null;
  query_length: string | null;
  turns: Array<{ role: string; content: string }>;
}

/** One row of the Hugging Face table. */
export type HuggingFaceRow = { question: string; answer: string; contexts: string[]; statements: string[]; source_file: string } & PairFacts & Partial<HuggingFaceKindColumns>;

/** A feature of the card: a scalar dtype, a sequence of one, or a list of records (`list` of named dtypes). */
export type CardFeature =
  | { name: string; dtype: 'string' | 'float64' }
  | { name: string; sequence: 'string' }
  | { name: string; list: Array<{ name: string; dtype: 'string' }> };

/** The table's features, in column order (what the card declares and every row follows). */
export const HF_FEATURES: readonly CardFeature[] = [
  { name: 'id', dtype: 'string' },
  { name: 'question', dtype: 'string' },
  { name: 'answer', dtype: 'string' },
  { name: 'contexts', sequence: 'string' },
  { name: 'statements', sequence: 'string' },
  { name: 'kind', dtype: 'string' },
  { name: 'question_type', dtype: 'string' },
  { name: 'difficulty', dtype: 'string' },
  { name: 'score', dtype: 'float64' },
  { name: 'status', dtype: 'string' },
  { name: 'source', dtype: 'string' },
  { name: 'source_file', dtype: 'string' },
];

/** The features added after HF_FEATURES when a kept pair has turns, a persona or a query shape. */
export const HF_KIND_FEATURES: readonly CardFeature[] = [
  { name: 'persona', dtype: 'string' },
  { name: 'query_style', dtype: 'string' },
  { name: 'query_length', dtype: 'string' },
  { name: 'turns', list: [{ name: 'role', dtype: 'string' }, { name: 'content', dtype: 'string' }] },
];

/** The features of an export of `kept`: the kind features too when a pair needs them. */
export function hfFeatures(kept: readonly DatasetPair[]): readonly CardFeature[] {
  return kept.some(hasKindFields) ? [...HF_FEATURES, ...HF_KIND_FEATURES] : HF_FEATURES;
}

/** Marks a card this exporter wrote, so a later export may replace it and never a README someone else wrote. */
export const DATASET_CARD_MARKER = '<!-- Written by qaforge export: this card is replaced by the next export. -->';

/** The row of a pair, keys in feature order; `withKinds` adds the kind columns. */
export function huggingFaceRow(p: DatasetPair, withKinds = false): HuggingFaceRow {
  const facts = pairFacts(p);
  const row: HuggingFaceRow = {
    id: facts.id, question: p.question, answer: p.answer, contexts: p.contexts, statements: p.statements,
    kind: facts.kind, question_type: facts.question_type, difficulty: facts.difficulty, score: facts.score,
    status: facts.status, source: facts.source, source_file: sourceFile(p),
  };
  if (!withKinds) return row;
  return { ...row, persona: p.persona ?? null, query_style: p.query_style ?? null, query_length: p.query_length ?? null, turns: priorTurns(p) };
}

/** Hugging Face JSONL text. */
export function exportHuggingFace(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  const kept = selectPairs(pairs, options);
  const withKinds = kept.some(hasKindFields);
  return jsonLines(kept.map((p) => huggingFaceRow(p, withKinds)));
}

function featureType(f: CardFeature): string {
  if ('dtype' in f) return f.dtype;
  if ('sequence' in f) return `list of ${f.sequence}`;
  return `list of {${f.list.map((x) => x.name).join(', ')}}`;
}

function sizeCategory(n: number): string {
  if (n < 1000) return 'n<1K';
  if (n < 10_000) return '1K<n<10K';
  if (n < 100_000) return '10K<n<100K';
  return '100K<n<1M';
}

function manifestSection(manifest: DatasetManifest | undefined): string[] {
  if (!manifest) return ['No manifest was found beside the dataset, so its generation facts are unknown.'];
  const s = manifest.stats;
  return [
    '| fact | value |', '| --- | --- |',
    `| provider | ${manifest.provider} |`,
    `| model | ${manifest.model} |`,
    `| prompt version | ${manifest.prompt_version} |`,
    `| source files | ${Object.keys(manifest.sources).length} |`,
    `| created | ${manifest.created} |`,
    `| updated | ${manifest.updated} |`,
    `| last run | ${s.status}: ${s.pairs} pairs, ${s.validated} validated, ${s.below_threshold} below threshold, average quality ${s.average_quality}, ${s.iterations} iterations, ${s.calls} model calls |`,
    '', 'Generation parameters:', '', '```json', JSON.stringify(manifest.params, null, 2), '```',
  ];
}

/** The dataset card (README.md) for the JSONL file `dataFile`, holding `rows` rows with `features`. */
export function huggingFaceCard(options: ExportOptions, dataFile: string, rows: number, features: readonly CardFeature[] = HF_FEATURES): string {
  const header = {
    pretty_name: datasetName(options),
    // The licence of the source documents is the user's to state; `unknown` is the Hub's value until they do.
    license: 'unknown',
    task_categories: ['question-answering'],
    size_categories: [sizeCategory(rows)],
    tags: ['qaforge', 'synthetic', 'rag-evaluation'],
    configs: [{ config_name: 'default', data_files: [{ split: 'test', path: dataFile }] }],
    dataset_info: { features, splits: [{ name: 'test', num_examples: rows }] },
  };
  return [
    '---', stringify(header, { lineWidth: 0 }).trimEnd(), '---', DATASET_CARD_MARKER, '',
    `# ${datasetName(options)}`, '',
    `Question/answer pairs grounded in their source documents, generated by QA Forge: ${rows} pairs in \`${dataFile}\` (split \`test\`).`,
    'The licence is `unknown` until you set `license` in the header above to the licence of the source documents.',
    'Each row keeps its pair id (`id`) and its source (`source`: file and lines, or session and messages).', '',
    '```python', 'from datasets import load_dataset', `ds = load_dataset("json", data_files={"test": "${dataFile}"})["test"]`, '```', '',
    '## Columns', '',
    ...features.map((f) => `- \`${f.name}\`: ${featureType(f)}${f.name === 'score' ? ' (null when never scored)' : ''}`), '',
    '## How it was made', '',
    ...manifestSection(options.manifest), '',
  ].join('\n');
}
