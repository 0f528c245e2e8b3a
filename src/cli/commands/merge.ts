/** `qaforge merge a.qa.jsonl b.qa.jsonl … --out docs.qa.jsonl`: shard files (and their manifests) into one canonical dataset. */
import * as path from 'node:path';
import type { Command } from 'commander';
import { UnusableDatasetError } from '../../core/usecases/generateDataset';
import { mergeShardFiles, ShardFileError } from '../../core/usecases/mergeShards';
import { displayPath } from '../datasetFiles';
import { CliError, EXIT, type ExitCode } from '../errors';
import { checkWritable } from '../generate/preflight';
import type { CliIo } from '../io';
import { mergeCounts } from '../../core/dataset/merge';

interface MergeFlags {
  out: string;
  replaceReviewed?: boolean;
}

async function runMerge(files: string[], flags: MergeFlags, io: CliIo): Promise<ExitCode> {
  if (!flags.out.endsWith('.jsonl')) throw new CliError(`--out must name a .qa.jsonl file; got ${JSON.stringify(flags.out)}`);
  const inputs = files.map((f) => path.resolve(io.cwd, f));
  const wrong = files.find((f) => !f.endsWith('.jsonl'));
  if (wrong !== undefined) throw new CliError(`${wrong} is not a .qa.jsonl shard file; give the files qaforge generate --shard wrote`);
  const out = path.resolve(io.cwd, flags.out);
  await checkWritable(out);
  let merged;
  try {
    merged = await mergeShardFiles({ inputs, out, replaceReviewed: flags.replaceReviewed, log: (line) => io.err(`warning: ${line}\n`) });
  } catch (e) {
    if (e instanceof ShardFileError) throw new CliError(e.message);
    if (e instanceof UnusableDatasetError) throw new CliError(`${flags.out} exists and has no valid dataset line; choose another --out (or fix it: qaforge check shows why)`, EXIT.failed);
    throw e;
  }
  const { merge } = merged;
  const fileCount = new Set(inputs).size;
  io.out(`${displayPath(io.cwd, out)}: ${merged.pairsInFile} pairs from ${fileCount} file${fileCount === 1 ? '' : 's'} (${mergeCounts(merge)})`
    + `${merged.manifestPath ? `; manifest ${displayPath(io.cwd, merged.manifestPath)}` : ''}\n`);
  return EXIT.ok;
}

/** Adds the command; `done` receives its exit code. */
export function registerMerge(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('merge')
    .description('merge shard files of generate --shard (and their manifests) into one canonical dataset; order-independent, safe to run again')
    .argument('<files...>', 'the .qa.jsonl files to merge (their .qa.manifest.json beside them are merged too)')
    .requiredOption('--out <file>', 'the merged dataset, e.g. tests/datasets/docs.qa.jsonl (merged into when it exists: reviewed pairs there are kept)')
    .option('--replace-reviewed', 'let the shards\' versions replace pairs a person accepted or edited in --out')
    .addHelpText('after', `
Example (a CI matrix of 4 shards, then one merge job):
  qaforge generate docs --num-pairs 200 --shard 1/4 --out shards/docs-1.qa.jsonl   (… 4/4)
  qaforge merge shards/docs-*.qa.jsonl --out tests/datasets/docs.qa.jsonl`)
    .action(async (files: string[], flags: MergeFlags) => done(await runMerge(files, flags, io)));
}
