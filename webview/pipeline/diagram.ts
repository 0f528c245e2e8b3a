/**
 * The pipeline graph, drawn by mermaid from the text the core generated, with node states added as mermaid
 * classes. Each render happens off-screen; the finished SVG then replaces the old one in a single swap, so the
 * diagram never flickers or collapses while a run updates it.
 */
import mermaid from 'mermaid';
import type { NodeView } from '../../src/shared/protocol';

/** Node ids safe to name in a mermaid `class` statement. */
const NODE_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

let initialised = false;
let renderCount = 0;

function initialise(): void {
  if (initialised) return;
  const body = document.body.classList;
  const dark = body.contains('vscode-dark') || body.contains('vscode-high-contrast');
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: dark ? 'dark' : 'default',
    fontFamily: 'var(--vscode-font-family)',
  });
  initialised = true;
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

/** Draws diagrams into one host element; concurrent requests collapse to the latest text. */
export class DiagramView {
  private shown = '';
  private wanted = '';
  private rendering: Promise<void> | undefined;

  constructor(private readonly host: HTMLElement, private readonly onError: (message: string) => void) {}

  /** Asks for this text to be shown; resolves when it (or a newer text) is on screen. */
  show(text: string): Promise<void> {
    this.wanted = text;
    this.rendering ??= this.drain().finally(() => { this.rendering = undefined; });
    return this.rendering;
  }

  private async drain(): Promise<void> {
    while (this.wanted !== this.shown) {
      const text = this.wanted;
      this.shown = text;
      if (!text.trim()) {
        this.host.replaceChildren();
        continue;
      }
      try {
        initialise();
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
