/**
 * QA Forge's public library API: the Q&A workflow, its parameters and records, the graph runner, the
 * reference-shaped conversions, the model layer (createLlm, the offline engine, model errors), ingestion
 * (loadDocuments, parseSessionFile) and the dataset file format (read, write, merge, export).
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
export * from './domain/params';
export type * from './domain/records';
export * from './domain/tasks';
export * from './domain/taskSchemas';
export type * from './domain/events';
export type { Chunker } from './pipeline/state';
export * from './graph/index';
export * from './llm/index';
export * from './ingest/index';
export { chunkDocument } from './chunking/index';
export type { ChunkOptions } from './chunking/index';
export * from './dataset/index';
