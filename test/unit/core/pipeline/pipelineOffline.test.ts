/**
 * The pipeline with the real model-free engine (src/core/llm, provider 'offline') instead of the fake:
 * the wire convention and task shapes agree end to end, with the real chunker.
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph, documentFromText, pipelineMermaid } from '../../../../src/core';
import { createLlm } from '../../../../src/core/llm/factory';

const DE = [
  '# Kestrel K2',
  '',
  'Die Kestrel K2 wiegt 1,2 kg und wird mit einem USB-C-Netzteil geliefert. Der Akku hält bis zu zehn Stunden.',
  '',
  'Der Lüfter läuft erst über 60 °C an. Änderungen an den Einstellungen werden sofort übernommen.',
].join('\n');

describe('pipeline with the offline engine', () => {
  it('runs end to end on a German document and keeps its language', async () => {
    const llm = createLlm({ provider: 'offline' });
    const r = await new QAWorkflowGraph({ llm }).runFromDocuments([documentFromText('docs/k2.md', DE, 'markdown')], { num_pairs: 3, splitter_type: 'sentence', chunk_size: 64 });
    assert.equal(r.status, 'completed', JSON.stringify(r.errors));
    assert.equal(r.provider, 'offline');
    assert.ok(r.validatedQaPairs.length >= 1);
    assert.equal(r.qaPairs.length, 3);
    for (const p of r.qaPairs) {
      assert.ok(p.provenance.kind === 'file' && p.provenance.path === 'docs/k2.md');
      // a context is the chunk's heading path (when the passage does not open with that heading) above source text
      for (const c of p.contexts) assert.ok(DE.includes(c.replace(/^Kestrel K2\n\n(?!#)/, '')), `context is source text under its heading path: ${c}`);
    }
    assert.ok(r.qaPairs.some((p) => /[äöüß°]/.test(p.answer + p.question)), 'umlauts survive');
    assert.ok(r.statements.every((s) => s.alignment > 0));
    assert.ok(r.usage.calls >= 4);
    assert.ok(pipelineMermaid().startsWith('stateDiagram-v2'));
  });

  it('asks German questions (not fill-in blanks) about a German document with default parameters', async () => {
    const llm = createLlm({ provider: 'offline' });
    const r = await new QAWorkflowGraph({ llm }).runFromDocuments([documentFromText('docs/k2.md', DE, 'markdown')], { num_pairs: 4 });
    assert.equal(r.status, 'completed', JSON.stringify(r.errors));
    assert.equal(r.qaPairs.length, 4);
    for (const p of r.qaPairs) {
      assert.match(p.question, /^(Was|Wie|Warum|Welche|Aus welchem Grund)\b/, p.question);
      assert.ok(!p.question.includes('_____'), `no cloze blank: ${p.question}`);
    }
  });
});
