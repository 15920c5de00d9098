import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  amountInCurrency,
  computeCrmMetrics,
  convertedAmount,
  cycleDays,
  forecastAccuracy,
  forecastBias,
  forecastSnapshot,
  hasNextStep,
  isCommit,
  isStale,
  median,
  histogramMedian,
  slippedDeals,
  slipsOf,
  winRate,
  wonPart,
  type DealSnapshot,
  type TeamDeal,
  type TeamPeriodMetrics,
} from "./metrics";
import { R_FORECAST_SPLIT_SANDBAGGING, R_FORECAST_SPLIT_SHORT_CYCLES } from "../statistics/fixtures/r-reference-forecastsplit";

function deal(crmId: string, team: string | null, fields: Partial<TeamDeal>): TeamDeal {
  return {
    crmId,
    name: null,
    accountName: null,
    owner: `${crmId}@example.com`,
    stage: "",
    status: "open",
    amount: null,
    currency: "USD",
    closeDate: null,
    createdDate: null,
    forecastCategory: null,
    probability: null,
    nextStep: null,
    lastActivityDate: null,
    teamAtClose: team,
    teamAtCreate: team,
    teamAtSnapshot: team,
    ...fields,
  };
}

/*
 * The fixture: teams A and B, calendar quarters Q4 2025 (2025-10-01), Q1 2026 (2026-01-01) and Q2 2026
 * (2026-04-01), two snapshots.
 *
 * S1, as of 2026-01-01 (Q1's first day, so it is the forecast snapshot of Q1 and of Q2):
 *   id  team(snap) close       category  amount  last activity (days before asOf)  next step
 *   a1  A          2026-01-20  Commit    10000   2025-12-30 (2)                    "Contract"
 *   a3  A          2026-03-01  Pipeline   5000   2025-12-01 (31, stale)            -
 *   a6  A          2026-03-20  Commit    12000   2025-12-18 (14, stale)            "Pricing"
 *   a8  A          2026-03-25  Commit     5000   2025-12-19 (13)                   -
 *   a9  A          2026-02-15  Pipeline   2000   2025-12-20 (12)                   "Qualify"
 *   b6  A (moved to B later) 2026-02-28 Commit 9000  none (stale)                  "  " (blank)
 *   b1  B          2026-01-15  Commit    16000   2025-12-31 (1)                    "Sign"
 *   b8  B          2026-02-10  Commit     3000   2025-12-10 (22, stale)            "Call"  (gone from S2)
 *   b9  B          2026-04-05  Commit     7000   2025-12-28 (4)                    -
 *
 * S2, as of 2026-04-10 (Q2, the latest):
 *   id  status team  created     close       amount     notes
 *   a1  won    A     2025-11-01  2026-01-20  10000      cycle 80 days
 *   a2  won    A     2026-01-10  2026-02-15  20000      cycle 36
 *   a3  lost   A     2025-12-01  2026-03-01   5000
 *   a4  won    A     2026-02-01  2026-03-31  30000 EUR  cycle 58; no EUR rate → excluded from amounts
 *   a5  open   A     2026-03-15  2026-05-15   8000      last 2026-04-05 (5), next "Demo"
 *   a6  open   A     2025-12-15  2026-05-30  12000      last 2026-03-20 (21, stale), no next step; slipped out of Q1
 *   a7  won    A     2026-04-02  2026-04-08   4000      cycle 6
 *   a8  won    A     2025-12-05  2026-04-09   5000      cycle 125; closed, so not slipped
 *   a9  open   A     2025-12-01  2026-03-30   2000      last 2026-04-09 (1), next "Chase"; moved within Q1, not slipped
 *   b1  won    B     2025-10-01  2026-01-15  16000      cycle 106
 *   b2  lost   B     2026-01-05  2026-02-20  25000
 *   b3  lost   B     2026-01-20  2026-03-10  10000
 *   b4  won    B     2026-02-10  2026-03-25  (none)     cycle 43
 *   b5  open   B     2026-02-01  2026-06-30   6000      no activity (stale), next "Call CFO"
 *   b6  open   B     2025-12-20  2026-04-20   9000      created in A; last 2026-03-27 (14, stale); slipped out of Q1, charged to A
 *   b7  won    B     2026-03-01  2026-04-05   7000      cycle 35
 *   b9  won    B     2025-12-28  2026-04-06   7000      cycle 99
 *   x1  won    (no team)          2026-02-01  99000     left out everywhere
 */
const S1: DealSnapshot = {
  asOf: "2026-01-01",
  deals: [
    deal("a1", "A", { closeDate: "2026-01-20", createdDate: "2025-11-01", forecastCategory: "Commit", amount: 10000, lastActivityDate: "2025-12-30", nextStep: "Contract" }),
    deal("a3", "A", { closeDate: "2026-03-01", createdDate: "2025-12-01", forecastCategory: "Pipeline", amount: 5000, lastActivityDate: "2025-12-01" }),
    deal("a6", "A", { closeDate: "2026-03-20", createdDate: "2025-12-15", forecastCategory: "Commit", amount: 12000, lastActivityDate: "2025-12-18", nextStep: "Pricing" }),
    deal("a8", "A", { closeDate: "2026-03-25", createdDate: "2025-12-05", forecastCategory: "commit", amount: 5000, lastActivityDate: "2025-12-19" }),
    deal("a9", "A", { closeDate: "2026-02-15", createdDate: "2025-12-01", forecastCategory: "Pipeline", amount: 2000, lastActivityDate: "2025-12-20", nextStep: "Qualify" }),
    deal("b6", "A", { closeDate: "2026-02-28", createdDate: "2025-12-20", forecastCategory: "Commit", amount: 9000, nextStep: "  " }),
    deal("b1", "B", { closeDate: "2026-01-15", createdDate: "2025-10-01", forecastCategory: "Commit", amount: 16000, lastActivityDate: "2025-12-31", nextStep: "Sign" }),
    deal("b8", "B", { closeDate: "2026-02-10", createdDate: "2025-12-10", forecastCategory: "Commit", amount: 3000, lastActivityDate: "2025-12-10", nextStep: "Call" }),
    deal("b9", "B", { closeDate: "2026-04-05", createdDate: "2025-12-28", forecastCategory: "Commit", amount: 7000, lastActivityDate: "2025-12-28" }),
  ],
};

const S2: DealSnapshot = {
  asOf: "2026-04-10",
  deals: [
    deal("a1", "A", { status: "won", createdDate: "2025-11-01", closeDate: "2026-01-20", amount: 10000 }),
    deal("a2", "A", { status: "won", createdDate: "2026-01-10", closeDate: "2026-02-15", amount: 20000 }),
    deal("a3", "A", { status: "lost", createdDate: "2025-12-01", closeDate: "2026-03-01", amount: 5000 }),
    deal("a4", "A", { status: "won", createdDate: "2026-02-01", closeDate: "2026-03-31", amount: 30000, currency: "EUR" }),
    deal("a5", "A", { createdDate: "2026-03-15", closeDate: "2026-05-15", amount: 8000, forecastCategory: "Commit", lastActivityDate: "2026-04-05", nextStep: "Demo" }),
    deal("a6", "A", { createdDate: "2025-12-15", closeDate: "2026-05-30", amount: 12000, forecastCategory: "Commit", lastActivityDate: "2026-03-20", nextStep: "" }),
    deal("a7", "A", { status: "won", createdDate: "2026-04-02", closeDate: "2026-04-08", amount: 4000 }),
    deal("a8", "A", { status: "won", createdDate: "2025-12-05", closeDate: "2026-04-09", amount: 5000 }),
    deal("a9", "A", { createdDate: "2025-12-01", closeDate: "2026-03-30", amount: 2000, lastActivityDate: "2026-04-09", nextStep: "Chase" }),
    deal("b1", "B", { status: "won", createdDate: "2025-10-01", closeDate: "2026-01-15", amount: 16000 }),
    deal("b2", "B", { status: "lost", createdDate: "2026-01-05", closeDate: "2026-02-20", amount: 25000 }),
    deal("b3", "B", { status: "lost", createdDate: "2026-01-20", closeDate: "2026-03-10", amount: 10000 }),
    deal("b4", "B", { status: "won", createdDate: "2026-02-10", closeDate: "2026-03-25", amount: null }),
    deal("b5", "B", { createdDate: "2026-02-01", closeDate: "2026-06-30", amount: 6000, nextStep: "Call CFO" }),
    deal("b6", "B", { createdDate: "2025-12-20", closeDate: "2026-04-20", amount: 9000, lastActivityDate: "2026-03-27", teamAtCreate: "A" }),
    deal("b7", "B", { status: "won", createdDate: "2026-03-01", closeDate: "2026-04-05", amount: 7000 }),
    deal("b9", "B", { status: "won", createdDate: "2025-12-28", closeDate: "2026-04-06", amount: 7000 }),
    deal("x1", null, { status: "won", createdDate: "2026-01-02", closeDate: "2026-02-01", amount: 99000 }),
  ],
};

const EMPTY: Omit<TeamPeriodMetrics, "team" | "period"> = {
  winRate: null,
  winRateValue: null,
  wonCount: 0,
  lostCount: 0,
  pipelineCreatedCount: 0,
  pipelineCreatedAmount: 0,
  avgWonDealSize: null,
  medianCycleDays: null,
  staleShare: null,
  nextStepShare: null,
  slippedCount: 0,
  forecastAccuracy: null,
  forecastBias: null,
  wonAmount: 0,
  commitAccuracy: null,
  commitAmount: null,
  knownUpsideAmount: null,
  knownUpsideShare: null,
  newInPeriodWonAmount: 0,
  newInPeriodShare: null,
  excludedForeignAmounts: 0,
};

describe("computeCrmMetrics", () => {
  // The snapshots go in out of order: the function must sort them by date.
  const rows = computeCrmMetrics({ snapshots: [S2, S1], kind: "quarter", fiscalStartMonth: 1, currency: "usd" });
  const find = (period: string, team: string) => rows.find((r) => r.period === period && r.team === team);

  it("has one row per team and period with data, sorted by period then team", () => {
    expect(rows.map((r) => `${r.period} ${r.team}`)).toEqual(["2025-10-01 A", "2025-10-01 B", "2026-01-01 A", "2026-01-01 B", "2026-04-01 A", "2026-04-01 B"]);
  });

  it("counts pipeline created in Q4 2025 by the team at creation, with no forecast before the first snapshot", () => {
    // A: a1 10000 + a3 5000 + a6 12000 + a8 5000 + a9 2000 + b6 9000 (created in A) = 6 deals, 43000.
    expect(find("2025-10-01", "A")).toEqual({ ...EMPTY, team: "A", period: "2025-10-01", pipelineCreatedCount: 6, pipelineCreatedAmount: 43000 });
    // B: b1 16000 + b9 7000 = 2 deals, 23000.
    expect(find("2025-10-01", "B")).toEqual({ ...EMPTY, team: "B", period: "2025-10-01", pipelineCreatedCount: 2, pipelineCreatedAmount: 23000 });
  });

  it("computes team A's Q1 2026 by hand", () => {
    expect(find("2026-01-01", "A")).toEqual({
      team: "A",
      period: "2026-01-01",
      // Closed in Q1 (S2): won a1, a2, a4; lost a3 → 3 / (3 + 1).
      winRate: 0.75,
      wonCount: 3,
      lostCount: 1,
      // Value: a4 is in EUR with no rate and drops out: won 10000 + 20000 = 30000, lost 5000 → 30000 / 35000 = 6/7.
      winRateValue: expect.closeTo(6 / 7, 12),
      // Average won deal: 30000 over the 2 won deals with a usable amount.
      avgWonDealSize: 15000,
      // Cycles of won deals: a1 80 (Nov 1 → Jan 20), a2 36 (Jan 10 → Feb 15), a4 58 (Feb 1 → Mar 31) → median 58.
      medianCycleDays: 58,
      // Created in Q1: a2 20000, a4 (EUR, excluded), a5 8000 → 3 deals, 28000.
      pipelineCreatedCount: 3,
      pipelineCreatedAmount: 28000,
      // S1 (in Q1), open with team A at the snapshot: a1, a3, a6, a8, a9, b6. Stale: a3 (31 days), a6 (exactly 14),
      // b6 (no activity) → 3/6. Next step: a1, a6, a9 (b6's is blank) → 3/6.
      staleShare: 0.5,
      nextStepShare: 0.5,
      // Due in Q1 in S1 and open after Q1 in S2: a6 (→ May 30) and b6 (→ Apr 20, team A in S1). a8 closed, a9 stayed in Q1.
      slippedCount: 2,
      // Commit in S1 due in Q1, team A: a1 10000 + a6 12000 + a8 5000 ("commit") + b6 9000 = 36000.
      // Actual: won in Q1 = 30000 (a4 excluded). Accuracy 1 − |30000 − 36000| / 30000 = 0.8; bias 6000 / 30000 = 0.2.
      forecastAccuracy: expect.closeTo(0.8, 12),
      forecastBias: expect.closeTo(0.2, 12),
      // The split (ADR 023). Of the 36000 committed, a1 (10000) was won in Q1 (a6, b6 are open, a8 was won in Q2):
      // commit accuracy 10000 / 36000. Won in Q1 (30000): a1 from the Commit call, a2 (20000) created on Jan 10
      // → new-in-period 20000 = 2/3 of it, a4 is new too but has no rate (0). Nothing from known pipeline.
      wonAmount: 30000,
      commitAccuracy: expect.closeTo(10000 / 36000, 12),
      commitAmount: 36000,
      knownUpsideAmount: 0,
      knownUpsideShare: 0,
      newInPeriodWonAmount: 20000,
      newInPeriodShare: expect.closeTo(2 / 3, 12),
      // a4 only (counted once though it is both closed and created in Q1).
      excludedForeignAmounts: 1,
    });
  });

  it("computes team B's Q1 2026 by hand", () => {
    expect(find("2026-01-01", "B")).toEqual({
      team: "B",
      period: "2026-01-01",
      // Won b1, b4; lost b2, b3 → 2 / 4. x1 has no team and is left out.
      winRate: 0.5,
      wonCount: 2,
      lostCount: 2,
      // b4 has no amount: won 16000, lost 25000 + 10000 = 35000 → 16000 / 51000.
      winRateValue: expect.closeTo(16000 / 51000, 12),
      avgWonDealSize: 16000,
      // b1 106 days (Oct 1 → Jan 15), b4 43 (Feb 10 → Mar 25) → (106 + 43) / 2.
      medianCycleDays: 74.5,
      // Created in Q1: b2 25000, b3 10000, b4 (no amount), b5 6000, b7 7000 → 5 deals, 48000.
      pipelineCreatedCount: 5,
      pipelineCreatedAmount: 48000,
      // S1 open in B: b1 (1 day), b8 (22 days, stale), b9 (4 days) → stale 1/3; next step b1, b8 → 2/3.
      staleShare: expect.closeTo(1 / 3, 12),
      nextStepShare: expect.closeTo(2 / 3, 12),
      slippedCount: 0,
      // Commit in S1 due in Q1, team B: b1 16000 + b8 3000 = 19000 (b9 is due in Q2). Actual 16000.
      // Accuracy 1 − 3000 / 16000 = 0.8125; bias 3000 / 16000 = 0.1875.
      forecastAccuracy: 0.8125,
      forecastBias: 0.1875,
      // Of the Commit call (b1 16000, b8 3000), b1 was won: 16000 / 19000. b4 is new (created Feb 10) but has no amount.
      wonAmount: 16000,
      commitAccuracy: expect.closeTo(16000 / 19000, 12),
      commitAmount: 19000,
      knownUpsideAmount: 0,
      knownUpsideShare: 0,
      newInPeriodWonAmount: 0,
      newInPeriodShare: 0,
      excludedForeignAmounts: 0,
    });
  });

  it("computes Q2 2026 by hand", () => {
    expect(find("2026-04-01", "A")).toEqual({
      team: "A",
      period: "2026-04-01",
      // Won a7 4000 and a8 5000.
      winRate: 1,
      winRateValue: 1,
      wonCount: 2,
      lostCount: 0,
      avgWonDealSize: 4500,
      // a7 6 days, a8 125 days (Dec 5 → Apr 9) → 65.5.
      medianCycleDays: 65.5,
      // Created in Q2: a7 4000.
      pipelineCreatedCount: 1,
      pipelineCreatedAmount: 4000,
      // S2 open in A: a5 (5 days), a6 (21, stale), a9 (1) → stale 1/3; next step a5, a9 → 2/3.
      staleShare: expect.closeTo(1 / 3, 12),
      nextStepShare: expect.closeTo(2 / 3, 12),
      slippedCount: 0,
      // Forecast snapshot for Q2 is S1 (latest on or before Apr 1): no team-A Commit due in Q2 → forecast 0.
      // Actual 9000 → accuracy 1 − 9000 / 9000 = 0, bias −1.
      forecastAccuracy: 0,
      forecastBias: -1,
      // The −100% is not sandbagging: a7 (4000) was created on Apr 2 (new-in-period, 4/9 of the won amount); a8
      // (5000) was open in S1 but committed for Q1, not Q2 → upside from known pipeline, 5/9. Nothing committed
      // for Q2 → no commit accuracy.
      wonAmount: 9000,
      commitAccuracy: null,
      commitAmount: 0,
      knownUpsideAmount: 5000,
      knownUpsideShare: expect.closeTo(5 / 9, 12),
      newInPeriodWonAmount: 4000,
      newInPeriodShare: expect.closeTo(4 / 9, 12),
      excludedForeignAmounts: 0,
    });
    expect(find("2026-04-01", "B")).toEqual({
      team: "B",
      period: "2026-04-01",
      // Won b7 7000 and b9 7000.
      winRate: 1,
      winRateValue: 1,
      wonCount: 2,
      lostCount: 0,
      avgWonDealSize: 7000,
      // b7 35 days (Mar 1 → Apr 5), b9 99 days (Dec 28 → Apr 6) → 67.
      medianCycleDays: 67,
      pipelineCreatedCount: 0,
      pipelineCreatedAmount: 0,
      // S2 open in B: b5 (no activity, stale), b6 (exactly 14 days, stale) → 1; next step b5 only → 1/2.
      staleShare: 1,
      nextStepShare: 0.5,
      slippedCount: 0,
      // Commit in S1 due in Q2, team B: b9 7000. Actual 14000 → accuracy 1 − 7000 / 14000 = 0.5, bias −0.5.
      forecastAccuracy: 0.5,
      forecastBias: -0.5,
      // b9, the whole Commit call, was won: commit accuracy 1. b7 was created on Mar 1, after S1 and before Q2:
      // neither known at the forecast snapshot nor new in Q2 ("other"), so the −50% bias is neither signal.
      wonAmount: 14000,
      commitAccuracy: 1,
      commitAmount: 7000,
      knownUpsideAmount: 0,
      knownUpsideShare: 0,
      newInPeriodWonAmount: 0,
      newInPeriodShare: 0,
      excludedForeignAmounts: 0,
    });
  });

  it("converts foreign amounts when a rate is given", () => {
    const converted = computeCrmMetrics({ snapshots: [S1, S2], kind: "quarter", fiscalStartMonth: 1, currency: "USD", rates: { EUR: 1.1 } });
    const a = converted.find((r) => r.period === "2026-01-01" && r.team === "A")!;
    // a4 is now 30000 × 1.1 = 33000: won 63000, lost 5000; average 63000 / 3; created 20000 + 33000 + 8000.
    // Forecast 36000 against 63000: accuracy 1 − 27000 / 63000 = 4/7, bias −27000 / 63000 = −3/7.
    expect(a).toMatchObject({
      winRateValue: expect.closeTo(63000 / 68000, 12),
      avgWonDealSize: expect.closeTo(21000, 9),
      pipelineCreatedAmount: expect.closeTo(61000, 9),
      forecastAccuracy: expect.closeTo(4 / 7, 12),
      forecastBias: expect.closeTo(-3 / 7, 12),
      // a4 now counts in new-in-period wins: 20000 + 33000 of 63000.
      newInPeriodWonAmount: expect.closeTo(53000, 9),
      newInPeriodShare: expect.closeTo(53000 / 63000, 12),
      excludedForeignAmounts: 0,
    });
  });

  it("uses months and fiscal quarters too", () => {
    const months = computeCrmMetrics({ snapshots: [S1, S2], kind: "month", fiscalStartMonth: 1, currency: "USD" });
    // In March 2026 team A closed a3 (lost) and a4 (won, EUR).
    expect(months.find((r) => r.period === "2026-03-01" && r.team === "A")).toMatchObject({ wonCount: 1, lostCount: 1, winRate: 0.5, winRateValue: 0, excludedForeignAmounts: 1 });
    // Fiscal year from February: Q1 is Feb–Apr, so b2, b3 (lost), b4, b7, b9 (won) all fall in 2026-02-01; b1 (Jan 15) does not.
    const fiscal = computeCrmMetrics({ snapshots: [S1, S2], kind: "fiscal-quarter", fiscalStartMonth: 2, currency: "USD" });
    expect(fiscal.find((r) => r.period === "2026-02-01" && r.team === "B")).toMatchObject({ wonCount: 3, lostCount: 2, winRate: 0.6 });
  });

  it("has no forecast with one snapshot, and no rows without snapshots", () => {
    const single = computeCrmMetrics({ snapshots: [S2], kind: "quarter", fiscalStartMonth: 1, currency: "USD" });
    expect(single.every((r) => r.forecastAccuracy === null && r.forecastBias === null && r.slippedCount === 0)).toBe(true);
    // Without a forecast snapshot there is no Commit call and no known pipeline; new-in-period wins need neither.
    expect(single.every((r) => r.commitAccuracy === null && r.knownUpsideAmount === null && r.knownUpsideShare === null)).toBe(true);
    expect(single.find((r) => r.period === "2026-01-01" && r.team === "A")).toMatchObject({ newInPeriodWonAmount: 20000, newInPeriodShare: expect.closeTo(2 / 3, 12) });
    expect(single.find((r) => r.period === "2026-01-01" && r.team === "A")?.winRate).toBe(0.75);
    expect(computeCrmMetrics({ snapshots: [], kind: "quarter", fiscalStartMonth: 1, currency: "USD" })).toEqual([]);
  });
});

/*
 * The forecast bias split (ADR 023) on a hand-made snapshot pair: Q1 2026, the forecast snapshot on its
 * first day, and the same deals after the quarter.
 *   Team S ("sandbagging"):  s1 Commit 10000 → won; s4 Commit 5000 → lost; s2 Best Case 20000 → won;
 *                            s3 Pipeline 15000, due in May → pulled in and won on Mar 30.
 *   Team C ("short cycles"): c1 Commit 10000 → won; c4 Best Case 5000 → won; c2 and c3 created in
 *                            January and February and won in the quarter (15000 each); c5 Commit 8000 due
 *                            in Q2 (not in Q1's call) → still open.
 * Both won 45000 against a smaller Commit, so the overall bias calls both sandbaggers (C more than S).
 */
const SPLIT_START: DealSnapshot = {
  asOf: "2026-01-01",
  deals: [
    deal("s1", "S", { createdDate: "2025-10-10", closeDate: "2026-02-15", forecastCategory: "Commit", amount: 10000 }),
    deal("s2", "S", { createdDate: "2025-11-01", closeDate: "2026-03-20", forecastCategory: "Best Case", amount: 20000 }),
    deal("s3", "S", { createdDate: "2025-12-01", closeDate: "2026-05-01", forecastCategory: "Pipeline", amount: 15000 }),
    deal("s4", "S", { createdDate: "2025-09-15", closeDate: "2026-03-01", forecastCategory: "Commit", amount: 5000 }),
    deal("c1", "C", { createdDate: "2025-12-01", closeDate: "2026-01-31", forecastCategory: "Commit", amount: 10000 }),
    deal("c4", "C", { createdDate: "2025-12-10", closeDate: "2026-03-15", forecastCategory: "Best Case", amount: 5000 }),
    deal("c5", "C", { createdDate: "2025-12-12", closeDate: "2026-04-20", forecastCategory: "Commit", amount: 8000 }),
  ],
};
const SPLIT_END: DealSnapshot = {
  asOf: "2026-04-02",
  deals: [
    deal("s1", "S", { status: "won", createdDate: "2025-10-10", closeDate: "2026-02-10", forecastCategory: "Closed", amount: 10000 }),
    deal("s2", "S", { status: "won", createdDate: "2025-11-01", closeDate: "2026-03-18", forecastCategory: "Closed", amount: 20000 }),
    deal("s3", "S", { status: "won", createdDate: "2025-12-01", closeDate: "2026-03-30", forecastCategory: "Closed", amount: 15000 }),
    deal("s4", "S", { status: "lost", createdDate: "2025-09-15", closeDate: "2026-03-01", forecastCategory: "Omitted", amount: 5000 }),
    deal("c1", "C", { status: "won", createdDate: "2025-12-01", closeDate: "2026-01-29", forecastCategory: "Closed", amount: 10000 }),
    deal("c2", "C", { status: "won", createdDate: "2026-01-15", closeDate: "2026-02-01", forecastCategory: "Closed", amount: 15000 }),
    deal("c3", "C", { status: "won", createdDate: "2026-02-20", closeDate: "2026-03-10", forecastCategory: "Closed", amount: 15000 }),
    deal("c4", "C", { status: "won", createdDate: "2025-12-10", closeDate: "2026-03-15", forecastCategory: "Closed", amount: 5000 }),
    deal("c5", "C", { createdDate: "2025-12-12", closeDate: "2026-04-20", forecastCategory: "Commit", amount: 8000 }),
  ],
};

describe("the forecast bias split (ADR 023)", () => {
  const rows = computeCrmMetrics({ snapshots: [SPLIT_START, SPLIT_END], kind: "quarter", fiscalStartMonth: 1, currency: "USD" });
  const q1 = (team: string) => rows.find((r) => r.period === "2026-01-01" && r.team === team)!;

  it("gives a sandbagging team a large upside from known pipeline", () => {
    expect(q1("S")).toMatchObject({
      // Commit 15000 (s1 + s4) against 45000 won: the overall bias is (15000 − 45000) / 45000.
      forecastBias: expect.closeTo(-2 / 3, 12),
      // Of the Commit call, s1 (10000) was won: 10000 / 15000.
      commitAccuracy: expect.closeTo(2 / 3, 12),
      commitAmount: 15000,
      // s2 (Best Case) and s3 (Pipeline, due in May): 35000 of the 45000 won came from deals known and not called.
      knownUpsideAmount: 35000,
      knownUpsideShare: expect.closeTo(7 / 9, 12),
      newInPeriodWonAmount: 0,
      newInPeriodShare: 0,
    });
  });

  it("gives a short-cycle team its wins as new-in-period, not as upside", () => {
    expect(q1("C")).toMatchObject({
      // Commit 10000 (c1; c5 is due in Q2) against 45000 won: an overall bias worse than S's.
      forecastBias: expect.closeTo(-7 / 9, 12),
      commitAccuracy: 1,
      commitAmount: 10000,
      // c4 only (Best Case, won): 5000 of 45000.
      knownUpsideAmount: 5000,
      knownUpsideShare: expect.closeTo(1 / 9, 12),
      // c2 and c3 were created in the quarter: 30000 of 45000.
      newInPeriodWonAmount: 30000,
      newInPeriodShare: expect.closeTo(2 / 3, 12),
    });
  });

  it("matches the split R computes with merge() on the same pair (reference-forecastsplit.R)", () => {
    for (const [team, r] of [
      ["S", R_FORECAST_SPLIT_SANDBAGGING],
      ["C", R_FORECAST_SPLIT_SHORT_CYCLES],
    ] as const) {
      const row = q1(team);
      expect(row.wonAmount).toBe(r.wonAmount);
      expect(row.commitAmount).toBe(r.commitAmount);
      expect(row.knownUpsideAmount).toBe(r.knownUpsideAmount);
      expect(row.newInPeriodWonAmount).toBe(r.newInPeriodWonAmount);
      for (const key of ["commitAccuracy", "knownUpsideShare", "newInPeriodShare", "forecastBias"] as const) expect(row[key], `${team} ${key}`).toBeCloseTo(r[key], 12);
      // The three parts and the rest add up to the won amount: here nothing is "other".
      expect(row.commitAccuracy! * row.commitAmount! + row.knownUpsideAmount! + row.newInPeriodWonAmount).toBeCloseTo(r.wonAmount, 9);
    }
  });

  it("sorts each won deal into exactly one part, the Commit call first", () => {
    const atStart = (category: string, closeDate = "2026-02-01") => ({ status: "open" as const, closeDate, forecastCategory: category });
    expect(wonPart("2026-01-01", "2026-03-31", "2025-12-01", atStart("Commit"))).toBe("commit");
    // Created in the first days and already in Commit at a snapshot taken within the grace days: the call wins.
    expect(wonPart("2026-01-01", "2026-03-31", "2026-01-03", atStart(" commit "))).toBe("commit");
    expect(wonPart("2026-01-01", "2026-03-31", "2026-01-03", undefined)).toBe("new");
    expect(wonPart("2026-01-01", "2026-03-31", "2025-12-01", atStart("Best Case"))).toBe("known");
    // Committed, but for a later period: not in this period's call.
    expect(wonPart("2026-01-01", "2026-03-31", "2025-12-01", atStart("Commit", "2026-04-01"))).toBe("known");
    expect(wonPart("2026-01-01", "2026-03-31", null, atStart("Pipeline"))).toBe("known");
    // Already closed at the forecast snapshot, or not there at all, and created before the period.
    expect(wonPart("2026-01-01", "2026-03-31", "2025-12-01", { status: "won", closeDate: "2026-01-02", forecastCategory: "Commit" })).toBe("other");
    expect(wonPart("2026-01-01", "2026-03-31", null, undefined)).toBe("other");
  });
});

describe("slippedDeals", () => {
  it("charges each slipped deal once, to the team at the earlier snapshot", () => {
    expect(slippedDeals([S2, S1], "quarter", 1)).toEqual([
      { crmId: "a6", period: "2026-01-01", team: "A" },
      { crmId: "b6", period: "2026-01-01", team: "A" },
    ]);
  });

  it("takes the team at the last snapshot that showed the deal due in the period", () => {
    const due = (asOf: string, team: string, closeDate: string): DealSnapshot => ({ asOf, deals: [deal("d", team, { closeDate })] });
    expect(slippedDeals([due("2026-01-01", "A", "2026-03-01"), due("2026-02-01", "B", "2026-03-15"), due("2026-03-01", "C", "2026-05-01")], "quarter", 1)).toEqual([
      { crmId: "d", period: "2026-01-01", team: "B" },
    ]);
  });
});

describe("slipsOf", () => {
  it("counts a deal whose later close date is past its period's end once per period, for the team at the latest snapshot that has a team", () => {
    const due = (crmId: string, place: number, closeDate: string, later: string, team: string | null) => ({ crmId, place, closeDate, later, team });
    const deals = [
      due("a", 1, "2026-02-01", "2026-04-01", "A"),
      due("a", 2, "2026-03-01", "2026-04-01", "B"),
      // Pushed within the quarter: no slip.
      due("b", 1, "2026-02-01", "2026-03-31", "A"),
      // No team at the latest snapshot: the earlier one's counts it.
      due("c", 1, "2026-01-15", "2026-07-01", "A"),
      due("c", 2, "2026-02-15", "2026-07-01", null),
      // Due in two quarters, pushed out of both: counted in each.
      due("d", 1, "2026-05-01", "2026-09-01", "A"),
      due("d", 2, "2026-06-01", "2026-09-01", "A"),
      due("d", 1, "2026-03-01", "2026-09-01", "C"),
    ];
    expect(slipsOf(deals, "quarter", 1, (d) => d.team)).toEqual([
      { crmId: "a", period: "2026-01-01", team: "B" },
      { crmId: "d", period: "2026-04-01", team: "A" },
      { crmId: "c", period: "2026-01-01", team: "A" },
      { crmId: "d", period: "2026-01-01", team: "C" },
    ]);
    // Months: the push within the quarter is a slip out of February.
    expect(slipsOf([deals[2]!], "month", 1, (d) => d.team)).toEqual([{ crmId: "b", period: "2026-02-01", team: "A" }]);
  });
});

describe("forecastSnapshot", () => {
  it("takes the latest snapshot on or before the period start, else the first within 7 days", () => {
    const at = (asOf: string): DealSnapshot => ({ asOf, deals: [] });
    expect(forecastSnapshot([at("2026-03-20"), at("2025-12-15"), at("2026-01-01")], "2026-01-01")?.asOf).toBe("2026-01-01");
    expect(forecastSnapshot([at("2026-03-20"), at("2026-01-07"), at("2026-01-05")], "2026-01-01")?.asOf).toBe("2026-01-05");
    expect(forecastSnapshot([at("2026-03-20"), at("2026-01-08")], "2026-01-01")).toBeNull();
    // The only candidate is the latest snapshot, which gives the actual: nothing to compare.
    expect(forecastSnapshot([at("2025-12-01"), at("2026-01-03")], "2026-04-01")).toBeNull();
  });
});

describe("metric helpers", () => {
  it("takes the median of a histogram as of the values it counts (property)", () => {
    expect(
      histogramMedian(
        new Map([
          [10, 2],
          [30, 1],
          [40, 1],
        ]),
      ),
    ).toBe(20);
    expect(histogramMedian(new Map())).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 400 }), { maxLength: 60 }), (values) => {
        const counts = new Map<number, number>();
        for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
        expect(histogramMedian(counts)).toBe(median(values));
      }),
    );
  });

  it("computes the building blocks", () => {
    expect(winRate(3, 1)).toBe(0.75);
    expect(winRate(0, 0)).toBeNull();
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
    expect(cycleDays({ createdDate: "2026-01-01", closeDate: "2026-03-01" })).toBe(59);
    expect(cycleDays({ createdDate: null, closeDate: "2026-03-01" })).toBeNull();
    expect(cycleDays({ createdDate: "2026-03-05", closeDate: "2026-03-01" })).toBeNull();
    expect([
      isStale({ lastActivityDate: "2026-03-28" }, "2026-04-10"),
      isStale({ lastActivityDate: "2026-03-27" }, "2026-04-10"),
      isStale({ lastActivityDate: null }, "2026-04-10"),
    ]).toEqual([false, true, true]);
    expect([hasNextStep({ nextStep: " x " }), hasNextStep({ nextStep: " " }), hasNextStep({ nextStep: null })]).toEqual([true, false, false]);
    expect([isCommit(" COMMIT "), isCommit("Best Case"), isCommit(null)]).toEqual([true, false, false]);
    expect(forecastAccuracy(80, 100)).toBeCloseTo(0.8, 12);
    expect(forecastAccuracy(250, 100)).toBeCloseTo(-0.5, 12);
    expect(forecastBias(80, 100)).toBeCloseTo(-0.2, 12);
    expect([forecastAccuracy(10, 0), forecastBias(null, 10)]).toEqual([null, null]);
  });

  it("converts amounts into the organisation's currency", () => {
    expect(amountInCurrency({ amount: 100, currency: "EUR" }, "USD", { EUR: 1.5 })).toBe(150);
    expect(amountInCurrency({ amount: 100, currency: "eur" }, "EUR")).toBe(100);
    expect(amountInCurrency({ amount: 100, currency: null }, "EUR")).toBe(100);
    expect(amountInCurrency({ amount: 100, currency: "GBP" }, "EUR", { USD: 0.9 })).toBe("foreign");
    expect(amountInCurrency({ amount: null, currency: "GBP" }, "EUR")).toBeNull();
    // The same rule for sums, with what is left out as null.
    expect(convertedAmount({ amount: 100, currency: "EUR" }, "USD", { EUR: 1.5 })).toBe(150);
    expect(convertedAmount({ amount: 100, currency: null }, "EUR")).toBe(100);
    expect(convertedAmount({ amount: 100, currency: "GBP" }, "EUR", { USD: 0.9 })).toBeNull();
    expect(convertedAmount({ amount: null, currency: "EUR" }, "EUR")).toBeNull();
  });
});
