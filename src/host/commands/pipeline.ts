/** QA Forge: Show Pipeline — the pipeline graph view, live while a run goes. */
import { PipelinePanelViewer } from '../runs/pipelineViewer';
import type { HostServices } from '../services';

/** Opens (or reveals) the pipeline panel, showing the latest run of this window; later runs are followed in it. */
export function showPipeline(services: HostServices): void {
  const viewer = services.runViewer instanceof PipelinePanelViewer ? services.runViewer : new PipelinePanelViewer(services.context.extensionUri);
  services.runViewer = viewer;
  viewer.show();
}
