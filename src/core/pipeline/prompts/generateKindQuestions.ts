/** Prompt of the generate_kind_questions task: multi-hop, unanswerable and multi-turn questions. */
import type { ChatMessage } from '../../llm/port';
import type { GenerateKindQuestionsInput, SpecialKind } from '../../domain/tasks';
import { LANGUAGE_RULE, personaLines, steeringLines, taskMessages } from './common';
import { QUESTIONS_FROM_TRANSCRIPT } from './conversation';
import { typeHintLines } from './generateQuestions';
import { writeShapeLines } from './shapes';

/** What each kind of question is, and what its `sources` and `turns` hold. */
const KIND_RULES: Readonly<Record<SpecialKind, string>> = Object.freeze({
  multi_hop: '- multi_hop: one question whose answer needs facts from EVERY chunk of the request (2–4 chunks that share an entity, setting or topic), so that no single chunk answers it. Build it on a bridge: find what both chunks are about (a file, setting, command), then ask what only their facts together tell — a fact of one decides which fact of the other applies, one gives a condition and the other its consequence, or the two are compared. A factual or application type combines concrete facts; a conceptual or analysis type relates or compares them ("How does … differ from …?"). Test it: hide either chunk — if the question can still be answered, it is no multi-hop question. Never two questions joined by "and", and never a question that states one chunk\'s fact in its premise and asks only the other\'s (that chunk alone answers it). `sources`: one entry per chunk used (at least two, each chunk once), with the statements of that chunk the answer needs. When a request\'s chunks share nothing a user would ask about together, write no question for it: two unrelated facts joined are no multi-hop question, and returning none for such a request is right (a forced one is dropped later).',
  unanswerable: '- unanswerable: a question a user of this product could plausibly ask, close to the chunk\'s topic, that the chunk does NOT answer: a neighbouring feature or option it does not mention, another version or platform, or a false premise (it assumes something the statements do not say). Whatever its `question_type`, it must not be answerable or inferable from the statements (a premise that contradicts a statement is answerable: the statement corrects it), nor be absurd or off-topic. `sources`: the chunk with the statements closest to what it asks (what the documentation does cover).',
  multi_turn: '- multi_turn: a short conversation of exactly 2 or 4 prior `turns`, never 3 (user and assistant alternating, starting with the user and ending with the assistant; the assistant\'s turns say only what the statements say and do not already give the final answer) followed by the user\'s final `question`, which depends on the earlier turns — a follow-up, a pronoun for something named before, or a correction — and so cannot be answered without them. `sources`: the chunk with the statements the assistant turns and the final answer use.',
});

/** Builds the messages that ask for questions of the other kinds than single_hop, per request. */
export function generateKindQuestionsPrompt(input: GenerateKindQuestionsInput): ChatMessage[] {
  const kinds = [...new Set(input.requests.map((r) => r.kind))];
  return taskMessages('generate_kind_questions', [
    'You write questions of special kinds for a question/answer evaluation dataset. `chunks` holds numbered, verified `statements` of document chunks (with a `heading_path` when the chunk has one, and a statement\'s verbatim `quote` where that says more). Each request names its `kind`, its `chunk_ids`, a `question_type` and a `count`: write `count` questions for it (fewer when its chunks cannot support that many good ones), each with its `request_id`. The kinds:',
    ...kinds.map((k) => KIND_RULES[k]),
    'The question types:',
    ...typeHintLines(input.requests.map((r) => r.question_type)),
    'Ask what a user of the product would ask from a goal, a task or a symptom. Each question names its subject (and its product, when the statements or headings make it plain) so it stands alone (a multi_turn question may refer back to its turns, never to "the text" or "the document"); does not contain its answer; asks one thing; differs from the others and from `avoid_questions`. `turns` is empty except for multi_turn.',
    ...(input.material === 'conversation' ? QUESTIONS_FROM_TRANSCRIPT : []),
    ...writeShapeLines(input.requests, false),
    ...personaLines(input.personas, 'request'),
    'A statement without `scope` is about the product as it is; ask about one with `scope` "planned" or "history" only as plan or history, never as current behaviour.',
    ...steeringLines(input),
    ...(kinds.some((k) => k !== 'unanswerable') ? ['The difficulty applies to each chunk\'s part of a multi_hop question and to the final question of a multi_turn one (its turns add statements of their own).'] : []),
    LANGUAGE_RULE,
  ], input);
}

/**
 * The kind lines of the answer, validation and revision prompts, for the kinds present in a call (none for a call
 * of single_hop pairs only, whose prompt stays as it was).
 */
export const KIND_STAGE_RULES: Readonly<Record<'answer' | 'validate' | 'revise', Readonly<Record<SpecialKind, string>>>> = Object.freeze({
  answer: Object.freeze({
    multi_hop: 'A question with `more_evidence_ids` (kind multi_hop) is answered from ALL its bodies of evidence together, combining what each says, and claims no more than they state together (no "only", "never" or "must" the passages do not say); `statement_indices` are those of its first body (the others\' statements are already recorded with the question).',
    unanswerable: 'A question of kind unanswerable is not answered by its evidence: the answer says plainly that this is not documented, in one sentence naming what is asked ("Whether … is not documented.": the one mention of the documentation an answer may make), then in at most one more what its own evidence (`evidence_id`) documents on that topic, stated as facts ("The cache holds at most 100 entries."), never as "the passage says"; `more_evidence_ids` only confirm that nothing answers it: nothing is taken from them; never guess the missing fact; with `more_evidence_ids`, those passages (elsewhere in the documents) do not answer it either. `statement_indices`: the statements that say what is covered.',
    multi_turn: 'A question of kind multi_turn is the last turn of a conversation (`turns`, oldest first): answer that final question as the next assistant turn, reading what it refers back to in the turns, from the evidence only.',
  }),
  validate: Object.freeze({
    multi_hop: '- multi_hop (with `more_evidence_ids`): judge against all its passages together; combining facts that different passages state is no inference (grounded judges each claim against the passage that states it). `kind_check` "holds" only when the answer needs facts from at least two of them and no single passage answers the question. Test it by hiding each passage in turn: "fails" when the rest still answers it (one passage alone does; another that only repeats a fact of the first adds no hop), and when it is two questions in one: each passage answers its own half and nothing relates the halves (a comparison — how they differ, which one applies when — does relate them). A failed pair is dropped as not multi-hop, however good it is otherwise.',
    unanswerable: '- unanswerable: the question must NOT be answered by its passage nor by any of `more_evidence_ids` (the passages elsewhere most likely to answer it), and its premise being absent from the passage is the point, no defect of clarity; the answer is right when it says this is not documented (grounded: what it says the passage covers is in the passage; complete: it says it is not documented). `kind_check` "holds" when no passage answers the question, "fails" when one does (it is then dropped as answerable).',
    multi_turn: '- multi_turn: `turns` are the conversation before the final question; standalone means clear given those turns. `kind_check` "holds" when the final question needs the turns to be understood or answered and every assistant turn says only what the evidence states, "fails" when it reads the same without them or a turn claims more (it is then dropped).',
  }),
  revise: Object.freeze({
    multi_hop: 'A pair of kind multi_hop stays multi-hop: the new question still needs facts from every body of evidence (`evidence_id` and `more_evidence_ids`); its `statement_indices` are those of its first body (the others\' are kept from its question).',
    unanswerable: 'A pair of kind unanswerable stays unanswerable: the new question is still close to its evidence\'s topic and still NOT answered by it; its `statement_indices` are the statements closest to what it asks.',
    multi_turn: 'A pair of kind multi_turn keeps its `turns` as they are: rewrite only the final question, which still depends on them.',
  }),
});

/** The kind lines of `stage` for the kinds these items have. */
export function kindLines(stage: keyof typeof KIND_STAGE_RULES, items: ReadonlyArray<{ kind?: SpecialKind }>, heading = ''): string[] {
  const kinds = [...new Set(items.flatMap((x) => (x.kind ? [x.kind] : [])))];
  if (kinds.length === 0) return [];
  return [...(heading ? [heading] : []), ...kinds.map((k) => KIND_STAGE_RULES[stage][k])];
}
