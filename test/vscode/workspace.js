// Creates the throwaway multi-root workspace the suites open: copies of test/vscode/fixtures/workspace (has a
// tests/ folder, docs, a transcript, a .env and a git-ignored build/ folder) and fixtures/handbook (no test
// folder), and a .code-workspace file whose settings point QA Forge at the local test endpoint.
'use strict';
const fs = require('fs');
const path = require('path');

const FIXTURES = path.join(__dirname, 'fixtures');

/** Copies the fixtures under `dir` and returns the path of the .code-workspace file to open. */
function prepareWorkspace(dir, endpointUrl) {
  const main = path.join(dir, 'workspace');
  fs.cpSync(path.join(FIXTURES, 'workspace'), main, { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'handbook'), path.join(dir, 'handbook'), { recursive: true });
  // git ignores this folder in the fixture itself, so it is created here: QA Forge must skip it (.gitignore).
  fs.mkdirSync(path.join(main, 'build'), { recursive: true });
  fs.writeFileSync(path.join(main, 'build', 'generated.md'), '# Generated\nIgnored by git; QA Forge must not read it.\n');
  const settings = {
    'qaforge.provider': endpointUrl ? 'openai' : 'offline',
    ...(endpointUrl ? { 'qaforge.openai.baseUrl': endpointUrl, 'qaforge.openai.model': 'test-model' } : {}),
    'qaforge.generation.numPairs': 4,
    'qaforge.generation.splitterType': 'sentence',
    'qaforge.generation.maxReflectionIterations': 1,
    'qaforge.confirmBeforeRun': false,
    'qaforge.cache.enabled': false,
    // Runs do not open the pipeline view (its mermaid rendering competes for the CPU); suite/pipeline turns it on.
    'qaforge.showPipelineOnRun': false,
    // VS Code in a browser (code-server) saves dirty editors after a second by default (desktop does not): the
    // suites that generate from unsaved editor text need them to stay unsaved, as on the desktop.
    'files.autoSave': 'off',
  };
  const file = path.join(dir, 'qaforge-tests.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'workspace' }, { path: 'handbook' }], settings }, null, 2) + '\n');
  return file;
}

module.exports = { prepareWorkspace, FIXTURES };
