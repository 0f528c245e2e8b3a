/** Structured requests the model-layer tests send, built as the pipeline builds them (task header, one json block). */
import { TASK_SCHEMAS } from '../../src/core/domain/taskSchemas';
import type { StructuredRequest } from '../../src/core/llm/port';

/** An extract_statements request for one chunk of `text` (at most two statements). */
export function extractRequest(text: string, extra: Partial<StructuredRequest> = {}): StructuredRequest {
  const input = { chunks: [{ chunk_id: 'c1', text, max_statements: 2 }] };
  return {
    task: 'extract_statements', promptVersion: 'it-1', schema: TASK_SCHEMAS.extract_statements, input,
    messages: [
      { role: 'system', content: 'QA Forge task: extract_statements (prompt it-1)\nExtract statements.' },
      { role: 'user', content: `Chunks:\n\`\`\`json\n${JSON.stringify(input)}\n\`\`\`` },
    ],
    ...extra,
  };
}
