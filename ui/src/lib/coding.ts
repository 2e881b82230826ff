// The coder's keyboard: where a selection made in a note's text stands in
// characters as the core counts them (Unicode code points, as REFI-QDA does; the
// page's strings count UTF-16 units, so "🙂" is two of them), the codes offered
// as one types in the picker, and the pieces of a note with its coded passages
// marked.

import { fold } from "./fold";

/** The code point offset of a UTF-16 offset into `text`. */
export function codePointOffset(text: string, utf16: number): number {
  let points = 0;
  for (let i = 0; i < utf16 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // The second half of a surrogate pair is not a character of its own.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const before = text.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) continue;
    }
    points++;
  }
  return points;
}

/** A selection `start..end` (UTF-16, as a textarea gives it) in code points;
 * null when nothing is selected. */
export function selectionSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  const a = Math.min(start, end);
  const b = Math.max(start, end);
  if (a === b) return null;
  return { start: codePointOffset(text, a), end: codePointOffset(text, b) };
}

/** The codes whose names hold what was typed (accents and case aside), those
 * starting with it first; retired codes are not offered. */
export function pickCodes<T extends { name: string; retired: boolean }>(codes: T[], typed: string, limit = 8): T[] {
  const q = fold(typed.trim());
  const open = codes.filter((c) => !c.retired);
  if (q.length === 0) return open.slice(0, limit);
  const starts = open.filter((c) => fold(c.name).startsWith(q));
  const inside = open.filter((c) => !fold(c.name).startsWith(q) && fold(c.name).includes(q));
  return [...starts, ...inside].slice(0, limit);
}

/** Whether the typed name is new: no code has it (accents and case aside). */
export function isNewCode(codes: { name: string }[], typed: string): boolean {
  const q = fold(typed.trim());
  return q.length > 0 && !codes.some((c) => fold(c.name) === q);
}

/** The note's text cut where coded passages start and end: each piece with the
 * codes on it (code point offsets, as the passages count). */
export function pieces(
  text: string,
  passages: { start: number | null; end: number | null; code_name: string }[],
): { text: string; codes: string[] }[] {
  const chars = Array.from(text);
  const cuts = new Set<number>([0, chars.length]);
  const spans = passages.filter((p) => p.start !== null && p.end !== null && p.start < p.end && p.end <= chars.length);
  for (const p of spans) {
    cuts.add(p.start as number);
    cuts.add(p.end as number);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: { text: string; codes: string[] }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as number;
    const b = sorted[i + 1] as number;
    const codes = spans.filter((p) => (p.start as number) <= a && b <= (p.end as number)).map((p) => p.code_name);
    out.push({ text: chars.slice(a, b).join(""), codes: [...new Set(codes)].sort() });
  }
  return out;
}
