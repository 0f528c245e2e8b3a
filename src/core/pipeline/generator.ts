/**
 * DocumentQAGenerator: the reference library's directory-level entry point — load a folder's documents,
 * run the workflow over all of them at once (num_pairs is the total), and turn results into a dataset.
 */
import * as path from 'node:path';
import { sourceLocation } from '../../shared/labels';
import { loadDocuments, type IngestOptions } from '../ingest/index';
import { resolveParams, type GenerationParams } from '../domain/params';
import type { RunResult } from '../domain/records';
import type { PipelineDeps } from './run';
import { NODE } from './nodes/ids';
import { axionDataset, axionItem, type AxionDataset, type AxionItem } from '../dataset/export/axion';
import { QAWorkflowGraph } from './workflow';

/** One item of the Axion dataset (the same item the `axion` export writes). */
export type DatasetItem = AxionItem;

/** An Axion dataset: `axion.dataset.Dataset.to_json`'s shape. */
export type Dataset = AxionDataset;

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

/**
 * Converts validated pairs of results into an Axion dataset (rejected pairs are left out), through the one Axion
 * item builder: expected_reference = the supporting statements, document_text = the source chunk.
 */
export function toDataset(results: RunResult | RunResult[], name: string): Dataset {
  const items: DatasetItem[] = [];
  for (const result of Array.isArray(results) ? results : [results]) {
    const chunks = new Map(result.chunks.map((c) => [c.id, c]));
    const statements = new Map(result.statements.map((s) => [s.id, s.content]));
    for (const p of result.validatedQaPairs) {
      const supporting = p.statementIds.flatMap((id) => statements.get(id) ?? []);
      items.push(axionItem({
        id: p.id,
        question: p.question,
        answer: p.answer,
        statements: supporting.length ? supporting : p.contexts,
        documentText: chunks.get(p.chunkId)?.text ?? p.contexts.join('\n\n'),
        facts: {
          question_type: p.questionType, difficulty: p.difficulty, score: p.quality?.score ?? null,
          source: p.provenance.kind === 'file' ? sourceLocation(p.provenance.path, p.provenance.startLine, p.provenance.endLine) : `${p.provenance.file}#${p.provenance.sessionId}`,
        },
      }));
    }
  }
  return axionDataset(name, items);
}
