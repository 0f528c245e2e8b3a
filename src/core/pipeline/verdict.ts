/**
 * The validation rule and the routing it drives. A pair passes when its mean meets the threshold, every gate
 * criterion (GATE_FLOORS) meets its floor, and the verdict is keep. A pair that fails goes to the stage
 * its critique concerns: the question (rewritten, then answered fresh) or the answer (re-answered, question kept);
 * a dropped pair is never looped again.
 */
import type { Quality } from '../domain/records';
import { CRITERIA, GATE_FLOORS, VERDICTS, type Criterion, type PairVerdict, type Verdict } from '../domain/tasks';
import { answerTermsInQuestion } from './answerLeak';
import { secondQuestionIn } from './compoundQuestion';

/** Criteria that judge the question (a weak one sends the pair to revise_question when the validator said keep). */
const QUESTION_CRITERIA: readonly Criterion[] = ['standalone', 'relevant', 'clear'];
/** Criteria that judge the answer. */
const ANSWER_CRITERIA: readonly Criterion[] = ['grounded', 'complete'];

/** A critique as stored: trimmed, and "" for the ways models say "nothing to change". */
function critiqueText(value: unknown): string {
  const text = String(value ?? '').trim();
  return /^(none|n\/a|-|nothing|no changes?( needed)?)\.?$/i.test(text) ? '' : text;
}

/** The critiques in one line: the one given, or both labelled, question first ("none" when both are empty). */
export function feedbackOf(questionCritique: string, answerCritique: string): string {
  if (questionCritique && answerCritique) return `Question: ${questionCritique} Answer: ${answerCritique}`;
  return questionCritique || answerCritique || 'none';
}

/** A validator verdict as a Quality: each criterion clamped to 0..1, the score their mean, critiques kept apart. */
export function qualityOf(verdict: PairVerdict): Quality {
  const criteria = Object.fromEntries(CRITERIA.map((c) => {
    const v = Number(verdict[c]);
    return [c, Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0];
  })) as Quality['criteria'];
  const score = Math.round((CRITERIA.reduce((sum, c) => sum + criteria[c], 0) / CRITERIA.length) * 1000) / 1000;
  const questionCritique = critiqueText(verdict.question_critique);
  const answerCritique = critiqueText(verdict.answer_critique);
  const given = String(verdict.verdict ?? '').trim().toLowerCase();
  const quality: Quality = { score, criteria, feedback: feedbackOf(questionCritique, answerCritique), questionCritique, answerCritique };
  if ((VERDICTS as readonly string[]).includes(given)) quality.verdict = given as Verdict;
  return quality;
}

/** The gate criteria this quality is below the floor of (empty when it clears every gate). */
export function failedGates(quality: Quality): Criterion[] {
  return (Object.entries(GATE_FLOORS) as Array<[Criterion, number]>).filter(([c, floor]) => (quality.criteria[c] ?? 0) < floor).map(([c]) => c);
}

/**
 * True when the quality passes: mean at or above `threshold`, every gate at or above its floor, and the verdict
 * keep (or none, in pairs validated before verdicts existed).
 */
export function passes(quality: Quality | undefined, threshold: number): boolean {
  if (!quality) return false;
  const kept = quality.verdict === undefined || quality.verdict === 'keep';
  return kept && quality.score >= threshold && failedGates(quality).length === 0;
}

/**
 * The quality with the code's own checks of the question applied: a question that holds most of its answer's key
 * terms gives the answer away, and a question that asks two things at once cannot be judged as one; either sends
 * the pair to revise_question with that critique (scored clear 0, the rubric's anchor for it). `subject` is what the
 * question may name without giving anything away (the heading path of the pair's section).
 */
export function withQuestionChecks(quality: Quality, question: string, answer: string, subject = ''): Quality {
  if (quality.verdict === 'drop') return quality;
  const notes: string[] = [];
  const leaked = answerTermsInQuestion(question, answer, subject);
  if (leaked.length > 0) notes.push(`The question gives its answer away (it already contains ${leaked.slice(0, 6).map((t) => `"${t}"`).join(', ')}): ask from the user's goal or symptom instead.`);
  const second = secondQuestionIn(question);
  if (second !== undefined) notes.push(`The question asks two things at once ("${second}" is a second question): ask one of them.`);
  if (notes.length === 0) return quality;
  const criteria = { ...quality.criteria, clear: 0 };
  const score = Math.round((CRITERIA.reduce((sum, c) => sum + criteria[c], 0) / CRITERIA.length) * 1000) / 1000;
  const note = notes.join(' ');
  const questionCritique = quality.questionCritique ? `${note} ${quality.questionCritique}` : note;
  const answerCritique = quality.answerCritique ?? '';
  return { ...quality, criteria, score, verdict: 'revise_question', questionCritique, feedback: feedbackOf(questionCritique, answerCritique) };
}

/**
 * True when a passing verdict still asks for a change: the validator said keep and wrote a critique anyway. Such a
 * pair goes back once to the side the critique concerns; its best version stays the passing one unless the
 * revision passes with a higher score (the trial found kept pairs whose own critique named the defect).
 */
export function asksForChange(quality: Quality | undefined): boolean {
  return quality?.verdict === 'keep' && Boolean(quality.questionCritique || quality.answerCritique);
}

/** The side a keep-with-critique goes back to: the question when its critique concerns the question, else the answer. */
export function polishRoute(quality: Quality): 'revise_question' | 'revise_answer' {
  return quality.questionCritique ? 'revise_question' : 'revise_answer';
}

/**
 * Where a validated version goes next: `drop` when the validator dropped it; `keep` when it passes; otherwise the
 * validator's revise_* verdict, or — when it said keep (or nothing) for a pair the rule fails — the stage of the
 * weaker side (question criteria against answer criteria; a failed standalone gate is the question's).
 */
export function routeOf(quality: Quality, threshold: number): Verdict {
  if (quality.verdict === 'drop') return 'drop';
  if (passes(quality, threshold)) return 'keep';
  if (quality.verdict === 'revise_question' || quality.verdict === 'revise_answer') return quality.verdict;
  const gates = failedGates(quality);
  if (gates.includes('standalone')) return 'revise_question';
  if (gates.includes('grounded')) return 'revise_answer';
  const weakest = (names: readonly Criterion[]) => Math.min(...names.map((c) => quality.criteria[c]));
  return weakest(QUESTION_CRITERIA) < weakest(ANSWER_CRITERIA) ? 'revise_question' : 'revise_answer';
}
