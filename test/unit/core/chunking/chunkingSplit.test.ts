import { strict as assert } from 'node:assert';
import { wideCharacters, estimateTokens } from '../../../../src/core/chunking/counting';

describe('chunking: wide-character count', () => {
  it('counts wide characters as estimateTokens does', () => {
    for (const text of ['plain ascii', 'Größe café', 'データ and 数据集', '\uE000code\uE000', '']) {
      const wide = wideCharacters(text);
      assert.equal((text.length - wide) / 4 + wide, estimateTokens(text), text);
    }
    assert.equal(wideCharacters('データ and 数据集'), 6);
    assert.equal(wideCharacters('\uE000x'), 0);
  });
});
