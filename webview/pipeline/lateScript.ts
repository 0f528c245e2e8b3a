/**
 * Loads the diagram bundle after the first paint. The page names it in a `<meta name="qaforge-late-script">`
 * (src/host/panels/webviewHtml.ts); the script element gets the page's nonce, so the CSP allows it and nothing else.
 */
import type mermaidApi from 'mermaid';

/** The mermaid API the diagram uses. */
export type Mermaid = typeof mermaidApi;

/** Window property the diagram bundle sets to mermaid. */
export const MERMAID_GLOBAL = 'qaforgeMermaid';
/** Event the diagram bundle dispatches on window once it has set {@link MERMAID_GLOBAL}. */
export const MERMAID_READY_EVENT = 'qaforge-mermaid-ready';

/** The nonce of the running script, read while it runs (browsers hide it from getAttribute later). */
export function currentNonce(): string {
  const script = document.currentScript;
  return script instanceof HTMLScriptElement ? script.nonce ?? '' : '';
}

/**
 * Resolves with mermaid once the late script ran; rejects with a message naming the script when the page names
 * none or it fails to load. Starts loading after the next frame, so the plain view is on screen first.
 */
export function loadMermaid(nonce: string): Promise<Mermaid> {
  return new Promise<Mermaid>((resolve, reject) => {
    const src = document.querySelector<HTMLMetaElement>('meta[name="qaforge-late-script"]')?.content;
    if (!src) {
      reject(new Error('the page names no diagram script (meta qaforge-late-script)'));
      return;
    }
    const ready = () => {
      const api = (window as unknown as Record<string, unknown>)[MERMAID_GLOBAL] as Mermaid | undefined;
      if (api) resolve(api);
      else reject(new Error(`${src} ran but did not provide mermaid`));
    };
    window.addEventListener(MERMAID_READY_EVENT, ready, { once: true });
    requestAnimationFrame(() => setTimeout(() => {
      const script = document.createElement('script');
      script.nonce = nonce;
      script.src = src;
      script.onerror = () => reject(new Error(`the diagram script did not load (${src})`));
      document.body.append(script);
    }, 0));
  });
}
