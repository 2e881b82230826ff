import { describe, expect, it } from "vitest";
import { firstAnswers, type FirstScreen } from "./first";
import type { OrgListFilterDto, WorkspaceStatus } from "./ipc-types";

const filter: OrgListFilterDto = {
  search: "", kind: "", level: "", sector: "", territory_id: "",
  territory_as_coverage: false, tag: "", archived: "", sort: "name", descending: false,
};
const workspace = (empty: boolean) => ({ empty, started_empty: false }) as unknown as WorkspaceStatus;
const screen = (empty: boolean): FirstScreen => ({
  recovery: null,
  workspace: workspace(empty),
  territories: [],
  organisations: { filter, limit: 500, rows: [{ id: "o1" }] as never },
});

describe("the first screen's answers", () => {
  it("answer each command's first call only", () => {
    const first = firstAnswers(screen(false));
    expect(first.take("workspace_status")).toEqual(workspace(false));
    expect(first.take("workspace_status")).toBeUndefined();
    expect(first.take("filter_organisations", { filter: { ...filter }, limit: 500 })).toEqual([{ id: "o1" }]);
    expect(first.take("filter_organisations", { filter, limit: 500 })).toBeUndefined();
    expect(first.take("list_territories")).toEqual([]);
    expect(first.take("list_territories")).toBeUndefined();
  });

  it("leave a call that asks something else to the app, and are gone after it", () => {
    const first = firstAnswers(screen(false));
    expect(first.take("filter_organisations", { filter: { ...filter, search: "asp" }, limit: 500 })).toBeUndefined();
    expect(first.take("filter_organisations", { filter, limit: 500 })).toBeUndefined();
    const other = firstAnswers(screen(false));
    expect(other.take("filter_organisations", { filter, limit: 50 })).toBeUndefined();
  });

  it("drop the lists of a workspace found empty", () => {
    const first = firstAnswers(screen(true));
    expect(first.take("workspace_status")).toEqual(workspace(true));
    expect(first.take("list_territories")).toBeUndefined();
    expect(first.take("filter_organisations", { filter, limit: 500 })).toBeUndefined();
  });

  it("give nothing when the app gave nothing or a part could not be made", () => {
    expect(firstAnswers(undefined).take("recovery_status")).toBeUndefined();
    expect(firstAnswers(screen(false)).take("recovery_status")).toBeUndefined();
    expect(firstAnswers(screen(false)).take("sync_status")).toBeUndefined();
  });
});
