/**
 * Call-local ids for the items of one model call ("q1", "q2", … in request order). A pair's or chunk's own id is a
 * 16-digit hash that costs a model several tokens each time it is read or written; inside one call its position
 * names it just as well, so the request carries the short id and the reply is matched back by it.
 */

/** The call-local id of the item at `index` (0-based) of a call, e.g. `localId('q', 0)` → "q1". */
export function localId(prefix: string, index: number): string {
  return `${prefix}${index + 1}`;
}
