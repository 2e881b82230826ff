// The console's rules, apart from its components: the keys of the note box, the
// name typed at the door split into given and family names, the attendance
// counts, and how a person is named on screen.
import type { AttendeeDto } from "./ipc-types";
import { VOCABULARY } from "./vocabulary";

/** What a key pressed in the note box asks for. */
export type NoteKeyAction =
  | { do: "save" }
  | { do: "speaker" }
  | { do: "kind"; kind: string | null }
  | { do: "table"; step: 1 | -1 }
  | { do: "checkin" };

/** The parts of a keyboard event the key map reads. */
export interface Keys {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
}

/**
 * The note box's key map: Enter saves (Shift+Enter is a new line), Ctrl+K picks the
 * speaker, Alt+1…n the kind in the vocabulary's order (Alt+0 none), Alt+↓/↑ the
 * next or previous table, Ctrl+I the check-in box. `null`: the key types as usual.
 */
export function noteKeyAction(e: Keys, kinds: readonly string[] = VOCABULARY.note_kinds): NoteKeyAction | null {
  if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.ctrlKey) return { do: "save" };
  if (e.ctrlKey && e.key.toLowerCase() === "k") return { do: "speaker" };
  if (e.altKey && /^[0-9]$/.test(e.key)) {
    const n = Number(e.key);
    if (n === 0) return { do: "kind", kind: null };
    const kind = kinds[n - 1];
    return kind === undefined ? null : { do: "kind", kind };
  }
  if (e.altKey && e.key === "ArrowDown") return { do: "table", step: 1 };
  if (e.altKey && e.key === "ArrowUp") return { do: "table", step: -1 };
  if (e.ctrlKey && e.key.toLowerCase() === "i") return { do: "checkin" };
  return null;
}

/** The table after moving `step` from `index` among `count`, wrapping round. */
export function nextTable(index: number, step: number, count: number): number {
  return count === 0 ? 0 : (((index + step) % count) + count) % count;
}

/**
 * A name typed in the check-in box, for the new-person form: the first word is
 * the given name, the rest the family name ("Maria De Luca" → Maria / De Luca).
 */
export function splitTypedName(typed: string): { given: string; family: string } {
  const words = typed.trim().split(/\s+/).filter((w) => w !== "");
  return { given: words[0] ?? "", family: words.slice(1).join(" ") };
}

/** A person as the console lists them: family name first. */
export function personName(p: { given_name: string; family_name: string }): string {
  return `${p.family_name} ${p.given_name}`;
}

/** Distinct organisations and public operators among those checked in. */
export function attendanceCounts(attendees: readonly AttendeeDto[]): { organisations: number; public: number } {
  return {
    organisations: new Set(attendees.map((a) => a.organisation_id).filter((o) => o !== null)).size,
    public: attendees.filter((a) => a.is_public_operator).length,
  };
}

/** A person the check-in search found, and whether they are already in the room. */
export type CheckInChoice<P extends { id: string }> = { person: P; present: boolean };

/** The search's people, those already checked in marked present (shown, never taken again). */
export function checkInChoices<P extends { id: string }>(
  found: readonly P[],
  attendees: readonly { person_id: string }[],
): CheckInChoice<P>[] {
  const inRoom = new Set(attendees.map((a) => a.person_id));
  return found.map((person) => ({ person, present: inRoom.has(person.id) }));
}

/**
 * The highlighted choice after ↑ (step −1) or ↓ (+1) from `index`, skipping those
 * already present; stays put at either end. −1 when there is nothing to take.
 */
export function moveChoice(choices: readonly { present: boolean }[], index: number, step: number): number {
  const takeable = choices.map((c, i) => (c.present ? -1 : i)).filter((i) => i >= 0);
  if (takeable.length === 0) return -1;
  const at = takeable.indexOf(index);
  if (at < 0) return step < 0 ? (takeable[takeable.length - 1] ?? -1) : (takeable[0] ?? -1);
  return takeable[Math.min(takeable.length - 1, Math.max(0, at + step))] ?? -1;
}
