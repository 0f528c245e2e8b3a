/**
 * Reads what the user picked (folders, files, the active editor, a transcript) through the core's ingest, with
 * the workspace's include/exclude, size limit and .gitignore rules and the built-in secret excludes.
 */
import * as fs from 'fs/promises';
import * as vscode from 'vscode';
import { documentFromText, loadDocuments, sessionToDocument } from '../../core/ingest';
import { parseSessionFile } from '../../core/ingest/sessions';
import type { Session, SkippedFile, SourceDocument } from '../../core/ingest/types';
import { readFileSettings } from '../config';
import { relativePosix } from './datasetWriter';

/** Sources read from the workspace. */
export interface LoadedSources {
  folder: vscode.WorkspaceFolder;
  documents: SourceDocument[];
  sessions?: Session[];
  skipped: SkippedFile[];
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

/** Documents under the given folders/files, with the workspace's file rules. */
export async function loadDocumentSources(uris: readonly vscode.Uri[], signal?: AbortSignal): Promise<LoadedSources> {
  const folder = folderOf(uris);
  const rules = readFileSettings(folder.uri);
  const { documents, skipped } = await loadDocuments(uris.map((u) => u.fsPath), folder.uri.fsPath, {
    include: rules.include.length ? rules.include : undefined,
    exclude: rules.exclude,
    maxFileBytes: rules.maxFileBytes,
    respectGitignore: rules.respectGitignore,
    signal,
  });
  return { folder, documents, skipped };
}

/** An open document's current text (unsaved edits included) as one document. */
export function loadEditorSource(document: vscode.TextDocument): LoadedSources {
  const uri = document.uri;
  const folder = folderOf([uri]);
  const rel = relativePosix(folder.uri.fsPath, uri.fsPath);
  const format = document.languageId === 'markdown' ? 'markdown' : 'text';
  return { folder, documents: [documentFromText(rel, document.getText(), format)], skipped: [] };
}

/** Conversation sessions of a transcript file (.json, .jsonl, .md). */
export async function loadTranscriptSources(uri: vscode.Uri): Promise<LoadedSources> {
  const folder = folderOf([uri]);
  const rel = relativePosix(folder.uri.fsPath, uri.fsPath);
  const text = await fs.readFile(uri.fsPath, 'utf8');
  const sessions = parseSessionFile(rel, text);
  if (sessions.length === 0) throw new SourceError(`${rel} holds no conversation messages.`);
  return { folder, documents: sessions.map((s) => sessionToDocument(s)), sessions, skipped: [] };
}
