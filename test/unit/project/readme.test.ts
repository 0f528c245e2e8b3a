/**
 * The README stays true: its pipeline diagram is the one the graph renders, and it documents every contributed
 * command, every setting, every CLI command and every flag of `qaforge generate` and `qaforge batch`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipelineMermaid } from '../../../src/core/pipeline/graphDefinition';
import { runCli } from '../../../src/cli/program';

const ROOT = path.resolve(__dirname, '../../..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('README', () => {
  it('shows the pipeline diagram exactly as the graph renders it', () => {
    const block = /```mermaid\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'a mermaid block');
    assert.equal(block[1].trimEnd(), pipelineMermaid().trimEnd());
  });

  it('documents every command shown in the palette', () => {
    const hidden = new Set<string>(
      (manifest.contributes.menus?.commandPalette ?? []).filter((m: { when?: string }) => m.when === 'false').map((m: { command: string }) => m.command),
    );
    for (const c of manifest.contributes.commands as Array<{ command: string; title: string }>) {
      if (hidden.has(c.command)) continue;
      assert.ok(readme.includes(c.title), `README documents the command "${c.title}" (${c.command})`);
    }
  });

  it('documents every setting', () => {
    const sections = [manifest.contributes.configuration].flat() as Array<{ properties: Record<string, unknown> }>;
    for (const key of sections.flatMap((s) => Object.keys(s.properties))) {
      assert.ok(readme.includes(`\`${key}\``), `README documents ${key}`);
    }
  });

  it('documents the CLI commands and the test command', () => {
    for (const command of ['generate', 'check', 'export', 'graph']) assert.ok(readme.includes(`qaforge ${command}`), command);
    assert.ok(readme.includes('npm test'));
  });

  it('documents every flag --help shows for generate and batch', async () => {
    for (const command of [['generate'], ['batch', 'status']]) {
      let help = '';
      await runCli([...command, '--help'], { out: (t) => { help += t; }, err: () => undefined, env: {}, cwd: ROOT });
      const flags = [...new Set(help.match(/^ {2}(--[a-z-]+)/gm)!.map((f) => f.trim()))].filter((f) => f !== '--help' && f !== '--version' && f !== '--verbose');
      assert.ok(flags.length > 3, command.join(' '));
      for (const flag of flags) assert.ok(readme.includes(`\`${flag}`), `README documents ${command.join(' ')} ${flag}`);
    }
  });
});
