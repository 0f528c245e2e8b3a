/**
 * `qaforge check <file>`: validates the dataset and its manifest and finds stale pairs. Exit 1 with one
 * `path:line: message` line per problem; otherwise exit 0 and one summary line. `--fix` writes moved pairs' new
 * line numbers back (atomically).
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { serializeDataset } from '../../core/dataset/file';
import { applyMoves, checkStaleness } from '../../core/dataset/staleness';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import type { DatasetEntry } from '../../core/dataset/types';
import { parseSessionFile } from '../../core/ingest/sessions/index';
import { displayPath, readDataset, readManifest } from '../datasetFiles';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { sourceReader } from '../../core/dataset/sources';

interface CheckOptions {
  root?: string;
  fix?: boolean;
}

async function check(file: string, opts: CheckOptions, io: CliIo): Promise<ExitCode> {
  const abs = path.resolve(io.cwd, file);
  const shown = displayPath(io.cwd, abs);
  const problems: string[] = [];
  const notes: string[] = [];
  const entries = await readDataset(abs);
  for (const e of entries) if (e.kind === 'invalid') problems.push(`${shown}:${e.line}: invalid: ${e.error}`);

  const { file: manifestFile, manifest, problems: manifestProblems } = await readManifest(abs);
  const manifestShown = displayPath(io.cwd, manifestFile);
  for (const p of manifestProblems ?? []) problems.push(`${manifestShown}:1: invalid manifest: ${p}`);
  if (!manifest && !manifestProblems) notes.push(`note: no manifest ${manifestShown}; source paths are read relative to ${opts.root ? 'the --root folder' : 'the current folder'}`);

  const root = opts.root
    ? path.resolve(io.cwd, opts.root)
    : manifest ? path.resolve(path.dirname(manifestFile), manifest.root) : io.cwd;
  const pairEntries = entries.filter((e): e is Extract<DatasetEntry, { kind: 'pair' }> => e.kind === 'pair');
  const reports = await checkStaleness(pairEntries.map((e) => e.pair), sourceReader(root), { parseSessions: parseSessionFile });
  let moved = 0;
  reports.forEach((r, i) => {
    const where = `${shown}:${pairEntries[i].line}`;
    if (r.state === 'stale') {
      problems.push(`${where}: stale: ${r.reason} (pair ${r.id})`);
    } else if (r.state === 'moved') {
      moved++;
      notes.push(`${where}: moved: ${r.reason} (pair ${r.id})`);
    }
  });

  if (opts.fix && moved > 0) {
    const fixed = applyMoves(pairEntries.map((e) => e.pair), reports);
    const byId = new Map(fixed.map((p) => [p.id, p]));
    const updated = entries.map((e) => (e.kind === 'pair' ? { ...e, pair: byId.get(e.pair.id) ?? e.pair } : e));
    await writeFileAtomic(abs, serializeDataset(updated));
    notes.push(`updated the line numbers of ${moved} moved pair${moved === 1 ? '' : 's'} in ${shown}`);
  }
  for (const n of notes) io.err(`${n}\n`);
  if (problems.length) {
    for (const p of problems) io.out(`${p}\n`);
    return EXIT.problems;
  }
  const movedNote = moved && !opts.fix ? `, ${moved} moved (run with --fix to update their line numbers)` : '';
  io.out(`${shown}: ok: ${pairEntries.length} pair${pairEntries.length === 1 ? '' : 's'}, sources current${movedNote}\n`);
  return EXIT.ok;
}

/** Adds the command; `done` receives its exit code. */
export function registerCheck(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('check')
    .description('validate a dataset and its manifest and report stale pairs (exit 1 when any)')
    .argument('<file>', 'the .qa.jsonl dataset')
    .option('--root <dir>', 'folder the source paths are relative to (default: the manifest\'s root, else the current folder)')
    .option('--fix', 'write the new line numbers of moved pairs back into the file')
    .action(async (file: string, opts: CheckOptions) => done(await check(file, opts, io)));
}
