import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CrmProviderError, ProviderHttp } from "../../app/services/crm-connect/http.server";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";

// The one retry policy of CRM pulls (ADR 049), against the answers each provider gives when it is busy,
// down, or refusing: msw serves them as the providers write them.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = new Date("2026-12-07T10:00:00Z");
function client(provider: "salesforce" | "hubspot" | "pipedrive", waits: number[]) {
  return new ProviderHttp({ provider, auth: { headers: () => ({ Authorization: "Bearer t" }) }, sleep: async (ms) => void waits.push(ms), now: () => NOW });
}

describe("ProviderHttp", () => {
  it("waits what a Retry-After date asks, then goes on", async () => {
    let calls = 0;
    server.use(
      http.get("https://api.pipedrive.com/api/v1/deals", () =>
        ++calls === 1
          ? HttpResponse.json({ success: false, error: "Too many requests" }, { status: 429, headers: { "Retry-After": "Mon, 07 Dec 2026 10:00:02 GMT" } })
          : HttpResponse.json({ success: true, data: [] }),
      ),
    );
    const waits: number[] = [];
    expect(await client("pipedrive", waits).json("https://api.pipedrive.com/api/v1/deals")).toEqual({ success: true, data: [] });
    expect(waits).toEqual([2000]);
  });

  it("ends the pull as rate-limited, with the time to try again, when the wait is longer than a minute", async () => {
    server.use(
      http.get("https://api.pipedrive.com/api/v1/deals", () =>
        HttpResponse.json({ success: false, error: "Daily limit" }, { status: 429, headers: { "x-ratelimit-reset": "900" } }),
      ),
    );
    const waits: number[] = [];
    const error = await client("pipedrive", waits)
      .json("https://api.pipedrive.com/api/v1/deals")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmProviderError);
    expect(error).toMatchObject({ kind: "rate-limited", retryAt: new Date("2026-12-07T10:15:00Z") });
    // Said by key (ADR 057): English word for word, and the connections page's German and Japanese.
    expect(sayInEnglish((error as Error).message)).toBe("Pipedrive asked to slow down (429: Daily limit).");
    expect(translatorFor("de").say((error as Error).message)).toBe("Pipedrive hat um weniger Anfragen gebeten (429: Daily limit).");
    expect(translatorFor("ja").say((error as Error).message)).toBe("Pipedriveからリクエストの頻度を下げるよう求められました（429: Daily limit）。");
    expect(waits).toEqual([]);
  });

  it("reads Salesforce's daily limit and its missing permissions in Salesforce's words", async () => {
    server.use(
      http.get("https://acme.my.salesforce.com/limit", () =>
        HttpResponse.json([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }], { status: 403 }),
      ),
      http.get("https://acme.my.salesforce.com/scope", () =>
        HttpResponse.json([{ message: "This session is not valid for use with the REST API", errorCode: "INVALID_SESSION_ID" }], { status: 403 }),
      ),
    );
    const sf = client("salesforce", []);
    const spent = await sf.json("https://acme.my.salesforce.com/limit").catch((e: unknown) => e as CrmProviderError);
    expect(spent).toMatchObject({ kind: "rate-limited", retryAt: new Date("2026-12-07T11:00:00Z") });
    expect(sayInEnglish((spent as CrmProviderError).message)).toBe("Salesforce's daily API allowance is spent (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.).");
    expect(translatorFor("de").say((spent as CrmProviderError).message)).toBe(
      "Das tägliche API-Kontingent von Salesforce ist aufgebraucht (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.).",
    );
    await expect(sf.json("https://acme.my.salesforce.com/scope")).rejects.toMatchObject({ kind: "auth", status: 403 });
  });

  it("refuses a HubSpot 400 with HubSpot's message, without retrying", async () => {
    let calls = 0;
    server.use(
      http.get("https://api.hubapi.com/crm/v3/objects/deals", () => {
        calls++;
        return HttpResponse.json({ status: "error", message: "Property values were not valid", category: "VALIDATION_ERROR", correlationId: "x" }, { status: 400 });
      }),
    );
    const refused = await client("hubspot", [])
      .json("https://api.hubapi.com/crm/v3/objects/deals")
      .catch((e: unknown) => e as CrmProviderError);
    expect(refused).toMatchObject({ kind: "refused" });
    expect(sayInEnglish((refused as CrmProviderError).message)).toBe("HubSpot answered 400: VALIDATION_ERROR: Property values were not valid");
    expect(calls).toBe(1);
  });
});
