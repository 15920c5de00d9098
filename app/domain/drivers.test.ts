import { describe, expect, it } from "vitest";
import { DRIVER_BOOTSTRAP, driverAnalysis, driverMinimumRows, driverReading, type DriverRow } from "./drivers";
import { attitude } from "./statistics/fixtures/r-datasets";
import { expectAllClose, expectClose } from "./statistics/fixtures/expect-close";
import { relativeWeightsAttitude } from "./statistics/fixtures/r-reference-drivers";

const names = ["complaints", "privileges", "learning", "raises", "critical", "advance"];
const predictors = names.map((key) => ({ key, label: key }));
// attitude's 30 departments as 10 teams of 3 consecutive rows.
const rows: DriverRow[] = attitude.map((r, i) => ({ cluster: `team-${String(Math.floor(i / 3)).padStart(2, "0")}`, predictors: r.slice(1, 7), criterion: r[0]! }));

describe("driverAnalysis", () => {
  it("gives R's relative weights over the complete rows, ranked, with intervals and n beside them", () => {
    const a = driverAnalysis({ rows, predictors, minRows: 30, rowWords: "answers" });
    if (!a.ok) throw new Error(a.reason);
    expect(a.n).toBe(30);
    expect(a.teams).toBe(10);
    expectClose(a.rSquared, relativeWeightsAttitude.rSquared, 1e-9);
    const byKey = new Map(a.weights.map((w) => [w.key, w]));
    expectAllClose(
      names.map((k) => byKey.get(k)!.share),
      [...relativeWeightsAttitude.rescaled],
      1e-9,
    );
    expectAllClose(
      names.map((k) => byKey.get(k)!.raw),
      [...relativeWeightsAttitude.raw],
      1e-9,
    );
    expect(a.weights.map((w) => w.key)).toEqual(["complaints", "learning", "raises", "privileges", "advance", "critical"]);
    expect(a.bootstrap).toEqual({ replicates: DRIVER_BOOTSTRAP.replicates, used: 1000, seed: DRIVER_BOOTSTRAP.seed });
    for (const w of a.weights) {
      expect(w.shareLow!).toBeLessThanOrEqual(w.shareHigh!);
      expect(w.shareLow!).toBeGreaterThanOrEqual(0);
      expect(w.shareHigh!).toBeLessThanOrEqual(1);
    }
    // complaints' 49.5% lies inside its interval, and the interval is not a point.
    const top = a.weights[0]!;
    expect(top.shareLow!).toBeLessThan(top.share);
    expect(top.shareHigh!).toBeGreaterThan(top.share);
    expect(a.rSquaredLow!).toBeLessThan(a.rSquared);
  });

  it("is reproducible: the same rows in another order give identical figures; another seed other intervals", () => {
    const one = driverAnalysis({ rows, predictors, minRows: 30, rowWords: "answers" });
    const two = driverAnalysis({ rows: [...rows].reverse(), predictors, minRows: 30, rowWords: "answers" });
    const other = driverAnalysis({ rows, predictors, minRows: 30, rowWords: "answers", bootstrap: { replicates: 1000, seed: 1 } });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    if (!one.ok || !other.ok) throw new Error("expected results");
    expect(other.rSquared).toBe(one.rSquared);
    expect(other.weights[0]!.shareLow).not.toBe(one.weights[0]!.shareLow);
  });

  it("resamples teams, not rows: one team of 30 rows has no bootstrap and says not enough", () => {
    const a = driverAnalysis({ rows: rows.map((r) => ({ ...r, cluster: "one" })), predictors, minRows: 30, rowWords: "answers" });
    expect(a).toEqual({
      ok: false,
      n: 30,
      teams: 1,
      reason: "Not enough answers to say: 30 complete answers from 1 team; at least 30 from 8 teams are needed to weigh 6 questions.",
      // The same sentence said by key for a page in the reader's language (app/i18n/drivers-said.test.ts).
      said: expect.stringContaining("drivers.why.notEnough"),
    });
  });

  it("leaves out incomplete rows and says not enough below the minimum", () => {
    const holed = rows.map((r, i) => (i % 10 === 0 ? { ...r, criterion: null } : i % 10 === 1 ? { ...r, predictors: [null, ...r.predictors.slice(1)] } : r));
    const a = driverAnalysis({ rows: holed, predictors, minRows: driverMinimumRows(6), rowWords: "answers" });
    expect(a.ok).toBe(false);
    expect(a.n).toBe(24);
    expect(driverReading(a, { predictors: "items", criterion: "eNPS", rows: "answers" })).toBe(
      "Not enough answers to say: 24 complete answers from 10 teams; at least 60 from 8 teams are needed to weigh 6 questions.",
    );
  });

  it("a constant criterion or collinear predictors give a clear sentence, never NaN", () => {
    const constant = driverAnalysis({ rows: rows.map((r) => ({ ...r, criterion: 5 })), predictors, minRows: 30, rowWords: "answers" });
    expect(constant.ok).toBe(false);
    if (!constant.ok) expect(constant.reason).toMatch(/same answer/);
    const collinear = driverAnalysis({
      rows: rows.map((r) => ({ ...r, predictors: [r.predictors[0]!, r.predictors[1]!, r.predictors[0]! + r.predictors[1]!] })),
      predictors: predictors.slice(0, 3),
      minRows: 30,
      rowWords: "answers",
    });
    expect(collinear.ok).toBe(false);
    if (!collinear.ok) expect(collinear.reason).toMatch(/lockstep/);
    expect(JSON.stringify([constant, collinear])).not.toMatch(/NaN|null,"share/);
  });

  it("names the predictors and rows it was given, and which predictor does not vary", () => {
    const few = driverAnalysis({
      rows: rows.slice(0, 12).map((r) => ({ ...r, predictors: r.predictors.slice(0, 4) })),
      predictors: predictors.slice(0, 4),
      minRows: 40,
      rowWords: "team-periods",
      predictorNoun: "dimension",
    });
    expect(few).toMatchObject({
      ok: false,
      reason: "Not enough team-periods to say: 12 complete team-periods from 4 teams; at least 40 from 8 teams are needed to weigh 4 dimensions.",
    });
    const flat = driverAnalysis({ rows: rows.map((r) => ({ ...r, predictors: [r.predictors[0]!, 3] })), predictors: predictors.slice(0, 2), minRows: 30, rowWords: "answers" });
    expect(flat).toMatchObject({ ok: false, reason: 'One of them ("privileges") does not vary at all, so it cannot be weighed.' });
  });

  it("minimum rows: 30, ten per predictor, or the minimum group", () => {
    expect(driverMinimumRows(1)).toBe(30);
    expect(driverMinimumRows(7)).toBe(70);
    expect(driverMinimumRows(2, 40)).toBe(40);
  });
});

describe("driverReading", () => {
  it("names what carries the most, with its share, interval, R² and n, and says these are not causes", () => {
    const a = driverAnalysis({ rows, predictors, minRows: 30, rowWords: "answers" });
    if (!a.ok) throw new Error(a.reason);
    const reading = driverReading(a, { predictors: "items", criterion: "eNPS", rows: "answers" });
    expect(reading).toMatch(
      /^Of what these items explain about eNPS together \(R² = 0\.73, 30 answers from 10 teams\), "complaints" carries the most: 50% \(95% interval \d+% to \d+%\)\./,
    );
    expect(reading).toMatch(/they are not causes\.$/);
  });
});
