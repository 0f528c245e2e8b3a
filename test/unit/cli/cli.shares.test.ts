/**
 * `qaforge generate --kinds / --query-styles / --query-lengths`: `name=share,name=share`, a bad value refused as one
 * line naming the flag and the bad part (exit 2), a good one resolved by the params and written to the manifest.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, kettleWorkspace } from '../support/cliRun';
import { CliError, EXIT } from '../../../src/cli/errors';
import { sharesOption } from '../../../src/cli/parse';
import { PAIR_KINDS, QUERY_LENGTHS } from '../../../src/core/domain/kinds';
import { parseManifest } from '../../../src/core/dataset/manifest';
import { KETTLE_DOC } from '../support/datasetFixtures';

describe('sharesOption: name=share,name=share', () => {
  const kinds = sharesOption('--kinds', 'kind', PAIR_KINDS);

  it('reads each name\'s share, spaces and a trailing comma aside', () => {
    assert.deepEqual(kinds('single_hop=0.6,multi_hop=0.3,unanswerable=0.1'), { single_hop: 0.6, multi_hop: 0.3, unanswerable: 0.1 });
    assert.deepEqual(kinds(' multi_turn = 2 , single_hop=1e0,'), { multi_turn: 2, single_hop: 1 });
    assert.deepEqual(sharesOption('--query-lengths', 'query length', QUERY_LENGTHS)('short=0.3,medium=0.5,long=0.2'), { short: 0.3, medium: 0.5, long: 0.2 });
  });

  it('leaves the range to the params (a negative or zero share is read as given)', () => {
    assert.deepEqual(kinds('single_hop=-1,multi_hop=0'), { single_hop: -1, multi_hop: 0 });
  });

  const bad: Array<[string, RegExp]> = [
    ['', /^--kinds needs name=share pairs, comma-separated, e\.g\. single_hop=0\.6,multi_hop=0\.4; got ""$/],
    [' , ', /^--kinds needs name=share pairs/],
    ['single_hop', /^--kinds: "single_hop" is not name=share \(e\.g\. single_hop=0\.6,multi_hop=0\.4\)$/],
    ['single_hop=0.5,=0.5', /^--kinds: "=0\.5" is not name=share/],
    ['single_hop:0.5', /^--kinds: "single_hop:0\.5" is not name=share/],
    ['two_hop=0.5', /^--kinds: unknown kind "two_hop" in "two_hop=0\.5"; allowed: single_hop, multi_hop, unanswerable, multi_turn$/],
    ['single_hop=lots', /^--kinds: the share of single_hop must be a number; got "lots" in "single_hop=lots"$/],
    ['single_hop=', /^--kinds: the share of single_hop must be a number; got "" in "single_hop="$/],
    ['single_hop=Infinity', /^--kinds: the share of single_hop must be a number; got "Infinity"/],
    ['single_hop=0.5,single_hop=0.5', /^--kinds: single_hop is given twice$/],
  ];
  for (const [value, message] of bad) {
    it(`refuses ${JSON.stringify(value)} naming the flag and the bad part`, () => {
      assert.throws(() => kinds(value), (e: unknown) => e instanceof CliError && e.exitCode === EXIT.usage && message.test(e.message));
    });
  }
});

describe('qaforge generate --kinds, --query-styles, --query-lengths', function () {
  this.timeout(30000);
  const { dir, generate } = kettleWorkspace(KETTLE_DOC);
  const manifestParams = (): Record<string, unknown> => parseManifest(fs.readFileSync(path.join(dir(), 'ds/k.qa.manifest.json'), 'utf8')).params;

  it('lists the three flags in --help, with the names they take', async () => {
    const { out } = await cli(['generate', '--help']);
    for (const flag of ['--kinds <shares>', '--query-styles <shares>', '--query-lengths <shares>']) assert.ok(out.includes(flag), flag);
    for (const name of [...PAIR_KINDS, 'perfect_grammar', 'poor_grammar', 'web_search', 'misspelled']) assert.ok(out.includes(name), name);
  });

  const refused: Array<[string[], RegExp]> = [
    [['--kinds', 'single_hop=0.6,two_hop=0.4'], /--kinds: unknown kind "two_hop" in "two_hop=0\.4"; allowed: single_hop, multi_hop, unanswerable, multi_turn/],
    [['--kinds', 'single_hop=much'], /--kinds: the share of single_hop must be a number; got "much"/],
    [['--kinds', 'single_hop=-0.2,multi_hop=1'], /--kinds: kinds\.single_hop must be a number of 0 or more; got -0\.2/],
    [['--kinds', 'single_hop=0,unanswerable=0'], /--kinds: kinds must be an object of shares with at least one above 0/],
    [['--query-styles', 'shouting=1'], /--query-styles: unknown query style "shouting" in "shouting=1"; allowed: perfect_grammar, poor_grammar, web_search, misspelled/],
    [['--query-lengths', 'short'], /--query-lengths: "short" is not name=share/],
    [['--query-lengths', 'long=-1'], /--query-lengths: query_lengths\.long must be a number of 0 or more; got -1/],
  ];
  for (const [flags, message] of refused) {
    it(`refuses ${flags.join(' ')} as one line naming the flag, exit 2, before any run`, async () => {
      const r = await generate(...flags);
      assert.equal(r.code, EXIT.usage);
      const lines = r.err.trim().split('\n');
      assert.match(lines[lines.length - 1], message);
      assert.ok(lines[lines.length - 1].startsWith('qaforge: error: '), r.err);
      assert.doesNotMatch(r.err, /\n\s+at /);
      assert.ok(!fs.existsSync(path.join(dir(), 'ds')), 'nothing was written');
    });
  }

  it('writes the resolved shares to the manifest params, scaled to sum 1 in the names\' order', async () => {
    const r = await generate('--num-pairs', '2', '--kinds', 'unanswerable=1,single_hop=6,multi_hop=3',
      '--query-styles', 'web_search=1,perfect_grammar=1', '--query-lengths', 'short=0.3,medium=0.5,long=0.2');
    assert.ok(r.code === EXIT.ok || r.code === EXIT.partial, r.err);
    const params = manifestParams();
    assert.equal(JSON.stringify(params.kinds), '{"single_hop":0.6,"multi_hop":0.3,"unanswerable":0.1}');
    assert.equal(JSON.stringify(params.query_styles), '{"perfect_grammar":0.5,"web_search":0.5}');
    assert.equal(JSON.stringify(params.query_lengths), '{"short":0.3,"medium":0.5,"long":0.2}');
  });

  it('writes no distribution to the manifest without the flags', async () => {
    const r = await generate();
    assert.ok(r.code === EXIT.ok || r.code === EXIT.partial, r.err);
    const params = manifestParams();
    for (const key of ['kinds', 'query_styles', 'query_lengths']) assert.ok(!(key in params), key);
  });
});
