import { describe, expect, it } from "vitest";
import { duePullKey, pullKeysToCheck, pullRetryDelayMs, retryAfterMs, salesforceLimitLeaves } from "./connections";

describe("duePullKey", () => {
  const both = { weekly: true, period: "quarter" as const };
  it("takes the period's start first, then the week's", () => {
    expect(duePullKey(both, 1, "2026-10-01", new Set())).toBe("quarter:2026-10-01");
    // 2026-10-01 is a Thursday: the week's pull is covered by the quarter's.
    expect(duePullKey(both, 1, "2026-10-02", new Set(["quarter:2026-10-01"]))).toBeNull();
    expect(duePullKey(both, 1, "2026-10-05", new Set(["quarter:2026-10-01"]))).toBe("week:2026-10-05");
    expect(duePullKey(both, 1, "2026-10-06", new Set(["quarter:2026-10-01", "week:2026-10-05"]))).toBeNull();
  });
  it("follows the fiscal year and stops taking a missed period pull after a week", () => {
    // A fiscal year from February: quarters start in Feb, May, Aug, Nov.
    expect(duePullKey(both, 2, "2026-11-03", new Set(["week:2026-11-02"]))).toBe("quarter:2026-11-01");
    expect(duePullKey(both, 2, "2026-11-08", new Set(["week:2026-11-02"]))).toBeNull();
    expect(duePullKey({ weekly: false, period: "month" }, 1, "2026-12-01", new Set())).toBe("month:2026-12-01");
    expect(duePullKey({ weekly: false, period: "none" }, 1, "2026-12-01", new Set())).toBeNull();
  });
  it("names the keys to look up", () => {
    expect(pullKeysToCheck(both, 2, "2026-12-06")).toEqual(["week:2026-11-30", "quarter:2026-11-01"]);
  });
});

describe("waits", () => {
  it("reads Retry-After as seconds or a date", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Sun, 06 Dec 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
  it("backs off whole pulls up to six hours", () => {
    expect([1, 2, 3, 9].map(pullRetryDelayMs)).toEqual([300_000, 900_000, 2_700_000, 21_600_000]);
  });
  it("keeps a tenth of Salesforce's daily allowance", () => {
    expect(salesforceLimitLeaves("api-usage=100/15000", 200)).toBe(true);
    expect(salesforceLimitLeaves("api-usage=13400/15000", 200)).toBe(false);
    expect(salesforceLimitLeaves(null, 200)).toBe(true);
  });
});
