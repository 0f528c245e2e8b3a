/** The steering fields (difficulty, dimensions, guidelines, example) that question prompts carry. */
import type { PipelineState } from '../state';
import type { GenerationSteering } from '../../domain/tasks';

/** The steering fields of question prompts, from the params. */
export function steeringOf(state: PipelineState): GenerationSteering {
  const p = state.params;
  const d = p.dimensions;
  const hasDims = Boolean(d.features || d.persona || d.scenarios);
  return {
    difficulty: p.difficulty,
    custom_guidelines: p.customGuidelines ?? null,
    dimensions: hasDims ? { features: d.features ?? null, persona: d.persona ?? null, scenarios: d.scenarios ?? null } : null,
    example_question: p.exampleQuestion ?? null,
  };
}
