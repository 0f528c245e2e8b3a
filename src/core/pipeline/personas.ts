/**
 * Personas proposed from the corpus (`dimensions.persona: auto`): one small call at the first question round, on a
 * sample of statements spread over the chunks; then each question-writing request is dealt one persona in turn, the
 * question is written for it and the pair keeps its name. The personas go into the run result and the manifest.
 */
import type { NodeContext } from '../graph/types';
import { autoPersonas } from '../domain/params';
import type { Persona } from '../domain/tasks';
import { headingLine } from './evidence';
import { keyTerms } from './answerLeak';
import { callTask, type CallTally } from './llmCall';
import type { PipelineState } from './state';
import { NODE } from './nodes/ids';
import { materialOf } from './nodes/steering';

/** Chunks and statements per chunk the sample holds at most (the call stays small whatever the corpus). */
const SAMPLE_CHUNKS = 24;
const SAMPLE_STATEMENTS = 3;
/** Most personas kept from a reply. */
const MAX_PERSONAS = 5;

/** The sample the personas are proposed from: chunks spread evenly over the corpus, a few statements each. */
export function personaSample(state: PipelineState): Array<{ heading_path?: string; statements: string[] }> {
  const chunks = state.chunks.filter((c) => (state.statementsByChunk.get(c.id)?.length ?? 0) > 0);
  const step = Math.max(1, chunks.length / SAMPLE_CHUNKS);
  const picked = Array.from({ length: Math.min(SAMPLE_CHUNKS, chunks.length) }, (_, i) => chunks[Math.floor(i * step)]);
  return picked.map((c) => {
    const heading = headingLine(c);
    return { ...(heading ? { heading_path: heading } : {}), statements: state.statementsByChunk.get(c.id)!.slice(0, SAMPLE_STATEMENTS).map((s) => s.content) };
  });
}

/**
 * Proposes the run's personas once, when `dimensions.persona` is `auto` and the run has statements; a reply with
 * fewer than two distinct named personas (or a failed call) leaves the run without them, with a warning: questions
 * are then written without a persona rather than for an invented one.
 */
export async function ensurePersonas(state: PipelineState, ctx: NodeContext, tally: CallTally): Promise<void> {
  if (!autoPersonas(state.params) || state.personas !== undefined) return;
  const sample = personaSample(state);
  if (sample.length === 0) return;
  const p = state.params;
  const reply = await callTask(state, NODE.questions, ctx, 'propose_personas', {
    ...materialOf(state), sample, ...(p.customGuidelines?.trim() ? { custom_guidelines: p.customGuidelines } : {}),
  }, 'the corpus sample', tally);
  const seen = new Set<string>();
  const personas: Persona[] = [];
  for (const x of reply?.personas ?? []) {
    const name = x.name.trim();
    if (!name || seen.has(name.toLowerCase()) || personas.length >= MAX_PERSONAS) continue;
    seen.add(name.toLowerCase());
    personas.push({ name, description: x.description.trim() });
  }
  if (personas.length < 2) {
    ctx.warn(`dimensions.persona is auto, but no usable personas were proposed (${personas.length}); questions are written without a persona`);
    state.personas = [];
    return;
  }
  state.personas = personas;
}

const dealers = new WeakMap<PipelineState, PersonaDealer>();

/**
 * The run's one dealer (made once its personas are known): the single-hop and kind requests of every round share
 * its counts, so the personas stay balanced over the whole file, not only within each call's requests (a batch run
 * with a dealer per request list gave one persona 6 pairs and another 2).
 */
export function personaDealerOf(state: PipelineState): PersonaDealer {
  let dealer = dealers.get(state);
  if (!dealer) {
    dealer = new PersonaDealer(state.personas);
    // kept only once the personas are settled: before that it deals nothing, and a later round needs one with them
    if (state.personas !== undefined) dealers.set(state, dealer);
  }
  return dealer;
}

/**
 * Deals the run's personas to requests (none when the run has none): each request gets the persona whose name and
 * description share most key terms with its material, among those dealt no more than one more time than the least
 * dealt (so every persona is used, and a chunk about templates goes to the persona who wants templates — trial 13's
 * reviewer found every pair of a turn-by-turn deal on a persona meant for another page).
 */
export class PersonaDealer {
  private readonly uses: number[];
  private readonly terms: Array<Set<string>>;
  constructor(private readonly personas: readonly Persona[] = []) {
    this.uses = personas.map(() => 0);
    this.terms = personas.map((p) => keyTerms(`${p.name} ${p.description}`.toLowerCase()));
  }

  /** The persona of the next request, whose material is `text`; undefined when the run has none. */
  deal(text = ''): string | undefined {
    if (this.personas.length === 0) return undefined;
    const wanted = keyTerms(text.toLowerCase());
    const least = Math.min(...this.uses);
    let best = -1;
    let bestScore = -1;
    this.personas.forEach((_, i) => {
      if (this.uses[i] > least + 1) return;
      const score = [...this.terms[i]].filter((t) => wanted.has(t)).length;
      if (score > bestScore || (score === bestScore && this.uses[i] < this.uses[best])) {
        best = i;
        bestScore = score;
      }
    });
    this.uses[best]++;
    return this.personas[best].name;
  }

  /** The `personas` field of a question-writing input (absent when the run has none). */
  field(): { personas?: Persona[] } {
    return this.personas.length > 0 ? { personas: [...this.personas] } : {};
  }
}
