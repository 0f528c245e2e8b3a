/** Prompt of the revise_questions task (enhancement). */
import type { ChatMessage } from '../../llm/port';
import type { ReviseQuestionsInput } from '../../domain/tasks';
import { LANGUAGE_RULE, steeringLines, taskMessages } from './common';

/** Builds the messages that ask to rewrite weak questions, each with its own critique. */
export function reviseQuestionsPrompt(input: ReviseQuestionsInput): ChatMessage[] {
  return taskMessages('revise_questions', [
    'You improve weak question/answer pairs of an evaluation dataset.',
    'Each pair comes with its score and the reviewer\'s `critique`. Rewrite the question so that it addresses the critique, keeps its `question_type`, and can be answered well from its chunk\'s statements (a chunk\'s `text` is given only when it has no statements).',
    'Keep a question that is already good, but make it standalone and specific. Set `statement_indices` to the chunk statements that answer it. Return one revision per pair_id.',
    ...steeringLines(input),
    LANGUAGE_RULE,
  ], input);
}
