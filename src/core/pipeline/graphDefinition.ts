/** The Q&A workflow as a graph: its nodes and declared edges, and its diagram (usable without a model). */
import { defineGraph, type Graph } from '../graph/graph';
import type { GraphNode } from '../graph/types';
import { chunkContent } from './nodes/chunk';
import { prepareEnhancement } from './nodes/enhance';
import { extractStatements } from './nodes/extractStatements';
import { generateAnswers } from './nodes/generateAnswers';
import { generateQuestions } from './nodes/generateQuestions';
import { NODE } from './nodes/ids';
import { initializeWorkflow, processDocuments, processSessions } from './nodes/input';
import { validatePairs } from './nodes/validate';
import type { PipelineState } from './state';

export { EDGE, NODE } from './nodes/ids';

/** The full workflow, InitializeWorkflow → … → ValidateQAPairs → (PrepareEnhancement → GenerateQuestions)* → End. */
export const PIPELINE_GRAPH: Graph<PipelineState> = defineGraph<PipelineState>(NODE.initialize, [
  initializeWorkflow,
  processDocuments,
  processSessions,
  chunkContent,
  extractStatements,
  generateQuestions,
  generateAnswers,
  validatePairs,
  prepareEnhancement,
]);

/** The nodes of the improvement loop every regeneration runs. */
const IMPROVEMENT_LOOP = [prepareEnhancement, generateQuestions, generateAnswers, validatePairs];

/**
 * The regeneration loop over the same nodes: PrepareEnhancement → GenerateQuestions → GenerateAnswers →
 * ValidateQAPairs → (PrepareEnhancement …)* → End. Used to re-run chosen pairs of an existing dataset.
 */
export const REGENERATION_GRAPH: Graph<PipelineState> = defineGraph<PipelineState>(NODE.enhance, IMPROVEMENT_LOOP);

/** ExtractStatements of a regeneration from refreshed sources: the same work, then on to PrepareEnhancement. */
const refreshStatements: GraphNode<PipelineState> = {
  id: NODE.extract,
  label: extractStatements.label,
  next: [{ to: NODE.enhance }],
  async run(state, ctx) {
    const all = state.chunks;
    if (state.refreshChunks) state.chunks = all.filter((c) => state.refreshChunks!.has(c.id));
    try {
      return { ...(await extractStatements.run(state, ctx)), next: NODE.enhance };
    } finally {
      state.chunks = all;
    }
  },
};

/**
 * Regeneration of pairs whose source changed: ExtractStatements (from the current source text) →
 * PrepareEnhancement → GenerateQuestions → GenerateAnswers → ValidateQAPairs → (PrepareEnhancement …)* → End.
 */
export const REFRESH_GRAPH: Graph<PipelineState> = defineGraph<PipelineState>(NODE.extract, [refreshStatements, ...IMPROVEMENT_LOOP]);

/** The pipeline's mermaid `stateDiagram-v2` text, optionally with `active` highlighted. */
export function pipelineMermaid(active?: string): string {
  return PIPELINE_GRAPH.toMermaid({ active });
}
