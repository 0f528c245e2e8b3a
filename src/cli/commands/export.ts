/** `qaforge export <file> --format F --out FILE`: writes the dataset in another tool's format. */
import * as path from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { EXPORT_FORMATS, exportDataset, type ExportFormat } from '../../core/dataset/export/index';
import { pairsOf } from '../../core/dataset/file';
import { selectPairs } from '../../core/dataset/export/select';
import { displayPath, readDataset } from '../datasetFiles';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { choiceOption, numberOption } from '../parse';
import { checkWritable } from '../generate/preflight';

interface ExportOptions {
  format: ExportFormat;
  out: string;
  includeRejected?: boolean;
  minScore?: number;
}

async function runExport(file: string, opts: ExportOptions, io: CliIo): Promise<ExitCode> {
  const abs = path.resolve(io.cwd, file);
  const entries = await readDataset(abs);
  const invalid = entries.filter((e) => e.kind === 'invalid').length;
  if (invalid) io.err(`warning: ${invalid} invalid line${invalid === 1 ? '' : 's'} left out; run \`qaforge check ${file}\` to see them\n`);
  const pairs = pairsOf(entries);
  const options = { includeRejected: opts.includeRejected, minScore: opts.minScore };
  const text = exportDataset(pairs, opts.format, options);
  if (opts.out === '-') {
    io.out(text);
    return EXIT.ok;
  }
  const out = path.resolve(io.cwd, opts.out);
  await checkWritable(out);
  await writeFileAtomic(out, text);
  const kept = selectPairs(pairs, options).length;
  io.err(`wrote ${kept} of ${pairs.length} pairs as ${opts.format} to ${displayPath(io.cwd, out)}\n`);
  return EXIT.ok;
}

/** Adds the command; `done` receives its exit code. */
export function registerExport(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('export')
    .description('write a dataset as Ragas, DeepEval, promptfoo, OpenAI evals, CSV or Axion-style data')
    .argument('<file>', 'the .qa.jsonl dataset')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, choiceOption('--format', EXPORT_FORMATS))
    .requiredOption('--out <file>', 'output file (- for standard output)')
    .option('--include-rejected', 'also export pairs a reviewer rejected')
    .option('--min-score <x>', 'leave out pairs scored below x (0..1)', numberOption('--min-score', 0, 1))
    .action(async (file: string, opts: ExportOptions) => done(await runExport(file, opts, io)));
}
