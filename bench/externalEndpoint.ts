/**
 * The test double started in its own process for benchmarks, as a real server would be, so that its work does not
 * share the pipeline's event loop; `control` drives its /__control routes (latency model, faults, stats).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** A running out-of-process test double. */
export interface ExternalEndpoint {
  url: string;
  control(route: string, body?: object): Promise<unknown>;
  stop(): void;
}

/** Starts test/support/testEndpointMain.ts with `args` (e.g. `--latency 50`) and waits for the URL it prints. */
export async function startExternalEndpoint(args: readonly string[] = []): Promise<ExternalEndpoint> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../test/support/testEndpointMain.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`test endpoint exited with ${code}`)));
  });
  const url = (JSON.parse(line) as { url: string }).url;
  const base = url.replace(/\/v1$/, '');
  return {
    url,
    async control(route, body) {
      const res = await fetch(`${base}/__control/${route}`, body ? { method: 'POST', body: JSON.stringify(body) } : {});
      if (!res.ok) throw new Error(`control ${route}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    stop: () => child.kill('SIGTERM'),
  };
}
