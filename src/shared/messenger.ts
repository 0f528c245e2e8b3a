/**
 * Both ends of a webview channel over the {@link ProtocolSpec} map: typed notifications, requests with ids
 * and typed replies, validation of everything received (unknown or malformed messages are logged and
 * ignored), dispatch through handler maps keyed by message type, and the host's ready handshake (posts are
 * queued until the webview says `ready`, as in vscode-pull-request-github's webview.ts / message.ts).
 */
import type { Guard, Guarded } from './guards';
import { type Bodies, type Envelope, parseEnvelope, type ProtocolSpec, type RequestParams, type RequestResults } from './protocol';

/** One handler per notification type. */
export type NotificationHandlers<M extends Record<string, Guard<unknown>>> = {
  [K in keyof M]: (body: Guarded<M[K]>) => void;
};

/** One handler per request type, answering with the typed result. */
export type RequestHandlers<P extends ProtocolSpec> = {
  [K in keyof P['requests']]: (params: RequestParams<P>[K]) => Promise<RequestResults<P>[K]>;
};

/** Where a rejected message is reported. */
export type ProtocolLog = (line: string) => void;

function lookup<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function describe(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : typeof raw;
  return type.slice(0, 80);
}

/** The host's end: notifies the view, answers its requests, queues until the view is ready. */
export class HostMessenger<P extends ProtocolSpec> {
  private isReady = false;
  private queue: Envelope[] = [];

  constructor(
    private readonly spec: P,
    private readonly post: (message: Envelope) => void,
    private readonly handlers: NotificationHandlers<P['toHost']>,
    private readonly requestHandlers: RequestHandlers<P>,
    private readonly log: ProtocolLog,
  ) {}

  /** True once the webview has said `ready` since the last {@link reset}. */
  get ready(): boolean {
    return this.isReady;
  }

  /** Sends a notification now, or when the webview is ready. */
  notify<K extends keyof P['toView'] & string>(type: K, body: Bodies<P['toView']>[K]): void {
    const envelope: Envelope = { kind: 'notify', type, body };
    if (this.isReady) this.post(envelope);
    else this.queue.push(envelope);
  }

  /** Sends a notification given as a `{ type, body }` union member (e.g. the result of a converter). */
  send(notification: { [K in keyof P['toView'] & string]: { type: K; body: Bodies<P['toView']>[K] } }[keyof P['toView'] & string]): void {
    this.notify(notification.type, notification.body);
  }

  /** Forgets readiness (the webview's HTML was (re)set); later posts wait for a new `ready`. */
  reset(): void {
    this.isReady = false;
  }

  /** Drops queued posts (for a view that will be redrawn from scratch). */
  clearQueue(): void {
    this.queue = [];
  }

  /** Validates and dispatches one message received from the webview. */
  async receive(raw: unknown): Promise<void> {
    const envelope = parseEnvelope(raw);
    if (!envelope || envelope.kind === 'reply') {
      this.log(`webview message ignored: not a notification or request (${describe(raw)})`);
      return;
    }
    if (envelope.kind === 'notify') {
      const guard = lookup<Guard<unknown>>(this.spec.toHost, envelope.type);
      const handler = lookup<(body: unknown) => void>(this.handlers as Record<string, (body: unknown) => void>, envelope.type);
      if (!guard || !handler || !guard(envelope.body)) {
        this.log(`webview message ignored: unknown or malformed '${envelope.type.slice(0, 80)}'`);
        return;
      }
      if (envelope.type === 'ready') this.flush();
      handler(envelope.body);
      return;
    }
    const spec = lookup(this.spec.requests, envelope.type);
    const handler = lookup<(params: unknown) => Promise<unknown>>(
      this.requestHandlers as Record<string, (params: unknown) => Promise<unknown>>, envelope.type);
    if (!spec || !handler || !spec.params(envelope.params)) {
      this.post({ kind: 'reply', id: envelope.id, ok: false, error: `Unknown or malformed request '${envelope.type.slice(0, 80)}'.` });
      this.log(`webview request refused: unknown or malformed '${envelope.type.slice(0, 80)}'`);
      return;
    }
    try {
      const result = await handler(envelope.params);
      this.post({ kind: 'reply', id: envelope.id, ok: true, result });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.post({ kind: 'reply', id: envelope.id, ok: false, error });
    }
  }

  private flush(): void {
    this.isReady = true;
    const pending = this.queue;
    this.queue = [];
    for (const envelope of pending) this.post(envelope);
  }
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  result: Guard<unknown>;
}

/** The webview's end: notifies the host, sends requests and awaits their replies, dispatches notifications. */
export class ViewMessenger<P extends ProtocolSpec> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly spec: P,
    private readonly post: (message: Envelope) => void,
    private readonly handlers: NotificationHandlers<P['toView']>,
    private readonly log: ProtocolLog,
  ) {}

  /** Sends a notification to the host. */
  notify<K extends keyof P['toHost'] & string>(type: K, body: Bodies<P['toHost']>[K]): void {
    this.post({ kind: 'notify', type, body });
  }

  /** Sends a request; resolves with the host's validated result, rejects with its error. */
  request<K extends keyof P['requests'] & string>(type: K, params: RequestParams<P>[K]): Promise<RequestResults<P>[K]> {
    const id = this.nextId++;
    return new Promise<RequestResults<P>[K]>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (result: unknown) => void,
        reject,
        result: this.spec.requests[type].result,
      });
      this.post({ kind: 'request', id, type, params });
    });
  }

  /** Validates and dispatches one message received from the host. */
  receive(raw: unknown): void {
    const envelope = parseEnvelope(raw);
    if (!envelope || envelope.kind === 'request') {
      this.log(`host message ignored: not a notification or reply (${describe(raw)})`);
      return;
    }
    if (envelope.kind === 'reply') {
      const waiting = this.pending.get(envelope.id);
      if (!waiting) return this.log(`reply ${envelope.id} ignored: no such request`);
      this.pending.delete(envelope.id);
      if (!envelope.ok) waiting.reject(new Error(envelope.error));
      else if (waiting.result(envelope.result)) waiting.resolve(envelope.result);
      else waiting.reject(new Error(`The host's reply to request ${envelope.id} was malformed.`));
      return;
    }
    const guard = lookup<Guard<unknown>>(this.spec.toView, envelope.type);
    const handler = lookup<(body: unknown) => void>(this.handlers as Record<string, (body: unknown) => void>, envelope.type);
    if (!guard || !handler || !guard(envelope.body)) {
      this.log(`host message ignored: unknown or malformed '${envelope.type.slice(0, 80)}'`);
      return;
    }
    handler(envelope.body);
  }
}
