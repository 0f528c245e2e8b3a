/**
 * What ingest hands to the pipeline: documents with a way back to their file, and conversation sessions.
 */

/** A range of the original file (or transcript) that a piece of text came from. */
export interface SourceSpan {
  /** Character offset into the original file's decoded text (inclusive). */
  start: number;
  /** Character offset into the original file's decoded text (exclusive). */
  end: number;
  /** 1-based first line. */
  startLine: number;
  /** 1-based last line (inclusive). */
  endLine: number;
  /** 1-based page, for paged formats (pdf). */
  page?: number;
}

/** Formats the readers understand. */
export type DocumentFormat =
  | 'markdown' | 'text' | 'rst' | 'asciidoc' | 'html' | 'pdf' | 'docx' | 'notebook' | 'source-comments' | 'session';

/** A document ready for chunking. `text` is what the model sees; `locate` maps ranges of it back to the file. */
export interface SourceDocument {
  /** Path relative to the discovery root (forward slashes), or a label such as `inline-1` for given content. */
  path: string;
  format: DocumentFormat;
  /**
   * What the model sees: txt the file as is; md/rst/adoc/html their markup normalised to readable text
   * (roles, links and emphasis as their text, directives as sentences, code fenced); pdf/docx/notebooks their
   * extracted text. Never "cleaned": no character of the content is dropped or changed.
   */
  text: string;
  /** The file text `locate` offsets point into, when it differs from `text` (normalised or converted formats). */
  source?: string;
  /** sha256 (hex) of the file's bytes, or of `text` for inline content. */
  hash: string;
  /** Maps the range [start, end) of `text` back to the original file. */
  locate(start: number, end: number): SourceSpan;
  /** Problems that did not stop reading (invalid UTF-8 bytes, …). */
  warnings: string[];
  /** Set when the document was rendered from a conversation session. */
  session?: SessionRef;
}

/** One message of a conversation. */
export interface SessionMessage {
  role: string;
  content: string;
}

/** A conversation transcript. */
export interface Session {
  /** File it came from (relative path), or a label for sessions given in code. */
  file: string;
  /** Stable id within the file (given by the format, or the 0-based index as a string). */
  id: string;
  messages: SessionMessage[];
  metadata: Record<string, unknown>;
}

/** Links a document rendered from a session back to its messages. */
export interface SessionRef {
  file: string;
  sessionId: string;
  /** For each message, its [start, end) range within the rendered document text, and its speaker. */
  messageRanges: Array<{ index: number; start: number; end: number; role: string }>;
  /** The conversation's title line with its metadata (every chunk's heading path), e.g. `Conversation 'Restore fails' (topic: backups)`. */
  title?: string;
}

/** Why a path was skipped, as a closed set the UI and tests can rely on. */
export type SkipCode =
  | 'dependency-folder' | 'build-output' | 'vcs-folder' | 'secret' | 'gitignored' | 'excluded' | 'not-included'
  | 'binary' | 'too-large' | 'empty' | 'symlink-loop' | 'broken-symlink' | 'outside-root' | 'duplicate'
  | 'unsupported-format' | 'unreadable' | 'not-found';

/** Why a discovered file (or a whole folder, path ending in `/`) was not used. */
export interface SkippedFile {
  path: string;
  reason: string;
  /** The reason as a code (set by discovery and the readers). */
  code?: SkipCode;
}
