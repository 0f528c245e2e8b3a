/**
 * The validator's check of a pair's kind, applied to its quality: a multi_hop pair one passage answers, or an
 * unanswerable pair a passage answers, or a multi_turn pair whose final question does not need its turns (or whose
 * turns say what the documents do not), is dropped with that reason (rejected, never relabelled as another kind).
 */
import type { Quality } from '../domain/records';
import type { KindCheck, SpecialKind } from '../domain/tasks';
import { feedbackOf } from './verdict';

/** Why a kind check failed, as the question critique says it. */
export const KIND_CHECK_FAILED: Readonly<Record<SpecialKind, string>> = Object.freeze({
  multi_hop: 'Not multi-hop: one of its passages alone answers the question.',
  unanswerable: 'Answerable: a passage of the documents answers the question, so it cannot test whether a system admits what they do not say.',
  multi_turn: 'Not multi-turn: the final question reads the same without the earlier turns, or a turn says what the documents do not.',
});

/**
 * The quality with the kind check applied: unchanged for a single_hop pair, a check that holds, or a reply without
 * one (a model that left it out is not taken to have failed it).
 */
export function withKindCheck(quality: Quality, kind: SpecialKind | undefined, check: KindCheck | undefined): Quality {
  if (!kind || check !== 'fails') return quality;
  const note = KIND_CHECK_FAILED[kind];
  const questionCritique = quality.questionCritique ? `${note} ${quality.questionCritique}` : note;
  const answerCritique = quality.answerCritique ?? '';
  // dropped (and replaced by the top-up with one of its kind): a rewritten final question cannot repair its turns
  return { ...quality, verdict: 'drop', questionCritique, feedback: feedbackOf(questionCritique, answerCritique) };
}
