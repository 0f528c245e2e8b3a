/**
 * Query styles and lengths as distributions: each question a round asks for is given a style and a length in
 * proportion to the run's shares (smooth weighted round-robin, so every prefix of a round is as close to the shares
 * as whole questions allow, and the assignment is deterministic). The style changes how a question is worded; its
 * answer and evidence do not change.
 */
import { QUERY_LENGTHS, QUERY_STYLES, type QueryLength, type QueryStyle, type Shares } from '../domain/kinds';
import type { GenerationParams } from '../domain/params';
import type { QAPair } from '../domain/records';

/** What a question is asked to look like (either field absent when the run asks for no such distribution). */
export interface QueryShape {
  query_style?: QueryStyle;
  query_length?: QueryLength;
}

/** Deals out names in proportion to their shares (smooth weighted round-robin). */
class Dealer<K extends string> {
  private readonly current = new Map<K, number>();
  constructor(private readonly shares: Shares<K>, private readonly order: readonly K[]) {}

  next(): K {
    let best: K | undefined;
    let total = 0;
    for (const k of this.order) {
      const w = this.shares[k] ?? 0;
      if (w <= 0) continue;
      total += w;
      this.current.set(k, (this.current.get(k) ?? 0) + w);
      if (best === undefined || this.current.get(k)! > this.current.get(best)!) best = k;
    }
    this.current.set(best!, this.current.get(best!)! - total);
    return best!;
  }
}

/** The shapes of one round's questions, dealt one by one. */
export class ShapePlan {
  private readonly styles?: Dealer<QueryStyle>;
  private readonly lengths?: Dealer<QueryLength>;

  constructor(params: Pick<GenerationParams, 'queryStyles' | 'queryLengths'>) {
    if (params.queryStyles) this.styles = new Dealer(params.queryStyles, QUERY_STYLES);
    if (params.queryLengths) this.lengths = new Dealer(params.queryLengths, QUERY_LENGTHS);
  }

  /** True when the run asks for styles or lengths at all. */
  get active(): boolean {
    return this.styles !== undefined || this.lengths !== undefined;
  }

  /** The shape of the next question. */
  next(): QueryShape {
    return {
      ...(this.styles ? { query_style: this.styles.next() } : {}),
      ...(this.lengths ? { query_length: this.lengths.next() } : {}),
    };
  }

  /**
   * `count` questions of one request split by shape: one entry per distinct shape, with its count, in the order the
   * shapes were first dealt (a single entry with no shape fields when the run asks for none).
   */
  split(count: number): Array<{ shape: QueryShape; count: number }> {
    if (!this.active) return [{ shape: {}, count }];
    const out: Array<{ shape: QueryShape; count: number }> = [];
    for (let i = 0; i < count; i++) {
      const shape = this.next();
      const same = out.find((o) => sameShape(o.shape, shape));
      if (same) same.count++;
      else out.push({ shape, count: 1 });
    }
    return out;
  }
}

/** True when two shapes ask for the same style and length. */
export function sameShape(a: QueryShape, b: QueryShape): boolean {
  return a.query_style === b.query_style && a.query_length === b.query_length;
}

/** The shape fields set in `fields` (a request's, or a reply question's echo), and no others. */
export function shapeOfFields(fields: QueryShape): QueryShape {
  return {
    ...(fields.query_style ? { query_style: fields.query_style } : {}),
    ...(fields.query_length ? { query_length: fields.query_length } : {}),
  };
}

/** A pair's shape as the stages after question writing are told it (nothing for a pair without one). */
export function shapeOf(pair: Pick<QAPair, 'queryStyle' | 'queryLength'>): QueryShape {
  return {
    ...(pair.queryStyle ? { query_style: pair.queryStyle } : {}),
    ...(pair.queryLength ? { query_length: pair.queryLength } : {}),
  };
}

/** The pair fields of a shape. */
export function shapeFields(shape: QueryShape): Pick<QAPair, 'queryStyle' | 'queryLength'> {
  return {
    ...(shape.query_style ? { queryStyle: shape.query_style } : {}),
    ...(shape.query_length ? { queryLength: shape.query_length } : {}),
  };
}
