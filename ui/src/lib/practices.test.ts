import { describe, expect, it } from "vitest";
import { formatMean, formatShare, scoresOf } from "./practices";

describe("formatMean", () => {
  it("writes one decimal in the reader's language", () => {
    expect(formatMean(3.25, "it")).toBe("3,3");
    expect(formatMean(4, "en")).toBe("4.0");
  });
  it("writes a dash without scores", () => {
    expect(formatMean(null, "it")).toBe("–");
    expect(formatMean(undefined, "en")).toBe("–");
  });
});

describe("formatShare", () => {
  it("writes a percentage", () => {
    expect(formatShare(0.8, "en")).toBe("80%");
    expect(formatShare(null, "it")).toBe("–");
  });
});

describe("scoresOf", () => {
  it("keeps only the reviewer's scores, by criterion", () => {
    const scores = [
      { reviewer_id: "a", reviewer_name: "A", criterion: "innovation", score: 4, comment: "ok" },
      { reviewer_id: "b", reviewer_name: "B", criterion: "innovation", score: 2, comment: "" },
    ];
    expect(scoresOf(scores, "a")).toEqual({ innovation: { score: 4, comment: "ok" } });
    expect(scoresOf(scores, "c")).toEqual({});
  });
});
