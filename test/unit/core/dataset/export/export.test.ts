import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXPORT_FORMATS, exportDataset, exportFiles, isExportFormat, mayReplace, writesCompanions, type ExportFormat,
} from '../../../../../src/core/dataset/export/index';
import { DATASET_CARD_MARKER } from '../../../../../src/core/dataset/export/huggingface';
import { asciiJson } from '../../../../../src/core/dataset/export/select';
import { pair } from '../../../support/datasetFixtures';
import { KEPT, PAIRS } from './exportFixtures';
import { isObj } from './exportLoaders';

const lines = (text: string): unknown[] => text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
const field = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);

/** Where each format keeps the pair id, read from the main file. */
const IDS: Record<ExportFormat, (text: string) => unknown[]> = {
  ragas: (t) => lines(t).map((r) => field(r, 'id')),
  deepeval: (t) => (JSON.parse(t) as unknown[]).map((g) => field(g, 'name')),
  'deepeval-jsonl': (t) => lines(t).map((g) => field(g, 'name')),
  promptfoo: (t) => t.match(/^ {4}id: (.+)$/gm)?.map((l) => l.trim().slice(4)) ?? [],
  'openai-evals': (t) => lines(t).map((r) => field(r, 'id')),
  'openai-evals-api': (t) => lines(t).map((r) => field(r, 'item', 'id')),
  csv: (t) => t.split('\r\n').slice(1, -1).map((l) => l.split(',')[0]).filter((id) => /^[a-z]$/.test(id)),
  axion: (t) => (field(JSON.parse(t), 'items') as unknown[]).map((i) => field(i, 'id')),
  huggingface: (t) => lines(t).map((r) => field(r, 'id')),
  langsmith: (t) => lines(t).map((r) => field(r, 'metadata', 'id')),
  langfuse: (t) => lines(t).map((r) => field(r, 'id')),
  phoenix: (t) => (field(JSON.parse(t), 'metadata') as unknown[]).map((m) => field(m, 'id')),
  mlflow: (t) => lines(t).map((r) => field(r, 'tags', 'id')),
};

describe('exporters: the registry', () => {
  it('knows every format, and only those', () => {
    assert.deepEqual(EXPORT_FORMATS, [
      'ragas', 'deepeval', 'deepeval-jsonl', 'promptfoo', 'openai-evals', 'openai-evals-api', 'csv', 'axion',
      'huggingface', 'langsmith', 'langfuse', 'phoenix', 'mlflow',
    ]);
    assert.ok(isExportFormat('csv'));
    assert.ok(!isExportFormat('toString'));
  });

  it('every format exports every non-rejected pair with its id', () => {
    for (const format of EXPORT_FORMATS) {
      const text = exportDataset(PAIRS, format);
      assert.deepEqual(IDS[format](text), KEPT.map((p) => p.id), format);
    }
  });

  it('leaves rejected pairs out unless asked, and can drop low scores', () => {
    for (const format of EXPORT_FORMATS) {
      assert.ok(!exportDataset(PAIRS, format).includes('Rejected?'), format);
      assert.ok(exportDataset(PAIRS, format, { includeRejected: true }).includes('Rejected?'), format);
    }
    const low = [pair({ id: 'low', question: 'Low?', quality: { score: 0.2, criteria: {}, feedback: '' } }), pair({ id: 'none', question: 'None?', quality: null })];
    assert.deepEqual(lines(exportDataset(low, 'langfuse', { minScore: 0.5 })).map((r) => field(r, 'id')), ['none']);
  });

  it('says which formats write several files, and names them beside the main file', () => {
    assert.deepEqual(EXPORT_FORMATS.filter(writesCompanions), ['openai-evals', 'openai-evals-api', 'huggingface']);
    assert.deepEqual(exportFiles(PAIRS, 'openai-evals', { name: 'docs' }, 'docs.evals.jsonl').map((f) => f.name), ['docs.evals.jsonl', 'docs.evals.yaml']);
    assert.deepEqual(exportFiles(PAIRS, 'openai-evals-api', {}, 'x.jsonl').map((f) => f.name), ['x.jsonl', 'x.data_source_config.json']);
    assert.deepEqual(exportFiles(PAIRS, 'huggingface', {}, 'train.jsonl').map((f) => f.name), ['train.jsonl', 'README.md']);
    assert.deepEqual(exportFiles(PAIRS, 'csv', { name: 'docs' }).map((f) => f.name), ['docs.csv.csv']);
  });

  it('replaces a README.md only when it is a card an export wrote', () => {
    const card = { name: 'README.md', text: '' };
    assert.equal(mayReplace(card, '# My project\n'), false);
    assert.equal(mayReplace(card, `---\n---\n${DATASET_CARD_MARKER}\n`), true);
    assert.equal(mayReplace({ name: 'x.yaml', text: '' }, 'anything'), true);
  });

  it('ASCII-safe JSON escapes every non-ASCII character and parses back to the same text', () => {
    const text = asciiJson({ t: 'ünï — 日本 🫖', plain: 'a~\u007f' });
    assert.ok(/^[\x00-\x7f]*$/.test(text), text);
    assert.match(text, /\\u00fc/);
    assert.match(text, /\\ud83e\\uded6/, 'astral characters as a surrogate pair, as Python writes them');
    assert.deepEqual(JSON.parse(text), { t: 'ünï — 日本 🫖', plain: 'a~\u007f' });
  });
});

describe('exporters: the README', () => {
  it('documents every format: a row of the format table and a field map', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### `qaforge export`'), readme.indexOf('### `qaforge graph`'));
    const maps = section.slice(section.indexOf('#### Field maps'));
    for (const format of EXPORT_FORMATS) {
      assert.ok(section.includes(`| \`${format}\` |`), `README's format table lists ${format}`);
      assert.match(maps, new RegExp(`^- (\`[a-z-]+\`, )*\`${format}\`( ,|,| —)`, 'm'), `README has the field map of ${format}`);
    }
  });
});
