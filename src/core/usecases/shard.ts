/**
 * Sharded runs (`generate --shard i/n`): a CI matrix of n jobs covers a corpus once. Each source file belongs to
 * one shard by a stable hash of its root-relative path (the same on every machine and every run), and num_pairs is
 * split over the shards the way a single run spreads it over its chunks — by the statements they can give (a chunk
 * of up to 4,000 tokens gives statements_per_chunk) and with the same largest-remainder rule — so the shards
 * together ask for what one run would. A single run weighs chunks by the statements actually extracted, which a
 * shard cannot know of the other shards' files without their model calls: the split is that run's, estimated.
 */
import type { Session, SourceDocument } from '../ingest/types';
import { spread, statementsFor } from '../pipeline/allocate';
import type { GenerationParams } from '../domain/params';
import { sha256 } from '../text/hash';
import { countTokens } from '../text/tokens';

/** One part of n: `index` from 1 to `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Most shards a corpus may be split into. */
export const MAX_SHARDS = 1000;

/** A `--shard` value that is not `i/n` with 1 ≤ i ≤ n. */
export class InvalidShardError extends Error {
  override name = 'InvalidShardError';
}

/**
 * Parses `i/n` (1-based: `1/3`, `2/3`, `3/3`).
 * @throws InvalidShardError naming the value and what is allowed
 */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new InvalidShardError(`--shard must be i/n with n from 1 to ${MAX_SHARDS} and i from 1 to n (e.g. 2/4); got ${JSON.stringify(value)}`);
  }
  return { index, count };
}

/** The shard (1..count) a source file belongs to: sha256 of its root-relative path, forward slashes. */
export function shardOfPath(relativePath: string, count: number): number {
  const digest = sha256(relativePath.replace(/\\/g, '/'));
  // 48 bits of the digest: uniform enough over any count up to MAX_SHARDS, exact in a double
  return (parseInt(digest.slice(0, 12), 16) % count) + 1;
}

/** The sources of one shard and its part of num_pairs. */
export interface ShardSelection {
  documents: SourceDocument[];
  sessions: Session[];
  /** This shard's part of num_pairs (0 when it holds no source). */
  numPairs: number;
  /** The num_pairs of every shard, index 1 first (they add up to the total). */
  perShard: number[];
}

/** What a text of `tokens` weighs in a single run's spread: the statements of the chunks it is cut into. */
export function statementCapacity(tokens: number, params: Pick<GenerationParams, 'chunkSize' | 'statementsPerChunk'>): number {
  if (tokens <= 0) return 0;
  const chunks = Math.max(1, Math.ceil(tokens / params.chunkSize));
  return chunks * statementsFor(Math.ceil(tokens / chunks), params.statementsPerChunk);
}

/**
 * Keeps the documents and sessions of `shard` and gives it its part of `numPairs`: the total is spread over the
 * shards that hold any source, weighted by the statements their files can give (statementCapacity). Every shard reads the whole corpus to know the weights,
 * so all shards agree on the split without talking to each other.
 */
export function selectShard(
  documents: readonly SourceDocument[], sessions: readonly Session[], params: Pick<GenerationParams, 'numPairs' | 'chunkSize' | 'statementsPerChunk'>, shard: Shard,
): ShardSelection {
  const weigh = (text: string): number => statementCapacity(countTokens(text), params);
  const weights = new Array<number>(shard.count).fill(0);
  const holds = new Array<boolean>(shard.count).fill(false);
  const mine = <T>(items: readonly T[], pathOf: (item: T) => string, size: (item: T) => number): T[] => items.filter((item) => {
    const at = shardOfPath(pathOf(item), shard.count) - 1;
    weights[at] += size(item);
    holds[at] = true;
    return at === shard.index - 1;
  });
  const ownDocuments = mine(documents, (d) => d.path, (d) => weigh(d.text));
  const ownSessions = mine(sessions, (s) => s.file, (s) => weigh(s.messages.map((m) => m.content).join('\n')));
  const used = holds.flatMap((h, i) => (h ? [i] : []));
  const parts = spread(used.map((i) => weights[i]), params.numPairs);
  const perShard = new Array<number>(shard.count).fill(0);
  used.forEach((i, k) => { perShard[i] = parts[k]; });
  return { documents: ownDocuments, sessions: ownSessions, numPairs: perShard[shard.index - 1], perShard };
}
