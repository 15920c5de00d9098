import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMoments, alphaFromMoments, changeFromMoments, enpsFromCounts, iccFromMoments, momentsOf, rwgFromMoments, summarizeMoments } from "./moments";
import { cronbachAlpha, enps, icc1, icc2, meanInterval, rwgJ, welchDifference } from "./statistics";

const close = (a: number | null, b: number | null, digits = 9) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(a).toBeCloseTo(b, digits);
};

const likert = fc.integer({ min: 1, max: 7 });
// Teams of answers to 4 items, at least 2 respondents each.
const teamAnswers = fc.array(fc.array(likert, { minLength: 4, maxLength: 4 }), { minLength: 2, maxLength: 12 });

describe("moments give the same numbers as the raw-data statistics", () => {
  it("mean, sd and 95% interval (known values and property)", () => {
    const s = summarizeMoments(momentsOf([4, 5, 4, 5, 4]));
    expect(s.mean).toBeCloseTo(4.4, 12);
    expect(s.ciLow).toBeCloseTo(3.7199126, 6);
    expect(s.ciHigh).toBeCloseTo(5.0800874, 6);
    expect(summarizeMoments(momentsOf([3]))).toEqual({ n: 1, mean: 3, sd: null, ciLow: null, ciHigh: null });
    fc.assert(
      fc.property(fc.array(likert, { minLength: 2, maxLength: 40 }), fc.array(likert, { minLength: 1, maxLength: 40 }), (a, b) => {
        const fromMoments = summarizeMoments(addMoments(momentsOf(a), momentsOf(b)));
        const raw = meanInterval([...a, ...b]);
        close(fromMoments.mean, raw.mean);
        close(fromMoments.sd, raw.sd, 7);
        close(fromMoments.ciLow, raw.ciLow, 7);
        close(fromMoments.ciHigh, raw.ciHigh, 7);
      }),
      { numRuns: 300 },
    );
  });

  it("Cronbach's alpha and rwg(j) on complete responses", () => {
    fc.assert(
      fc.property(teamAnswers, (rows) => {
        const items = [0, 1, 2, 3].map((j) => momentsOf(rows.map((r) => r[j]!)));
        const total = momentsOf(rows.map((r) => r.reduce((a, b) => a + b, 0)));
        const raw = (() => {
          try {
            return cronbachAlpha(rows).alpha;
          } catch {
            return null;
          }
        })();
        const fromMoments = alphaFromMoments(items, total);
        if (raw !== null && fromMoments !== null) expect(fromMoments).toBeCloseTo(raw, 7);
        expect(rwgFromMoments(items, 7)).toBeCloseTo(rwgJ(rows, 7).rwgJ, 9);
      }),
      { numRuns: 300 },
    );
  });

  it("ICC(1) and ICC(2) from teams' moments", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: 1, max: 7, noNaN: true }), { minLength: 2, maxLength: 9 }), { minLength: 2, maxLength: 8 }), (groups) => {
        const fromMoments = iccFromMoments(groups.map(momentsOf));
        const safe = (f: () => number) => {
          try {
            return f();
          } catch {
            return null;
          }
        };
        const r1 = safe(() => icc1(groups));
        const r2 = safe(() => icc2(groups));
        if (r1 !== null && fromMoments.icc1 !== null) expect(fromMoments.icc1).toBeCloseTo(r1, 6);
        if (r2 !== null && fromMoments.icc2 !== null && Math.abs(r2) < 1e6) expect(fromMoments.icc2).toBeCloseTo(r2, 6);
      }),
      { numRuns: 300 },
    );
  });

  it("change since the previous wave with Welch's interval", () => {
    fc.assert(
      fc.property(fc.array(likert, { minLength: 2, maxLength: 30 }), fc.array(likert, { minLength: 2, maxLength: 30 }), (x, y) => {
        const fromMoments = changeFromMoments(momentsOf(x), momentsOf(y));
        let raw: ReturnType<typeof welchDifference> | null;
        try {
          raw = welchDifference(x, y);
        } catch {
          raw = null;
        }
        // Not `return expect(…)`: fast-check fails a property that returns anything but true or nothing.
        if (raw === null) {
          expect(fromMoments).toBeNull();
          return;
        }
        expect(fromMoments!.diff).toBeCloseTo(raw.diff, 9);
        expect(fromMoments!.ciLow).toBeCloseTo(raw.ciLow, 6);
        expect(fromMoments!.ciHigh).toBeCloseTo(raw.ciHigh, 6);
      }),
      { numRuns: 300 },
    );
  });

  it("eNPS from counts", () => {
    const scores = [10, 9, 9, 8, 7, 6, 3, 0, 10, 5];
    expect(enpsFromCounts(10, 4, 4)).toBe(enps(scores));
    expect(enpsFromCounts(0, 0, 0)).toBeNull();
  });
});
