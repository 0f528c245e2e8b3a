/**
 * Reading what the user picked, without the VS Code API (so a unit test runs the extension's own reading):
 * documents through the core's ingest with the workspace's file rules, transcripts through the core's session
 * reader. Transcript files in a multi-selection become sessions beside the documents.
 */
import * as path from 'path';
import { loadDocuments } from '../../core/ingest';
import type { Session, SkippedFile, SourceDocument } from '../../core/ingest/types';
import { loadSessionFiles, relativePosix, SessionFileError } from '../../core/usecases/sessionFiles';

/** The workspace's file rules (`qaforge.files.*`). */
export interface FileRules {
  include: string[];
  exclude: string[];
  maxFileBytes: number;
  respectGitignore: boolean;
}

/** Sources of a run, paths relative to the folder they were read from. */
export interface ReadSources {
  documents: SourceDocument[];
  sessions: Session[];
  skipped: SkippedFile[];
}

/** Extensions read as transcripts when picked among documents (`.md` stays a document). */
const TRANSCRIPT_EXTENSIONS = new Set(['.json', '.jsonl']);

/** True for a picked file that is read as a transcript, not a document. */
export function isTranscriptFile(file: string): boolean {
  return TRANSCRIPT_EXTENSIONS.has(path.extname(file).toLowerCase()) && !file.endsWith('.qa.jsonl');
}

/** Documents under `paths` (absolute) relative to `root`; picked transcript files are read as sessions (skipped when they are none). */
export async function readDocumentSources(paths: readonly string[], root: string, rules: FileRules, signal?: AbortSignal): Promise<ReadSources> {
  const transcripts = paths.filter(isTranscriptFile);
  const rest = paths.filter((p) => !isTranscriptFile(p));
  const { documents, skipped } = rest.length
    ? await loadDocuments([...rest], root, {
      include: rules.include.length ? rules.include : undefined,
      exclude: rules.exclude,
      maxFileBytes: rules.maxFileBytes,
      respectGitignore: rules.respectGitignore,
      signal,
    })
    : { documents: [], skipped: [] };
  const sessions: Session[] = [];
  for (const file of transcripts) {
    // A picked .json that is no transcript (package.json…) is skipped like any unsupported file, not an error.
    try {
      sessions.push(...await loadSessionFiles([file], root));
    } catch (e) {
      if (!(e instanceof SessionFileError)) throw e;
      skipped.push({ path: relativePosix(root, file), reason: `not a transcript: ${e.message}`, code: 'unsupported-format' });
    }
  }
  return { documents, sessions, skipped };
}

/** The sessions of transcript files (absolute) relative to `root`. */
export async function readTranscriptSources(files: readonly string[], root: string): Promise<ReadSources> {
  return { documents: [], sessions: await loadSessionFiles(files, root), skipped: [] };
}
