/** Defaults of the model connection shared by the CLI, the extension and its settings. */

/** The chat model used against an OpenAI-compatible endpoint when none is named (package.json's setting default too). */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
