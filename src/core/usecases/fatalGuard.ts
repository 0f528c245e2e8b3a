/**
 * Stops a generation at the first model error no retry can cure (key refused, unknown model: a
 * {@link FatalLlmError}): every further call would fail the same way, so the run is aborted at once — whatever the
 * pipeline does with the error — and the front end reports that error as its one line instead of a run that
 * "completed" with batches missing.
 */
import { setMaxListeners } from 'node:events';
import { isFatalLlmError, type FatalLlmError, type LlmPort, type StructuredRequest } from '../llm/port';

/** The guarded port, the signal the run must use, and the fatal error once one was seen. */
export interface FatalGuard {
  llm: LlmPort;
  signal: AbortSignal;
  fatal(): FatalLlmError | undefined;
  /** Detaches from the outer signal. */
  dispose(): void;
}

/** Wraps `llm` so that its first fatal error aborts `signal` (which also follows `outer`, e.g. Ctrl+C). */
export function fatalGuard(llm: LlmPort, outer?: AbortSignal): FatalGuard {
  const controller = new AbortController();
  // every call waiting on the run (for a rate-limit slot, a retry, a batch job) listens to its signal until it ends:
  // a batch stage parks hundreds at once, which is no leak, so Node's warning past 10 listeners would only alarm users
  setMaxListeners(Infinity, controller.signal);
  let seen: FatalLlmError | undefined;
  const follow = () => controller.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  const watch = <T>(call: Promise<T>): Promise<T> => call.catch((error: unknown) => {
    if (isFatalLlmError(error) && !seen) {
      seen = error;
      controller.abort(error);
    }
    throw error;
  });
  const guarded: LlmPort = {
    get provider() { return llm.provider; },
    get model() { return llm.model; },
    chatJson: <T>(request: StructuredRequest) => watch(llm.chatJson<T>(request)),
  };
  const embed = llm.embed?.bind(llm);
  if (embed) guarded.embed = (texts, signal) => watch(embed(texts, signal));
  return {
    llm: guarded,
    signal: controller.signal,
    fatal: () => seen,
    dispose: () => outer?.removeEventListener('abort', follow),
  };
}
