// The stakeholder map's rules, apart from the component that draws it: the colour
// of each type of organisation, the power/interest quadrants, and the Cytoscape
// elements of organisations and of a large map's territories.
import type cytoscape from "cytoscape";
import type { MapDto, MapNodeDto } from "./ipc-types";
import { VOCABULARY } from "./vocabulary";

/** Colours chosen for the types the register knows today. */
const CHOSEN: Record<string, string> = {
  region: "#1f5f8b",
  municipality: "#2f7fb8",
  health_agency: "#2f6b3a",
  school: "#7a5c00",
  job_centre: "#9a4d00",
  prefecture: "#4b4b4b",
  university: "#5b3f8c",
  third_sector: "#c0392b",
  migrant_association: "#e0a43a",
  trade_union: "#8e44ad",
  employer: "#16a085",
  religious: "#6d4c41",
  foreign_partner: "#00838f",
  other: "#7f8c8d",
};

/** For a type added in the core later: a colour from this list, by its place. */
const SPARE = ["#3d5a80", "#98c1d9", "#ee6c4d", "#293241", "#6a994e", "#bc4749", "#a7c957", "#f2cc8f"];

/** The types of organisation, in the core's order: the legend's and the pies'. */
export const KIND_ORDER: readonly string[] = VOCABULARY.org_kinds;

/** The colour of a type of organisation; every code of the core has one. */
export function kindColour(kind: string): string {
  const chosen = CHOSEN[kind];
  if (chosen) return chosen;
  const at = KIND_ORDER.indexOf(kind);
  return at < 0 ? CHOSEN.other! : SPARE[at % SPARE.length]!;
}

/** Influence and interest from this score up are "high" (scores are 1–5). */
export const HIGH = 4;

export interface Quadrants {
  /** High influence, high interest: manage closely. */
  manage: MapNodeDto[];
  /** High influence, low interest: keep satisfied. */
  satisfy: MapNodeDto[];
  /** Low influence, high interest: keep informed. */
  inform: MapNodeDto[];
  /** Low influence, low interest: monitor. */
  monitor: MapNodeDto[];
  /** Organisations without both scores. */
  unscored: number;
}

/** The power/interest grid: each scored organisation in its quadrant, by name. */
export function quadrantsOf(nodes: readonly MapNodeDto[]): Quadrants {
  const scored = nodes.filter((n) => n.influence !== null && n.interest !== null);
  const q = (hiInfluence: boolean, hiInterest: boolean) =>
    scored
      .filter((n) => (n.influence ?? 0) >= HIGH === hiInfluence && (n.interest ?? 0) >= HIGH === hiInterest)
      .sort((a, b) => a.name.localeCompare(b.name));
  return {
    manage: q(true, true),
    satisfy: q(true, false),
    inform: q(false, true),
    monitor: q(false, false),
    unscored: nodes.length - scored.length,
  };
}

/** The types present on the map, in the legend's order. */
export function legendOf(nodes: readonly MapNodeDto[]): string[] {
  const present = new Set(nodes.map((n) => n.kind));
  return KIND_ORDER.filter((k) => present.has(k));
}

/** An organisation as a Cytoscape node: sized by its links, placed where the core put it. */
export function orgElement(n: MapNodeDto, classes: string, maxDegree: number) {
  return {
    data: {
      id: n.id,
      label: n.name,
      kind: n.kind,
      degree: n.degree,
      colour: kindColour(n.kind),
      size: 14 + (32 * n.degree) / Math.max(1, maxDegree),
    },
    position: n.x != null && n.y != null ? { x: n.x, y: n.y } : undefined,
    classes,
  };
}

/** How many organisations of each type (in KIND_ORDER) each cluster holds, in one pass. */
export function kindsByCluster(m: MapDto): number[][] {
  const counts = m.clusters.map(() => new Array<number>(KIND_ORDER.length).fill(0));
  for (const n of m.nodes) {
    const row = n.cluster == null ? undefined : counts[n.cluster];
    const at = KIND_ORDER.indexOf(n.kind);
    if (row) row[at < 0 ? KIND_ORDER.indexOf("other") : at]! += 1;
  }
  return counts;
}

/**
 * A territory of a large map as one disc, as wide as the circle its actors fill
 * once opened, divided like a pie by type of organisation (`p1`… in percent).
 */
export function territoryElement(m: MapDto, index: number, byKind: number[], noTerritory: string) {
  const k = m.clusters[index]!;
  const slices: Record<string, number> = {};
  byKind.forEach((count, i) => (slices[`p${i + 1}`] = (100 * count) / Math.max(1, k.actors)));
  return {
    data: {
      id: k.id,
      label: `${k.name || noTerritory} (${k.actors})`,
      size: 2 * k.radius,
      // Wraps onto a second line rather than run into the next territory's.
      labelWidth: `${2 * k.radius + 70}px`,
      ...slices,
    },
    position: { x: k.x, y: k.y },
    classes: "territory",
  };
}

/**
 * What the canvas shows first: a large map (laid out by the core) as one disc per
 * territory and one line per pair of territories; a small one every actor and link.
 */
export function firstElements(m: MapDto, maxDegree: number, noTerritory: string) {
  if (m.clusters.length > 0) {
    return [
      ...kindsByCluster(m).map((byKind, i) => territoryElement(m, i, byKind, noTerritory)),
      ...m.cluster_links.map((l) => ({
        data: { id: `${l.from}>${l.to}`, source: l.from, target: l.to, links: l.links },
        classes: "bundle",
      })),
    ];
  }
  return [
    // Organisations without links sit packed together: their names would cover
    // each other, so they show on hover (and in the side panel) instead.
    ...m.nodes.map((n) => orgElement(n, n.degree === 0 ? "unlinked" : "labelled", maxDegree)),
    ...m.edges.map((e) => ({ data: { id: e.id, source: e.from, target: e.to, strength: e.strength } })),
  ];
}

/** The organisations of the wanted clusters, by cluster. */
export function clusterMembers(m: MapDto, wanted: ReadonlySet<number>): Map<number, MapNodeDto[]> {
  const members = new Map<number, MapNodeDto[]>();
  for (const n of m.nodes) {
    if (n.cluster != null && wanted.has(n.cluster)) {
      const list = members.get(n.cluster) ?? [];
      list.push(n);
      members.set(n.cluster, list);
    }
  }
  return members;
}

/** The most linked organisations of a list, whose names a large map shows. */
export function hubs(list: readonly MapNodeDto[], count = 12): Set<string> {
  return new Set([...list].sort((a, b) => b.degree - a.degree).slice(0, count).map((n) => n.id));
}

/**
 * On a large map, an actor's own links (`links` holds node indexes) and the
 * organisations they reach that `isDrawn` says are not on the canvas yet.
 */
export function ownLinks(m: MapDto, actorIndex: number, isDrawn: (id: string) => boolean) {
  const own = m.links.filter(([from, to]) => from === actorIndex || to === actorIndex);
  const guests = new Map<string, MapNodeDto>();
  for (const [from, to] of own) {
    const other = m.nodes[from === actorIndex ? to : from];
    if (other && !isDrawn(other.id)) guests.set(other.id, other);
  }
  const edges = own.map(([from, to, strength], k) => ({
    data: { id: `own:${k}`, source: m.nodes[from]!.id, target: m.nodes[to]!.id, strength },
    classes: "own",
  }));
  return { guests: [...guests.values()], edges };
}

/**
 * The map's Cytoscape style. A large map (laid out by the core) draws thinner
 * links, bundles between territories and each territory's pie of types; `font` is
 * the page's own (Cytoscape's default, "Helvetica Neue", is not on a Linux desktop,
 * and looking for a stand-in held the first frame).
 */
export function mapStyle(m: MapDto, large: boolean, font: string): cytoscape.StylesheetStyle[] {
  return [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        width: "data(size)",
        height: "data(size)",
        // The page's own fonts: Cytoscape's default, "Helvetica Neue", is not
        // on a Linux desktop, and looking for a stand-in held the first frame.
        "font-family": font,
      },
    },
    {
      selector: "node.labelled",
      style: {
        label: "data(label)",
        "font-size": large ? 14 : 9,
        "text-wrap": large ? "none" : "ellipsis",
        "text-max-width": "120px",
        "min-zoomed-font-size": 7,
      },
    },
    {
      // The pointer on an organisation: its whole name, above the others.
      selector: "node.hover",
      style: {
        label: "data(label)",
        "font-size": large ? 14 : 10,
        "text-wrap": "wrap",
        "text-max-width": "220px",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.9,
        "text-background-padding": "2px",
        "z-index": 100,
        "min-zoomed-font-size": 0,
      },
    },
    {
      selector: "edge",
      style: {
        width: large ? 1 : "mapData(strength, 1, 3, 1, 4)",
        "line-color": "#9aa7b2",
        "curve-style": "haystack",
        opacity: 0.7,
      },
    },
    {
      selector: "edge.bundle",
      style: {
        width: `mapData(links, 1, ${Math.max(2, ...m.cluster_links.map((l) => l.links))}, 2, 24)`,
        "line-color": "#7b8a97",
        "curve-style": "straight",
        opacity: 0.35,
      },
    },
    { selector: "edge.own", style: { width: 3, "line-color": "#e0a43a", opacity: 1 } },
    {
      selector: "node.territory",
      style: {
        label: "data(label)",
        "text-valign": "top",
        "text-margin-y": -12,
        // Read at the zoom that shows the whole network (about 1:6 at
        // 10,000 organisations), smaller over small territories.
        "font-size": "mapData(size, 150, 600, 30, 80)",
        "text-wrap": "wrap",
        "text-max-width": "data(labelWidth)",
        "font-weight": "bold",
        color: "#33414e",
        "background-color": "#dfe6ec",
        "border-width": 6,
        "border-color": "#ffffff",
        "pie-size": "100%",
        ...Object.fromEntries(
          KIND_ORDER.flatMap((kindCode, i) => [
            [`pie-${i + 1}-background-color`, kindColour(kindCode)],
            [`pie-${i + 1}-background-size`, `mapData(p${i + 1}, 0, 100, 0, 100)`],
          ]),
        ),
      },
    },
    {
      selector: "node.territory.open",
      style: {
        "pie-size": "0%",
        "background-color": "#eef2f5",
        "border-width": 2,
        "border-color": "#c5ced6",
        events: "no",
      },
    },
    { selector: ".faded", style: { opacity: 0.12 } },
    { selector: "node.territory.faded", style: { opacity: 0.25 } },
    { selector: "node.focus", style: { "border-width": 4, "border-color": "#e0a43a" } },
  ];
}

/** The page's body font, for Cytoscape's labels. */
export function pageFont(): string {
  const body = getComputedStyle(document.documentElement).getPropertyValue("--font-body").trim();
  return body || "sans-serif";
}

/**
 * After zooming out to show a focused actor's neighbours (they may lie in
 * territories far apart): draws their names, dots and links large enough to read
 * at that zoom. Returns what it restyled (to undo with `removeStyle`), or null.
 */
export function readableAtZoom(
  core: cytoscape.Core,
  neighbourhood: cytoscape.CollectionReturnValue,
): cytoscape.CollectionReturnValue | null {
  const z = core.zoom();
  if (z >= 1) return null;
  neighbourhood.nodes().forEach((n) => {
    const size = Math.max(n.data("size") as number, 12 / z);
    n.style({
      "font-size": 13 / z,
      "min-zoomed-font-size": 0,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": `${2 / z}px`,
      width: size,
      height: size,
    });
  });
  neighbourhood.edges().style({ width: 3 / z });
  return neighbourhood;
}

/** The organisations linked to `id`, by name: from the links of a small map (ids)
 * or of a large one (indexes). */
export function neighboursOf(m: MapDto, id: string): MapNodeDto[] {
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  const found = new Map<string, MapNodeDto>();
  for (const e of m.edges) {
    const other = e.from === id ? e.to : e.to === id ? e.from : null;
    const node = other === null ? undefined : byId.get(other);
    if (node) found.set(node.id, node);
  }
  const at = m.nodes.findIndex((n) => n.id === id);
  for (const [from, to] of m.links) {
    const other = from === at ? m.nodes[to] : to === at ? m.nodes[from] : undefined;
    if (other) found.set(other.id, other);
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name, "it"));
}

/** A measure as the page's language writes it: 0,125 in Italian, 0.125 in English. */
export function measure(locale: string, value: number): string {
  return new Intl.NumberFormat(locale === "it" ? "it-IT" : "en-GB", { maximumFractionDigits: 3, minimumFractionDigits: 3 }).format(value);
}
