import { strict as assert } from 'node:assert';
import { droppedQuestionsNote, selectQuestions, type Candidate } from '../../../../src/core/pipeline/questionSelection';
import { DuplicateFilter } from '../../../../src/core/util/dedup';

const c = (question: string, chunkId = 'c1', questionType = 'factual'): Candidate => ({ chunkId, question, questionType, statementIndices: [0] });

describe('question selection: what is not kept, and why', () => {
  it('names the kept question a near-duplicate repeats, marks exact repeats and empties, and counts the margin', () => {
    const allocation = new Map([['c1', new Map([['factual', 2]])]]);
    const candidates = [
      c('How many litres per minute does the Kestrel pump move?'),
      c('How many litres per minute does the Kestrel pump move?'),
      c('How many litres a minute does the Kestrel pump move?'),
      c('  '),
      c('What stops the Kestrel pump when the sump is dry?'),
      c('How long does the Kestrel warranty cover the motor?'),
    ];
    const s = selectQuestions(candidates, allocation, 2, new Map(), new DuplicateFilter());
    assert.deepEqual(s.kept.map((k) => k.question), [candidates[0].question, candidates[4].question]);
    assert.equal(s.duplicates, 2);
    assert.deepEqual(s.dropped.map((d) => d.reason.split(':')[0]), ['asked twice', `a near-duplicate of "${candidates[0].question}"`, 'empty', 'not needed']);
    const note = droppedQuestionsNote(s.dropped)!;
    assert.match(note, /^3 generated question\(s\) not used: /);
    assert.match(note, /a near-duplicate of "How many litres per minute/);
    assert.match(note, /1 more not needed \(the margin\)$/);
  });

  it('says nothing when only the margin was left out', () => {
    assert.equal(droppedQuestionsNote([{ question: 'q', reason: 'not needed: …' }]), undefined);
  });
});
