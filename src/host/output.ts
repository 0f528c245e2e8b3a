/**
 * Where a dataset goes: `qaforge.outputFolder` when set; otherwise next to the project's tests — an existing
 * `test/`, `tests/`, `__tests__/` or `spec/` folder gets `datasets/<name>.qa.jsonl` — else `evals/datasets/`.
 */
import * as path from 'path';
import * as vscode from 'vscode';

/** Test folder names, in the order they are preferred when several exist. */
export const TEST_FOLDERS: readonly string[] = ['tests', 'test', '__tests__', 'spec'];

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.Directory;
  } catch {
    return false;
  }
}

/** The folder datasets of `folder` go to by default. */
export async function defaultDatasetFolder(folder: vscode.WorkspaceFolder, configured?: string): Promise<vscode.Uri> {
  if (configured) return path.isAbsolute(configured) ? vscode.Uri.file(configured) : vscode.Uri.joinPath(folder.uri, configured);
  for (const name of TEST_FOLDERS) {
    const candidate = vscode.Uri.joinPath(folder.uri, name);
    if (await isDirectory(candidate)) return vscode.Uri.joinPath(candidate, 'datasets');
  }
  return vscode.Uri.joinPath(folder.uri, 'evals', 'datasets');
}

/**
 * A dataset name from what the user picked: the folder or file name without extension (`docs` →
 * `docs.qa.jsonl`), `workspace` for a workspace root, made safe for a file name.
 */
export function datasetNameFor(source: vscode.Uri, folder: vscode.WorkspaceFolder): string {
  const rel = path.relative(folder.uri.fsPath, source.fsPath);
  const base = rel === '' ? folder.name || 'workspace' : path.basename(source.fsPath).replace(/\.[^.]+$/, '');
  const safe = base.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '');
  return safe || 'dataset';
}

/** The default dataset file for a source. */
export async function defaultDatasetUri(source: vscode.Uri, folder: vscode.WorkspaceFolder, configured?: string): Promise<vscode.Uri> {
  const dir = await defaultDatasetFolder(folder, configured);
  return vscode.Uri.joinPath(dir, `${datasetNameFor(source, folder)}.qa.jsonl`);
}
