/** The pipeline's node ids and edge labels, as shown on the diagram. */
export const NODE = {
  initialize: 'InitializeWorkflow',
  processDocuments: 'ProcessDocuments',
  processSessions: 'ProcessSessions',
  chunk: 'ChunkContent',
  extract: 'ExtractStatements',
  questions: 'GenerateQuestions',
  answers: 'GenerateAnswers',
  validate: 'ValidateQAPairs',
  enhance: 'PrepareEnhancement',
} as const;

/** Edge labels. */
export const EDGE = {
  documents: 'documents',
  sessions: 'sessions',
  below: 'quality below threshold',
  met: 'quality met or max iterations',
} as const;
