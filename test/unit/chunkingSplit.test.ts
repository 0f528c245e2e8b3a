import { strict as assert } from 'node:assert';
import { wideCharacters, estimateTokens } from '../../src/core/chunking/counting';
import { splitBefore } from '../../src/core/chunking/sentence';

/** What @langchain/textsplitters does for a separator with keepSeparator (the behaviour splitBefore replaces). */
function lookaheadSplit(text: string, separator: string): string[] {
  const escaped = separator.replace(/[/\-\\^$*+?.()|[\]{}]/g, '\\$&');
  return text.split(new RegExp(`(?=${escaped})`)).filter((s) => s !== '');
}

describe('chunking: separator split and wide-character count', () => {
  it('splitBefore equals the look-ahead split, overlapping separators and edges included', () => {
    const cases: Array<[string, string]> = [
      ['', '\n'], ['abc', '\n'], ['\n', '\n'], ['\n\n\n', '\n\n'], ['a\n\nb\n\n\nc\n', '\n\n'], ['\n# A\n# B', '\n# '],
      ['x.\u2029Y\u2029\u2029z', '\u2029'], ['one two  three ', ' '], ['##\n## a\n## b', '\n## '],
    ];
    let seed = 7;
    const alphabet = ['\n', ' ', '#', 'a', '\u2029', '\uE000'];
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let i = 0; i < 30; i++) { seed = (seed * 1103515245 + 12345) >>> 0; text += alphabet[seed % alphabet.length]; }
      for (const sep of ['\n', '\n\n', '\n# ', ' ', '\u2029', '\uE000']) cases.push([text, sep]);
    }
    for (const [text, sep] of cases) assert.deepEqual(splitBefore(text, sep), lookaheadSplit(text, sep), JSON.stringify([text, sep]));
  });

  it('counts wide characters as estimateTokens does', () => {
    for (const text of ['plain ascii', 'Größe café', 'データ and 数据集', '\uE000code\uE000', '']) {
      const wide = wideCharacters(text);
      assert.equal((text.length - wide) / 4 + wide, estimateTokens(text), text);
    }
    assert.equal(wideCharacters('データ and 数据集'), 6);
    assert.equal(wideCharacters('\uE000x'), 0);
  });
});
