// A note's #tags apart from its words, for the printed minutes (the same rule as
// the core's notes::without_tags, which writes the .odt minutes).

const PUNCTUATION = /^[.,;:!?)]+$/;

/** The text without its #tags; a tag's trailing punctuation stays with the word before. */
export function withoutTags(text: string): string {
  let out = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    let kept = word;
    if (word.startsWith("#")) {
      const tag = word.slice(1);
      const m = /^[\p{L}\p{N}_-]+/u.exec(tag);
      kept = m ? tag.slice(m[0].length) : word;
    }
    if (kept.length === 0) continue;
    if (out.length > 0 && !PUNCTUATION.test(kept)) out += " ";
    out += kept;
  }
  return out;
}
