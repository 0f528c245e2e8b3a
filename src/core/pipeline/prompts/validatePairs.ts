/** Prompt of the validate_pairs task. */
import type { ChatMessage } from '../../llm/port';
import type { ValidatePairsInput } from '../../domain/tasks';
import { taskMessages } from './common';

/** Builds the messages that ask for a criterion-by-criterion verdict on each pair. */
export function validatePairsPrompt(input: ValidatePairsInput): ChatMessage[] {
  return taskMessages('validate_pairs', [
    'You review question/answer pairs of an evaluation dataset against their source: the `text` of their chunk (the passages the answer was written from, or the whole chunk).',
    'Score each pair on each criterion from 0 (fails) to 1 (fully meets):',
    '- grounded: every claim of the answer is supported by the source text;',
    '- complete: the answer fully answers the question;',
    '- relevant: the question is about what matters in the source text;',
    '- clear: question and answer are unambiguous and well written;',
    '- standalone: the question makes sense without seeing the source.',
    '`feedback` is a short, concrete critique saying what to change to raise the lowest scores (or "none").',
    'Return one verdict per pair_id. Write the feedback in the language of the pair.',
  ], input);
}
