/** The steering fields (difficulty, dimensions, guidelines, example) that question prompts carry. */
import type { PipelineState } from '../state';
import type { GenerationSteering, MaterialKind } from '../../domain/tasks';
import { autoPersonas } from '../../domain/params';

/** The steering fields of question prompts, from the params; empty ones are left out of the input. */
export function steeringOf(state: PipelineState): GenerationSteering {
  const p = state.params;
  const given = (text: string | undefined) => (text && text.trim() ? text : undefined);
  // persona `auto` is no persona to ask as: the proposed personas go with the chunks instead
  const dimensions = Object.fromEntries((['features', 'persona', 'scenarios'] as const)
    .flatMap((k) => (given(p.dimensions[k]) && !(k === 'persona' && autoPersonas(p)) ? [[k, p.dimensions[k]]] : []))) as NonNullable<GenerationSteering['dimensions']>;
  return {
    difficulty: p.difficulty,
    ...(given(p.customGuidelines) ? { custom_guidelines: p.customGuidelines } : {}),
    ...(Object.keys(dimensions).length > 0 ? { dimensions } : {}),
    ...(given(p.exampleQuestion) ? { example_question: p.exampleQuestion } : {}),
  };
}

/** The material field of every task input: `conversation` for a run over sessions, absent for documents. */
export function materialOf(state: PipelineState): MaterialKind {
  return state.input.kind === 'sessions' ? { material: 'conversation' } : {};
}
