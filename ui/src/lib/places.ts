// Where the app is: a section and, within it, what is open. Every name the page
// shows for an organisation, a person, a meeting or a cell of the coverage matrix
// opens its place, through the shell's one `go`.
import type { Section } from "../components/Navigation.svelte";

export type Place = {
  section: Section;
  /** register: this organisation's page. */
  organisation?: string;
  /** register: the people tab, found by this name. */
  person?: string;
  /** register: the organisations a cell of the coverage matrix counts. */
  coverage?: { territory_id: string; territory: string; sector: string };
  /** meetings: this meeting's console. */
  meeting?: string;
  /** map: this organisation focused. */
  focus?: string;
};

export type Go = (place: Place) => void;

/** The other end of a relationship seen from `here`: what its name should open
 * (an organisation, or a person of the register), or null when it is `here`. */
export function otherEnd(
  here: string,
  r: { from_org_id: string | null; from_person_id: string | null; from_name: string; to_org_id: string; to_name: string },
  end: "from" | "to",
): { organisation: string } | { person: string } | null {
  if (end === "to") return r.to_org_id === here ? null : { organisation: r.to_org_id };
  if (r.from_person_id) return { person: r.from_name };
  return r.from_org_id && r.from_org_id !== here ? { organisation: r.from_org_id } : null;
}
