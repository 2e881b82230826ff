import { describe, expect, it } from "vitest";
import type { MapDto, MapNodeDto } from "./ipc-types";
import {
  clusterMembers,
  firstElements,
  hubs,
  kindColour,
  KIND_ORDER,
  kindsByCluster,
  legendOf,
  measure,
  neighboursOf,
  ownLinks,
  quadrantsOf,
} from "./map";
import { VOCABULARY } from "./vocabulary";

const node = (id: string, over: Partial<MapNodeDto> = {}): MapNodeDto => ({
  id,
  name: id,
  kind: "other",
  level: "local",
  influence: null,
  interest: null,
  degree: 0,
  betweenness: null,
  x: null,
  y: null,
  cluster: null,
  ...over,
});

describe("colours of the types of organisation", () => {
  it("gives every type the core knows a colour, distinct from the others", () => {
    const colours = VOCABULARY.org_kinds.map(kindColour);
    expect(colours.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(new Set(colours).size).toBe(colours.length);
    expect(KIND_ORDER).toEqual(VOCABULARY.org_kinds);
  });

  it("falls back to the colour of 'other' for a code it has never seen", () => {
    expect(kindColour("not_a_kind")).toBe(kindColour("other"));
  });
});

describe("the power/interest grid", () => {
  it.each([
    [5, 5, "manage"],
    [4, 4, "manage"],
    [4, 3, "satisfy"],
    [3, 4, "inform"],
    [1, 3, "monitor"],
  ] as const)("influence %i, interest %i → %s", (influence, interest, quadrant) => {
    const q = quadrantsOf([node("a", { influence, interest })]);
    expect(q[quadrant].map((n) => n.id)).toEqual(["a"]);
    expect(q.unscored).toBe(0);
  });

  it("counts organisations without both scores apart, and sorts by name", () => {
    const q = quadrantsOf([
      node("b", { influence: 5, interest: 5 }),
      node("a", { influence: 5, interest: 5 }),
      node("c", { influence: 5 }),
      node("d"),
    ]);
    expect(q.manage.map((n) => n.id)).toEqual(["a", "b"]);
    expect(q.unscored).toBe(2);
  });
});

describe("a large map's territories", () => {
  const map = {
    nodes: [
      node("n0", { kind: "municipality", cluster: 0, degree: 3 }),
      node("n1", { kind: "school", cluster: 0, degree: 9 }),
      node("n2", { kind: "school", cluster: 1, degree: 1 }),
      node("n3", { kind: "municipality", cluster: null }),
    ],
    edges: [],
    territories: [],
    clusters: [
      { id: "cluster:a", name: "A", x: 0, y: 0, radius: 10, actors: 2 },
      { id: "cluster:b", name: "B", x: 50, y: 0, radius: 10, actors: 1 },
    ],
    cluster_links: [],
    links: [
      [0, 1, 2],
      [1, 2, 1],
      [0, 3, 3],
    ],
    core_ms: 0,
  } as MapDto;

  it("counts each cluster's types in the legend's order", () => {
    const counts = kindsByCluster(map);
    const at = (k: string) => KIND_ORDER.indexOf(k);
    expect(counts[0]![at("municipality")]).toBe(1);
    expect(counts[0]![at("school")]).toBe(1);
    expect(counts[1]![at("school")]).toBe(1);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("groups the wanted clusters' members and names their hubs", () => {
    const members = clusterMembers(map, new Set([0]));
    expect([...members.keys()]).toEqual([0]);
    expect(members.get(0)!.map((n) => n.id)).toEqual(["n0", "n1"]);
    expect([...hubs(members.get(0)!, 1)]).toEqual(["n1"]);
  });

  it("lists an actor's neighbours from the large map's links", () => {
    expect(neighboursOf(map, "n0").map((n) => n.id)).toEqual(["n1", "n3"]);
    expect(neighboursOf(map, "n2").map((n) => n.id)).toEqual(["n1"]);
  });

  it("brings an actor's own links and the neighbours not yet drawn", () => {
    const { guests, edges } = ownLinks(map, 1, (id) => id === "n0" || id === "n1");
    expect(guests.map((n) => n.id)).toEqual(["n2"]);
    expect(edges.map((e) => [e.data.source, e.data.target, e.data.strength])).toEqual([
      ["n0", "n1", 2],
      ["n1", "n2", 1],
    ]);
  });

  it("opens as one disc per territory, each a pie of its types", () => {
    const first = firstElements(map, 9, "(none)");
    expect(first.map((e) => e.data.id)).toEqual(["cluster:a", "cluster:b"]);
    const disc = first[0]!.data as Record<string, unknown>;
    expect(disc["label"]).toBe("A (2)");
    expect(disc[`p${KIND_ORDER.indexOf("school") + 1}`]).toBe(50);
  });

  it("draws a small map's every actor and link", () => {
    const small = { ...map, clusters: [], edges: [{ id: "e", from: "n0", to: "n1", kind: "collaborates", strength: 2 }] } as MapDto;
    const ids = firstElements(small, 9, "").map((e) => e.data.id);
    expect(ids).toEqual(["n0", "n1", "n2", "n3", "e"]);
  });

  it("names the linked actors and leaves the unlinked ones' names to the pointer", () => {
    const small = { ...map, clusters: [] } as MapDto;
    const classes = firstElements(small, 9, "").map((e) => [e.data.id, "classes" in e ? e.classes : ""]);
    // n3 has degree 0 in the fixture unless given one.
    expect(classes).toEqual(small.nodes.map((n) => [n.id, n.degree === 0 ? "unlinked" : "labelled"]));
    expect(classes.some(([, c]) => c === "unlinked")).toBe(true);
  });

  it("lists in the legend only the types on the map", () => {
    expect(legendOf(map.nodes)).toEqual(KIND_ORDER.filter((k) => k === "municipality" || k === "school"));
  });
});

describe("the side panel", () => {
  it("writes measures with the language's decimal mark", () => {
    expect(measure("it", 0.125)).toBe("0,125");
    expect(measure("en", 0.125)).toBe("0.125");
  });
});
