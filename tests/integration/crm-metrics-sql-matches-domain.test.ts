import crypto from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { amountInCurrency, cycleDays, hasNextStep, isCommit, isStale, STALE_AFTER_DAYS, wonPart, type Opportunity } from "../../app/domain/crm";
import type { StagedOpportunity } from "../../db/crm-columns";
import { withCrmStaging } from "../../db/crm-staging";
import { insertSnapshot, saveCurrencyRate } from "../../db/queries/crm";
import { commitSums, foreignAmountDeals, openDealCounts, wonCycleCounts, wonDealSplit } from "../../db/queries/crm-metrics";
import { stagedDeal } from "../factories/crm";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { describeWithDb } from "../support/test-db";

// The per-deal rules of the CRM metrics exist twice: in app/domain/crm/metrics.ts (the definition, and the
// oracle of the property test in crm-metrics.test.ts) and in the SQL that counts deals in groups for the
// service (db/queries/crm-metrics.ts, ADR 019). Each case here is one deal with an owner of its own, so the
// database's group for that owner is the rule's answer for that deal: table-driven, both must agree.
//
// Texts are stored trimmed (the import's textOrNull), so the cases' spacing is what a stored value can
// have: JavaScript's trim and SQL's btrim differ only on other whitespace, which never reaches the table.

const AS_OF = "2026-04-02";
const FORECAST_AS_OF = "2026-01-01";
const Q1 = { start: "2026-01-01", end: "2026-03-31" };

const deal = (owner: string, o: Partial<Opportunity>): StagedOpportunity => stagedDeal(owner, { owner, stage: "Stage", amount: 1000, ...o });

const STALE_CASES: Array<Pick<Opportunity, "lastActivityDate" | "nextStep">> = [
  { lastActivityDate: null, nextStep: null },
  { lastActivityDate: "2026-03-20", nextStep: "Call" },
  { lastActivityDate: "2026-03-19", nextStep: "Send the offer, then call" },
  { lastActivityDate: "2026-03-18", nextStep: "x" },
  { lastActivityDate: "2026-04-02", nextStep: null },
  { lastActivityDate: "2026-05-01", nextStep: null },
  { lastActivityDate: "2024-02-29", nextStep: null },
  { lastActivityDate: "2026-03-19", nextStep: "   " },
];

const COMMIT_CASES: Array<string | null> = ["Commit", "commit", "COMMIT", " Commit ", "Committed", "Best Case", "Pipeline", "Omitted", null];

const CYCLE_CASES: Array<Pick<Opportunity, "createdDate" | "closeDate">> = [
  { createdDate: "2026-01-01", closeDate: "2026-03-01" },
  { createdDate: "2024-02-28", closeDate: "2024-03-01" },
  { createdDate: "2026-02-10", closeDate: "2026-02-10" },
  { createdDate: "2026-03-05", closeDate: "2026-03-01" },
  { createdDate: "1999-12-31", closeDate: "2026-01-01" },
  { createdDate: null, closeDate: "2026-03-01" },
];

/** A deal won in Q1, and how the forecast snapshot (1 January) showed it (undefined: not there). */
const WON_CASES: Array<{ createdDate: string | null; closeDate: string; atForecast?: Pick<Opportunity, "status" | "closeDate" | "forecastCategory"> }> = [
  { createdDate: "2025-11-01", closeDate: "2026-02-10", atForecast: { status: "open", closeDate: "2026-02-15", forecastCategory: "Commit" } },
  { createdDate: "2025-11-01", closeDate: "2026-02-10", atForecast: { status: "open", closeDate: "2026-03-31", forecastCategory: " commit " } },
  { createdDate: "2025-11-01", closeDate: "2026-02-10", atForecast: { status: "open", closeDate: "2026-04-01", forecastCategory: "Commit" } },
  { createdDate: "2025-11-01", closeDate: "2026-02-10", atForecast: { status: "open", closeDate: "2025-12-31", forecastCategory: "Commit" } },
  { createdDate: "2025-11-01", closeDate: "2026-02-10", atForecast: { status: "open", closeDate: null, forecastCategory: "Commit" } },
  { createdDate: "2025-11-01", closeDate: "2026-03-20", atForecast: { status: "open", closeDate: "2026-03-20", forecastCategory: "Best Case" } },
  { createdDate: null, closeDate: "2026-03-20", atForecast: { status: "open", closeDate: "2026-05-01", forecastCategory: "Pipeline" } },
  { createdDate: "2026-01-01", closeDate: "2026-01-20", atForecast: { status: "open", closeDate: "2026-01-20", forecastCategory: "Pipeline" } },
  { createdDate: "2026-01-15", closeDate: "2026-01-20" },
  { createdDate: "2025-12-31", closeDate: "2026-01-20" },
  { createdDate: null, closeDate: "2026-01-20" },
  { createdDate: "2025-10-01", closeDate: "2026-01-02", atForecast: { status: "won", closeDate: "2025-12-30", forecastCategory: "Commit" } },
  { createdDate: "2025-10-01", closeDate: "2026-01-02", atForecast: { status: "lost", closeDate: "2026-01-02", forecastCategory: "Commit" } },
];

const CURRENCY_CASES: Array<Pick<Opportunity, "amount" | "currency">> = [
  { amount: 100, currency: null },
  { amount: 100, currency: "USD" },
  { amount: 100, currency: "usd" },
  { amount: 100, currency: "EUR" },
  { amount: 100, currency: "eur" },
  { amount: 100, currency: "GBP" },
  { amount: 100, currency: "gbp" },
  { amount: null, currency: "GBP" },
  { amount: 0, currency: "CHF" },
];

describeWithDb("CRM metrics: the database's groups agree with the domain's per-deal rules", (t) => {
  let org: TestOrganisation;
  let currency: string;
  let latest: string;
  let forecast: string;

  /** Loads `deals` as an attached snapshot of `asOf`, as an import would; its id. */
  async function snapshot(asOf: string, deals: StagedOpportunity[]): Promise<string> {
    const snapshotId = crypto.randomUUID();
    await withCrmStaging(t.app.database, { snapshotId, organisationId: org.id }, async (staging) => {
      deals.forEach((d, i) => staging.add(i + 2, d));
      await staging.finishLoading();
      expect(await staging.key()).toBe(true);
      await staging.takeTurn();
      await insertSnapshot(staging.db, {
        id: snapshotId,
        organisationId: org.id,
        source: "generic",
        fileName: `${asOf}.csv`,
        contentSha256: crypto.randomBytes(32).toString("hex"),
        asOf,
        encoding: "utf-8",
        dateOrder: null,
        importedBy: null,
        skippedRows: [],
        rowCount: deals.length,
      });
      await staging.attach();
      return { commit: true, value: null };
    });
    return snapshotId;
  }

  beforeAll(async () => {
    t.setNow("2026-04-02T12:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
    currency = (await t.app.db.selectFrom("organisation").select("currency").where("id", "=", org.id).executeTakeFirstOrThrow()).currency;
    expect(currency).toBe("USD");
    await saveCurrencyRate(t.app.db, org.id, "EUR", 1.1);
    await saveCurrencyRate(t.app.db, org.id, "CHF", 1.2);
    forecast = await snapshot(
      FORECAST_AS_OF,
      WON_CASES.flatMap((c, i) => (c.atForecast ? [deal(`won-${i}`, { ...c.atForecast, createdDate: c.createdDate })] : [])),
    );
    latest = await snapshot(AS_OF, [
      ...STALE_CASES.map((c, i) => deal(`open-${i}`, c)),
      ...COMMIT_CASES.map((forecastCategory, i) => deal(`commit-${i}`, { forecastCategory, closeDate: "2026-06-30", currency: "GBP" })),
      ...CYCLE_CASES.map((c, i) => deal(`cycle-${i}`, { ...c, status: "won" })),
      ...WON_CASES.map((c, i) => deal(`won-${i}`, { status: "won", createdDate: c.createdDate, closeDate: c.closeDate })),
      ...CURRENCY_CASES.map((c, i) => deal(`money-${i}`, { ...c, status: "lost", closeDate: "2026-03-01" })),
    ]);
  });

  it("stale pipeline and next steps: openDealCounts as isStale and hasNextStep", async () => {
    const groups = await openDealCounts(t.app.db, { id: latest, asOf: AS_OF }, STALE_AFTER_DAYS);
    const sql = STALE_CASES.map((_, i) => groups.find((g) => g.owner === `open-${i}`)).map((g) => g && { open: g.open, stale: g.stale, withNextStep: g.withNextStep });
    const domain = STALE_CASES.map((c) => ({ open: 1, stale: isStale(c, AS_OF) ? 1 : 0, withNextStep: hasNextStep(c) ? 1 : 0 }));
    expect(sql).toEqual(domain);
    // The cases reach both sides of each rule.
    expect(new Set(domain.map((d) => `${d.stale}${d.withNextStep}`))).toEqual(new Set(["10", "01", "11", "00"]));
  });

  it("the Commit call: commitSums and foreignAmountDeals' flag as isCommit", async () => {
    const committed = new Set((await commitSums(t.app.db, [latest])).map((g) => g.owner));
    expect(COMMIT_CASES.map((_, i) => committed.has(`commit-${i}`))).toEqual(COMMIT_CASES.map(isCommit));
    expect(COMMIT_CASES.filter(isCommit)).toHaveLength(4);
    // (In pounds, which have no rate: every one of them is listed, with the flag.)
    const flagged = await foreignAmountDeals(t.app.db, [latest], [currency]);
    const flag = (owner: string) => flagged.find((d) => d.owner === owner)?.commit;
    expect(COMMIT_CASES.map((_, i) => flag(`commit-${i}`))).toEqual(COMMIT_CASES.map(isCommit));
  });

  it("sales cycles: wonCycleCounts as cycleDays", async () => {
    const groups = await wonCycleCounts(t.app.db, latest);
    const sql = CYCLE_CASES.map((_, i) => groups.find((g) => g.owner === `cycle-${i}`)?.days ?? null);
    expect(sql).toEqual(CYCLE_CASES.map(cycleDays));
    // A deal closed before it was created has no cycle in either (it would pull the median down).
    expect(sql).toEqual([59, 2, 0, null, 9498, null]);
  });

  it("where a won deal came from: wonDealSplit as wonPart", async () => {
    const groups = await wonDealSplit(t.app.db, latest, [{ ...Q1, forecastSnapshotId: forecast }], [forecast]);
    const sql = WON_CASES.map((_, i) => groups.find((g) => g.owner === `won-${i}`)?.part);
    const domain = WON_CASES.map((c) => wonPart(Q1.start, Q1.end, c.createdDate, c.atForecast));
    expect(sql).toEqual(domain);
    expect(new Set(domain)).toEqual(new Set(["commit", "new", "known", "other"]));
    // A Commit deal's group names its owner and snapshot at the forecast.
    expect(groups.filter((g) => g.part === "commit").every((g) => g.forecastOwner === g.owner && g.forecastSnapshotId === forecast)).toBe(true);
  });

  it("amounts left out for want of a rate: foreignAmountDeals as amountInCurrency's 'foreign'", async () => {
    const foreign = new Set((await foreignAmountDeals(t.app.db, [latest], [currency, "EUR", "CHF"])).map((d) => d.crmId));
    const rates = { EUR: 1.1, CHF: 1.2 };
    expect(CURRENCY_CASES.map((_, i) => foreign.has(`money-${i}`))).toEqual(CURRENCY_CASES.map((c) => amountInCurrency(c, currency, rates) === "foreign"));
    expect([...foreign].filter((id) => id.startsWith("money-")).sort()).toEqual(["money-5", "money-6"]);
  });
});
