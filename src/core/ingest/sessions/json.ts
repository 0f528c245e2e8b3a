/** JSON parsing for transcripts, with errors that give line and column (jsonc-parser finds the offset). */
import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../../text/lines';
import { SessionParseError } from './errors';

/**
 * Parses `text` as strict JSON.
 * @param firstLine 1-based line of `text` within the file (for JSONL lines)
 * @throws SessionParseError naming the file, line and column
 */
export function parseJson(file: string, text: string, firstLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const errors: ParseError[] = [];
    parseLenient(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? 0;
    const lines = new LineIndex(text);
    const line = lines.lineAt(offset);
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const what = first ? describe(printParseErrorCode(first.error)) : (error as Error).message;
    throw new SessionParseError(file, `line ${firstLine + line - 1}, column ${offset - lineStart + 1}`, `invalid JSON: ${what}`);
  }
}

function describe(code: string): string {
  // "CloseBraceExpected" → "close brace expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
