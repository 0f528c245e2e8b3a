/**
 * promptfoo: a YAML list of test cases (use as `tests: file://<file>.yaml`). Each has the question (and its
 * context) as vars and a `factuality` assertion against the expected answer — the model-graded check of
 * factual consistency with a reference — plus metadata to filter on.
 */
import { stringify } from 'yaml';
import type { DatasetPair } from '../types';
import { selectPairs, sourceLabel, type ExportOptions } from './select';

/** One promptfoo test case. */
export interface PromptfooTest {
  description: string;
  vars: { question: string; context: string };
  assert: Array<{ type: 'factuality'; value: string }>;
  metadata: { id: string; question_type: string; difficulty: string; source: string; status: string };
}

const MAX_DESCRIPTION = 80;

/** promptfoo tests YAML text. */
export function exportPromptfoo(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  const tests = selectPairs(pairs, options).map((p): PromptfooTest => ({
    description: p.question.length > MAX_DESCRIPTION ? `${p.question.slice(0, MAX_DESCRIPTION - 1)}…` : p.question,
    vars: { question: p.question, context: p.contexts.join('\n\n') },
    assert: [{ type: 'factuality', value: p.answer }],
    metadata: { id: p.id, question_type: p.question_type, difficulty: p.difficulty, source: sourceLabel(p), status: p.status },
  }));
  // lineWidth 0: never fold long lines, so answers stay byte-identical after a round trip.
  return tests.length ? stringify(tests, { lineWidth: 0 }) : '[]\n';
}
