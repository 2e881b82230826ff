import { describe, expect, it } from "vitest";
import { asCommandError } from "./api";
import { describeError } from "./errors";

describe("describeError", () => {
  it("names the field and the problem in the user's language", () => {
    const e = { kind: "invalid", field: "name", code: "required", message: "name: is required" };
    expect(describeError("it", e)).toBe("Nome è obbligatorio");
    expect(describeError("en", e)).toBe("Name is required");
  });

  it("keeps the core's message for conflicts", () => {
    const e = { kind: "conflict", field: null, code: null, message: "already holds data" };
    expect(describeError("en", e)).toBe("Not possible: already holds data");
  });

  it("falls back to the message for unknown kinds", () => {
    expect(describeError("it", { kind: "weird", field: null, code: null, message: "m" })).toBe("m");
  });

  it("wraps anything thrown as an internal error", () => {
    expect(asCommandError("boom")).toEqual({
      kind: "internal",
      field: null,
      code: null,
      message: "boom",
    });
  });
});
