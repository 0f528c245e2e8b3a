/**
 * Discovery: a streaming walk of folders (or explicit files) applying the default excludes, .gitignore rules,
 * include/exclude globs, the size limit and symlink safety. Yields each candidate file or skipped path as soon
 * as it is found; only one folder's listing is held at a time.
 */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { SkippedFile } from '../types';
import { GitignoreStack } from './gitignore';
import { defaultFolderVerdict, secretVerdict, type SkipVerdict } from './rules';

/** Default per-file size limit: 5 MB. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Options of discovery (a subset of IngestOptions). */
export interface DiscoveryOptions {
  /** Globs (relative to root) a file must match one of, when given. */
  include?: string[];
  /** Globs (relative to root) of files and folders to leave out. */
  exclude?: string[];
  maxFileBytes?: number;
  /** Apply .gitignore files (default true). */
  respectGitignore?: boolean;
  signal?: AbortSignal;
}

/** A file discovery found, or a path it skipped. */
export type DiscoveredItem =
  | { kind: 'file'; path: string; absPath: string; size: number }
  | { kind: 'skipped'; file: SkippedFile };

interface WalkState {
  root: string;
  realRoot: string;
  maxFileBytes: number;
  respectGitignore: boolean;
  isIncluded?: (p: string) => boolean;
  isExcluded?: (p: string) => boolean;
  /** dev:ino of every folder and file already seen, to survive symlink loops and duplicates. */
  seen: Map<string, string>;
  signal?: AbortSignal;
}

/**
 * Walks `paths` (absolute, or relative to `root`) and yields files and skipped paths.
 * Paths in results are relative to `root`, with forward slashes; skipped folders end with `/`.
 */
export async function* discoverFiles(paths: string[], root: string, options: DiscoveryOptions = {}): AsyncGenerator<DiscoveredItem> {
  const absRoot = path.resolve(root);
  const state: WalkState = {
    root: absRoot,
    realRoot: await fs.realpath(absRoot).catch(() => absRoot),
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    respectGitignore: options.respectGitignore ?? true,
    isIncluded: options.include?.length ? picomatch(options.include, { dot: true }) : undefined,
    isExcluded: options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined,
    seen: new Map(),
    signal: options.signal,
  };
  const baseIgnores = state.respectGitignore ? await GitignoreStack.forRoot(absRoot) : undefined;
  for (const given of paths.length ? paths : [absRoot]) {
    const abs = path.resolve(absRoot, given);
    const rel = relativePath(state, abs);
    let stats: Stats;
    try {
      stats = await fs.stat(abs);
    } catch (error) {
      yield skipped(rel, { code: 'not-found', reason: `cannot open: ${errorCode(error)}; check the path` });
      continue;
    }
    if (stats.isDirectory()) {
      if (!markSeen(state, stats, rel)) {
        yield skipped(`${rel}/`, { code: 'duplicate', reason: `already walked as ${state.seen.get(identity(stats))}/` });
        continue;
      }
      let ignores = baseIgnores;
      if (ignores) for (const dir of ancestorsBetween(absRoot, abs)) ignores = await ignores.enter(dir);
      yield* walkFolder(state, abs, ignores);
    } else if (stats.isFile()) {
      // An explicitly named file is the user's choice: only the safety rules (secrets, size, exclude) apply.
      const verdict = secretVerdict(path.basename(abs)) ?? globVerdict(state, rel, false, false);
      if (verdict) yield skipped(rel, verdict);
      else if (markSeen(state, stats, rel)) yield* fileOrTooLarge(state, abs, rel, stats);
      else yield skipped(rel, { code: 'duplicate', reason: `already read as ${state.seen.get(identity(stats))}` });
    } else {
      yield skipped(rel, { code: 'unsupported-format', reason: 'not a regular file or folder' });
    }
  }
}

async function* walkFolder(state: WalkState, dir: string, parentIgnores: GitignoreStack | undefined): AsyncGenerator<DiscoveredItem> {
  state.signal?.throwIfAborted();
  const ignores = parentIgnores ? await parentIgnores.enter(dir) : undefined;
  let entries: string[];
  try {
    // Real entries before symbolic links, so a file and its alias in one folder are read under the real name.
    const listing = await fs.readdir(dir, { withFileTypes: true });
    const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    entries = [
      ...listing.filter((e) => !e.isSymbolicLink()).sort(byName),
      ...listing.filter((e) => e.isSymbolicLink()).sort(byName),
    ].map((e) => e.name);
  } catch (error) {
    yield skipped(`${relativePath(state, dir)}/`, { code: 'unreadable', reason: `cannot list folder: ${errorCode(error)}` });
    return;
  }
  for (const name of entries) {
    const abs = path.join(dir, name);
    const rel = relativePath(state, abs);
    let lstats: Stats;
    let stats: Stats;
    try {
      lstats = await fs.lstat(abs);
      stats = lstats.isSymbolicLink() ? await fs.stat(abs) : lstats;
    } catch (error) {
      const code = errorCode(error);
      yield skipped(rel, code === 'ELOOP'
        ? { code: 'symlink-loop', reason: 'symbolic link loop' }
        : { code: 'broken-symlink', reason: `symbolic link target cannot be opened (${code})` });
      continue;
    }
    const isDir = stats.isDirectory();
    const shown = isDir ? `${rel}/` : rel;
    const verdict =
      (isDir ? defaultFolderVerdict(name) : secretVerdict(name)) ??
      (ignores?.ignores(abs, isDir) ? { code: 'gitignored', reason: 'matched by a .gitignore rule' } as const : undefined) ??
      globVerdict(state, rel, isDir, true);
    if (verdict) {
      yield skipped(shown, verdict);
      continue;
    }
    if (lstats.isSymbolicLink()) {
      const real = await fs.realpath(abs).catch(() => abs);
      if (!isWithin(state.realRoot, real)) {
        yield skipped(shown, { code: 'outside-root', reason: 'symbolic link points outside the root folder' });
        continue;
      }
    }
    if (!markSeen(state, stats, rel)) {
      const first = state.seen.get(identity(stats));
      yield skipped(shown, isDir
        ? { code: 'symlink-loop', reason: `folder already walked as ${first}/ (symbolic link loop or alias)` }
        : { code: 'duplicate', reason: `same file as ${first} (symbolic link)` });
      continue;
    }
    if (isDir) yield* walkFolder(state, abs, ignores);
    else if (stats.isFile()) yield* fileOrTooLarge(state, abs, rel, stats);
    else yield skipped(rel, { code: 'unsupported-format', reason: 'not a regular file (socket, device or pipe)' });
  }
}

function* fileOrTooLarge(state: WalkState, abs: string, rel: string, stats: Stats): Generator<DiscoveredItem> {
  if (stats.size > state.maxFileBytes) {
    yield skipped(rel, {
      code: 'too-large',
      reason: `${formatBytes(stats.size)} is over the ${formatBytes(state.maxFileBytes)} per-file limit; raise maxFileBytes to include it`,
    });
  } else {
    yield { kind: 'file', path: rel, absPath: abs, size: stats.size };
  }
}

function globVerdict(state: WalkState, rel: string, isDir: boolean, applyInclude: boolean): SkipVerdict | undefined {
  if (state.isExcluded?.(rel) || (isDir && state.isExcluded?.(`${rel}/`))) return { code: 'excluded', reason: 'matched an exclude pattern' };
  if (applyInclude && !isDir && state.isIncluded && !state.isIncluded(rel)) return { code: 'not-included', reason: 'matches none of the include patterns' };
  return undefined;
}

/** Records a folder or file as seen; false when it was seen before. */
function markSeen(state: WalkState, stats: Stats, rel: string): boolean {
  const id = identity(stats);
  if (state.seen.has(id)) return false;
  state.seen.set(id, rel);
  return true;
}

function identity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`;
}

function skipped(p: string, verdict: SkipVerdict): DiscoveredItem {
  return { kind: 'skipped', file: { path: p, reason: verdict.reason, code: verdict.code } };
}

function relativePath(state: WalkState, abs: string): string {
  const rel = path.relative(state.root, abs).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

function ancestorsBetween(root: string, dir: string): string[] {
  const out: string[] = [];
  for (let d = path.dirname(dir); isWithin(root, d) && d !== root; d = path.dirname(d)) out.unshift(d);
  if (dir !== root && isWithin(root, dir)) out.unshift(root);
  return out;
}

function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}

/** "5 MB", "812 KB", "17 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}
