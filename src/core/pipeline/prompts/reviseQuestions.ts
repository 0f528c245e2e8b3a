/** Prompt of the revise_questions task (enhancement, verdict revise_question). */
import type { ChatMessage } from '../../llm/port';
import type { ReviseQuestionsInput } from '../../domain/tasks';
import { LANGUAGE_RULE, steeringLines, taskMessages } from './common';
import { REVISE_FROM_TRANSCRIPT } from './conversation';
import { typeHintLines } from './generateQuestions';
import { kindLines } from './generateKindQuestions';
import { stageShapeLines } from './shapes';

/** Builds the messages that ask to rewrite weak questions, each with its own question critique. */
export function reviseQuestionsPrompt(input: ReviseQuestionsInput): ChatMessage[] {
  return taskMessages('revise_questions', [
    'You rewrite weak questions of an evaluation dataset. Each pair names its body of evidence (`evidence_id`): numbered statements and `text`, the source passage they come from (its first line the section path, when it has one).',
    'Rewrite the question so that it fixes the reviewer\'s `question_critique` where the evidence bears it out, keeps its `question_type`, and is answerable from its evidence alone; where a statement says more than `text`, `text` wins. The new question will be answered fresh. The types:',
    ...typeHintLines(input.pairs.map((p) => p.question_type)),
    'Ask what a user of the product would ask from a goal, a task or a symptom; name the subject (feature, setting; and the product, when the evidence or headings make it plain) so the question stands alone; never put the answer in the question (naming the subject it asks about is fine).',
    'Set `statement_indices` to the statements of its evidence that answer it (at least one). Return one revision per pair_id.',
    ...kindLines('revise', input.pairs),
    ...stageShapeLines('revise', input.pairs),
    ...(input.material === 'conversation' ? REVISE_FROM_TRANSCRIPT : []),
    ...steeringLines(input),
    LANGUAGE_RULE,
  ], input);
}
