/**
 * What a run reports when it does not go to plan: the tokens of replies that never validated still count in
 * the usage totals, and a user's cancel ends the run as cancelled without reporting the abort as an error.
 */
import { strict as assert } from 'node:assert';
import * as events from 'node:events';
import { QAWorkflowGraph, resolveParams } from '../../../../src/core';
import { stateFor } from '../../../../src/core/pipeline/run';
import type { RunEvent } from '../../../../src/core';
import { InvalidReplyError } from '../../../../src/core/llm/errors';
import type { LlmPort, StructuredRequest } from '../../../../src/core/llm/port';
import { OfflineEngine } from '../../../../src/core/llm/offline/engine';
import { FakeLlm, paragraphChunker } from '../../../support/fakeLlm';

const TEXT = [
  'Module A stores records in table ta. Module A retries failed writes 3 times because a disk may be busy. Module A logs to channel ca.',
  'Module B stores records in table tb. Module B retries failed writes 4 times. Module B logs to channel cb.',
].join('\n\n');

/** An invalid reply as the metering layer hands it on: with the tokens spent and their price. */
function invalidReply(task: string): InvalidReplyError {
  const error = new InvalidReplyError(task, 3, 'missing property "verdicts"', { promptTokens: 1000, completionTokens: 200 });
  error.costUsd = 0.5;
  return error;
}

describe('pipeline: usage of invalid replies', () => {
  it('adds the tokens and cost of a batch that failed with InvalidReplyError to the run totals', async () => {
    const llm = new FakeLlm({ costPerCall: 0.01, throwError: (req) => (req.task === 'validate_pairs' ? invalidReply(req.task) : undefined) });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(TEXT, { num_pairs: 2, max_reflection_iterations: 0 });
    const failedCalls = llm.callsOf('validate_pairs').length;
    assert.ok(failedCalls >= 1);
    assert.ok(r.errors.some((e) => /validate_pairs/.test(e.message)), JSON.stringify(r.errors));
    // every call made is counted, the failed ones with their tokens and their price
    assert.equal(r.usage.calls, llm.calls.length);
    const okCalls = llm.calls.length - failedCalls;
    assert.ok(Math.abs(r.usage.costUsd - (okCalls * 0.01 + failedCalls * 0.5)) < 1e-9, `cost ${r.usage.costUsd}`);
    assert.ok(r.usage.promptTokens >= failedCalls * 1000, `prompt tokens ${r.usage.promptTokens}`);
    assert.ok(r.usage.completionTokens >= failedCalls * 200, `completion tokens ${r.usage.completionTokens}`);
  });
});

describe('pipeline: a user cancel is not an error', () => {
  for (const [label, reason] of [['AbortController.abort()', undefined], ['abort with a reason', new Error('user pressed Stop')]] as const) {
    it(`ends as cancelled with no node-error for the abort itself (${label})`, async () => {
      const controller = new AbortController();
      const events: RunEvent[] = [];
      const llm = new FakeLlm({ onCall: (req) => { if (req.task === 'generate_answers') controller.abort(reason); } });
      const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, signal: controller.signal, onEvent: (e) => events.push(e) })
        .runFromDocuments(TEXT, { num_pairs: 2 });
      assert.equal(r.status, 'cancelled');
      const errors = events.filter((e) => e.type === 'node-error');
      assert.deepEqual(errors, [], 'no node-error event for a cancel');
      assert.deepEqual(r.errors, [], 'no run error for a cancel');
      const finished = events.at(-1);
      assert.ok(finished?.type === 'run-finished' && finished.status === 'cancelled');
      assert.ok(r.statements.length > 0, 'what was produced before the cancel is kept');
    });
  }

  it('a cancel surfacing as the model layer raises it (the signal\'s reason, e.g. "This operation was aborted") is no error either', async () => {
    for (const reason of [undefined, new Error('user pressed Stop')]) {
      const controller = new AbortController();
      const events: RunEvent[] = [];
      const offline = new OfflineEngine();
      // the real adapters' way: a call on an aborted signal rejects with abortError(signal), i.e. its reason
      const llm: LlmPort = {
        provider: offline.provider, model: offline.model,
        chatJson: <T>(req: StructuredRequest) => {
          if (req.task === 'generate_answers') controller.abort(reason);
          return offline.chatJson<T>(req);
        },
      };
      const r = await new QAWorkflowGraph({ llm, signal: controller.signal, onEvent: (e) => events.push(e) }).runFromDocuments(TEXT, { num_pairs: 2 });
      assert.equal(r.status, 'cancelled');
      assert.deepEqual(events.filter((e) => e.type === 'node-error'), []);
      assert.deepEqual(r.errors, []);
    }
  });

  it('a real error during a run that is then cancelled is still reported', async () => {
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const llm: FakeLlm = new FakeLlm({
      // the first question batch fails for real; the top-up round succeeds, and the user cancels during answers
      fail: (req): boolean => req.task === 'generate_questions' && llm.callsOf('generate_questions').length === 1,
      onCall: (req) => { if (req.task === 'generate_answers') controller.abort(); },
    });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, signal: controller.signal, onEvent: (e) => events.push(e) })
      .runFromDocuments(TEXT, { num_pairs: 2 });
    assert.equal(r.status, 'cancelled');
    assert.ok(events.some((e) => e.type === 'node-error' && /fake failure of generate_questions/.test(e.message)), 'the failed batch is reported');
  });
});

describe('pipeline: the run signal', () => {
  it('allows any number of listeners: every call waiting on the run listens to it, and that is no leak', async () => {
    // getMaxListeners(EventTarget) is in Node since 19.9/18.17; this project's @types/node predates its typing
    const { getMaxListeners } = events as unknown as { getMaxListeners(target: EventTarget): number };
    const params = resolveParams({ num_pairs: 1 });
    const input = { kind: 'documents' as const, documents: [] };
    assert.equal(getMaxListeners(stateFor({ llm: new FakeLlm() }, params, input).runtime.signal), Infinity, 'a run without a signal of its own');
    const own = new AbortController().signal;
    assert.equal(getMaxListeners(stateFor({ llm: new FakeLlm(), signal: own }, params, input).runtime.signal), Infinity, 'and the caller\'s signal');
  });
});
