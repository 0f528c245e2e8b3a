/**
 * The offline engine's reading of a support conversation: which turns a claim may come from. An agent turn a
 * later user turn answers with "that didn't work" (or that the agent itself corrects) is contradicted; a sentence
 * its speaker hedged ("I think", "maybe") is unsure; a question is no fact. Neither becomes a statement, and every
 * statement names the turn and speaker its quote comes from. English and German phrasings.
 */
import type { ChunkTurn } from '../../domain/turns';

/** A user turn saying the agent's advice failed. */
const FAILED = /\b(?:(?:that|this|it) (?:didn'?t|did not|doesn'?t|does not) (?:work|help)|still (?:shows|broken|the same|not working|doesn'?t)|no luck|hat nicht (?:funktioniert|geholfen)|funktioniert (?:immer )?(?:noch )?nicht|hilft nicht|zeigt (?:immer )?noch)\b/i;
/** An agent turn taking back what it said before. */
const TAKING_BACK = String.raw`I was wrong|my mistake|I was mistaken|correction|(?:that|I) was (?:wrong|incorrect)|ich habe mich geirrt|Korrektur|das war falsch`;
const CORRECTION = new RegExp(String.raw`\b(?:${TAKING_BACK})\b`, 'i');
/** A hedge: the speaker is not sure of the claim. */
const HEDGE = /\b(?:I think|I believe|I guess|maybe|perhaps|probably|might be|not sure|I'?m not certain|possibly|ich glaube|vielleicht|wahrscheinlich|nicht sicher|könnte)\b/i;
/** A sentence that is only thanks, a greeting or an acknowledgement ("Great, thanks!", "Das war es, danke!"). */
const SMALL_TALK = /^(?:(?:hi|hello|hallo|great|perfect|ok(?:ay)?|super|prima|that was it|das war(?: es)?|thanks?|thank you|many thanks|danke(?: schön)?|vielen dank)\b[\s,.!]*)+$/i;

/** Who answers: an agent's turns (anything that is not the customer). */
const CUSTOMER = /^(?:user|human|customer|client)$/i;

/** Whether a turn is the customer's (every other role is the agent answering). */
export function isCustomer(turn: ChunkTurn): boolean {
  return CUSTOMER.test(turn.speaker);
}

/** Numbers of the agent turns a later turn of the chunk contradicts (a failed fix, or the agent's own correction). */
export function contradictedTurns(text: string, turns: readonly ChunkTurn[]): Set<number> {
  const out = new Set<number>();
  let lastAgent: ChunkTurn | undefined;
  for (const turn of turns) {
    const said = text.slice(turn.start, turn.end);
    const isAgent = !CUSTOMER.test(turn.speaker);
    if (lastAgent && ((!isAgent && FAILED.test(said)) || (isAgent && CORRECTION.test(said)))) out.add(lastAgent.turn);
    if (isAgent) lastAgent = turn;
  }
  return out;
}

/**
 * The turns a statement may come from: every agent turn, and the user's turns that answer an agent (what the
 * user confirmed); the customer's opening report, before any agent spoke, is a claim, not a fact.
 */
export function answeringTurns(turns: readonly ChunkTurn[]): ChunkTurn[] {
  const firstAgent = turns.findIndex((t) => !CUSTOMER.test(t.speaker));
  return firstAgent < 0 ? [] : turns.slice(firstAgent);
}

/**
 * Whether a sentence of a turn can be ground truth: not a question or small talk, not in a contradicted turn, not a
 * customer's "that didn't work", and not from an agent turn that hedges anywhere (its advice rests on the guess: "Maybe the sensor is faulty. Send it in.").
 */
export function establishes(sentence: string, turn: ChunkTurn, turnText: string, contradicted: ReadonlySet<number>): boolean {
  if (/\?\s*$/.test(sentence) || SMALL_TALK.test(sentence.trim())) return false;
  if (contradicted.has(turn.turn)) return false;
  if (isCustomer(turn) && FAILED.test(sentence)) return false; // "that didn't help" judges advice; it is no product fact
  return !(HEDGE.test(turnText) && !CUSTOMER.test(turn.speaker));
}

/** An opening that takes back an earlier claim before stating the right one: "Sorry, I was wrong: ". */
const CORRECTION_OPENING = new RegExp(String.raw`^(?:(?:sorry|entschuldigung)[,!]?\s*)?(?:${TAKING_BACK})\s*[:,.!–-]?\s*`, 'i');

/** The part of a sentence that states a fact: without a correcting opening (a verbatim substring; "" when nothing is left). */
export function factPart(sentence: string): string {
  return sentence.replace(CORRECTION_OPENING, '').trim();
}

/**
 * Where the conversation left what an answer says: `contradicted` or `unsure` when the answer repeats a sentence
 * of an agent turn a later turn contradicts or that hedges, else `established`.
 */
export function answerStanding(text: string, turns: readonly ChunkTurn[], answer: string, sentences: (t: string) => string[]): 'established' | 'contradicted' | 'unsure' {
  const contradicted = contradictedTurns(text, turns);
  const said = answer.replace(/\s+/g, ' ');
  for (const turn of turns) {
    if (isCustomer(turn)) continue;
    const turnText = text.slice(turn.start, turn.end);
    const repeated = sentences(turnText).some((s) => {
      const fact = factPart(s).replace(/\s+/g, ' ');
      return fact.length >= 12 && said.includes(fact);
    });
    if (!repeated) continue;
    if (contradicted.has(turn.turn)) return 'contradicted';
    if (HEDGE.test(turnText)) return 'unsure';
  }
  return 'established';
}

