/** Bytes → text: UTF-8 with or without BOM, binary detection by content, invalid bytes reported by offset. */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** How many bytes of the start of a file the binary check looks at. */
export const SNIFF_BYTES = 8192;

/**
 * True when the start of the file looks binary: a NUL byte, or more than 10% control characters other than
 * tab, newlines, form feed and escape. UTF-8 multi-byte sequences are not control characters.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if ((b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) || b === 127) control++;
  }
  return control / n > 0.1;
}

/** Decoded text with the problems found. */
export interface DecodedText {
  text: string;
  /** Whether a UTF-8 byte order mark was present (it is not part of `text`). */
  hadBom: boolean;
  /** Byte offsets (into the file) of invalid UTF-8 sequences, replaced by U+FFFD in `text`; at most 20. */
  invalidByteOffsets: number[];
}

/** Decodes UTF-8, dropping a BOM; invalid sequences become U+FFFD and are listed by byte offset. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { text: strict.decode(bytes), hadBom, invalidByteOffsets: [] };
  } catch {
    return { text: lenient.decode(bytes), hadBom, invalidByteOffsets: findInvalidUtf8(bytes, 20) };
  }
}

/** Byte offsets of the first `limit` invalid UTF-8 sequences (WHATWG decoder rules, maximal subparts). */
export function findInvalidUtf8(bytes: Uint8Array, limit = Infinity): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length && out.length < limit) {
    const b = bytes[i];
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lower = 0xa0; if (b === 0xed) upper = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lower = 0x90; if (b === 0xf4) upper = 0x8f; }
    else { out.push(i); i++; continue; }
    let j = 1;
    for (; j <= need; j++) {
      const c = bytes[i + j];
      if (c === undefined || c < (j === 1 ? lower : 0x80) || c > (j === 1 ? upper : 0xbf)) break;
    }
    if (j <= need) {
      out.push(i);
      i += j;
    } else {
      i += need + 1;
    }
  }
  return out;
}

/** The warning text for invalid bytes in `path`. */
export function invalidUtf8Warning(path: string, offsets: number[]): string {
  const shown = offsets.slice(0, 5).join(', ');
  const more = offsets.length > 5 ? ` and ${offsets.length - 5} more` : '';
  return `${path}: invalid UTF-8 at byte offset ${shown}${more}; replaced with U+FFFD (re-save the file as UTF-8 to fix)`;
}
