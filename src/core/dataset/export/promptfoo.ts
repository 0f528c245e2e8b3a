/**
 * promptfoo: a YAML list of test cases (use as `tests: file://<file>.yaml`). Each case has the question, the
 * reference answer (`vars.reference`) and the contexts as a list (`vars.context`: every context, a multi-hop pair's
 * one per source), with var expansion off so the list stays one case (promptfoo otherwise runs one case per list
 * element). The assertion compares the output with `{{reference}}`: `rouge-n` by default, which runs offline;
 * `factuality` or `llm-rubric` need a grader model; `none` leaves the assertions to the user's `defaultTest`.
 *
 * Kinds: a multi-turn case also has `vars.messages`, the conversation as OpenAI-format chat messages (the prior
 * turns, then the final question as the user's), which a chat prompt file sends as is with `{{ messages | dump }}`
 * (promptfoo docs, "Chat conversations / threads"). An unanswerable case has `metadata.unanswerable: true` (for
 * `--filter-metadata`) and an assertion that the output declines instead of one that compares wording with the
 * refusal: offline, `icontains-any` of phrases that say something is not documented (src/assertions/contains.ts
 * takes a list value); with a grader, an `llm-rubric` that the output declines. A rouge-n score against a refusal
 * sentence says nothing about whether the model refused.
 */
import { stringify } from 'yaml';
import type { DatasetPair, PairTurn } from '../types';
import { conversationOf, DECLINE_CRITERION, isMultiTurn, isUnanswerable } from './kinds';
import { pairFacts, selectPairs, type ExportOptions, type PairFacts, type PromptfooAssertion } from './select';

/** One promptfoo assertion. */
export interface PromptfooAssert {
  type: Exclude<PromptfooAssertion, 'none'> | 'icontains-any';
  value: string | string[];
  threshold?: number;
}

/** One promptfoo test case. */
export interface PromptfooTest {
  description: string;
  vars: { question: string; reference: string; context: string[]; messages?: PairTurn[] };
  assert?: PromptfooAssert[];
  options: { disableVarExpansion: true };
  metadata: PairFacts & { unanswerable?: true };
}

/** ROUGE-N score an answer must reach against the reference (promptfoo's own default is 0.75, strict for sentences). */
export const ROUGE_THRESHOLD = 0.5;
const MAX_DESCRIPTION = 80;

/** Phrases of an answer that declines (any one passes the offline check of an unanswerable case), lower case. */
export const DECLINE_PHRASES: readonly string[] = [
  'not documented', 'not mentioned', 'not specified', 'not covered', 'not stated', 'not described', 'no information',
  'does not mention', "doesn't mention", 'does not say', "doesn't say", 'does not specify', "doesn't specify",
  'does not cover', "doesn't cover", 'does not describe', "doesn't describe", 'cannot find', "can't find", "couldn't find",
];

/** The assertion list of one case for the chosen assertion. */
export function promptfooAssertions(kind: PromptfooAssertion): PromptfooAssert[] | undefined {
  switch (kind) {
    case 'rouge-n': return [{ type: 'rouge-n', value: '{{reference}}', threshold: ROUGE_THRESHOLD }];
    case 'factuality': return [{ type: 'factuality', value: '{{reference}}' }];
    case 'llm-rubric': return [{ type: 'llm-rubric', value: 'The output states the facts of this reference answer and does not contradict it: {{reference}}' }];
    case 'none': return undefined;
  }
}

/** The assertion list of an unanswerable case: the output declines (offline by phrase, or graded by rubric). */
export function declineAssertions(kind: PromptfooAssertion): PromptfooAssert[] | undefined {
  switch (kind) {
    case 'rouge-n': return [{ type: 'icontains-any', value: [...DECLINE_PHRASES] }];
    case 'factuality':
    case 'llm-rubric': return [{ type: 'llm-rubric', value: DECLINE_CRITERION }];
    case 'none': return undefined;
  }
}

/**
 * The test case of a pair, with the assertion lists of the export: `answered` for most cases, `declines` for
 * unanswerable ones. Each list is one object shared by its cases, which the YAML writes once (`&a1`) and then refers
 * to (`*a1`), as promptfoo's YAML parser reads back.
 */
export function promptfooTest(p: DatasetPair, answered: PromptfooAssert[] | undefined, declines: PromptfooAssert[] | undefined): PromptfooTest {
  const assertions = isUnanswerable(p) ? declines : answered;
  return {
    description: p.question.length > MAX_DESCRIPTION ? `${p.question.slice(0, MAX_DESCRIPTION - 1)}…` : p.question,
    vars: { question: p.question, reference: p.answer, context: p.contexts, ...(isMultiTurn(p) ? { messages: conversationOf(p) } : {}) },
    ...(assertions ? { assert: assertions } : {}),
    options: { disableVarExpansion: true },
    metadata: { ...pairFacts(p), ...(isUnanswerable(p) ? { unanswerable: true as const } : {}) },
  };
}

/** promptfoo tests YAML text. */
export function exportPromptfoo(pairs: readonly DatasetPair[], options: ExportOptions = {}): string {
  const kind = options.assert ?? 'rouge-n';
  const answered = promptfooAssertions(kind);
  const declines = declineAssertions(kind);
  const tests = selectPairs(pairs, options).map((p) => promptfooTest(p, answered, declines));
  // lineWidth 0: never fold long lines, so answers stay byte-identical after a round trip.
  return tests.length ? stringify(tests, { lineWidth: 0 }) : '[]\n';
}
