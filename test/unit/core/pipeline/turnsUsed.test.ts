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
    const kept = [at('Open Settings, then Network'), at('E2 means the boiler did not start'), at('Constant fixed it')];
    const span = turnsUsed(doc, whole, [at('E2 means the boiler did not start'), at('Constant fixed it')], kept)!;
    const p = provenanceOf(doc, span.start, span.end);
    assert.ok(p.kind === 'session');
    assert.deepEqual(p.messageIndices, [2, 3, 4]);
  });

  it('a statement of the asking turn itself opens there; none in a turn gives no range (the window is kept)', () => {
    const span = turnsUsed(doc, whole, [at('Open Settings, then Network')], [at('Open Settings, then Network')])!;
    const p = provenanceOf(doc, span.start, span.end);
    assert.deepEqual(p.kind === 'session' && p.messageIndices, [0, 1]);
    assert.equal(turnsUsed(doc, whole, [], []), undefined);
    assert.equal(turnsUsed({ ...doc, session: undefined }, whole, [at('Constant fixed it')], [at('Constant fixed it')]), undefined);
  });

  it('stays inside the window it is given', () => {
    const from = doc.text.indexOf('[turn 4]');
    const span = turnsUsed(doc, { start: from, end: doc.text.length }, [at('Constant fixed it')], [at('Constant fixed it')])!;
    const p = provenanceOf(doc, span.start, span.end);
    assert.deepEqual(p.kind === 'session' && p.messageIndices, [4], 'no user turn before it inside the window: its own turn');
  });

  it('opens at the customer who asked, past an agent\'s first guess that the conversation corrected', () => {
    const ticket = sessionToDocument({ file: 'support.json', id: 't2', metadata: {}, messages: [
      { role: 'user', content: 'Mein Kestrel K2 heizt seit Juni nicht mehr. Ist das Gerät defekt?' },
      { role: 'assistant', content: 'Vielleicht ist der Temperaturfühler defekt.' },
      { role: 'user', content: 'Das Display zeigt keinen Fehlercode.' },
      { role: 'assistant', content: 'Dann liegt es nicht am Fühler. Von Juni bis August arbeitet der K2 im Sommermodus.' },
      { role: 'user', content: 'Das war es, danke!' },
    ] });
    const quoteAt = (quote: string): Statement => {
      const start = ticket.text.indexOf(quote);
      return { id: quote, chunkId: 'c', content: quote, start, end: start + quote.length, alignment: 1 } as Statement;
    };
    const summer = quoteAt('Von Juni bis August arbeitet der K2 im Sommermodus');
    // the sensor guess was dropped as contradicted: turn 1 settled nothing, so the exchange opens at turn 0
    const span = turnsUsed(ticket, { start: 0, end: ticket.text.length }, [summer], [summer])!;
    const p = provenanceOf(ticket, span.start, span.end);
    assert.deepEqual(p.kind === 'session' && p.messageIndices, [0, 1, 2, 3]);
    // the customer's confirmation right after the fix is a verified statement: it settles the answer, so it is cited
    const confirmed = turnsUsed(ticket, { start: 0, end: ticket.text.length }, [summer], [summer, quoteAt('Das war es, danke!')])!;
    const q = provenanceOf(ticket, confirmed.start, confirmed.end);
    assert.deepEqual(q.kind === 'session' && q.messageIndices, [0, 1, 2, 3, 4]);
  });
});
