import { describe, expect, it } from "vitest";
import { currentItem, hhmm, parseTime, speakerLine } from "./agenda";
import type { AgendaItemDto } from "./ipc-types";

const item = (at: string): AgendaItemDto => ({ id: at, at, title: `item ${at}`, kind: null, speakers: [] });

describe("agenda", () => {
  const items = [item("09:00"), item("09:30"), item("11:00")];
  it.each([
    ["08:59", null],
    ["09:00", "09:00"],
    ["10:15", "09:30"],
    ["18:00", "11:00"],
  ])("at %s the item under way is %s", (now, at) => {
    expect(currentItem(items, now)?.at ?? null).toBe(at);
  });

  it("writes a speaker with the role in brackets", () => {
    expect(speakerLine({ id: "1", person_id: null, name: "Maria Bianchi", role: "Capo di Gabinetto" })).toBe(
      "Maria Bianchi (Capo di Gabinetto)",
    );
    expect(speakerLine({ id: "2", person_id: "p", name: "Luca Verdi", role: null })).toBe("Luca Verdi");
  });

  it.each([
    ["9:30", "09:30"],
    ["09.30", "09:30"],
    ["0930", "09:30"],
    ["24:00", null],
    ["9", null],
  ])("reads the time %s as %s", (text, time) => {
    expect(parseTime(text)).toBe(time);
  });

  it("gives the local time as HH:MM", () => {
    expect(hhmm(new Date(2026, 11, 2, 9, 5))).toBe("09:05");
  });
});
