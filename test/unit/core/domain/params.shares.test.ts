/**
 * The distributions of GenerationParams — kinds, query_styles, query_lengths: validated naming the field, scaled to
 * sum 1 in the names' order, absent by default (no key, so manifests written before them stay the same).
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_PARAMS, InvalidParamsError, paramsToSnake, resolveParams } from '../../../../src/core/domain/params';

describe('GenerationParams distributions', () => {
  it('are absent by default: no key in the params or their snake_case form', () => {
    const p = resolveParams();
    assert.deepEqual(p, DEFAULT_PARAMS);
    for (const key of ['kinds', 'queryStyles', 'queryLengths']) assert.ok(!(key in p), key);
    for (const key of ['kinds', 'query_styles', 'query_lengths']) assert.ok(!(key in paramsToSnake(p)), key);
  });

  it('take snake_case and camelCase keys and scale the shares to sum 1', () => {
    const snake = resolveParams({ kinds: { single_hop: 6, multi_hop: 3, unanswerable: 1 }, query_styles: { perfect_grammar: 1, web_search: 1 }, query_lengths: { short: 3, medium: 5, long: 2 } });
    const camel = resolveParams({ kinds: { single_hop: 0.6, multi_hop: 0.3, unanswerable: 0.1 }, queryStyles: { perfect_grammar: 0.5, web_search: 0.5 }, queryLengths: { short: 0.3, medium: 0.5, long: 0.2 } });
    assert.deepEqual(snake, camel);
    assert.deepEqual(snake.kinds, { single_hop: 0.6, multi_hop: 0.3, unanswerable: 0.1 });
    assert.deepEqual(snake.queryStyles, { perfect_grammar: 0.5, web_search: 0.5 });
    assert.deepEqual(snake.queryLengths, { short: 0.3, medium: 0.5, long: 0.2 });
    for (const shares of [snake.kinds!, snake.queryStyles!, snake.queryLengths!]) {
      assert.ok(Math.abs(Object.values(shares).reduce((a, b) => a + b, 0) - 1) < 1e-9);
    }
  });

  it('keep the names\' order whatever order they were given in, and leave zero shares out', () => {
    const p = resolveParams({ kinds: { multi_turn: 1, unanswerable: 0, single_hop: 1 }, query_lengths: { long: 1, short: 1 }, query_styles: { misspelled: 1, perfect_grammar: 3 } });
    assert.deepEqual(Object.keys(p.kinds!), ['single_hop', 'multi_turn']);
    assert.deepEqual(Object.keys(p.queryLengths!), ['short', 'long']);
    assert.deepEqual(Object.keys(p.queryStyles!), ['perfect_grammar', 'misspelled']);
    assert.equal(JSON.stringify(paramsToSnake(p).kinds), '{"single_hop":0.5,"multi_turn":0.5}');
    const keys = Object.keys(paramsToSnake(p));
    assert.deepEqual(keys.slice(-3), ['kinds', 'query_styles', 'query_lengths'], 'after the other params, in a fixed order');
  });

  it('resolve to the same shares when resolved again (a resumed run, the confirm step)', () => {
    const once = resolveParams({ kinds: { single_hop: 1, multi_hop: 1, unanswerable: 1 } });
    assert.deepEqual(resolveParams(once).kinds, once.kinds);
  });

  const bad: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ kinds: { two_hop: 1 } }, 'kinds.two_hop', /kinds\.two_hop is not known; allowed: single_hop, multi_hop, unanswerable, multi_turn/],
    [{ query_styles: { shouting: 1 } }, 'query_styles.shouting', /query_styles\.shouting is not known; allowed: perfect_grammar, poor_grammar, web_search, misspelled/],
    [{ query_lengths: { tiny: 1 } }, 'query_lengths.tiny', /query_lengths\.tiny is not known; allowed: short, medium, long/],
    [{ kinds: { single_hop: -0.1, multi_hop: 1 } }, 'kinds.single_hop', /kinds\.single_hop must be a number of 0 or more; got -0\.1/],
    [{ query_styles: { web_search: -1 } }, 'query_styles.web_search', /query_styles\.web_search must be a number of 0 or more/],
    [{ query_lengths: { short: true } }, 'query_lengths.short', /query_lengths\.short must be a number of 0 or more; got true/],
    [{ kinds: { single_hop: '0.5' } }, 'kinds.single_hop', /kinds\.single_hop must be a number of 0 or more; got "0\.5"/],
    [{ kinds: { single_hop: 0, multi_hop: 0 } }, 'kinds', /kinds must be an object of shares with at least one above 0/],
    [{ query_styles: {} }, 'query_styles', /query_styles must be an object of shares with at least one above 0/],
    [{ query_lengths: { short: 0 } }, 'query_lengths', /query_lengths must be an object of shares with at least one above 0/],
    [{ kinds: 'single_hop' }, 'kinds', /kinds must be an object of shares \{single_hop, multi_hop, unanswerable, multi_turn\}; got "single_hop"/],
    [{ query_styles: ['web_search'] }, 'query_styles', /query_styles must be an object of shares/],
    [{ query_lengths: null }, 'query_lengths', /query_lengths must be an object of shares \{short, medium, long\}; got null/],
    [{ kinds: 1 }, 'kinds', /kinds must be an object of shares/],
  ];
  for (const [input, field, message] of bad) {
    it(`refuses ${JSON.stringify(input)} naming ${field}`, () => {
      assert.throws(() => resolveParams(input), (e: unknown) => e instanceof InvalidParamsError && e.field === field && message.test(e.message));
    });
  }
});
