// The system packages the webview and VS Code tiers need and npm cannot install: Debian/Ubuntu's `chromium`
// (headless browser for playwright-core and code-server) and `libkrb5-dev` (code-server's native kerberos module).
// Run before the test tiers: as root it installs what is missing with apt-get, as .ci/run does; otherwise it says
// in one line what to run. `CHROMIUM_PATH` (or `CHROMIUM`) points the check at another browser binary.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium binary the tests launch: `$CHROMIUM_PATH`, `$CHROMIUM`, or Debian's. */
function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH || env.CHROMIUM || DEFAULT_CHROMIUM;
}

function hasDebianPackage(name) {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.includes('install ok installed');
  } catch {
    return false;
  }
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * What is missing, as Debian packages, and whether installing them would help: a Chromium path set by the user
 * that does not exist is not fixed by `apt-get install chromium` (it installs to /usr/bin/chromium).
 */
function missing({ env = process.env, exists = fs.existsSync, hasPackage = hasDebianPackage } = {}) {
  const chromium = chromiumPath(env);
  const packages = [];
  let customChromium;
  if (!exists(chromium)) {
    if (chromium === DEFAULT_CHROMIUM) packages.push('chromium');
    else customChromium = chromium;
  }
  if (hasPackage('dpkg') && !hasPackage('libkrb5-dev')) packages.push('libkrb5-dev');
  return { packages, customChromium };
}

/** The one line that tells a user what to run, or undefined when nothing is missing. */
function advice({ packages, customChromium }) {
  const parts = [];
  if (customChromium) parts.push(`Chromium not found at ${customChromium} (from $CHROMIUM_PATH/$CHROMIUM): point it at a Chromium binary or unset it to use Debian's`);
  if (packages.length) parts.push(`missing ${packages.join(', ')}: run \`sudo apt-get install -y ${packages.join(' ')}\``);
  return parts.length ? `[test] ${parts.join('; ')}, then \`npm test\` again.` : undefined;
}

/** Installs the missing packages when it can (root and apt-get); returns the line to print if something is still missing. */
function ensure({ env = process.env, log = (line) => process.stderr.write(line + '\n') } = {}) {
  let need = missing({ env });
  const canInstall = typeof process.getuid === 'function' && process.getuid() === 0 && hasCommand('apt-get')
    && env.QAFORGE_NO_APT !== '1';
  if (need.packages.length && canInstall) {
    log(`[test] installing ${need.packages.join(', ')} with apt-get (needed by the webview and VS Code tests)`);
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv });
    execFileSync('apt-get', ['install', '-y', '-qq', ...need.packages], { stdio: 'inherit', env: aptEnv });
    need = missing({ env });
  }
  return advice(need);
}

module.exports = { chromiumPath, missing, advice, ensure, DEFAULT_CHROMIUM };

if (require.main === module) {
  try {
    const line = ensure();
    if (line) {
      process.stderr.write(line + '\n');
      process.exit(1);
    }
  } catch (e) {
    process.stderr.write(`[test] installing system packages failed (${e.message.split('\n')[0]}): run \`sudo apt-get install -y chromium libkrb5-dev\`, then \`npm test\` again.\n`);
    process.exit(1);
  }
}
