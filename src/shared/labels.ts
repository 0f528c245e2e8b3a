/**
 * Words shown to a user, shared by the host and the webviews: counted nouns ("1 document", "4 documents", never
 * "4 document(s)") and line ranges ("3", "3-7", never "3-3").
 */

/** "1 pair", "2 pairs"; `plural` for irregular nouns ("1 entry", "3 entries"). */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** A 1-based line range as a reader writes it: one line is "3", several are "3-7". */
export function lineRange(startLine: number, endLine: number | null | undefined = startLine): string {
  return endLine === null || endLine === undefined || endLine === startLine ? String(startLine) : `${startLine}-${endLine}`;
}

/** "docs/a.md:3" or "docs/a.md:3-7"; the source alone when it has no lines (a session). */
export function sourceLocation(source: string, startLine: number | null, endLine: number | null): string {
  return startLine === null ? source : `${source}:${lineRange(startLine, endLine)}`;
}

/**
 * The shortfall of a completed run, for its notification: "199 of 400 asked: the content allows no more", or ''
 * when the run produced what was asked (or ended early for another reason, which its status already says).
 */
export function shortfallNote(asked: number, produced: number, completed: boolean): string {
  return completed && produced < asked ? `${produced} of ${asked} asked: the content allows no more` : '';
}

/** A pair as a reader knows it (the Problems view): its question, shortened, then its id. */
export function pairName(question: string | undefined, id: string): string {
  if (!question) return id;
  const short = question.length > 70 ? `${question.slice(0, 69).trimEnd()}…` : question;
  return `"${short}" (${id})`;
}

/** A pair kind as the views show it: "multi-hop", "unanswerable", "multi-turn", "single-hop". */
export function kindLabel(kind: string): string {
  return kind.replace(/_/g, '-');
}
