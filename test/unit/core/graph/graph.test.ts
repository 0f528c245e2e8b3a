import { strict as assert } from 'node:assert';
import {
  END, GraphDefinitionError, UndeclaredEdgeError, defineGraph, iterateGraph, runGraph,
  type GraphEvent, type GraphNode, type StepResult, type NodeContext,
} from '../../../../src/core/graph';

interface Counter { n: number; log: string[] }

function node(id: string, next: GraphNode<Counter>['next'], run: (s: Counter, ctx: NodeContext) => Promise<StepResult> | StepResult): GraphNode<Counter> {
  return { id, label: `${id} label`, next, run: async (s, ctx) => run(s, ctx) };
}

/** A → B → (C when n < 3, back to B) … → END */
function loopGraph() {
  return defineGraph<Counter>('Start', [
    node('Start', [{ to: 'Inc' }], (s) => { s.log.push('Start'); return { next: 'Inc' }; }),
    node('Inc', [{ to: 'Check' }], (s, ctx) => { s.n++; s.log.push('Inc'); if (s.n === 2) ctx.retry('flaky', 1, 5); return { next: 'Check', counts: { in: 1, out: 1 } }; }),
    node('Check', [{ to: 'Inc', label: 'below three' }, { to: END, label: 'done' }], (s) => ({ next: s.n < 3 ? 'Inc' : END })),
  ]);
}

describe('graph: definition', () => {
  it('rejects unknown targets, naming the node and the target', () => {
    assert.throws(() => defineGraph<Counter>('A', [node('A', [{ to: 'Nope' }], () => ({ next: END }))]),
      (e: Error) => e instanceof GraphDefinitionError && /"A" declares an edge to unknown node "Nope"/.test(e.message));
  });
  it('rejects unreachable nodes', () => {
    assert.throws(() => defineGraph<Counter>('A', [
      node('A', [{ to: END }], () => ({ next: END })),
      node('Island', [{ to: END }], () => ({ next: END })),
    ]), /"Island" cannot be reached from "A"/);
  });
  it('rejects duplicate ids and an unknown start', () => {
    assert.throws(() => defineGraph<Counter>('A', [node('A', [{ to: END }], () => ({ next: END })), node('A', [{ to: END }], () => ({ next: END }))]), /duplicate node id "A"/);
    assert.throws(() => defineGraph<Counter>('Z', [node('A', [{ to: END }], () => ({ next: END }))]), /start node "Z"/);
  });
  it('rejects a graph that can never end', () => {
    assert.throws(() => defineGraph<Counter>('A', [node('A', [{ to: 'A' }], () => ({ next: 'A' }))]), /no node declares an edge to END/);
  });
  it('exposes an intermediate model of nodes and labelled edges', () => {
    const model = loopGraph().model();
    assert.deepEqual(model.nodes.map((n) => n.id), ['Start', 'Inc', 'Check']);
    assert.deepEqual(model.edges, [
      { from: END, to: 'Start' },
      { from: 'Start', to: 'Inc' },
      { from: 'Inc', to: 'Check' },
      { from: 'Check', to: 'Inc', label: 'below three' },
      { from: 'Check', to: END, label: 'done' },
    ]);
  });
});

describe('graph: mermaid', () => {
  it('renders stateDiagram-v2 from the definition', () => {
    assert.equal(loopGraph().toMermaid(), [
      'stateDiagram-v2',
      '    [*] --> Start',
      '    Start --> Inc',
      '    Inc --> Check',
      '    Check --> Inc: below three',
      '    Check --> [*]: done',
    ].join('\n'));
  });
  it('marks the active node with a classDef, and ignores unknown ids', () => {
    const text = loopGraph().toMermaid({ active: 'Inc' });
    assert.match(text, /\n {4}classDef active [^\n]+\n {4}class Inc active$/);
    assert.equal(loopGraph().toMermaid({ active: 'Nope' }), loopGraph().toMermaid());
  });
});

describe('graph: running', () => {
  it('runs to the end following the returned edges', async () => {
    const state: Counter = { n: 0, log: [] };
    const events: GraphEvent[] = [];
    const outcome = await runGraph(loopGraph(), state, { onEvent: (e) => events.push(e) });
    assert.equal(outcome.status, 'completed');
    assert.equal(state.n, 3);
    assert.deepEqual(outcome.path, ['Start', 'Inc', 'Check', 'Inc', 'Check', 'Inc', 'Check']);
    const finished = events.filter((e) => e.type === 'node-finished');
    assert.equal(finished.length, 7);
    const inc = finished.find((e) => e.type === 'node-finished' && e.node === 'Inc');
    assert.deepEqual(inc && inc.type === 'node-finished' && inc.counts, { in: 1, out: 1, dropped: 0, retried: 0 });
    const retry = events.find((e) => e.type === 'retry');
    assert.deepEqual(retry, { type: 'retry', node: 'Inc', reason: 'flaky', attempt: 1, delayMs: 5 });
    // the retry is reported between the node's start and finish
    const idx = events.indexOf(retry!);
    assert.equal(events[idx - 1].type, 'node-started');
    assert.equal(events.at(-1)!.type, 'run-ended');
  });

  it('steps through events one at a time and stops when the caller stops', async () => {
    const state: Counter = { n: 0, log: [] };
    const seen: string[] = [];
    for await (const e of iterateGraph(loopGraph(), state)) {
      if (e.type === 'node-finished') seen.push(e.node);
      if (seen.length === 2) break;
    }
    assert.deepEqual(seen, ['Start', 'Inc']);
    assert.equal(state.n, 1, 'no node ran after the iteration stopped');
  });

  it('lets the running node finish when the caller stops mid-node', async () => {
    const g = defineGraph<Counter>('A', [
      node('A', [{ to: 'B' }], async (s, ctx) => { ctx.retry('slow', 1); await new Promise((r) => setTimeout(r, 20)); s.n = 1; return { next: 'B' }; }),
      node('B', [{ to: END }], (s) => { s.n = 2; return { next: END }; }),
    ]);
    const state: Counter = { n: 0, log: [] };
    for await (const e of iterateGraph(g, state)) {
      if (e.type === 'retry') break; // reported while A is still running
    }
    assert.equal(state.n, 1, 'A finished, B never started');
  });

  it('treats an undeclared next node as an error and keeps the state', async () => {
    const g = defineGraph<Counter>('A', [
      node('A', [{ to: 'B' }], (s) => { s.n = 42; return { next: END }; }),
      node('B', [{ to: END }], () => ({ next: END })),
    ]);
    const state: Counter = { n: 0, log: [] };
    const outcome = await runGraph(g, state);
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed' && outcome.error instanceof UndeclaredEdgeError);
    assert.match(String((outcome as { error: Error }).error.message), /"A" returned next node "\[\*\]", which it does not declare/);
    assert.equal(state.n, 42);
  });

  it('ends as failed with a fatal node-error when a node throws', async () => {
    const g = defineGraph<Counter>('A', [node('A', [{ to: END }], (s) => { s.log.push('partial'); throw new Error('boom'); })]);
    const events: GraphEvent[] = [];
    const state: Counter = { n: 0, log: [] };
    const outcome = await runGraph(g, state, { onEvent: (e) => events.push(e) });
    assert.equal(outcome.status, 'failed');
    assert.deepEqual(state.log, ['partial']);
    assert.ok(events.some((e) => e.type === 'node-error' && e.fatal && e.message === 'boom'));
  });

  it('fails cleanly when a node throws synchronously', async () => {
    const g = defineGraph<Counter>('A', [{ id: 'A', label: 'A', next: [{ to: END }], run: () => { throw new Error('sync boom'); } }]);
    const outcome = await runGraph(g, { n: 0, log: [] });
    assert.equal(outcome.status, 'failed');
  });

  it('reports warnings as non-fatal node errors', async () => {
    const g = defineGraph<Counter>('A', [node('A', [{ to: END }], (_s, ctx) => { ctx.warn('one batch failed'); return { next: END }; })]);
    const events: GraphEvent[] = [];
    assert.equal((await runGraph(g, { n: 0, log: [] }, { onEvent: (e) => events.push(e) })).status, 'completed');
    assert.ok(events.some((e) => e.type === 'node-error' && !e.fatal && e.message === 'one batch failed'));
  });

  it('cancels through the AbortSignal between and inside nodes', async () => {
    const controller = new AbortController();
    const g = defineGraph<Counter>('A', [
      node('A', [{ to: 'B' }], (s) => { s.n++; controller.abort(); return { next: 'B' }; }),
      node('B', [{ to: END }], (s) => { s.n++; return { next: END }; }),
    ]);
    const state: Counter = { n: 0, log: [] };
    assert.equal((await runGraph(g, state, { signal: controller.signal })).status, 'cancelled');
    assert.equal(state.n, 1);

    const c2 = new AbortController();
    const g2 = defineGraph<Counter>('A', [node('A', [{ to: END }], (_s, ctx) => new Promise((_r, reject) => {
      ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      setTimeout(() => c2.abort(), 5);
    }))]);
    assert.equal((await runGraph(g2, { n: 0, log: [] }, { signal: c2.signal })).status, 'cancelled');
  });
});
