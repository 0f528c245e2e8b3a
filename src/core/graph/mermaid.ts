/** Renders a graph model as mermaid `stateDiagram-v2` text: the only way a diagram is made in QA Forge. */
import type { GraphModel } from './graph';
import { END } from './types';

/** Options of {@link renderMermaid}. */
export interface MermaidOptions {
  /** Node id to mark as active (a `classDef active` plus `class <id> active`). Unknown ids are ignored. */
  active?: string;
}

/** Mermaid state-label text may not contain characters that end the label. */
function edgeLabel(label: string): string {
  return label.replace(/[\n\r:;]+/g, ' ').trim();
}

/** The `stateDiagram-v2` text of a model, one edge per line, labelled edges as `A --> B: label`. */
export function renderMermaid(model: GraphModel, options: MermaidOptions = {}): string {
  const lines = ['stateDiagram-v2'];
  for (const edge of model.edges) {
    const label = edge.label ? `: ${edgeLabel(edge.label)}` : '';
    lines.push(`    ${edge.from === END ? END : edge.from} --> ${edge.to}${label}`);
  }
  if (options.active && model.nodes.some((n) => n.id === options.active)) {
    lines.push('    classDef active fill:#f9d65c,stroke:#b58900,stroke-width:3px,color:#000');
    lines.push(`    class ${options.active} active`);
  }
  return lines.join('\n');
}
