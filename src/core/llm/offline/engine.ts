/**
 * The offline engine: a deterministic, model-free {@link LlmPort} (provider `offline`, model `heuristic-v1`)
 * that answers every pipeline task from `request.input` with classical text processing — informative sentences
 * as statements, rule-based question forms in the source's language, answers taken verbatim from the source,
 * heuristic validation scores. It lets the pipeline, UI and CLI run anywhere, and backs the test endpoint.
 */
import type { LlmPort, StructuredReply, StructuredRequest } from '../port';
import { abortError } from '../errors';
import { type ExtractStatementsInput, type ExtractStatementsOutput, type GenerateAnswersInput, type GenerateAnswersOutput, type GenerateQuestionsInput, type GenerateQuestionsOutput, type ReviseQuestionsInput, type ReviseQuestionsOutput, type TaskId, type TaskStatement, type ValidatePairsInput, type ValidatePairsOutput } from '../../domain/tasks';
import { TASK_IDS } from '../../domain/taskSchemas';
import { detectLanguage, informativeness, overlap, sentencesOf, withoutMarkup, type Lang } from './text';
import { formOf, formsFor, writeQuestion, type QuestionForm } from './questions';
import { scorePair } from './scoring';
import { answerStanding, answeringTurns, contradictedTurns, establishes, factPart, isCustomer } from './conversation';
import { turnsOf, type ChunkTurn } from '../../domain/turns';
import { documentedPart, generateKindQuestions, kindCheck, proposePersonas, reviseKindQuestion, shapedQuestion, unanswerableAnswer } from './kinds';

/** Every form, tried after a type's own; the fill-in-the-blank last. */
const ALL_FORMS: readonly QuestionForm[] = ['what_is', 'why', 'how', 'what_about', 'cloze'];
const ANSWER_SENTENCES: Record<string, number> = { short: 1, medium: 2, long: 4 };

function normalized(question: string): string {
  return question.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Index of the statement that best matches `text` (0 when none overlaps). */
function bestStatement(statements: TaskStatement[], text: string): number {
  let best = 0;
  let bestScore = -1;
  for (const s of statements) {
    const score = overlap(s.text, text);
    if (score > bestScore) {
      bestScore = score;
      best = s.index;
    }
  }
  return best;
}

/** What the engine knows of a chunk's source when writing questions: the text, its language. */
interface QuestionSource {
  text: string;
  lang: Lang;
}

/**
 * A chunk as the pipeline sends it to question tasks: its text (only the part its statements do not cover,
 * often empty) together with its statements — both are the source, for the language and for how it writes
 * a word (a name, or an ordinary word that opens a sentence).
 */
function questionSource(chunk: { text?: string; statements: ReadonlyArray<TaskStatement & { quote?: string }> }): QuestionSource {
  const text = [chunk.text ?? '', ...chunk.statements.flatMap((s) => [s.quote ?? '', s.text])].filter((t) => t !== '').join('\n');
  return { text, lang: detectLanguage(text) };
}

/** A plan (roadmap, to-do) by its own words or its section's title; everything else is about the product as it is. */
function scopeOf(sentence: string, headingPath: string | undefined): 'current' | 'planned' {
  return PLANNED.test(sentence) || PLANNED.test(headingPath ?? '') ? 'planned' : 'current';
}
const PLANNED = /\b(roadmap|to-?do|planned|coming soon|not yet (?:implemented|supported))\b|^\s*[-*]\s*\[ \]/im;

/** The `[turn 3] user: ` that opens each turn of a rendered conversation (ingest/sessions/render.ts). */
const TURN_LABEL = /^\[turn \d+\]\s+[^:\s]+:\s*/;

function extractStatements(input: ExtractStatementsInput): ExtractStatementsOutput {
  return {
    chunks: input.chunks.map((chunk) => {
      const turns = input.material === 'conversation' ? turnsOf(chunk.text) : [];
      if (turns.length > 0) return { chunk_id: chunk.chunk_id, statements: conversationStatements(chunk, turns) };
      const ranked = sentencesOf(chunk.text)
        .map((sentence, order) => ({ sentence, order, score: informativeness(sentence.text) }))
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score || a.order - b.order)
        .slice(0, Math.max(0, chunk.max_statements))
        .sort((a, b) => a.order - b.order);
      return {
        chunk_id: chunk.chunk_id,
        statements: ranked.map(({ sentence }) => {
          // a conversation's turn label is who spoke, not part of the fact (and never a question's topic)
          const quote = sentence.text.replace(TURN_LABEL, '');
          return { statement: withoutMarkup(quote), quote, scope: scopeOf(quote, chunk.heading_path) };
        }),
      };
    }),
  };
}

/**
 * A conversation question that names its product, so it stands alone: `Kestrel K2: What does E2 mean?` when the
 * conversation's title line names a product the question does not (questions about documents are left as they are).
 */
function namingProduct(question: string | undefined, headingPath: string | undefined): string | undefined {
  const product = /\bproduct: ([^,)]+)/.exec(headingPath ?? '')?.[1].trim();
  if (!question || !product) return question;
  const named = product.split(/\s+/).some((word) => word.length > 1 && question.toLowerCase().includes(word.toLowerCase()));
  return named ? question : `${product}: ${question}`;
}

/**
 * A conversation's statements: the most informative sentences of what it established (never a question, a hedged
 * agent claim or an agent turn a later turn contradicts), each attributed to its turn and speaker.
 */
function conversationStatements(chunk: ExtractStatementsInput['chunks'][number], turns: readonly ChunkTurn[]): ExtractStatementsOutput['chunks'][number]['statements'] {
  const contradicted = contradictedTurns(chunk.text, turns);
  return answeringTurns(turns)
    .flatMap((turn) => sentencesOf(chunk.text.slice(turn.start, turn.end))
      .filter((sentence) => establishes(sentence.text, turn, chunk.text.slice(turn.start, turn.end), contradicted))
      .map((sentence) => ({ sentence: { ...sentence, text: factPart(sentence.text) }, turn }))
      .filter((s) => s.sentence.text !== ''))
    // the agent's resolution first; what the user confirmed backs it up
    .map((s, order) => ({ ...s, order, score: informativeness(s.sentence.text) * (isCustomer(s.turn) ? 0.5 : 1) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, Math.max(0, chunk.max_statements))
    // most useful first, as the prompt asks of a model: question allocation takes a chunk's statements in order
    .map(({ sentence, turn }) => ({
      statement: withoutMarkup(sentence.text), quote: sentence.text, scope: scopeOf(sentence.text, chunk.heading_path),
      turn: turn.turn, speaker: turn.speaker, standing: 'established' as const,
    }));
}

function generateQuestions(input: GenerateQuestionsInput): GenerateQuestionsOutput {
  const seen = new Set(input.avoid_questions.map(normalized));
  const questions: GenerateQuestionsOutput['questions'] = [];
  for (const chunk of input.chunks) {
    if (chunk.statements.length === 0) continue;
    const source = questionSource(chunk);
    let cursor = 0; // spreads consecutive questions over the chunk's statements
    for (const request of chunk.requests) {
      const forms = [...formsFor(request.question_type), ...ALL_FORMS];
      const shape = { ...(request.query_style ? { query_style: request.query_style } : {}), ...(request.query_length ? { query_length: request.query_length } : {}) };
      let made = 0;
      for (let tries = 0; made < request.count && tries < chunk.statements.length * forms.length; tries++) {
        const statement = chunk.statements[(cursor + tries) % chunk.statements.length];
        const form = forms[Math.floor(tries / chunk.statements.length) % forms.length];
        const question = namingProduct(writeQuestion(statement.text, form, source.lang, source.text), input.material === 'conversation' ? chunk.heading_path : undefined);
        if (!question || seen.has(normalized(question))) continue;
        seen.add(normalized(question));
        questions.push({ chunk_id: chunk.chunk_id, question: shapedQuestion(question, request.query_style, request.query_length, source.lang), question_type: request.question_type, ...shape, statement_indices: [statement.index] });
        made++;
        cursor++;
      }
    }
  }
  return { questions };
}

/** `count` sentences from `at` on, stopping at the end of the section (a heading or other non-sentence). */
function answerSentences(sentences: string[], at: number, count: number): string[] {
  const parts = [withoutMarkup(sentences[at])];
  for (let i = at + 1; i < sentences.length && parts.length < count; i++) {
    if (/^\s*#/.test(sentences[i]) || !/[.!?…。]["')»]?\s*$/u.test(sentences[i])) break;
    parts.push(withoutMarkup(sentences[i]));
  }
  return parts;
}

/**
 * The sentences an answer is taken from: the evidence text, or in a conversation only the turn the statement was
 * verified in — no `[turn N] role:` label, no other speaker's turn, no question the agent asked back.
 */
function answerSource(input: GenerateAnswersInput, text: string, statement: TaskStatement): Array<{ text: string }> {
  const turn = input.material === 'conversation' && statement.turn !== undefined ? turnsOf(text).find((t) => t.turn === statement.turn) : undefined;
  if (!turn) return sentencesOf(text);
  const said = sentencesOf(text.slice(turn.start, turn.end)).filter((s) => !/\?\s*$/.test(s.text)).map((s) => ({ text: factPart(s.text) }));
  return said.filter((s) => s.text !== '');
}

function generateAnswers(input: GenerateAnswersInput): GenerateAnswersOutput {
  const bodies = new Map((input.evidence ?? []).map((e) => [e.evidence_id, e]));
  const wanted = ANSWER_SENTENCES[input.answer_length.name] ?? 2;
  const answers = input.questions.flatMap((q) => {
    const chunk = bodies.get(q.evidence_id);
    if (!chunk || chunk.statements.length === 0) return [];
    const index = bestStatement(chunk.statements, q.question);
    const statement = chunk.statements.find((s) => s.index === index)!;
    const sentences = answerSource(input, chunk.text, statement);
    let at = 0;
    sentences.forEach((s, i) => { if (overlap(s.text, statement.text) > overlap(sentences[at].text, statement.text)) at = i; });
    // A critique asking for more gets one more sentence of context.
    const count = wanted + (q.answer_critique && /short|cut off|complete/i.test(q.answer_critique) ? 1 : 0);
    const parts = sentences.length > 0 ? answerSentences(sentences.map((s) => s.text), at, count) : [statement.text];
    // a multi_hop answer adds the best sentence of each further body; an unanswerable one says what is not documented
    for (const id of q.more_evidence_ids ?? []) {
      const more = bodies.get(id);
      if (!more || more.statements.length === 0) continue;
      const best = bestStatement(more.statements, q.question);
      const s = more.statements.find((x) => x.index === best)!;
      parts.push(withoutMarkup(s.text));
    }
    // An answer is prose, not a quote: line wraps of the source become spaces.
    const answer = parts.join(' ').replace(/\s*\n\s*/g, ' ');
    return [{ question_id: q.question_id, answer: q.kind === 'unanswerable' ? unanswerableAnswer(chunk.text, answer) : answer, statement_indices: [index] }];
  });
  return { answers };
}

function validatePairs(input: ValidatePairsInput): ValidatePairsOutput {
  const bodies = new Map((input.evidence ?? []).map((e) => [e.evidence_id, e.text]));
  const anyKind = input.pairs.some((p) => p.kind);
  return { verdicts: input.pairs.map((p) => {
    const passages = [bodies.get(p.evidence_id) ?? '', ...(p.more_evidence_ids ?? []).map((id) => bodies.get(id) ?? '')];
    const body = passages.join('\n\n');
    // a styled question is worded so on purpose: its grammar, keywords or typos are no defect of clarity
    const styled = p.query_style !== undefined && p.query_style !== 'perfect_grammar';
    const scored = scorePair(p.pair_id, p.question, p.kind === 'unanswerable' ? documentedPart(p.answer) : p.answer, body, input.threshold ?? 0.7, styled);
    const verdict = anyKind ? { ...scored, kind_check: p.kind ? kindCheck(p.kind, p.question, p.answer, passages, p.turns?.length ?? 0) : 'holds' as const } : scored;
    if (input.material !== 'conversation') return verdict;
    // a model would see that the answer repeats advice the conversation took back; the pipeline routes the flag
    return { ...verdict, agent_standing: answerStanding(body, turnsOf(body), p.answer, (t) => sentencesOf(t).map((s) => s.text)) };
  }) };
}

function reviseQuestions(input: ReviseQuestionsInput): ReviseQuestionsOutput {
  const bodies = new Map((input.evidence ?? []).map((e) => [e.evidence_id, e]));
  const revisions = input.pairs.flatMap((pair) => {
    const chunk = bodies.get(pair.evidence_id);
    if (!chunk || chunk.statements.length === 0) return [];
    const source = questionSource(chunk);
    if (pair.kind) {
      const further = (pair.more_evidence_ids ?? []).flatMap((id) => bodies.get(id)?.statements ?? []);
      const revised = reviseKindQuestion(pair.kind, chunk.statements, pair.question, further);
      return revised ? [{ pair_id: pair.pair_id, question: shapedQuestion(revised.question, pair.query_style, pair.query_length, source.lang), statement_indices: [revised.index] }] : [];
    }
    const current = bestStatement(chunk.statements, pair.question);
    const order = [...chunk.statements.filter((s) => s.index !== current), ...chunk.statements.filter((s) => s.index === current)];
    const forms = [...formsFor(pair.question_type), ...ALL_FORMS].filter((f) => f !== formOf(pair.question));
    for (const statement of order) {
      for (const form of forms) {
        // an evidence text carries the conversation's title line first
        const question = namingProduct(writeQuestion(statement.text, form, source.lang, source.text), input.material === 'conversation' ? chunk.text.split('\n', 1)[0] : undefined);
        if (question && normalized(question) !== normalized(pair.question)) {
          return [{ pair_id: pair.pair_id, question: shapedQuestion(question, pair.query_style, pair.query_length, source.lang), statement_indices: [statement.index] }];
        }
      }
    }
    return [];
  });
  return { revisions };
}

const HANDLERS: { [K in TaskId]: (input: never) => unknown } = {
  extract_statements: extractStatements,
  propose_personas: proposePersonas,
  generate_questions: generateQuestions,
  generate_kind_questions: generateKindQuestions,
  generate_answers: generateAnswers,
  validate_pairs: validatePairs,
  revise_questions: reviseQuestions,
};

/** The offline, model-free LLM port. Its replies cost nothing and use no tokens. */
export class OfflineEngine implements LlmPort {
  readonly provider = 'offline';
  readonly model = 'heuristic-v1';

  /** Answers `request.task` from `request.input` (the messages are not read). */
  async chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
    if (request.signal?.aborted) throw abortError(request.signal);
    if (!(TASK_IDS as readonly string[]).includes(request.task)) {
      throw new Error(`the offline engine has no handler for task "${request.task}"; known tasks: ${TASK_IDS.join(', ')}`);
    }
    const input = request.input;
    if (input === null || typeof input !== 'object') {
      throw new Error(`the offline engine needs the structured input of task "${request.task}" in request.input; got ${typeof input}`);
    }
    const value = HANDLERS[request.task as TaskId](input as never) as T;
    return { value, usage: { promptTokens: 0, completionTokens: 0 }, cached: false, costUsd: 0 };
  }
}
