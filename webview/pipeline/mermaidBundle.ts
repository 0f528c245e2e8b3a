/**
 * The pipeline diagram's renderer as a bundle of its own (dist/webview/pipelineDiagram.js). mermaid is most of
 * the view's code: loaded after the view has drawn its plain node list, it no longer keeps the panel on
 * "Loading…" while the browser parses it. Hands mermaid to the view through a window property and an event.
 */
import mermaid from 'mermaid';
import { MERMAID_GLOBAL, MERMAID_READY_EVENT } from './lateScript';

(window as unknown as Record<string, unknown>)[MERMAID_GLOBAL] = mermaid;
window.dispatchEvent(new Event(MERMAID_READY_EVENT));
