import { strict as assert } from 'node:assert';
import { asciiPieceEnd, createTokenCounter, LONG_PIECE } from '../../../../src/core/chunking/tokenCount';
import { calibrate, estimateTokens, hasWideCharacters, wideShare } from '../../../../src/core/chunking/counting';
import { countTokens } from '../../../../src/core/text/tokens';

/** Deterministic pseudo-random strings over an alphabet chosen to hit every branch of the pattern. */
function* fuzz(alphabet: string[], cases: number, maxLength: number, seed: number): Generator<string> {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  for (let k = 0; k < cases; k++) {
    const len = 1 + Math.floor(next() * maxLength);
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    yield s;
  }
}

const ASCII = ['a', 'b', 'Z', 'Q', 'x', '1', '2', '0', ' ', ' ', ' ', '\n', '\r', '\t', '\u000b', '\f', "'", 's', 'l', 'r', 'e', 'v', 'd', 'm', 't', 'S', 'L', 'D', '.', ',', '/', '(', ')', '-', '!', '`', '#', '*', '_', '"'];
const UNICODE = [...ASCII, 'é', 'Ü', 'ß', 'ǅ', 'ʰ', '\u0301', 'データ', '数', '—', '“', '”', '😀', '²', 'Ⅻ', '\u00a0', '\u2003', '\u2028', 'ﬁ', 'Я', 'я'];

describe('chunking: fast exact token counter', function () {
  // fuzzing compares with the slow reference tokenizer; give it room on a loaded machine
  this.timeout(60_000);

  it('equals countTokens on fuzzed ASCII text', () => {
    const count = createTokenCounter();
    for (const s of fuzz(ASCII, 3000, 60, 7)) assert.equal(count(s), countTokens(s), JSON.stringify(s));
  });

  it('equals countTokens on long fuzzed ASCII text (segments longer than the segment memo takes) and on repeated words (memo hits)', () => {
    const count = createTokenCounter();
    const fewBlanks = ASCII.filter((c) => c !== ' ').concat([' ']);
    for (const s of fuzz(fewBlanks, 300, 400, 13)) assert.equal(count(s), countTokens(s), JSON.stringify(s));
    const words = [...fuzz(ASCII, 200, 12, 17)];
    for (const s of fuzz(words, 300, 40, 19)) {
      assert.equal(count(s), countTokens(s), JSON.stringify(s));
      assert.equal(count(s), countTokens(s), `second count of ${JSON.stringify(s)}`);
    }
  });

  it('equals countTokens on fuzzed mixed Unicode text', () => {
    const count = createTokenCounter();
    for (const s of fuzz(UNICODE, 2000, 60, 11)) assert.equal(count(s), countTokens(s), JSON.stringify(s));
  });

  it('equals countTokens on real prose, code and CJK', () => {
    const count = createTokenCounter();
    const samples = [
      "It's the HTTPServer's job: we'll see 1234567 requests/s.\n\n```ts\nconst x = a /b/ c;\n```\n  - nested\n\t\ttabs  \n",
      'Die Katze sitzt auf der Matte. Größere Dateien werden übersprungen.',
      '私たちはデータセットを作ります。各チャンクは元の行に戻れます。',
      'Emoji 😀 and café — “quotes” and naïve résumé.',
    ];
    for (const s of samples) assert.equal(count(s), countTokens(s), s);
  });

  it('counts text with special-token strings as ordinary text', () => {
    assert.throws(() => countTokens('a <|endoftext|> b'));
    assert.equal(createTokenCounter()('a <|endoftext|> b'), countTokens('a <|') + countTokens(' endoftext') + countTokens('|>') + countTokens(' b'));
  });

  it('bounds a very long piece (no word breaks) by its byte length', () => {
    const blob = 'QUJD'.repeat(LONG_PIECE);
    const bounded = createTokenCounter()(`see ${blob} here`);
    assert.equal(bounded, countTokens('see') + Buffer.byteLength(` ${blob}`) + countTokens(' here'));
    assert.ok(bounded >= countTokens(`see ${blob} here`));
  });

  it('scans ASCII pieces like the o200k pattern', () => {
    const text = "Hello  world's 12345\n\n  x";
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i = asciiPieceEnd(text, i)) pieces.push(text.slice(i, asciiPieceEnd(text, i)));
    assert.deepEqual(pieces, ['Hello', ' ', ' world\'s', ' ', '123', '45', '\n\n', ' ', ' x']);
  });
});

describe('chunking: token estimates for packing', () => {
  it('calibrates the estimate on the document', () => {
    const english = 'The ingest stage reads every supported file and keeps exact offsets. '.repeat(50);
    const factor = calibrate(english);
    assert.ok(Math.abs(estimateTokens(english) * factor - countTokens(english)) < 0.05 * countTokens(english));
    const japanese = '私たちはデータセットを作ります。各チャンクは元の行に戻れます。'.repeat(40);
    assert.ok(calibrate(japanese) < 0.9, 'Japanese has fewer tokens than characters');
    assert.equal(estimateTokens('abcd'.repeat(10)), 10);
    assert.equal(estimateTokens('abc'), 0.75);
    assert.equal(estimateTokens('数据集'), 3);
    assert.equal(hasWideCharacters('plain text \u2029 mask'), false);
    assert.equal(hasWideCharacters('数据'), true);
    assert.equal(wideShare('ab数据'), 0.5);
    assert.equal(wideShare('abc'), 0);
  });
});
