// The first screen's answers, given by the app with the page
// (src-tauri/src/commands/first_screen.rs): on WebKitGTK a page's first calls
// wait for the webview, and the register's first list arrived 100–130 ms after it
// was asked for. Each answer is offered to the first call of its command only;
// every call after asks the app.
import type {
  OrganisationDto,
  OrgListFilterDto,
  RecoveryStatusDto,
  TerritoryDto,
  WorkspaceStatus,
} from "./ipc-types";

/** What the app gives (a part it could not make is absent or null). */
export interface FirstScreen {
  recovery?: RecoveryStatusDto | null;
  workspace?: WorkspaceStatus | null;
  territories?: TerritoryDto[] | null;
  organisations?: { filter: OrgListFilterDto; limit: number; rows: OrganisationDto[] } | null;
}

/** Whether two filters ask the same (the same fields, the same values). */
function sameFilter(a: unknown, b: OrgListFilterDto): boolean {
  if (typeof a !== "object" || a === null) return false;
  const given = a as Record<string, unknown>;
  const keys = Object.keys(b) as (keyof OrgListFilterDto)[];
  return Object.keys(given).length === keys.length && keys.every((k) => given[k] === b[k]);
}

/**
 * The answers, taken one by one. `take(command, args)` is the answer to that
 * call if the app gave one for it, else undefined; either way the command's
 * answer is gone after its first call. A workspace found empty drops the lists:
 * the register is shown only after the demo is loaded or the start chosen.
 */
export function firstAnswers(screen: FirstScreen | null | undefined) {
  const left: FirstScreen = { ...(screen ?? {}) };
  return {
    take(command: string, args?: Record<string, unknown>): unknown {
      switch (command) {
        case "recovery_status": {
          const answer = left.recovery ?? undefined;
          delete left.recovery;
          return answer;
        }
        case "workspace_status": {
          const answer = left.workspace ?? undefined;
          delete left.workspace;
          if (answer?.empty) {
            delete left.territories;
            delete left.organisations;
          }
          return answer;
        }
        case "list_territories": {
          const answer = left.territories ?? undefined;
          delete left.territories;
          return answer;
        }
        case "filter_organisations": {
          const page = left.organisations;
          delete left.organisations;
          if (page && args && args.limit === page.limit && sameFilter(args.filter, page.filter)) return page.rows;
          return undefined;
        }
        default:
          return undefined;
      }
    },
  };
}

/** This page's: what the app's initialization script left on the window. */
export const first = firstAnswers((globalThis as { __TAVOLO_FIRST__?: FirstScreen }).__TAVOLO_FIRST__);
