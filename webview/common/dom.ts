/**
 * DOM building helpers. All text from documents, models or the host goes through `textContent` or attribute
 * setters here; nothing in the webviews assigns `innerHTML` from data.
 */

/** Options of {@link h}. */
export interface ElementOptions {
  className?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

/** Creates an HTML element with text (never HTML) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, options: ElementOptions = {}, children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const [name, listener] of Object.entries(options.on ?? {})) {
    node.addEventListener(name, listener as EventListener);
  }
  for (const child of children) node.append(child);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with numeric or string attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K, attrs: Record<string, string | number> = {}, children: Node[] = [],
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child);
  return node;
}

/** A codicon glyph (decorative; the control around it carries the accessible label). */
export function icon(name: string): HTMLSpanElement {
  return h('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A button with a codicon and a label. */
export function button(label: string, iconName: string, onClick: () => void, options: { title?: string; iconOnly?: boolean } = {}): HTMLButtonElement {
  const children: Array<Node | string> = [icon(iconName)];
  if (!options.iconOnly) children.push(h('span', { text: label }));
  return h('button', {
    className: options.iconOnly ? 'icon-button' : 'button',
    title: options.title ?? label,
    attrs: { type: 'button', 'aria-label': label },
    on: { click: () => onClick() },
  }, children);
}

/** Formats a number compactly (1.2k, 3.4M). */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** Formats milliseconds as `12.3 s` / `2 min 5 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
