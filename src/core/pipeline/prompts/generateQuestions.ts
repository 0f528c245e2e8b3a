/** Prompt of the generate_questions task. */
import type { ChatMessage } from '../../llm/port';
import type { GenerateQuestionsInput } from '../../domain/tasks';
import { LANGUAGE_RULE, steeringLines, taskMessages } from './common';
import { QUESTIONS_FROM_TRANSCRIPT } from './conversation';

/** What each question type asks for. Unknown (user-defined) types are passed through by name. */
export const QUESTION_TYPE_HINTS: Readonly<Record<string, string>> = Object.freeze({
  factual: 'asks for a specific fact the text states',
  conceptual: 'asks to explain an idea, a reason or a relationship the text describes',
  application: 'asks how to apply what the text says to a concrete situation',
  analysis: 'asks to compare, infer or weigh consequences from what the text says',
});

/** Builds the messages that ask for new questions, per chunk and per question type. */
export function generateQuestionsPrompt(input: GenerateQuestionsInput): ChatMessage[] {
  const types = [...new Set(input.chunks.flatMap((c) => c.requests.map((r) => r.question_type)))];
  return taskMessages('generate_questions', [
    'You write questions for a question/answer evaluation dataset. Each chunk comes with its section path (`heading_path`, when it has one) and its numbered, verified factual `statements`, each with the verbatim `quote` of the source it rests on; questions rest on those statements.',
    'For each chunk, write `count` questions of each requested `question_type` (the `requests` list), fewer when its statements cannot support that many good ones:',
    ...types.map((t) => `- ${t}: a question that ${QUESTION_TYPE_HINTS[t] ?? `fits the type "${t}"`};`),
    'Ask what a user of the product would ask: from a goal ("How do I …?"), a task or a symptom ("Why does … fail with …?"), about behaviour, configuration, errors and tasks — not about the values of a toy example, unless the example is the point.',
    'Every question must be answerable from its chunk\'s statements alone, name its subject and the product, library or tool it belongs to so it stands alone (no "this document", "the text", "the example", "it"), not contain the answer or its key terms, ask one thing (not "What is X, and how do I change it?"), and differ from every other question and from `avoid_questions`.',
    ...(input.material === 'conversation' ? QUESTIONS_FROM_TRANSCRIPT : []),
    'A statement with `scope` "planned" (roadmap, to-do) or "history" (changelog) is not about the product as it is: ask about it only as a plan or as history, never as current behaviour.',
    'Set `statement_indices` to the indices of the chunk statements that answer the question (at least one).',
    ...steeringLines(input),
    LANGUAGE_RULE,
  ], input);
}
