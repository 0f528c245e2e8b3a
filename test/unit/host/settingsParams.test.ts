/**
 * The extension's generation params come from the `qaforge.generation.*` settings (src/host/config.ts reads them
 * through paramsFromSettings): the distributions `kinds`, `queryStyles` and `queryLengths` are unset while empty,
 * scaled to sum 1 when set, and a bad value is refused with a message naming the setting.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PARAMS, InvalidParamsError } from '../../../src/core/domain/params';
import { paramsFromSettings, settingOfField, type SettingsSource } from '../../../src/host/settingsParams';

interface SettingSchema { default?: unknown }

/** The contributed defaults, as VS Code's configuration returns them when nothing is set. */
function defaults(): Record<string, unknown> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  const sections = [manifest.contributes.configuration].flat() as Array<{ properties: Record<string, SettingSchema> }>;
  const all = Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, SettingSchema>;
  return Object.fromEntries(Object.entries(all).map(([key, schema]) => [key.replace(/^qaforge\./, ''), schema.default]));
}

/**
 * The `qaforge` configuration with the defaults, `set` (keys under `qaforge.generation.`) as the user's settings and
 * `workspace` as the workspace's; `get` merges objects key by key as VS Code does.
 */
function settings(set: Record<string, unknown> = {}, workspace: Record<string, unknown> = {}): SettingsSource {
  const under = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [`generation.${k}`, v]));
  const base = defaults();
  const user = under(set);
  const ws = under(workspace);
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  return {
    get: (key) => [base[key], user[key], ws[key]].reduce((value, level) => (level === undefined ? value : isObject(value) && isObject(level) ? { ...value, ...level } : level)),
    inspect: (key) => ({ defaultValue: base[key], globalValue: user[key], workspaceValue: ws[key] }),
  };
}

function refused(set: Record<string, unknown>, message: RegExp): void {
  assert.throws(() => paramsFromSettings(settings(set)), (e: unknown) => e instanceof InvalidParamsError && message.test(e.message));
}

describe('host settings → generation params', () => {
  it('gives the core defaults when nothing is set, with no distribution', () => {
    const p = paramsFromSettings(settings());
    assert.deepEqual(p, DEFAULT_PARAMS);
    assert.ok(!('kinds' in p) && !('queryStyles' in p) && !('queryLengths' in p));
  });

  it('reads an empty object, null or an absent setting as no distribution', () => {
    for (const value of [{}, null, undefined]) {
      const p = paramsFromSettings(settings({ kinds: value, queryStyles: value, queryLengths: value }));
      assert.equal(p.kinds, undefined, JSON.stringify(value));
      assert.equal(p.queryStyles, undefined);
      assert.equal(p.queryLengths, undefined);
    }
  });

  it('reads the three distributions, scaled to sum 1, in the names\' order', () => {
    const p = paramsFromSettings(settings({
      kinds: { unanswerable: 1, single_hop: 6, multi_hop: 3 },
      queryStyles: { web_search: 0.5, perfect_grammar: 0.5 },
      queryLengths: { long: 2, short: 3, medium: 5 },
    }));
    assert.deepEqual(p.kinds, { single_hop: 0.6, multi_hop: 0.3, unanswerable: 0.1 });
    assert.deepEqual(Object.keys(p.kinds!), ['single_hop', 'multi_hop', 'unanswerable']);
    assert.deepEqual(p.queryStyles, { perfect_grammar: 0.5, web_search: 0.5 });
    assert.deepEqual(p.queryLengths, { short: 0.3, medium: 0.5, long: 0.2 });
  });

  it('takes a distribution whole from the most specific level that sets it, not merged with the user\'s', () => {
    const p = paramsFromSettings(settings({ kinds: { single_hop: 1 }, queryLengths: { short: 1 } }, { kinds: { multi_hop: 1 }, queryLengths: {} }));
    assert.deepEqual(p.kinds, { multi_hop: 1 }, 'the workspace\'s kinds, without the user\'s single_hop');
    assert.equal(p.queryLengths, undefined, 'an empty object in the workspace clears the user\'s lengths');
    assert.deepEqual(paramsFromSettings(settings({ kinds: { single_hop: 1 } })).kinds, { single_hop: 1 }, 'the user\'s when the workspace sets none');
  });

  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ kinds: { two_hop: 1 } }, /^setting qaforge\.generation\.kinds: kinds\.two_hop is not known; allowed: single_hop, multi_hop, unanswerable, multi_turn/],
    [{ kinds: { single_hop: -0.5, multi_hop: 1 } }, /^setting qaforge\.generation\.kinds: kinds\.single_hop must be a number of 0 or more; got -0\.5/],
    [{ queryStyles: { web_search: 0, misspelled: 0 } }, /^setting qaforge\.generation\.queryStyles: query_styles must be an object of shares with at least one above 0/],
    [{ queryLengths: 'short' }, /^setting qaforge\.generation\.queryLengths: query_lengths must be an object of shares \{short, medium, long\}; got "short"/],
    [{ queryLengths: [0.5, 0.5] }, /^setting qaforge\.generation\.queryLengths: query_lengths must be an object of shares/],
    [{ queryStyles: { web_search: '1' } }, /^setting qaforge\.generation\.queryStyles: query_styles\.web_search must be a number of 0 or more; got "1"/],
    [{ numPairs: 0 }, /^setting qaforge\.generation\.numPairs: num_pairs must be an integer from 1 to 10000/],
  ];
  for (const [set, message] of bad) {
    it(`refuses ${JSON.stringify(set)} naming the setting`, () => refused(set, message));
  }

  it('names the setting of every field, dimensions by their own key', () => {
    assert.equal(settingOfField('query_lengths.tiny'), 'qaforge.generation.queryLengths');
    assert.equal(settingOfField('breakpoint_percentile_threshold'), 'qaforge.generation.breakpointPercentileThreshold');
    assert.equal(settingOfField('dimensions.persona'), 'qaforge.generation.dimensions.persona');
    assert.equal(settingOfField('temperature'), undefined);
  });

  it('reads the dimensions and text settings, an empty text being unset', () => {
    const p = paramsFromSettings(settings({ 'dimensions.persona': 'a new operator', 'dimensions.features': '', customGuidelines: '  ' }));
    assert.deepEqual(p.dimensions, { persona: 'a new operator' });
    assert.equal(p.customGuidelines, undefined);
  });
});
