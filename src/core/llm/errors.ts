/**
 * Errors of the model layer. Transports translate their SDK's errors into {@link TransportError} so the retry
 * layer can decide without knowing the SDK; everything user-facing names the task, endpoint and next step.
 */

import { FatalLlmError, type TokenUsage } from './port';

/** Why a transport call failed, as far as retrying is concerned. */
export type TransportFailure =
  /** HTTP error response (see `status`). */
  | 'http'
  /** The connection failed or was reset before a response. */
  | 'network'
  /** The per-request timeout fired. */
  | 'timeout'
  /** The endpoint refused the requested reply format (response_format); the caller should downgrade. */
  | 'format-unsupported'
  /** Credentials refused or missing (never retried). */
  | 'auth'
  /** The account has no quota or credit left (OpenAI's 429 insufficient_quota; never retried). */
  | 'quota';

/** A failed transport call, normalised across SDKs. Its message never contains the API key. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly failure: TransportFailure,
    readonly status?: number,
    /** Delay the server asked for (Retry-After / x-ratelimit-reset-*), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransportError';
  }

  /** True for failures worth retrying after a pause: 408, 409, 429, 5xx, network errors and timeouts. */
  get retryable(): boolean {
    if (this.failure === 'network' || this.failure === 'timeout') return true;
    if (this.failure !== 'http' || this.status === undefined) return false;
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

/**
 * The fatal error a chat call's transport failure stands for, if any: 401/403 (failure `auth`) → reason `auth`,
 * no quota left → `quota`, 404 (wrong model, deployment or base URL) → `model-not-found`. Undefined for everything a retry or a later
 * call may get past (429, 5xx, network, timeouts, format refusals, other 4xx).
 */
export function fatalFromTransport(error: unknown): FatalLlmError | undefined {
  if (!(error instanceof TransportError)) return undefined;
  if (error.failure === 'auth') return new FatalLlmError('auth', error.message, error.status);
  if (error.failure === 'quota') return new FatalLlmError('quota', error.message, error.status);
  if (error.failure === 'http' && error.status === 404) return new FatalLlmError('model-not-found', error.message, 404);
  return undefined;
}

/** A reply that stayed invalid after every repair and re-ask. Names the task so the run log says what failed. */
export class InvalidReplyError extends Error {
  /** What those tokens cost, in USD, once a metering layer has priced them (0 before). */
  costUsd = 0;

  constructor(
    readonly task: string,
    readonly attempts: number,
    readonly lastProblem: string,
    /** Tokens the failed attempts spent (they are billed all the same). */
    readonly usage: TokenUsage = { promptTokens: 0, completionTokens: 0 },
  ) {
    super(`the model's reply for task "${task}" was not valid JSON for its schema after ${attempts} attempt(s): ${lastProblem}. ` +
      'Try a more capable model, a lower temperature, or smaller chunks.');
    this.name = 'InvalidReplyError';
  }
}

/** The error to throw when `signal` aborted: its reason when that is an Error, else a DOM-style AbortError. */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('the request was cancelled');
  error.name = 'AbortError';
  return error;
}

/** True for an abort (ours or an SDK's user-abort), as opposed to a failure. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}
