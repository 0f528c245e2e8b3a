/**
 * QA Forge's public library API: the Q&A workflow, its parameters and records, the graph runner, and the
 * reference-shaped conversions.
 */
export { QAWorkflowGraph } from './pipeline/workflow';
export type { PipelineDeps } from './pipeline/run';
export { DEFAULT_CONCURRENCY } from './pipeline/run';
export { DocumentQAGenerator, toDataset } from './pipeline/generator';
export type { Dataset, DatasetItem } from './pipeline/generator';
export { regeneratePairs } from './pipeline/regenerate';
export type { RegenerationItem } from './pipeline/regenerate';
export { toReferenceResult } from './pipeline/reference';
export type { ReferencePair, ReferenceResult } from './pipeline/reference';
export { pipelineMermaid, PIPELINE_GRAPH, NODE, EDGE } from './pipeline/graphDefinition';
export { DEFAULT_BATCH_TOKEN_BUDGET } from './pipeline/batching';
export { PROMPT_VERSION, PROMPTS, buildPrompt } from './pipeline/prompts/index';
export * from './pipeline/params';
export type * from './pipeline/records';
export * from './pipeline/tasks';
export type * from './pipeline/events';
export type { Chunker } from './pipeline/state';
export * from './graph/index';
export { BudgetExceededError } from './llm/port';
export type { LlmPort, StructuredRequest, StructuredReply, ChatMessage } from './llm/port';
export type { Session, SessionMessage, SourceDocument } from './ingest/types';
export { documentFromText } from './ingest/document';
