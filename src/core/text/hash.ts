/** Content hashes used for ids, cache keys and staleness checks. */
import { createHash } from 'node:crypto';

/** sha256 of a string or bytes, hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A short stable id (first `length` hex chars of sha256 over the parts joined by NUL). */
export function shortHash(parts: readonly string[], length = 16): string {
  return sha256(parts.join('\u0000')).slice(0, length);
}
