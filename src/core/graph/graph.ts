/**
 * A validated graph definition: nodes by id, a start node, and the edge model used by the runner and the
 * mermaid renderer. Validation happens once, when the graph is built.
 */
import { renderMermaid, type MermaidOptions } from './mermaid';
import { END, type GraphNode, type Target } from './types';

/** Raised when a graph definition is inconsistent; the message names the node and edge at fault. */
export class GraphDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphDefinitionError';
  }
}

/** One edge of the intermediate model. */
export interface GraphEdge {
  from: string | typeof END;
  to: Target;
  label?: string;
}

/** The intermediate model the diagram is rendered from: nodes in definition order, then edges. */
export interface GraphModel {
  start: string;
  nodes: Array<{ id: string; label: string }>;
  edges: GraphEdge[];
}

/** A graph over state `S`, checked on construction. */
export class Graph<S> {
  private readonly byId = new Map<string, GraphNode<S>>();

  /**
   * @param start id of the first node
   * @param nodes every node; ids must be unique, edges must point to known nodes or END, and every node must
   *   be reachable from `start`
   * @throws GraphDefinitionError
   */
  constructor(readonly start: string, nodes: readonly GraphNode<S>[]) {
    for (const node of nodes) {
      if (!node.id || node.id === END) throw new GraphDefinitionError(`node id ${JSON.stringify(node.id)} is not allowed; use a non-empty name other than ${END}`);
      if (this.byId.has(node.id)) throw new GraphDefinitionError(`duplicate node id "${node.id}": every node needs its own id`);
      this.byId.set(node.id, node);
    }
    if (!this.byId.has(start)) throw new GraphDefinitionError(`start node "${start}" is not one of the nodes (${[...this.byId.keys()].join(', ')})`);
    for (const node of nodes) {
      if (node.next.length === 0) throw new GraphDefinitionError(`node "${node.id}" declares no next node; declare END to finish there`);
      const seen = new Set<Target>();
      for (const edge of node.next) {
        if (edge.to !== END && !this.byId.has(edge.to)) {
          throw new GraphDefinitionError(`node "${node.id}" declares an edge to unknown node "${edge.to}"; known nodes: ${[...this.byId.keys()].join(', ')}`);
        }
        if (seen.has(edge.to)) throw new GraphDefinitionError(`node "${node.id}" declares the edge to "${edge.to}" twice`);
        seen.add(edge.to);
      }
    }
    const reached = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const edge of this.byId.get(queue.shift() as string)!.next) {
        if (edge.to !== END && !reached.has(edge.to)) {
          reached.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
    const unreachable = nodes.filter((n) => !reached.has(n.id)).map((n) => n.id);
    if (unreachable.length > 0) throw new GraphDefinitionError(`node(s) ${unreachable.map((id) => `"${id}"`).join(', ')} cannot be reached from "${start}"; add an edge to them or remove them`);
    if (!nodes.some((n) => n.next.some((e) => e.to === END))) throw new GraphDefinitionError('no node declares an edge to END; the graph could never finish');
  }

  /** The node with this id. @throws GraphDefinitionError for an unknown id */
  node(id: string): GraphNode<S> {
    const node = this.byId.get(id);
    if (!node) throw new GraphDefinitionError(`unknown node "${id}"`);
    return node;
  }

  /** Node ids in definition order. */
  get nodeIds(): string[] {
    return [...this.byId.keys()];
  }

  /** The intermediate model of nodes and edges (start edge first, then each node's edges in order). */
  model(): GraphModel {
    const nodes = [...this.byId.values()];
    return {
      start: this.start,
      nodes: nodes.map((n) => ({ id: n.id, label: n.label })),
      edges: [
        { from: END, to: this.start },
        ...nodes.flatMap((n) => n.next.map((e) => ({ from: n.id, to: e.to, ...(e.label ? { label: e.label } : {}) }))),
      ],
    };
  }

  /** The mermaid `stateDiagram-v2` text rendered from {@link model}. */
  toMermaid(options: MermaidOptions = {}): string {
    return renderMermaid(this.model(), options);
  }
}

/** Builds and validates a graph. See {@link Graph}. */
export function defineGraph<S>(start: string, nodes: readonly GraphNode<S>[]): Graph<S> {
  return new Graph(start, nodes);
}
