/** Prompt of the generate_answers task. */
import type { ChatMessage } from '../../llm/port';
import type { GenerateAnswersInput } from '../../domain/tasks';
import { LANGUAGE_RULE, taskMessages } from './common';

/** Builds the messages that ask for ground-truth answers to a batch of questions. */
export function generateAnswersPrompt(input: GenerateAnswersInput): ChatMessage[] {
  const lines = [
    'You write the ground-truth answer of each question in an evaluation dataset.',
    'Answer ONLY from the source of the question\'s chunk: its `text` (the passages around the question\'s supporting statements, or the whole chunk) and its `statements`. Add no outside knowledge; if the source does not answer the question, say so briefly.',
    `Answer length: ${input.answer_length.name} — ${input.answer_length.sentences} per answer.`,
    'Set `statement_indices` to the chunk statements the answer uses. Return one answer per question_id.',
    'When a question has a `critique`, it is the reviewer\'s criticism of the previous answer: fix exactly those problems.',
  ];
  if (input.custom_guidelines) lines.push(`Additional guidelines from the user: ${input.custom_guidelines}`);
  if (input.example_answer) lines.push(`Match the style (not the content) of this example answer: ${input.example_answer}`);
  lines.push(LANGUAGE_RULE);
  return taskMessages('generate_answers', lines, input);
}
