/**
 * Reads what the user picked (folders, files, the active editor, a transcript) through the core's ingest, with
 * the workspace's include/exclude, size limit and .gitignore rules and the built-in secret excludes.
 */
import * as vscode from 'vscode';
import { documentFromText } from '../../core/ingest';
import { SessionFileError, relativePosix } from '../../core/usecases/sessionFiles';
import { readFileSettings } from '../config';
import { readDocumentSources, readTranscriptSources, type ReadSources } from './sourceFiles';

/** Sources read from the workspace, with the folder their paths are relative to. */
export interface LoadedSources extends ReadSources {
  folder: vscode.WorkspaceFolder;
}

/** A problem the user must fix before a run (shown as is). */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** The one workspace folder holding every uri; a run reads from one folder so its paths are unambiguous. */
export function folderOf(uris: readonly vscode.Uri[]): vscode.WorkspaceFolder {
  const folders = new Set<vscode.WorkspaceFolder>();
  for (const uri of uris) {
    if (uri.scheme !== 'file') throw new SourceError(`${uri.toString()} is not a file on disk; save it in the workspace first (QA Forge reads local files only).`);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) throw new SourceError(`${uri.fsPath} is not inside an open workspace folder. Open its folder (File → Open Folder) and try again.`);
    folders.add(folder);
  }
  if (folders.size !== 1) throw new SourceError('The selection spans several workspace folders; select files from one folder per dataset.');
  return [...folders][0];
}

/** A transcript that cannot be read or parsed, as a message for the user. */
async function asSourceError<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof SessionFileError) throw new SourceError(e.message);
    throw e;
  }
}

/** Documents under the given folders/files, with the workspace's file rules; picked transcript files become sessions. */
export async function loadDocumentSources(uris: readonly vscode.Uri[], signal?: AbortSignal): Promise<LoadedSources> {
  const folder = folderOf(uris);
  const read = await asSourceError(() => readDocumentSources(uris.map((u) => u.fsPath), folder.uri.fsPath, readFileSettings(folder.uri), signal));
  return { folder, ...read };
}

/** An open document's current text (unsaved edits included) as one document. */
export function loadEditorSource(document: vscode.TextDocument): LoadedSources {
  const uri = document.uri;
  const folder = folderOf([uri]);
  const rel = relativePosix(folder.uri.fsPath, uri.fsPath);
  const format = document.languageId === 'markdown' ? 'markdown' : 'text';
  return { folder, documents: [documentFromText(rel, document.getText(), format)], sessions: [], skipped: [] };
}

/** Conversation sessions of a transcript file (.json, .jsonl, .md). */
export async function loadTranscriptSources(uri: vscode.Uri): Promise<LoadedSources> {
  const folder = folderOf([uri]);
  const read = await asSourceError(() => readTranscriptSources([uri.fsPath], folder.uri.fsPath));
  if (read.sessions.length === 0) throw new SourceError(`${relativePosix(folder.uri.fsPath, uri.fsPath)} holds no conversation messages.`);
  return { folder, ...read };
}
