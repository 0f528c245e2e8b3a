import { strict as assert } from 'node:assert';
import { GATE_FLOORS, QAWorkflowGraph } from '../../../../src/core';
import type { PairVerdict, Quality } from '../../../../src/core';
import { answerTermsInQuestion } from '../../../../src/core/pipeline/answerLeak';
import { secondQuestionIn } from '../../../../src/core/pipeline/compoundQuestion';
import { failedGates, passes, qualityOf, routeOf } from '../../../../src/core/pipeline/verdict';
import { pairToLine } from '../../../../src/core/dataset/canonical';
import { parseDataset } from '../../../../src/core/dataset/file';
import { pairsFromRun } from '../../../../src/core/dataset/fromRun';
import { toQaPair } from '../../../../src/core/dataset/regeneration';
import { FakeLlm, paragraphChunker, verdictOf } from '../../../support/fakeLlm';

const DOC = [
  'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports. Firmware updates install automatically every night.',
  'The guest network is isolated from the main network. Guests get a separate password. Bandwidth for guests can be capped in the settings.',
].join('\n\n');

function scored(criteria: Partial<Quality['criteria']>, verdict: PairVerdict['verdict'] = 'keep'): Quality {
  return qualityOf({ pair_id: 'p', grounded: 1, complete: 1, relevant: 1, clear: 1, standalone: 1, ...criteria, question_critique: '', answer_critique: '', verdict });
}

describe('validation: the gate rule', () => {
  it('names grounded and standalone as the gates, with floors inside 0..1', () => {
    assert.deepEqual(Object.keys(GATE_FLOORS).sort(), ['grounded', 'standalone']);
    for (const floor of Object.values(GATE_FLOORS)) assert.ok(floor! > 0 && floor! <= 1);
  });

  it('fails a pair below a gate floor whatever its mean (the issue\'s relevant 0.4 + standalone 0.4 = 0.76 case)', () => {
    const q = scored({ relevant: 0.4, standalone: 0.4 });
    assert.equal(q.score, 0.76);
    assert.ok(q.score >= 0.7, 'the mean alone would pass');
    assert.deepEqual(failedGates(q), ['standalone']);
    assert.equal(passes(q, 0.7), false);
    const ungrounded = scored({ grounded: GATE_FLOORS.grounded! - 0.01 });
    assert.ok(ungrounded.score > 0.9);
    assert.equal(passes(ungrounded, 0.7), false);
  });

  it('passes a pair at the floors and the threshold, and never a dropped one', () => {
    assert.equal(passes(scored({ grounded: GATE_FLOORS.grounded!, standalone: GATE_FLOORS.standalone! }), 0.7), true);
    assert.equal(passes(scored({ complete: 0, relevant: 0.5 }), 0.7), true, 'mean 0.7 with the gates met');
    assert.equal(passes(scored({ complete: 0, relevant: 0.4 }), 0.7), false, 'mean under the threshold');
    assert.equal(passes(scored({}, 'drop'), 0.7), false);
  });
});

describe('validation: routing', () => {
  it('follows the validator\'s revise verdicts and its drop', () => {
    assert.equal(routeOf(scored({ complete: 0, relevant: 0.2 }, 'revise_answer'), 0.7), 'revise_answer');
    assert.equal(routeOf(scored({ grounded: 0.2 }, 'revise_question'), 0.7), 'revise_question', 'the validator knows better than the weaker side');
    assert.equal(routeOf(scored({}, 'drop'), 0.7), 'drop');
    assert.equal(routeOf(scored({}, 'revise_answer'), 0.7), 'revise_answer', 'high scores do not overrule a revise verdict');
    assert.equal(passes(scored({}, 'revise_question'), 0.7), false, 'only keep passes');
    assert.equal(passes({ ...scored({}), verdict: undefined }, 0.7), true, 'a quality from before verdicts passes on mean and gates');
  });

  it('routes a failing pair the validator wanted to keep by the side that fails', () => {
    assert.equal(routeOf(scored({ standalone: 0.3 }), 0.7), 'revise_question', 'failed standalone gate: the question');
    assert.equal(routeOf(scored({ grounded: 0.3 }), 0.7), 'revise_answer', 'failed grounded gate: the answer');
    assert.equal(routeOf(scored({ clear: 0.2, relevant: 0.3, complete: 0.5 }), 0.7), 'revise_question');
    assert.equal(routeOf(scored({ complete: 0, relevant: 0.4, clear: 0.9 }), 0.7), 'revise_answer');
  });

  it('keeps the critiques apart, treats "none" as no critique, and reads an unknown verdict as none', () => {
    const q = qualityOf({ pair_id: 'p', grounded: 1, complete: 0.4, relevant: 1, clear: 1, standalone: 1, question_critique: 'None.', answer_critique: ' add the limit ', verdict: 'maybe' as never });
    assert.equal(q.questionCritique, '');
    assert.equal(q.answerCritique, 'add the limit');
    assert.equal(q.feedback, 'add the limit');
    assert.equal(q.verdict, undefined);
    const both = qualityOf({ ...verdictOf('p', 0.5), question_critique: 'name the router', answer_critique: 'too long' });
    assert.equal(both.feedback, 'Question: name the router Answer: too long');
  });
});

/** The answer the first validation call saw for `pairId`. */
function r0Answer(llm: FakeLlm, question: string): string {
  return llm.callsOf('validate_pairs')[0].input.pairs.find((p) => p.question === question)!.answer;
}

describe('validation: verdicts route the enhancement loop', () => {
  it('revise_answer keeps the question and re-answers with the answer critique only', async () => {
    let target = '';
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => {
        if (call === 0 && i === 0) { target = p.question; return verdictOf(p.pair_id, 0.5, 'give the number of ports', 'answer'); }
        return verdictOf(p.pair_id, 0.9);
      }) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2 });
    assert.equal(llm.callsOf('revise_questions').length, 0, 'no question was rewritten');
    const second = llm.callsOf('generate_answers')[1].input.questions;
    const firstQuestion = llm.callsOf('generate_answers')[0].input.questions.find((q) => q.question === target)!.question;
    assert.deepEqual(second.map((q) => [q.question, q.answer_critique]), [[firstQuestion, 'give the number of ports']]);
    const firstAnswer = r0Answer(llm, target);
    assert.equal(second[0].previous_answer, firstAnswer, 'the answer the critique is about goes with it');
    const pair = r.validatedQaPairs.find((p) => p.question === target)!;
    assert.equal(pair.question, firstQuestion);
    assert.deepEqual(pair.previousScores, [0.5]);
  });

  it('a pair keeps one body of evidence: its revised answer and every validation see what its first answer saw', async () => {
    // nine sentences: the question rests on the 2nd and the 5th, its answer cites only the 2nd; a window
    // recomputed from the cited statement would lose the 5th sentence and the text around it
    const long = Array.from({ length: 9 }, (_, i) => `Sentence ${i + 1} of the Aurora manual names setting number ${i + 1}.`).join(' ');
    let target = '';
    const bodyOf = (input: { evidence: Array<{ evidence_id: string; text: string }> }, id: string) => input.evidence.find((e) => e.evidence_id === id)!.text;
    const llm = new FakeLlm({ handlers: {
      generate_questions: (input) => ({ questions: input.chunks.map((c) => ({ chunk_id: c.chunk_id, question: 'Which two settings does the manual name first and later?', question_type: c.requests[0].question_type, statement_indices: [1, 4] })) }),
      generate_answers: (input) => ({ answers: input.questions.map((q) => ({ question_id: q.question_id, answer: 'Setting number 2 is named in the second sentence of the manual.', statement_indices: [1] })) }),
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p) => {
        if (call === 0) { target = p.question; return verdictOf(p.pair_id, 0.5, 'name the fifth setting too', 'answer'); }
        return verdictOf(p.pair_id, 0.9);
      }) }),
    } });
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(long, { num_pairs: 1, answer_length: 'short' });
    const answers = llm.callsOf('generate_answers').map((c) => c.input);
    const validations = llm.callsOf('validate_pairs').map((c) => c.input);
    assert.equal(answers.length, 2, 'the answer was revised once');
    const first = bodyOf(answers[0], answers[0].questions[0].evidence_id);
    assert.match(first, /Sentence 5 /, 'the first body holds both statements the question rests on');
    assert.doesNotMatch(first, /Sentence 9 /, 'and is a window, not the whole chunk');
    const seen = [
      bodyOf(answers[1], answers[1].questions.find((q) => q.question === target)!.evidence_id),
      ...validations.map((v) => bodyOf(v, v.pairs.find((p) => p.question === target)!.evidence_id)),
    ];
    assert.deepEqual(seen, seen.map(() => first), 'the revised answer and both validations got the first body');
  });

  it('revise_question rewrites with the question critique and answers the new question with the answer critique', async () => {
    let target = '';
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => {
        if (call === 0 && i === 0) {
          target = p.question;
          return { ...verdictOf(p.pair_id, 0.5, 'not standalone', 'question'), answer_critique: 'drop the second sentence' };
        }
        return verdictOf(p.pair_id, 0.9);
      }) }),
    } });
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2 });
    const revise = llm.callsOf('revise_questions');
    assert.equal(revise.length, 1);
    assert.deepEqual(revise[0].input.pairs.map((p) => [p.question, p.question_critique]), [[target, 'not standalone']]);
    const second = llm.callsOf('generate_answers')[1].input.questions;
    assert.equal(second.length, 1);
    assert.match(second[0].question, /\(revised after: not standalone\)/);
    // what the validator said of the answer holds for the answer to the reworded question: trial 16 shipped an
    // over-claim its validator had named, because only the question critique went on
    assert.equal(second[0].answer_critique, 'drop the second sentence', 'the answer critique goes on to the new question\'s answer');
    assert.ok(second[0].previous_answer, 'with the answer it was written of');
  });

  it('a round that gives back a version already validated settles the pair: it is not validated again nor revised further', async () => {
    // the writer cannot improve the answer: every round would send the same pair and get the same verdict
    const llm = new FakeLlm({ handlers: {
      generate_answers: (input) => ({ answers: input.questions.map((q) => ({ question_id: q.question_id, answer: 'The pump moves 40 litres per minute.', statement_indices: [0] })) }),
      validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => verdictOf(p.pair_id, 0.5, 'say what the flow depends on', 'answer')) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1, max_reflection_iterations: 3 });
    const asked = (task: 'generate_answers' | 'validate_pairs', q: string) => llm.callsOf(task).filter((c) => JSON.stringify(c.input).includes(JSON.stringify(q))).length;
    assert.ok(r.qaPairs.length >= 1);
    for (const pair of r.qaPairs) {
      assert.equal(asked('generate_answers', pair.question), 2, `one revision of the answer to ${pair.question}`);
      assert.equal(asked('validate_pairs', pair.question), 1, 'the same answer is not validated again');
      assert.equal(pair.quality?.score, 0.5, 'it keeps its verdict, below the threshold (a rejected pair, not a lost one)');
    }
    assert.ok(r.currentIteration < 3, `rounds stop once nothing can change (iteration ${r.currentIteration} of 3)`);
  });

  it('a question revision that brings nothing new, with no answer critique, settles the pair before it is answered again', async () => {
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => verdictOf(p.pair_id, 0.5, 'name the product', 'question')) }),
      revise_questions: (input) => ({ revisions: input.pairs.map((p) => ({ pair_id: p.pair_id, question: p.question, statement_indices: [] })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1, max_reflection_iterations: 3 });
    const first = r.qaPairs.find((p) => p.iteration === 0)!;
    const asked = (task: 'generate_answers' | 'validate_pairs' | 'revise_questions') => llm.callsOf(task).filter((c) => JSON.stringify(c.input).includes(JSON.stringify(first.question))).length;
    assert.equal(asked('revise_questions'), 1, 'asked once to reword it');
    assert.equal(asked('generate_answers'), 1, 'not answered again under the same question');
    assert.equal(asked('validate_pairs'), 1);
    assert.equal(first.quality?.score, 0.5, 'kept with its verdict');
  });

  it('a kept pair whose validator still wrote a critique goes back once to that side; the better passing version wins', async () => {
    let target = '';
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => {
        if (call === 0 && i === 0) { target = p.question; return verdictOf(p.pair_id, 0.8, 'drop the repeated second sentence', 'answer'); }
        // the polished version: still a nit, which must not send it back a second time
        if (p.question === target) return verdictOf(p.pair_id, 0.95, 'could name the unit', 'answer');
        return verdictOf(p.pair_id, 0.9);
      }) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2, max_reflection_iterations: 3 });
    const answers = llm.callsOf('generate_answers');
    assert.equal(answers.length, 2, 'one polish round, not one per nit');
    assert.deepEqual(answers[1].input.questions.map((q) => [q.question, q.answer_critique]), [[target, 'drop the repeated second sentence']]);
    assert.equal(llm.callsOf('revise_questions').length, 0, 'an answer critique re-answers; the question stays');
    const pair = r.validatedQaPairs.find((p) => p.question === target)!;
    assert.equal(pair.quality!.score, 0.95, 'the polished version scored higher and passes, so it is kept');
    assert.deepEqual(pair.previousScores, [0.8]);
    assert.equal(r.validatedQaPairs.length, 2, 'both pairs stay accepted throughout');
  });

  it('a dropped pair is never looped again and is returned as rejected with the reason', async () => {
    let target = '';
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => {
        if (call === 0 && i === 0) {
          target = p.question;
          return { ...verdictOf(p.pair_id, 0.9), verdict: 'drop' as const, question_critique: 'a toy example\'s value; the source supports no better question here' };
        }
        return verdictOf(p.pair_id, 0.9);
      }) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2, max_reflection_iterations: 3 });
    assert.equal(llm.callsOf('revise_questions').length, 0);
    const validated = llm.callsOf('validate_pairs').flatMap((c) => c.input.pairs.map((p) => p.question));
    assert.equal(validated.filter((q) => q === target).length, 1, 'validated once, never again');
    const dropped = r.rejectedQaPairs.find((p) => p.question === target)!;
    assert.ok(dropped, 'kept as rejected, not removed');
    assert.equal(dropped.quality!.verdict, 'drop');
    assert.match(dropped.quality!.feedback, /toy example/);
    assert.ok(!r.validatedQaPairs.some((p) => p.question === target), 'a high mean does not save a dropped pair');
    assert.equal(r.currentIteration, 0, 'nothing left to enhance');
  });
});

describe('validation: verdict and critiques in the dataset file', () => {
  it('writes verdict, question_critique and answer_critique after feedback, reads them back, and still reads old lines', async () => {
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => ({ ...verdictOf(p.pair_id, 0.4, 'name the router', 'question'), answer_critique: 'too long' })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1, max_reflection_iterations: 0 });
    const [line] = pairsFromRun(r).map(pairToLine);
    const quality = JSON.parse(line).quality as Record<string, unknown>;
    assert.deepEqual(Object.keys(quality), ['score', 'criteria', 'feedback', 'verdict', 'question_critique', 'answer_critique']);
    assert.deepEqual([quality.verdict, quality.question_critique, quality.answer_critique], ['revise_question', 'name the router', 'too long']);
    const [entry] = parseDataset(`${line}\n`);
    assert.equal(entry.kind, 'pair');
    const back = toQaPair(entry.kind === 'pair' ? entry.pair : (undefined as never));
    assert.deepEqual([back.quality!.verdict, back.quality!.questionCritique, back.quality!.answerCritique], ['revise_question', 'name the router', 'too long']);

    const old = JSON.parse(line) as { quality: Record<string, unknown> };
    for (const key of ['verdict', 'question_critique', 'answer_critique']) delete old.quality[key];
    const [oldEntry] = parseDataset(`${JSON.stringify(old)}\n`);
    assert.equal(oldEntry.kind, 'pair', 'a line written before verdicts still loads');
    const wrong = JSON.parse(line) as { quality: Record<string, unknown> };
    wrong.quality.verdict = 'maybe';
    const [bad] = parseDataset(`${JSON.stringify(wrong)}\n`);
    assert.equal(bad.kind, 'invalid');
    assert.match(bad.kind === 'invalid' ? bad.error : '', /quality\.verdict/);
  });
});

describe('validation: a question must not give its answer away (checked in code)', () => {
  it('finds a question that holds most of its answer\'s key terms, and leaves ordinary overlap alone', () => {
    assert.deepEqual(answerTermsInQuestion('Given that flashed messages last one request, how long do flashed messages last?', 'Flashed messages last one request.'),
      ['flashed', 'messages', 'last', 'request']);
    assert.deepEqual(answerTermsInQuestion('How long does a flashed message stay available in Flask?', 'Until the end of the next request: flashing stores it in the session for one request only.'), []);
    assert.deepEqual(answerTermsInQuestion('Is it on?', 'Yes.'), [], 'too short to judge');
    assert.deepEqual(answerTermsInQuestion('Wie lange gilt die Garantie von 24 Monaten für den Motor?', 'Die Garantie für den Motor gilt 24 Monate.'), ['garantie', 'motor', 'gilt', '24'],
      'any language');
  });

  it('does not count the subject a question names (its section\'s heading path) as the answer given away', () => {
    const question = 'How do streaming templates with buffering work in Flask?';
    const answer = 'Flask streaming templates flush with buffering.';
    assert.deepEqual(answerTermsInQuestion(question, answer), ['flask', 'streaming', 'templates', 'with', 'buffering'], 'without its subject, 5 of 6 terms are shared');
    assert.deepEqual(answerTermsInQuestion(question, answer, 'Streaming Contents Streaming from Templates'), [], 'naming the subject leaves 3 of 4 content terms: at the limit, not over');
    const restated = ['How does Flask stream Jinja2 templates piece by piece?', 'Flask streams Jinja2 templates piece by piece.'] as const;
    assert.deepEqual(answerTermsInQuestion(...restated, 'Streaming Contents Streaming from Templates'), ['flask', 'jinja2', 'piece'],
      'an answer that restates its question is still caught: "templates" matches the heading\'s "Templates" and leaves the count, the rest stays');
  });

  it('sends such a pair to revise_question with a critique naming the terms, whatever the validator scored', async () => {
    const llm = new FakeLlm({ handlers: {
      generate_questions: (input) => ({ questions: input.chunks.map((c) => ({ chunk_id: c.chunk_id, question: `Given that ${c.statements[0].text.toLowerCase()} what is true?`, question_type: 'factual', statement_indices: [0] })) }),
      generate_answers: (input) => ({ answers: input.questions.map((q) => ({ question_id: q.question_id, answer: input.evidence.find((e) => e.evidence_id === q.evidence_id)!.statements[0].text, statement_indices: [0] })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1, max_reflection_iterations: 1 });
    const first = llm.callsOf('revise_questions')[0];
    assert.ok(first, 'the pair was sent to question revision although every score was 0.9');
    assert.match(first.input.pairs[0].question_critique, /^The question gives its answer away \(it already contains "[a-z]+", "[a-z]+"/);
    assert.equal(llm.callsOf('generate_answers')[1].input.questions[0].answer_critique, undefined);
    assert.ok(r.qaPairs[0].previousScores.length > 0 || r.qaPairs[0].quality!.verdict === 'revise_question');
  });
});

describe('validation: a question must ask one thing (checked in code)', () => {
  it('finds a second question after ", and <question word>" or a second question mark, in any of four languages', () => {
    assert.equal(secondQuestionIn('What does the retry decorator do, and how do I limit its attempts?'), 'and how do I limit its attempts?');
    assert.equal(secondQuestionIn('How long is the warranty? Does it cover the motor?'), 'Does it cover the motor?');
    assert.equal(secondQuestionIn('Wie lange gilt die Garantie, und was deckt sie ab?'), 'und was deckt sie ab?');
    assert.equal(secondQuestionIn('How do I list S3 objects whose keys differ only in case?'), undefined);
    assert.equal(secondQuestionIn('Does the retry stop after three attempts, or does it keep going?'), undefined, 'alternatives of one question');
    assert.equal(secondQuestionIn('Which settings control timeouts and retries?'), undefined, 'a plain "and" joins two objects of one question');
  });

  it('sends a compound question to revise_question with a critique quoting the second question, whatever the validator scored', async () => {
    const llm = new FakeLlm({ handlers: {
      generate_questions: (input) => ({ questions: input.chunks.map((c) => ({ chunk_id: c.chunk_id, question: 'What happens to a message, and how long is it kept?', question_type: 'factual', statement_indices: [0] })) }),
    } });
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1, max_reflection_iterations: 1 });
    const first = llm.callsOf('revise_questions')[0];
    assert.ok(first, 'the compound question was sent to question revision');
    assert.match(first.input.pairs[0].question_critique, /asks two things at once \("and how long is it kept\?" is a second question\)/);
  });
});
