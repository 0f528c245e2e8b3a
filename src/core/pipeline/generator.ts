/**
 * DocumentQAGenerator: the reference library's directory-level entry point — load a folder's documents,
 * run the workflow over all of them at once (num_pairs is the total), and turn results into a dataset.
 */
import * as path from 'node:path';
import { loadDocuments, type IngestOptions } from '../ingest/index';
import { resolveParams, type GenerationParams } from '../domain/params';
import type { RunResult } from '../domain/records';
import type { PipelineDeps } from './run';
import { NODE } from './nodes/ids';
import { QAWorkflowGraph } from './workflow';

/** One item of the Axion-style dataset. */
export interface DatasetItem {
  id: string;
  query: string;
  expected_output: string;
  /** The supporting source passages, one per line. */
  expected_reference: string;
  /** The source chunk the pair was generated from. */
  document_text: string;
  metadata: { question_type: string; difficulty: string; quality_score: number | null; source: string };
}

/** An Axion-style dataset. */
export interface Dataset {
  name: string;
  items: DatasetItem[];
}

/** Generates pairs from directories of documents. */
export class DocumentQAGenerator {
  private readonly params: GenerationParams;

  /** @throws InvalidParamsError when `deps.params` has a bad value */
  constructor(private readonly deps: PipelineDeps & { params?: Partial<GenerationParams> | Record<string, unknown> }) {
    this.params = resolveParams(deps.params ?? {});
  }

  /**
   * Loads every supported document under `dir` (ingest rules: .gitignore, secrets excluded, …) and runs
   * the workflow over them. Skipped files are listed in the result's errors.
   */
  async generateFromDirectory(dir: string, options: IngestOptions & { params?: Partial<GenerationParams> } = {}): Promise<RunResult> {
    const { params: override, ...ingestOptions } = options;
    const root = path.resolve(dir);
    const { documents, skipped } = await loadDocuments([root], root, { signal: this.deps.signal, ...ingestOptions });
    const params = override ? resolveParams({ ...this.params, ...override }) : this.params;
    // The run of the generate use case (QAWorkflowGraph), not a third copy of it.
    const result = await new QAWorkflowGraph(this.deps).runFromDocuments(documents, params);
    const skippedErrors = skipped.map((file) => ({ node: NODE.processDocuments, subject: file.path, message: `skipped ${file.path}: ${file.reason}` }));
    return { ...result, errors: [...skippedErrors, ...result.errors] };
  }

  /** The Axion-style dataset of one or more results: query, expected_output, expected_reference, document_text. */
  toDataset(results: RunResult | RunResult[], name: string): Dataset {
    return toDataset(results, name);
  }
}

/** Converts validated pairs of results into an Axion-style dataset (rejected pairs are left out). */
export function toDataset(results: RunResult | RunResult[], name: string): Dataset {
  const items: DatasetItem[] = [];
  for (const result of Array.isArray(results) ? results : [results]) {
    const chunks = new Map(result.chunks.map((c) => [c.id, c]));
    for (const p of result.validatedQaPairs) {
      const chunk = chunks.get(p.chunkId);
      items.push({
        id: p.id,
        query: p.question,
        expected_output: p.answer,
        expected_reference: p.contexts.join('\n'),
        document_text: chunk?.text ?? p.contexts.join('\n'),
        metadata: {
          question_type: p.questionType, difficulty: p.difficulty, quality_score: p.quality?.score ?? null,
          source: p.provenance.kind === 'file' ? `${p.provenance.path}:${p.provenance.startLine}-${p.provenance.endLine}` : `${p.provenance.file}#${p.provenance.sessionId}`,
        },
      });
    }
  }
  return { name, items };
}
