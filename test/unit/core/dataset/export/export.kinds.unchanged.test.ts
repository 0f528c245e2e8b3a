/**
 * A dataset written before kinds (single-hop pairs only) exports byte for byte as it did before the exporters carried
 * kinds: the SHA-256 (first 16 hex digits) of every file, taken from the exporters as they were then.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { EXPORT_FORMATS, exportFiles, type ExportFormat } from '../../../../../src/core/dataset/export/index';
import { KIND_PAIRS, SINGLE_HOP } from './exportFixtures';
import { selectPairs } from '../../../../../src/core/dataset/export/select';

const BEFORE: Record<ExportFormat, string> = {
  ragas: 'kettle.ragas ae2108b9bd231bbe',
  deepeval: 'kettle.deepeval 748db5e949bebd94',
  'deepeval-jsonl': 'kettle.deepeval-jsonl fce8829145aa2f00',
  promptfoo: 'kettle.promptfoo 286a137b13ae5eaa',
  'openai-evals': 'kettle.openai-evals 586a1f597bbb48de | kettle.yaml 63d90b76b5f3329e',
  'openai-evals-api': 'kettle.openai-evals-api d7abdf72a33813db | kettle.data_source_config.json 853e500c8933bec3',
  csv: 'kettle.csv ee220cabf592ac93',
  axion: 'kettle.axion 804269a0a2995a14',
  huggingface: 'kettle.huggingface f6fe89fcd603fc05 | README.md 592d18a22978fa07',
  langsmith: 'kettle.langsmith d71cc8b452b16229',
  langfuse: 'kettle.langfuse ad0892918a01fdf0',
  phoenix: 'kettle.phoenix 3d8e1010f8f856c1',
  mlflow: 'kettle.mlflow 98a0357e9b342709',
};

const digest = (format: ExportFormat, pairs = SINGLE_HOP): string => exportFiles(pairs, format, { name: 'kettle' }, `kettle.${format}`)
  .map((f) => `${f.name} ${createHash('sha256').update(f.text).digest('hex').slice(0, 16)}`).join(' | ');

describe('export: a dataset of single-hop pairs is written as before kinds', () => {
  it('every format writes the same files, byte for byte', () => {
    for (const format of EXPORT_FORMATS) assert.equal(digest(format), BEFORE[format], format);
  });

  it('only Ragas and DeepEval write a further file, and only for multi-turn pairs', () => {
    const extra = EXPORT_FORMATS.filter((f) => exportFiles(KIND_PAIRS, f, {}, `x.${f}`).length > exportFiles(SINGLE_HOP, f, {}, `x.${f}`).length);
    assert.deepEqual(extra, ['ragas', 'deepeval', 'deepeval-jsonl']);
    const noTurns = KIND_PAIRS.filter((p) => p.kind !== 'multi_turn');
    assert.deepEqual(exportFiles(noTurns, 'ragas', {}, 'x.jsonl').map((f) => f.name), ['x.jsonl']);
  });
});

describe('export: pairs the validator dropped', () => {
  it('leaves out a draft the validator dropped, whatever its score, unless includeRejected; a reviewed one stays', () => {
    const base = KIND_PAIRS[0];
    const dropped = { ...base, id: 'd1', status: 'draft' as const, quality: { score: 0.75, criteria: {}, feedback: 'Not multi-hop', verdict: 'drop' as const } };
    const accepted = { ...dropped, id: 'd2', status: 'accepted' as const };
    const kept = selectPairs([base, dropped, accepted], { minScore: 0.7 }).map((p) => p.id);
    assert.deepEqual(kept, [base.id, 'd2']);
    assert.deepEqual(selectPairs([base, dropped], { includeRejected: true }).map((p) => p.id), [base.id, 'd1']);
  });
});
