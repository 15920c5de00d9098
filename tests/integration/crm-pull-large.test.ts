import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestCrmPull } from "../../app/services/crm-connections.server";
import { completeCrmOAuth, startCrmOAuth } from "../../app/services/crm-connections.server";
import { runDueCrmPulls } from "../../app/services/crm-pulls.server";
import { createTestOrganisation } from "../factories/organisation";
import { userOf } from "../factories/pulse";
import { newFakeSalesforce, opportunities, salesforceHandlers } from "../mocks/salesforce";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

// A 100,000-deal pull on PostgreSQL (issue 25): Salesforce's Bulk API 2.0 through msw, ten CSV pages of
// 10,000, into one snapshot; then the same data again stores nothing. PostgreSQL only (skipped without
// TEST_DATABASE_URL): the pull's COPY path is PostgreSQL's.
const DEALS = 100_000;
const fake = newFakeSalesforce();
fake.opportunities = (offset, limit) => opportunities(limit, ["rep-a1@big.example", "rep-b1@big.example"], offset);
fake.total = DEALS;
fake.bulkPageSize = 10_000;
fake.bulkPolls = 1;
const server = setupServer(...salesforceHandlers(fake));

describe.skipIf(!process.env.TEST_DATABASE_URL)("a 100,000-deal Salesforce pull [postgres]", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    t = await createTestDatabase("postgres");
    t.setNow("2026-12-07T07:00:00Z");
    t.app.config = { ...t.app.config, SALESFORCE_CLIENT_ID: "3MVG9-consumer-key", SALESFORCE_CLIENT_SECRET: "consumer-secret" };
  });
  afterAll(async () => {
    server.close();
    await t?.close();
  });

  it("stores every deal in one snapshot, and a second pull of the same data stores nothing", { timeout: 300_000 }, async () => {
    const org = await createTestOrganisation(t.app, { reps: 1 });
    const admin = await userOf(t.app, org.people.admin!);
    const started = startCrmOAuth(t.app, admin, "salesforce");
    await completeCrmOAuth(t.app, admin, { ...started.flow, expiresAt: Date.now() + 60_000 }, { code: "c", state: started.flow.state });
    await t.app.db.updateTable("crmConnection").set({ weekly: false, period: "none" }).execute();
    await requestCrmPull(t.app, admin, "salesforce");
    const sleep = async () => {};
    const [first] = await runDueCrmPulls(t.app, { sleep });
    expect(first).toMatchObject({ status: "done", result: { status: "imported", rows: DEALS } });
    const counts = await t.app.db
      .selectFrom("crmOpportunity")
      .select((eb) => ["status", eb.fn.countAll<string>().as("n"), eb.fn.sum<string>("amount").as("amount")])
      .where("organisationId", "=", org.id)
      .groupBy("status")
      .orderBy("status")
      .execute();
    // Amounts are 1000 + i % 5000: each status holds a third of the deals.
    expect(counts.map((c) => [c.status, Number(c.n)])).toEqual([
      ["lost", 33_333],
      ["open", 33_333],
      ["won", 33_334],
    ]);
    const pages = fake.requests.filter((r) => r.url.includes("/results")).length;
    expect(pages).toBe(10);
    await requestCrmPull(t.app, admin, "salesforce");
    const [second] = await runDueCrmPulls(t.app, { sleep });
    expect(second).toMatchObject({ status: "done", result: { status: "unchanged" } });
    const snapshots = await t.app.db.selectFrom("crmSnapshot").select("rowCount").where("organisationId", "=", org.id).execute();
    expect(snapshots).toEqual([{ rowCount: DEALS }]);
  });
});
