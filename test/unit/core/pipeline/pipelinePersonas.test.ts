/**
 * `dimensions.persona: auto`: 3–5 personas proposed once from a sample of the corpus, each question written for one
 * of them in turn (single-hop chunks and kind requests alike), the pair keeping its name, the personas in the result
 * and the manifest. A persona given as text is sent as before; without auto no personas call is made.
 */
import { strict as assert } from 'node:assert';
import { OfflineEngine, QAWorkflowGraph, buildManifest, documentFromText, pairsFromRun, parseManifest, serializeManifest } from '../../../../src/core';
import type { SourceDocument } from '../../../../src/core';
import { FakeLlm, paragraphChunker } from '../../../support/fakeLlm';
import { PersonaDealer } from '../../../../src/core/pipeline/personas';

const PAGES: SourceDocument[] = [
  documentFromText('router.md', Array.from({ length: 6 }, (_, i) => `The Aurora router feature ${i} is configured under Settings › Panel ${i}. Feature ${i} needs firmware 2.${i} or later. Feature ${i} is off by default.`).join('\n\n')),
];

describe('pipeline: personas (dimensions.persona auto)', () => {
  it('proposes personas once, writes each question for one in turn, and keeps them on the pairs, the result and the manifest', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(PAGES, {
      num_pairs: 8, dimensions: { persona: 'auto' }, kinds: { single_hop: 0.75, unanswerable: 0.25 }, max_reflection_iterations: 1,
    });
    const proposals = llm.callsOf('propose_personas');
    assert.equal(proposals.length, 1, 'one call, not one per round');
    assert.ok(proposals[0].input.sample.length > 0 && proposals[0].input.sample.every((s) => s.statements.length <= 3));
    const names = ['Newcomer', 'Administrator', 'Troubleshooter'];
    assert.deepEqual(r.personas?.map((p) => p.name), names);

    const ask = llm.callsOf('generate_questions')[0].input;
    assert.deepEqual(ask.personas?.map((p) => p.name), names);
    assert.ok(ask.chunks.every((c) => c.persona && names.includes(c.persona)), 'every chunk names a persona');
    assert.ok(!ask.dimensions?.persona, '"auto" is not sent as a persona to ask as');
    assert.match(llm.callsOf('generate_questions')[0].request.messages[0].content, /as its `persona` \(one of `personas`\) would ask them/);
    const kinds = llm.callsOf('generate_kind_questions')[0].input;
    assert.ok(kinds.requests.every((q) => q.persona && names.includes(q.persona)));

    // one dealer for the run: single-hop chunks and kind requests together stay balanced
    const dealt = [...ask.chunks.map((c) => c.persona!), ...kinds.requests.map((q) => q.persona!)];
    const per = names.map((n) => dealt.filter((d) => d === n).length);
    assert.ok(Math.max(...per) - Math.min(...per) <= 2, `dealt ${per.join('/')}`);
    const used = new Set(r.qaPairs.map((p) => p.persona));
    assert.ok(r.qaPairs.every((p) => p.persona && names.includes(p.persona)));
    assert.ok(used.size >= 2, 'the personas are spread over the pairs');
    assert.ok(pairsFromRun(r).every((p) => p.persona && names.includes(p.persona)));
    const manifest = parseManifest(serializeManifest(buildManifest({ result: r, dataset: 'x.qa.jsonl', root: '.', sources: {} })));
    assert.deepEqual(manifest.personas?.map((p) => p.name), names);
  });

  it('deals each request the persona its material fits, keeping every persona in use', () => {
    const dealer = new PersonaDealer([
      { name: 'Template author', description: 'Writes configure_file templates with placeholders.' },
      { name: 'Build maintainer', description: 'Keeps generated sources and custom commands working.' },
    ]);
    assert.equal(dealer.deal('configure_file copies a template and replaces its placeholders'), 'Template author');
    assert.equal(dealer.deal('add_custom_command output files are generated sources'), 'Build maintainer');
    assert.equal(dealer.deal('configure_file placeholders in templates'), 'Template author');
    assert.equal(dealer.deal('configure_file templates again'), 'Template author', 'one more than the least dealt is allowed');
    assert.equal(dealer.deal('configure_file templates once more'), 'Build maintainer', 'but not two more: the other persona is used');
    assert.equal(new PersonaDealer([]).deal('anything'), undefined);
  });

  it('makes no personas call without auto, and sends a given persona as before', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(PAGES, { num_pairs: 3, dimensions: { persona: 'a network admin' } });
    assert.equal(llm.callsOf('propose_personas').length, 0);
    const ask = llm.callsOf('generate_questions')[0].input;
    assert.equal(ask.dimensions?.persona, 'a network admin');
    assert.ok(!('personas' in ask) && ask.chunks.every((c) => !('persona' in c)));
    assert.ok(r.qaPairs.every((p) => p.persona === undefined) && r.personas === undefined);
    assert.equal(buildManifest({ result: r, dataset: 'x.qa.jsonl', root: '.', sources: {} }).personas, undefined);
  });

  it('goes on without personas, with a warning, when too few usable ones come back', async () => {
    const warnings: string[] = [];
    const llm = new FakeLlm({ handlers: { propose_personas: () => ({ personas: [{ name: 'Reader', description: '' }, { name: ' reader ', description: '' }, { name: '', description: 'x' }] }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => { if (e.type === 'node-error') warnings.push(e.message); } })
      .runFromDocuments(PAGES, { num_pairs: 3, dimensions: { persona: 'auto' } });
    assert.ok(warnings.some((w) => /no usable personas were proposed \(1\)/.test(w)), warnings.join('\n'));
    assert.ok(r.qaPairs.length > 0 && r.qaPairs.every((p) => p.persona === undefined));
    assert.ok(!('personas' in llm.callsOf('generate_questions')[0].input));
  });

  it('the offline engine proposes personas of the corpus\'s product in its language', async () => {
    const r = await new QAWorkflowGraph({ llm: new OfflineEngine(), chunker: paragraphChunker }).runFromDocuments(PAGES, { num_pairs: 4, dimensions: { persona: 'auto' } });
    assert.deepEqual(r.personas?.map((p) => p.name), ['New Aurora user', 'Aurora administrator', 'Aurora troubleshooter']);
    assert.ok(r.qaPairs.every((p) => p.persona && p.persona.includes('Aurora')));
  });
});
