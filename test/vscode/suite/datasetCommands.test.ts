import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { CheckOutcome } from '../../../src/host/commands/check';
import type { RegenerateOutcome } from '../../../src/host/commands/regenerate';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { inWorkspace, qaforge, readPairs, removeDataset, requireEndpoint, withSetting } from './helpers';

describe('dataset commands: check, regenerate, export', function () {
  const dataset = () => inWorkspace('tests', 'datasets', 'docs.qa.jsonl');
  const doc = () => inWorkspace('docs', 'configuration.md').fsPath;
  let original = '';

  before(async function () {
    requireEndpoint(this);
    await qaforge();
    removeDataset(dataset().fsPath);
    original = fs.readFileSync(doc(), 'utf8');
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFolder', inWorkspace('docs'));
    assert.ok(outcome && outcome.pairs > 0);
  });
  after(() => {
    fs.writeFileSync(doc(), original);
    removeDataset(dataset().fsPath);
  });

  it('Check Dataset finds every pair up to date right after generation', async () => {
    const check = await vscode.commands.executeCommand<CheckOutcome>('qaforge.checkDataset', dataset());
    assert.strictEqual(check.stale, 0, JSON.stringify(check.reports.filter((r) => r.state !== 'ok')));
    assert.strictEqual(check.ok + check.moved, readPairs(dataset().fsPath).length);
  });

  it('after an edit of the docs, reports stale pairs in Problems, and Regenerate Stale Pairs refreshes only those', async () => {
    const pairs = readPairs(dataset().fsPath);
    const target = pairs.find((p) => 'path' in p.source && p.source.path === 'docs/configuration.md');
    assert.ok(target && 'path' in target.source, 'a pair from configuration.md');
    const lines = original.split('\n');
    for (let i = target.source.start_line - 1; i < target.source.end_line; i++) lines[i] = lines[i].replace(/\b(\d+)\b/g, '9$1').replace(/Lumen/g, 'Lumen DB');
    fs.writeFileSync(doc(), lines.join('\n'));

    const check = await vscode.commands.executeCommand<CheckOutcome>('qaforge.checkDataset', dataset());
    assert.ok(check.stale > 0, 'the edited span is stale');
    const problems = vscode.languages.getDiagnostics(dataset()).filter((d) => d.source === 'QA Forge');
    assert.strictEqual(problems.length, check.stale + check.moved);
    // Problems name a pair by its question (a hex id tells a reader nothing)
    const questionOf = new Map(pairs.map((p) => [p.id, p.question]));
    for (const r of check.reports.filter((x) => x.state === 'stale')) {
      const question = questionOf.get(r.id) ?? '';
      assert.ok(problems.some((d) => d.message.includes(`"${question.slice(0, 40)}`) && d.message.includes(r.id)), `no problem names "${question}"`);
    }

    // Following an entry's link opens the dataset editor at that pair's row (selected and scrolled to).
    const stale = problems.find((d) => d.severity === vscode.DiagnosticSeverity.Warning);
    assert.ok(stale && typeof stale.code === 'object' && stale.code.target.scheme === 'command', 'the entry links to a command');
    const link = stale.code.target;
    assert.strictEqual(link.path, 'qaforge.revealPair');
    const [uri, id] = JSON.parse(decodeURIComponent(link.query)) as [string, string];
    assert.ok(check.reports.some((r) => r.id === id && r.state === 'stale'));
    assert.strictEqual(await vscode.commands.executeCommand('qaforge.revealPair', uri, id), true);
    const deadline = Date.now() + 20_000;
    let snapshot: { revealed?: string } | undefined;
    while (Date.now() < deadline && snapshot?.revealed !== id) {
      snapshot = await vscode.commands.executeCommand<{ revealed?: string } | undefined>('qaforge.internal.datasetEditorSnapshot', uri);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.strictEqual(snapshot?.revealed, id, 'the editor revealed the pair\'s row');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const untouched = new Map(readPairs(dataset().fsPath).map((p) => [p.id, JSON.stringify(p)]));
    const regen = await vscode.commands.executeCommand<RegenerateOutcome>('qaforge.regenerateStale', dataset());
    assert.strictEqual(regen.selected, check.stale);
    const staleIds = new Set(check.reports.filter((r) => r.state === 'stale').map((r) => r.id));
    for (const p of readPairs(dataset().fsPath)) {
      if (!staleIds.has(p.id)) assert.strictEqual(JSON.stringify(p), untouched.get(p.id), `pair ${p.id} was not touched`);
    }
    const again = await vscode.commands.executeCommand<CheckOutcome>('qaforge.checkDataset', dataset());
    assert.strictEqual(again.stale, 0, 'regenerated pairs point at the current text');
  });

  it('Regenerate Low-Quality Pairs leaves accepted pairs alone and keeps ids', async () => {
    const restore = await withSetting('generation.validationThreshold', 1);
    try {
      const text = fs.readFileSync(dataset().fsPath, 'utf8').split('\n').filter(Boolean);
      const first = JSON.parse(text[0]);
      first.status = 'accepted';
      text[0] = JSON.stringify(first);
      fs.writeFileSync(dataset().fsPath, text.join('\n') + '\n');
      const before = readPairs(dataset().fsPath);
      const regen = await vscode.commands.executeCommand<RegenerateOutcome>('qaforge.regenerateLowQuality', dataset());
      assert.strictEqual(regen.selected, before.filter((p) => p.status === 'draft').length);
      const after = readPairs(dataset().fsPath);
      assert.deepStrictEqual(after.map((p) => p.id).sort(), before.map((p) => p.id).sort());
      assert.deepStrictEqual(after.find((p) => p.id === first.id), before.find((p) => p.id === first.id), 'the accepted pair is unchanged');
    } finally {
      await restore();
    }
  });

  it('Export Dataset… writes Ragas JSONL and CSV', async () => {
    const count = readPairs(dataset().fsPath).length;
    const ragas = inWorkspace('tests', 'datasets', 'docs.ragas.jsonl');
    const csv = inWorkspace('tests', 'datasets', 'docs.csv');
    try {
      assert.strictEqual(await vscode.commands.executeCommand('qaforge.exportDataset', dataset(), 'ragas', ragas), ragas.fsPath);
      const rows = fs.readFileSync(ragas.fsPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.strictEqual(rows.length, count);
      assert.ok(rows.every((r) => typeof r.user_input === 'string' && typeof r.reference === 'string'));
      await vscode.commands.executeCommand('qaforge.exportDataset', dataset(), 'csv', csv);
      assert.match(fs.readFileSync(csv.fsPath, 'utf8').split('\n')[0], /question/);
    } finally {
      fs.rmSync(ragas.fsPath, { force: true });
      fs.rmSync(csv.fsPath, { force: true });
    }
  });

  it('Export Dataset… takes a script\'s options: the promptfoo assertion and CSV cells written as they are', async () => {
    const promptfoo = inWorkspace('tests', 'datasets', 'docs.promptfoo.yaml');
    const csv = inWorkspace('tests', 'datasets', 'docs.raw.csv');
    const escaped = inWorkspace('tests', 'datasets', 'docs.escaped.csv');
    const text = fs.readFileSync(dataset().fsPath, 'utf8');
    try {
      // A formula-like answer: escaped by default, as it is when the script says escapeFormulas: false.
      const lines = text.split('\n').filter(Boolean);
      const first = JSON.parse(lines[0]);
      first.answer = '=SUM(A1:A3) is how the sheet totals the retries';
      lines[0] = JSON.stringify(first);
      fs.writeFileSync(dataset().fsPath, lines.join('\n') + '\n');

      await vscode.commands.executeCommand('qaforge.exportDataset', dataset(), 'promptfoo', promptfoo, { assert: 'factuality' });
      const yaml = fs.readFileSync(promptfoo.fsPath, 'utf8');
      assert.match(yaml, /type: factuality/);
      assert.doesNotMatch(yaml, /rouge-n/, 'the default assertion was replaced by the one asked for');

      await vscode.commands.executeCommand('qaforge.exportDataset', dataset(), 'csv', csv, { escapeFormulas: false });
      await vscode.commands.executeCommand('qaforge.exportDataset', dataset(), 'csv', escaped);
      assert.ok(fs.readFileSync(csv.fsPath, 'utf8').includes(',=SUM(A1:A3) is how'), 'the cell is written as it is');
      assert.ok(fs.readFileSync(escaped.fsPath, 'utf8').includes(",'=SUM(A1:A3) is how"), 'without options the cell is escaped');
    } finally {
      fs.writeFileSync(dataset().fsPath, text);
      for (const f of [promptfoo, csv, escaped]) fs.rmSync(f.fsPath, { force: true });
    }
  });
});
