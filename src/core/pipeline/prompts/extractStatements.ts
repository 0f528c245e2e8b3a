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
      'For each chunk return at most `max_statements` statements, most useful to a user first; a chunk with more facts than that loses its least useful ones (never merge facts to fit).',
      ...EXTRACT_FROM_TRANSCRIPT,
      '`scope`: "current" unless the conversation says a fix is planned ("planned") or about an older version ("history").',
      'Return every chunk_id of the input, with an empty list when a chunk establishes nothing.',
      LANGUAGE_RULE,
    ], input);
  }
  return taskMessages('extract_statements', [
    'You extract factual statements from documentation chunks for a question/answer evaluation dataset; a chunk\'s `heading_path` (when given) names what it is about.',
    'For each chunk return at most `max_statements` statements, most useful to a user first; a chunk with more facts than that loses its least useful ones (never merge facts to fit):',
    '- prefer what the product does, how to configure it, the errors and limits a user meets, how to do a task; of a toy example, state what it shows about the product, not its own values (names, passwords, sample numbers), unless the example is the point;',
    '- one distinct, self-contained fact each, naming its subject (not "it", "this", "the example"); only what the chunk says, adding no condition, unit or scope it lacks: no outside knowledge, opinions or duplicates;',
    '- `quote`: the shortest passage of the chunk `text` that supports all of it, copied VERBATIM: the same words, punctuation and markup (backticks, code fence lines), in the same order; only white space is free (a line break, a blank line or two spaces may be written as one space). It may run over a list or a code block, or take in the sentence before when that names the subject. A statement whose quote is not in the chunk is discarded;',
    '- a list: one statement per item that is a fact of its own; one statement for the list when its items only together make the fact (then quote from its opening line to its last item);',
    '- `scope`: "planned" (roadmap, to-do, not yet available), "history" (changelog, how older versions behaved) or "current" (also for current behaviour with a version note such as "Added in version 3.10", "Changed in version 3.20" or "Starting with 3.20"); never state a plan as current behaviour.',
    'Return every chunk_id, with an empty list for a chunk without facts.',
    LANGUAGE_RULE,
  ], input);
}
