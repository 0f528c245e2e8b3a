/** `qaforge generate`: documents and transcripts → a reviewed-style dataset file, merged into what exists. */
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { createLlm, defaultCacheDir } from '../../core/llm/factory';
import { batchStateFile } from '../../core/llm/batch/state';
import { createFileBatchApi } from '../../core/llm/batch/fileApi';
import { batchProgressPrinter } from '../generate/batch';
import { BATCH_CONCURRENCY } from '../../core/usecases/batchRun';
import { isLocalEndpoint, type ModelPrice } from '../../core/llm/prices';
import { PAIR_KINDS, QUERY_LENGTHS, QUERY_STYLES } from '../../core/domain/kinds';
import { DEFAULT_CONCURRENCY } from '../../core/pipeline/run';
import { displayPath } from '../datasetFiles';
import { CliError, EXIT, type ExitCode } from '../errors';
import { exitCodeOf, runGenerate } from '../generate/job';
import { paramsOfFlags, type ParamFlags } from '../generate/params';
import { chooseProvider, DEFAULT_OPENAI_MODEL, type CliProvider, type ProviderChoice } from '../generate/provider';
import { DEFAULT_AZURE_API_VERSION } from '../../core/llm/defaults';
import type { CliIo } from '../io';
import { AZURE_KEY_ENV, azureFlagGiven, type AzureFlags } from '../azure';
import { choiceOption, collect, intOption, jsonObjectOption, listOption, numberOption, priceOption, sharesOption } from '../parse';
import { formatKindCounts, formatUsage } from '../progress';
import { mergeCounts } from '../../core/dataset/merge';
import { InvalidShardError, parseShard, type Shard } from '../../core/usecases/shard';

/** `--shard i/n`, refused with the rule when it is not. */
function shardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (e) {
    if (e instanceof InvalidShardError) throw new CliError(e.message);
    throw e;
  }
}

interface GenerateFlags extends AzureFlags, ParamFlags {
  sessions?: string[];
  out: string;
  provider?: CliProvider;
  baseUrl?: string;
  model?: string;
  concurrency?: number;
  budget?: number;
  price?: ModelPrice;
  timeout?: number;
  embeddingModel?: string;
  cacheDir?: string;
  cache: boolean;
  root?: string;
  include?: string[];
  exclude?: string[];
  replaceReviewed?: boolean;
  validatedOnly?: boolean;
  batch?: boolean;
  batchFile?: string;
  batchPrice?: ModelPrice;
  batchPoll?: number;
  shard?: Shard;
}

async function generate(paths: string[], flags: GenerateFlags, io: CliIo, verbose: boolean): Promise<ExitCode> {
  if (!paths.length && !flags.sessions?.length) throw new CliError('give at least one folder or file to read, or --sessions <file>');
  if (!flags.out.endsWith('.jsonl')) throw new CliError(`--out must name a .qa.jsonl file; got ${JSON.stringify(flags.out)}`);
  const params = paramsOfFlags(flags);
  const batchDir = flags.batchFile ? path.resolve(io.cwd, flags.batchFile) : undefined;
  if (batchDir) flags.batch = true;
  const choice = batchDir ? batchFileChoice(flags, io) : chooseProvider(flags, io.env, io.cwd);
  const log = (line: string): void => io.err(`${line}\n`);
  if (choice.notice) log(`notice: ${choice.notice}`);
  if (flags.budget !== undefined && !flags.price && (choice.provider === 'offline' || isLocalEndpoint(choice.baseURL))) {
    log(`notice: --budget has no effect: ${choice.provider === 'offline' ? 'the offline engine' : 'a local endpoint'} costs $0 (give --price IN,OUT to count its tokens)`);
  }
  const root = path.resolve(io.cwd, flags.root ?? '.');
  const out = path.resolve(io.cwd, flags.out);
  if (flags.batch && choice.provider === 'offline') {
    throw new CliError('--batch needs an endpoint with a Batch API (OPENAI_API_KEY or --base-url; for Azure OpenAI, --provider azure-openai); the offline engine has none');
  }
  if (flags.batch && choice.cacheDir === null) throw new CliError('--batch needs the reply cache (a re-run resumes from it); drop --no-cache');
  const batchModel = choice.model ?? '';
  const llm = createLlm({
    provider: choice.provider, baseURL: choice.baseURL, apiKey: choice.apiKey, model: choice.model, azure: choice.azure,
    prices: flags.price && choice.model ? { [choice.model]: flags.price } : undefined,
    concurrency: flags.concurrency, cacheDir: choice.cacheDir, budgetUsd: flags.budget,
    timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
    embeddingModel: choice.provider === 'offline' ? undefined : flags.embeddingModel || io.env.QAFORGE_EMBEDDING_MODEL || undefined,
    log: verbose ? log : undefined,
    batch: flags.batch ? {
      stateFile: batchStateFile(choice.cacheDir ?? defaultCacheDir(), out), dataset: out,
      prices: flags.batchPrice ? { [batchModel]: flags.batchPrice } : undefined,
      pollMs: flags.batchPoll === undefined ? undefined : flags.batchPoll * 1000,
      onProgress: batchProgressPrinter(log),
      ...(batchDir ? { api: createFileBatchApi(batchDir), endpoint: choice.baseURL ? undefined : 'batch-file' } : {}),
    } : undefined,
  });
  const outcome = await runGenerate({
    paths: paths.map((p) => path.resolve(io.cwd, p)),
    sessionFiles: (flags.sessions ?? []).map((p) => path.resolve(io.cwd, p)),
    // in batch mode a stage's calls are all queued together, so the pool must not hold them back
    out, root, params, llm, concurrency: flags.batch ? BATCH_CONCURRENCY : flags.concurrency,
    // a batch run splits its stages as a live run at the given concurrency would, so their replies share the cache
    ...(flags.batch ? { splitCalls: flags.concurrency ?? DEFAULT_CONCURRENCY } : {}), batchJobIds: llm.batchJobs,
    ingest: { include: flags.include, exclude: flags.exclude },
    estimate: choice.provider === 'offline' ? undefined : {
      name: llm.model, prices: flags.price ? { [llm.model]: flags.price } : undefined, free: isLocalEndpoint(choice.baseURL) && !flags.price,
      batch: flags.batch ? { prices: flags.batchPrice ? { [llm.model]: flags.batchPrice } : undefined } : undefined,
      concurrency: flags.concurrency ?? DEFAULT_CONCURRENCY,
    },
    replaceReviewed: flags.replaceReviewed ?? false, validatedOnly: flags.validatedOnly ?? false, verbose, signal: io.signal, log,
    shard: flags.shard,
  });
  if (!outcome) return EXIT.ok;
  const { result, merge, total } = outcome;
  const shown = displayPath(io.cwd, out);
  const quality = result.qaPairs.length ? `, average quality ${result.averageQuality.toFixed(2)}` : '';
  const stopped = result.status === 'completed' ? '' : ` — run ${result.status}, pairs produced so far were kept`;
  io.out(`${shown}: ${total} pairs (${mergeCounts(merge)}); `
    + `this run: ${result.validatedQaPairs.length} validated, ${result.rejectedQaPairs.length} below threshold`
    + `${formatKindCounts(result.validatedQaPairs, result.rejectedQaPairs)}${quality}; `
    + `${formatUsage(result.usage)}, ${(result.elapsedMs / 1000).toFixed(1)}s${stopped}\n`);
  // each problem said here: some (a shortfall of questions, a missing verdict) had no warning line while the run went
  if (result.errors.length) {
    const shown = result.errors.slice(0, MAX_LISTED_PROBLEMS).map((e) => `${e.node}: ${e.message}`).join('; ');
    const more = result.errors.length > MAX_LISTED_PROBLEMS ? `; and ${result.errors.length - MAX_LISTED_PROBLEMS} more` : '';
    log(`warning: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'} during the run — ${shown}${more}`);
  }
  return exitCodeOf(result);
}

/** Problems of a run the closing warning lists one by one. */
const MAX_LISTED_PROBLEMS = 3;

/** The model of a --batch-file run: no endpoint is needed (an engine reads the folder), only the model's name. */
function batchFileChoice(flags: GenerateFlags, io: CliIo): ProviderChoice {
  const model = flags.model || io.env.QAFORGE_MODEL || undefined;
  if (!model) throw new CliError('--batch-file needs --model (or QAFORGE_MODEL): the model name written into each request for the engine that runs the file');
  if (flags.provider === 'offline') throw new CliError('--batch-file writes requests for a model; it does not go with --provider offline');
  if (flags.provider === 'azure-openai' || azureFlagGiven(flags)) {
    throw new CliError('--batch-file writes OpenAI-format request files for an engine such as vLLM run_batch, not Azure jobs; for Azure OpenAI global batch use --batch with --provider azure-openai');
  }
  const cacheDir = !flags.cache ? null : flags.cacheDir ? path.resolve(io.cwd, flags.cacheDir) : undefined;
  return { provider: 'openai', model, baseURL: flags.baseUrl || io.env.OPENAI_BASE_URL || undefined, apiKey: io.env.OPENAI_API_KEY || undefined, cacheDir };
}

/** The key never comes from a flag: shell history and process lists would keep it. */
function refuseKeyFlag(): never {
  throw new CliError(`the API key is read from the environment only — OPENAI_API_KEY, or ${AZURE_KEY_ENV} for Azure — never from a flag (it would be kept in shell history)`);
}

/** Adds the command; `done` receives its exit code. */
export function registerGenerate(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('generate')
    .description('generate question/answer pairs from documents and transcripts into a .qa.jsonl dataset')
    .argument('[paths...]', 'folders or files to read (md, txt, rst, adoc, html, pdf, docx, ipynb)')
    .option('--sessions <file>', 'a transcript file (JSON/JSONL messages or a markdown chat); repeatable', collect)
    .requiredOption('--out <file>', 'the dataset file to write or merge into, e.g. tests/datasets/docs.qa.jsonl')
    .option('--num-pairs <n>', 'pairs to generate in total (default 1)', intOption('--num-pairs', 1, 10000))
    .option('--question-types <list>', 'comma-separated question types (default factual,conceptual,application,analysis)', listOption('--question-types'))
    .option('--difficulty <level>', 'easy, medium or hard (default medium)', choiceOption('--difficulty', ['easy', 'medium', 'hard']))
    .option('--answer-length <length>', 'short, medium or long (default medium)', choiceOption('--answer-length', ['short', 'medium', 'long']))
    .option('--splitter <type>', 'sentence or semantic (default semantic)', choiceOption('--splitter', ['sentence', 'semantic']))
    .option('--chunk-size <tokens>', 'maximum chunk size in tokens (default 4000)', intOption('--chunk-size', 64, 200000))
    .option('--statements-per-chunk <n>', 'statements extracted per chunk (default 5)', intOption('--statements-per-chunk', 1, 100))
    .option('--threshold <x>', 'validation threshold 0..1 (default 0.7)', numberOption('--threshold', 0, 1))
    .option('--max-iterations <n>', 'enhancement iterations for pairs below the threshold (default 3)', intOption('--max-iterations', 0, 20))
    .option('--breakpoint-percentile <p>', 'semantic splitter breakpoint percentile 0..100 (default 95)', numberOption('--breakpoint-percentile', 0, 100))
    .option('--guidelines <text>', 'custom guidelines for the questions')
    .option('--example-question <text>', 'an example question to imitate')
    .option('--example-answer <text>', 'an example answer to imitate')
    .option('--dimensions <json>', 'JSON {"features","persona","scenarios"} to steer questions', jsonObjectOption('--dimensions'))
    .option('--kinds <shares>', `the share of each kind of pair, e.g. single_hop=0.6,multi_hop=0.3,unanswerable=0.1 (of ${PAIR_KINDS.join(', ')}; scaled to sum 1; default all single_hop)`,
      sharesOption('--kinds', 'kind', PAIR_KINDS))
    .option('--query-styles <shares>', `the share of questions worded in each style, e.g. perfect_grammar=0.5,web_search=0.5 (of ${QUERY_STYLES.join(', ')}; default: no style asked)`,
      sharesOption('--query-styles', 'query style', QUERY_STYLES))
    .option('--query-lengths <shares>', `the share of questions of each length, e.g. short=0.3,medium=0.5,long=0.2 (of ${QUERY_LENGTHS.join(', ')}; default: no length asked)`,
      sharesOption('--query-lengths', 'query length', QUERY_LENGTHS))
    .option('--provider <name>', 'openai, azure-openai or offline (default: see "Provider" below)',
      choiceOption('--provider', ['openai', 'azure-openai', 'offline'] as const))
    .option('--base-url <url>', 'OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (or OPENAI_BASE_URL)')
    .option('--model <name>', `model name at the endpoint (or QAFORGE_MODEL; default ${DEFAULT_OPENAI_MODEL} for api.openai.com; not with Azure, where the deployment is the model)`)
    .option('--azure-endpoint <url>', 'Azure OpenAI resource endpoint, e.g. https://my-resource.openai.azure.com (or AZURE_OPENAI_ENDPOINT)')
    .option('--azure-deployment <name>', 'Azure OpenAI chat deployment; it names the model in prices and the manifest (or AZURE_OPENAI_DEPLOYMENT)')
    .option('--azure-api-version <v>', `Azure OpenAI API version (or OPENAI_API_VERSION; default ${DEFAULT_AZURE_API_VERSION})`)
    .option('--azure-batch-deployment <name>', 'the Azure global batch deployment --batch lines go to (default: --azure-deployment)')
    .option('--embedding-model <name>', 'embedding model at the endpoint (for Azure: its deployment) for the semantic splitter (or QAFORGE_EMBEDDING_MODEL; default: none, lexical similarity)')
    .option('--concurrency <n>', 'model calls in flight at once (default 4)', intOption('--concurrency', 1, 64))
    .option('--timeout <seconds>', 'give up on a model call after this long and retry it (default 120)', intOption('--timeout', 1, 3600))
    .option('--budget <usd>', 'stop when the estimated cost reaches this many US dollars; pairs so far are kept', numberOption('--budget', 0))
    .option('--price <in,out>', 'the model\'s price in USD per million input and output tokens, e.g. 0.15,0.6 (default: the built-in table for OpenAI models, and for an Azure deployment named like one; local endpoints are free)', priceOption('--price'))
    .option('--batch', 'run the model calls as Batch API jobs (OpenAI, or Azure OpenAI global batch; half price, within 24 h); run the same command again to resume after Ctrl+C or a crash')
    .option('--batch-file <dir>', 'batch mode for an engine that runs OpenAI-format batch JSONL files (vLLM run_batch; not Azure): write each job as <dir>/<job>.jsonl and wait for <dir>/<job>.output.jsonl; run again to resume')
    .option('--batch-price <in,out>', 'the batch price in USD per million input and output tokens (default: half the live price)', priceOption('--batch-price'))
    .option('--batch-poll <seconds>', 'how often to ask the provider about a batch job (default 30)', numberOption('--batch-poll', 0.01, 3600))
    .option('--shard <i/n>', 'process only part i of n of the source files (a stable hash of each path), with its share of --num-pairs; combine the n files with qaforge merge', shardOption)
    .option('--cache-dir <dir>', 'response cache folder (default ~/.cache/qaforge/llm)')
    .option('--no-cache', 'do not read or write the response cache')
    .option('--root <dir>', 'workspace root; source paths in the dataset are relative to it (default: current folder)')
    .option('--include <glob>', 'only files matching this glob (relative to the root); repeatable', collect)
    .option('--exclude <glob>', 'skip files matching this glob; repeatable', collect)
    .option('--replace-reviewed', 'let regenerated pairs replace pairs a person accepted or edited')
    .option('--validated-only', 'write only pairs at or above the threshold (default: also those below it, as drafts with their critique)')
    .addOption(new Option('--api-key <key>').hideHelp().argParser(refuseKeyFlag))
    .addOption(new Option('--azure-api-key <key>').hideHelp().argParser(refuseKeyFlag))
    .addHelpText('after', `
Provider, when --provider is not given (the first row that applies):
  an --azure-* flag        azure-openai (with --base-url too: refused, choose with --provider)
  --base-url               openai
  OPENAI_BASE_URL or OPENAI_API_KEY   openai (a notice says so when AZURE_OPENAI_ENDPOINT is set too)
  AZURE_OPENAI_ENDPOINT    azure-openai
  nothing                  offline, with a notice

Environment:
  OPENAI_API_KEY           OpenAI API key (the only way to give one)
  OPENAI_BASE_URL          OpenAI-compatible endpoint, when --base-url is not given
  QAFORGE_MODEL            model name, when --model is not given
  QAFORGE_EMBEDDING_MODEL  embedding model, when --embedding-model is not given
  AZURE_OPENAI_API_KEY     Azure OpenAI API key (the only way to give one; OPENAI_API_KEY is not sent to Azure)
  AZURE_OPENAI_ENDPOINT    Azure resource endpoint, when --azure-endpoint is not given
  AZURE_OPENAI_DEPLOYMENT  Azure chat deployment, when --azure-deployment is not given
  OPENAI_API_VERSION       Azure API version, when --azure-api-version is not given

Examples:
  qaforge generate docs --num-pairs 20 --out tests/datasets/docs.qa.jsonl
  qaforge generate docs --num-pairs 200 --shard 2/4 --out shards/docs-2.qa.jsonl   (then: qaforge merge shards/*.qa.jsonl --out tests/datasets/docs.qa.jsonl)
  qaforge generate --sessions chats/support.jsonl --base-url http://localhost:11434/v1 --model llama3.1 --out tests/datasets/chats.qa.jsonl
  AZURE_OPENAI_API_KEY=… qaforge generate docs --azure-endpoint https://my-resource.openai.azure.com --azure-deployment gpt-4o-mini --batch --azure-batch-deployment gpt-4o-mini-batch --out tests/datasets/docs.qa.jsonl`)
    .action(async (paths: string[], flags: GenerateFlags, command: Command) => {
      const verbose = Boolean(command.optsWithGlobals().verbose);
      done(await generate(paths, flags, io, verbose));
    });
}
