/**
 * One batched LLM task call: prompt built from the task input, schema from tasks.ts, through the run's
 * pool; usage totalled and announced. A failed call (after the adapter's retries) is recorded in the
 * run's errors and yields `undefined` so the run goes on; a budget stop, a cancellation or a fatal model error
 * (FatalLlmError) ends the node, and no call is started after it.
 */
import { InvalidReplyError } from '../llm/errors';
import { BudgetExceededError, isFatalLlmError, type TokenUsage } from '../llm/port';
import type { NodeContext } from '../graph/types';
import { buildPrompt, PROMPT_VERSION } from './prompts/index';
import type { PipelineState } from './state';
import { type TaskId, type TaskInputs, type TaskOutputs } from '../domain/tasks';
import { taskSchema } from '../domain/taskSchemas';

/**
 * True for errors that must end the run rather than one batch: a budget stop, a cancellation, and model errors
 * no retry or other batch can cure (wrong key, unknown model, consent declined, no model).
 */
export function isFatal(error: unknown, signal: AbortSignal): boolean {
  return error instanceof BudgetExceededError || isFatalLlmError(error) || signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

/** What one node run's calls add up to; the node returns it in its counts. */
export interface CallTally {
  /** Retries the model adapter reported (429s, timeouts, re-asks). */
  retried: number;
}

/** A fresh tally for one node run. */
export function newTally(): CallTally {
  return { retried: 0 };
}

/**
 * Calls `task` for `input`; `subject` names the batch in errors (e.g. its chunk ids); retries are added to
 * `tally`, which the calling node returns as its `retried` count.
 */
export async function callTask<K extends TaskId>(
  state: PipelineState, node: string, ctx: NodeContext, task: K, input: TaskInputs[K], subject: string, tally: CallTally,
): Promise<TaskOutputs[K] | undefined> {
  const rt = state.runtime;
  if (state.fatal !== undefined) throw state.fatal;
  try {
    const reply = await rt.pool.run(() => {
      // a batch queued behind the one that hit the budget must not make its own call
      if (state.fatal !== undefined) throw state.fatal;
      return rt.llm.chatJson<TaskOutputs[K]>({
        task,
        promptVersion: PROMPT_VERSION,
        messages: buildPrompt(task, input),
        schema: taskSchema(task, input),
        input,
        signal: rt.signal,
        onRetry: (info) => {
          tally.retried++;
          ctx.retry(info.reason, info.attempt, info.delayMs);
        },
      }).catch((error: unknown) => {
        // record the stop before the pool hands this slot to the next queued batch
        if (isFatal(error, rt.signal)) state.fatal ??= error;
        throw error;
      });
    }, rt.signal);
    addUsage(state, reply.usage, reply.costUsd, reply.cached);
    return reply.value;
  } catch (error) {
    // a reply that never validated was billed all the same: its tokens and cost count in the run's totals
    if (isInvalidReply(error)) addUsage(state, error.usage, error.costUsd, false);
    if (isFatal(error, rt.signal)) {
      state.fatal ??= error;
      throw error;
    }
    const message = `${task} failed for ${subject}: ${error instanceof Error ? error.message : String(error)}`;
    // the run's errors say what failed (a summary quotes them after the run); the live warning also says what next
    state.errors.push({ node, message, subject });
    ctx.warn(`${message}; the rest of the run goes on without this batch`);
    return undefined;
  }
}

/** True for an {@link InvalidReplyError}, also across bundles (checks the name, not only the prototype). */
function isInvalidReply(error: unknown): error is InvalidReplyError {
  return error instanceof InvalidReplyError || (error instanceof Error && error.name === 'InvalidReplyError' && 'usage' in error);
}

/** Adds one call's tokens and cost to the run's totals and announces them. */
function addUsage(state: PipelineState, usage: TokenUsage, costUsd: number, cached: boolean): void {
  const u = state.usage;
  u.calls += cached ? 0 : 1;
  u.cacheHits += cached ? 1 : 0;
  u.promptTokens += usage.promptTokens;
  if (!cached && usage.cachedPromptTokens) u.cachedPromptTokens = (u.cachedPromptTokens ?? 0) + usage.cachedPromptTokens;
  u.completionTokens += usage.completionTokens;
  u.costUsd += costUsd;
  state.runtime.emit({ type: 'usage', usage: { ...u } });
}

/**
 * Runs `work` for every batch on the pool, each applying its own results to the state as it returns.
 * Waits for all batches, then rethrows the first fatal error (budget, cancellation), if any.
 */
export async function forEachBatch<B>(batches: readonly B[], work: (batch: B) => Promise<void>): Promise<void> {
  const settled = await Promise.allSettled(batches.map((b) => work(b)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
