/**
 * The body of evidence of a pair: its verified statements plus one window of the chunk — whole sentences and
 * whole code blocks around them, the chunk's heading path on top. The same body goes to answering, validation
 * and revision, and it is what the dataset's `contexts` hold, so a judge never scores against less than the
 * writer saw. A window never starts mid-sentence or inside a code block, and holds no elision: it is one
 * contiguous passage.
 */
import { continuesInLowercase, closesSentence, sentenceEnds, unwrapSoftBreaks } from '../text/sentences';
import { isTableHeaderSeparator } from '../chunking/blocks';
import type { AnswerLength } from '../domain/params';
import type { Chunk, Statement } from '../domain/records';

/** A range of chunk-relative character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Units (sentences or code blocks) of context added before the first supporting statement's own unit. */
export const EVIDENCE_BEFORE = 1;
/** Units added after the last statement's own unit, by answer length (long answers need more to draw on). */
export const EVIDENCE_AFTER: Readonly<Record<AnswerLength, number>> = Object.freeze({ short: 1, medium: 1, long: 3 });

/** Between the parts of a heading path, as shown to the model and in contexts. */
export const HEADING_SEPARATOR = ' › ';

const unitCache = new Map<string, Span[]>();
const UNIT_CACHE_LIMIT = 512;

/** A heading line (the readers normalise every markup's titles to this form). */
const HEADING = /^ {0,3}#{1,6}[ \t]/;
/** A unit that introduces the next one: it ends in a colon. */
const INTRODUCES = /:\s*$/u;
/** A unit that is a block (fenced code, a list item, a table row) rather than prose. */
const BLOCK_START = /^\s*(?:```|~~~|[-*+][ \t]|\d{1,3}[.)][ \t]|\|)/u;

/**
 * True when unit `i` carries on the sentence of the unit before it: that one ends mid-sentence ("… input lines of
 * the form") and this one is the block it leads into, or a lowercase continuation after it ("will be replaced with
 * either", "depending on whether …"). A window never starts or ends inside such a sentence. One block after another
 * (list items without full stops, two code blocks) is no sentence going on: a window does not grow over a list.
 */
function carriesOn(text: string, units: readonly Span[], i: number): boolean {
  if (i <= 0) return false;
  const before = text.slice(units[i - 1].start, units[i - 1].end);
  if (HEADING.test(before) || closesSentence(before)) return false;
  const own = text.slice(units[i].start, units[i].end);
  return BLOCK_START.test(own) ? !BLOCK_START.test(before) : continuesInLowercase(own);
}
/** A list item unit. */
const LIST_ITEM = /^\s*(?:[-*+•]|\d+[.)])\s/u;

/** The last unit of what unit `at` opens: a run of list items when it is one, else that unit alone. */
function introduced(text: string, units: readonly Span[], at: number): number {
  let end = at;
  if (LIST_ITEM.test(text.slice(units[at].start, units[at].end))) {
    while (end + 1 < units.length && LIST_ITEM.test(text.slice(units[end + 1].start, units[end + 1].end))) end++;
  }
  return end;
}

/** A fence line opening or closing a code block (``` or ~~~, indented at most 3 spaces). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Sentence spans of a prose `text` starting at `offset`, cut where the chunker cuts sentences (sentenceEnds: never
 * after e.g., a version number or inside inline code) and at block lines (a heading or list item is its own unit;
 * a soft wrap goes on), so a window starts where a chunk could.
 */
function sentencesIn(text: string, offset: number, into: Span[]): void {
  const unwrapped = unwrapSoftBreaks(text);
  const cuts = new Set<number>(sentenceEnds(text));
  for (let nl = unwrapped.indexOf('\n'); nl >= 0; nl = unwrapped.indexOf('\n', nl + 1)) cuts.add(nl + 1);
  let from = 0;
  for (const cut of [...cuts, text.length].sort((a, b) => a - b)) {
    const piece = text.slice(from, cut);
    const lead = piece.length - piece.trimStart().length;
    const body = piece.trim();
    if (body) into.push({ start: offset + from + lead, end: offset + from + lead + body.length });
    from = cut;
  }
}

/**
 * The units a window is made of, in order: each fenced code block whole (fence lines included; an unclosed
 * fence runs to the end), and the sentences of the prose between them; in a conversation, its whole turns.
 * `opensInCode`: the text starts inside a code block (a chunk's `codeFence`), whose rest is then one unit.
 */
export function sourceUnits(text: string, opensInCode = false): Span[] {
  const key = opensInCode ? `\u0000${text}` : text;
  const cached = unitCache.get(key);
  if (cached) return cached;
  const units = TURN.test(text) ? turnUnits(text) : opensInCode ? continuedCodeUnits(text) : blockUnits(text);
  if (unitCache.size >= UNIT_CACHE_LIMIT) unitCache.clear();
  unitCache.set(key, units);
  return units;
}

/** A text that starts inside a code block (a chunk continuing one): that code, up to its closing fence, is one unit. */
function continuedCodeUnits(text: string): Span[] {
  const close = /^ {0,3}(?:`{3,}|~{3,})[ \t]*$/m.exec(text);
  if (!close) return [{ start: 0, end: text.trimEnd().length }];
  const end = close.index + close[0].trimEnd().length;
  return [{ start: 0, end }, ...blockUnits(text.slice(end)).map((u) => ({ start: u.start + end, end: u.end + end }))];
}

/** The start of a turn of a rendered conversation (`[turn 3] assistant: …`, ingest/sessions/render.ts). */
const TURN = /^\[turn \d+\] /m;

/**
 * A conversation's units are its whole turns: a window never starts inside a turn, so every turn it shows keeps its
 * `[turn N] role:` line and a question is never cut from what it asks about.
 */
function turnUnits(text: string): Span[] {
  const starts = [...text.matchAll(/^\[turn \d+\] /gm)].map((m) => m.index ?? 0);
  const units: Span[] = [];
  if (starts[0] > 0) sentencesIn(text.slice(0, starts[0]), 0, units);
  starts.forEach((start, i) => {
    const end = start + text.slice(start, starts[i + 1] ?? text.length).trimEnd().length;
    units.push({ start, end });
  });
  return units;
}

/** The units of documentation text: fenced code blocks whole, and the sentences of the prose between them. */
function blockUnits(text: string): Span[] {
  const units: Span[] = [];
  let prose = 0;
  let at = 0;
  let open: { start: number; fence: string } | undefined;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(at, lineEnd);
    const fence = FENCE.exec(line);
    if (!open && fence) {
      sentencesIn(text.slice(prose, at), prose, units);
      open = { start: at, fence: fence[1] };
    } else if (open && fence && fence[1][0] === open.fence[0] && fence[1].length >= open.fence.length && line.trim() === fence[1]) {
      units.push({ start: open.start, end: lineEnd });
      open = undefined;
      prose = lineEnd;
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  if (open) units.push({ start: open.start, end: text.trimEnd().length });
  else sentencesIn(text.slice(prose), prose, units);
  return units;
}

/** True when the statement's verified quote has a span inside its chunk. */
export function isAligned(statement: Statement, chunk: Chunk): boolean {
  return statement.alignment > 0 && statement.end > statement.start && statement.start >= chunk.start && statement.end <= chunk.end;
}

/**
 * The one window of `chunk` around `support`: from `before` units ahead of the first statement's unit to `after`
 * units past the last one's, whole units only; the whole chunk when no statement is aligned in it, and always for a
 * conversation chunk (whole exchanges, where a later turn can correct an earlier one).
 */
export function evidenceWindow(chunk: Chunk, support: readonly Statement[], answerLength: AnswerLength): Span {
  const aligned = support.filter((s) => isAligned(s, chunk));
  const whole = { start: 0, end: chunk.text.length };
  // a conversation chunk is whole exchanges: a later turn may correct or take back what the agent said, and the
  // answer writer and the judge must see it (a window stopping at the statement's turn hid the correction)
  if (aligned.length === 0 || chunk.provenance.kind === 'session') return whole;
  const start = Math.min(...aligned.map((s) => s.start)) - chunk.start;
  const end = Math.max(...aligned.map((s) => s.end)) - chunk.start;
  const units = sourceUnits(chunk.text, chunk.codeFence !== undefined);
  if (units.length === 0) return whole;
  let first = units.findIndex((u) => u.end > start);
  if (first < 0) first = units.length - 1;
  let last = first;
  while (last + 1 < units.length && units[last + 1].start < end) last++;
  let from = first;
  for (let n = 0; n < EVIDENCE_BEFORE && from > 0 && joins(chunk.text, units, from - 1, true); n++) from--;
  while (carriesOn(chunk.text, units, from)) from--;
  let to = last;
  for (let n = 0; n < EVIDENCE_AFTER[answerLength] && to + 1 < units.length && joins(chunk.text, units, to + 1, false); n++) to++;
  // a heading belongs to the text after it: a window never ends on the next section's title
  while (to > last && HEADING.test(chunk.text.slice(units[to].start, units[to].end))) to--;
  // a sentence ending in a colon introduces what follows (a list, a code block): the window takes that too, or
  // it ends on "The following values are invalid:" without the values (a trial's reviewer found exactly that)
  while (to + 1 < units.length && INTRODUCES.test(chunk.text.slice(units[to].start, units[to].end)) && !HEADING.test(chunk.text.slice(units[to + 1].start, units[to + 1].end))) to = introduced(chunk.text, units, to + 1);
  while (to + 1 < units.length && carriesOn(chunk.text, units, to + 1)) to++;
  return { start: Math.min(start, units[from].start), end: Math.max(end, units[to].end) };
}

/**
 * True when unit `add` may join a window as context beside its edge unit (before it when `back`): always
 * within one paragraph; over a blank line only between code and prose (an example and the text around it) or,
 * looking back, from a heading (it titles what follows). The last sentence of the paragraph before is another
 * topic: a trial's window on a definition-list entry opened with the previous entry's "The input path must be a
 * file, not a directory."
 */
function joins(text: string, units: readonly Span[], add: number, back: boolean): boolean {
  const edge = back ? units[add + 1] : units[add - 1];
  const [earlier, later] = back ? [units[add], edge] : [edge, units[add]];
  if (!/\n[ \t]*\n/.test(text.slice(earlier.end, later.start))) return true;
  const own = text.slice(units[add].start, units[add].end);
  return FENCE.test(own) || FENCE.test(text.slice(edge.start, edge.end)) || (back && HEADING.test(own));
}

/** The chunk's heading path as one line ("" when it has none). */
export function headingLine(chunk: Chunk): string {
  return (chunk.headingPath ?? []).filter((h) => h.trim() !== '').join(HEADING_SEPARATOR);
}

/**
 * The text of a window: the chunk's heading path on top (when it has one), then the window's passage. A passage
 * that opens with its own section heading shows it in that path instead of as its first line; one that opens
 * among a table's rows gets the table's header rows above it (withTableHeader).
 */
export function windowText(chunk: Chunk, span: Span): string {
  const passage = withTableHeader(chunk, span, chunk.text.slice(span.start, span.end));
  const path = (chunk.headingPath ?? []).filter((h) => h.trim() !== '');
  const [first, ...rest] = passage.split('\n');
  const opensWithOwnHeading = path.length > 0 && HEADING.test(first) && first.replace(/^ {0,3}#{1,6}[ \t]+/, '').trim() === path[path.length - 1].trim();
  // a passage opening with its own section's title shows it in the path line like every other passage ("A › B",
  // never "# B" in one context and "B" in the next: both a trial's answerer and its reviewer were thrown by that)
  const body = opensWithOwnHeading ? rest.join('\n').replace(/^\s*\n/, '') : passage;
  const heading = path.join(HEADING_SEPARATOR);
  if (!heading) return passage;
  return body.trim() ? `${heading}\n\n${body}` : heading;
}

const TABLE_ROW = /^[ \t]*(?:\||\+[-=+])/;

/**
 * A passage that starts among a table's rows, past its header, shows that header above them: the header lines
 * in the chunk above the window, or the chunk's `tableHeader` when the chunk itself continues a split table.
 * Likewise a passage of a chunk that continues a code block shows the block's opening fence line.
 */
function withTableHeader(chunk: Chunk, span: Span, passage: string): string {
  // A chunk continuing a code block: the window over that code shows the block's opening fence (and language).
  if (chunk.codeFence && span.start < sourceUnits(chunk.text, true)[0].end) return `${chunk.codeFence}\n${passage}`;
  if (!TABLE_ROW.test(passage)) return passage;
  const lines = chunk.text.slice(0, span.start).split('\n');
  lines.pop(); // the part of the window's first line before it (empty: windows start at a line)
  let first = lines.length;
  while (first > 0 && TABLE_ROW.test(lines[first - 1])) first--;
  if (first === 0 && chunk.tableHeader) return `${chunk.tableHeader}\n${passage}`;
  const above = lines.slice(first);
  const separator = above.findIndex((l, i) => i > 0 && i < 8 && isTableHeaderSeparator(l));
  return separator > 0 ? `${above.slice(0, separator + 1).join('\n')}\n${passage}` : passage;
}

/** The statements of a chunk whose spans lie inside `window` (chunk-relative), with their per-chunk index. */
export function statementsInWindow(chunk: Chunk, statements: readonly Statement[], span: Span): Array<{ statement: Statement; index: number }> {
  return statements.flatMap((statement, index) => {
    const inside = isAligned(statement, chunk) && statement.start - chunk.start >= span.start && statement.end - chunk.start <= span.end;
    return inside ? [{ statement, index }] : [];
  });
}
