// The meeting's agenda (programma) as the console and the printed programme show
// it. The core keeps the items by start time (HH:MM, the meeting's local time).
import type { AgendaItemDto, SpeakerDto } from "./ipc-types";

/** The item under way at `now` (HH:MM) on the meeting's day: the last one started. */
export function currentItem(items: AgendaItemDto[], now: string): AgendaItemDto | null {
  let found: AgendaItemDto | null = null;
  for (const item of items) {
    if (item.at <= now) found = item;
  }
  return found;
}

/** "Maria Rossi (Capo di Gabinetto)", as the core writes it in the .odt programme. */
export function speakerLine(s: SpeakerDto): string {
  return s.role ? `${s.name} (${s.role})` : s.name;
}

/** The local time of `now` as HH:MM. */
export function hhmm(now: Date = new Date()): string {
  return `${now.getHours().toString().padStart(2, "0")}:${now.getMinutes().toString().padStart(2, "0")}`;
}

/** "HH:MM" typed as "9:30", "09.30" or "0930" → "09:30"; null when it is not a time. */
export function parseTime(text: string): string | null {
  const m = /^\s*(\d{1,2})[:.]?(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return null;
  return `${h.toString().padStart(2, "0")}:${min.toString().padStart(2, "0")}`;
}
