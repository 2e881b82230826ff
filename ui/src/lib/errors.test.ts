import { describe, expect, it } from "vitest";
import { asCommandError } from "./api";
import { attempt, describeError } from "./errors";

describe("describeError", () => {
  it("names the field and the problem in the user's language", () => {
    const e = { kind: "invalid", field: "name", code: "required", message: "name: is required" };
    expect(describeError("it", e)).toBe("Nome è obbligatorio");
    expect(describeError("en", e)).toBe("Name is required");
  });

  it("names the fields of the practices and the evaluation too", () => {
    const e = { kind: "invalid", field: "period_to", code: "bad_format", message: "period_to: …" };
    expect(describeError("it", e)).toBe("Fine del periodo non è nel formato atteso");
    const r = { kind: "invalid", field: "reviewer_id", code: "missing_reference", message: "…" };
    expect(describeError("en", r)).toMatch(/^Reviewer /);
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

describe("attempt", () => {
  it("reports null when the action succeeds and the error when it fails", async () => {
    const seen: unknown[] = [];
    await attempt(async () => {}, (e) => seen.push(e));
    const failure = { kind: "invalid", field: "title", code: "required", message: "title: required" };
    await attempt(
      async () => {
        throw failure;
      },
      (e) => seen.push(e),
    );
    expect(seen).toEqual([null, failure]);
  });
});
