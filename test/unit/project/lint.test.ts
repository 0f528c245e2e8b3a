/**
 * The layer rules of DESIGN.md §2 as eslint.config.mjs enforces them: small in-memory files placed in each layer
 * are linted with the real config through ESLint's Node API; every forbidden import must be reported with the
 * target it reaches, and the allowed ones must not.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../..');
const RULE = 'layers/imports';

let eslint: ESLint;

/** The layer rule's messages for `code` placed at the repository path `file` (which need not exist). */
async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal.map((m) => m.message), [], `${file} parses`);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

/** Asserts that the one import in `code` is reported, naming `target`. */
async function refused(file: string, code: string, target: string): Promise<void> {
  const messages = await layerMessages(file, code);
  assert.equal(messages.length, 1, `${file}: \`${code}\` is reported once, got ${JSON.stringify(messages)}`);
  assert.ok(messages[0].includes(target), `${file}: the message names ${target}: ${messages[0]}`);
}

/** Asserts that nothing in `code` is reported by the layer rule. */
async function allowed(file: string, code: string): Promise<void> {
  assert.deepEqual(await layerMessages(file, code), [], `${file}: \`${code}\` is allowed`);
}

before(async function () {
  this.timeout(30000);
  eslint = new ESLint({ cwd: ROOT });
  // Loads the config and typescript-eslint once, so the first case is not timed with it.
  await layerMessages('src/core/util/warmup.ts', 'export {};');
});

describe('lint: the layers of DESIGN.md §2', () => {
  describe('src/core', () => {
    const file = 'src/core/pipeline/nodes/probe.ts';

    it('never imports vscode, not even its types', async () => {
      await refused(file, "import * as vscode from 'vscode';", "package 'vscode'");
      await refused(file, "import type { Uri } from 'vscode';", "package 'vscode'");
      await refused(file, "type U = import('vscode').Uri;", "package 'vscode'");
      await refused('src/core/llm/probe.ts', "import vscode = require('vscode');", "package 'vscode'");
      await refused('src/core/domain/probe.ts', "import type { Uri } from 'vscode';", "package 'vscode'");
    });

    it('never imports the host, the CLI, the webview app or the shared protocol', async () => {
      await refused(file, "import { activate } from '../../../host/extension';", 'src/host/extension');
      await refused(file, "import { main } from '../../../cli/main';", 'src/cli/main');
      await refused(file, "import '../../../../webview/pipeline/main';", 'webview/pipeline/main');
      await refused(file, "import type { HostMessage } from '../../../shared/protocol';", 'src/shared/protocol');
      await refused('src/core/index.ts', "export * from '../host/extension';", 'src/host/extension');
    });

    it('may use the shared words (src/shared/labels), so its messages format line ranges as the views do', async () => {
      await allowed('src/core/dataset/probe.ts', "import { lineRange } from '../../shared/labels';\nexport const r = lineRange(3);");
      await allowed(file, "import { sourceLocation } from '../../../shared/labels';\nexport const r = sourceLocation('a.md', 3, 3);");
      await refused('src/core/dataset/probe.ts', "import { pipelineProtocol } from '../../shared/protocol';\nexport const p = pipelineProtocol;", 'src/shared/protocol');
    });

    it('catches every import form: require, dynamic import, re-export', async () => {
      await refused('src/core/dataset/probe.ts', "const host = require('../../host/extension');\nexport { host };", 'src/host/extension');
      await refused('src/core/dataset/probe.ts', "export const host = import('../../host/extension');", 'src/host/extension');
      await refused('src/core/dataset/probe.ts', "export { activate } from '../../host/extension';", 'src/host/extension');
      await refused('src/core/dataset/probe.ts', "export type { QaPanel } from '../../host/panels/pipelinePanel';", 'src/host/panels/pipelinePanel');
    });

    it('does not import its own barrel, src/core/index.ts', async () => {
      await refused(file, "import { QAWorkflowGraph } from '../../index';", 'src/core');
      await refused('src/core/chunking/probe.ts', "import type { Chunk } from '..';", 'src/core');
    });

    it('uses npm packages, Node built-ins and its own modules', async () => {
      await allowed(file, "import picomatch from 'picomatch';\nimport { readFile } from 'node:fs/promises';\nimport type { LlmClient } from '../../llm/port';\nimport { NODE } from '../graphDefinition';");
      await allowed('src/core/index.ts', "export * from './pipeline/run';\nexport * from './domain/params';");
    });
  });

  describe('src/core/domain', () => {
    const file = 'src/core/domain/probe.ts';

    it('imports none of the rest of the core', async () => {
      await refused(file, "import type { PipelineState } from '../pipeline/state';", 'src/core/pipeline/state');
      await refused(file, "import { makeChunk } from '../chunking/chunk';", 'src/core/chunking/chunk');
      await refused(file, "import type { SourceDocument } from '../ingest/types';", 'src/core/ingest/types');
      await refused(file, "import { readDataset } from '../dataset';", 'src/core/dataset');
      await refused(file, "import { createLlm } from '../llm/factory';", 'src/core/llm/factory');
      await refused(file, "import { sha256 } from '../util/hash';", 'src/core/util/hash');
      await refused(file, "import { countTokens } from '../text/tokens';", 'src/core/text/tokens');
      await refused(file, "import type { GraphDefinition } from '../graph';", 'src/core/graph');
    });

    it('names the LLM port\'s pure types with `import type` only', async () => {
      await allowed(file, "import type { JsonSchema } from '../llm/port';");
      await allowed(file, "import { type RetryInfo } from '../llm/port';");
      const messages = await layerMessages(file, "import { RetryInfo } from '../llm/port';");
      assert.equal(messages.length, 1, JSON.stringify(messages));
      assert.match(messages[0], /src\/core\/llm\/port only with `import type`/);
    });

    it('imports its own modules', async () => {
      await allowed(file, "import type { Chunk } from './records';\nimport { validateParams } from './params';");
    });
  });

  describe('the core modules below the pipeline', () => {
    for (const module of ['chunking', 'dataset', 'graph', 'ingest', 'llm', 'quality', 'text', 'util']) {
      it(`src/core/${module} does not import src/core/pipeline, even for types`, async () => {
        const file = `src/core/${module}/sub/probe.ts`;
        await refused(file, "import { runPipeline } from '../../pipeline/run';", 'src/core/pipeline/run');
        await refused(file, "import type { PipelineState } from '../../pipeline/state';", 'src/core/pipeline/state');
        await refused(file, "export * from '../../pipeline';", 'src/core/pipeline');
        await allowed(file, "import type { Chunk } from '../../domain/records';\nimport { sha256 } from '../../util/hash';\nimport { x } from '../local';");
      });
    }
  });

  describe('src/core/usecases', () => {
    it('is the top of the core: it uses the pipeline and the modules below, nothing in the core uses it', async () => {
      await allowed('src/core/usecases/probe.ts', "import { QAWorkflowGraph } from '../pipeline/workflow';\nimport { mergeDataset } from '../dataset/merge';\nimport type { RunEvent } from '../domain/events';");
      await refused('src/core/pipeline/probe.ts', "import { generateDataset } from '../usecases/generateDataset';", 'src/core/usecases/generateDataset');
      await refused('src/core/dataset/probe.ts', "import type { GenerateOptions } from '../usecases/generateDataset';", 'src/core/usecases/generateDataset');
      await refused('src/core/domain/probe.ts', "import type { GenerateOptions } from '../usecases';", 'src/core/usecases');
      await refused('src/core/usecases/probe.ts', "import * as vscode from 'vscode';", "package 'vscode'");
      await allowed('src/cli/generate/probe.ts', "import { generateDataset } from '../../core/usecases/generateDataset';");
      await allowed('src/host/runs/probe.ts', "import { generateDataset } from '../../core/usecases/generateDataset';");
    });
  });

  describe('webview', () => {
    const file = 'webview/pipeline/probe.ts';

    it('imports only src/shared among our folders', async () => {
      await refused(file, "import type { Chunk } from '../../src/core/domain/records';", 'src/core/domain/records');
      await refused(file, "import { PIPELINE_GRAPH } from '../../src/core/pipeline/graphDefinition';", 'src/core/pipeline/graphDefinition');
      await refused(file, "import { html } from '../../src/host/panels/webviewHtml';", 'src/host/panels/webviewHtml');
      await refused(file, "import { main } from '../../src/cli/main';", 'src/cli/main');
      await refused(file, "import pkg from '../../package.json';", 'must not import package.json');
    });

    it('never imports vscode or Node built-ins', async () => {
      await refused(file, "import * as vscode from 'vscode';", "package 'vscode'");
      await refused(file, "import { readFileSync } from 'node:fs';", "Node built-in 'node:fs'");
      await refused(file, "import * as path from 'path';", "Node built-in 'path'");
    });

    it('imports src/shared, browser packages and itself', async () => {
      await allowed(file, "import type { HostMessage } from '../../src/shared/protocol';\nimport { isHostMessage } from '../../src/shared/guards';\nimport mermaid from 'mermaid';\nimport { Virtualizer } from '@tanstack/virtual-core';\nimport { escape } from '../common/dom';");
    });
  });

  describe('src/shared', () => {
    const file = 'src/shared/probe.ts';

    it('imports nothing outside itself: no core, host, webview, vscode, Node or npm package', async () => {
      await refused(file, "import type { Chunk } from '../core/domain/records';", 'src/core/domain/records');
      await refused(file, "import type { RunEvent } from '../core';", 'src/core');
      await refused(file, "import { activate } from '../host/extension';", 'src/host/extension');
      await refused(file, "import '../../webview/common/dom';", 'webview/common/dom');
      await refused(file, "import type { Uri } from 'vscode';", "package 'vscode'");
      await refused(file, "import { join } from 'node:path';", "package 'node:path'");
      await refused(file, "import Ajv from 'ajv';", "package 'ajv'");
    });

    it('imports its own modules', async () => {
      await allowed(file, "import type { HostMessage } from './protocol';\nimport { isHostMessage } from './guards';");
    });
  });

  describe('front ends', () => {
    it('only src/host imports vscode', async () => {
      await allowed('src/host/commands/probe.ts', "import * as vscode from 'vscode';");
      await refused('src/cli/commands/probe.ts', "import * as vscode from 'vscode';", "package 'vscode'");
      await refused('src/cli/probe.ts', "import type { Uri } from 'vscode';", "package 'vscode'");
    });

    it('src/cli does not import src/host or the webview app', async () => {
      await refused('src/cli/commands/probe.ts', "import { activate } from '../../host/extension';", 'src/host/extension');
      await refused('src/cli/generate/probe.ts', "import type { RunManager } from '../../host/runs/runManager';", 'src/host/runs/runManager');
      await refused('src/cli/probe.ts', "import '../../webview/pipeline/main';", 'webview/pipeline/main');
    });

    it('src/host does not import src/cli or the webview app', async () => {
      await refused('src/host/commands/probe.ts', "import { main } from '../../cli/main';", 'src/cli/main');
      await refused('src/host/probe.ts', "import type { CliIo } from '../cli/io';", 'src/cli/io');
      await refused('src/host/panels/probe.ts', "import '../../../webview/pipeline/main';", 'webview/pipeline/main');
    });

    it('both use the core; the host also uses src/shared', async () => {
      await allowed('src/cli/commands/probe.ts', "import { readDataset } from '../../core/dataset';\nimport { QAWorkflowGraph } from '../../core';\nimport { Command } from 'commander';");
      await allowed('src/host/panels/probe.ts', "import { runPipeline } from '../../core/pipeline/run';\nimport type { HostMessage } from '../../shared/protocol';\nimport * as fs from 'fs';");
    });
  });

  describe('completeness', () => {
    it('a file in a folder no layer names is reported, so a new folder cannot escape the rules', async () => {
      const [newFolder] = await layerMessages('src/jobs/probe.ts', 'export const probe = 1;');
      assert.match(newFolder ?? '', /src\/jobs\/probe\.ts is in no layer/);
      const [newModule] = await layerMessages('src/core/evidence/probe.ts', 'export const probe = 1;');
      assert.match(newModule ?? '', /src\/core\/evidence\/probe\.ts is in no layer/);
      const [rootFile] = await layerMessages('src/core/helpers.ts', 'export const probe = 1;');
      assert.match(rootFile ?? '', /src\/core\/helpers\.ts is in no layer/);
    });

    it('tests and benchmarks are outside the layers and may import any of them', async () => {
      await allowed('test/unit/probe.test.ts', "import * as vscode from 'vscode';\nimport { activate } from '../../src/host/extension';\nimport { main } from '../../src/cli/main';");
    });
  });
});
