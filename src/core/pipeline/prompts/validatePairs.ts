/** Prompt of the validate_pairs task: an anchored rubric, gates, separate critiques, a verdict. */
import type { ChatMessage } from '../../llm/port';
import { GATE_FLOORS, type ValidatePairsInput } from '../../domain/tasks';
import { taskMessages } from './common';
import { VALIDATE_AGAINST_TRANSCRIPT } from './conversation';
import { kindLines } from './generateKindQuestions';
import { stageShapeLines } from './shapes';

/** What 0, 0.5 and 1 mean for each criterion (anchors, so scores mean the same from one pair to the next). */
export const RUBRIC: Readonly<Record<string, readonly [string, string, string]>> = Object.freeze({
  grounded: [
    'a claim of the answer is not in the evidence or contradicts it',
    'it adds a detail or inference the evidence does not state, however plausible (fails: it is answered again without it)',
    'the evidence states every claim (rewording it, repeating the question\'s subject, or applying a documented syntax or rule to the names the question gives adds no claim)',
  ],
  complete: [
    'it does not answer the question',
    'it answers part of the question, or pads it with what was not asked',
    'it answers all of the question and nothing else (a short reason or condition it needs is no padding)',
  ],
  relevant: [
    'no user would ask it (a toy example\'s values, the page\'s own wording)',
    'a user might ask it, but it misses the section\'s most useful facts',
    'a user with a real goal, task or symptom would ask exactly this',
  ],
  clear: [
    'ambiguous, rests on a premise the evidence does not state, or gives its answer away (names it, or is worked backwards from it)',
    'wordy, or the question hints at the answer',
    'plain and unambiguous',
  ],
  standalone: [
    'the question needs the page to make sense ("this section", "the example", "it")',
    'it names its subject but leans on the page for a term or a setting',
    'clear to a user who never saw the page, its subject named (and its product, when the evidence makes it plain)',
  ],
});

/** Builds the messages that ask for a criterion-by-criterion review and a verdict on each pair. */
export function validatePairsPrompt(input: ValidatePairsInput): ChatMessage[] {
  const gates = Object.entries(GATE_FLOORS).map(([c, floor]) => `${c} below ${floor}`).join(' or ');
  return taskMessages('validate_pairs', [
    'You review question/answer pairs of an evaluation dataset, each only against its body of evidence (`evidence_id`): `text`, the source passage its answer was written from (first line: the section path, if any).',
    'Write in schema order: critiques, then scores, then the verdict (a `kind_check`, where the schema asks for one, before the scores). `question_critique` / `answer_critique`: each defect of the question / the answer and the change that fixes it ("" when none); a question problem never goes in the answer critique, nor the reverse.',
    'Score each criterion 0, 0.5 or 1 (or between). 1 = nothing a careful reviewer would change; a score below 1 names its defect in the critique of the side that must change, and a named defect lowers a score:',
    ...Object.entries(RUBRIC).map(([c, [zero, half, one]]) => `- ${c}: 0 = ${zero}; 0.5 = ${half}; 1 = ${one}.`),
    `A pair passes when the mean of the five is at least ${input.threshold} and no gate fails (${gates} fails it whatever the mean).`,
    '`verdict`: "keep" when it passes, and only then; a kept pair with a critique is revised once on the side it names (both: the question, then answered fresh) and the better version kept, so name small defects too. Otherwise "revise_question" if the question is the problem (rewritten, then answered fresh), "revise_answer" if only the answer must change, "drop" if the evidence cannot support a good pair (only toy-example values, a roadmap or to-do item).',
    ...kindLines('validate', input.pairs, 'Pairs with a `kind` (a pair without one is single_hop: its `kind_check` is "holds"); a `kind_check` of "fails" makes the verdict "drop", whatever the scores:'),
    ...stageShapeLines('validate', input.pairs),
    ...(input.material === 'conversation' ? VALIDATE_AGAINST_TRANSCRIPT : []),
    'One verdict per pair_id; critiques in the pair\'s language.',
  ], input);
}
