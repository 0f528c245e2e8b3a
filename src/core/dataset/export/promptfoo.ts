/**
 * promptfoo: a YAML list of test cases (use as `tests: file://<file>.yaml`). Each case has the question, the
 * reference answer (`vars.reference`) and the contexts as a list (`vars.context`), with var expansion off so the
 * list stays one case (promptfoo otherwise runs one case per list element). The assertion compares the output
 * with `{{reference}}`: `rouge-n` by default, which runs offline; `factuality` or `llm-rubric` need a grader
 * model; `none` leaves the assertions to the user's `defaultTest`.
 */
import { stringify } from 'yaml';
import type { DatasetPair } from '../types';
import { pairFacts, selectPairs, type ExportOptions, type PairFacts, type PromptfooAssertion } from './select';

/** One promptfoo assertion. */
export interface PromptfooAssert {
  type: Exclude<PromptfooAssertion, 'none'>;
  value: string;
  threshold?: number;
}

/** One promptfoo test case. */
export interface PromptfooTest {
  description: string;
  vars: { question: string; reference: string; context: string[] };
  assert?: PromptfooAssert[];
  options: { disableVarExpansion: true };
  metadata: PairFacts;
}

/** ROUGE-N score an answer must reach against the reference (promptfoo's own default is 0.75, strict for sentences). */
export const ROUGE_THRESHOLD = 0.5;
const MAX_DESCRIPTION = 80;

/** The assertion list of one case for the chosen assertion. */
export function promptfooAssertions(kind: PromptfooAssertion): PromptfooAssert[] | undefined {
  switch (kind) {
    case 'rouge-n': return [{ type: 'rouge-n', value: '{{reference}}', threshold: ROUGE_THRESHOLD }];
    case 'factuality': return [{ type: 'factuality', value: '{{reference}}' }];
    case 'llm-rubric': return [{ type: 'llm-rubric', value: 'The output states the facts of this reference answer and does not contradict it: {{reference}}' }];
    case 'none': return undefined;
  }
}

/** promptfoo tests YAML text. */
export function exportPromptfoo(pairs: readonly DatasetPair[], options: ExportOptions = {}): string {
  const assertions = promptfooAssertions(options.assert ?? 'rouge-n');
  const tests = selectPairs(pairs, options).map((p): PromptfooTest => ({
    description: p.question.length > MAX_DESCRIPTION ? `${p.question.slice(0, MAX_DESCRIPTION - 1)}…` : p.question,
    vars: { question: p.question, reference: p.answer, context: p.contexts },
    ...(assertions ? { assert: assertions } : {}),
    options: { disableVarExpansion: true },
    metadata: pairFacts(p),
  }));
  // lineWidth 0: never fold long lines, so answers stay byte-identical after a round trip.
  return tests.length ? stringify(tests, { lineWidth: 0 }) : '[]\n';
}
