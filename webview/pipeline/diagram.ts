/**
 * The pipeline graph, drawn by mermaid from the text the core generated, with node states added as mermaid
 * classes. Until mermaid has loaded (a bundle of its own, see lateScript.ts) the graph is a plain list of its
 * nodes with their counters, drawn at once. Each render happens off-screen; the finished SVG then replaces what
 * is shown in a single swap, so the diagram never flickers or collapses while a run updates it.
 */
import type { NodeView } from '../../src/shared/protocol';
import { compact, h } from '../common/dom';
import type { Mermaid } from './lateScript';

/** Node ids safe to name in a mermaid `class` statement. */
const NODE_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

let renderCount = 0;

function initialise(mermaid: Mermaid): void {
  const body = document.body.classList;
  const dark = body.contains('vscode-dark') || body.contains('vscode-high-contrast');
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: dark ? 'dark' : 'default',
    fontFamily: 'var(--vscode-font-family)',
  });
}

/** What the graph is drawn from: the core's diagram text, and the nodes in order with their state. */
export interface GraphText {
  text: string;
  nodeIds: readonly string[];
  nodes: Record<string, NodeView>;
  active: string | null;
}

/** The graph's nodes in order with their counters, as plain HTML: what shows until mermaid has loaded. */
export function nodeList(graph: GraphText): HTMLElement {
  const ids = graph.nodeIds.length ? graph.nodeIds : Object.keys(graph.nodes);
  return h('ol', { className: 'graph-list', attrs: { 'aria-label': 'Pipeline graph (nodes in order)' } }, ids.map((id) => {
    const n = graph.nodes[id];
    const status = id === graph.active ? 'running' : n?.status ?? 'idle';
    const counts = n && n.iterations > 0 ? ` · in ${compact(n.counts.in)}, out ${compact(n.counts.out)}` : '';
    return h('li', { className: `graph-node status-${status}`, attrs: { 'data-graph-node': id, ...(status === 'running' ? { 'aria-current': 'step' } : {}) } }, [
      h('span', { className: 'graph-node-name', text: id }), h('span', { className: 'muted', text: counts }),
    ]);
  }));
}

/**
 * The core's diagram text plus class statements for the node states. Styling lines already in the text are
 * replaced (the view owns the colours, through CSS on these class names).
 */
export function decorate(mermaidText: string, nodes: Record<string, NodeView>, active: string | null): string {
  const lines = mermaidText.split('\n').filter((line) => !/^\s*(classDef|class)\s/.test(line));
  const byClass: Record<'qfActive' | 'qfDone' | 'qfError', string[]> = { qfActive: [], qfDone: [], qfError: [] };
  for (const [id, view] of Object.entries(nodes)) {
    if (!NODE_ID.test(id)) continue;
    if (id === active || view.status === 'running') byClass.qfActive.push(id);
    else if (view.status === 'error') byClass.qfError.push(id);
    else if (view.status === 'done') byClass.qfDone.push(id);
  }
  for (const [name, ids] of Object.entries(byClass)) {
    if (ids.length === 0) continue;
    lines.push(`    classDef ${name} stroke-width:2px`);
    lines.push(`    class ${ids.join(',')} ${name}`);
  }
  return lines.join('\n');
}

/** Draws the graph into one host element; concurrent requests collapse to the latest graph. */
export class DiagramView {
  private shown = '';
  private wanted: GraphText = { text: '', nodeIds: [], nodes: {}, active: null };
  private rendering: Promise<void> | undefined;
  private mermaid: Mermaid | undefined;

  constructor(private readonly host: HTMLElement, private readonly onError: (message: string) => void) {}

  /** Mermaid has loaded: the next draw (started now) is the diagram. */
  useMermaid(mermaid: Mermaid): Promise<void> {
    initialise(mermaid);
    this.mermaid = mermaid;
    return this.show(this.wanted);
  }

  /** Asks for this graph to be shown; resolves when it (or a newer one) is on screen. */
  show(graph: GraphText): Promise<void> {
    this.wanted = graph;
    if (!this.mermaid) {
      // No diagram yet: the plain list, redrawn on every change so its counters follow the run.
      this.host.replaceChildren(...(graph.text.trim() ? [nodeList(graph)] : []));
      this.host.dataset.rendered = 'list';
      return Promise.resolve();
    }
    this.rendering ??= this.drain().finally(() => { this.rendering = undefined; });
    return this.rendering;
  }

  private async drain(): Promise<void> {
    const mermaid = this.mermaid;
    if (!mermaid) return;
    while (this.wanted.text !== this.shown) {
      const text = this.wanted.text;
      this.shown = text;
      if (!text.trim()) {
        this.host.replaceChildren();
        continue;
      }
      try {
        const { svg } = await mermaid.render(`qf-diagram-${++renderCount}`, text);
        const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
        if (parsed.nodeName !== 'svg') throw new Error('mermaid returned no SVG');
        parsed.setAttribute('role', 'img');
        parsed.setAttribute('aria-label', 'Pipeline graph');
        this.host.replaceChildren(document.importNode(parsed, true));
        this.host.dataset.rendered = String(renderCount);
      } catch (e) {
        this.onError(e instanceof Error ? e.message : String(e));
      }
    }
  }
}
