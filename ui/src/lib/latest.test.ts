import { describe, expect, it } from "vitest";
import { newestOnly } from "./latest";

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
