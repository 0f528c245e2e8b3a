/**
 * BatchLlm: an LLM port that runs chat calls as provider batch jobs. Every request the pipeline issues is queued;
 * when no new request has come for a moment (a stage has issued all its calls — in batch mode the pipeline's pool
 * does not hold them back) the queue becomes one job, or several within the provider's limits. Jobs are polled
 * with progress; replies are matched by `custom_id` (the request's reply-cache key, so the same work always has
 * the same id) and validated like live replies. An error line, a missing line (expired or cancelled job) or an
 * invalid reply goes into the next job, up to `maxAttempts` jobs per request, then fails like a live call.
 * The job list is saved (state.ts) as it changes: a request whose id is in a saved job attaches to that job —
 * in flight or finished — instead of being submitted again.
 * Before the first upload the preflight (preflight.ts) stops a run with a bad key or an unknown model; with a
 * budget, the jobs of a stage are submitted one after the other and the budget is checked before each, on what the
 * jobs before it really cost (a live run checks before each call; a batch run cannot know a job's cost sooner).
 */
import type { LlmPort, StructuredReply, StructuredRequest } from '../port';
import { isFatalLlmError } from '../port';
import { abortError, InvalidReplyError, isAbortError } from '../errors';
import { chatCacheKey, type CacheIdentity } from '../cache';
import { chatCompletionBody } from '../openaiTransport';
import { interpretReply } from '../replyParsing';
import type { BatchApi } from './api';
import type { BatchPreflight } from './preflight';
import { followJob, jobOutcomes, type BatchProgress } from './jobFollower';

export type { BatchProgress } from './jobFollower';
import { OPENAI_BATCH_LIMITS, requestLine, splitIntoFiles, type BatchLimits, type LineOutcome } from './lines';
import { loadBatchState, saveBatchState, type BatchJobRecord, type BatchRunState } from './state';

/** Options of {@link BatchLlm}. */
export interface BatchLlmOptions {
  api: BatchApi;
  /** What the reply cache keys requests by: custom ids are those keys. */
  identity: CacheIdentity;
  /** The model name sent in each line's body (Azure: the global batch deployment). */
  model: string;
  /** The endpoint wants max_completion_tokens (OpenAI, Azure). */
  modernLimits: boolean;
  /** Where the run's job list is saved. */
  stateFile: string;
  /** The dataset the run writes (recorded in the state for `qaforge batch status`). */
  dataset: string;
  /** Time between polls of a job (default 30 s). */
  pollMs?: number;
  /** How long the queue waits for more requests before it becomes a job (default 500 ms). */
  quietMs?: number;
  /** Jobs a request may go through before it fails (default 3). */
  maxAttempts?: number;
  limits?: BatchLimits;
  onProgress?: (progress: BatchProgress) => void;
  log?: (line: string) => void;
  /** Checked once, before the first upload (bad key, unknown model); a FatalLlmError from it fails every request. */
  preflight?: BatchPreflight;
  /**
   * Called before each job is submitted; throws (BudgetExceededError) to submit no more. When given, the jobs of a
   * stage go one after the other, so it sees what the earlier ones cost.
   */
  beforeJob?: () => void;
  /** Embeddings stay live calls (they are no chat calls); passed through when given. */
  embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;
}

interface Resolver {
  resolve: (reply: StructuredReply<unknown>) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
}

/** A request waiting for its reply, with everyone who asked for it. */
interface Waiting {
  customId: string;
  request: StructuredRequest;
  resolvers: Resolver[];
}

/** A job this process follows. */
interface FollowedJob {
  record: BatchJobRecord;
  waiting: Map<string, Waiting>;
  wake?: () => void;
  /** Settles when this process stops following the job (its replies delivered or its followers released). */
  done?: Promise<void>;
}

/** The port; see the module comment. */
export class BatchLlm implements LlmPort {
  readonly provider: string;
  readonly model: string;
  readonly embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;
  private readonly queue = new Map<string, Waiting>();
  private readonly followed = new Map<string, FollowedJob>();
  private state?: Promise<BatchRunState>;
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly watched = new WeakSet<AbortSignal>();
  private preflightDone?: Promise<void>;
  private saving: Promise<void> = Promise.resolve();
  /** Ids of the jobs this process submitted or attached to, in order. */
  readonly jobIds: string[] = [];

  constructor(private readonly options: BatchLlmOptions) {
    this.provider = options.identity.provider;
    this.model = options.identity.model;
    this.embed = options.embed;
  }

  chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
    if (request.signal?.aborted) return Promise.reject(abortError(request.signal));
    const customId = chatCacheKey(this.options.identity, request);
    return new Promise<StructuredReply<T>>((resolve, reject) => {
      const resolver: Resolver = { resolve: resolve as Resolver['resolve'], reject, signal: request.signal };
      const waiting = this.queue.get(customId) ?? this.followedWaiting(customId);
      if (waiting) waiting.resolvers.push(resolver);
      else this.queue.set(customId, { customId, request, resolvers: [resolver] });
      this.watch(request.signal);
      this.scheduleFlush();
    });
  }

  /** One listener per signal (a stage's thousands of requests share the run's): on abort, its callers stop waiting. */
  private watch(signal: AbortSignal | undefined): void {
    if (!signal || this.watched.has(signal)) return;
    this.watched.add(signal);
    signal.addEventListener('abort', () => this.drop(signal), { once: true });
  }

  private followedWaiting(customId: string): Waiting | undefined {
    for (const job of this.followed.values()) {
      const waiting = job.waiting.get(customId);
      if (waiting) return waiting;
    }
    return undefined;
  }

  /** Callers of an aborted signal stop waiting; a job nobody waits for any more is no longer polled (it runs on at the provider). */
  private drop(signal: AbortSignal): void {
    const release = (all: Map<string, Waiting>) => {
      for (const [id, waiting] of all) {
        for (const r of waiting.resolvers) if (r.signal === signal) r.reject(abortError(signal));
        waiting.resolvers = waiting.resolvers.filter((r) => r.signal !== signal);
        if (!waiting.resolvers.length) all.delete(id);
      }
    };
    release(this.queue);
    for (const job of this.followed.values()) {
      release(job.waiting);
      if (job.waiting.size === 0) job.wake?.();
    }
  }

  private scheduleFlush(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush()).catch((error: unknown) => this.options.log?.(`batch: ${(error as Error).message}`));
    }, this.options.quietMs ?? 500);
  }

  private loadState(): Promise<BatchRunState> {
    const { identity, dataset, stateFile } = this.options;
    this.state ??= loadBatchState(stateFile).then((saved) => {
      if (saved && (saved.endpoint !== identity.endpoint || saved.model !== identity.model)) {
        this.options.log?.(`batch: the saved jobs in ${stateFile} are for ${saved.endpoint} ${saved.model}; starting a new job list`);
        return undefined;
      }
      return saved;
    }).then((saved) => saved ?? { v: 1, dataset, endpoint: identity.endpoint, model: identity.model, jobs: [] });
    return this.state;
  }

  /**
   * Saves the job list. One save at a time, each writing the state as it is when it starts: two writes in flight
   * could otherwise land in the wrong order and leave an older list on disk.
   */
  private save(): Promise<void> {
    const next = this.saving.then(async () => saveBatchState(this.options.stateFile, await this.loadState()));
    this.saving = next.catch(() => undefined);
    return next;
  }

  /** Turns the queue into jobs: attaches ids already in a saved job, submits the rest. */
  private async flush(): Promise<void> {
    const queued = [...this.queue.values()].filter((w) => w.resolvers.length > 0);
    this.queue.clear();
    if (!queued.length) return;
    let state: BatchRunState;
    try {
      state = await this.loadState();
    } catch (error) {
      for (const w of queued) this.settle(w, error);
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 3;
    const fresh: Waiting[] = [];
    for (const waiting of queued) {
      const jobs = state.jobs.filter((j) => j.customIds.includes(waiting.customId));
      const latest = jobs[jobs.length - 1];
      const problem = latest?.problems?.[waiting.customId];
      if (latest?.pending) {
        try {
          await this.create(latest, true);
        } catch (error) {
          this.settle(waiting, error);
          continue;
        }
      }
      if (latest && problem === undefined) this.follow(latest, waiting);
      else if (jobs.length >= maxAttempts) this.settle(waiting, this.failure(waiting, jobs.length, problem ?? 'no reply'));
      else fresh.push(waiting);
    }
    if (fresh.length) await this.submit(fresh, state);
  }

  private async submit(fresh: Waiting[], state: BatchRunState): Promise<void> {
    const { model, modernLimits } = this.options;
    const lines = fresh.map((w) => requestLine(w.customId, chatCompletionBody(model, modernLimits, {
      messages: w.request.messages, format: 'json_schema', schema: w.request.schema, schemaName: w.request.task,
      temperature: w.request.temperature, maxOutputTokens: w.request.maxOutputTokens,
    }), this.options.api.requestUrl));
    const byId = new Map(fresh.map((w) => [w.customId, w]));
    const signal = fresh[0].resolvers[0]?.signal;
    let previous: BatchJobRecord | undefined;
    for (const [index, file] of splitIntoFiles(lines, this.options.limits ?? OPENAI_BATCH_LIMITS).entries()) {
      const members = file.customIds.map((id) => byId.get(id)!);
      let record: BatchJobRecord;
      try {
        if (signal?.aborted) throw abortError(signal);
        await this.checkBeforeUpload(previous, signal);
        const inputFileId = await this.options.api.uploadInput(`qaforge-${Date.now()}-${index}.jsonl`, file.content, signal);
        record = {
          id: '', pending: true, inputFileId, customIds: file.customIds, status: 'validating', submittedAt: new Date().toISOString(),
          tasks: Object.fromEntries(members.map((w) => [w.customId, w.request.task])),
        };
        state.jobs.push(record);
        await this.save();
        await this.create(record, false);
      } catch (error) {
        for (const w of members) this.settle(w, error);
        continue;
      }
      previous = record;
      this.options.log?.(`batch: submitted job ${record.id} with ${record.customIds.length} request${record.customIds.length === 1 ? '' : 's'}`);
      for (const w of members) this.follow(record, w);
    }
  }

  /** The preflight (once per client), then the budget — after the stage's previous job has delivered its replies. */
  private async checkBeforeUpload(previous: BatchJobRecord | undefined, signal: AbortSignal | undefined): Promise<void> {
    const { preflight, beforeJob } = this.options;
    if (preflight) {
      this.preflightDone ??= preflight(signal).catch((error: unknown) => {
        // a fatal answer stands for every later job; an abort is asked again by the next run of the stage
        if (!isFatalLlmError(error)) this.preflightDone = undefined;
        throw error;
      });
      await this.preflightDone;
    }
    if (!beforeJob) return;
    if (previous) {
      await this.followed.get(previous.id)?.done;
      // the replies just delivered are priced by the meter once their callers resume
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    beforeJob();
  }

  /**
   * Creates the job of a pending record — or finds it, when an earlier process was stopped after asking for it —
   * and saves its id. Not abortable: a job the provider created must reach the saved state.
   */
  private async create(record: BatchJobRecord, resuming: boolean): Promise<void> {
    const found = resuming ? await this.options.api.findJobByInput(record.inputFileId) : undefined;
    const info = found ?? await this.options.api.createJob(record.inputFileId);
    Object.assign(record, { id: info.id, status: info.status });
    delete record.pending;
    await this.save();
  }

  /** Adds `waiting` to the job's followers and starts polling the job when this process was not yet. */
  private follow(record: BatchJobRecord, waiting: Waiting): void {
    let job = this.followed.get(record.id);
    if (job) {
      job.waiting.set(waiting.customId, waiting);
      return;
    }
    job = { record, waiting: new Map([[waiting.customId, waiting]]) };
    this.followed.set(record.id, job);
    if (!this.jobIds.includes(record.id)) this.jobIds.push(record.id);
    job.done = this.poll(job).catch((error: unknown) => {
      for (const w of job.waiting.values()) this.settle(w, error);
    }).finally(() => this.followed.delete(record.id));
  }

  private async poll(job: FollowedJob): Promise<void> {
    const { api, log, onProgress } = this.options;
    const read = await followJob(job.record, {
      api, log, onProgress,
      wanted: () => job.waiting.size > 0,
      save: () => this.save(),
      sleep: () => this.sleep(job),
    });
    if (read && job.record.problems) await this.deliver(job, await jobOutcomes(job.record, api, log));
  }

  /** Hands each follower its validated reply, or queues it for the next job. */
  private async deliver(job: FollowedJob, outcomes: Map<string, LineOutcome>): Promise<void> {
    const { record } = job;
    let changed = false;
    for (const waiting of job.waiting.values()) {
      const outcome = outcomes.get(waiting.customId);
      const verdict = outcome?.ok ? interpretReply(outcome.text, waiting.request.schema, outcome.finishReason) : undefined;
      if (outcome?.ok && verdict?.ok) {
        const usage = outcome.usage ?? { promptTokens: 0, completionTokens: 0 };
        for (const r of waiting.resolvers) r.resolve({ value: verdict.value, usage, cached: false, costUsd: 0 });
        continue;
      }
      if (verdict && !verdict.ok) {
        record.problems![waiting.customId] = `invalid reply: ${verdict.problem}`;
        changed = true;
      }
      const queued = this.queue.get(waiting.customId);
      if (queued) queued.resolvers.push(...waiting.resolvers);
      else this.queue.set(waiting.customId, waiting);
    }
    job.waiting.clear();
    if (changed) await this.save();
    if (this.queue.size) this.scheduleFlush();
  }

  private failure(waiting: Waiting, attempts: number, problem: string): Error {
    if (problem.startsWith('invalid reply: ')) return new InvalidReplyError(waiting.request.task, attempts, problem.slice('invalid reply: '.length));
    return new Error(`task "${waiting.request.task}" got no reply from ${attempts} batch job${attempts === 1 ? '' : 's'}: ${problem}`);
  }

  private settle(waiting: Waiting, error: unknown): void {
    for (const r of waiting.resolvers) r.reject(isAbortError(error) ? abortError(r.signal) : error);
    waiting.resolvers = [];
  }

  private sleep(job: FollowedJob): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { job.wake = undefined; resolve(); }, this.options.pollMs ?? 30_000);
      job.wake = () => { clearTimeout(timer); job.wake = undefined; resolve(); };
    });
  }
}
