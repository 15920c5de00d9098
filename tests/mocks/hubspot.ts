import { http, HttpResponse } from "msw";

// msw handlers that behave like HubSpot's CRM v3 API: 100-per-page cursor pagination, bearer tokens,
// one 429 with Retry-After on the way, JSON error bodies like HubSpot's.

export const HUBSPOT_TOKEN = "pat-na1-test-token";

export interface FakeHubSpot {
  deals: Array<{ id: string; properties: Record<string, string | null> }>;
  owners: Array<{ id: string; email: string; firstName: string; lastName: string }>;
  /** Requests seen, for asserting on pagination and retries. */
  requests: string[];
  /** Answer 429 once on this page number of the deals list (0-based), then serve it. */
  throttlePage?: number;
  /** Deal pipelines as /crm/v3/pipelines/deals answers them (custom stages have numeric ids). */
  pipelines?: Array<{ id: string; label: string; stages: Array<{ id: string; label: string; metadata: { isClosed: string; probability: string } }> }>;
  /** Private apps' 10-second window: X-HubSpot-RateLimit-Remaining counts down from this on each call. */
  windowRemaining?: number;
}

const page = <T>(items: T[], after: string | null, limit: number) => {
  const start = after ? Number(after) : 0;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? String(start + limit) : null;
  return { results: slice, ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) };
};

export function hubspotHandlers(fake: FakeHubSpot) {
  let throttled = false;
  const authorized = (request: Request) => request.headers.get("authorization") === `Bearer ${HUBSPOT_TOKEN}`;
  const unauthorized = () =>
    HttpResponse.json({ status: "error", message: "Authentication credentials not found.", category: "INVALID_AUTHENTICATION", correlationId: "c0ffee" }, { status: 401 });
  return [
    http.get("https://api.hubapi.com/crm/v3/objects/deals", ({ request }) => {
      fake.requests.push(request.url);
      if (!authorized(request)) return unauthorized();
      const url = new URL(request.url);
      const limit = Math.min(Number(url.searchParams.get("limit") ?? 10), 100);
      const after = url.searchParams.get("after");
      const pageNumber = after ? Number(after) / limit : 0;
      if (fake.throttlePage === pageNumber && !throttled) {
        throttled = true;
        return HttpResponse.json(
          { status: "error", message: "You have reached your secondly limit.", errorType: "RATE_LIMIT", policyName: "SECONDLY" },
          { status: 429, headers: { "Retry-After": "1" } },
        );
      }
      const requested = (url.searchParams.get("properties") ?? "").split(",");
      const deals = fake.deals.map((d) => ({
        id: d.id,
        properties: Object.fromEntries(requested.filter((p) => p in d.properties).map((p) => [p, d.properties[p] ?? null])),
        createdAt: d.properties.createdate,
        updatedAt: d.properties.createdate,
        archived: false,
      }));
      const remaining: Record<string, string> =
        fake.windowRemaining === undefined
          ? {}
          : {
              "X-HubSpot-RateLimit-Remaining": String(Math.max(0, fake.windowRemaining--)),
              "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
              "X-HubSpot-RateLimit-Max": "190",
            };
      return HttpResponse.json(page(deals, after, limit), { headers: remaining });
    }),
    http.get("https://api.hubapi.com/crm/v3/pipelines/deals", ({ request }) => {
      fake.requests.push(request.url);
      if (!authorized(request)) return unauthorized();
      const pipelines = fake.pipelines ?? [];
      return HttpResponse.json({
        results: pipelines.map((p, i) => ({
          ...p,
          displayOrder: i,
          createdAt: "2025-01-01T00:00:00Z",
          updatedAt: "2025-01-01T00:00:00Z",
          archived: false,
          stages: p.stages.map((s, j) => ({ ...s, displayOrder: j, createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-01-01T00:00:00Z", archived: false })),
        })),
      });
    }),
    http.get("https://api.hubapi.com/account-info/v3/details", ({ request }) => {
      if (!authorized(request)) return unauthorized();
      return HttpResponse.json({
        portalId: 62515,
        accountType: "STANDARD",
        timeZone: "US/Eastern",
        companyCurrency: "USD",
        uiDomain: "app.hubspot.com",
        dataHostingLocation: "na1",
      });
    }),
    http.get("https://api.hubapi.com/crm/v3/owners", ({ request }) => {
      fake.requests.push(request.url);
      if (!authorized(request)) return unauthorized();
      const url = new URL(request.url);
      return HttpResponse.json(
        page(
          fake.owners.map((o) => ({ ...o, userId: Number(o.id) + 1000, archived: false })),
          url.searchParams.get("after"),
          Number(url.searchParams.get("limit") ?? 100),
        ),
      );
    }),
  ];
}
