/** What prompts show of a statement beside its text, in one place for question, answer and validation inputs. */
import type { Statement } from '../domain/records';
import type { TaskStatement } from '../domain/tasks';

/** What a prompt shows of a statement beside its text: its scope when not current, its speaker and turn in a conversation. */
export function statementMarks(s: Pick<Statement, 'scope' | 'turn' | 'speaker'>): Pick<TaskStatement, 'scope' | 'turn' | 'speaker'> {
  return {
    ...(s.scope ? { scope: s.scope } : {}),
    ...(s.turn !== undefined ? { turn: s.turn } : {}),
    ...(s.speaker ? { speaker: s.speaker } : {}),
  };
}
