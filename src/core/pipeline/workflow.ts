/**
 * QAWorkflowGraph: the library entry point mirroring the reference's API — run from documents or from
 * sessions, and show the graph.
 */
import { documentFromText } from '../ingest/document';
import type { Session, SessionMessage, SourceDocument } from '../ingest/types';
import { resolveParams, type GenerationParams } from '../domain/params';
import type { RunResult } from '../domain/records';
import { PIPELINE_GRAPH, pipelineMermaid } from './graphDefinition';
import { runPipeline, stateFor, type PipelineDeps } from './run';

export type { PipelineDeps } from './run';

function isSessionList(x: SessionMessage[] | Session[]): x is Session[] {
  return x.length > 0 && Array.isArray((x[0] as Session).messages);
}

/** Runs the Q&A workflow. */
export class QAWorkflowGraph {
  constructor(private readonly deps: PipelineDeps) {}

  /**
   * Generates pairs from text (one inline document) or from documents.
   * @throws InvalidParamsError before anything runs when a parameter is out of range
   */
  async runFromDocuments(content: string | SourceDocument[], params: Partial<GenerationParams> | Record<string, unknown> = {}): Promise<RunResult> {
    const resolved = resolveParams(params);
    const documents = typeof content === 'string' ? [documentFromText('inline-1', content)] : content;
    return runPipeline(PIPELINE_GRAPH, stateFor(this.deps, resolved, { kind: 'documents', documents }), this.deps.clock);
  }

  /**
   * Generates pairs from conversation sessions: either one conversation's messages (with its metadata) or
   * whole sessions.
   */
  async runFromSessions(messages: SessionMessage[] | Session[], metadata: Record<string, unknown> = {}, params: Partial<GenerationParams> | Record<string, unknown> = {}): Promise<RunResult> {
    const resolved = resolveParams(params);
    const sessions: Session[] = isSessionList(messages)
      ? messages
      : [{ file: 'inline-session', id: '0', messages: messages as SessionMessage[], metadata }];
    return runPipeline(PIPELINE_GRAPH, stateFor(this.deps, resolved, { kind: 'sessions', sessions }), this.deps.clock);
  }

  /** The workflow's mermaid `stateDiagram-v2` text, optionally with the `active` node highlighted. */
  visualizeGraph(active?: string): string {
    return pipelineMermaid(active);
  }
}
