/**
 * Doc comments of source files (opt-in): JSDoc/TSDoc-style block comments, `///` and `//!` line comments
 * (Rust, C#, Swift) and Python docstrings. The comment markers are dropped; every character of the text is
 * copied from the file, so provenance is exact. Comments are separated by blank lines.
 */
import type { SourceDocument } from '../types';
import { MappedTextBuilder } from './mapped';

/** Comment styles by file extension. */
export type CommentStyle = 'block' | 'slashes' | 'block-and-slashes' | 'python';

const STYLE_BY_EXTENSION: Readonly<Record<string, CommentStyle>> = {
  '.ts': 'block', '.tsx': 'block', '.mts': 'block', '.cts': 'block', '.js': 'block', '.jsx': 'block',
  '.mjs': 'block', '.cjs': 'block', '.java': 'block', '.kt': 'block', '.kts': 'block', '.scala': 'block',
  '.php': 'block', '.c': 'block', '.h': 'block', '.cpp': 'block', '.hpp': 'block', '.cc': 'block',
  '.rs': 'slashes', '.cs': 'block-and-slashes', '.swift': 'block-and-slashes', '.py': 'python', '.pyi': 'python',
};

/** The comment style for a file extension (with dot, lower case), or undefined for other files. */
export function commentStyleFor(extension: string): CommentStyle | undefined {
  return STYLE_BY_EXTENSION[extension];
}

/** Extensions (with dot) whose doc comments can be read. */
export function commentExtensions(): string[] {
  return Object.keys(STYLE_BY_EXTENSION);
}

/** A comment's content lines, as [start, end) ranges of the source. */
type CommentLines = Array<{ start: number; end: number }>;

/** Reads the doc comments of a source file; the document text is empty when there are none. */
export function commentsDocument(path: string, source: string, style: CommentStyle, hash: string, warnings: string[]): SourceDocument {
  const comments: Array<{ at: number; lines: CommentLines }> = [];
  if (style === 'block' || style === 'block-and-slashes') comments.push(...blockComments(source));
  if (style === 'slashes' || style === 'block-and-slashes') comments.push(...slashComments(source));
  if (style === 'python') comments.push(...docstrings(source));
  comments.sort((a, b) => a.at - b.at);
  const out = new MappedTextBuilder(source);
  for (const comment of comments) {
    const lines = trimBlankLines(source, comment.lines);
    if (lines.length === 0) continue;
    if (out.size > 0) out.emit('\n\n', comment.at, comment.at);
    lines.forEach((line, i) => {
      if (i > 0) out.emit('\n', lines[i - 1].end, line.start);
      out.copy(line.start, line.end);
    });
  }
  return out.build(path, 'source-comments', hash, warnings);
}

function blockComments(source: string): Array<{ at: number; lines: CommentLines }> {
  const found: Array<{ at: number; lines: CommentLines }> = [];
  const re = /\/\*\*(?![*/])([\s\S]*?)\*\//g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const bodyStart = m.index + 3;
    const bodyEnd = m.index + m[0].length - 2;
    const lines: CommentLines = [];
    for (const [s, e] of lineRanges(source, bodyStart, bodyEnd)) {
      let i = s;
      while (i < e && (source[i] === ' ' || source[i] === '\t')) i++;
      if (source[i] === '*') {
        i++;
        if (source[i] === ' ') i++;
      }
      let j = e;
      while (j > i && /\s/.test(source[j - 1])) j--;
      lines.push({ start: i, end: j });
    }
    found.push({ at: m.index, lines });
  }
  return found;
}

function slashComments(source: string): Array<{ at: number; lines: CommentLines }> {
  const found: Array<{ at: number; lines: CommentLines }> = [];
  let current: { at: number; lines: CommentLines } | undefined;
  for (const [s, e] of lineRanges(source, 0, source.length)) {
    const m = /^[ \t]*\/\/[/!](?!\/)[ ]?/.exec(source.slice(s, e));
    if (!m) {
      if (current) found.push(current);
      current = undefined;
      continue;
    }
    let j = e;
    while (j > s + m[0].length && /\s/.test(source[j - 1])) j--;
    current ??= { at: s, lines: [] };
    current.lines.push({ start: s + m[0].length, end: j });
  }
  if (current) found.push(current);
  return found;
}

/** Triple-quoted strings that open a module, a class or a function body. */
function docstrings(source: string): Array<{ at: number; lines: CommentLines }> {
  const found: Array<{ at: number; lines: CommentLines }> = [];
  const re = /^([ \t]*)[rRuU]?("""|''')/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const open = m.index + m[0].length;
    const close = source.indexOf(m[2], open);
    if (close === -1) break;
    re.lastIndex = close + 3;
    if (!opensABody(source, m.index)) continue;
    const lines: CommentLines = [];
    for (const [s, e] of lineRanges(source, open, close)) {
      let i = s;
      while (i < e && (source[i] === ' ' || source[i] === '\t')) i++;
      let j = e;
      while (j > i && /\s/.test(source[j - 1])) j--;
      lines.push({ start: i, end: j });
    }
    found.push({ at: m.index, lines });
  }
  return found;
}

/** The previous code line ends a def/class header (':'), or there is no code before (module docstring). */
function opensABody(source: string, lineStart: number): boolean {
  const window = Math.max(0, lineStart - 4000);
  const before = source.slice(window, lineStart).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (before.length === 0) return window === 0;
  const last = before[before.length - 1];
  return last.endsWith(':') && before.slice(-6).some((l) => /^(async\s+def|def|class)\b/.test(l));
}

function* lineRanges(source: string, start: number, end: number): Generator<[number, number]> {
  let s = start;
  while (s <= end) {
    const nl = source.indexOf('\n', s);
    const e = nl === -1 || nl > end ? end : nl;
    yield [s, e];
    if (e >= end) return;
    s = e + 1;
  }
}

function trimBlankLines(source: string, lines: CommentLines): CommentLines {
  let a = 0;
  let b = lines.length;
  const blank = (l: { start: number; end: number }): boolean => source.slice(l.start, l.end).trim() === '';
  while (a < b && blank(lines[a])) a++;
  while (b > a && blank(lines[b - 1])) b--;
  return lines.slice(a, b);
}
