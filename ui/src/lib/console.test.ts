import { describe, expect, it } from "vitest";
import { attendanceCounts, checkInChoices, moveChoice, nextTable, noteKeyAction, personName, splitTypedName } from "./console";
import type { AttendeeDto } from "./ipc-types";
import { VOCABULARY } from "./vocabulary";

const key = (k: string, mods: Partial<{ shift: boolean; alt: boolean; ctrl: boolean }> = {}) => ({
  key: k,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
  ctrlKey: mods.ctrl ?? false,
});

describe("the note box's keys", () => {
  it.each([
    [key("Enter"), { do: "save" }],
    [key("Enter", { shift: true }), null],
    [key("Enter", { ctrl: true }), null],
    [key("k", { ctrl: true }), { do: "speaker" }],
    [key("K", { ctrl: true }), { do: "speaker" }],
    [key("0", { alt: true }), { do: "kind", kind: null }],
    [key("1", { alt: true }), { do: "kind", kind: "need" }],
    [key("7", { alt: true }), { do: "kind", kind: "quote" }],
    [key("ArrowDown", { alt: true }), { do: "table", step: 1 }],
    [key("ArrowUp", { alt: true }), { do: "table", step: -1 }],
    [key("i", { ctrl: true }), { do: "checkin" }],
    [key("a"), null],
    [key("1"), null],
  ])("%o → %o", (e, action) => {
    expect(noteKeyAction(e)).toEqual(action);
  });

  it("follows the core's kinds in their order, whatever they are", () => {
    expect(VOCABULARY.note_kinds.length).toBeGreaterThan(0);
    VOCABULARY.note_kinds.forEach((kind, i) => {
      expect(noteKeyAction(key(String(i + 1), { alt: true }))).toEqual({ do: "kind", kind });
    });
    expect(noteKeyAction(key("3", { alt: true }), ["a", "b"])).toBeNull();
  });

  it("wraps round the tables", () => {
    expect(nextTable(3, 1, 4)).toBe(0);
    expect(nextTable(0, -1, 4)).toBe(3);
    expect(nextTable(1, 1, 4)).toBe(2);
    expect(nextTable(0, 1, 0)).toBe(0);
  });
});

describe("a name typed at the door", () => {
  it.each([
    ["Maria De Luca", "Maria", "De Luca"],
    ["  nicola   ferri ", "nicola", "ferri"],
    ["Aisha", "Aisha", ""],
    ["", "", ""],
  ])("%s → %s / %s", (typed, given, family) => {
    expect(splitTypedName(typed)).toEqual({ given, family });
  });

  it("lists people family name first", () => {
    expect(personName({ given_name: "Anna", family_name: "Lorusso" })).toBe("Lorusso Anna");
  });
});

describe("attendance counts", () => {
  const a = (organisation_id: string | null, is_public_operator: boolean) =>
    ({ organisation_id, is_public_operator }) as AttendeeDto;
  it("counts each organisation once and the public operators", () => {
    expect(attendanceCounts([a("o1", true), a("o1", false), a("o2", true), a(null, false)])).toEqual({
      organisations: 2,
      public: 2,
    });
    expect(attendanceCounts([])).toEqual({ organisations: 0, public: 0 });
  });
});

describe("check-in choices", () => {
  const found = [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }];
  const choices = checkInChoices(found, [{ person_id: "b" }, { person_id: "d" }]);

  it("marks those already in the room", () => {
    expect(choices.map((c) => c.present)).toEqual([false, true, false, true]);
  });

  it.each([
    [-1, 1, 0],
    [0, 1, 2],
    [2, 1, 2],
    [2, -1, 0],
    [0, -1, 0],
    [-1, -1, 2],
  ])("from %i a step of %i highlights %i, skipping those present", (from, step, to) => {
    expect(moveChoice(choices, from, step)).toBe(to);
  });

  it("has nothing to take when everyone found is present", () => {
    expect(moveChoice(checkInChoices([{ id: "b" }], [{ person_id: "b" }]), -1, 1)).toBe(-1);
  });
});

