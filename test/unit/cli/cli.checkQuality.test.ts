import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/program';
import { EXIT } from '../../../src/cli/errors';
import type { CliIo } from '../../../src/cli/io';
import { pairToLine } from '../../../src/core/dataset/canonical';
import type { DatasetPair } from '../../../src/core/dataset/types';
import { fileSourceIn, pair } from '../support/datasetFixtures';

const DOC = 'Title\n\nThe warranty of the kettle lasts two years, and it is valid in all of the shops of the country.\nIt switches off by itself.\n';
const CONTEXT = 'The warranty of the kettle lasts two years, and it is valid in all of the shops of the country.';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = { out: (t) => { out += t; }, err: () => undefined, env: {}, cwd };
  return { code: await runCli(argv, io), out };
}

function write(dir: string, pairs: DatasetPair[], sources: string[], gates?: object): void {
  fs.writeFileSync(path.join(dir, 'd.qa.jsonl'), pairs.map((p) => `${pairToLine(p)}\n`).join(''));
  const manifest = {
    format_version: 1, dataset: 'd.qa.jsonl', root: '.', params: { question_types: ['factual'], difficulty: 'easy' },
    provider: 'offline', model: 'heuristic-v1', prompt_version: '1', sources: Object.fromEntries(sources.map((s) => [s, 'a'.repeat(64)])),
    stats: { status: 'completed', calls: 0, cache_hits: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, elapsed_ms: 0, pairs: 0, validated: 0, below_threshold: 0, average_quality: 0, iterations: 0 },
    ...(gates ? { quality_gates: gates } : {}),
    created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z',
  };
  fs.writeFileSync(path.join(dir, 'd.qa.manifest.json'), JSON.stringify(manifest));
}

describe('qaforge check --quality', () => {
  let dir: string;
  let base: Partial<DatasetPair>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-quality-'));
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs/k.md'), DOC);
    base = { source: fileSourceIn(DOC, 'docs/k.md', 3, 3), contexts: [CONTEXT], statements: ['The warranty of the kettle lasts two years'] };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a planted near-duplicate, an uncovered file and a German question, path:line, exit 1', async () => {
    write(dir, [
      pair({ ...base, id: 'a', question: 'How long does the warranty of the kettle last?' }),
      pair({ ...base, id: 'b', question: 'How long does the warranty of the kettle last exactly?' }),
      pair({ ...base, id: 'c', question: 'Wie lange gilt die Garantie für den Wasserkocher und ist sie auch in der EU gültig?' }),
    ], ['docs/k.md', 'docs/other.md']);
    const r = await cli(['check', 'd.qa.jsonl', '--quality'], dir);
    assert.equal(r.code, EXIT.problems);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.includes('d.qa.manifest.json:1: quality coverage: no pair draws on docs/other.md (50% of 2 source files covered, at least 100% asked)'), r.out);
    assert.ok(lines.some((l) => /^d\.qa\.jsonl:2: quality near_duplicate: question of pair b is a near-duplicate of pair a on line 1/.test(l)), r.out);
    assert.ok(lines.includes('d.qa.jsonl:3: quality language: question of pair c is in German, its source in English'), r.out);
  });

  it('passes a good dataset (exit 0), and thresholds from flags override the manifest', async () => {
    write(dir, [pair({ ...base, id: 'a', question: 'How long does the warranty of the kettle last?' })], ['docs/k.md', 'docs/other.md'], { min_coverage: 0.5 });
    const ok = await cli(['check', 'd.qa.jsonl', '--quality'], dir);
    assert.equal(ok.code, EXIT.ok, ok.out);
    assert.equal(ok.out, 'd.qa.jsonl: ok: 1 pair, sources current, quality gates passed\n');
    assert.equal((await cli(['check', 'd.qa.jsonl', '--quality', '--min-coverage', '1'], dir)).code, EXIT.problems);
  });

  it('refuses a threshold outside 0..1, naming the flag', async () => {
    write(dir, [pair(base)], ['docs/k.md']);
    const r = await cli(['check', 'd.qa.jsonl', '--quality', '--near-duplicate', '2'], dir);
    assert.equal(r.code, EXIT.usage);
  });
});
