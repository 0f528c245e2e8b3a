/** Kinds in the LangSmith, Langfuse, Phoenix and MLflow exports, read back as each platform's call reads them. */
import { strict as assert } from 'node:assert';
import { exportDataset } from '../../../../../src/core/dataset/export/index';
import { DECLINE_CRITERION } from '../../../../../src/core/dataset/export/kinds';
import { KIND_PAIRS } from './exportFixtures';
import { langfuseDatasetItem, langSmithExample, mlflowEvalSet, phoenixUpload, pythonJsonLines } from './exportLoaders';

const TURNS = [
  { role: 'user', content: 'Does the Lumen kettle have a warranty?' },
  { role: 'assistant', content: 'Yes, it comes with a warranty — ünïcödé kept.' },
];
const QUESTION = 'And how long does it last?';

describe('export langsmith, langfuse, phoenix, mlflow: kinds', () => {
  it('langsmith: a multi-turn example has inputs.turns; every context in outputs; the kind in metadata', () => {
    const examples = pythonJsonLines(exportDataset(KIND_PAIRS, 'langsmith')).map(langSmithExample);
    assert.deepEqual(examples[3].inputs, { question: QUESTION, turns: TURNS });
    assert.deepEqual(examples[0].inputs, { question: 'How long is the warranty?' });
    assert.deepEqual((examples[1].outputs as { contexts: string[] }).contexts, KIND_PAIRS[1].contexts);
    assert.equal((examples[2].metadata as { kind: string }).kind, 'unanswerable');
  });

  it('langfuse: input.turns for the multi-turn item; the kind in metadata', () => {
    const items = pythonJsonLines(exportDataset(KIND_PAIRS, 'langfuse', { name: 'kettle' })).map(langfuseDatasetItem);
    assert.deepEqual(items[3].input, { question: QUESTION, turns: TURNS });
    assert.equal((items[1].expectedOutput as { contexts: string[] }).contexts.length, 2);
    assert.equal((items[2].metadata as { kind: string }).kind, 'unanswerable');
  });

  it('phoenix: inputs[i].turns for the multi-turn example; the kind in metadata', () => {
    const { examples } = phoenixUpload(exportDataset(KIND_PAIRS, 'phoenix'));
    assert.deepEqual(examples[3].input, { question: QUESTION, turns: TURNS });
    assert.equal((examples[1].output.contexts as string[]).length, 2);
    assert.equal(examples[2].metadata.kind, 'unanswerable');
  });

  it('mlflow: inputs.turns for predict_fn(question, turns); an unanswerable record has guidelines for ExpectationsGuidelines', () => {
    const records = mlflowEvalSet(exportDataset(KIND_PAIRS, 'mlflow'));
    assert.deepEqual(records[3].inputs, { question: QUESTION, turns: TURNS });
    assert.deepEqual((records[2].expectations as { guidelines: string[] }).guidelines, [DECLINE_CRITERION]);
    assert.ok(!('guidelines' in (records[0].expectations as object)));
    assert.equal((records[2].tags as { kind: string }).kind, 'unanswerable');
    assert.deepEqual((records[1].expectations as { expected_facts: string[] }).expected_facts, KIND_PAIRS[1].statements);
  });
});
