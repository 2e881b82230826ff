import { describe, expect, it } from "vitest";
import { withoutTags } from "./tags";

describe("withoutTags", () => {
  it.each([
    ["Servono mediatori #casa, e orari lunghi #Mediazione.", "Servono mediatori, e orari lunghi."],
    ["#casa", ""],
    ["Punto # 3", "Punto # 3"],
    ["Più posti #salute_mentale per i minori", "Più posti per i minori"],
  ])("%s → %s", (text, shown) => {
    expect(withoutTags(text)).toBe(shown);
  });
});
