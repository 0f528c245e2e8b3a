/**
 * An answerer of the extension's questions that follows a script, for the VS Code suites (installed only by
 * testHooks.ts): each question takes the next scripted answer, and every question is recorded with what it
 * offered, so a suite can assert what the user would have seen (the buttons of a modal, the value an input box
 * proposes, the lines of a quick pick).
 */
import type * as vscode from 'vscode';
import type { UserPrompts } from './prompts';

/** One scripted answer: pick the button or item whose label contains `choose`, type `type`, or dismiss. */
export type ScriptedAnswer = { choose: string } | { type: string } | { dismiss: true };

/** A question the extension asked while the script was installed. */
export interface AskedPrompt {
  kind: 'modalWarning' | 'notification' | 'inputBox' | 'quickPick' | 'quickPickMany';
  /** The modal's message, or the title of the input box / quick pick. */
  text: string;
  /** The modal's buttons or the quick pick's item labels; for an input box, its proposed value. */
  offered: string[];
  /** What the script answered (a label, a typed value), or undefined when it dismissed. */
  answered?: string;
  /** Why the script could not answer as written (no answer left, no such choice, an answer of the wrong kind). */
  problem?: string;
}

/** A {@link UserPrompts} that answers from `answers` (in order) and records into `asked`. */
export function scriptedPrompts(answers: ScriptedAnswer[], asked: AskedPrompt[]): UserPrompts {
  const next = (prompt: AskedPrompt): ScriptedAnswer | undefined => {
    asked.push(prompt);
    const answer = answers.shift();
    if (!answer) prompt.problem = 'no scripted answer left';
    return answer;
  };
  const chooseFrom = <T>(prompt: AskedPrompt, options: readonly T[], label: (o: T) => string): T | undefined => {
    const answer = next(prompt);
    if (!answer || 'dismiss' in answer) return undefined;
    if (!('choose' in answer)) {
      prompt.problem = `scripted to type "${answer.type}" where a choice is asked`;
      return undefined;
    }
    const found = options.find((o) => label(o).includes(answer.choose));
    if (found === undefined) prompt.problem = `no choice contains "${answer.choose}"`;
    else prompt.answered = label(found);
    return found;
  };
  return {
    modalWarning: (message, ...choices) =>
      Promise.resolve(chooseFrom({ kind: 'modalWarning', text: message, offered: choices }, choices, (c) => c)),
    notification: (message, ...choices) =>
      Promise.resolve(chooseFrom({ kind: 'notification', text: message, offered: choices }, choices, (c) => c)),
    inputBox: (options: vscode.InputBoxOptions) => {
      const prompt: AskedPrompt = { kind: 'inputBox', text: options.title ?? options.prompt ?? '', offered: [options.value ?? ''] };
      const answer = next(prompt);
      if (!answer || 'dismiss' in answer) return Promise.resolve(undefined);
      if (!('type' in answer)) {
        prompt.problem = `scripted to choose "${answer.choose}" where text is asked`;
        return Promise.resolve(undefined);
      }
      const invalid = options.validateInput?.(answer.type);
      if (typeof invalid === 'string' && invalid) {
        prompt.problem = `"${answer.type}" refused: ${invalid}`;
        return Promise.resolve(undefined);
      }
      prompt.answered = answer.type;
      return Promise.resolve(answer.type);
    },
    quickPick: <T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) =>
      Promise.resolve(chooseFrom({ kind: 'quickPick', text: options.title ?? '', offered: items.map((i) => i.label) }, items, (i) => i.label)),
    quickPickMany: <T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) => {
      const found = chooseFrom({ kind: 'quickPickMany', text: options.title ?? '', offered: items.map((i) => i.label) }, items, (i) => i.label);
      return Promise.resolve(found === undefined ? undefined : [found]);
    },
  };
}
