/**
 * Whether a plain-text file is reStructuredText: Sphinx projects (CMake's manual, Python packages) keep pages as
 * `.txt`, and read as plain text their headings, roles and directives reach the model raw. Both signs are
 * required — an underlined heading alone is also common in plain text (README, NEWS files).
 */

/** A title line followed by an adornment of one punctuation character at least as long as the title. */
const UNDERLINED_HEADING = /^([^\s].*?)[ \t]*\r?\n([!-/:-@[-`{-~])\2{2,}[ \t]*$/gm;
/** An rst role (`:class:`Name``) or an explicit markup line (`.. note::`, `.. _target:`, `.. |sub| replace::`). */
const ROLE_OR_DIRECTIVE = /(?<![\w`]):[a-z][\w.+-]*(?::[\w.+-]+)*:`[^`\n]+`|^[ \t]*\.\.[ \t]+(?:[A-Za-z][\w:+-]*::|_[^:\n]+:|\|[^|\n]+\|[ \t]+[\w-]+::)/m;
/** Markdown headings, fences or links: such a file is markdown-like text, not rst. */
const MARKDOWN_SIGNS = /^ {0,3}(?:#{1,6}[ \t]|```)|\]\([^)\s]+\)/m;

/** True when `text` has an underlined heading and an rst role or directive, and no markdown headings or links. */
export function looksLikeRst(text: string): boolean {
  if (!ROLE_OR_DIRECTIVE.test(text) || MARKDOWN_SIGNS.test(text)) return false;
  for (const m of text.matchAll(UNDERLINED_HEADING)) {
    const underline = m[0].slice(m[0].indexOf('\n') + 1).trim();
    if (underline.length >= m[1].trim().length) return true;
  }
  return false;
}
