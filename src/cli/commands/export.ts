/** `qaforge export <file> --format F --out FILE`: writes the dataset in another tool's format (one file, or several). */
import * as path from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import {
  datasetNameOf, EXPORT_FORMATS, exportFiles, mayReplace, PROMPTFOO_ASSERTIONS, writesCompanions,
  type ExportFormat, type ExportOptions as CoreExportOptions, type PromptfooAssertion,
} from '../../core/dataset/export/index';
import { pairsOf } from '../../core/dataset/file';
import { selectPairs } from '../../core/dataset/export/select';
import { displayPath, readDataset, readIfExists, readManifest } from '../datasetFiles';
import { CliError, EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { choiceOption, numberOption } from '../parse';
import { checkWritable } from '../generate/preflight';

interface ExportOptions {
  format: ExportFormat;
  out: string;
  includeRejected?: boolean;
  minScore?: number;
  assert?: PromptfooAssertion;
  /** False with --no-escape-formulas. */
  escapeFormulas: boolean;
  name?: string;
}

function checkFlags(opts: ExportOptions): void {
  if (opts.assert !== undefined && opts.format !== 'promptfoo') throw new CliError(`--assert applies to --format promptfoo only; got --format ${opts.format}`);
  if (!opts.escapeFormulas && opts.format !== 'csv') throw new CliError(`--no-escape-formulas applies to --format csv only; got --format ${opts.format}`);
  if (opts.out === '-' && writesCompanions(opts.format)) {
    throw new CliError(`--format ${opts.format} writes more than one file, so it cannot go to standard output; give --out a file name`);
  }
}

async function runExport(file: string, opts: ExportOptions, io: CliIo): Promise<ExitCode> {
  checkFlags(opts);
  const abs = path.resolve(io.cwd, file);
  const entries = await readDataset(abs);
  const invalid = entries.filter((e) => e.kind === 'invalid').length;
  if (invalid) io.err(`warning: ${invalid} invalid line${invalid === 1 ? '' : 's'} left out; run \`qaforge check ${file}\` to see them\n`);
  const { manifest, problems, file: manifestFile } = await readManifest(abs);
  if (problems) io.err(`warning: ${displayPath(io.cwd, manifestFile)} is invalid (${problems.join('; ')}); exporting without its facts\n`);
  const pairs = pairsOf(entries);
  const options: CoreExportOptions = {
    includeRejected: opts.includeRejected, minScore: opts.minScore, assert: opts.assert,
    escapeFormulas: opts.escapeFormulas, name: opts.name ?? datasetNameOf(path.basename(abs)), manifest,
  };
  if (opts.out === '-') {
    const files = exportFiles(pairs, opts.format, options, `stdout.${opts.format}`);
    if (files.length > 1) {
      throw new CliError(`--format ${opts.format} writes the multi-turn pairs to a second file, so it cannot go to standard output; give --out a file name`);
    }
    io.out(files[0].text);
    return EXIT.ok;
  }
  const out = path.resolve(io.cwd, opts.out);
  await checkWritable(out);
  const files = exportFiles(pairs, opts.format, options, path.basename(out)).map((f, i) => ({ ...f, path: i === 0 ? out : path.join(path.dirname(out), f.name) }));
  for (const f of files.slice(1)) {
    const existing = await readIfExists(f.path);
    if (existing !== undefined && !mayReplace(f, existing)) {
      throw new CliError(`--format ${opts.format} writes ${displayPath(io.cwd, f.path)}, which exists and was not written by qaforge; give --out a file in another folder`);
    }
  }
  for (const f of files) await writeFileAtomic(f.path, f.text);
  const kept = selectPairs(pairs, options).length;
  const beside = files.slice(1).map((f) => displayPath(io.cwd, f.path));
  io.err(`wrote ${kept} of ${pairs.length} pairs as ${opts.format} to ${displayPath(io.cwd, out)}${beside.length ? `, and ${beside.join(', ')} beside it (${files.length} files)` : ''}\n`);
  return EXIT.ok;
}

/** Adds the command; `done` receives its exit code. */
export function registerExport(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('export')
    .description('write a dataset for Ragas, DeepEval, promptfoo, OpenAI evals, CSV, Axion, Hugging Face, LangSmith, Langfuse, Phoenix or MLflow')
    .argument('<file>', 'the .qa.jsonl dataset')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, choiceOption('--format', EXPORT_FORMATS))
    .requiredOption('--out <file>', 'output file (- for standard output, for the formats that write one file)')
    .option('--include-rejected', 'also export pairs a reviewer rejected and drafts the validator dropped')
    .option('--min-score <x>', 'leave out pairs scored below x (0..1)', numberOption('--min-score', 0, 1))
    .option('--assert <type>', `promptfoo: the assertion of each test, one of ${PROMPTFOO_ASSERTIONS.join(', ')} (default rouge-n, which needs no model)`, choiceOption('--assert', PROMPTFOO_ASSERTIONS))
    .option('--no-escape-formulas', 'csv: write cells starting with = + - @ as they are (by default they get a leading \' so spreadsheets do not run them)')
    .option('--name <name>', 'the dataset name the formats record (default: the file name without .qa.jsonl)')
    .action(async (file: string, opts: ExportOptions) => done(await runExport(file, opts, io)));
}
