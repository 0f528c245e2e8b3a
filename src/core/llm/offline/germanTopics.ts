/**
 * Whether a German topic is a whole phrase of its source. German has no tagger here (compromise is English), so
 * a topic is whole when it opens its phrase: it starts with an article, it is a name ("Kestrel K2"), or nothing
 * but punctuation or "und"/"oder" stands before it in the source. A topic after a number, an adjective or a
 * preposition without article is cut out of a longer phrase ("Metern Höhe" of "in 1,5 Metern Höhe", "Werk" of
 * "Ab Werk", "Fußbodenheizungen" of "elektrische Fußbodenheizungen").
 */

const ARTICLE = /^(der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)$/i;
const JOINS = /^(und|oder|sowie|bzw)$/i;
/** A word with a capital or digit inside ("K2", "WiFi"): a name, whole on its own. */
const NAME = /^.[\p{L}'’_-]*[\p{Lu}\p{N}]/u;

/** True when a word of `phrase` is a name ("Kestrel K2", "WiFi"). */
export function isNamed(phrase: string): boolean {
  return phrase.split(/\s+/).some((w) => NAME.test(w));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `topic` opens a phrase in `source` (see the file comment); a topic the source does not contain is not judged. */
export function opensGermanPhrase(topic: string, source: string): boolean {
  const words = topic.split(/\s+/);
  if (ARTICLE.test(words[0]) || isNamed(topic)) return true;
  const flat = source.replace(/\s+/g, ' ');
  const at = new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escape).join(' ')}(?![\\p{L}\\p{N}])`, 'gu');
  let seen = false;
  for (const m of flat.matchAll(at)) {
    seen = true;
    const before = flat.slice(0, m.index).trimEnd();
    const previous = before.split(' ').pop() ?? '';
    if (previous === '' || /[.,;:!?()[\]"„“”–—]$/u.test(previous) || JOINS.test(previous)) return true;
  }
  return !seen;
}
