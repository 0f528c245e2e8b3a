/**
 * Builds a SourceDocument whose text is assembled from pieces of an original file (html, notebooks, source
 * comments), keeping an offset map so `locate` gives exact ranges of the original file.
 */
import { lastAtOrBefore } from '../../text/search';
import { LineIndex } from '../../text/lines';
import type { DocumentFormat, SourceDocument, SourceSpan } from '../types';

/** Appends text while recording where each piece came from in `source`. */
export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private tailNewlines = 0;
  private readonly outStart: number[] = [];
  private readonly srcStart: number[] = [];
  private readonly srcEnd: number[] = [];
  /** Exact pieces map character by character; the others map as a whole to their source range. */
  private readonly exact: boolean[] = [];

  constructor(readonly source: string) {}

  /** Appends `source.slice(start, end)` verbatim. */
  copy(start: number, end: number): void {
    if (end > start) this.push(this.source.slice(start, end), start, end, true);
  }

  /** Appends `text` that stands for `source[start, end)` as a whole (a decoded entity, a joining newline…). */
  emit(text: string, start: number, end: number): void {
    if (text.length > 0) this.push(text, start, end, false);
  }

  /** Number of characters appended so far. */
  get size(): number {
    return this.length;
  }

  /** How many newlines the text built so far ends with. */
  get trailingNewlines(): number {
    return this.tailNewlines;
  }

  /** The last character appended, or '' when empty. */
  lastChar(): string {
    const last = this.parts[this.parts.length - 1];
    return last ? last[last.length - 1] : '';
  }

  private push(text: string, start: number, end: number, exact: boolean): void {
    this.outStart.push(this.length);
    this.srcStart.push(start);
    this.srcEnd.push(end);
    this.exact.push(exact);
    this.parts.push(text);
    this.length += text.length;
    let n = 0;
    while (n < text.length && text[text.length - 1 - n] === '\n') n++;
    this.tailNewlines = n === text.length ? this.tailNewlines + n : n;
  }

  private text(): string {
    const joined = this.parts.join('');
    this.parts.length = 0;
    this.parts.push(joined);
    return joined;
  }

  /** Maps [start, end) of the built text to the original file's offsets. */
  mapRange(start: number, end: number): { start: number; end: number } {
    if (this.outStart.length === 0) return { start: 0, end: 0 };
    const s = this.segmentAt(start);
    const srcS = this.exact[s] ? this.srcStart[s] + (start - this.outStart[s]) : this.srcStart[s];
    if (end <= start) return { start: srcS, end: srcS };
    const e = this.segmentAt(end - 1);
    const srcE = this.exact[e] ? this.srcStart[e] + (end - this.outStart[e]) : this.srcEnd[e];
    return { start: srcS, end: Math.max(srcS, srcE) };
  }

  private segmentAt(offset: number): number {
    return lastAtOrBefore(this.outStart, offset);
  }

  /** The finished document; `locate` returns offsets and 1-based lines of the original file. */
  build(path: string, format: DocumentFormat, hash: string, warnings: string[]): SourceDocument {
    const text = this.text();
    let lines: LineIndex | undefined;
    return {
      path,
      format,
      text,
      hash,
      warnings,
      ...(text === this.source ? {} : { source: this.source }),
      locate: (start: number, end: number): SourceSpan => {
        const range = this.mapRange(start, end);
        lines ??= new LineIndex(this.source);
        return { ...range, ...lines.range(range.start, range.end) };
      },
    };
  }
}
