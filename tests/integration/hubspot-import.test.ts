import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importFromHubSpot } from "../../app/services/hubspot-import.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { HUBSPOT_TOKEN, hubspotHandlers, type FakeHubSpot } from "../mocks/hubspot";
import { describeWithDb } from "../support/test-db";

const fake: FakeHubSpot = { deals: [], owners: [], requests: [], throttlePage: 1 };
const server = setupServer(...hubspotHandlers(fake));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describeWithDb("HubSpot API import", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    t.setNow("2026-06-30T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
    fake.owners = [
      { id: "11", email: org.people.repA!.email, firstName: "Rep", lastName: "A" },
      { id: "12", email: "someone@else.example", firstName: "Some", lastName: "One" },
    ];
    fake.deals = Array.from({ length: 230 }, (_, i) => ({
      id: String(5000 + i),
      properties: {
        dealname: `Deal ${i}`,
        amount: String(1000 + i),
        closedate: "2026-05-01T00:00:00.000Z",
        createdate: "2026-02-01T10:00:00.000Z",
        dealstage: i % 3 === 0 ? "closedwon" : i % 3 === 1 ? "closedlost" : "contractsent",
        hubspot_owner_id: i % 10 === 0 ? "12" : "11",
        pipeline: "default",
        hs_forecast_category: i % 3 === 2 ? "COMMIT" : "CLOSED",
        deal_currency_code: "USD",
      },
    }));
  });

  it("pulls every page, through a 429, and imports the deals like a HubSpot export", async () => {
    const result = await importFromHubSpot(t.app, org.id, { token: HUBSPOT_TOKEN, sleep: async () => {} }, { asOf: "2026-06-30" });
    expect(result).toMatchObject({ status: "imported", format: "hubspot", rows: 230, unmatchedOwners: [{ owner: "someone@else.example", deals: 23 }] });
    const statuses = await t.app.db
      .selectFrom("crmOpportunity")
      .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
      .where("organisationId", "=", org.id)
      .groupBy("status")
      .orderBy("status")
      .execute();
    expect(statuses).toEqual([
      { status: "lost", n: 77 },
      { status: "open", n: 76 },
      { status: "won", n: 77 },
    ]);
    const one = await t.app.db.selectFrom("crmOpportunity").select(["amount", "closeDate", "createdDate", "owner"]).where("crmId", "=", "5001").executeTakeFirstOrThrow();
    expect(one).toEqual({ amount: 1001, closeDate: "2026-05-01", createdDate: "2026-02-01", owner: org.people.repA!.email });
  });
});
