/**
 * Builds the webview bundles (the two apps and the pipeline's diagram renderer; the same esbuild options as esbuild.js) into a folder of their own, once
 * per process, so the browser tests and the bench load exactly the shipped code.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '../../..');

let built: Promise<string> | undefined;

/** The folder holding pipeline.js, datasetEditor.js and their css/fonts. */
export function buildWebviews(): Promise<string> {
  // QAFORGE_WEBVIEW_DIST=dist/webview tests the bundles esbuild.js produced instead.
  if (process.env.QAFORGE_WEBVIEW_DIST) return Promise.resolve(path.resolve(ROOT, process.env.QAFORGE_WEBVIEW_DIST));
  built ??= (async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-webview-'));
    await esbuild.build({
      entryPoints: Object.fromEntries([['pipeline', 'pipeline/main'], ['datasetEditor', 'datasetEditor/main'], ['pipelineDiagram', 'pipeline/mermaidBundle']]
        .map(([name, entry]) => [name, path.join(ROOT, `webview/${entry}.ts`)])
        .filter(([, entry]) => fs.existsSync(entry))),
      outdir: out,
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
      logLevel: 'error',
    });
    return out;
  })();
  return built;
}
