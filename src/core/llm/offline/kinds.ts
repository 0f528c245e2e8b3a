/**
 * The offline engine's questions of the other kinds (heuristic, labelled offline like all its output): a
 * multi-hop question relating the topics of two linked chunks, an unanswerable question with a false premise
 * (that its topic was removed) the statements never state, a multi-turn question as a follow-up to a short
 * exchange about the chunk's first statement — and how it answers and checks them.
 */
import type { GenerateKindQuestionsInput, GenerateKindQuestionsOutput, KindCheck, Persona, ProposePersonasInput, ProposePersonasOutput, QuestionChunk, SpecialKind, TaskStatement } from '../../domain/tasks';
import { keyPhrase, writeQuestion, type QuestionForm } from './questions';
import { contentWords, coverage, detectLanguage, type Lang } from './text';
import type { QueryLength, QueryStyle } from '../../domain/kinds';

type Known = Exclude<Lang, 'other'>;

const RELATE: Record<Known, (a: string, b: string) => string> = {
  en: (a, b) => `How does ${a} relate to ${b}?`,
  de: (a, b) => `Wie hängt ${a} mit ${b} zusammen?`,
  fr: (a, b) => `Quel est le lien entre ${a} et ${b} ?`,
  es: (a, b) => `¿Qué relación hay entre ${a} y ${b}?`,
};
const REMOVED: Record<Known, (t: string) => string> = {
  en: (t) => `In which release was ${t} removed?`,
  de: (t) => `In welcher Version wurde ${t} entfernt?`,
  fr: (t) => `Dans quelle version ${t} a-t-il été supprimé ?`,
  es: (t) => `¿En qué versión se eliminó ${t}?`,
};
/** The false premise of an unanswerable question, as a word the evidence would use if it stated it. */
const REMOVED_WORD: Record<Known, RegExp> = {
  en: /\bremoved\b/i, de: /\bentfernt\b/i, fr: /\bsupprimée?s?\b/i, es: /\belimin/i,
};
const FOLLOW_UP: Record<Known, string> = { en: 'And in that case,', de: 'Und in dem Fall:', fr: 'Et dans ce cas,', es: 'Y en ese caso,' };
const NOT_DOCUMENTED: Record<Known, string> = {
  en: 'This is not documented. What is documented:',
  de: 'Das ist nicht dokumentiert. Dokumentiert ist:',
  fr: 'Ce n\'est pas documenté. Ce qui est documenté :',
  es: 'No está documentado. Lo documentado:',
};

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** A language the engine has words for: a text in none of them is answered in English. */
const known = (lang: Lang): Known => (lang === 'other' ? 'en' : lang);

function langOf(chunks: readonly QuestionChunk[]): Lang {
  return detectLanguage(chunks.flatMap((c) => c.statements.map((s) => s.text)).join('\n'));
}

function topicOf(s: TaskStatement, lang: Known): string | undefined {
  return keyPhrase(s.text, lang);
}

/** A multi_hop question relating two topics; undefined when either is missing or both are the same. */
function relateQuestion(ta: string | undefined, tb: string | undefined, lang: Known): string | undefined {
  return ta && tb && ta.toLowerCase() !== tb.toLowerCase() ? RELATE[lang](ta, tb) : undefined;
}

/** A multi_turn final question: a follow-up asking about `text` in the first of `forms` that can ask it. */
function followUpQuestion(text: string, forms: readonly QuestionForm[], lang: Known): string | undefined {
  let q: string | undefined;
  for (const form of forms) q ??= writeQuestion(text, form, lang);
  return q && `${FOLLOW_UP[lang]} ${lower(q)}`;
}

/** The statements of the two chunks that share the most words, with the question relating their topics. */
function relatedPair(a: QuestionChunk, b: QuestionChunk, lang: Known): { sa: TaskStatement; sb: TaskStatement; question: string } | undefined {
  let best: { sa: TaskStatement; sb: TaskStatement; question: string; score: number } | undefined;
  for (const sa of a.statements) {
    const ta = topicOf(sa, lang);
    for (const sb of b.statements) {
      const question = relateQuestion(ta, topicOf(sb, lang), lang);
      if (!question) continue;
      const score = coverage(sa.text, sb.text);
      if (!best || score > best.score) best = { sa, sb, question, score };
    }
  }
  return best;
}

/** The engine's generate_kind_questions: `count` questions per request where its statements allow. */
export function generateKindQuestions(input: GenerateKindQuestionsInput): GenerateKindQuestionsOutput {
  const chunks = new Map(input.chunks.map((c) => [c.chunk_id, c]));
  const seen = new Set(input.avoid_questions.map((q) => q.toLowerCase()));
  const questions: GenerateKindQuestionsOutput['questions'] = [];
  const add = (q: GenerateKindQuestionsOutput['questions'][number]) => {
    if (seen.has(q.question.toLowerCase())) return false;
    seen.add(q.question.toLowerCase());
    questions.push(q);
    return true;
  };
  for (const r of input.requests) {
    const own = r.chunk_ids.map((id) => chunks.get(id)).filter((c): c is QuestionChunk => c !== undefined && c.statements.length > 0);
    // each request in its own chunks' language (a call may mix an English and a German page)
    const lang = langOf(own);
    if (own.length === 0 || lang === 'other') continue;
    let made = 0;
    for (let at = 0; made < r.count && at < own[0].statements.length; at++) {
      const first = own[0].statements[at];
      if (r.kind === 'multi_hop') {
        if (own.length < 2 || at > 0) break;
        const pair = relatedPair(own[0], own[1], lang);
        if (pair && add({ request_id: r.request_id, turns: [], question: shapedQuestion(pair.question, r.query_style, r.query_length, lang),
          sources: [{ chunk_id: own[0].chunk_id, statement_indices: [pair.sa.index] }, { chunk_id: own[1].chunk_id, statement_indices: [pair.sb.index] }] })) made++;
      } else if (r.kind === 'unanswerable') {
        const topic = topicOf(first, lang);
        if (topic && add({ request_id: r.request_id, turns: [], question: shapedQuestion(REMOVED[lang](topic), r.query_style, r.query_length, lang), sources: [{ chunk_id: own[0].chunk_id, statement_indices: [first.index] }] })) made++;
      } else {
        const next = own[0].statements[(at + 1) % own[0].statements.length];
        const opening = writeQuestion(first.text, 'what_about', lang);
        const final = followUpQuestion(next.text, ['what_is', 'how', 'what_about'], lang);
        if (!opening || !final) continue;
        if (add({ request_id: r.request_id, turns: [{ role: 'user', content: opening }, { role: 'assistant', content: first.text.replace(/\s*\n\s*/g, ' ') }],
          question: shapedQuestion(final, r.query_style, r.query_length, lang), sources: [{ chunk_id: own[0].chunk_id, statement_indices: [next.index] }] })) made++;
      }
    }
  }
  return { questions };
}

/** The engine's answer to an unanswerable question: that it is not documented, and what is, from the evidence. */
export function unanswerableAnswer(evidenceText: string, closest: string): string {
  const lang = detectLanguage(evidenceText);
  return `${NOT_DOCUMENTED[known(lang)]} ${closest}`;
}

/**
 * The engine's kind check: a multi_hop answer must draw on more than one passage (no single one covers it); an
 * unanswerable question's premise must be absent from its passage; a multi_turn question must have prior turns.
 */
export function kindCheck(kind: SpecialKind, question: string, answer: string, passages: readonly string[], turns: number): KindCheck {
  if (kind === 'multi_turn') return turns >= 2 ? 'holds' : 'fails';
  if (kind === 'unanswerable') {
    const lang = detectLanguage(`${question}\n${passages.join('\n')}`);
    const premise = REMOVED_WORD[known(lang)];
    return passages.some((p) => premise.test(p)) ? 'fails' : 'holds';
  }
  if (passages.length < 2) return 'fails';
  return passages.some((p) => coverage(answer, p) >= 0.95) ? 'fails' : 'holds';
}

/** The part of an offline unanswerable answer after its "not documented" lead (what is scored against the evidence). */
export function documentedPart(answer: string): string {
  for (const lead of Object.values(NOT_DOCUMENTED)) if (answer.startsWith(lead)) return answer.slice(lead.length).trim();
  return answer;
}

/**
 * The engine's revision of a question of another kind, keeping the kind: an unanswerable question with the same
 * false premise about another statement's topic, a multi_turn final question as a follow-up about another
 * statement, a multi_hop question relating another topic of its first body to one of a further body (`further`);
 * undefined when there is no other (the pair is answered again under its question).
 */
export function reviseKindQuestion(kind: SpecialKind, statements: readonly TaskStatement[], current: string, further: readonly TaskStatement[] = []): { question: string; index: number } | undefined {
  const lang = detectLanguage(statements.map((s) => s.text).join('\n'));
  if (lang === 'other') return undefined;
  if (kind === 'multi_hop') {
    // another pair of topics, one from the first body and one from a further body
    for (const a of statements) {
      const ta = topicOf(a, lang);
      for (const b of further) {
        const question = relateQuestion(ta, topicOf(b, lang), lang);
        if (question && question.toLowerCase() !== current.toLowerCase()) return { question, index: a.index };
      }
    }
    return undefined;
  }
  for (const s of statements) {
    const topic = topicOf(s, lang);
    const question = kind === 'unanswerable'
      ? topic && REMOVED[lang](topic)
      : followUpQuestion(s.text, ['what_is', 'how'], lang);
    if (question && question.toLowerCase() !== current.toLowerCase()) return { question, index: s.index };
  }
  return undefined;
}

/** The situation a long question opens with, per language. */
const SITUATION: Record<Known, string> = {
  en: 'I am setting this up for my team and want to be sure I get it right:',
  de: 'Ich richte das gerade für mein Team ein und will sichergehen:',
  fr: 'Je configure cela pour mon équipe et je veux être sûr :',
  es: 'Lo estoy configurando para mi equipo y quiero estar seguro:',
};

/** Articles and auxiliaries a hurried English writer leaves out. */
const DROPPED = /\b(the|a|an|do|does|is|are)\s+/gi;

/**
 * The engine's wording of a question in a query style and length (heuristic): poor_grammar drops articles and
 * auxiliaries and the capital; web_search keeps the content words, lower-cased, without a question mark; misspelled
 * swaps two letters in the middle of its longest ordinary word; short keeps at most 8 words, long puts the user's
 * situation first, in `lang` (the source's: a short question is too short to tell). A question without a shape is
 * returned as it is.
 */
export function shapedQuestion(question: string, style: QueryStyle | undefined, length: QueryLength | undefined, lang: Lang = detectLanguage(question)): string {
  let q = question.trim();
  if (style === 'poor_grammar') q = lower(q.replace(DROPPED, ''));
  if (style === 'web_search') q = contentWords(q).map((w) => w.toLowerCase()).join(' ');
  if (style === 'misspelled') {
    const word = [...q.matchAll(/\b[a-z]{6,}\b/g)].map((m) => m[0]).sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0];
    if (word) {
      const i = Math.floor(word.length / 2) - 1;
      q = q.replace(new RegExp(`\\b${word}\\b`), word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    }
  }
  if (length === 'short') {
    const words = q.split(/\s+/);
    if (words.length > 8) q = `${words.slice(0, 8).join(' ').replace(/[?.,;:]$/, '')}${style === 'web_search' ? '' : '?'}`;
  }
  if (length === 'long') q = `${SITUATION[known(lang)]} ${style === 'web_search' ? q : lower(q)}`;
  return q;
}

/** The offline personas, per language: a newcomer, an administrator, a troubleshooter of the corpus's product. */
const PERSONAS: Record<Known, (product: string) => Persona[]> = {
  en: (p) => [
    { name: `New ${p} user`, description: `Sets up ${p} for the first time and wants the basic steps in plain words.` },
    { name: `${p} administrator`, description: `Configures and maintains ${p} and needs exact settings, defaults and limits.` },
    { name: `${p} troubleshooter`, description: `Fixes problems with ${p} and looks for causes, error meanings and remedies.` },
  ],
  de: (p) => [
    { name: `Neuer ${p}-Nutzer`, description: `Richtet ${p} zum ersten Mal ein und will die Grundschritte in einfachen Worten.` },
    { name: `${p}-Administrator`, description: `Konfiguriert und wartet ${p} und braucht genaue Einstellungen, Vorgaben und Grenzen.` },
    { name: `${p}-Fehlersucher`, description: `Behebt Probleme mit ${p} und sucht Ursachen, Fehlerbedeutungen und Abhilfen.` },
  ],
  fr: (p) => [
    { name: `Nouvel utilisateur de ${p}`, description: `Installe ${p} pour la première fois et veut les étapes de base.` },
    { name: `Administrateur de ${p}`, description: `Configure et maintient ${p} et a besoin des réglages et limites exacts.` },
    { name: `Dépanneur de ${p}`, description: `Résout les problèmes de ${p} et cherche causes et remèdes.` },
  ],
  es: (p) => [
    { name: `Nuevo usuario de ${p}`, description: `Configura ${p} por primera vez y quiere los pasos básicos.` },
    { name: `Administrador de ${p}`, description: `Configura y mantiene ${p} y necesita ajustes y límites exactos.` },
    { name: `Técnico de soporte de ${p}`, description: `Resuelve problemas de ${p} y busca causas y soluciones.` },
  ],
};

/**
 * The engine's propose_personas (heuristic): three personas of the product the sample names most often (its most
 * frequent capitalised word that is not a sentence's first), in the sample's language.
 */
export function proposePersonas(input: ProposePersonasInput): ProposePersonasOutput {
  const texts = input.sample.flatMap((s) => [s.heading_path ?? '', ...s.statements]);
  const counts = new Map<string, number>();
  for (const t of texts) {
    for (const m of t.matchAll(/(?<=\S\s+)\p{Lu}[\p{L}\p{N}-]+/gu)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  const product = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'product';
  const lang = detectLanguage(texts.join('\n'));
  return { personas: PERSONAS[known(lang)](product) };
}
