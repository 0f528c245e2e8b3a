/**
 * The instructions each task gets instead of (or beside) the documentation ones when its chunks are recorded
 * support conversations: `user:` lines are a customer's questions and claims, `assistant:` lines an agent who may
 * be wrong, and only what the conversation established is a fact.
 */

/** How a transcript chunk reads: turns, speakers, the title and metadata on top. */
export const TRANSCRIPT_READING = 'The chunks are recorded support conversations, not documentation: each line `[turn N] role: …` is one turn; `user` turns are a customer\'s questions and claims, `assistant` turns are a support agent who may be wrong; the heading path holds the conversation\'s title and whatever metadata it has (e.g. topic, product).';

/** How the later stages read a conversation statement's attribution. */
const ATTRIBUTED_STATEMENTS = 'Each statement carries the `turn` its quote was verified in and that turn\'s `speaker`; never ask or answer about who said it or when.';

/** Extraction from a transcript. */
export const EXTRACT_FROM_TRANSCRIPT: readonly string[] = [
  TRANSCRIPT_READING,
  'A statement is what the conversation establishes: the resolution an agent gave that the conversation did not contradict or doubt (established, even when the user never confirmed it), or a fact the user confirmed. Write it as a fact about the product or topic, naming it (from the metadata, or as the turns name it when the metadata does not) so the statement stands alone; who said it goes in `speaker` and `turn`, not in the statement.',
  '`turn` is the number N of the one turn the quote is copied from, `speaker` that turn\'s role; `quote` is copied verbatim from that turn, without its "[turn N] role:" prefix; a statement whose quote is not in its cited turn is discarded.',
  '`standing`: "established" for a resolution nobody contradicted or a fact the user confirmed; "contradicted" for a claim a later turn corrects or answers with "that didn\'t work" (state the correction as its own statement, from the turn that makes it); "unsure" for a claim its speaker hedged ("I think", "maybe", "not sure"). Only established statements are kept. Skip greetings, thanks and small talk; a conversation that resolved nothing gives no statements.',
];

/** What question writing and revision ask of a transcript's questions. */
const TRANSCRIPT_QUESTIONS = 'Write the questions a user of a support assistant would ask on their own, about the problem the conversation resolved: standalone, naming the product, never "in this conversation", "the agent" or "the user".';

/** Questions from a transcript: the stage gets statements, not turns (telling it to read `[turn N]` lines it is not sent contradicted its input). */
export const QUESTIONS_FROM_TRANSCRIPT: readonly string[] = [
  'The statements come from recorded support conversations, not documentation: each is what a conversation established, where `user` turns are a customer\'s questions and claims and `assistant` turns are a support agent who may be wrong (the turns are not shown here); the heading path holds the conversation\'s title and whatever metadata it has (e.g. topic, product).',
  ATTRIBUTED_STATEMENTS,
  TRANSCRIPT_QUESTIONS,
];

/** Revising a transcript pair's question: the stage sees the pair's evidence, turns included. */
export const REVISE_FROM_TRANSCRIPT: readonly string[] = [
  TRANSCRIPT_READING,
  ATTRIBUTED_STATEMENTS,
  TRANSCRIPT_QUESTIONS,
];

/** Answers from a transcript. */
export const ANSWERS_FROM_TRANSCRIPT: readonly string[] = [
  TRANSCRIPT_READING,
  ATTRIBUTED_STATEMENTS,
  'Write the answer a support assistant should give, from what the conversation resolved, as directly as any other answer (no greeting, apology or sign-off): never repeat an agent claim a later turn corrected, and never speak of "the conversation", "the agent" or "the user".',
];

/** Validation against a transcript. */
export const VALIDATE_AGAINST_TRANSCRIPT: readonly string[] = [
  TRANSCRIPT_READING,
  'What the evidence states is what the conversation established (a resolution nobody contradicted, a fact the user confirmed): an agent claim a later turn corrects or answers with "that didn\'t work", or one the agent hedged ("I think", "maybe"), is not. `agent_standing`, after the critiques and before the scores: "established" when everything the answer says was established; "contradicted" when it repeats a corrected claim; "unsure" when it repeats a hedged one. An answer that is not "established" scores grounded 0, says why in `answer_critique`, and is answered again; "drop" a pair whose conversation resolved nothing.',
];
