/**
 * The syntax of reStructuredText as the rst reader reads it: the line patterns (adornments, directives, fields,
 * substitution definitions), the directive families (code, admonitions, version notes, the ones that show nothing)
 * and the inline rules (literals, roles, references, emphasis, substitution references) with what each shows.
 */
import { asCode, showGroup, type InlinePiece, type InlineRule } from './inline';

/** A section title's over- or underline: one punctuation character repeated. */
export const ADORNMENT = /^([!-/:-@[-`{-~])\1+\s*$/;
/** A directive line `.. name:: argument`. */
export const DIRECTIVE = /^\s*\.\.\s+([A-Za-z][\w:+-]*)::(?:\s+(.*))?$/;
/** Any explicit markup line (`..`): a directive, comment, target or footnote. */
export const EXPLICIT = /^\s*\.\.(?:\s|$)/;
/** A footnote or citation `.. [label] text`. */
export const FOOTNOTE = /^\s*\.\.\s+(\[[^\]]+\])\s+(.*)$/;
/** A directive option line `:name: value`. */
export const OPTION = /^\s*:[\w -]+:(?:\s.*)?$/;

/** Directives whose content is code (shown as fenced code with its language). */
export const CODE_DIRECTIVES = new Set(['code-block', 'code', 'sourcecode', 'highlight-block', 'ipython', 'doctest', 'testcode', 'testoutput', 'prompt', 'parsed-literal', 'math']);
/** Admonition directives and the label their text starts with ("Note: …"). */
export const ADMONITIONS: Readonly<Record<string, string>> = {
  note: 'Note', warning: 'Warning', tip: 'Tip', important: 'Important', caution: 'Caution', danger: 'Danger',
  attention: 'Attention', hint: 'Hint', error: 'Error', seealso: 'See also', todo: 'To do',
};
/** Version directives and the words around their version ("Added in version 0.3."). */
export const VERSIONS: Readonly<Record<string, [string, string]>> = {
  versionadded: ['Added in version ', '.'], versionchanged: ['Changed in version ', ':'],
  deprecated: ['Deprecated since version ', ':'], versionremoved: ['Removed in version ', ':'],
};
/** Directives whose whole content is navigation or machinery, never shown as text. */
export const HIDDEN = new Set(['toctree', 'contents', 'index', 'highlight', 'currentmodule', 'module', 'meta', 'include', 'literalinclude', 'raw', 'image', 'sectnum', 'default-role', 'role', 'tabularcolumns', 'autosummary', 'program', 'py:currentmodule', 'py:module', 'title', 'only']);
/** Object descriptions: their signature is shown as inline code. */
export const OBJECT = /^(?:\w+:)?(?:function|class|method|attribute|data|exception|decorator|property|staticmethod|classmethod|cmdoption|option|envvar|describe|object|auto\w+|confval|type|member|var|macro)$/;

/** A character without which a line holds no inline markup (a fast path). */
export const quickInline = /[`*|_\]]/;

/** A field of a field list: `:name: value` at the margin. */
export const FIELD = /^:([A-Za-z][\w -]*?):(?:[ \t]+(.*))?$/;
/** Docinfo fields shown as "Label: value" (docutils' bibliographic fields); other fields are Sphinx machinery. */
export const DOCINFO_LABELS: Readonly<Record<string, string>> = {
  author: 'Author', authors: 'Authors', organization: 'Organization', contact: 'Contact', address: 'Address',
  version: 'Version', revision: 'Revision', status: 'Status', date: 'Date', copyright: 'Copyright',
  dedication: 'Dedication', abstract: 'Abstract', license: 'License', description: 'Description',
};
/** A substitution definition: `.. |name| replace:: text` (or `unicode::`, `image::` …). */
export const SUBSTITUTION = /^\s*\.\.\s+\|([^|\n]+)\|\s+([\w:-]+)::(?:\s+(.*))?$/;

/** The inline rules in order of precedence: literals, roles, references, emphasis, footnote and word references. */
export const INLINE_RULES: readonly InlineRule[] = [
  { pattern: /``([^`]+?)``/gd, render: (m) => asCode(m, 1) },
  { pattern: /(?<![\w`]):(?:[\w.+-]+:)*[\w.+-]+:`([^`]+)`/gd, render: roleText },
  { pattern: /`([^`<]+?)\s*<[^>`]+>`__?/gd, render: (m) => showGroup(m, 1) },
  { pattern: /`([^`]+)`__?(?![\w])/gd, render: (m) => showGroup(m, 1) },
  { pattern: /`([^`]+)`(?![\w:])/gd, render: (m) => asCode(m, 1) },
  { pattern: /\*\*(?=\S)([^*]+?)(?<=\S)\*\*/gd, render: (m) => showGroup(m, 1) },
  { pattern: /(?<![\w*\\])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])/gd, render: (m) => showGroup(m, 1) },
  { pattern: /(\[(?:\d+|#\w*|\*)\])_/gd, render: (m) => showGroup(m, 1) },
  // `word_` is a reference; a word with an underscore inside (model_worker) never is.
  { pattern: /(?<![\w`])([A-Za-z][A-Za-z0-9-]*)__?(?![\w`])/gd, render: (m) => showGroup(m, 1) },
];

/** The visible text of a role: a title before ` <target>`, else the target's last dotted name when `~`, else the target. */
function roleText(m: RegExpExecArray): InlinePiece[] {
  const inner = m[1];
  const base = (m.indices![1][0]) - m.indices![0][0];
  // a title needs white space before its `<target>`: `OUTPUT_NAME_<CONFIG>` is a name with a placeholder (CMake's
  // Sphinx roles escape such a `<` the same way), and reading it as a title dropped `<CONFIG>` from the text
  const titled = /^(.*?\S)\s+<[^>]*>$/s.exec(inner);
  if (titled) return [{ copy: [base, base + titled[1].length] }];
  let from = 0;
  while (from < inner.length && (inner[from] === '!' || inner[from] === '~' || inner[from] === '.')) from++;
  if (inner.startsWith('~')) {
    const dot = inner.lastIndexOf('.');
    if (dot >= from) from = dot + 1;
  }
  return from < inner.length ? [{ copy: [base + from, base + inner.length] }] : [{ copy: [base, base + inner.length] }];
}

/** A substitution reference `|name|` (optionally `|name|_`) shows its definition's text; an undefined one stays. */
export function substitutionRule(definitions: ReadonlyMap<string, string>): InlineRule {
  return {
    pattern: /\|(?=\S)([^|\n]+?)(?<=\S)\|(?:__?)?(?![\w|])/gd,
    render: (m) => {
      const text = definitions.get(m[1]);
      if (text === undefined) return [{ copy: [0, m[0].length] }];
      return text ? [{ emit: text, at: [0, m[0].length] }] : [];
    },
  };
}

/** What a substitution shows: a replace's text without inline markers, a unicode's characters, nothing for an image. */
export function substitutionText(kind: string, argument: string): string {
  if (kind === 'replace') return argument.replace(/(?<![\w`]):(?:[\w.+-]+:)*[\w.+-]+:`(~?)([^`<]*?)\s*(?:<[^>`]*>)?`/g, (_m, tilde: string, target: string) => (tilde ? target.slice(target.lastIndexOf('.') + 1) : target.replace(/^[.!]+/, ''))).replace(/``([^`]+)``|\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`<]+?)\s*(?:<[^>`]*>)?`_{0,2}/g, (...g: string[]) => g.slice(1, 5).find((x) => x !== undefined) ?? '');
  if (kind === 'unicode') {
    return argument.replace(/\s*\.\.\s.*$/, '').split(/\s+/).filter(Boolean).map((code) => {
      const hex = /^(?:U\+|u|0x|x|\\x|&#x)([0-9a-fA-F]+);?$/.exec(code);
      return hex ? String.fromCodePoint(parseInt(hex[1], 16)) : /^\d+$/.test(code) ? String.fromCodePoint(Number(code)) : code;
    }).join('');
  }
  return '';
}
