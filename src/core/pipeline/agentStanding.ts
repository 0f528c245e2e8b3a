/**
 * The validator's flag on a conversation pair: an answer that repeats an agent claim the conversation shows was
 * wrong (a later correction, "that didn't work") or unsure (a hedge) is not ground truth, whatever else the
 * validator scored. Such a pair fails the grounded gate and goes to the answer (re-answered from what the
 * conversation resolved); a pair the validator dropped stays dropped.
 */
import type { Quality } from '../domain/records';
import { CRITERIA, type Standing } from '../domain/tasks';
import { feedbackOf } from './verdict';

/** The answer critique each flag adds. */
export const STANDING_CRITIQUE: Readonly<Record<Exclude<Standing, 'established'>, string>> = Object.freeze({
  contradicted: 'The answer repeats an agent claim that a later turn of the conversation corrects or says did not work: answer with what the conversation resolved instead.',
  unsure: 'The answer repeats a claim the agent was unsure of: answer only with what the conversation established.',
});

/** The quality with the validator's `agent_standing` applied (unchanged when it is absent or established). */
export function withAgentStanding(quality: Quality, standing: Standing | undefined): Quality {
  if (standing !== 'contradicted' && standing !== 'unsure') return quality;
  const criteria = { ...quality.criteria, grounded: 0 };
  const score = Math.round((CRITERIA.reduce((sum, c) => sum + criteria[c], 0) / CRITERIA.length) * 1000) / 1000;
  const note = STANDING_CRITIQUE[standing];
  const answerCritique = quality.answerCritique?.includes(note) ? quality.answerCritique : [note, quality.answerCritique].filter(Boolean).join(' ');
  const questionCritique = quality.questionCritique ?? '';
  const verdict = quality.verdict === 'drop' || quality.verdict === 'revise_question' ? quality.verdict : 'revise_answer';
  return { ...quality, criteria, score, verdict, answerCritique, feedback: feedbackOf(questionCritique, answerCritique) };
}
