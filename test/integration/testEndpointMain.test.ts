/** The test double as a standalone process (used by the VS Code tests and benches). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

describe('test double as a process (testEndpointMain.ts)', function () {
  this.timeout(30_000);

  it('prints its URL on one stdout line, serves the OpenAI routes, takes faults over /__control, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/testEndpointMain.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const models = await (await fetch(`${url}/models`)).json() as { data: Array<{ id: string }> };
      assert.equal(models.data[0].id, 'test-model');
      const faults = await fetch(`${url.replace(/\/v1$/, '')}/__control/faults`, { method: 'POST', body: JSON.stringify({ serverErrorNext: { n: 1, status: 503 } }) });
      assert.equal(faults.status, 200);
      const failed = await fetch(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'x', messages: [] }) });
      assert.equal(failed.status, 503);
      const stats = await (await fetch(`${url.replace(/\/v1$/, '')}/__control/stats`)).json() as { calls: number; byStatus: Record<string, number> };
      assert.equal(stats.calls, 1);
      assert.equal(stats.byStatus['503'], 1);
      const bad = await fetch(`${url.replace(/\/v1$/, '')}/__control/faults`, { method: 'POST', body: JSON.stringify({ hangNext: -1 }) });
      assert.equal(bad.status, 400);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
