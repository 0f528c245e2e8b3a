/** What `generate --batch` adds to the CLI: progress lines of batch jobs. */
import type { BatchProgress } from '../../core/llm/batch/batchLlm';


/** A progress callback printing one line per job whenever its status or counts change. */
export function batchProgressPrinter(log: (line: string) => void): (progress: BatchProgress) => void {
  const last = new Map<string, string>();
  return (p) => {
    const said = `${p.status} ${p.completed}/${p.total} done, ${p.failed} failed`;
    if (last.get(p.jobId) === said) return;
    last.set(p.jobId, said);
    log(`batch job ${p.jobId}: ${said}, ${(p.elapsedMs / 1000).toFixed(0)}s since submitted`);
  };
}
