import * as assert from 'assert';
import * as vscode from 'vscode';
import { supportedExtensions } from '../../../src/core/ingest/readers';
import { DEFAULT_PARAMS, type GenerationParams } from '../../../src/core/domain/params';
import { EXTENSION_ID, qaforge, reportFigure } from './helpers';

// Read when this file is loaded, before any suite runs.
const activeAtStart = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;
let activationMs = 0;
before(async () => {
  const t0 = performance.now();
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  activationMs = performance.now() - t0;
});

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: Array<{ properties: Record<string, { default?: unknown; markdownDescription?: string; description?: string }> }>;
    walkthroughs: Array<{ steps: unknown[] }>;
  };
  capabilities: { untrustedWorkspaces: { supported: string; description: string } };
  activationEvents: string[];
}

describe('activation and contributions', () => {
  let manifest: Manifest;
  before(async () => {
    const { ext } = await qaforge();
    manifest = ext.packageJSON as Manifest;
  });

  it('was not activated at startup, and activates on demand', async () => {
    // This suite runs first; `before` above activated it, so look at what happened before that.
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.strictEqual(activeAtStart, false, 'nothing activated QA Forge before a command was used');
    assert.ok(ext.isActive);
    reportFigure(`(activation took ${activationMs.toFixed(0)} ms)`);
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, []);
    assert.ok(manifest.contributes.commands.length >= 13, 'all commands of the brief are contributed');
    for (const c of manifest.contributes.commands) assert.strictEqual(c.category, 'QA Forge', `${c.command} is grouped under QA Forge in the palette`);
  });

  it('declares the menus where they make sense', () => {
    // Context menus list the "Q&&A"-titled aliases of the generate commands (qaforge.menu.*)
    const menu = (where: string, command: string) => manifest.contributes.menus[where]?.find((m) => m.command === command || m.command === command.replace('qaforge.', 'qaforge.menu.'));
    assert.match(menu('explorer/context', 'qaforge.generateFromFolder')?.when ?? '', /explorerResourceIsFolder/);
    assert.match(menu('explorer/context', 'qaforge.generateFromFiles')?.when ?? '', /!explorerResourceIsFolder/);
    // .md files get "from Selected Files"; a Markdown transcript is still read from the palette command
    assert.match(menu('explorer/context', 'qaforge.generateFromTranscript')?.when ?? '', /\(json\|jsonl\)/);
    assert.match(menu('explorer/context', 'qaforge.checkDataset')?.when ?? '', /qa\\\\\.jsonl|qa\\\.jsonl/);
    assert.ok(menu('editor/context', 'qaforge.generateFromEditor'));
    assert.strictEqual(menu('commandPalette', 'qaforge.cancelRun')?.when, 'qaforge.running');
  });

  it('offers "from selected files" exactly on the file types ingest can read', () => {
    const when = manifest.contributes.menus['explorer/context'].find((m) => m.command === 'qaforge.menu.generateFromFiles')?.when ?? '';
    const pattern = /resourceExtname =~ \/(.+)\/(i?)/.exec(when);
    assert.ok(pattern, when);
    const re = new RegExp(pattern[1].replace(/\\\\/g, '\\'), pattern[2]);
    for (const ext of supportedExtensions()) assert.ok(re.test(ext), `${ext} is offered`);
    for (const ext of ['.ts', '.json', '.png', '.jsonl']) assert.ok(!re.test(ext), `${ext} is not offered`);
  });

  it('has a setting for every generation parameter, with the core defaults (chunk size in tokens)', () => {
    const props = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Manifest['contributes']['configuration'][0]['properties'];
    const config = vscode.workspace.getConfiguration('qaforge');
    for (const field of Object.keys(DEFAULT_PARAMS) as (keyof GenerationParams)[]) {
      if (field === 'dimensions') {
        for (const d of ['features', 'persona', 'scenarios']) assert.ok(props[`qaforge.generation.dimensions.${d}`], `dimensions.${d}`);
        continue;
      }
      assert.ok(props[`qaforge.generation.${field}`], `setting for ${field}`);
      assert.deepStrictEqual(config.inspect(`generation.${field}`)?.defaultValue, DEFAULT_PARAMS[field], `default of ${field}`);
    }
    assert.match(props['qaforge.generation.chunkSize'].markdownDescription ?? '', /tokens/);
    for (const key of ['qaforge.provider', 'qaforge.openai.baseUrl', 'qaforge.openai.model', 'qaforge.openai.embeddingModel', 'qaforge.concurrency',
      'qaforge.budgetUsd', 'qaforge.cache.enabled', 'qaforge.files.include', 'qaforge.files.exclude', 'qaforge.files.maxFileBytes', 'qaforge.outputFolder']) {
      assert.ok(props[key], key);
    }
    assert.ok(!Object.keys(props).some((k) => /key|secret|token$/i.test(k.replace('qaforge.', '')) && !k.includes('Tokens')), 'no API key setting');
  });

  it('declares limited support for untrusted workspaces, lazy activation and a walkthrough', () => {
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 20);
    assert.ok(!manifest.activationEvents.includes('*'), 'never activates on startup');
    assert.ok(manifest.contributes.walkthroughs[0].steps.length >= 3);
  });
});
