// The month grid of the meetings calendar: weeks from Monday to Sunday, each day
// with its ISO date and whether it belongs to the month shown.

export interface Day {
  iso: string;
  day: number;
  inMonth: boolean;
}

function iso(y: number, m: number, d: number): string {
  return `${y.toString().padStart(4, "0")}-${(m + 1).toString().padStart(2, "0")}-${d.toString().padStart(2, "0")}`;
}

/** The weeks (Monday first) covering `month` (0–11) of `year`. */
export function monthGrid(year: number, month: number): Day[][] {
  const first = new Date(Date.UTC(year, month, 1));
  const offset = (first.getUTCDay() + 6) % 7; // Monday = 0
  const start = Date.UTC(year, month, 1 - offset);
  const weeks: Day[][] = [];
  for (let w = 0; w < 6; w++) {
    const week: Day[] = [];
    for (let d = 0; d < 7; d++) {
      const date = new Date(start + (w * 7 + d) * 86_400_000);
      week.push({
        iso: iso(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
        day: date.getUTCDate(),
        inMonth: date.getUTCMonth() === month,
      });
    }
    // Stop once a week starts after the month.
    if (w >= 4 && !week.some((x) => x.inMonth)) break;
    weeks.push(week);
  }
  return weeks;
}

/** The month after (`step` = 1) or before (-1), as [year, month]. */
export function shiftMonth(year: number, month: number, step: number): [number, number] {
  const total = year * 12 + month + step;
  return [Math.floor(total / 12), ((total % 12) + 12) % 12];
}
