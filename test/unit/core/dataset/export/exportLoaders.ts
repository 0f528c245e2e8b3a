/**
 * Each tool's loading check, re-implemented in TypeScript from the tool's own loader (repo, file, function named
 * on each), so an export test reads the file back the way the tool does: the same required fields, the same
 * types, the same failure where the tool would fail. No Python here, so these are the tools' rules, not the tools.
 */
import { parse as parseYaml } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** Python's type name of a parsed JSON value, for messages like the tools'. */
export function pyType(v: unknown): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'dict';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v;
}

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A pydantic field rule: the type the model declares and whether it may be missing or None. */
type Rule = 'str' | 'str?' | 'list[str]?' | 'list[str|int]?' | 'dict?' | 'dict[str,str]?' | 'any' | 'any?';

/** pydantic-style validation of one object against declared fields; `extra: 'forbid'` rejects unknown keys. */
export function validateModel(model: string, value: unknown, fields: Record<string, Rule>, extra: 'ignore' | 'forbid'): Obj {
  if (!isObj(value)) throw new Error(`${model}: input should be a valid dictionary, got ${pyType(value)}`);
  for (const [name, rule] of Object.entries(fields)) {
    const optional = rule.endsWith('?');
    const v = value[name];
    if (v === undefined || v === null) {
      if (!optional) throw new Error(`${model}.${name}: field required`);
      continue;
    }
    const base = rule.replace(/\?$/, '');
    const ok = base === 'any'
      || (base === 'str' && typeof v === 'string')
      || (base === 'list[str]' && isStrList(v))
      || (base === 'list[str|int]' && Array.isArray(v) && v.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isInteger(x))))
      || (base === 'dict' && isObj(v))
      || (base === 'dict[str,str]' && isObj(v) && Object.values(v).every((x) => typeof x === 'string'));
    if (!ok) throw new Error(`${model}.${name}: input should be ${base}, got ${pyType(v)}`);
  }
  if (extra === 'forbid') {
    const unknown = Object.keys(value).filter((k) => !(k in fields));
    if (unknown.length) throw new Error(`${model}: extra inputs are not permitted: ${unknown.join(', ')}`);
  }
  return value;
}

/** Python's `open(path, 'r')` under a C/POSIX locale: the ASCII codec, which fails on any byte above 0x7F. */
export function openWithCLocale(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) throw new Error(`UnicodeDecodeError: 'ascii' codec can't decode byte 0x${bytes[at].toString(16)} in position ${at}: ordinal not in range(128)`);
  return text;
}

/** `for line in f: json.loads(line)` — every line, a blank one is a JSONDecodeError. */
export function pythonJsonLines(text: string): Json[] {
  const lines = text === '' ? [] : text.split(/(?<=\n)/);
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as Json;
    } catch (e) {
      throw new Error(`json.decoder.JSONDecodeError on line ${i + 1}: ${(e as Error).message}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Axion — ax-foundry/axion, axion/dataset.py: Dataset.read_json, Dataset.add_item, DatasetItem (pydantic; its
// `conversation` is routed to a MultiTurnConversation of axion/dataset_schema.py, whose messages are the role-tagged
// HumanMessage / AIMessage / ToolMessage of axion/_core/schema.py, all RichBaseModel with extra='forbid').

const AXION_ITEM_FIELDS: Record<string, Rule> = {
  id: 'str?', dataset_id: 'str?', query: 'str?', conversation: 'any?', expected_output: 'str?', actual_output: 'str?',
  retrieved_content: 'list[str]?', latency: 'any?', judgment: 'any?', critique: 'str?', conversation_extraction_strategy: 'str?',
  acceptance_criteria: 'list[str]?', additional_input: 'dict?', metadata: 'str?', dataset_metadata: 'str?', user_tags: 'list[str]?',
  source_timestamp: 'str?', trace: 'str?', trace_id: 'str?', session_id: 'str?', observation_id: 'str?', additional_output: 'dict?',
  actual_ranking: 'any?', expected_ranking: 'any?', tools_called: 'any?', expected_tools: 'any?', document_text: 'str?',
  expected_reference: 'any?', actual_reference: 'any?',
};

/** An item as Axion holds it after loading. */
export interface AxionLoadedItem {
  id: string;
  query: string;
  expected_output?: string;
  expected_reference?: Array<{ id: string }>;
  document_text?: string;
  metadata?: string;
  /** A MultiTurnConversation (axion/dataset_schema.py): messages told apart by role, and the reference text. */
  conversation?: { messages: Array<{ role: string; content: string }>; reference_text?: string };
  acceptance_criteria?: string[];
}

/** MultiTurnConversation (a RichBaseModel, `extra='forbid'`): `messages` of HumanMessage (`user`), AIMessage (`assistant`) or ToolMessage (`tool`). */
function axionConversation(v: unknown): AxionLoadedItem['conversation'] {
  const c = validateModel('MultiTurnConversation', v, { messages: 'any', reference_text: 'str?' }, 'forbid');
  if (!Array.isArray(c.messages)) throw new Error(`MultiTurnConversation.messages: input should be a valid list, got ${pyType(c.messages)}`);
  const messages = c.messages.map((m, i) => {
    const msg = validateModel(`messages.${i}`, m, { role: 'str', content: 'str' }, 'forbid');
    if (!['user', 'assistant', 'tool'].includes(String(msg.role))) throw new Error(`messages.${i}: Input tag '${String(msg.role)}' found using 'role' does not match any of the expected tags`);
    return { role: String(msg.role), content: String(msg.content) };
  });
  return { messages, reference_text: c.reference_text as string | undefined };
}

/**
 * `Dataset.read_json`: `data.get(...)` on the top level (a list fails), items without `query`/`conversation`
 * skipped, an item failing validation logged and skipped. `expected_reference` must be a list (strings become
 * `{"id": s}`), `metadata` a string.
 */
export function axionReadJson(text: string): { name: string; items: AxionLoadedItem[]; skipped: string[] } {
  const data = JSON.parse(text) as unknown;
  if (!isObj(data)) throw new Error(`AttributeError: '${pyType(data)}' object has no attribute 'get'`);
  const name = data.name;
  if (typeof name !== 'string' || !name.trim()) throw new Error(`TypeError: Dataset name must be provided (got ${pyType(name)})`);
  const items: AxionLoadedItem[] = [];
  const skipped: string[] = [];
  for (const raw of Array.isArray(data.items) ? data.items : []) {
    if (!isObj(raw) || !('query' in raw || 'conversation' in raw)) continue;
    try {
      const item = validateModel('DatasetItem', raw, AXION_ITEM_FIELDS, 'forbid');
      const ref = item.expected_reference;
      if (ref !== undefined && ref !== null && !(Array.isArray(ref) && ref.every((r) => typeof r === 'string' || (isObj(r) && typeof r.id === 'string')))) {
        throw new Error(`DatasetItem.expected_reference: input should be a valid list, got ${pyType(ref)}`);
      }
      items.push({
        id: String(item.id ?? item.dataset_id),
        query: String(item.query),
        expected_output: item.expected_output as string | undefined,
        expected_reference: Array.isArray(ref) ? ref.map((r) => (typeof r === 'string' ? { id: r } : { id: String((r as Obj).id) })) : undefined,
        document_text: item.document_text as string | undefined,
        metadata: item.metadata as string | undefined,
        ...(item.conversation !== undefined ? { conversation: axionConversation(item.conversation) } : {}),
        ...(item.acceptance_criteria !== undefined ? { acceptance_criteria: item.acceptance_criteria as string[] } : {}),
      });
    } catch (e) {
      skipped.push((e as Error).message);
    }
  }
  return { name, items, skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// Ragas — explodinggradients/ragas: src/ragas/dataset_schema.py (SingleTurnSample, MultiTurnSample,
// RagasDataset.from_jsonl / EvaluationDataset.from_list: the type of the first row for every row, validate_samples:
// one type), src/ragas/messages.py (HumanMessage / AIMessage / ToolMessage and their `type` literals) and
// src/ragas/testset/synthesizers/testset_schema.py (Testset.from_list: the type decided per row, TestsetSample).

const SINGLE_TURN_FIELDS: Record<string, Rule> = {
  user_input: 'str?', retrieved_contexts: 'list[str]?', reference_contexts: 'list[str]?', retrieved_context_ids: 'list[str|int]?',
  reference_context_ids: 'list[str|int]?', response: 'str?', multi_responses: 'list[str]?', reference: 'str?',
  rubrics: 'dict[str,str]?', persona_name: 'str?', query_style: 'str?', query_length: 'str?',
};

/**
 * MultiTurnSample: `user_input` a list of HumanMessage / AIMessage / ToolMessage (ragas/messages.py: `content` a
 * string, the `type` literal `human`, `ai` or `tool` picking the class; a ToolMessage must follow an AIMessage with
 * tool_calls), `reference`, `reference_tool_calls`, `rubrics`, `reference_topics`; other keys ignored.
 */
export function ragasMultiTurnSample(value: unknown): Obj {
  const sample = validateModel('MultiTurnSample', value, { user_input: 'any', reference: 'str?', reference_tool_calls: 'any?', rubrics: 'dict[str,str]?', reference_topics: 'list[str]?' }, 'ignore');
  if (!Array.isArray(sample.user_input)) throw new Error(`MultiTurnSample.user_input: input should be a valid list, got ${pyType(sample.user_input)}`);
  let previous: Obj | undefined;
  sample.user_input.forEach((m, i) => {
    const msg = validateModel(`user_input.${i}`, m, { content: 'str', type: 'str?' }, 'ignore');
    const type = msg.type ?? 'human';
    if (!['human', 'ai', 'tool'].includes(String(type))) throw new Error(`user_input.${i}.type: input should be 'human', 'ai' or 'tool'`);
    if (type === 'tool' && !(previous?.type === 'ai' && previous.tool_calls)) throw new Error('ToolMessage instances must be preceded by an AIMessage instance with tool_calls.');
    previous = msg;
  });
  return sample;
}

/**
 * `EvaluationDataset.from_list` as it is: the sample type is decided by the FIRST row (`isinstance(data[0]["user_input"],
 * list)`, checked for every row), then every row is built as that type — a mixed file fails on the first row of the
 * other type.
 */
export function ragasEvaluationDatasetAnyType(text: string): { type: 'SingleTurnSample' | 'MultiTurnSample'; samples: Obj[] } {
  const rows = pythonJsonLines(openWithCLocale(text));
  const multi = rows.length > 0 && rows.every((r) => isObj(r) && 'user_input' in r) && isObj(rows[0]) && Array.isArray(rows[0].user_input);
  return multi
    ? { type: 'MultiTurnSample', samples: rows.map(ragasMultiTurnSample) }
    : { type: 'SingleTurnSample', samples: rows.map((r) => validateModel('SingleTurnSample', r, SINGLE_TURN_FIELDS, 'ignore')) };
}

/** `EvaluationDataset.from_jsonl` (file opened with the platform encoding; here a C locale). */
export function ragasEvaluationDatasetFromJsonl(text: string): Obj[] {
  const rows = pythonJsonLines(openWithCLocale(text));
  if (rows.every((r) => isObj(r) && Array.isArray(r.user_input))) throw new Error('rows would load as MultiTurnSample');
  return rows.map((r) => validateModel('SingleTurnSample', r, SINGLE_TURN_FIELDS, 'ignore'));
}

/** `Testset.from_jsonl`: `sample["synthesizer_name"]` (KeyError when missing), popped, the rest a SingleTurnSample. */
export function ragasTestsetFromJsonl(text: string): Array<{ synthesizer_name: string; eval_sample: Obj }> {
  return pythonJsonLines(openWithCLocale(text)).map((r) => {
    if (!isObj(r) || !('synthesizer_name' in r)) throw new Error("KeyError: 'synthesizer_name'");
    const { synthesizer_name, ...rest } = r;
    if (typeof synthesizer_name !== 'string') throw new Error(`TestsetSample.synthesizer_name: input should be str, got ${pyType(synthesizer_name)}`);
    // per row: a `user_input` that is not a list makes a SingleTurnSample, anything else a MultiTurnSample
    const single = 'user_input' in rest && !Array.isArray(rest.user_input);
    return { synthesizer_name, eval_sample: single ? validateModel('SingleTurnSample', rest, SINGLE_TURN_FIELDS, 'ignore') : ragasMultiTurnSample(rest) };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// DeepEval — confident-ai/deepeval: deepeval/dataset/dataset.py (add_goldens_from_json_file, its default key
// names, a truthy `scenario` making a ConversationalGolden and setting `_multi_turn`, the `goldens` property returning
// one list by `_multi_turn`; add_goldens_from_jsonl_file), deepeval/dataset/golden.py (Golden, ConversationalGolden),
// deepeval/dataset/utils.py (parse_turns) and deepeval/test_case/conversational_test_case.py (Turn).

const GOLDEN_FIELDS: Record<string, Rule> = {
  input: 'str', actual_output: 'str?', expected_output: 'str?', context: 'list[str]?', retrieval_context: 'list[str]?',
  additional_metadata: 'dict?', comments: 'str?', tools_called: 'any?', expected_tools: 'any?', source_file: 'str?', name: 'str?',
};

function goldensOf(objects: unknown[]): Obj[] {
  return objects.map((o) => {
    if (isObj(o) && o.scenario) throw new Error('a row with `scenario` loads as a ConversationalGolden');
    return validateModel('Golden', o, GOLDEN_FIELDS, 'ignore');
  });
}

const CONVERSATIONAL_GOLDEN_FIELDS: Record<string, Rule> = {
  scenario: 'str', expected_outcome: 'str?', user_description: 'str?', context: 'list[str]?', additional_metadata: 'dict?',
  comments: 'str?', name: 'str?', custom_column_key_values: 'dict[str,str]?', turns: 'any?',
};

/** `parse_turns` (deepeval/dataset/utils.py) then `Turn` (test_case/conversational_test_case.py: role `user` | `assistant`). */
export function deepEvalTurns(turns: unknown): Array<{ role: string; content: string }> {
  if (!Array.isArray(turns)) throw new TypeError('Expected a JSON string or a list of turns.');
  return turns.map((t, i) => {
    if (!isObj(t)) throw new TypeError(`Turn at index ${i} is not a dictionary.`);
    if (typeof t.role !== 'string') throw new Error(`Turn at index ${i} is missing a valid 'role'.`);
    if (typeof t.content !== 'string') throw new Error(`Turn at index ${i} is missing a valid 'content'.`);
    if (t.role !== 'user' && t.role !== 'assistant') throw new Error(`Turn.role: input should be 'user' or 'assistant', got ${t.role}`);
    return { role: t.role, content: t.content };
  });
}

/**
 * `add_goldens_from_json_file` / `add_goldens_from_jsonl_file` over any rows, as they are: a row with a truthy
 * `scenario` becomes a ConversationalGolden (its `turns` through parse_turns) and sets `_multi_turn = True`, any other
 * row a Golden and `_multi_turn = False`; `dataset.goldens` then returns the list of the LAST row's type only.
 */
export function deepEvalDatasetOf(rows: unknown[]): { multiTurn: boolean; goldens: Obj[] } {
  const single: Obj[] = [];
  const conversational: Obj[] = [];
  let multiTurn = false;
  for (const row of rows) {
    if (isObj(row) && row.scenario) {
      const golden = validateModel('ConversationalGolden', row, CONVERSATIONAL_GOLDEN_FIELDS, 'ignore');
      conversational.push({ ...golden, turns: golden.turns ? deepEvalTurns(golden.turns) : [] });
      multiTurn = true;
    } else {
      single.push(validateModel('Golden', row, GOLDEN_FIELDS, 'ignore'));
      multiTurn = false;
    }
  }
  return { multiTurn, goldens: multiTurn ? conversational : single };
}

/** `add_goldens_from_json_file(file_path)` with its default key names (utf-8). */
export function deepEvalGoldensFromJson(text: string): Obj[] {
  const list = JSON.parse(text) as unknown;
  if (!Array.isArray(list)) throw new Error(`the file must hold a JSON list, got ${pyType(list)}`);
  return goldensOf(list);
}

/** `add_goldens_from_jsonl_file(file_path)`: one Golden a line. */
export function deepEvalGoldensFromJsonl(text: string): Obj[] {
  return goldensOf(pythonJsonLines(text));
}

// ---------------------------------------------------------------------------------------------------------------
// promptfoo — promptfoo/promptfoo, read: src/util/testCaseReader.ts (readTests: a `*.yaml` path goes to
// loadTestsFromGlob, which yaml.loads the list and passes each case to readTest; readTest rejects a case with none of
// assert, vars, options, metadata, provider, providerOutput, threshold), src/evaluator.ts (`options.disableVarExpansion`
// or PROMPTFOO_DISABLE_VAR_EXPANSION gives `[testCase.vars]`, else generateVarCombinations: one run per list element),
// src/assertions/rouge.ts (handleRougeScore: invariant renderedValue is a string; threshold `assertion.threshold ?? 0.75`),
// src/assertions/contains.ts (handleIContainsAny: a list value, or a comma-separated string, any one in the output).

const MODEL_GRADED = new Set(['factuality', 'llm-rubric', 'model-graded-closedqa', 'answer-relevance', 'context-faithfulness', 'g-eval']);
const OFFLINE = new Set(['rouge-n', 'rouge-l', 'rouge-s', 'bleu', 'gleu', 'meteor', 'levenshtein', 'contains', 'icontains', 'equals', 'contains-any', 'icontains-any']);
/** src/assertions/contains.ts: the *-any assertions take a list (or a comma-separated string) and pass when one is in the output. */
const LIST_VALUED = new Set(['contains-any', 'icontains-any']);

/** One promptfoo case as the evaluator runs it: its var combinations and rendered assertions. */
export interface PromptfooRun {
  combinations: number;
  /** `renderedValue` is the value, or a list-valued assertion's values joined with commas (then in `renderedValues`). */
  assertions: Array<{ type: string; renderedValue: string; threshold?: number; needsGrader: boolean; renderedValues?: string[] }>;
  vars: Obj;
  metadata: Obj;
}

/** Nunjucks `{{ name }}` over the vars (an array renders comma-joined, as nunjucks does). */
export function renderVars(template: string, vars: Obj): string {
  return template.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`template var ${name} is undefined`);
    return Array.isArray(v) ? v.join(',') : String(v);
  });
}

/** The tests file (`tests: file://…`) read and run the way the evaluator prepares each case. */
export function promptfooLoadTests(text: string): PromptfooRun[] {
  const tests = parseYaml(text) as unknown;
  if (!Array.isArray(tests)) throw new Error('a tests file must hold a list of test cases');
  return tests.map((t, i) => {
    if (!isObj(t)) throw new Error(`test ${i}: not an object`);
    if (!['assert', 'vars', 'options', 'metadata', 'provider', 'providerOutput'].some((k) => t[k]) && typeof t.threshold !== 'number') {
      throw new Error(`test ${i}: Test case must contain one of the following properties: assert, vars, options, metadata, provider, providerOutput, threshold.`);
    }
    const vars = t.vars ?? {};
    if (!isObj(vars)) throw new Error(`test ${i}: vars must be an object`);
    const options = t.options ?? {};
    if (!isObj(options)) throw new Error(`test ${i}: options must be an object`);
    const expand = options.disableVarExpansion !== true;
    const combinations = expand ? Object.values(vars).reduce<number>((n, v) => n * (Array.isArray(v) ? Math.max(1, v.length) : 1), 1) : 1;
    const asserts = t.assert ?? [];
    if (!Array.isArray(asserts)) throw new Error(`test ${i}: assert must be a list`);
    const assertions = asserts.map((a) => {
      if (!isObj(a) || typeof a.type !== 'string') throw new Error(`test ${i}: an assertion needs a type`);
      if (!MODEL_GRADED.has(a.type) && !OFFLINE.has(a.type)) throw new Error(`test ${i}: unknown assertion type ${a.type}`);
      if (a.threshold !== undefined && typeof a.threshold !== 'number') throw new Error(`test ${i}: threshold must be a number`);
      const threshold = a.threshold as number | undefined;
      if (LIST_VALUED.has(a.type) && isStrList(a.value)) {
        const values = a.value.map((v) => renderVars(v, vars));
        return { type: a.type, renderedValue: values.join(','), threshold, needsGrader: false, renderedValues: values };
      }
      if (typeof a.value !== 'string') throw new Error(`test ${i}: "${a.type}" assertion type must be a string value`);
      return { type: a.type, renderedValue: renderVars(a.value, vars), threshold, needsGrader: MODEL_GRADED.has(a.type) };
    });
    const metadata = t.metadata ?? {};
    if (!isObj(metadata)) throw new Error(`test ${i}: metadata must be an object`);
    return { combinations, assertions, vars, metadata };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAI evals — openai/evals: evals/registry.py (eval → id → spec with class and args),
// evals/elsuite/modelgraded/classify.py (ModelBasedClassify reads samples' `input` and `ideal`),
// evals/registry/modelgraded/fact.yaml (prompt over {input}, {ideal}, {completion}).

/** The fact spec's prompt fields. */
export const FACT_PROMPT_FIELDS = ['input', 'ideal', 'completion'] as const;

/** The registry YAML resolved from eval name to its ModelBasedClassify spec. */
export function openAiEvalsResolve(yamlText: string): { name: string; samplesJsonl: string; spec: string; evalType: string } {
  const registry = parseYaml(yamlText) as unknown;
  if (!isObj(registry)) throw new Error('the registry file must be a mapping');
  const name = Object.keys(registry).find((k) => !k.includes('.'));
  if (!name) throw new Error('no eval name (a key without a dot)');
  const base = registry[name];
  if (!isObj(base) || typeof base.id !== 'string') throw new Error(`${name}: needs an id`);
  if (!Array.isArray(base.metrics)) throw new Error(`${name}: needs metrics`);
  const spec = registry[base.id];
  if (!isObj(spec)) throw new Error(`${name}: id ${base.id} names no spec in the file`);
  if (spec.class !== 'evals.elsuite.modelgraded.classify:ModelBasedClassify') throw new Error(`${base.id}: class is ${String(spec.class)}`);
  const args = spec.args;
  if (!isObj(args) || typeof args.samples_jsonl !== 'string' || typeof args.modelgraded_spec !== 'string' || typeof args.eval_type !== 'string') {
    throw new Error(`${base.id}: args need samples_jsonl, eval_type and modelgraded_spec`);
  }
  return { name, samplesJsonl: args.samples_jsonl, spec: args.modelgraded_spec, evalType: args.eval_type };
}

/** A sample as ModelBasedClassify reads it: the `input` prompt (text or chat) and `ideal`, formatted into the fact prompt. */
export function openAiEvalsFactPrompt(sample: unknown, completion: string): string {
  if (!isObj(sample)) throw new Error('a sample must be an object');
  const input = sample.input;
  const prompt = typeof input === 'string' ? input
    : Array.isArray(input) && input.every((m) => isObj(m) && typeof m.role === 'string' && typeof m.content === 'string')
      ? input.map((m) => `${(m as Obj).role}: ${(m as Obj).content}`).join('\n')
      : undefined;
  if (prompt === undefined) throw new Error(`sample input must be a string or chat messages, got ${pyType(input)}`);
  const ideal = sample.ideal;
  if (!(typeof ideal === 'string' || isStrList(ideal))) throw new Error(`sample ideal must be a string or list of strings, got ${pyType(ideal)}`);
  const fields: Record<(typeof FACT_PROMPT_FIELDS)[number], string> = { input: prompt, ideal: Array.isArray(ideal) ? ideal.join('\n') : ideal, completion };
  return `[Question]: ${fields.input}\n[Expert]: ${fields.ideal}\n[Submission]: ${fields.completion}`;
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAI Evals API (platform docs, "Evals": data_source_config type custom with item_schema; file lines
// `{"item": {...}}`): every item must follow the item_schema (a JSON Schema).

/** A small JSON Schema check: type (or types), enum, properties, required, additionalProperties, items. */
export function jsonSchemaProblems(schema: unknown, value: unknown, at = 'item'): string[] {
  if (!isObj(schema)) return [`${at}: schema is not an object`];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);
  const actual = typeOf(value);
  if (!types.includes(actual) && !(actual === 'number' && types.includes('integer') && Number.isInteger(value))) return [`${at}: expected ${types.join('|')}, got ${actual}`];
  const problems: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as Json)) problems.push(`${at}: not one of ${schema.enum.join(', ')}`);
  if (actual === 'object' && isObj(value)) {
    const props = isObj(schema.properties) ? schema.properties : {};
    for (const r of Array.isArray(schema.required) ? schema.required : []) if (typeof r === 'string' && !(r in value)) problems.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(value)) {
      if (k in props) problems.push(...jsonSchemaProblems(props[k], v, `${at}.${k}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${k}: not in the schema`);
    }
  }
  if (actual === 'array' && Array.isArray(value) && schema.items !== undefined) value.forEach((v, i) => problems.push(...jsonSchemaProblems(schema.items, v, `${at}[${i}]`)));
  return problems;
}

/** The uploaded file checked against the data source config: rows `{"item": …}` that follow its item_schema. */
export function openAiEvalsApiItems(jsonl: string, dataSourceConfig: string): Obj[] {
  const config = JSON.parse(dataSourceConfig) as unknown;
  if (!isObj(config) || config.type !== 'custom' || !isObj(config.item_schema)) throw new Error('data_source_config must be {type: custom, item_schema}');
  return pythonJsonLines(jsonl).map((row, i) => {
    if (!isObj(row) || Object.keys(row).join() !== 'item' || !isObj(row.item)) throw new Error(`line ${i + 1}: must be {"item": {...}}`);
    const problems = jsonSchemaProblems(config.item_schema, row.item);
    if (problems.length) throw new Error(`line ${i + 1}: ${problems.join('; ')}`);
    return row.item;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Hugging Face — huggingface/datasets, read: src/datasets/packaged_modules/json/json.py (Json._generate_tables:
// pyarrow.json.read_json per batch, one Arrow type per column; when pyarrow raises "JSON parse error: Column(…) changed
// from …", JsonConfig.on_mixed_types="use_json" re-encodes that column as JSON text, older releases fail; with declared
// features _cast_table adds missing columns as null and table_casts to them) and src/datasets/features/features.py
// (Features._from_yaml_list: `sequence`, `list` or `large_list` of a dtype name).

type ArrowType = string; // 'null' | 'string' | 'bool' | 'int64' | 'double' | `list<${ArrowType}>` | 'struct'

function arrowTypeOf(v: unknown): ArrowType {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'double';
  if (Array.isArray(v)) return `list<${v.map(arrowTypeOf).reduce(unify, 'null')}>`;
  return 'struct';
}

function unify(a: ArrowType, b: ArrowType): ArrowType {
  if (a === b || b === 'null') return a;
  if (a === 'null') return b;
  if ((a === 'int64' && b === 'double') || (a === 'double' && b === 'int64')) return 'double';
  if (a.startsWith('list<') && b.startsWith('list<')) return `list<${unify(a.slice(5, -1), b.slice(5, -1))}>`;
  throw new Error(`JSON parse error: Column changed from ${a} to ${b}`);
}

/** `load_dataset("json", data_files=…)`: the table's columns and their Arrow types (`json`: a mixed-type column re-encoded as JSON text). */
export function huggingFaceJsonTable(text: string): { columns: Record<string, ArrowType>; rows: Obj[] } {
  const rows = text.split('\n').filter((l) => l.trim()).map((l, i) => {
    const v = JSON.parse(l) as unknown;
    if (!isObj(v)) throw new Error(`JSON parse error: row ${i + 1} is not an object`);
    return v;
  });
  const columns: Record<string, ArrowType> = {};
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (columns[k] === 'json') continue;
      try {
        columns[k] = unify(columns[k] ?? 'null', arrowTypeOf(v));
      } catch {
        // on_mixed_types="use_json": the column loads as JSON-encoded text, no longer the list or number it was.
        columns[k] = 'json';
      }
    }
  }
  return { columns, rows };
}

/** The card's header: its data file and declared features; loading casts each column to its feature. */
export function huggingFaceCardCast(card: string, table: { columns: Record<string, ArrowType> }): { dataFile: string; split: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(card);
  if (!m) throw new Error('the card has no YAML header between --- lines');
  const header = parseYaml(m[1]) as unknown;
  if (!isObj(header)) throw new Error('the card header is not a mapping');
  const config = Array.isArray(header.configs) ? header.configs[0] : undefined;
  const dataFiles = isObj(config) && Array.isArray(config.data_files) ? config.data_files[0] : undefined;
  if (!isObj(config) || config.config_name !== 'default' || !isObj(dataFiles) || typeof dataFiles.path !== 'string' || typeof dataFiles.split !== 'string') {
    throw new Error('configs[0] needs config_name default and data_files [{split, path}]');
  }
  const info = header.dataset_info;
  const features = isObj(info) && Array.isArray(info.features) ? info.features : [];
  const declared = features.map((f) => (isObj(f) ? String(f.name) : ''));
  if (declared.join() !== Object.keys(table.columns).join()) throw new Error(`features ${declared.join(',')} differ from the columns ${Object.keys(table.columns).join(',')}`);
  for (const f of features) {
    if (!isObj(f)) continue;
    const column = table.columns[String(f.name)];
    const castable = f.dtype === 'string' ? ['string', 'null'].includes(column)
      : f.dtype === 'float64' ? ['double', 'int64', 'null'].includes(column)
        : (f.sequence ?? f.list ?? f.large_list) === 'string' ? ['list<string>', 'list<null>', 'null'].includes(column)
          // `list:` of named fields is a list of structs (Features._from_yaml_list)
          : Array.isArray(f.list) ? ['list<struct>', 'list<null>', 'null'].includes(column) : false;
    if (!castable) throw new Error(`column ${String(f.name)} (${column}) cannot be cast to ${JSON.stringify(f)}`);
  }
  return { dataFile: dataFiles.path, split: dataFiles.split };
}

// ---------------------------------------------------------------------------------------------------------------
// LangSmith — langchain-ai/langsmith-sdk, read: python/langsmith/client.py (Client.create_examples(*, dataset_name,
// dataset_id, examples: Sequence[ExampleCreate | dict], ...): `ls_schemas.ExampleCreate(**x) if isinstance(x, dict)
// else x` for each example, then a multipart upload whose part names are `str(example.id)` or a fresh uuid4, with
// metadata/split in the body part and inputs/outputs as their own JSON parts) and python/langsmith/schemas.py
// (ExampleCreate: id Optional[UUID], created_at, inputs/outputs/metadata Optional[dict], split str or list[str],
// attachments, use_source_run_io, use_source_run_attachments, source_run_id). In the current SDK ExampleCreate is a
// plain dataclass: another key is a TypeError, and its field types are not checked. In the pydantic SDKs (0.3.x) it
// is a BaseModel: another key is silently dropped, a non-UUID `id` or a non-dict inputs is a ValidationError. The
// check takes the stricter of the two on each point, so a line it passes loads with either.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE_CREATE_FIELDS = ['id', 'created_at', 'inputs', 'outputs', 'metadata', 'split', 'attachments', 'use_source_run_io', 'use_source_run_attachments', 'source_run_id'];

/** One line as `ExampleCreate(**line)`. */
export function langSmithExample(row: unknown): Obj {
  if (!isObj(row)) throw new Error(`ExampleCreate() argument after ** must be a mapping, not ${pyType(row)}`);
  const unexpected = Object.keys(row).find((k) => !EXAMPLE_CREATE_FIELDS.includes(k));
  if (unexpected) throw new Error(`TypeError: ExampleCreate.__init__() got an unexpected keyword argument '${unexpected}'`);
  for (const k of ['inputs', 'outputs', 'metadata']) {
    if (row[k] !== undefined && row[k] !== null && !isObj(row[k])) throw new Error(`ExampleCreate.${k}: must be a dict, got ${pyType(row[k])}`);
  }
  if (row.id !== undefined && row.id !== null && !(typeof row.id === 'string' && UUID.test(row.id))) throw new Error(`ExampleCreate.id: must be a UUID, got ${String(row.id)}`);
  return row;
}

// Langfuse — langfuse/langfuse-python, read: langfuse/api/dataset_items/types/create_dataset_item_request.py
// (CreateDatasetItemRequest, generated from the API definition: datasetName required; input, expectedOutput, metadata
// Any; sourceTraceId, sourceObservationId, id str; status a DatasetStatus ACTIVE|ARCHIVED; `extra="allow"`, so an
// unknown key such as a snake_case `expected_output` is accepted and is not the expected output).

const LANGFUSE_ITEM_FIELDS: Record<string, Rule> = {
  datasetName: 'str', input: 'any?', expectedOutput: 'any?', metadata: 'any?', sourceTraceId: 'str?', sourceObservationId: 'str?', id: 'str?', status: 'str?',
};

/** One line as a CreateDatasetItemRequest: the fields Langfuse stores (unknown keys are carried, never used). */
export function langfuseDatasetItem(row: unknown): Obj {
  const item = validateModel('CreateDatasetItemRequest', row, LANGFUSE_ITEM_FIELDS, 'ignore');
  if (item.status !== undefined && item.status !== 'ACTIVE' && item.status !== 'ARCHIVED') throw new Error(`status must be ACTIVE or ARCHIVED, got ${String(item.status)}`);
  return Object.fromEntries(Object.entries(item).filter(([k]) => k in LANGFUSE_ITEM_FIELDS)) as Obj;
}

// Phoenix — Arize-ai/phoenix, read: packages/phoenix-client/src/phoenix/client/resources/datasets/__init__.py
// (Datasets._upload_json_dataset, behind create_dataset(dataset_name=…, inputs=…, outputs=…, metadata=…): inputs
// non-empty, all dicts; outputs and metadata of the same length, all dicts; then POST v1/datasets/upload with the JSON
// body {action, name, inputs, outputs, metadata, description}).

/** The upload body as the server reads it: examples zipped from the three lists. */
export function phoenixUpload(text: string): { name: string; examples: Array<{ input: Obj; output: Obj; metadata: Obj }> } {
  const body = JSON.parse(text) as unknown;
  if (!isObj(body)) throw new Error('the body must be a JSON object');
  if (body.action !== 'create' && body.action !== 'append') throw new Error(`action must be create or append, got ${String(body.action)}`);
  if (typeof body.name !== 'string' || !body.name) throw new Error('name is required');
  const lists = ['inputs', 'outputs', 'metadata'].map((k) => {
    const v = body[k];
    if (!Array.isArray(v) || !v.every(isObj)) throw new Error(`${k} must contain only dictionaries`);
    return v as Obj[];
  });
  const [inputs, outputs, metadata] = lists;
  if (!inputs.length) throw new Error('inputs must be non-empty');
  for (const [k, v] of [['outputs', outputs], ['metadata', metadata]] as const) {
    if (v.length !== inputs.length) throw new Error(`${k} must have same length as inputs (${v.length} != ${inputs.length})`);
  }
  return { name: body.name, examples: inputs.map((input, i) => ({ input, output: outputs[i], metadata: metadata[i] })) };
}

// MLflow — mlflow/mlflow, read: mlflow/genai/evaluation/utils.py (_convert_eval_set_to_df: every item a dict, a
// non-empty frame, an `inputs` or `trace` column; validate_tags: dict[str, str]; the legacy metric bridge passes
// expected_facts: list[str] and expected_response to the scorers). An empty `inputs` dict is refused only by
// prompt optimisation (validate_train_data), not by evaluate, so it is not checked here.

/** `[json.loads(l) for l in f]` passed as `data=` to `mlflow.genai.evaluate`. */
export function mlflowEvalSet(text: string): Obj[] {
  const data = pythonJsonLines(text);
  if (!data.length) throw new Error('The dataset is empty. Please provide a non-empty dataset.');
  return data.map((r, i) => {
    if (!isObj(r)) throw new Error('Every item in the list must be a dictionary.');
    if (!('inputs' in r) && !('trace' in r)) throw new Error('Either `inputs` or `trace` column is required in the dataset.');
    if (!isObj(r.inputs)) throw new Error(`Record ${i}: inputs must be a dict of the predict_fn's keyword arguments, got ${pyType(r.inputs)}`);
    if (r.expectations !== undefined) validateModel('expectations', r.expectations, { expected_facts: 'list[str]?', expected_response: 'str?', guidelines: 'any?' }, 'ignore');
    if (r.tags !== undefined) validateModel('tags', r.tags, {}, 'ignore');
    if (isObj(r.tags) && !Object.values(r.tags).every((v) => typeof v === 'string')) throw new Error('Tags must be a dictionary of str to str');
    return r;
  });
}
