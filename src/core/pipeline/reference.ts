/**
 * The reference library's result shape (snake_case keys of Axion's workflow result), for users porting
 * code or comparing outputs. QA Forge's own fields (chunks, rejected pairs, usage, …) are kept as extras.
 */
import type { QAPair, RunResult } from '../domain/records';

/** The reference-shaped result. */
export interface ReferenceResult {
  content: string;
  session_messages: null;
  session_metadata: null;
  processed_content: string;
  chunks: string[];
  statements: Array<{ content: string; start_index: number; end_index: number; alignment: number }>;
  questions: Array<{ text: string; type: string; difficulty: string; statement_indices: number[] }>;
  qa_pairs: ReferencePair[];
  validated_qa_pairs: ReferencePair[];
  rejected_qa_pairs: ReferencePair[];
  input_source: 'documents' | 'sessions';
  validation_threshold: number;
  max_reflection_iterations: number;
  current_iteration: number;
  average_quality: number;
  enhancement_feedback: string[];
  processing_errors: string[];
  status: string;
  prompt_version: string;
  usage: { calls: number; cache_hits: number; prompt_tokens: number; completion_tokens: number; cost_usd: number };
}

/** A pair in the reference's shape (validated fields present once validated). */
export interface ReferencePair {
  question: string;
  answer: string;
  question_type: string;
  difficulty: string;
  statement_indices: number[];
  is_valid?: boolean;
  validation_feedback?: string;
  quality_score?: number;
  criteria?: Record<string, number>;
  previous_scores?: number[];
}

/** The documents' text reassembled from their chunks (chunks may overlap; each character once). */
function contentOf(result: RunResult): string {
  const byDoc = new Map<number, RunResult['chunks']>();
  for (const c of result.chunks) byDoc.set(c.docIndex, [...(byDoc.get(c.docIndex) ?? []), c]);
  return [...byDoc.keys()].sort((a, b) => a - b).map((doc) => {
    let text = '';
    let at = -1;
    for (const c of [...byDoc.get(doc)!].sort((a, b) => a.start - b.start)) {
      if (at >= 0 && c.start > at) text += '\n';
      if (c.end > at) text += c.text.slice(Math.max(0, at - c.start));
      at = Math.max(at, c.end);
    }
    return text;
  }).join('\n\n');
}

/**
 * Converts a RunResult to the reference library's keys and record shapes.
 * @param content the original input text, when the caller has it; otherwise it is reassembled from the
 *   chunks (text between chunks, such as blank lines, becomes one newline)
 */
export function toReferenceResult(result: RunResult, content?: string): ReferenceResult {
  const index = new Map(result.statements.map((s, i) => [s.id, i]));
  const indices = (p: QAPair) => p.statementIds.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
  const threshold = result.params.validationThreshold;
  const pair = (p: QAPair): ReferencePair => ({
    question: p.question,
    answer: p.answer,
    question_type: p.questionType,
    difficulty: p.difficulty,
    statement_indices: indices(p),
    ...(p.quality ? {
      is_valid: p.quality.score >= threshold,
      validation_feedback: p.quality.feedback,
      quality_score: p.quality.score,
      criteria: { ...p.quality.criteria },
      previous_scores: [...p.previousScores],
    } : {}),
  });
  const text = content ?? contentOf(result);
  return {
    content: text,
    session_messages: null,
    session_metadata: null,
    processed_content: text,
    chunks: result.chunks.map((c) => c.text),
    statements: result.statements.map((s) => ({ content: s.content, start_index: s.start, end_index: s.end, alignment: s.alignment })),
    questions: result.qaPairs.map((p) => ({ text: p.question, type: p.questionType, difficulty: p.difficulty, statement_indices: indices(p) })),
    qa_pairs: result.qaPairs.map(pair),
    validated_qa_pairs: result.validatedQaPairs.map(pair),
    rejected_qa_pairs: result.rejectedQaPairs.map(pair),
    input_source: result.inputSource,
    validation_threshold: threshold,
    max_reflection_iterations: result.params.maxReflectionIterations,
    current_iteration: result.currentIteration,
    average_quality: result.averageQuality,
    enhancement_feedback: result.rejectedQaPairs.map((p) => p.quality?.feedback).filter((f): f is string => Boolean(f)),
    processing_errors: result.errors.map((e) => `${e.node}: ${e.message}`),
    status: result.status,
    prompt_version: result.promptVersion,
    usage: {
      calls: result.usage.calls, cache_hits: result.usage.cacheHits, prompt_tokens: result.usage.promptTokens,
      completion_tokens: result.usage.completionTokens, cost_usd: result.usage.costUsd,
    },
  };
}
