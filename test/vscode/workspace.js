// Creates the throwaway workspace the suites open: a copy of test/vscode/fixtures/workspace plus
// .vscode/settings.json pointing QA Forge at the local test endpoint.
'use strict';
const fs = require('fs');
const path = require('path');

const FIXTURE = path.join(__dirname, 'fixtures', 'workspace');

/** Copies the fixture into `dir`, writes its settings, and returns `dir`. */
function prepareWorkspace(dir, endpointUrl) {
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const settings = {
    'qaforge.provider': endpointUrl ? 'openai' : 'offline',
    ...(endpointUrl ? { 'qaforge.openai.baseUrl': endpointUrl, 'qaforge.openai.model': 'test-model' } : {}),
    'qaforge.generation.numPairs': 4,
    'qaforge.generation.splitterType': 'sentence',
    'qaforge.generation.maxReflectionIterations': 1,
    'qaforge.confirmBeforeRun': false,
    'qaforge.cache.enabled': false,
  };
  // git ignores this folder in the fixture itself, so it is created here: QA Forge must skip it (.gitignore).
  fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'build', 'generated.md'), '# Generated\nIgnored by git; QA Forge must not read it.\n');
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return dir;
}

module.exports = { prepareWorkspace, FIXTURE };
