/** The typed state-graph runner: define nodes with declared edges, run them, render the diagram. */
export { END } from './types';
export type { EdgeDecl, GraphEvent, GraphNode, NodeContext, RunOutcome, StepCounts, StepResult, Target } from './types';
export { Graph, GraphDefinitionError, defineGraph } from './graph';
export type { GraphEdge, GraphModel } from './graph';
export { renderMermaid } from './mermaid';
export type { MermaidOptions } from './mermaid';
export { UndeclaredEdgeError, iterateGraph, runGraph } from './runner';
export type { RunOptions } from './runner';
