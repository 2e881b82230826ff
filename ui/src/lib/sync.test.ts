import { describe, expect, it, vi } from "vitest";
import type { SyncReportDto } from "./ipc-types";
import { arrivedKinds, onSynced, startAutoSync, syncOnce } from "./sync";

const report = (records: [string, number][]): SyncReportDto => ({
  written: null,
  written_changes: 0,
  bundles: 1,
  changes: 3,
  records: records.map(([key, count]) => ({ key, count })),
  held: [],
});

describe("sync by itself", () => {
  it("runs one sync at a time: a second ask waits for the first", async () => {
    let calls = 0;
    let release: (r: SyncReportDto) => void = () => {};
    const run = () => {
      calls += 1;
      return new Promise<SyncReportDto>((resolve) => (release = resolve));
    };
    const first = syncOnce(run);
    const second = syncOnce(run);
    release(report([]));
    expect(await first).toEqual(await second);
    expect(calls).toBe(1);
    await syncOnce(async () => report([]));
  });

  it("tells every listener what arrived", async () => {
    const seen: SyncReportDto[] = [];
    const stop = onSynced((r) => seen.push(r));
    await syncOnce(async () => report([["notes", 2]]));
    stop();
    await syncOnce(async () => report([["notes", 5]]));
    expect(seen.map((r) => r.records[0]?.count)).toEqual([2]);
  });

  it("syncs at start and then every few minutes until stopped", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const stop = startAutoSync(1000, async () => {
      calls += 1;
      return null;
    });
    await vi.advanceTimersByTimeAsync(3500);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    vi.useRealTimers();
    expect(calls).toBe(4);
  });

  it("says what arrived by kind", () => {
    expect(arrivedKinds(report([["notes", 12], ["attendance", 30]]), (k) => k.toUpperCase())).toBe("NOTES 12, ATTENDANCE 30");
  });
});
