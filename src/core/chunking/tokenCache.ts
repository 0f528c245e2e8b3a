/** Token counts memoised per text, because the splitters ask for the same pieces' lengths several times. */
import { countTokens } from '../text/tokens';

/** A countTokens with a bounded memo (cleared when it grows past `limit` entries). */
export function cachedTokenCounter(limit = 50_000): (text: string) => number {
  const memo = new Map<string, number>();
  return (text: string): number => {
    let n = memo.get(text);
    if (n === undefined) {
      n = countTokens(text);
      if (memo.size >= limit) memo.clear();
      memo.set(text, n);
    }
    return n;
  };
}
