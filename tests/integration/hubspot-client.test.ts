import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HubSpotError, listHubSpotDeals, listHubSpotOwners } from "../../app/services/hubspot.server";
import { HUBSPOT_TOKEN, hubspotHandlers, type FakeHubSpot } from "../mocks/hubspot";

const fake: FakeHubSpot = {
  deals: Array.from({ length: 250 }, (_, i) => ({
    id: String(9000 + i),
    properties: {
      dealname: `Deal ${i}`,
      amount: String(1000 + i),
      closedate: "2026-05-01T00:00:00Z",
      createdate: "2026-01-15T10:00:00Z",
      dealstage: i % 3 ? "appointmentscheduled" : "closedwon",
      hubspot_owner_id: String(i % 2 ? 11 : 12),
      pipeline: "default",
    },
  })),
  owners: [
    { id: "11", email: "ann@acme.example", firstName: "Ann", lastName: "Rep" },
    { id: "12", email: "bo@acme.example", firstName: "Bo", lastName: "Rep" },
  ],
  requests: [],
  throttlePage: 1,
};
const server = setupServer(...hubspotHandlers(fake));
const waits: number[] = [];
const options = { token: HUBSPOT_TOKEN, sleep: async (ms: number) => void waits.push(ms) };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers(...hubspotHandlers(fake)));
afterAll(() => server.close());

describe("HubSpot client", () => {
  it("reads every page of deals, waiting as Retry-After says on a 429", async () => {
    const deals = [];
    for await (const deal of listHubSpotDeals(options)) deals.push(deal);
    expect(deals).toHaveLength(250);
    expect(deals[0]).toEqual({
      id: "9000",
      properties: expect.objectContaining({ dealname: "Deal 0", amount: "1000", dealstage: "closedwon", hubspot_owner_id: "12" }),
      createdAt: "2026-01-15T10:00:00Z",
      updatedAt: "2026-01-15T10:00:00Z",
      archived: false,
    });
    expect(new Set(deals.map((d) => d.id)).size).toBe(250);
    // Pages 0, 1 (throttled), 1 again, 2.
    expect(fake.requests.filter((r) => r.includes("/objects/deals")).map((r) => new URL(r).searchParams.get("after"))).toEqual([null, "100", "100", "200"]);
    expect(waits).toEqual([1000]);
  });

  it("reads the owners", async () => {
    expect(await listHubSpotOwners(options)).toEqual([
      { id: "11", email: "ann@acme.example", firstName: "Ann", lastName: "Rep" },
      { id: "12", email: "bo@acme.example", firstName: "Bo", lastName: "Rep" },
    ]);
  });

  it("explains a refused token", async () => {
    const run = async () => {
      for await (const deal of listHubSpotDeals({ ...options, token: "wrong" })) void deal;
    };
    await expect(run()).rejects.toThrow(new HubSpotError("HubSpot refused the token: check the private app's access token.", 401));
  });
});
