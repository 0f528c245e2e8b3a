/** Prompt of the generate_answers task. */
import type { ChatMessage } from '../../llm/port';
import type { GenerateAnswersInput } from '../../domain/tasks';
import { LANGUAGE_RULE, taskMessages } from './common';
import { ANSWERS_FROM_TRANSCRIPT } from './conversation';

/** Builds the messages that ask for ground-truth answers to a batch of questions. */
export function generateAnswersPrompt(input: GenerateAnswersInput): ChatMessage[] {
  const lines = [
    'You write the ground-truth answer of each question in an evaluation dataset.',
    'Each question names its body of evidence (`evidence_id`): numbered statements, each with the verbatim `quote` it rests on, and `text`, the source passage around them (its first line is the section path when it has one). Answer ONLY from that evidence; add no outside knowledge.',
    'Answer only what is asked, directly, as a knowledgeable colleague would; never speak of "the source", "the text", "the document", "the passage" or "the evidence". If the evidence does not answer the question, reply with a one-sentence answer saying what is not known.',
    `Length: as short as the fact allows, at most ${input.answer_length.max_sentences} sentences (answer_length ${input.answer_length.name}); one fact is one sentence.`,
    'Set `statement_indices` to the `index` values (as given, not list positions) of the statements of the question\'s evidence the answer uses. Return one answer per question_id.',
    'When a question has an `answer_critique`, the question stays and its `previous_answer` had these problems: write a new answer that keeps what was right and fixes them.',
  ];
  if (input.material === 'conversation') lines.push(...ANSWERS_FROM_TRANSCRIPT);
  if (input.custom_guidelines) lines.push(`Additional guidelines from the user: ${input.custom_guidelines}`);
  if (input.example_answer) lines.push(`Match the style (not the content) of this example answer: ${input.example_answer}`);
  lines.push(LANGUAGE_RULE);
  return taskMessages('generate_answers', lines, input);
}
