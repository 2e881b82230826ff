// Figures of the peer review as the catalogue shows them: a mean with one
// decimal in the reader's language, a share as a percentage, the scores a
// reviewer gave, criterion by criterion, to fill the form again.
import type { ScoreDto } from "./ipc-types";

/** "3,5" (Italian) or "3.5" (English); a dash when there is no score yet. */
export function formatMean(x: number | null | undefined, locale: string): string {
  if (x == null || Number.isNaN(x)) return "–";
  return x.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** "80 %" (Italian) or "80%" (English). */
export function formatShare(x: number | null | undefined, locale: string): string {
  if (x == null || Number.isNaN(x)) return "–";
  return x.toLocaleString(locale, { style: "percent", maximumFractionDigits: 0 });
}

/** What `reviewerId` gave each criterion: score and comment, by criterion code. */
export function scoresOf(scores: ScoreDto[], reviewerId: string): Record<string, { score: number; comment: string }> {
  const out: Record<string, { score: number; comment: string }> = {};
  for (const s of scores) {
    if (s.reviewer_id === reviewerId) out[s.criterion] = { score: s.score, comment: s.comment };
  }
  return out;
}
