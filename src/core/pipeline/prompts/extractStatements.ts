/** Prompt of the extract_statements task (documentation; transcripts get their own lines, see conversation.ts). */
import type { ChatMessage } from '../../llm/port';
import type { ExtractStatementsInput } from '../../domain/tasks';
import { LANGUAGE_RULE, taskMessages } from './common';
import { EXTRACT_FROM_TRANSCRIPT } from './conversation';

/** Builds the messages that ask for the factual statements of a batch of chunks. */
export function extractStatementsPrompt(input: ExtractStatementsInput): ChatMessage[] {
  if (input.material === 'conversation') {
    return taskMessages('extract_statements', [
      'You extract factual statements from support conversations, for building a question/answer evaluation dataset.',
      'For each chunk in the input, return at most `max_statements` statements, most useful to a user first.',
      ...EXTRACT_FROM_TRANSCRIPT,
      '`scope`: "current" unless the conversation says a fix is planned ("planned") or about an older version ("history").',
      'Return every chunk_id of the input, with an empty list when a chunk establishes nothing.',
      LANGUAGE_RULE,
    ], input);
  }
  return taskMessages('extract_statements', [
    'You extract factual statements from documentation chunks, for building a question/answer evaluation dataset. A chunk may come with its section path (`heading_path`): use it to name what a statement is about.',
    'For each chunk in the input, return at most `max_statements` statements, most useful to a user first:',
    '- prefer what the product does and how it behaves, how to configure it, the errors and limits a user meets, and how to do a task; state what a toy example shows about the product, not the example\'s own values (names, passwords, sample numbers), unless the example is the point;',
    '- each statement is one distinct, self-contained fact; name its subject instead of "it", "this" or "the example";',
    '- `quote` is the shortest passage copied VERBATIM (character for character, line breaks as spaces) from the chunk `text` that supports the statement; a statement whose quote is not found in the chunk is discarded;',
    '- `scope`: "planned" for roadmap, to-do or not-yet-available items, "history" for changelog entries and what older versions did, "current" for the product as it is; never state a plan as current behaviour;',
    '- use only what the chunk says; no outside knowledge, no opinions, no duplicates;',
    '- return every chunk_id of the input, with an empty list when a chunk states no facts.',
    LANGUAGE_RULE,
  ], input);
}
