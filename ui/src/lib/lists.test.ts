import { describe, expect, it } from "vitest";
import { ariaSort, nextSort, sortArrow } from "./lists";

describe("sortable lists", () => {
  it("flips the order of the same column and starts another ascending", () => {
    expect(nextSort("name", false, "name")).toEqual({ sort: "name", descending: true });
    expect(nextSort("name", true, "name")).toEqual({ sort: "name", descending: false });
    expect(nextSort("name", true, "kind")).toEqual({ sort: "kind", descending: false });
  });

  it("marks only the sorted column", () => {
    expect(ariaSort("kind", true, "kind")).toBe("descending");
    expect(ariaSort("kind", false, "kind")).toBe("ascending");
    expect(ariaSort("kind", false, "name")).toBe("none");
    expect(sortArrow("kind", false, "kind")).toBe(" ↑");
    expect(sortArrow("kind", true, "name")).toBe("");
  });
});
