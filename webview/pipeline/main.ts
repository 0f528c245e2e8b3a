/**
 * Pipeline view entry: follows a run live (graph with the running node highlighted, node counters, totals,
 * pairs as they are validated), keeps its state across window reloads (getState/setState), and sends the
 * user's intents (cancel, open dataset) to the host.
 */
import '@vscode/codicons/dist/codicon.css';
import type { PipelineViewState } from '../../src/shared/protocol';
import { pipelineProtocol, pipelineViewState } from '../../src/shared/protocol';
import type { NotificationHandlers } from '../../src/shared/messenger';
import { openChannel } from '../common/channel';
import { vscodeApi } from '../common/vscodeApi';
import { decorate, DiagramView } from './diagram';
import { currentNonce, loadMermaid } from './lateScript';
import { emptyState, reducers } from './state';
import { PipelineView } from './view';

const nonce = currentNonce();
const saved = vscodeApi().getState();
// A restored state stays as saved until the host says which run it follows (`pipeline.link`).
let state: PipelineViewState = pipelineViewState(saved) ? saved : emptyState();
let tickStartedAt = performance.now();
let tickBase = state.totals.elapsedMs;

const root = document.getElementById('app') ?? document.body;
const view = new PipelineView(root, {
  cancel: () => {
    messenger.request('pipeline.cancel', {}).then(
      (r) => { if (!r.cancelled) view.showDiagramError('The run could not be cancelled: it already ended.'); },
      (e: Error) => view.showDiagramError(e.message),
    );
  },
  openDataset: () => messenger.notify('pipeline.openDataset', {}),
});
const diagram = new DiagramView(view.diagram, (message) => view.showDiagramError(message));

function redraw(): void {
  view.update(state);
  void diagram.show({ text: decorate(state.mermaid, state.nodes, state.active), nodeIds: state.nodeIds, nodes: state.nodes, active: state.active });
  vscodeApi().setState(state);
}

type Reducers = typeof reducers;
const handlers = {} as NotificationHandlers<typeof pipelineProtocol.toView>;
for (const type of Object.keys(reducers) as Array<keyof Reducers>) {
  (handlers as Record<string, (body: unknown) => void>)[type] = (body) => {
    state = (reducers[type] as (s: PipelineViewState, b: unknown) => PipelineViewState)(state, body);
    if (type === 'pipeline.totals' || type === 'pipeline.finished' || type === 'pipeline.run') {
      tickStartedAt = performance.now();
      tickBase = state.totals.elapsedMs;
    }
    redraw();
  };
}

const messenger = openChannel(pipelineProtocol, handlers);

setInterval(() => {
  if (state.phase === 'running') view.tickElapsed(tickBase + performance.now() - tickStartedAt);
}, 1000);

redraw();
messenger.notify('ready', {});
// The diagram's renderer loads after the first paint; until then the graph is its plain node list.
loadMermaid(nonce).then((mermaid) => diagram.useMermaid(mermaid), (e: Error) => view.showDiagramError(`${e.message}; the node list stays`));
