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

  test("codes map to labels only when the catalogue has them", () => {
    expect(codeKey("kind", "health_agency")).toBe("kind.health_agency");
    expect(codeKey("kind", "spaceship")).toBeNull();
  });
});
