/** Connects a {@link ViewMessenger} to the page: VS Code's postMessage out, window `message` events in. */
import { type NotificationHandlers, ViewMessenger } from '../../src/shared/messenger';
import type { ProtocolSpec } from '../../src/shared/protocol';
import { vscodeApi } from './vscodeApi';

/** Opens the channel; the caller says `ready` once its handlers can draw (the host then flushes its queue). */
export function openChannel<P extends ProtocolSpec>(
  spec: P, handlers: NotificationHandlers<P['toView']>,
): ViewMessenger<P> {
  const api = vscodeApi();
  const messenger = new ViewMessenger<P>(spec, (m) => api.postMessage(m), handlers, (line) => console.warn(`[qaforge] ${line}`));
  window.addEventListener('message', (event: MessageEvent<unknown>) => messenger.receive(event.data));
  return messenger;
}
