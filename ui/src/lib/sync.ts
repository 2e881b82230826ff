// Sync's rules in the page: when it runs by itself (at start, after a meeting is
// closed, every few minutes while a folder is chosen), one at a time, and how a
// report reads.
import { api } from "./api";
import type { SyncReportDto } from "./ipc-types";

/** How often the app syncs by itself while a shared folder is chosen. */
export const AUTO_SYNC_MS = 5 * 60 * 1000;

type Listener = (report: SyncReportDto) => void;
const listeners = new Set<Listener>();
let running: Promise<SyncReportDto | null> | null = null;

/** Called with every report, whoever asked for the sync (the screen refreshes). */
export function onSynced(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Syncs through the chosen folder unless a sync is already running (then waits
 * for that one); null when no folder is chosen yet. `run` is the command (tests
 * pass their own).
 */
export function syncOnce(run: () => Promise<SyncReportDto | null> = defaultRun): Promise<SyncReportDto | null> {
  if (running) return running;
  running = run()
    .then((report) => {
      if (report) for (const l of listeners) l(report);
      return report;
    })
    .finally(() => {
      running = null;
    });
  return running;
}

async function defaultRun(): Promise<SyncReportDto | null> {
  const status = await api.syncStatus();
  return status.folder === null ? null : api.syncNow();
}

/** Starts syncing by itself: now, then every `every` ms; returns the stop. */
export function startAutoSync(every = AUTO_SYNC_MS, run?: () => Promise<SyncReportDto | null>): () => void {
  const quiet = () => void syncOnce(run).catch(() => undefined);
  quiet();
  const id = setInterval(quiet, every);
  return () => clearInterval(id);
}

/** "notes 12, attendance 30": what arrived, by kind of record. */
export function arrivedKinds(report: SyncReportDto, label: (table: string) => string): string {
  return report.records.map((r) => `${label(r.key)} ${r.count}`).join(", ");
}
