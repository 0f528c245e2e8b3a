/**
 * Out-of-process control of the OpenAI-compatible TEST DOUBLE, for tests and benches that run it as a separate
 * process (testEndpointMain.ts): POST /__control/faults with a JSON body, GET /__control/stats,
 * POST /__control/reset-stats. These routes need no API key.
 */
import type { TestEndpointFaults } from './testEndpoint';
import type { MalformedStyle } from './testEndpointWire';

/** The body of POST /__control/faults; every field optional, applied in this order after `reset`. */
export interface FaultsCommand {
  reset?: boolean;
  latencyMs?: number;
  /** A reply-size-dependent latency: fixed ms plus ms per 1,000 characters of reply. */
  latencyModel?: { fixedMs: number; msPerKChars: number };
  /** Report cached_tokens for repeated prompt prefixes. */
  promptCache?: boolean;
  rateLimitNext?: { n: number; header?: string; value?: string };
  serverErrorNext?: { n: number; status?: number };
  malformedNext?: { n: number; style?: MalformedStyle };
  truncatedNext?: number;
  hangNext?: number;
  dropNext?: number;
  refuseJsonSchema?: boolean;
  quotaExceeded?: boolean;
  /** A key to require; null to stop requiring one. */
  requireApiKey?: string | null;
}

/** Applies a command to the knobs; throws with the offending field when a value has the wrong shape. */
export function applyFaults(faults: TestEndpointFaults, command: FaultsCommand): void {
  const count = (field: string, n: unknown): number => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`${field} must be a whole number >= 0; got ${JSON.stringify(n)}`);
    return n;
  };
  if (command.reset) faults.reset();
  if (command.latencyMs !== undefined) faults.setLatency(count('latencyMs', command.latencyMs));
  if (command.latencyModel) {
    const { fixedMs, msPerKChars } = command.latencyModel;
    faults.setLatencyModel({ fixedMs: count('latencyModel.fixedMs', fixedMs), msPerKChars: count('latencyModel.msPerKChars', msPerKChars) });
  }
  if (command.promptCache !== undefined) faults.promptCache(command.promptCache === true);
  if (command.rateLimitNext) {
    const { n, header = 'retry-after', value = '0' } = command.rateLimitNext;
    faults.rateLimitNext(count('rateLimitNext.n', n), { header, value });
  }
  if (command.serverErrorNext) faults.serverErrorNext(count('serverErrorNext.n', command.serverErrorNext.n), command.serverErrorNext.status);
  if (command.malformedNext) faults.malformedNext(count('malformedNext.n', command.malformedNext.n), command.malformedNext.style);
  if (command.truncatedNext !== undefined) faults.truncatedNext(count('truncatedNext', command.truncatedNext));
  if (command.hangNext !== undefined) faults.hangNext(count('hangNext', command.hangNext));
  if (command.dropNext !== undefined) faults.dropNext(count('dropNext', command.dropNext));
  if (command.refuseJsonSchema !== undefined) faults.refuseJsonSchema(command.refuseJsonSchema === true);
  if (command.quotaExceeded !== undefined) faults.quotaExceeded(command.quotaExceeded === true);
  if (command.requireApiKey !== undefined) faults.requireApiKey(command.requireApiKey ?? undefined);
}
