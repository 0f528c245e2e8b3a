/** Maps character offsets of a text to 1-based line numbers. */
import { lastAtOrBefore } from './search';

/** Line start offsets of a text, for offset → line look-ups in O(log n). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line of the character at `offset` (offsets past the end belong to the last line). */
  lineAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset) + 1;
  }

  /** 1-based first and last line of the range [start, end). An empty range is on the line of `start`. */
  range(start: number, end: number): { startLine: number; endLine: number } {
    const startLine = this.lineAt(start);
    return { startLine, endLine: end > start ? this.lineAt(end - 1) : startLine };
  }

  /** Number of lines. */
  get count(): number {
    return this.starts.length;
  }
}
