/**
 * A {@link BatchApi} over a folder, for engines that take the batch JSONL format offline — vLLM's
 * `python -m vllm.entrypoints.openai.run_batch -i <name>.jsonl -o <name>.output.jsonl`, or any other. Each job is an
 * input file `<dir>/<job>.jsonl` written by the run; the job is complete once `<dir>/<job>.output.jsonl` appears
 * (written by the engine: OpenAI's output line format), and `<dir>/<job>.errors.jsonl` is read too when present.
 * The run waits for the output file, or is started again later and picks it up (the job list is saved as usual).
 */
import { access, readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchApi, BatchJobInfo } from './api';
import { writeFileAtomic } from '../../util/atomicWrite';

/** The output file an engine writes for job `job` in `dir`. */
export function batchOutputFile(dir: string, job: string): string {
  return join(dir, `${job}.output.jsonl`);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/** The folder's batch "API". */
export function createFileBatchApi(dir: string): BatchApi {
  const input = (job: string) => join(dir, `${job}.jsonl`);
  const errors = (job: string) => join(dir, `${job}.errors.jsonl`);
  const info = async (job: string): Promise<BatchJobInfo> => {
    const done = await exists(batchOutputFile(dir, job));
    if (await exists(join(dir, `${job}.cancelled`))) return { id: job, status: 'cancelled', errors: [], outputFileId: done ? batchOutputFile(dir, job) : undefined };
    if (!done) return { id: job, status: 'in_progress', errors: [] };
    return { id: job, status: 'completed', errors: [], outputFileId: batchOutputFile(dir, job), errorFileId: await exists(errors(job)) ? errors(job) : undefined };
  };
  return {
    uploadInput: async (name, content) => {
      const job = name.replace(/\.jsonl$/, '');
      await mkdir(dir, { recursive: true });
      // written whole before it gets its final name, so an engine watching the folder never reads half a file
      await writeFile(`${input(job)}.part`, content);
      await rename(`${input(job)}.part`, input(job));
      return job;
    },
    createJob: (job) => info(job),
    retrieveJob: (job) => info(job),
    cancelJob: async (job) => {
      await writeFileAtomic(join(dir, `${job}.cancelled`), '');
      return info(job);
    },
    findJobByInput: async (job) => (await exists(input(job)) ? info(job) : undefined),
    fileContent: (file) => readFile(file, 'utf8'),
  };
}
