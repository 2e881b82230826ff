import { describe, expect, it } from "vitest";
import { codePointOffset, isNewCode, pickCodes, pieces, selectionSpan } from "./coding";

describe("selections in code points", () => {
  const text = "Più mediatori 🙂 in questura";
  it("counts a character outside the BMP once, as the core does", () => {
    // "🙂" is two UTF-16 units: the page's index 17 (after " in") is the core's 16.
    expect(text.indexOf(" in")).toBe(16);
    expect(codePointOffset(text, 16)).toBe(15);
    expect(codePointOffset(text, text.length)).toBe(Array.from(text).length);
  });
  it("orders a backwards selection and gives none for a caret", () => {
    const a = text.indexOf("mediatori");
    const b = text.indexOf("questura") + "questura".length;
    expect(selectionSpan(text, b, a)).toEqual({ start: 4, end: 27 });
    expect(Array.from(text).slice(4, 27).join("")).toBe("mediatori 🙂 in questura");
    expect(selectionSpan(text, 5, 5)).toBeNull();
  });
});

describe("the code picker", () => {
  const codes = [
    { name: "Mediazione linguistica", retired: false },
    { name: "Casa", retired: false },
    { name: "Accesso ai servizi", retired: false },
    { name: "Caporalato", retired: true },
  ];
  it("offers names starting with what was typed first, accents aside, retired never", () => {
    expect(pickCodes(codes, "ca").map((c) => c.name)).toEqual(["Casa", "Mediazione linguistica"]);
    expect(pickCodes(codes, "SER").map((c) => c.name)).toEqual(["Accesso ai servizi"]);
    expect(pickCodes(codes, "").map((c) => c.name)).toEqual(["Mediazione linguistica", "Casa", "Accesso ai servizi"]);
  });
  it("knows a new name from a known one", () => {
    expect(isNewCode(codes, "casà")).toBe(false);
    expect(isNewCode(codes, "Sfruttamento")).toBe(true);
    expect(isNewCode(codes, "  ")).toBe(false);
  });
});

describe("a note cut by its passages", () => {
  it("marks each piece with the codes on it", () => {
    const out = pieces("ab🙂cd", [
      { start: 1, end: 3, code_name: "X" },
      { start: 2, end: 5, code_name: "Y" },
      { start: null, end: null, code_name: "Whole" },
    ]);
    expect(out).toEqual([
      { text: "a", codes: [] },
      { text: "b", codes: ["X"] },
      { text: "🙂", codes: ["X", "Y"] },
      { text: "cd", codes: ["Y"] },
    ]);
  });
});
