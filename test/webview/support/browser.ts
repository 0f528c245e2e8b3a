/**
 * Loads a built webview in headless Chromium (Debian's, through playwright-core) inside a page with the real
 * CSP and HTML shell, a stand-in for `acquireVsCodeApi` that records what the view posts, a way to post host
 * messages in, a record of CSP violations, and VS Code's theme variables.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { appPage, webviewHtml } from '../../../src/host/panels/webviewHtml';
import { buildWebviews, ROOT } from './bundle';
import { LIGHT, type Theme } from './themes';

/** The origin standing in for `webview.cspSource`. */
export const ORIGIN = 'https://webview.qaforge.test';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

let browser: Promise<Browser> | undefined;

/** The shared browser of this process (closed by {@link closeBrowser}). */
export function sharedBrowser(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: process.env.CHROMIUM_PATH || process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS, headless: true });
  return browser;
}

/** Closes the shared browser. */
export async function closeBrowser(): Promise<void> {
  if (!browser) return;
  const b = await browser;
  browser = undefined;
  await b.close();
}

/** A loaded webview and the handles a test needs. */
export interface LoadedView {
  page: Page;
  context: BrowserContext;
  /** Posts a message as the host would. */
  post(message: unknown): Promise<void>;
  /** Messages the view posted so far. */
  posted(): Promise<unknown[]>;
  /** CSP violations seen so far (directive and blocked URI). */
  violations(): Promise<string[]>;
  /** Console errors seen so far. */
  consoleErrors: string[];
  /** Lets the held path of {@link LoadOptions.hold} load. */
  release(): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json', '.html': 'text/html',
};

/** Options of {@link loadView}. */
export interface LoadOptions {
  theme?: Theme;
  /** State returned by the stand-in's getState() (a reload restores from it). */
  savedState?: unknown;
  viewport?: { width: number; height: number };
  /** A path (e.g. `/dist/pipelineDiagram.js`) whose answer waits for {@link LoadedView.release}, as a slow load would. */
  hold?: string;
}

/** Opens the named webview (`pipeline` or `datasetEditor`) in a fresh context. */
export async function loadView(name: 'pipeline' | 'datasetEditor', options: LoadOptions = {}): Promise<LoadedView> {
  const dist = await buildWebviews();
  const theme = options.theme ?? LIGHT;
  const b = await sharedBrowser();
  const context = await b.newContext({ viewport: options.viewport ?? { width: 1200, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  // The same page VS Code gets (appPage), with our origin for the webview URIs; the bundles are in `dist` itself.
  const page0 = appPage(name, name, ORIGIN, (...parts) => `${ORIGIN}/${parts.filter((p) => p !== 'webview').join('/')}`);
  const vars = Object.entries(theme.vars).map(([k, v]) => `${k}: ${v}`).join('; ');
  const html = webviewHtml(page0)
    .replace('<html lang="en">', `<html lang="en" style='${vars}'>`)
    .replace('<body>', `<body class="${theme.bodyClass}">`);

  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    if (url.pathname === options.hold) await held;
    const [, folder, ...rest] = url.pathname.split('/');
    const base = folder === 'dist' ? dist : folder === 'media' ? path.join(ROOT, 'media') : undefined;
    const file = base ? path.join(base, ...rest) : undefined;
    if (!file || !file.startsWith(base ?? '\0') || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: MIME[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) });
  });
  await context.route((url) => !url.href.startsWith(ORIGIN), (route) => route.abort());

  // tsx compiles test functions with esbuild's keepNames, which wraps them in a `__name` helper the page lacks.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.addInitScript((saved: unknown) => {
    const w = window as unknown as Record<string, unknown>;
    const posted: unknown[] = [];
    const violations: string[] = [];
    let state = saved;
    w.__posted = posted;
    w.__violations = violations;
    w.__stateWrites = 0;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s: unknown) => { state = s; w.__stateWrites = (w.__stateWrites as number) + 1; w.__state = s; },
    });
  }, options.savedState);

  // A held script keeps the page's load event back: wait for the document only.
  await page.goto(`${ORIGIN}/index.html`, options.hold ? { waitUntil: 'domcontentloaded' } : undefined);
  await page.waitForFunction(() => ((window as unknown as { __posted: unknown[] }).__posted).length > 0, undefined, { timeout: 20_000 }).catch((e: Error) => {
    throw new Error(`${name} did not say ready: ${consoleErrors.join(" | ") || e.message}`);
  });

  return {
    page, context, consoleErrors, release: () => release(),
    post: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    close: () => context.close(),
  };
}

/** Where screenshots and other artifacts go (gitignored). */
export function artifactPath(file: string): string {
  const dir = path.join(ROOT, 'test-artifacts', 'webview');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, file);
}

/** A temp dir for a test. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-wv-'));
}
