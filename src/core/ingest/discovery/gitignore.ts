/**
 * .gitignore rules at every level (the `ignore` package): the files from the repository top down to the
 * discovery root, `.git/info/exclude`, and each walked folder's own .gitignore. Deeper files take precedence,
 * as in git.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface Level {
  /** Absolute folder the rules are relative to. */
  base: string;
  rules: Ignore;
}

/** An immutable stack of gitignore levels; `enter` returns the stack for a subfolder. */
export class GitignoreStack {
  private constructor(private readonly levels: readonly Level[]) {}

  /** Rules that apply above `root`: .gitignore files between the repository top and root, and info/exclude. */
  static async forRoot(root: string): Promise<GitignoreStack> {
    const levels: Level[] = [];
    const top = await findRepositoryTop(root);
    if (top) {
      const exclude = await readIfExists(path.join(top, '.git', 'info', 'exclude'));
      if (exclude) levels.push({ base: top, rules: ignore().add(exclude) });
      const chain: string[] = [];
      for (let dir = path.dirname(root); isWithin(top, dir); dir = path.dirname(dir)) {
        chain.unshift(dir);
        if (dir === top) break;
      }
      for (const dir of chain) {
        const text = await readIfExists(path.join(dir, '.gitignore'));
        if (text) levels.push({ base: dir, rules: ignore().add(text) });
      }
    }
    return new GitignoreStack(levels);
  }

  /** The stack inside folder `dir` (adds its .gitignore, if any). */
  async enter(dir: string): Promise<GitignoreStack> {
    const text = await readIfExists(path.join(dir, '.gitignore'));
    return text ? new GitignoreStack([...this.levels, { base: dir, rules: ignore().add(text) }]) : this;
  }

  /** Whether the absolute path is ignored (the deepest level with a matching rule decides). */
  ignores(absPath: string, isDir: boolean): boolean {
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const { base, rules } = this.levels[i];
      const rel = path.relative(base, absPath).split(path.sep).join('/');
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const result = rules.test(isDir ? `${rel}/` : rel);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }
}

async function findRepositoryTop(start: string): Promise<string | undefined> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      await fs.stat(path.join(dir, '.git'));
      return dir;
    } catch {
      // keep looking upwards
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
