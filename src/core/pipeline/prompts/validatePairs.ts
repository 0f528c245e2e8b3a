/** Prompt of the validate_pairs task: an anchored rubric, gates, separate critiques, a verdict. */
import type { ChatMessage } from '../../llm/port';
import { GATE_FLOORS, type ValidatePairsInput } from '../../domain/tasks';
import { taskMessages } from './common';
import { VALIDATE_AGAINST_TRANSCRIPT } from './conversation';

/** What 0, 0.5 and 1 mean for each criterion (anchors, so scores mean the same from one pair to the next). */
export const RUBRIC: Readonly<Record<string, readonly [string, string, string]>> = Object.freeze({
  grounded: [
    'a claim of the answer is missing from the evidence or contradicts it',
    'the claims are in the evidence, but the answer adds an inference or detail the evidence does not state',
    'every claim of the answer is stated by the evidence',
  ],
  complete: [
    'the answer does not answer the question',
    'it answers part of the question, or pads it with what was not asked',
    'it answers all of the question and nothing else',
  ],
  relevant: [
    'no user of the product would ask this (trivia about a toy example\'s values, wording of the page itself)',
    'a user might ask it, but it misses the section\'s most useful facts (behaviour, configuration, errors, tasks)',
    'a user with a real goal, task or symptom would ask exactly this',
  ],
  clear: [
    'question or answer is ambiguous, or the question gives the answer away (names it, or is worked backwards from it)',
    'understandable but wordy, or the question hints at the answer',
    'unambiguous, plain, and the question does not contain its answer',
  ],
  standalone: [
    'the question needs the page to make sense ("this section", "the example", "it", "the text")',
    'it names its subject, but leans on the page for a term or a setting',
    'a user who never saw the page understands it, subject and product named',
  ],
});

/** Builds the messages that ask for a criterion-by-criterion review and a verdict on each pair. */
export function validatePairsPrompt(input: ValidatePairsInput): ChatMessage[] {
  const gates = Object.entries(GATE_FLOORS).map(([c, floor]) => `${c} below ${floor}`).join(' or ');
  return taskMessages('validate_pairs', [
    'You review question/answer pairs of an evaluation dataset. Each pair is judged against its body of evidence only (`evidence_id`): numbered statements with their verbatim quotes, and `text`, the source passage around them, its first line the section path when it has one — exactly what the answer was written from.',
    'Score each criterion 0, 0.5 or 1 (values in between when a pair falls between two anchors):',
    ...Object.entries(RUBRIC).map(([c, [zero, half, one]]) => `- ${c}: 0 = ${zero}; 0.5 = ${half}; 1 = ${one}.`),
    `A pair passes when the mean of the five scores is at least ${input.threshold} and neither gate fails: ${gates} fails the pair whatever the mean.`,
    '`question_critique`: what to change in the question, concretely ("" when nothing). `answer_critique`: what to change in the answer ("" when nothing). Never put a question problem in the answer critique or the reverse. Leave both empty for a pair that needs no change: a critique on a pair you keep sends it back once for that change.',
    '`verdict`: "keep" when the pair passes; "revise_question" when the question is the problem (it is rewritten, then answered fresh); "revise_answer" when the question is good and only the answer must change; "drop" when the evidence cannot support a good pair at all (only toy-example values, a roadmap or to-do item, nothing a user would ask).',
    ...(input.material === 'conversation' ? VALIDATE_AGAINST_TRANSCRIPT : []),
    'Return one verdict per pair_id. Write the critiques in the language of the pair.',
  ], input);
}
