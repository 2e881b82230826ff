import { describe, expect, it } from "vitest";
import { otherEnd } from "./places";

const link = {
  from_org_id: "a" as string | null,
  from_person_id: null as string | null,
  from_name: "Comune di Potenza",
  to_org_id: "b",
  to_name: "Caritas",
};

describe("the names of a relationship on an organisation's page", () => {
  it("open the other organisation, never the page already shown", () => {
    expect(otherEnd("a", link, "from")).toBeNull();
    expect(otherEnd("a", link, "to")).toEqual({ organisation: "b" });
    expect(otherEnd("b", link, "from")).toEqual({ organisation: "a" });
    expect(otherEnd("b", link, "to")).toBeNull();
  });

  it("open a person of the register when a person holds the link", () => {
    const personal = { ...link, from_org_id: null, from_person_id: "p", from_name: "Rossi Anna" };
    expect(otherEnd("b", personal, "from")).toEqual({ person: "Rossi Anna" });
    expect(otherEnd("b", personal, "to")).toBeNull();
  });
});
