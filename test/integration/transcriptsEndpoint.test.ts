/**
 * The example support transcript through the whole pipeline, over HTTP with the real `openai` client against the
 * test double: every ticket with a resolved question gives a pair whatever its language (the German one too),
 * statements are attributed to the turn their quote is in, the agent's hedged advice never becomes one, and each
 * pair's provenance names the messages of every turn it uses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';
import { createLlm } from '../../src/core/llm/factory';
import { forgetLearnedFormats } from '../../src/core/llm/transport';
import { QAWorkflowGraph } from '../../src/core/pipeline/workflow';
import { parseSessionFile } from '../../src/core/ingest/sessions';
import type { RunResult } from '../../src/core/domain/records';

const FILE = 'examples/transcripts/support-chat.json';
const KEY = 'sk-qaforge-transcripts-0123456789abcdef';

describe('transcripts over HTTP: the example support chat against the test double', function () {
  this.timeout(60_000);
  let endpoint: TestEndpoint;
  let result: RunResult;
  const sessions = parseSessionFile(FILE, readFileSync(join(__dirname, '../..', FILE), 'utf8'));

  before(async () => {
    endpoint = await startTestEndpoint();
    endpoint.faults.requireApiKey(KEY);
    forgetLearnedFormats();
    const llm = createLlm({ provider: 'openai', baseURL: endpoint.url, model: endpoint.model, apiKey: KEY, cacheDir: null, timeoutMs: 5000 });
    result = await new QAWorkflowGraph({ llm }).runFromSessions(sessions, {}, { num_pairs: 6, max_reflection_iterations: 1 });
  });
  after(async () => endpoint.close());

  it('gives a validated pair for every ticket, the German one in German', () => {
    assert.equal(result.status, 'completed', JSON.stringify(result.errors));
    const bySession = (id: string) => result.validatedQaPairs.filter((p) => p.provenance.kind === 'session' && p.provenance.sessionId === id);
    for (const s of sessions) assert.ok(bySession(s.id).length > 0, `a pair from ${s.id}: ${result.qaPairs.map((p) => p.question).join(' | ')}`);
    const german = bySession('ticket-1063');
    assert.ok(german.some((p) => /[äöüß]|\b(der|die|das|ist|Was|Wie|Wann)\b/.test(p.question)), german.map((p) => p.question).join(' | '));
  });

  it('attributes every statement to the turn its quote is in, and never states the hedged advice', () => {
    for (const st of result.statements) {
      const chunk = result.chunks.find((c) => c.id === st.chunkId)!;
      assert.ok(st.turn !== undefined && st.speaker, `attributed: ${st.content}`);
      assert.ok(chunk.text.includes(`[turn ${st.turn}] ${st.speaker}: `), `turn ${st.turn} is in its chunk`);
      const turnText = chunk.text.split(/\n\n(?=\[turn \d+\] )/).find((t) => t.startsWith(`[turn ${st.turn}] `))!;
      assert.ok(turnText.includes(st.quote!), `"${st.quote}" is in turn ${st.turn}`);
    }
    const hedged = result.statements.filter((s) => /Temperaturfühler defekt|zur Prüfung ein/.test(s.content));
    assert.deepEqual(hedged, [], 'the agent\'s "Vielleicht …" turn is no ground truth');
    assert.ok(!result.validatedQaPairs.some((p) => /zur Prüfung ein/.test(p.answer)));
  });

  it('keeps in each pair\'s provenance the message index of every statement it rests on', () => {
    const byId = new Map(result.statements.map((s) => [s.id, s]));
    for (const pair of result.validatedQaPairs) {
      assert.ok(pair.provenance.kind === 'session');
      const indices = pair.provenance.kind === 'session' ? pair.provenance.messageIndices : [];
      for (const id of pair.statementIds) {
        const st = byId.get(id);
        if (st?.turn !== undefined) assert.ok(indices.includes(st.turn - 1), `${pair.question}: message ${st.turn - 1} in ${indices.join(',')}`);
      }
    }
  });
});
