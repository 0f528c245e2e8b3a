/**
 * `qaforge batch status|cancel [--out <dataset>]`: the batch jobs a `generate --batch` run saved beside the reply
 * cache — their provider status (asked afresh when the run's endpoint, OpenAI-compatible or Azure OpenAI, is
 * configured) and request counts — and cancelling the ones still running (what they completed is kept by the
 * provider; a re-run picks it up).
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { defaultCacheDir } from '../../core/llm/factory';
import { batchStateFile, loadBatchState, saveBatchState, TERMINAL_STATUSES, type BatchJobRecord } from '../../core/llm/batch/state';
import { displayPath } from '../datasetFiles';
import { CliError, EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { batchEndpoints, HOW_TO_REACH, type BatchEndpointFlags } from '../batchEndpoints';
import { DEFAULT_AZURE_API_VERSION } from '../../core/llm/defaults';

interface BatchFlags extends BatchEndpointFlags {
  out?: string;
  cacheDir?: string;
}

/** The state files to show: the one of --out, or every one in the folder. */
async function stateFiles(flags: BatchFlags, io: CliIo): Promise<string[]> {
  const cacheDir = flags.cacheDir ? path.resolve(io.cwd, flags.cacheDir) : defaultCacheDir();
  if (flags.out) return [batchStateFile(cacheDir, path.resolve(io.cwd, flags.out))];
  const folder = path.dirname(batchStateFile(cacheDir, 'any'));
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort().map((n) => path.join(folder, n));
}

function describe(job: BatchJobRecord): string {
  const counts = job.counts ?? { completed: 0, failed: 0, total: job.customIds.length };
  const failedIn = job.problems ? `, ${Object.keys(job.problems).length} without a valid reply` : '';
  return `  ${job.id || '(being created; the next run finds it)'}  ${job.status}  ${counts.completed}/${counts.total} done, ${counts.failed} failed${failedIn}  (submitted ${job.submittedAt})`;
}

async function batchCommand(action: 'status' | 'cancel', flags: BatchFlags, io: CliIo): Promise<ExitCode> {
  const endpoints = batchEndpoints(flags, io.env);
  if (action === 'cancel' && !endpoints.length) throw new CliError(`batch cancel needs the endpoint of the jobs: ${HOW_TO_REACH}`);
  const files = await stateFiles(flags, io);
  let shown = 0;
  let unreached = 0;
  for (const file of files) {
    const state = await loadBatchState(file).catch((e: Error) => { throw new CliError(e.message, EXIT.failed); });
    if (!state?.jobs.length) continue;
    shown++;
    io.out(`${displayPath(io.cwd, state.dataset)} (${state.model} at ${state.endpoint}):\n`);
    const api = endpoints.find((e) => e.serves(state.endpoint))?.api;
    for (const job of state.jobs) {
      if (api && job.id && !TERMINAL_STATUSES.has(job.status)) {
        const info = action === 'cancel' ? await api.cancelJob(job.id) : await api.retrieveJob(job.id);
        Object.assign(job, { status: info.status, counts: info.counts ?? job.counts, outputFileId: info.outputFileId, errorFileId: info.errorFileId });
      }
      io.out(`${describe(job)}\n`);
    }
    if (api) await saveBatchState(file, state);
    else if (endpoints.length && state.jobs.some((j) => !TERMINAL_STATUSES.has(j.status))) {
      unreached++;
      io.out(`  (saved status: ${state.endpoint} is not the endpoint configured here, so it was not asked${action === 'cancel' ? ' and nothing was cancelled' : ''})\n`);
    }
  }
  if (!shown) io.out(`no batch jobs saved${flags.out ? ` for ${flags.out}` : ''}\n`);
  else if (action === 'status' && !endpoints.length) io.out(`(saved status; to ask the provider, set ${HOW_TO_REACH})\n`);
  if (action === 'cancel' && unreached) {
    throw new CliError(`${unreached} saved run${unreached === 1 ? ' has' : 's have'} jobs in flight at an endpoint not configured here; give its endpoint (${HOW_TO_REACH}) to cancel them`, EXIT.failed);
  }
  return EXIT.ok;
}

const ENDPOINT_HELP = `
Each saved run is asked at the endpoint it was submitted to, when that endpoint is configured: an OpenAI-compatible
endpoint (OPENAI_API_KEY, --base-url or OPENAI_BASE_URL) or an Azure OpenAI resource (--azure-endpoint or
AZURE_OPENAI_ENDPOINT, with AZURE_OPENAI_API_KEY); both may be set. The other runs show their saved status.`;

/** Adds `qaforge batch status|cancel`. */
export function registerBatch(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const batch = program.command('batch').description('show or cancel the batch jobs of generate --batch runs').addHelpText('after', ENDPOINT_HELP);
  for (const action of ['status', 'cancel'] as const) {
    batch.command(action)
      .description(action === 'status' ? 'show the saved batch jobs (of one dataset with --out) and their progress' : 'cancel the batch jobs still running (completed replies are kept)')
      .option('--out <file>', 'the dataset whose jobs to show (default: every saved batch run)')
      .option('--cache-dir <dir>', 'the response cache folder the run used (default ~/.cache/qaforge/llm)')
      .option('--base-url <url>', 'OpenAI-compatible endpoint of the jobs (or OPENAI_BASE_URL; the key from OPENAI_API_KEY)')
      .option('--azure-endpoint <url>', 'Azure OpenAI resource endpoint of the jobs (or AZURE_OPENAI_ENDPOINT; the key from AZURE_OPENAI_API_KEY)')
      .option('--azure-api-version <v>', `Azure OpenAI API version (or OPENAI_API_VERSION; default ${DEFAULT_AZURE_API_VERSION})`)
      .addHelpText('after', ENDPOINT_HELP)
      .action(async (flags: BatchFlags) => done(await batchCommand(action, flags, io)));
  }
}
