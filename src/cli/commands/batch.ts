/**
 * `qaforge batch status|cancel [--out <dataset>]`: the batch jobs a `generate --batch` run saved beside the reply
 * cache — their provider status (asked afresh when an endpoint is configured) and request counts — and cancelling
 * the ones still running (what they completed is kept by the provider; a re-run picks it up).
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { defaultCacheDir } from '../../core/llm/factory';
import { createOpenAiBatchApi, type BatchApi } from '../../core/llm/batch/api';
import { batchStateFile, loadBatchState, saveBatchState, TERMINAL_STATUSES, type BatchJobRecord } from '../../core/llm/batch/state';
import { displayPath } from '../datasetFiles';
import { CliError, EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';

interface BatchFlags {
  out?: string;
  cacheDir?: string;
  baseUrl?: string;
}

/** The state files to show: the one of --out, or every one in the folder. */
async function stateFiles(flags: BatchFlags, io: CliIo): Promise<string[]> {
  const cacheDir = flags.cacheDir ? path.resolve(io.cwd, flags.cacheDir) : defaultCacheDir();
  if (flags.out) return [batchStateFile(cacheDir, path.resolve(io.cwd, flags.out))];
  const folder = path.dirname(batchStateFile(cacheDir, 'any'));
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort().map((n) => path.join(folder, n));
}

/** The Batch API of the configured endpoint, when there is one (OPENAI_API_KEY, --base-url or OPENAI_BASE_URL). */
function apiOf(flags: BatchFlags, io: CliIo): BatchApi | undefined {
  const baseURL = flags.baseUrl || io.env.OPENAI_BASE_URL || undefined;
  const apiKey = io.env.OPENAI_API_KEY || undefined;
  if (!baseURL && !apiKey) return undefined;
  let endpoint = 'api.openai.com';
  try {
    if (baseURL) endpoint = new URL(baseURL).host;
  } catch {
    throw new CliError(`--base-url must be a URL such as http://localhost:8000/v1; got ${JSON.stringify(baseURL)}`);
  }
  return createOpenAiBatchApi({ baseURL, apiKey, endpoint });
}

function describe(job: BatchJobRecord): string {
  const counts = job.counts ?? { completed: 0, failed: 0, total: job.customIds.length };
  const failedIn = job.problems ? `, ${Object.keys(job.problems).length} without a valid reply` : '';
  return `  ${job.id || '(being created; the next run finds it)'}  ${job.status}  ${counts.completed}/${counts.total} done, ${counts.failed} failed${failedIn}  (submitted ${job.submittedAt})`;
}

async function batchCommand(action: 'status' | 'cancel', flags: BatchFlags, io: CliIo): Promise<ExitCode> {
  const api = apiOf(flags, io);
  if (action === 'cancel' && !api) throw new CliError('batch cancel needs the endpoint of the jobs: OPENAI_API_KEY, or --base-url / OPENAI_BASE_URL');
  const files = await stateFiles(flags, io);
  let shown = 0;
  for (const file of files) {
    const state = await loadBatchState(file).catch((e: Error) => { throw new CliError(e.message, EXIT.failed); });
    if (!state?.jobs.length) continue;
    shown++;
    io.out(`${displayPath(io.cwd, state.dataset)} (${state.model} at ${state.endpoint}):\n`);
    for (const job of state.jobs) {
      if (api && job.id && !TERMINAL_STATUSES.has(job.status)) {
        const info = action === 'cancel' ? await api.cancelJob(job.id) : await api.retrieveJob(job.id);
        Object.assign(job, { status: info.status, counts: info.counts ?? job.counts, outputFileId: info.outputFileId, errorFileId: info.errorFileId });
      }
      io.out(`${describe(job)}\n`);
    }
    if (api) await saveBatchState(file, state);
  }
  if (!shown) io.out(`no batch jobs saved${flags.out ? ` for ${flags.out}` : ''}\n`);
  else if (action === 'status' && !api) io.out('(saved status; set OPENAI_API_KEY or --base-url to ask the provider)\n');
  return EXIT.ok;
}

/** Adds `qaforge batch status|cancel`. */
export function registerBatch(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const batch = program.command('batch').description('show or cancel the batch jobs of generate --batch runs');
  for (const action of ['status', 'cancel'] as const) {
    batch.command(action)
      .description(action === 'status' ? 'show the saved batch jobs (of one dataset with --out) and their progress' : 'cancel the batch jobs still running (completed replies are kept)')
      .option('--out <file>', 'the dataset whose jobs to show (default: every saved batch run)')
      .option('--cache-dir <dir>', 'the response cache folder the run used (default ~/.cache/qaforge/llm)')
      .option('--base-url <url>', 'OpenAI-compatible endpoint of the jobs (or OPENAI_BASE_URL)')
      .action(async (flags: BatchFlags) => done(await batchCommand(action, flags, io)));
  }
}
