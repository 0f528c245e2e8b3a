/** langsmith, langfuse, phoenix, mlflow: read back as each platform's create/upload call or evaluate reads them. */
import { strict as assert } from 'node:assert';
import { exportDataset } from '../../../../../src/core/dataset/export/index';
import { KEPT, PAIRS, TRICKY } from './exportFixtures';
import { langfuseDatasetItem, langSmithExample, mlflowEvalSet, phoenixUpload, pythonJsonLines } from './exportLoaders';

describe('export langsmith: as Client.create_examples reads each example', () => {
  it('inputs, outputs and metadata dicts, the pair id in metadata', () => {
    const examples = pythonJsonLines(exportDataset(PAIRS, 'langsmith')).map(langSmithExample);
    assert.deepEqual(examples.map((e) => (e.metadata as { id: string }).id), KEPT.map((p) => p.id));
    assert.deepEqual(examples[1].inputs, { question: TRICKY });
    assert.deepEqual(examples[0].outputs, { answer: 'Two years.', contexts: ['The Lumen kettle comes with a two-year warranty.'] });
    assert.equal((examples[3].metadata as { kind: string }).kind, 'multi_hop');
  });

  it('the check fails where ExampleCreate fails: a pair id as the example id (not a UUID, refused by the pydantic ExampleCreate), a key it has no field for (TypeError in the dataclass)', () => {
    assert.throws(() => langSmithExample({ id: 'a', inputs: { question: 'q' } }), /must be a UUID/);
    assert.throws(() => langSmithExample({ inputs: {}, reference: 'a' }), /unexpected keyword argument 'reference'/);
    assert.throws(() => langSmithExample({ inputs: 'q' }), /inputs: must be a dict/);
  });
});

describe('export langfuse: as POST /api/public/dataset-items reads each item', () => {
  it('datasetName, the pair id as id, input, expectedOutput, metadata', () => {
    const items = pythonJsonLines(exportDataset(PAIRS, 'langfuse', { name: 'kettle' })).map(langfuseDatasetItem);
    assert.deepEqual(items.map((i) => i.id), KEPT.map((p) => p.id));
    assert.ok(items.every((i) => i.datasetName === 'kettle' && i.status === 'ACTIVE'));
    assert.deepEqual(items[0].input, { question: 'How long is the warranty?' });
    assert.deepEqual(items[0].expectedOutput, { answer: 'Two years.', contexts: ['The Lumen kettle comes with a two-year warranty.'] });
    assert.equal((items[2].metadata as { source: string }).source, 'chats/s.json#s1:2,3');
  });

  it('the check fails without datasetName; a snake_case key is accepted and lost (extra="allow")', () => {
    assert.throws(() => langfuseDatasetItem({ input: {} }), /datasetName: field required/);
    assert.deepEqual(langfuseDatasetItem({ datasetName: 'x', expected_output: 'a' }), { datasetName: 'x' });
    assert.throws(() => langfuseDatasetItem({ datasetName: 'x', status: 'active' }), /ACTIVE or ARCHIVED/);
  });
});

describe('export phoenix: as POST /v1/datasets/upload reads the body', () => {
  it('three parallel lists zip into one example per pair', () => {
    const { name, examples } = phoenixUpload(exportDataset(PAIRS, 'phoenix', { name: 'kettle' }));
    assert.equal(name, 'kettle');
    assert.deepEqual(examples.map((e) => e.metadata.id), KEPT.map((p) => p.id));
    assert.deepEqual(examples[1].input, { question: TRICKY });
    assert.equal(examples[0].output.answer, 'Two years.');
  });

  it('the check fails on lists of different lengths, or an empty upload', () => {
    const body = JSON.parse(exportDataset(PAIRS, 'phoenix')) as { outputs: unknown[] };
    assert.throws(() => phoenixUpload(JSON.stringify({ ...body, outputs: body.outputs.slice(1) })), /outputs must have same length as inputs \(3 != 4\)/);
    assert.throws(() => phoenixUpload(exportDataset([], 'phoenix')), /inputs must be non-empty/);
  });
});

describe('export mlflow: as mlflow.genai.evaluate(data=…) reads the records', () => {
  it('inputs, expectations.expected_facts from the statements, expected_response, string tags with the id', () => {
    const records = mlflowEvalSet(exportDataset(PAIRS, 'mlflow'));
    assert.deepEqual(records.map((r) => (r.tags as { id: string }).id), KEPT.map((p) => p.id));
    assert.deepEqual(records[0].inputs, { question: 'How long is the warranty?' });
    assert.deepEqual(records[0].expectations, { expected_response: 'Two years.', expected_facts: ['The Lumen kettle has a two-year warranty.'] });
    assert.deepEqual((records[3].expectations as { expected_facts: string[] }).expected_facts, ['The warranty covers the heating element.', 'The warranty covers the lid hinge.']);
    assert.deepEqual((records[1].expectations as { expected_facts: string[] }).expected_facts, ['ctx 1', TRICKY], 'no statements: the contexts');
    assert.equal((records[2].tags as { score: string }).score, '', 'tags are strings, an unscored pair too');
  });

  it('the check fails where MLflow fails: no inputs, an empty set, a non-string tag', () => {
    assert.throws(() => mlflowEvalSet('{"expectations": {}}\n'), /Either `inputs` or `trace` column is required/);
    assert.throws(() => mlflowEvalSet(exportDataset([], 'mlflow')), /The dataset is empty/);
    assert.throws(() => mlflowEvalSet('{"inputs": {"q": 1}, "tags": {"score": 0.9}}\n'), /Tags must be a dictionary of str to str/);
  });
});
