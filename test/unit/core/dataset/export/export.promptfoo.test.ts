/** promptfoo: read back as the evaluator prepares each test case (promptfoo/promptfoo). */
import { strict as assert } from 'node:assert';
import { parse as parseYaml } from 'yaml';
import { exportDataset } from '../../../../../src/core/dataset/export/index';
import { ROUGE_THRESHOLD } from '../../../../../src/core/dataset/export/promptfoo';
import { KEPT, PAIRS } from './exportFixtures';
import { promptfooLoadTests } from './exportLoaders';

describe('export promptfoo: as the evaluator runs the tests file', () => {
  it('by default every case runs offline: one rouge-n assertion against the reference answer', () => {
    const runs = promptfooLoadTests(exportDataset(PAIRS, 'promptfoo'));
    assert.equal(runs.length, KEPT.length);
    runs.forEach((run, i) => {
      assert.deepEqual(run.assertions, [{ type: 'rouge-n', renderedValue: KEPT[i].answer, threshold: ROUGE_THRESHOLD, needsGrader: false }]);
      assert.equal(run.vars.reference, KEPT[i].answer);
      assert.deepEqual(run.vars.context, KEPT[i].contexts, 'contexts as a list');
      assert.equal(run.vars.question, KEPT[i].question);
      assert.equal(run.combinations, 1, 'the context list does not multiply the case');
      assert.equal(run.metadata.id, KEPT[i].id);
    });
    assert.equal(runs[2].metadata.source, 'chats/s.json#s1:2,3');
  });

  it('--assert factuality / llm-rubric give model-graded assertions; none gives no assertion', () => {
    const factuality = promptfooLoadTests(exportDataset(PAIRS, 'promptfoo', { assert: 'factuality' }));
    assert.deepEqual(factuality[0].assertions, [{ type: 'factuality', renderedValue: 'Two years.', threshold: undefined, needsGrader: true }]);
    const rubric = promptfooLoadTests(exportDataset(PAIRS, 'promptfoo', { assert: 'llm-rubric' }));
    assert.equal(rubric[0].assertions[0].type, 'llm-rubric');
    assert.ok(rubric[0].assertions[0].renderedValue.endsWith('Two years.'));
    assert.deepEqual(promptfooLoadTests(exportDataset(PAIRS, 'promptfoo', { assert: 'none' }))[0].assertions, []);
    assert.deepEqual(parseYaml(exportDataset([], 'promptfoo')), []);
  });

  it('an answer with template syntax reaches the assertion verbatim (it is a var, not a template)', () => {
    const braces = [{ ...KEPT[0], answer: 'Use {{name}} and {% raw %}.' }];
    assert.equal(promptfooLoadTests(exportDataset(braces, 'promptfoo'))[0].assertions[0].renderedValue, 'Use {{name}} and {% raw %}.');
  });

  it('the check fails where promptfoo would: a list var without disableVarExpansion runs once per element', () => {
    const tests = parseYaml(exportDataset(PAIRS, 'promptfoo')) as Array<Record<string, unknown>>;
    const expanded = tests.map(({ options: _o, ...t }) => t);
    const runs = promptfooLoadTests(JSON.stringify(expanded));
    assert.equal(runs[1].combinations, 2, 'two contexts → two cases');
    assert.throws(() => promptfooLoadTests(JSON.stringify([{ vars: {}, assert: [{ type: 'rouge-n', value: '{{reference}}' }] }])), /var reference is undefined/);
    assert.throws(() => promptfooLoadTests(JSON.stringify([{ description: 'only a name' }])), /Test case must contain one of/);
  });
});
