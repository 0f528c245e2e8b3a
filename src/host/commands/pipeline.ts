/** QA Forge: Show Pipeline — the pipeline graph view, live while a run goes. */
import { PipelinePanel } from '../panels/pipelinePanel';
import { PipelinePanelViewer } from '../runs/pipelineViewer';
import type { HostServices } from '../services';

/** Opens (or reveals) the pipeline panel; runs started from now on are followed in it. */
export function showPipeline(services: HostServices): void {
  services.runViewer ??= new PipelinePanelViewer(services.context.extensionUri);
  PipelinePanel.show(services.context.extensionUri);
}
