/** Defaults of the model connection shared by the CLI, the extension and its settings. */

/** The chat model used against an OpenAI-compatible endpoint when none is named (package.json's setting default too). */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

/** The Azure OpenAI API version used when none is given (package.json's `qaforge.azure.apiVersion` default too). */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';
