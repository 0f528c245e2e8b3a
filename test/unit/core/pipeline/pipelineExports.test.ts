/** The library's public surface: everything a TypeScript user needs is importable from src/core/index.ts. */
import { strict as assert } from 'node:assert';
import * as core from '../../../../src/core/index';

const FUNCTIONS = [
  'resolveParams', 'toReferenceResult', 'regeneratePairs', 'pipelineMermaid', 'toDataset',
  'createLlm', 'isFatalLlmError', 'isAbortError', 'estimateRun',
  'loadDocuments', 'parseSessionFile', 'documentFromText', 'chunkDocument',
  'parseDataset', 'serializeDataset', 'pairsFromRun', 'mergeDatasets', 'mergeWithSummary', 'exportDataset', 'exportFiles',
  'buildManifest', 'serializeManifest', 'parseManifest', 'checkStaleness', 'writeFileAtomic',
] as const;
const CLASSES = [
  'QAWorkflowGraph', 'DocumentQAGenerator', 'FatalLlmError', 'BudgetExceededError', 'InvalidReplyError', 'OfflineEngine',
] as const;

describe('library API (src/core/index.ts)', () => {
  for (const name of [...FUNCTIONS, ...CLASSES]) {
    it(`exports ${name}`, () => {
      assert.equal(typeof (core as Record<string, unknown>)[name], 'function', `${name} is not exported from src/core/index.ts`);
    });
  }

  it('exports DEFAULT_PARAMS, and resolveParams fills them in', () => {
    assert.equal(core.DEFAULT_PARAMS.numPairs, 1);
    assert.deepEqual(core.resolveParams({}), core.DEFAULT_PARAMS);
  });

  it('FatalLlmError is recognised by isFatalLlmError, and a plain error is not', () => {
    const fatal = new core.FatalLlmError('auth', 'key refused', 401);
    assert.equal(core.isFatalLlmError(fatal), true);
    assert.equal(fatal.reason, 'auth');
    assert.equal(core.isFatalLlmError(new Error('x')), false);
  });

  it('the exported pieces work together: offline run → dataset pairs → JSONL → parsed back', async () => {
    const llm = core.createLlm({ provider: 'offline' });
    const doc = core.documentFromText('docs/cache.md', 'The response cache is a folder with one JSON file per request. Entries are written atomically, because a crashed run must resume.', 'markdown');
    const result = await new core.QAWorkflowGraph({ llm }).runFromDocuments([doc], { num_pairs: 1 });
    const pairs = core.pairsFromRun(result);
    assert.equal(pairs.length, 1);
    const text = core.serializeDataset(core.entriesOf(pairs));
    assert.deepEqual(core.pairsOf(core.parseDataset(text)), pairs);
  });
});
