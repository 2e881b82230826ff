import { describe, expect, it } from "vitest";
import { fold, matches } from "./fold";

describe("fold", () => {
  it("ignores case and accents", () => {
    expect(fold("Città PERCHÉ")).toBe("citta perche");
  });
  it("matches every word in any order", () => {
    expect(matches("Lo Cascio Fabio – Comune di Palermo", "fabio palermo")).toBe(true);
    expect(matches("Lo Cascio Fabio", "fabio bari")).toBe(false);
    expect(matches("Nicolò", "nicolo")).toBe(true);
  });
});
