import * as assert from 'assert';
import * as vscode from 'vscode';

describe('harness', () => {
  it('runs inside a VS Code extension host with the fixture workspace open', () => {
    assert.ok(vscode.version, 'vscode.version');
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1);
    assert.ok(folders[0].uri.fsPath.endsWith('workspace'), folders[0].uri.fsPath);
  });

  it('loads QA Forge as the extension under development', () => {
    const ext = vscode.extensions.getExtension('qaforge.qaforge');
    assert.ok(ext, 'extension qaforge.qaforge is loaded');
  });
});
