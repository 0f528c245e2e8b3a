/**
 * The HTML shell of both webviews: a strict Content-Security-Policy with a fresh nonce, the bundled script and
 * styles, nothing remote. Pure (no `vscode` import) so the browser tests load exactly what VS Code loads.
 */
import { randomBytes } from 'node:crypto';

/** What a page needs: URIs already converted with `webview.asWebviewUri`. */
export interface WebviewPage {
  title: string;
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** A script the app loads itself after its first paint (the pipeline's diagram renderer), with the same nonce. */
  lateScriptUri?: string;
}

/** A nonce from the OS's CSPRNG (never Math.random). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The policy: scripts only with the nonce; styles from the extension plus inline (mermaid writes `<style>`
 * into its SVG and inline styles on nodes — the only reason for 'unsafe-inline'); images and fonts only from
 * the extension (and data: images mermaid may use); nothing else.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The bundled webview apps (esbuild entries webview/<app>/main.ts). */
export type WebviewApp = 'pipeline' | 'datasetEditor';

/**
 * The page of one bundled app: its script and styles from dist/webview and media, a fresh nonce.
 * @param asUri turns extension-relative path parts into a webview URI (`webview.asWebviewUri`)
 */
export function appPage(app: WebviewApp, title: string, cspSource: string, asUri: (...parts: string[]) => string): WebviewPage {
  return {
    title,
    cspSource,
    nonce: createNonce(),
    scriptUri: asUri('dist', 'webview', `${app}.js`),
    styleUris: [asUri('dist', 'webview', `${app}.css`), asUri('media', 'common.css'), asUri('media', `${app}.css`)],
    // mermaid is most of the pipeline view's code: a bundle of its own, so the view draws before it is parsed.
    ...(app === 'pipeline' ? { lateScriptUri: asUri('dist', 'webview', 'pipelineDiagram.js') } : {}),
  };
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page's HTML. Only our own URIs and constants go in; data arrives later as messages. */
export function webviewHtml(page: WebviewPage): string {
  const styles = page.styleUris.map((uri) => `<link rel="stylesheet" href="${attr(uri)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page.cspSource, page.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}${page.lateScriptUri ? `\n    <meta name="qaforge-late-script" content="${attr(page.lateScriptUri)}">` : ''}
    <title>${attr(page.title)}</title>
  </head>
  <body>
    <main id="app"><p class="loading">Loading ${attr(page.title)}…</p></main>
    <script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
  </body>
</html>`;
}
