// Case- and accent-insensitive matching, like the core's `fold`: "citta" finds "Città".

export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Whether every word of `query` occurs in `text`, ignoring case and accents. */
export function matches(text: string, query: string): boolean {
  const haystack = fold(text);
  return fold(query)
    .split(/\s+/)
    .filter((w) => w !== "")
    .every((w) => haystack.includes(w));
}
