/**
 * The dataset editor inside a real VS Code: it opens on a `.qa.jsonl` fixture, its webview draws the table
 * (read back through the editor's snapshot command, which the webview feeds after each render), and a change
 * made to the TextDocument from outside is re-sent to the webview and drawn.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { pairToLine } from '../../../src/core/dataset/canonical';
import type { DatasetPair } from '../../../src/core/dataset/types';
import type { CheckOutcome } from '../../../src/host/commands/check';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { inWorkspace, qaforge, readPairs, removeDataset, requireEndpoint } from './helpers';

const VIEW_TYPE = 'qaforge.datasetEditor';
const SNAPSHOT = 'qaforge.internal.datasetEditorSnapshot';
const INTENT = 'qaforge.internal.datasetEditorIntent';

interface Snapshot { total: number; shown: number; invalid: number; firstQuestions: string[] }

function pair(i: number): DatasetPair {
  return {
    id: `editor-fixture-${i}`,
    question: `What does section ${i} of the configuration guide say?`,
    answer: `Section ${i} explains a setting.`,
    question_type: 'factual', difficulty: 'easy', contexts: [`Section ${i}.`], statements: [],
    source: { path: 'docs/configuration.md', start_line: 1 + i, end_line: 2 + i, span_hash: i.toString(16).padStart(16, '0') },
    quality: { score: 0.5 + i / 10, criteria: { grounded: 1, complete: 1, relevant: 1, clear: 1, standalone: 1 }, feedback: 'ok' },
    status: 'draft', generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: 'v1', iteration: 0 },
  };
}

async function snapshotOf(uri: vscode.Uri, until: (s: Snapshot) => boolean, timeoutMs = 30_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: Snapshot | undefined;
  while (Date.now() < deadline) {
    last = await vscode.commands.executeCommand<Snapshot | undefined>(SNAPSHOT, uri.toString());
    if (last && until(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the dataset editor did not draw the expected table; last snapshot: ${JSON.stringify(last)}`);
}

describe('dataset editor (VS Code)', function () {
  this.timeout(90_000);
  const file = inWorkspace('tests', 'datasets', 'editor-fixture.qa.jsonl');

  before(async () => {
    await qaforge();
    fs.mkdirSync(path.dirname(file.fsPath), { recursive: true });
    const lines = [0, 1, 2, 3, 4].map((i) => pairToLine(pair(i)));
    fs.writeFileSync(file.fsPath, `${lines.join('\n')}\n{"id": "truncated", "question": "What\n`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file.fsPath, { force: true });
  });

  it('opens *.qa.jsonl in the dataset editor and draws its table and malformed line', async () => {
    await vscode.commands.executeCommand('vscode.openWith', file, VIEW_TYPE);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === VIEW_TYPE);
    assert.ok(tab, 'a custom editor tab is open');
    const snapshot = await snapshotOf(file, (s) => s.total === 5);
    assert.equal(snapshot.invalid, 1);
    assert.equal(snapshot.shown, 5);
    assert.equal(snapshot.firstQuestions[0], pair(0).question);
  });

  it('redraws when the document changes from outside the webview, and reverting restores it', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(file, document.lineAt(0).range, pairToLine({ ...pair(0), question: 'Changed from outside?' }));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const changed = await snapshotOf(file, (s) => s.firstQuestions[0] === 'Changed from outside?');
    assert.equal(changed.total, 5);
    assert.ok(document.isDirty, 'the edit made the document dirty');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await snapshotOf(file, (s) => s.firstQuestions[0] === pair(0).question);
  });

  it('turns an edit intent into a one-line document edit that undo takes back', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    const before = document.getText();
    const intent = { kind: 'notify', type: 'dataset.edit', body: { id: pair(2).id, field: 'answer', value: 'Edited <b>in</b> the table.' } };
    assert.equal(await vscode.commands.executeCommand<boolean>(INTENT, file.toString(), intent), true);
    const deadline = Date.now() + 10_000;
    while (document.getText() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const changed = document.getText().split('\n').filter((line, i) => line !== before.split('\n')[i]);
    assert.equal(changed.length, 1, 'one line changed');
    const edited = JSON.parse(changed[0]) as DatasetPair;
    assert.equal(edited.id, pair(2).id);
    assert.equal(edited.answer, 'Edited <b>in</b> the table.');
    assert.equal(edited.status, 'edited');
    assert.ok(document.isDirty);
    await snapshotOf(file, (s) => s.total === 5 && s.invalid === 1);
    // A malformed intent is refused without touching the document.
    await vscode.commands.executeCommand(INTENT, file.toString(), { kind: 'notify', type: 'dataset.edit', body: { id: pair(2).id, field: 'source', value: 'x' } });
    assert.equal(document.getText().split('\n').filter((line, i) => line !== before.split('\n')[i]).length, 1);
    await vscode.commands.executeCommand('vscode.openWith', file, VIEW_TYPE);
    await vscode.commands.executeCommand('undo');
    const undone = Date.now() + 10_000;
    while (document.getText() !== before && Date.now() < undone) await new Promise((r) => setTimeout(r, 100));
    assert.equal(document.getText(), before, 'undo restores the line');
  });

  it('regenerates stale pairs from the editor through the one regeneration path; its stale count then agrees with Check Dataset', async function () {
    requireEndpoint(this);
    this.timeout(180_000);
    const dataset = inWorkspace('tests', 'datasets', 'docs.qa.jsonl');
    const doc = inWorkspace('docs', 'configuration.md').fsPath;
    const original = fs.readFileSync(doc, 'utf8');
    removeDataset(dataset.fsPath);
    try {
      const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFolder', inWorkspace('docs'));
      assert.ok(outcome && outcome.pairs > 0);
      const target = readPairs(dataset.fsPath).find((p) => 'path' in p.source && p.source.path === 'docs/configuration.md');
      assert.ok(target && 'path' in target.source, 'a pair from configuration.md');
      const lines = original.split('\n');
      for (let i = target.source.start_line - 1; i < target.source.end_line; i++) lines[i] = lines[i].replace(/\b(\d+)\b/g, '9$1').replace(/Lumen/g, 'Lumen DB');
      // Two new lines above the pair: its old line numbers now hold other text.
      lines.splice(Math.max(0, target.source.start_line - 2), 0, 'A note added later.', '');
      const current = lines.join('\n');
      fs.writeFileSync(doc, current);
      const before = await vscode.commands.executeCommand<CheckOutcome>('qaforge.checkDataset', dataset);
      assert.ok(before.stale > 0, 'the edited span is stale');

      await vscode.commands.executeCommand('vscode.openWith', dataset, VIEW_TYPE);
      await snapshotOf(dataset, (s) => s.total === readPairs(dataset.fsPath).length);
      const document = await vscode.workspace.openTextDocument(dataset);
      const request = { kind: 'request', id: 7001, type: 'dataset.regenerate', params: { scope: 'stale', ids: [] } };
      assert.equal(await vscode.commands.executeCommand<boolean>(INTENT, dataset.toString(), request), true);
      assert.ok(document.isDirty, 'the regenerated pairs were written into the document (one undo step)');
      const regenerated = JSON.parse(document.getText().split('\n').find((l) => l.includes(`"id":"${target.id}"`)) ?? 'null') as DatasetPair | null;
      assert.ok(regenerated, 'the stale pair is still there, with its id');
      assert.notEqual(regenerated.answer + regenerated.question, target.answer + target.question, 'the stale pair changed');
      // Go to Source selects the lines the new answer comes from: its contexts are inside its range.
      assert.ok('path' in regenerated.source);
      const range = current.split('\n').slice(regenerated.source.start_line - 1, regenerated.source.end_line).join('\n');
      for (const context of regenerated.contexts) assert.ok(range.includes(context.trim()), `context ${JSON.stringify(context)} is outside lines ${regenerated.source.start_line}-${regenerated.source.end_line}`);
      assert.ok(await document.save());
      const after = await vscode.commands.executeCommand<CheckOutcome>('qaforge.checkDataset', dataset);
      assert.strictEqual(after.stale, 0, JSON.stringify(after.reports.filter((r) => r.state === 'stale')));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.writeFileSync(doc, original);
      removeDataset(dataset.fsPath);
    }
  });
});
