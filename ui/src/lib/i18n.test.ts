import { describe, expect, it as test } from "vitest";
import { catalogues, codeKey, placeholders, translate } from "./i18n";

describe("message catalogues", () => {
  test("English has exactly the Italian keys, with the same placeholders", () => {
    const itKeys = Object.keys(catalogues.it).sort();
    expect(Object.keys(catalogues.en).sort()).toEqual(itKeys);
    for (const key of itKeys) {
      const k = key as keyof typeof catalogues.it;
      expect(placeholders(catalogues.en[k]), key).toEqual(placeholders(catalogues.it[k]));
    }
  });

  test("no message is empty", () => {
    for (const [locale, messages] of Object.entries(catalogues)) {
      for (const [key, text] of Object.entries(messages)) {
        expect(text.trim(), `${locale}:${key}`).not.toBe("");
      }
    }
  });

  test("placeholders are filled, unknown ones left visible", () => {
    expect(translate("it", "org.count", { count: 3 })).toBe("3 enti");
    expect(translate("en", "org.count", { count: 3 })).toBe("3 organisations");
    expect(translate("it", "org.noMatch")).toBe("Nessun ente corrisponde a «{query}».");
  });

  test("words agree with their numbers by each language's plural rules", () => {
    expect(translate("it", "org.count", { count: 1 })).toBe("1 ente");
    expect(translate("it", "org.count", { count: 0 })).toBe("0 enti");
    expect(translate("it", "con.found", { count: 1 })).toBe("1 nota trovata");
    expect(translate("it", "con.counts", { organisations: 1, public: 1 })).toBe("1 ente · 1 operatore pubblico");
    expect(translate("it", "con.counts", { organisations: 2, public: 5 })).toBe("2 enti · 5 operatori pubblici");
    expect(translate("en", "con.found", { count: 1 })).toBe("1 note found");
    expect(translate("en", "people.count", { count: 2 })).toBe("2 people");
    expect(translate("it", "sync.written", { count: 1, file: "f" })).toBe("Scritta 1 modifica in f.");
    expect(translate("it", "coding.notesOn", { n: "1" })).toBe("1 nota");
    expect(translate("it", "coding.notesOn", { n: "3" })).toBe("3 note");
    expect(translate("en", "coding.cellTitle", { code: "casa", case: "Potenza", n: "1" })).toBe("“casa” in Potenza: 1 note");
    expect(translate("it", "bp.reviewers", { count: 1 })).toBe("1 valutatore");
  });

  test("every plural token has exactly its two forms, one and other", () => {
    for (const [locale, messages] of Object.entries(catalogues)) {
      for (const [key, text] of Object.entries(messages)) {
        for (const m of text.matchAll(/\{\w+\|[^}]*\}/g)) {
          expect(m[0].split("|").length, `${locale}:${key} ${m[0]}`).toBe(3);
        }
      }
    }
  });

  test("codes map to labels only when the catalogue has them", () => {
    expect(codeKey("kind", "health_agency")).toBe("kind.health_agency");
    expect(codeKey("kind", "spaceship")).toBeNull();
  });
});
