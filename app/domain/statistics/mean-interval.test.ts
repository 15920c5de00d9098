import { describe, expect, it } from "vitest";
import { expectClose } from "./fixtures/expect-close";
import { mtcarsMpg, sleepExtra1 } from "./fixtures/r-datasets";
import { meanMtcarsMpg, meanSleepExtra1 } from "./fixtures/r-reference";
import { meanInterval } from "./mean-interval";

describe("meanInterval", () => {
  it("matches R's t.test(x)$conf.int", () => {
    for (const [values, expected] of [
      [mtcarsMpg, meanMtcarsMpg],
      [sleepExtra1, meanSleepExtra1],
    ] as const) {
      const result = meanInterval(values);
      expect(result.n).toBe(expected.n);
      expectClose(result.mean, expected.mean);
      expectClose(result.sd, expected.sd);
      expectClose(result.ciLow, expected.ciLow);
      expectClose(result.ciHigh, expected.ciHigh);
    }
  });

  it("agrees with a hand computation: 4, 5, 4, 5, 4 → 4.4 ± 2.7764451 · 0.5477226/√5", () => {
    // Half-width 2.7764451 × 0.2449490 = 0.6800874; R's t.test(c(4, 5, 4, 5, 4)) gives [3.7199126, 5.0800874].
    const result = meanInterval([4, 5, 4, 5, 4]);
    expect(result.mean).toBeCloseTo(4.4, 12);
    expect(result.sd).toBeCloseTo(0.5477226, 6);
    expect(result.ciLow).toBeCloseTo(3.7199126, 6);
    expect(result.ciHigh).toBeCloseTo(5.0800874, 6);
  });

  it("gives a single value a mean but no sd or interval, and rejects no values", () => {
    expect(meanInterval([6])).toEqual({ n: 1, mean: 6, sd: null, ciLow: null, ciHigh: null });
    expect(() => meanInterval([])).toThrow("meanInterval requires at least one data point");
  });
});
