/** Prompt of the extract_statements task. */
import type { ChatMessage } from '../../llm/port';
import type { ExtractStatementsInput } from '../../domain/tasks';
import { LANGUAGE_RULE, taskMessages } from './common';

/** Builds the messages that ask for the factual statements of a batch of chunks. */
export function extractStatementsPrompt(input: ExtractStatementsInput): ChatMessage[] {
  return taskMessages('extract_statements', [
    'You extract factual statements from documentation chunks, for building a question/answer evaluation dataset.',
    'For each chunk in the input, return at most `max_statements` statements, most important first:',
    '- each statement is one distinct, self-contained fact stated by the chunk; replace pronouns with what they refer to;',
    '- `quote` is the shortest passage copied VERBATIM (character for character) from the chunk text that supports the statement;',
    '- use only what the chunk says; no outside knowledge, no opinions, no duplicates;',
    '- return every chunk_id of the input, with an empty list when a chunk states no facts.',
    LANGUAGE_RULE,
  ], input);
}
