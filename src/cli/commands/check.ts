/**
 * `qaforge check <file>`: validates the dataset and its manifest and finds stale pairs. Exit 1 with one
 * `path:line: message` line per problem; otherwise exit 0 and one summary line. `--fix` writes moved pairs' new
 * line numbers back (atomically). `--quality` adds the quality gates (core/quality), each finding a problem.
 */
import * as path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { qualityReport } from '../../core/quality/report';
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
  quality?: boolean;
  nearDuplicate?: number;
  distributionTolerance?: number;
  minCoverage?: number;
}

/** A threshold flag: a number in 0..1, else a message naming the flag. */
function share(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${flag} must be a number from 0 to 1 (got ${JSON.stringify(value)})`);
    return n;
  };
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

  if (opts.quality) {
    const report = qualityReport(pairEntries, manifest, {
      nearDuplicate: opts.nearDuplicate, distributionTolerance: opts.distributionTolerance, minCoverage: opts.minCoverage,
    });
    for (const f of report.findings) {
      // Findings about the whole dataset (coverage, distribution) point at the manifest, whose data they compare with.
      const where = f.line ? `${shown}:${f.line}` : `${manifestShown}:1`;
      problems.push(`${where}: quality ${f.gate}: ${f.message}`);
    }
  }

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
  const qualityNote = opts.quality ? ', quality gates passed' : '';
  io.out(`${shown}: ok: ${pairEntries.length} pair${pairEntries.length === 1 ? '' : 's'}, sources current${qualityNote}${movedNote}\n`);
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
    .option('--quality', 'also run the quality gates: coverage, distribution, near-duplicates, language, multi-hop, quotes')
    .option('--near-duplicate <similarity>', 'questions at least this similar (0..1) are near-duplicates (default: manifest, else 0.8)', share('--near-duplicate'))
    .option('--distribution-tolerance <share>', 'largest gap (0..1) between a kind/type/difficulty share and the asked share (default: manifest, else 0.1)', share('--distribution-tolerance'))
    .option('--min-coverage <share>', 'smallest share (0..1) of source files with a pair (default: manifest, else 1)', share('--min-coverage'))
    .action(async (file: string, opts: CheckOptions) => done(await check(file, opts, io)));
}
