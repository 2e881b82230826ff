import { describe, expect, it } from "vitest";
import { firstWrong, problemsOf } from "./forms";
import type { CommandError } from "./ipc-types";

const invalid = (field: string, code = "bad_format"): CommandError => ({
  kind: "invalid",
  field,
  code,
  message: `${field}: wrong`,
});

describe("forms", () => {
  const fields = ["title", "date", "email", "phone"];

  it("puts the core's error under its field", () => {
    const { problems, banner } = problemsOf("it", fields, {}, invalid("email"));
    expect(problems).toEqual({ email: "E-mail non è nel formato atteso" });
    expect(banner).toBeNull();
  });

  it("keeps the page's own problems and adds the core's", () => {
    const { problems } = problemsOf("it", fields, { title: "Manca il titolo" }, invalid("phone"));
    expect(Object.keys(problems).sort()).toEqual(["phone", "title"]);
  });

  it("shows an error of no field of the form in a banner", () => {
    const { problems, banner } = problemsOf("it", fields, {}, { kind: "storage", field: null, code: null, message: "disk full" });
    expect(problems).toEqual({});
    expect(banner).not.toBeNull();
  });

  it("finds the first wrong field in the form's order", () => {
    expect(firstWrong(fields, { phone: "x", title: "y" })).toBe("title");
    expect(firstWrong(fields, {})).toBeNull();
  });
});
