/**
 * Query styles and lengths: each asked question is dealt a style and a length in proportion to the shares, the kept
 * pairs hold those shares, every later stage is told the shape (so a deliberate typo is no defect), and the pairs
 * keep it in the file. The offline engine words questions in each shape.
 */
import { strict as assert } from 'node:assert';
import { OfflineEngine, QAWorkflowGraph, documentFromText, pairsFromRun, resolveParams, taskSchema } from '../../../../src/core';
import type { SourceDocument } from '../../../../src/core';
import { ShapePlan } from '../../../../src/core/pipeline/styles';
import { shapedQuestion } from '../../../../src/core/llm/offline/kinds';
import { FakeLlm, paragraphChunker } from '../../../support/fakeLlm';

const PAGES: SourceDocument[] = [
  documentFromText('router.md', Array.from({ length: 6 }, (_, i) => `The Aurora router feature ${i} is configured under Settings › Panel ${i}. Feature ${i} needs firmware 2.${i} or later. Feature ${i} is off by default.`).join('\n\n')),
];
const STYLES = { perfect_grammar: 0.25, poor_grammar: 0.25, web_search: 0.25, misspelled: 0.25 };

describe('pipeline: query styles and lengths', () => {
  it('deals shapes in proportion to the shares, every prefix as close as whole questions allow', () => {
    const plan = new ShapePlan(resolveParams({ query_styles: { web_search: 3, perfect_grammar: 1 }, query_lengths: { short: 1, long: 1 } }));
    const dealt = Array.from({ length: 8 }, () => plan.next());
    assert.equal(dealt.filter((s) => s.query_style === 'web_search').length, 6);
    assert.equal(dealt.filter((s) => s.query_length === 'short').length, 4);
    assert.ok(dealt.slice(0, 4).filter((s) => s.query_style === 'perfect_grammar').length === 1, 'the first four already hold one of each quarter');
    assert.deepEqual(new ShapePlan(resolveParams({})).split(3), [{ shape: {}, count: 3 }], 'no shares: one request without shape');
  });

  it('asks for each shape, keeps the asked shares, tells every stage and writes the shape into the file', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(PAGES, { num_pairs: 8, query_styles: STYLES, query_lengths: { short: 0.5, long: 0.5 }, max_reflection_iterations: 0 });
    const requests = llm.callsOf('generate_questions').flatMap((c) => c.input.chunks.flatMap((ch) => ch.requests));
    assert.ok(requests.every((q) => q.query_style && q.query_length), 'every request has a shape');
    const schema = JSON.stringify(taskSchema('generate_questions', llm.callsOf('generate_questions')[0].input));
    assert.match(schema, /"query_style":\{"type":"string","enum":\[/, 'the reply echoes the style');
    const kept = r.validatedQaPairs;
    assert.equal(kept.length, 8);
    // each kept share within one question of the asked 2 (a quota question dropped as a near-duplicate is replaced
    // by a margin question, which may have another shape)
    for (const style of Object.keys(STYLES)) assert.ok(Math.abs(kept.filter((p) => p.queryStyle === style).length - 2) <= 1, style);
    assert.ok(Math.abs(kept.filter((p) => p.queryLength === 'short').length - 4) <= 1);
    assert.ok(kept.every((p) => p.queryStyle && p.queryLength));
    const validated = llm.callsOf('validate_pairs').flatMap((c) => c.input.pairs);
    assert.ok(validated.every((p) => p.query_style && p.query_length));
    assert.match(llm.callsOf('validate_pairs')[0].request.messages[0].content, /deliberate: poor grammar, search keywords, typos/);
    assert.ok(llm.callsOf('generate_answers').flatMap((c) => c.input.questions).every((q) => q.query_style));
    const pairs = pairsFromRun(r);
    assert.ok(pairs.every((p) => p.query_style && p.query_length));
  });

  it('with no shares, sends and writes no shape', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(PAGES, { num_pairs: 3 });
    assert.ok(llm.callsOf('generate_questions').flatMap((c) => c.input.chunks.flatMap((ch) => ch.requests)).every((q) => !('query_style' in q) && !('query_length' in q)));
    assert.ok(pairsFromRun(r).every((p) => !('query_style' in p) && !('query_length' in p)));
  });

  it('the offline engine words a question in each style and length, in its source\'s language', async () => {
    const q = 'How do I configure the guest network bandwidth?';
    assert.equal(shapedQuestion(q, 'perfect_grammar', 'medium'), q);
    assert.equal(shapedQuestion(q, 'web_search', undefined), 'configure guest network bandwidth');
    assert.equal(shapedQuestion(q, 'poor_grammar', undefined), 'how I configure guest network bandwidth?');
    const typo = shapedQuestion(q, 'misspelled', undefined);
    assert.notEqual(typo, q);
    assert.equal(typo.split(' ').filter((w, i) => w !== q.split(' ')[i]).length, 1, 'one word changed');
    assert.match(shapedQuestion('Wie richte ich das Gastnetz ein?', undefined, 'long', 'de'), /^Ich richte das gerade für mein Team ein/);
    const r = await new QAWorkflowGraph({ llm: new OfflineEngine(), chunker: paragraphChunker }).runFromDocuments(PAGES, { num_pairs: 8, query_styles: STYLES });
    const pairs = pairsFromRun(r);
    assert.ok(pairs.filter((p) => p.query_style === 'web_search').every((p) => !p.question.includes('?')));
    assert.ok(r.validatedQaPairs.some((p) => p.queryStyle === 'misspelled'), 'a styled question can pass the offline validator');
  });
});
