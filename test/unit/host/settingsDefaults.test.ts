/**
 * One default set (issue 2 §4): the extension's `qaforge.generation.*` settings default to exactly the core's
 * DEFAULT_PARAMS, so the editor, the CLI and the library generate the same thing from the same input.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PARAMS, type GenerationParams } from '../../../src/core/domain/params';

interface SettingSchema { default?: unknown }

function generationSettings(): Record<string, SettingSchema> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  const sections = [manifest.contributes.configuration].flat() as Array<{ properties: Record<string, SettingSchema> }>;
  const all: Record<string, SettingSchema> = Object.assign({}, ...sections.map((s) => s.properties));
  return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith('qaforge.generation.')));
}

describe('settings defaults', () => {
  const settings = generationSettings();

  it('cover every GenerationParams field', () => {
    const covered = new Set(Object.keys(settings).map((k) => k.replace('qaforge.generation.', '').split('.')[0]));
    for (const field of Object.keys(DEFAULT_PARAMS)) assert.ok(covered.has(field), `no setting for ${field}`);
  });

  it('default to the core defaults', () => {
    for (const [key, schema] of Object.entries(settings)) {
      const field = key.replace('qaforge.generation.', '');
      if (field.startsWith('dimensions.')) {
        assert.equal(schema.default, '', `${key}: no dimension by default`);
        continue;
      }
      const core = DEFAULT_PARAMS[field as keyof GenerationParams];
      // Optional text params have no core default; an empty setting means "not set".
      assert.deepEqual(schema.default, core ?? '', `${key} defaults to ${JSON.stringify(schema.default)}, the core to ${JSON.stringify(core)}`);
    }
  });
});
