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

/** ExtractStatements of a regeneration: the same work over the chosen pairs' source text, then on to PrepareEnhancement. */
const refreshStatements: GraphNode<PipelineState> = {
  id: NODE.extract,
  label: extractStatements.label,
  next: [{ to: NODE.enhance }],
  // Pairs read back from a dataset carry no statements, so they are extracted again from the given source text.
  async run(state, ctx) {
    return { ...(await extractStatements.run(state, ctx)), next: NODE.enhance };
  },
};

/**
 * Regeneration of chosen pairs of an existing dataset: ExtractStatements (from each pair's current source text) →
 * PrepareEnhancement → GenerateQuestions → GenerateAnswers → ValidateQAPairs → (PrepareEnhancement …)* → End.
 */
export const REGENERATION_GRAPH: Graph<PipelineState> = defineGraph<PipelineState>(NODE.extract, [refreshStatements, ...IMPROVEMENT_LOOP]);

/** The pipeline's mermaid `stateDiagram-v2` text, optionally with `active` highlighted. */
export function pipelineMermaid(active?: string): string {
  return PIPELINE_GRAPH.toMermaid({ active });
}
