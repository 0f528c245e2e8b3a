/** QA Forge: Show Pipeline — the pipeline graph view (live during runs). */
import * as vscode from 'vscode';
import { pipelineMermaid } from '../../core/pipeline/graphDefinition';
import type { HostServices } from '../services';

/**
 * Opens the pipeline view. Until the webview panel is available this shows the graph's mermaid definition
 * (rendered from the pipeline's node/edge model) in an editor.
 */
export async function showPipeline(services: HostServices): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'mermaid', content: pipelineMermaid() });
  await vscode.window.showTextDocument(doc, { preview: true });
  services.log.info('pipeline graph shown as text (pipeline panel not available)');
}
