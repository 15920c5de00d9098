import { http, HttpResponse } from "msw";

// msw handlers that behave like Salesforce's REST API (v60.0) and Bulk API 2.0 query jobs, with the
// shapes Salesforce sends: query pages of 2,000 records with `nextRecordsUrl`, relationship fields as nested
// objects with `attributes`, errors as `[{message, errorCode}]`, `Sforce-Limit-Info`, Bulk jobs going from
// UploadComplete through InProgress to JobComplete, results as CSV pages with `Sforce-Locator`, and the
// OAuth token endpoint (refresh_token, authorization_code, JWT bearer).

export const SF_INSTANCE = "https://acme.my.salesforce.com";
export const SF_LOGIN = "https://login.salesforce.com";
const API = `${SF_INSTANCE}/services/data/v60.0`;

export interface FakeOpportunity {
  Id: string;
  Name: string;
  AccountName: string | null;
  StageName: string;
  Amount: number | null;
  CloseDate: string;
  CreatedDate: string;
  OwnerEmail: string;
  IsClosed: boolean;
  IsWon: boolean;
  ForecastCategoryName: string;
}

export interface FakeSalesforce {
  opportunities: FakeOpportunity[] | ((offset: number, limit: number) => FakeOpportunity[]);
  total?: number;
  accessToken: string;
  refreshToken: string;
  /** Refused refresh tokens (revoked): the token endpoint answers invalid_grant. */
  revoked?: boolean;
  /** InProgress answers before a Bulk job is JobComplete. */
  bulkPolls: number;
  /** Records per Bulk results page (Salesforce decides; maxRecords caps it). */
  bulkPageSize: number;
  /** Answer 503 to requests for these Bulk results pages (0-based), every time: an outage mid-pull. */
  failingPages?: Set<number>;
  jobs: Map<string, { polls: number; state: string }>;
  requests: Array<{ method: string; url: string }>;
  tokenGrants: string[];
}

export function newFakeSalesforce(opportunities: FakeOpportunity[] = []): FakeSalesforce {
  return { opportunities, accessToken: "00D-access-1", refreshToken: "5Aep-refresh", bulkPolls: 2, bulkPageSize: 50_000, jobs: new Map(), requests: [], tokenGrants: [] };
}

function total(fake: FakeSalesforce): number {
  return typeof fake.opportunities === "function" ? (fake.total ?? 0) : fake.opportunities.length;
}

function slice(fake: FakeSalesforce, offset: number, limit: number): FakeOpportunity[] {
  if (typeof fake.opportunities === "function") return fake.opportunities(offset, Math.max(0, Math.min(limit, total(fake) - offset)));
  return fake.opportunities.slice(offset, offset + limit);
}

const limitHeaders = { "Sforce-Limit-Info": "api-usage=120/15000" };

function restRecord(o: FakeOpportunity) {
  return {
    attributes: { type: "Opportunity", url: `/services/data/v60.0/sobjects/Opportunity/${o.Id}` },
    Id: o.Id,
    Name: o.Name,
    Account: o.AccountName ? { attributes: { type: "Account", url: "/services/data/v60.0/sobjects/Account/001000000000001AAA" }, Name: o.AccountName } : null,
    StageName: o.StageName,
    Amount: o.Amount,
    CloseDate: o.CloseDate,
    CreatedDate: o.CreatedDate,
    Owner: { attributes: { type: "User", url: "/services/data/v60.0/sobjects/User/005000000000001AAA" }, Email: o.OwnerEmail },
    IsClosed: o.IsClosed,
    IsWon: o.IsWon,
    ForecastCategoryName: o.ForecastCategoryName,
    NextStep: null,
    LastActivityDate: null,
    Probability: o.IsWon ? 100 : o.IsClosed ? 0 : 20,
  };
}

const q = (v: string | number | boolean | null) => `"${v === null ? "" : String(v).replace(/"/g, '""')}"`;
export const BULK_HEADER =
  '"Id","Name","Account.Name","StageName","Amount","CloseDate","CreatedDate","Owner.Email","IsClosed","IsWon","ForecastCategoryName","NextStep","LastActivityDate","Probability"\n';

/** One opportunity as a line of Bulk API 2.0 CSV (every value quoted, LF endings). */
export function bulkLine(o: FakeOpportunity): string {
  return `${[
    o.Id,
    o.Name,
    o.AccountName,
    o.StageName,
    o.Amount,
    o.CloseDate,
    o.CreatedDate,
    o.OwnerEmail,
    o.IsClosed,
    o.IsWon,
    o.ForecastCategoryName,
    null,
    null,
    o.IsWon ? 100 : 20,
  ]
    .map(q)
    .join(",")}\n`;
}

export function salesforceHandlers(fake: FakeSalesforce) {
  const authorised = (request: Request) => request.headers.get("authorization") === `Bearer ${fake.accessToken}`;
  const expired = () => HttpResponse.json([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }], { status: 401 });
  const seen = (request: Request) => fake.requests.push({ method: request.method, url: request.url });
  return [
    http.post(`${SF_LOGIN}/services/oauth2/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const grant = form.get("grant_type") ?? "";
      fake.tokenGrants.push(grant);
      if (fake.revoked || (grant === "refresh_token" && form.get("refresh_token") !== fake.refreshToken)) {
        return HttpResponse.json({ error: "invalid_grant", error_description: "expired access/refresh token" }, { status: 400 });
      }
      fake.accessToken = `00D-access-${fake.tokenGrants.length + 1}`;
      return HttpResponse.json({
        access_token: fake.accessToken,
        ...(grant === "authorization_code" ? { refresh_token: fake.refreshToken } : {}),
        signature: "c2lnbmF0dXJl",
        scope: "refresh_token api",
        instance_url: SF_INSTANCE,
        id: `${SF_LOGIN}/id/00D000000000001EAA/005000000000001AAA`,
        token_type: "Bearer",
        issued_at: "1765000000000",
      });
    }),
    http.get(`${API}/query`, ({ request }) => {
      seen(request);
      if (!authorised(request)) return expired();
      const soql = new URL(request.url).searchParams.get("q") ?? "";
      if (/SELECT COUNT\(\) FROM Opportunity/.test(soql)) return HttpResponse.json({ totalSize: total(fake), done: true, records: [] }, { headers: limitHeaders });
      if (!/ORDER BY Id/.test(soql)) return HttpResponse.json([{ message: "expected ORDER BY Id", errorCode: "MALFORMED_QUERY" }], { status: 400 });
      const records = slice(fake, 0, 2000).map(restRecord);
      const done = total(fake) <= 2000;
      return HttpResponse.json(
        { totalSize: total(fake), done, ...(done ? {} : { nextRecordsUrl: "/services/data/v60.0/query/01gD0000000001-2000" }), records },
        { headers: limitHeaders },
      );
    }),
    http.get(`${API}/query/:locator`, ({ request, params }) => {
      seen(request);
      if (!authorised(request)) return expired();
      const offset = Number(String(params.locator).split("-").pop());
      const records = slice(fake, offset, 2000).map(restRecord);
      const done = offset + 2000 >= total(fake);
      return HttpResponse.json(
        { totalSize: total(fake), done, ...(done ? {} : { nextRecordsUrl: `/services/data/v60.0/query/01gD0000000001-${offset + 2000}` }), records },
        { headers: limitHeaders },
      );
    }),
    http.post(`${API}/jobs/query`, async ({ request }) => {
      seen(request);
      if (!authorised(request)) return expired();
      const body = (await request.json()) as { operation: string; query: string };
      if (/ORDER BY/.test(body.query)) return HttpResponse.json([{ errorCode: "API_ERROR", message: "ORDER BY is not supported" }], { status: 400 });
      const id = `7508c00000${String(fake.jobs.size + 1).padStart(8, "0")}`;
      fake.jobs.set(id, { polls: 0, state: "UploadComplete" });
      return HttpResponse.json({
        id,
        operation: "query",
        object: "Opportunity",
        createdById: "005000000000001AAA",
        createdDate: "2026-12-06T10:00:00.000+0000",
        systemModstamp: "2026-12-06T10:00:00.000+0000",
        state: "UploadComplete",
        concurrencyMode: "Parallel",
        contentType: "CSV",
        apiVersion: 60.0,
        lineEnding: "LF",
        columnDelimiter: "COMMA",
      });
    }),
    http.get(`${API}/jobs/query/:id`, ({ request, params }) => {
      seen(request);
      if (!authorised(request)) return expired();
      const job = fake.jobs.get(String(params.id));
      if (!job) return HttpResponse.json([{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }], { status: 404 });
      job.polls++;
      job.state = job.polls > fake.bulkPolls ? "JobComplete" : "InProgress";
      return HttpResponse.json({
        id: params.id,
        operation: "query",
        object: "Opportunity",
        state: job.state,
        concurrencyMode: "Parallel",
        contentType: "CSV",
        apiVersion: 60.0,
        jobType: "V2Query",
        lineEnding: "LF",
        columnDelimiter: "COMMA",
        numberRecordsProcessed: job.state === "JobComplete" ? total(fake) : 0,
        retries: 0,
        totalProcessingTime: 1200,
      });
    }),
    http.get(`${API}/jobs/query/:id/results`, ({ request, params }) => {
      seen(request);
      if (!authorised(request)) return expired();
      const job = fake.jobs.get(String(params.id));
      if (!job || job.state !== "JobComplete") return HttpResponse.json([{ errorCode: "INVALIDJOB", message: "job not complete" }], { status: 400 });
      const url = new URL(request.url);
      const size = Math.min(Number(url.searchParams.get("maxRecords") ?? fake.bulkPageSize), fake.bulkPageSize);
      const offset = Number(url.searchParams.get("locator") ?? 0);
      if (fake.failingPages?.has(offset / size)) return HttpResponse.json([{ errorCode: "SERVER_UNAVAILABLE", message: "Server unavailable" }], { status: 503 });
      const rows = slice(fake, offset, size);
      const next = offset + size < total(fake) ? String(offset + size) : "null";
      return new HttpResponse(BULK_HEADER + rows.map(bulkLine).join(""), {
        headers: { "Content-Type": "text/csv", "Sforce-Locator": next, "Sforce-NumberOfRecords": String(rows.length), ...limitHeaders },
      });
    }),
  ];
}

/** `n` opportunities owned by `owners` in turn: a third won, a third lost, a third open. */
export function opportunities(n: number, owners: readonly string[], start = 0): FakeOpportunity[] {
  return Array.from({ length: n }, (_, k) => opportunity(start + k, owners));
}

export function opportunity(i: number, owners: readonly string[]): FakeOpportunity {
  const kind = i % 3;
  return {
    Id: `006${String(i).padStart(12, "0")}AAA`,
    Name: `Opportunity ${i}`,
    AccountName: i % 5 === 0 ? null : `Account ${i % 97}`,
    StageName: kind === 0 ? "Closed Won" : kind === 1 ? "Closed Lost" : "Negotiation/Review",
    Amount: 1000 + (i % 5000),
    CloseDate: "2026-11-15",
    CreatedDate: "2026-08-01T09:30:00.000+0000",
    OwnerEmail: owners[i % owners.length]!,
    IsClosed: kind !== 2,
    IsWon: kind === 0,
    ForecastCategoryName: kind === 0 ? "Closed" : kind === 1 ? "Omitted" : "Pipeline",
  };
}
