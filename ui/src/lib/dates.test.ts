import { describe, expect, it } from "vitest";
import { formatDate, parseDate, todayIso } from "./dates";

describe("dates", () => {
  it.each([
    ["2024-03-05", "05/03/2024"],
    ["2024-12-31", "31/12/2024"],
    ["not a date", "not a date"],
  ])("formats %s as %s", (iso, shown) => {
    expect(formatDate(iso)).toBe(shown);
  });

  it.each([
    ["05/03/2024", "2024-03-05"],
    ["5/3/2024", "2024-03-05"],
    ["29/02/2024", "2024-02-29"],
    ["29/02/2023", null],
    ["31/04/2024", null],
    ["2024-03-05", null],
  ])("parses %s as %s", (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it("gives today's local date as ISO text", () => {
    expect(todayIso(new Date(2026, 10, 3, 23, 59))).toBe("2026-11-03");
    expect(todayIso(new Date(2024, 0, 1, 0, 0))).toBe("2024-01-01");
  });
});
