/** Every prompt of the pipeline, one builder per task, under one version string. */
import type { ChatMessage } from '../../llm/port';
import type { TaskId, TaskInputs } from '../../domain/tasks';
import { extractStatementsPrompt } from './extractStatements';
import { generateAnswersPrompt } from './generateAnswers';
import { generateQuestionsPrompt } from './generateQuestions';
import { generateKindQuestionsPrompt } from './generateKindQuestions';
import { proposePersonasPrompt } from './proposePersonas';
import { reviseQuestionsPrompt } from './reviseQuestions';
import { validatePairsPrompt } from './validatePairs';

export { PROMPT_VERSION, taskHeader } from './common';
export { QUESTION_TYPE_HINTS } from './generateQuestions';

/** The prompt builder of each task. */
export const PROMPTS: { readonly [K in TaskId]: (input: TaskInputs[K]) => ChatMessage[] } = Object.freeze({
  extract_statements: extractStatementsPrompt,
  propose_personas: proposePersonasPrompt,
  generate_questions: generateQuestionsPrompt,
  generate_kind_questions: generateKindQuestionsPrompt,
  generate_answers: generateAnswersPrompt,
  validate_pairs: validatePairsPrompt,
  revise_questions: reviseQuestionsPrompt,
});

/** Builds the messages of `task` for `input`. */
export function buildPrompt<K extends TaskId>(task: K, input: TaskInputs[K]): ChatMessage[] {
  return (PROMPTS[task] as (i: TaskInputs[K]) => ChatMessage[])(input);
}
