/**
 * reStructuredText → readable text with an offset map to the file: section titles (over/underlined) become
 * one `#` heading line (levels in order of first use, as docutils does), roles become their text
 * (`:class:`.Request`` → Request, `:meth:`~.LocalProxy._get_current_object`` → _get_current_object, a
 * titled `:ref:` its title), ``literals`` inline code, links their text; `.. versionadded:: 0.3` becomes
 * "Added in version 0.3.", admonitions "Note: …", code blocks and `::` literal blocks fenced code with their
 * language; directives that show nothing (toctree, index, meta, targets, comments) are dropped. Substitution
 * references (`|name|`) show their definition's text (`.. |name| replace:: text`), and the bibliographic field
 * list at the top (docinfo: `:title:`, `:author:` …) reads as a heading and "Author: …" lines, its machinery
 * fields (`:orphan:`, `:tocdepth:` …) dropped.
 */
import type { SourceDocument } from '../../types';
import { MappedTextBuilder } from '../mapped';
import { renderInline, type InlineRule } from './inline';
import { ADMONITIONS, ADORNMENT, CODE_DIRECTIVES, DIRECTIVE, DOCINFO_LABELS, EXPLICIT, FIELD, FOOTNOTE, HIDDEN, INLINE_RULES, OBJECT, OPTION, quickInline, SUBSTITUTION, substitutionRule, substitutionText, VERSIONS } from './rstSyntax';

interface Line {
  start: number;
  end: number;
  text: string;
  indent: number;
  blank: boolean;
}

/** Converts reStructuredText source to a document; see the module comment. */
export function rstDocument(path: string, source: string, hash: string, warnings: string[]): SourceDocument {
  const out = new MappedTextBuilder(source);
  new RstRenderer(source, out).run();
  return out.build(path, 'rst', hash, warnings);
}

class RstRenderer {
  private readonly lines: Line[] = [];
  private readonly styles: string[] = [];
  private language = '';

  constructor(private readonly source: string, private readonly out: MappedTextBuilder) {
    let s = 0;
    while (s <= source.length) {
      let e = source.indexOf('\n', s);
      if (e === -1) e = source.length;
      const text = source.slice(s, e).replace(/\r$/, '');
      const indent = text.length - text.trimStart().length;
      this.lines.push({ start: s, end: s + text.length, text, indent, blank: text.trim() === '' });
      if (e >= source.length) break;
      s = e + 1;
    }
  }

  run(): void {
    const substitutions = this.substitutions();
    if (substitutions.size > 0) this.rules = [substitutionRule(substitutions), ...INLINE_RULES];
    const docinfo = this.docinfoAt();
    if (!docinfo) {
      this.block(0, this.lines.length);
      return;
    }
    this.block(0, docinfo.from);
    this.docinfo(docinfo.from, docinfo.to);
    this.block(docinfo.to, this.lines.length);
  }

  /** Inline rules of this document: the shared ones, after its substitution references when it defines any. */
  private rules: readonly InlineRule[] = INLINE_RULES;

  /** The document's substitution definitions: name → the text a reference shows. */
  private substitutions(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [i, l] of this.lines.entries()) {
      const m = SUBSTITUTION.exec(l.text);
      if (!m) continue;
      // The definition's text may continue on indented lines.
      const parts = [m[3] ?? ''];
      for (let k = i + 1; k < this.lines.length && !this.lines[k].blank && this.lines[k].indent > l.indent; k++) parts.push(this.lines[k].text.trim());
      out.set(m[1].trim(), substitutionText(m[2], parts.join(' ').trim()));
    }
    return out;
  }

  /** The field list that is the document's docinfo: at the very top, or right after the document's title. */
  private docinfoAt(): { from: number; to: number } | undefined {
    let i = 0;
    while (i < this.lines.length && this.lines[i].blank) i++;
    const l = this.lines[i];
    const next = this.lines[i + 1];
    const third = this.lines[i + 2];
    if (l && !FIELD.test(l.text)) {
      if (ADORNMENT.test(l.text) && next && third && ADORNMENT.test(third.text)) i += 3;
      else if (next && !ADORNMENT.test(l.text) && ADORNMENT.test(next.text)) i += 2;
      else return undefined;
      while (i < this.lines.length && this.lines[i].blank) i++;
    }
    if (!this.lines[i] || !FIELD.test(this.lines[i].text)) return undefined;
    let j = i;
    while (j < this.lines.length && !this.lines[j].blank && (FIELD.test(this.lines[j].text) || this.lines[j].indent > 0)) j++;
    return { from: i, to: j };
  }

  /** Docinfo fields: `:title:` as a heading, bibliographic fields as "Label: value" lines, the rest dropped. */
  private docinfo(from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const l = this.lines[k];
      const m = FIELD.exec(l.text);
      if (!m) continue;
      const name = m[1].trim().toLowerCase();
      const label = DOCINFO_LABELS[name];
      if (name !== 'title' && !label) continue;
      let end = k + 1;
      while (end < to && !FIELD.test(this.lines[end].text)) end++;
      const valueAt = m[2] ? l.start + l.text.indexOf(m[2], m[1].length + 2) : l.end;
      if (!m[2] && end === k + 1) continue;
      if (name === 'title') {
        this.newline(l.start, true);
        this.out.emit('# ', l.start, valueAt);
      } else {
        this.newline(l.start);
        this.out.emit(`${label}: `, l.start, valueAt);
      }
      if (m[2]) renderInline(this.out, this.source, valueAt, l.end, this.rules, quickInline);
      for (let c = k + 1; c < end; c++) {
        if (c > k + 1 || m[2]) this.out.emit(' ', this.lines[c - 1].end, this.lines[c].start);
        this.prose(this.lines[c]);
      }
      if (name === 'title') this.newline(this.lines[end - 1].end, true);
    }
    if (from < to) this.newline(this.lines[to - 1].end, true);
  }

  /** Ends the current line (a blank line between blocks when `blank`). */
  private newline(at: number, blank = false): void {
    if (this.out.size === 0) return;
    const want = blank ? 2 : 1;
    if (this.out.trailingNewlines < want) this.out.emit('\n'.repeat(want - this.out.trailingNewlines), at, at);
  }

  /** The end of the indented body after line `i`: lines that are blank or indented more than `indent`. */
  private bodyEnd(i: number, to: number, indent: number): number {
    let j = i + 1;
    let last = i;
    for (; j < to; j++) {
      const l = this.lines[j];
      if (l.blank) continue;
      if (l.indent <= indent) break;
      last = j;
    }
    return last + 1;
  }

  private prose(l: Line): void {
    renderInline(this.out, this.source, l.start + l.indent, l.end, this.rules, quickInline);
  }

  private block(from: number, to: number): void {
    for (let i = from; i < to;) {
      const l = this.lines[i];
      if (l.blank) {
        this.newline(l.start, true);
        i++;
        continue;
      }
      const next = this.lines[i + 1];
      const third = this.lines[i + 2];
      if (ADORNMENT.test(l.text) && next && !next.blank && third && ADORNMENT.test(third.text) && third.text.trim()[0] === l.text.trim()[0] && i + 2 < to) {
        this.heading(`o${l.text.trim()[0]}`, next);
        i += 3;
        continue;
      }
      if (l.indent === 0 && next && i + 1 < to && !ADORNMENT.test(l.text) && ADORNMENT.test(next.text) && next.text.trim().length >= Math.min(3, l.text.trim().length)) {
        this.heading(`u${next.text.trim()[0]}`, l);
        i += 2;
        continue;
      }
      const directive = DIRECTIVE.exec(l.text);
      if (directive) {
        const end = this.bodyEnd(i, to, l.indent);
        this.directive(directive[1].toLowerCase(), directive[2]?.trim() ?? '', l, i, end);
        i = end;
        continue;
      }
      if (EXPLICIT.test(l.text)) {
        const end = this.bodyEnd(i, to, l.indent);
        const footnote = FOOTNOTE.exec(l.text);
        if (footnote) {
          this.newline(l.start, true);
          const at = l.text.indexOf(footnote[1]);
          renderInline(this.out, this.source, l.start + at, l.end, this.rules, quickInline);
          for (let k = i + 1; k < end; k++) if (!this.lines[k].blank) { this.newline(this.lines[k].start); this.prose(this.lines[k]); }
        }
        i = end;
        continue;
      }
      // A paragraph: its lines up to a blank line; one ending in `::` introduces a literal block.
      let j = i;
      while (j < to && !this.lines[j].blank && (j === i || !DIRECTIVE.test(this.lines[j].text))) j++;
      const first = this.lines[i];
      const lastLine = this.lines[j - 1];
      let end = lastLine.end;
      if (/::\s*$/.test(lastLine.text)) {
        const colons = lastLine.start + lastLine.text.lastIndexOf('::');
        // "Example::" reads "Example:"; a lone "::" (or " ::") shows nothing.
        end = /\s$/.test(this.source.slice(first.start, colons)) || colons === lastLine.start + lastLine.indent ? colons : colons + 1;
        while (end > first.start && /\s/.test(this.source[end - 1])) end--;
      }
      // Line by line (continuation indents dropped), a line with an open backtick joined with the next ones.
      for (let k = i; k < j;) {
        let e = k;
        let ticks = (this.lines[k].text.match(/`/g) ?? []).length;
        while (ticks % 2 === 1 && e + 1 < j) ticks += (this.lines[++e].text.match(/`/g) ?? []).length;
        const from = this.lines[k].start + this.lines[k].indent;
        const to = e === j - 1 ? end : this.lines[e].end;
        if (k > i) this.newline(this.lines[k].start);
        if (to > from) renderInline(this.out, this.source, from, to, this.rules, quickInline);
        k = e + 1;
      }
      const last = this.lines[j - 1];
      if (/::\s*$/.test(last.text)) {
        const end = this.bodyEnd(j - 1, to, this.paragraphIndent(i, j));
        if (end > j) {
          this.code(this.language, j, end, last);
          i = end;
          continue;
        }
      }
      i = j;
    }
  }

  /** Where the text of paragraph [i, j) starts: a literal block must be indented past it (a list item's text included). */
  private paragraphIndent(i: number, j: number): number {
    if (j - 1 > i) return this.lines[j - 1].indent;
    const bullet = /^\s*(?:[-*+•]|\d+[.)]|#\.)\s+/.exec(this.lines[i].text);
    return bullet ? bullet[0].length : this.lines[i].indent;
  }

  private heading(style: string, title: Line): void {
    let level = this.styles.indexOf(style);
    if (level === -1) level = this.styles.push(style) - 1;
    this.newline(title.start, true);
    this.out.emit(`${'#'.repeat(Math.min(6, level + 1))} `, title.start, title.start + title.indent);
    this.prose(title);
    this.newline(title.end, true);
  }

  /** Fenced code of lines [from, to) (blank lines at either end left out), de-indented. */
  private code(language: string, from: number, to: number, opener: Line, parsed = false): void {
    let a = from;
    let b = to;
    while (a < b && this.lines[a].blank) a++;
    while (b > a && this.lines[b - 1].blank) b--;
    while (a < b && OPTION.test(this.lines[a].text) && a === from + (this.lines[from].blank ? 1 : 0)) a++;
    while (a < b && this.lines[a].blank) a++;
    if (a >= b) return;
    const indent = Math.min(...this.lines.slice(a, b).filter((l) => !l.blank).map((l) => l.indent));
    this.newline(opener.end, true);
    this.out.emit(`\`\`\`${language}\n`, opener.start, opener.end);
    for (let k = a; k < b; k++) {
      const l = this.lines[k];
      if (k > a) this.out.copy(this.lines[k - 1].end, this.lines[k - 1].end + 1);
      // A parsed-literal shows its inline markup rendered (roles as their text), like Sphinx.
      if (!l.blank && parsed) renderInline(this.out, this.source, l.start + Math.min(indent, l.indent), l.end, this.rules, quickInline);
      else if (!l.blank) this.out.copy(l.start + Math.min(indent, l.indent), l.end);
    }
    this.out.emit('\n```', this.lines[b - 1].end, this.lines[b - 1].end);
    this.newline(this.lines[b - 1].end, true);
  }

  private directive(name: string, argument: string, l: Line, i: number, end: number): void {
    const bare = name.replace(/^(?:py|rst|std|js|c|cpp):/, '');
    const argAt = argument ? l.start + l.text.indexOf(argument, l.text.indexOf('::') + 2) : l.end;
    if (bare === 'highlight') this.language = argument.split(/\s/)[0] ?? '';
    if (CODE_DIRECTIVES.has(bare)) {
      const language = bare === 'math' ? 'math' : bare === 'parsed-literal' ? '' : argument.split(/\s/)[0] ?? '';
      this.code(language, i + 1, end, l, bare === 'parsed-literal');
      return;
    }
    if (HIDDEN.has(bare) || HIDDEN.has(name)) {
      if (name === 'only') this.block(this.bodyStart(i + 1, end), end);
      return;
    }
    this.newline(l.start, true);
    const version = VERSIONS[bare];
    const admonition = ADMONITIONS[bare];
    if (version) {
      const [number, ...rest] = argument.split(/\s+/);
      this.out.emit(version[0], l.start, argAt);
      if (number) this.out.copy(argAt, argAt + number.length);
      const text = rest.join(' ');
      this.out.emit(text || end > i + 1 ? `${version[1]} ` : '.', argAt + (number?.length ?? 0), argAt + (number?.length ?? 0));
      if (text) renderInline(this.out, this.source, l.start + l.text.indexOf(text, l.text.indexOf(number) + number.length), l.end, this.rules, quickInline);
    } else if (admonition || bare === 'admonition') {
      this.out.emit(`${admonition ?? ''}${bare === 'admonition' ? '' : ': '}`, l.start, argAt);
      if (argument) {
        renderInline(this.out, this.source, argAt, l.end, this.rules, quickInline);
        if (bare === 'admonition') this.out.emit(': ', l.end, l.end);
      }
    } else if (OBJECT.test(bare)) {
      if (argument) {
        this.out.emit('`', l.start, argAt);
        this.out.copy(argAt, l.end);
        this.out.emit('`', l.end, l.end);
      }
    } else if (argument) {
      // Any other directive (figure, topic, rubric, glossary, tables…): its argument and content as text.
      renderInline(this.out, this.source, argAt, l.end, this.rules, quickInline);
    }
    const bodyStart = this.bodyStart(i + 1, end);
    if (bodyStart < end) {
      if (version || admonition || bare === 'admonition') {
        // The body continues the "Note: " line as one paragraph when it starts right away.
        const onLine = version ? argument.split(/\s+/).length > 1 : argument !== '';
        if (!onLine) this.inlineBody(bodyStart, end);
        else { this.newline(this.lines[bodyStart].start); this.block(bodyStart, end); }
      } else {
        this.newline(this.lines[bodyStart].start, true);
        this.block(bodyStart, end);
      }
    }
    this.newline(this.lines[end - 1].end, true);
  }

  /** The body's first line: past the directive's options and blank lines. */
  private bodyStart(from: number, end: number): number {
    let k = from;
    while (k < end && !this.lines[k].blank && OPTION.test(this.lines[k].text)) k++;
    while (k < end && this.lines[k].blank) k++;
    return k;
  }

  /** A body rendered right after text already on the line: its first paragraph joins it. */
  private inlineBody(from: number, end: number): void {
    this.block(from, end);
  }
}
