import { describe, expect, it } from "vitest";
import { monthGrid, shiftMonth } from "./calendar";

describe("monthGrid", () => {
  it("starts on Monday and covers the month", () => {
    // March 2024 begins on a Friday.
    const weeks = monthGrid(2024, 2);
    expect(weeks[0]?.[0]?.iso).toBe("2024-02-26");
    expect(weeks[0]?.[4]).toEqual({ iso: "2024-03-01", day: 1, inMonth: true });
    const days = weeks.flat().filter((d) => d.inMonth);
    expect(days).toHaveLength(31);
    expect(days.at(-1)?.iso).toBe("2024-03-31");
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });
  it("has no week wholly outside the month", () => {
    // February 2021: exactly four weeks, Monday 1 to Sunday 28.
    const weeks = monthGrid(2021, 1);
    expect(weeks).toHaveLength(4);
    expect(weeks.every((w) => w.some((d) => d.inMonth))).toBe(true);
  });
});

describe("shiftMonth", () => {
  it("crosses years both ways", () => {
    expect(shiftMonth(2024, 11, 1)).toEqual([2025, 0]);
    expect(shiftMonth(2024, 0, -1)).toEqual([2023, 11]);
  });
});
