/**
 * What the answer, validation and revision stages tell a model of a pair of another kind than single_hop (its kind,
 * a multi_turn pair's turns, a multi_hop pair's further bodies of evidence) and of a pair with a query style or
 * length. A plain single_hop pair gets no field, so its input is what it was before kinds.
 */
import type { KindFields } from '../domain/tasks';
import type { EvidenceBody, EvidenceTable } from './evidenceBody';
import type { PairSlot } from './state';
import { shapeOf } from './styles';

/** The kind fields of `slot`'s item in a call whose bodies are numbered by `table` (`bodies[0]` its own). */
export function kindFieldsOf(slot: PairSlot, table: EvidenceTable, bodies: readonly EvidenceBody[]): KindFields {
  const pair = slot.current;
  if (!pair.kind) return shapeOf(pair);
  const more = bodies.slice(1).map((b) => table.idOf(b));
  return {
    kind: pair.kind,
    ...(pair.turns?.length ? { turns: pair.turns } : {}),
    ...(more.length > 0 ? { more_evidence_ids: more } : {}),
    ...shapeOf(pair),
  };
}
