import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { createRequire } from 'node:module';

interface Need { packages: string[]; customChromium?: string }
interface SystemDeps {
  chromiumPath(env: Record<string, string | undefined>): string;
  missing(o: { env: Record<string, string | undefined>; exists: (p: string) => boolean; hasPackage: (n: string) => boolean }): Need;
  advice(need: Need): string | undefined;
}
const deps = createRequire(__filename)('../../systemDeps.js') as SystemDeps;
const SCRIPT = path.join(__dirname, '../../systemDeps.js');

describe('npm test: system packages (test/systemDeps.js)', () => {
  it('asks apt for chromium and libkrb5-dev when Debian lacks them, in one line naming the command', () => {
    const need = deps.missing({ env: {}, exists: () => false, hasPackage: (n) => n === 'dpkg' });
    assert.deepEqual(need.packages, ['chromium', 'libkrb5-dev']);
    const line = deps.advice(need);
    assert.ok(line && !line.includes('\n'));
    assert.match(line, /sudo apt-get install -y chromium libkrb5-dev/);
  });

  it('needs nothing when both are there', () => {
    const need = deps.missing({ env: {}, exists: () => true, hasPackage: () => true });
    assert.deepEqual(need, { packages: [], customChromium: undefined });
    assert.equal(deps.advice(need), undefined);
  });

  it('a CHROMIUM_PATH that does not exist is named, not "fixed" by installing Debian chromium elsewhere', () => {
    const need = deps.missing({ env: { CHROMIUM_PATH: '/opt/none/chrome' }, exists: () => false, hasPackage: () => true });
    assert.deepEqual(need.packages, []);
    assert.match(deps.advice(need) ?? '', /Chromium not found at \/opt\/none\/chrome/);
  });

  it('the script exits 1 with that one line when pointed at a missing browser', () => {
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [SCRIPT], { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' }, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    assert.equal(status, 1);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /\/nonexistent\/chromium/);
  });
});
