/**
 * What every prompt shares: the version that goes into results and the wire convention of tasks.ts
 * (first system line names the task and version; the user message carries the input as one ```json block).
 */
import type { ChatMessage } from '../../llm/port';
import type { GenerationSteering, TaskId } from '../../domain/tasks';

/** Version of the prompt set; bump it whenever any prompt's wording or input changes. */
export const PROMPT_VERSION = 'qaforge-2026.12.23';

/** The first line of every system message. */
export function taskHeader(task: TaskId): string {
  return `QA Forge task: ${task} (prompt ${PROMPT_VERSION})`;
}

/** The system + user messages of a task: instructions, then the input object as the one fenced JSON block. */
export function taskMessages(task: TaskId, instructions: string[], input: unknown): ChatMessage[] {
  return [
    { role: 'system', content: [taskHeader(task), '', ...instructions].join('\n') },
    // compact JSON: indentation would cost a share of the prompt tokens on every call and tells a model nothing
    { role: 'user', content: `Input:\n\n\`\`\`json\n${JSON.stringify(input)}\n\`\`\`` },
  ];
}

/** Shared rule: keep the source's language and never invent facts. */
export const LANGUAGE_RULE = 'Write in the language of the source it concerns (a German source, German output); keep names, numbers and technical terms exactly as the source writes them.';

/** The lines of a question prompt whose chunks or requests name a persona of the input's `personas`. */
export function personaLines(personas: ReadonlyArray<{ name: string; description: string }> | undefined, what: 'chunk' | 'request'): string[] {
  if (!personas?.length) return [];
  return [`Write each ${what}'s questions as its \`persona\` (one of \`personas\`) would ask them: from that persona's goal and expertise, in their words.`];
}

/** The steering lines (difficulty, dimensions, guidelines, example) a question prompt carries. */
export function steeringLines(s: GenerationSteering): string[] {
  const lines = [`Difficulty: ${s.difficulty}. ${DIFFICULTY_HINT[s.difficulty] ?? ''}`.trim()];
  if (s.dimensions) {
    if (s.dimensions.features) lines.push(`Focus on these features or topics where the text covers them: ${s.dimensions.features}`);
    if (s.dimensions.persona) lines.push(`Ask as this persona would ask: ${s.dimensions.persona}`);
    if (s.dimensions.scenarios) lines.push(`Frame questions in these scenarios where it fits the text: ${s.dimensions.scenarios}`);
  }
  if (s.custom_guidelines) lines.push(`Additional guidelines from the user: ${s.custom_guidelines}`);
  if (s.example_question) lines.push(`Match the style (not the topic) of this example question: ${s.example_question}`);
  return lines;
}

const DIFFICULTY_HINT: Record<string, string> = {
  easy: 'Questions answerable from a single statement, in plain words.',
  medium: 'Questions that need one or two statements and some understanding.',
  hard: 'Questions that combine several statements or require reasoning over them.',
};
