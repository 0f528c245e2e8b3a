/**
 * One default set (issue 2 §4): the extension's `qaforge.generation.*` settings default to exactly the core's
 * DEFAULT_PARAMS, so the editor, the CLI and the library generate the same thing from the same input.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PARAMS, type GenerationParams } from '../../../src/core/domain/params';
import { DEFAULT_AZURE_API_VERSION, DEFAULT_OPENAI_MODEL } from '../../../src/core/llm/defaults';
import { DEFAULT_RETRY_POLICY } from '../../../src/core/llm/retry';

interface SettingSchema { default?: unknown }

/** The distributions: optional params without a core default, whose settings are empty objects until set. */
const SHARE_FIELDS = ['kinds', 'queryStyles', 'queryLengths'];

function allSettings(): Record<string, SettingSchema> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  const sections = [manifest.contributes.configuration].flat() as Array<{ properties: Record<string, SettingSchema> }>;
  return Object.assign({}, ...sections.map((s) => s.properties));
}

function generationSettings(): Record<string, SettingSchema> {
  return Object.fromEntries(Object.entries(allSettings()).filter(([key]) => key.startsWith('qaforge.generation.')));
}

describe('settings defaults', () => {
  const settings = generationSettings();

  it('cover every GenerationParams field', () => {
    const covered = new Set(Object.keys(settings).map((k) => k.replace('qaforge.generation.', '').split('.')[0]));
    for (const field of [...Object.keys(DEFAULT_PARAMS), ...SHARE_FIELDS]) assert.ok(covered.has(field), `no setting for ${field}`);
  });

  it('default to the core defaults', () => {
    for (const [key, schema] of Object.entries(settings)) {
      const field = key.replace('qaforge.generation.', '');
      if (field.startsWith('dimensions.')) {
        assert.equal(schema.default, '', `${key}: no dimension by default`);
        continue;
      }
      if (SHARE_FIELDS.includes(field)) {
        assert.deepEqual(schema.default, {}, `${key}: no distribution by default`);
        continue;
      }
      const core = DEFAULT_PARAMS[field as keyof GenerationParams];
      // Optional text params have no core default; an empty setting means "not set".
      assert.deepEqual(schema.default, core ?? '', `${key} defaults to ${JSON.stringify(schema.default)}, the core to ${JSON.stringify(core)}`);
    }
  });

  it('give the model connection the defaults the CLI uses', () => {
    const all = allSettings();
    assert.equal(all['qaforge.openai.model'].default, DEFAULT_OPENAI_MODEL);
    assert.equal(all['qaforge.azure.apiVersion'].default, DEFAULT_AZURE_API_VERSION);
    assert.equal(Number(all['qaforge.requestTimeoutSeconds'].default) * 1000, DEFAULT_RETRY_POLICY.timeoutMs, 'the timeout of --timeout');
  });
});
