/** QA Forge: Show Pipeline — the pipeline graph view, live while a run goes. */
import type { HostServices } from '../services';

/** Opens (or reveals) the pipeline panel, showing the latest run of this window; later runs are followed in it. */
export async function showPipeline(services: HostServices): Promise<void> {
  (await services.runViewer()).show();
}
