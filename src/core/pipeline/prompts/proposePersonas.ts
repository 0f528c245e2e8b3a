/** Prompt of the propose_personas task (`dimensions.persona: auto`). */
import type { ChatMessage } from '../../llm/port';
import type { ProposePersonasInput } from '../../domain/tasks';
import { LANGUAGE_RULE, taskMessages } from './common';

/** Builds the messages that ask for the personas who would ask about this corpus. */
export function proposePersonasPrompt(input: ProposePersonasInput): ChatMessage[] {
  return taskMessages('propose_personas', [
    `You propose the personas an evaluation dataset\'s questions are written for, from a \`sample\` of the ${input.material === 'conversation' ? 'support conversations' : 'documentation'} (verified statements of chunks spread over it, with their section paths).`,
    'Propose 3 to 5 personas of the people who really read these documents to get something done: each a `name` of 2–4 words (a role, not a person\'s name, e.g. "First-time installer") and a one-line `description` of what they want from the documents and how much they already know.',
    'Make them differ in goal and expertise (a newcomer and an expert, a user and an administrator), each one someone the sample has answers for; never invent an audience the documents do not address.',
    ...(input.material === 'conversation'
      ? ['The sample\'s statements come from recorded support conversations, in which `user` turns are a customer\'s questions and claims and `assistant` turns are a support agent who may be wrong: propose personas of the customers who ask, not of the agents.']
      : []),
    ...(input.custom_guidelines ? [`Additional guidelines from the user: ${input.custom_guidelines}`] : []),
    LANGUAGE_RULE,
  ], input);
}
