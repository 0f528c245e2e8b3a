/** Prompt of the generate_answers task. */
import type { ChatMessage } from '../../llm/port';
import type { GenerateAnswersInput } from '../../domain/tasks';
import { LANGUAGE_RULE, taskMessages } from './common';
import { ANSWERS_FROM_TRANSCRIPT } from './conversation';
import { kindLines } from './generateKindQuestions';
import { stageShapeLines } from './shapes';

/** Builds the messages that ask for ground-truth answers to a batch of questions. */
export function generateAnswersPrompt(input: GenerateAnswersInput): ChatMessage[] {
  const lines = [
    'You write the ground-truth answer of each question of an evaluation dataset ONLY from its body of evidence (`evidence_id`): numbered statements and `text`, the source passage they come from (first line: the section path, if any). No outside knowledge; where a statement says more than `text`, `text` wins.',
    'Answer only what is asked, directly and plainly (a short reason or condition the answer needs is part of it): no greeting, preamble or advice the question did not ask for; never mention "the source", "the text", "the document", "the passage" or "the evidence". When the evidence does not answer it, say in one sentence what is not known.',
    `Length: as short as the fact allows, at most ${input.answer_length.max_sentences} sentences (answer_length ${input.answer_length.name}); one fact is one sentence.`,
    '`statement_indices`: the `index` values (not list positions) of the statements used. One answer per question_id.',
    'With an `answer_critique`, rewrite its `previous_answer` (written for this question or for an earlier wording of it): keep what was right, fix what the critique names where the evidence bears it out, and answer the question as it is worded now.',
  ];
  lines.push(...kindLines('answer', input.questions), ...stageShapeLines('answer', input.questions));
  if (input.material === 'conversation') lines.push(...ANSWERS_FROM_TRANSCRIPT);
  if (input.custom_guidelines) lines.push(`Additional guidelines from the user: ${input.custom_guidelines}`);
  if (input.example_answer) lines.push(`Match the style (not the content) of this example answer: ${input.example_answer}`);
  lines.push(LANGUAGE_RULE);
  return taskMessages('generate_answers', lines, input);
}
