import * as assert from 'assert';
import * as vscode from 'vscode';

describe('harness', () => {
  it('runs inside a VS Code extension host with the multi-root fixture workspace open', () => {
    assert.ok(vscode.version, 'vscode.version');
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepStrictEqual(folders.map((f) => f.name), ['workspace', 'handbook']);
    assert.ok(vscode.workspace.workspaceFile?.fsPath.endsWith('.code-workspace'));
  });

  it('loads QA Forge as the extension under development', () => {
    const ext = vscode.extensions.getExtension('qaforge.qaforge');
    assert.ok(ext, 'extension qaforge.qaforge is loaded');
  });
});
