import { describe, expect, it } from "vitest";
import { inOrder, newestOnly } from "./latest";

describe("newest answer only", () => {
  it("keeps the answer to the last question even when an older one arrives later", async () => {
    const asks = newestOnly();
    let shown = "";
    const ask = async (q: string, delay: number) => {
      const current = asks.take();
      await new Promise((r) => setTimeout(r, delay));
      if (current()) shown = q;
    };
    // "tere" is asked first and answered last.
    await Promise.all([ask("tere", 30), ask("teresa", 5)]);
    expect(shown).toBe("teresa");
  });

  it("a ticket stays current until the next one is taken", () => {
    const asks = newestOnly();
    const first = asks.take();
    expect(first()).toBe(true);
    const second = asks.take();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
  });
});

describe("writes in order", () => {
  it("runs each write after the one before has settled, even a slower one", async () => {
    const run = inOrder();
    const log: string[] = [];
    const write = (name: string, delay: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, delay));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    // The draft is slow and fails; the note, sent next, still waits for it.
    const draft = run(write("draft", 30, true));
    const note = run(write("note", 1));
    await expect(draft).rejects.toThrow("draft");
    await expect(note).resolves.toBe("note");
    expect(log).toEqual(["start draft", "end draft", "start note", "end note"]);
  });
});
