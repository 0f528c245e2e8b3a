/** Binary search over sorted offsets. */

/** Index of the last element of ascending `sorted` that is <= `value` (0 when none is; `sorted` is non-empty). */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
