/** Prompt of the generate_questions task. */
import type { ChatMessage } from '../../llm/port';
import type { GenerateQuestionsInput } from '../../domain/tasks';
import { LANGUAGE_RULE, personaLines, steeringLines, taskMessages } from './common';
import { QUESTIONS_FROM_TRANSCRIPT } from './conversation';
import { writeShapeLines } from './shapes';

/** What each question type asks for. Unknown (user-defined) types are passed through by name. */
export const QUESTION_TYPE_HINTS: Readonly<Record<string, string>> = Object.freeze({
  factual: 'asks for a specific fact the text states',
  conceptual: 'asks to explain an idea, reason or relationship the text describes',
  application: 'asks how to apply what the text says to a concrete situation',
  analysis: 'asks to compare, infer or weigh consequences of what the text says',
});

/** One line per question type saying what it asks for (`- factual: asks for …;`), in the order given. */
export function typeHintLines(types: readonly string[]): string[] {
  return [...new Set(types)].map((t) => `- ${t}: ${QUESTION_TYPE_HINTS[t] ?? `a question of the type "${t}"`};`);
}

/** Builds the messages that ask for new questions, per chunk and per question type. */
export function generateQuestionsPrompt(input: GenerateQuestionsInput): ChatMessage[] {
  return taskMessages('generate_questions', [
    'You write questions for a question/answer evaluation dataset from each chunk\'s numbered, verified `statements` (with its `heading_path` when it has one, and a statement\'s verbatim `quote` where that says more).',
    'For each chunk write `count` questions of each requested `question_type` (`requests`), fewer when its statements cannot support that many good ones:',
    ...typeHintLines(input.chunks.flatMap((c) => c.requests.map((r) => r.question_type))),
    'Ask what a user of the product would ask from a goal ("How do I …?"), a task or a symptom ("Why does … fail with …?"), not a toy example\'s values unless the example is the point.',
    'Each question: answerable from its chunk\'s statements alone; names its subject (and its product, when the statements or headings make it plain) so it stands alone (no "this document", "the text", "the example", "it"); does not contain its answer (naming the subject it asks about is fine); asks one thing (not "What is X, and how do I change it?"); differs from the others and from `avoid_questions`.',
    ...(input.material === 'conversation' ? QUESTIONS_FROM_TRANSCRIPT : []),
    'A statement without `scope` is about the product as it is; ask about one with `scope` "planned" or "history" only as plan or history, never as current behaviour.',
    '`statement_indices`: the statements that answer it (at least one).',
    ...writeShapeLines(input.chunks.flatMap((c) => c.requests), true),
    ...personaLines(input.personas, 'chunk'),
    ...steeringLines(input),
    LANGUAGE_RULE,
  ], input);
}
