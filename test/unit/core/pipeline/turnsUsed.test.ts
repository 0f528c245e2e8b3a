import { strict as assert } from 'node:assert';
import type { Statement } from '../../../../src/core';
import { provenanceOf } from '../../../../src/core/chunking/chunk';
import { sessionToDocument } from '../../../../src/core/ingest/sessions/render';
import { turnsUsed } from '../../../../src/core/pipeline/turnsUsed';

const doc = sessionToDocument({ file: 'support.json', id: 't1', metadata: {}, messages: [
  { role: 'user', content: 'How do I change the Wi-Fi password of my Kestrel hub?' },
  { role: 'assistant', content: 'Open Settings, then Network, and choose a new password.' },
  { role: 'user', content: 'Thanks. Another thing: my Kestrel K2 shows E2 every morning.' },
  { role: 'assistant', content: 'E2 means the boiler did not start within 10 minutes. Set the boiler timer to constant.' },
  { role: 'user', content: 'Constant fixed it, E2 is gone.' },
] });
const whole = { start: 0, end: doc.text.length };

/** A statement aligned to the first occurrence of `quote` in the rendered conversation. */
function at(quote: string): Statement {
  const start = doc.text.indexOf(quote);
  assert.ok(start >= 0, quote);
  return { id: quote, chunkId: 'c', content: quote, start, end: start + quote.length, alignment: 1 } as Statement;
}

describe('transcript pairs cite the turns they use', () => {
  it('cites the exchange of its statements, back to the user turn that asked, not the unrelated one before', () => {
    const span = turnsUsed(doc, whole, [at('E2 means the boiler did not start'), at('Constant fixed it')])!;
    const p = provenanceOf(doc, span.start, span.end);
    assert.ok(p.kind === 'session');
    assert.deepEqual(p.messageIndices, [2, 3, 4]);
  });

  it('a statement of the asking turn itself opens there; none in a turn gives no range (the window is kept)', () => {
    const span = turnsUsed(doc, whole, [at('Open Settings, then Network')])!;
    const p = provenanceOf(doc, span.start, span.end);
    assert.deepEqual(p.kind === 'session' && p.messageIndices, [0, 1]);
    assert.equal(turnsUsed(doc, whole, []), undefined);
    assert.equal(turnsUsed({ ...doc, session: undefined }, whole, [at('Constant fixed it')]), undefined);
  });

  it('stays inside the window it is given', () => {
    const from = doc.text.indexOf('[turn 4]');
    const span = turnsUsed(doc, { start: from, end: doc.text.length }, [at('Constant fixed it')])!;
    const p = provenanceOf(doc, span.start, span.end);
    assert.deepEqual(p.kind === 'session' && p.messageIndices, [4], 'no user turn before it inside the window: its own turn');
  });
});
