import { strict as assert } from 'node:assert';
import { DEFAULT_PARAMS, InvalidParamsError, paramsToSnake, resolveParams } from '../../../../src/core/domain/params';

describe('GenerationParams', () => {
  it('has the reference defaults', () => {
    const p = resolveParams();
    assert.equal(p.numPairs, 1);
    assert.deepEqual(p.questionTypes, ['factual', 'conceptual', 'application', 'analysis']);
    assert.equal(p.difficulty, 'medium');
    assert.equal(p.splitterType, 'semantic');
    assert.equal(p.chunkSize, 4000);
    assert.equal(p.statementsPerChunk, 5);
    assert.equal(p.answerLength, 'medium');
    assert.equal(p.validationThreshold, 0.7);
    assert.equal(p.maxReflectionIterations, 3);
    assert.equal(p.breakpointPercentileThreshold, 95);
    assert.deepEqual(p.dimensions, {});
  });

  it('accepts snake_case and camelCase keys', () => {
    assert.equal(resolveParams({ num_pairs: 7 }).numPairs, 7);
    assert.equal(resolveParams({ numPairs: 8 }).numPairs, 8);
  });

  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ num_pairs: 0 }, /num_pairs must be an integer from 1 to 10000; got 0/],
    [{ difficulty: 'extreme' }, /difficulty must be one of easy, medium, hard; got "extreme"/],
    [{ validation_threshold: 1.5 }, /validation_threshold must be a number from 0 to 1/],
    [{ splitter_type: 'token' }, /splitter_type must be one of semantic, sentence/],
    [{ question_types: [] }, /question_types must be a non-empty list/],
    [{ answer_length: 'epic' }, /answer_length must be one of short, medium, long/],
    [{ dimensions: { mood: 'x' } }, /dimensions\.mood is not known/],
    [{ temperature: 1 }, /unknown parameter "temperature"/],
  ];
  for (const [input, message] of bad) {
    it(`refuses ${JSON.stringify(input)} naming the field`, () => {
      assert.throws(() => resolveParams(input), (e: unknown) => e instanceof InvalidParamsError && message.test(e.message));
    });
  }

  it('does not let callers mutate the defaults', () => {
    const p = resolveParams();
    p.dimensions.persona = 'x';
    assert.deepEqual(DEFAULT_PARAMS.dimensions, {});
  });

  it('renders snake_case in a fixed order', () => {
    assert.deepEqual(Object.keys(paramsToSnake(resolveParams())).slice(0, 3), ['num_pairs', 'question_types', 'difficulty']);
  });
});
