/** The error transcript parsers raise: it names the file and the position (line/column or JSON path). */

/** A transcript that cannot be read; `position` is e.g. "line 3, column 7" or "$[0].messages[2].role". */
export class SessionParseError extends Error {
  constructor(readonly file: string, readonly position: string, detail: string) {
    super(`${file}: ${position}: ${detail}`);
    this.name = 'SessionParseError';
  }
}
