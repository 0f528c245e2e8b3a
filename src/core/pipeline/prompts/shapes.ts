/** The prompt lines of query styles and lengths, for the stages that see a question's shape. */
import type { QueryLength, QueryStyle } from '../../domain/kinds';
import type { ShapeFields } from '../../domain/tasks';

/** How a question of each style reads. */
export const STYLE_HINTS: Readonly<Record<QueryStyle, string>> = Object.freeze({
  perfect_grammar: 'well-formed, correctly spelled and punctuated',
  poor_grammar: 'as a hurried user types it: missing or wrong articles and verb forms, no capital letter, yet its meaning clear',
  web_search: 'as keywords typed into a search box: no question mark, no function words (e.g. "cmake configure_file copyonly newline_style")',
  misspelled: 'with one or two common typos (a swapped, missing or doubled letter) in ordinary words, never in names, options, commands or numbers',
});

/** How long a question of each length is (a web_search query counts its keywords: see WEB_SEARCH_LENGTHS). */
export const LENGTH_HINTS: Readonly<Record<QueryLength, string>> = Object.freeze({
  short: 'at most 8 words',
  medium: '9 to 20 words',
  long: 'more than 20 words: the user\'s situation, then the question',
});

/** The lengths of a web_search query, in keywords: a search box takes no situation told in sentences. */
const WEB_SEARCH_LENGTHS = 'a web_search query\'s length counts keywords: short 2–4, medium 5–8, long 9–14 (the situation as keywords, never a dump of every term)';

/** The styles and lengths the items of a call ask for. */
function shapesIn(items: readonly ShapeFields[]): { styles: QueryStyle[]; lengths: QueryLength[] } {
  return {
    styles: [...new Set(items.flatMap((x) => (x.query_style ? [x.query_style] : [])))],
    lengths: [...new Set(items.flatMap((x) => (x.query_length ? [x.query_length] : [])))],
  };
}

/** What each style and length present means (no lines when no item has a shape). */
function hintLines(items: readonly ShapeFields[]): string[] {
  const { styles, lengths } = shapesIn(items);
  return [
    ...styles.map((s) => `- query_style ${s}: ${STYLE_HINTS[s]};`), ...lengths.map((l) => `- query_length ${l}: ${LENGTH_HINTS[l]};`),
    ...(styles.includes('web_search') && lengths.length > 0 ? [`- ${WEB_SEARCH_LENGTHS};`] : []),
  ];
}

/** The shape lines of a question-writing prompt (generate_questions, generate_kind_questions). */
export function writeShapeLines(items: readonly ShapeFields[], echo: boolean): string[] {
  const hints = hintLines(items);
  if (hints.length === 0) return [];
  return [
    `A request with a \`query_style\` and/or \`query_length\` asks for its questions worded so${echo ? ' (echo both on each question)' : ''}; the style changes the wording only — the question still asks the same answerable thing about the same statements:`,
    ...hints,
  ];
}

/** The shape lines of the answer, validation and revision prompts, by stage (none when no item has a shape). */
export function stageShapeLines(stage: 'answer' | 'validate' | 'revise', items: readonly ShapeFields[]): string[] {
  if (hintLines(items).length === 0) return [];
  switch (stage) {
    case 'answer': return ['A question\'s `query_style` / `query_length` is how a user worded it, on purpose: answer what it means; the answer itself is always well-formed.'];
    case 'validate': return ['A pair\'s `query_style` / `query_length` is deliberate: poor grammar, search keywords, typos or a missing question mark that its style asks for are no defects; `clear` judges whether its intent is unambiguous, and a suggested rewrite keeps the style and length.', ...hintLines(items)];
    default: return ['Keep each pair\'s `query_style` and `query_length`:', ...hintLines(items)];
  }
}
