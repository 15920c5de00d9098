import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { openCredentials } from "../../app/services/crm-connect/credentials.server";
import { completeCrmOAuth, connectCrmWithToken, getCrmConnectionsOverview, requestCrmPull, startCrmOAuth, testCrmConnection } from "../../app/services/crm-connections.server";
import { runCrmPull, runDueCrmPulls } from "../../app/services/crm-pulls.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { userOf } from "../factories/pulse";
import { HUBSPOT_TOKEN, hubspotHandlers, type FakeHubSpot } from "../mocks/hubspot";
import { PIPEDRIVE_TOKEN, pipedriveHandlers, type FakePipedrive } from "../mocks/pipedrive";
import { SF_INSTANCE, newFakeSalesforce, opportunities, salesforceHandlers, type FakeSalesforce } from "../mocks/salesforce";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";
import * as connectionsRoute from "../../app/routes/admin.crm_.connections";
import * as callbackRoute from "../../app/routes/admin.crm_.connections_.callback";
import { inEnglish } from "../../app/i18n/in-english.server";
import { translatorFor } from "../../app/i18n/catalogues.server";

/** A refusal's said words (ADR 057) in English, as the command line prints them. */
const english = <T>(promise: Promise<T>) =>
  promise.catch((error: unknown) => {
    if (error instanceof Error) error.message = inEnglish(error.message);
    throw error;
  });

// Issue 25 parts 1 and 2 (ADR 049): connections made from the admin's services, pulls through msw fakes of
// the providers' real response shapes, into the real import on PGlite and PostgreSQL.

let sf: FakeSalesforce = newFakeSalesforce();
const hs: FakeHubSpot = { deals: [], owners: [], requests: [] };
const pd: FakePipedrive = { deals: [], stages: [], users: [], requests: [] };
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const waits: number[] = [];
const env = { sleep: async (ms: number) => void waits.push(ms) };

describeWithDb("CRM connections and pulls", (t) => {
  let org: TestOrganisation;
  let admin: SessionUser;
  let owners: string[];
  const snapshots = async () =>
    t.app.db.selectFrom("crmSnapshot").select(["id", "rowCount", "fileName", "source"]).where("organisationId", "=", org.id).orderBy("importedAt").execute();
  const pulls = async () => t.app.db.selectFrom("crmPull").selectAll().where("organisationId", "=", org.id).orderBy("createdAt").execute();
  const connection = async (provider: "salesforce" | "hubspot" | "pipedrive") =>
    t.app.db.selectFrom("crmConnection").selectAll().where("organisationId", "=", org.id).where("provider", "=", provider).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t.setNow("2026-09-28T08:00:00Z");
    t.app.config = { ...t.app.config, SALESFORCE_CLIENT_ID: "3MVG9-consumer-key", SALESFORCE_CLIENT_SECRET: "consumer-secret" };
    org = await createTestOrganisation(t.app, { reps: 2 });
    admin = await userOf(t.app, org.people.admin!);
    owners = [org.people.repA!.email, org.people.repB!.email, "someone@elsewhere.example"];
  });
  beforeEach(() => {
    waits.length = 0;
  });

  it("connects Salesforce with OAuth and PKCE, the state bound to the session, and keeps the tokens sealed", async () => {
    sf = newFakeSalesforce(opportunities(4500, owners));
    server.resetHandlers(...salesforceHandlers(sf));
    const started = startCrmOAuth(t.app, admin, "salesforce");
    const authorize = new URL(started.url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe("https://login.salesforce.com/services/oauth2/authorize");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("scope")).toBe("api refresh_token");
    expect(authorize.searchParams.get("redirect_uri")).toBe("http://candor.test/admin/crm/connections/callback");
    const flow = { ...started.flow, expiresAt: t.app.now().getTime() + 60_000 };
    // A state from another flow is refused, and nothing is saved.
    await expect(english(completeCrmOAuth(t.app, admin, { ...flow, state: "1.2.3" }, { code: "aPrx", state: "1.2.3" }))).rejects.toThrow(/does not belong/);
    expect(sf.tokenGrants).toEqual([]);
    // Salesforce's own refusal (the admin said no) and an answer without a code, said in the admin's language.
    const denied = await completeCrmOAuth(t.app, admin, flow, { state: started.flow.state, error: "access_denied", errorDescription: "end-user denied authorization" }).catch(
      (e: Error) => e,
    );
    expect(inEnglish((denied as Error).message)).toBe("Salesforce did not connect (access_denied: end-user denied authorization).");
    expect(translatorFor("de").say((denied as Error).message)).toBe("Salesforce hat die Verbindung nicht hergestellt (access_denied: end-user denied authorization).");
    expect(translatorFor("ja").say((denied as Error).message)).toBe("Salesforceに接続できませんでした（access_denied: end-user denied authorization）。");
    const noCode = await completeCrmOAuth(t.app, admin, flow, { state: started.flow.state }).catch((e: Error) => e);
    expect(inEnglish((noCode as Error).message)).toBe("Salesforce's answer held no code: start again.");
    expect(translatorFor("de").say((noCode as Error).message)).toBe("Die Antwort von Salesforce enthielt keinen Code: Beginnen Sie erneut.");
    expect(sf.tokenGrants).toEqual([]);
    const done = await completeCrmOAuth(t.app, admin, flow, { code: "aPrx", state: started.flow.state });
    expect(done).toEqual({ provider: "salesforce", label: "acme.my.salesforce.com" });
    expect(sf.tokenGrants).toEqual(["authorization_code"]);
    const row = await connection("salesforce");
    expect(row).toMatchObject({ status: "connected", authKind: "oauth", accountLabel: "acme.my.salesforce.com", weekly: true, period: "quarter" });
    expect(Buffer.from(row.credentialsSealed).toString("latin1")).not.toContain(sf.refreshToken);
    expect(openCredentials(t.app.config, row.id, row.credentialsSealed)).toMatchObject({ kind: "oauth", refreshToken: sf.refreshToken, baseUrl: SF_INSTANCE });
  });

  it("pulls on the week's schedule through REST pages (nextRecordsUrl) into one snapshot, like an export", async () => {
    // Monday 2026-09-28: the week's pull.
    sf.requests = [];
    const outcomes = await runDueCrmPulls(t.app, env);
    expect(outcomes).toMatchObject([{ status: "done", result: { status: "imported", rows: 4500, format: "salesforce" } }]);
    expect(sf.requests.filter((r) => r.url.includes("/query")).length).toBe(4); // the count, then 3 pages
    const [snapshot] = await snapshots();
    expect(snapshot).toMatchObject({ rowCount: 4500, source: "salesforce", fileName: "Salesforce REST API (scheduled, week:2026-09-28)" });
    const statuses = await t.app.db
      .selectFrom("crmOpportunity")
      .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
      .where("snapshotId", "=", snapshot!.id)
      .groupBy("status")
      .orderBy("status")
      .execute();
    expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([
      ["lost", 1500],
      ["open", 1500],
      ["won", 1500],
    ]);
    const one = await t.app.db
      .selectFrom("crmOpportunity")
      .select(["owner", "amount", "createdDate", "accountName"])
      .where("crmId", "=", "006000000000001AAA")
      .executeTakeFirstOrThrow();
    expect(one).toEqual({ owner: org.people.repB!.email, amount: 1001, createdDate: "2026-08-01", accountName: "Account 1" });
    // Nothing more is due this week.
    expect(await runDueCrmPulls(t.app, env)).toEqual([]);
  });

  it("takes the quarter's start pull, and the same data again stores nothing", async () => {
    t.setNow("2026-10-01T06:00:00Z");
    const outcomes = await runDueCrmPulls(t.app, env);
    expect(outcomes).toMatchObject([{ status: "done", result: { status: "unchanged" } }]);
    expect((await pulls()).map((p) => p.dueKey)).toEqual(["week:2026-09-28", "quarter:2026-10-01"]);
    expect(await snapshots()).toHaveLength(1);
  });

  it("refreshes an expired access token and keeps the new one sealed", async () => {
    sf.accessToken = "00D-rotated-by-salesforce";
    sf.opportunities = opportunities(4600, owners);
    await requestCrmPull(t.app, admin, "salesforce");
    const outcomes = await runDueCrmPulls(t.app, env);
    expect(outcomes).toMatchObject([{ status: "done", result: { status: "imported", rows: 4600 } }]);
    expect(sf.tokenGrants).toEqual(["authorization_code", "refresh_token"]);
    const row = await connection("salesforce");
    expect(openCredentials(t.app.config, row.id, row.credentialsSealed)).toMatchObject({ accessToken: sf.accessToken, refreshToken: sf.refreshToken });
  });

  it("uses a Bulk API 2.0 query job for a large pull: polls its state, reads its CSV pages by Sforce-Locator", async () => {
    sf.opportunities = opportunities(25_000, owners);
    sf.bulkPageSize = 10_000;
    sf.requests = [];
    await requestCrmPull(t.app, admin, "salesforce");
    const outcomes = await runDueCrmPulls(t.app, env);
    expect(outcomes).toMatchObject([{ status: "done", result: { status: "imported", rows: 25_000 } }]);
    const calls = sf.requests.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/7508c\d+/, "JOB")}${new URL(r.url).searchParams.get("locator") ?? ""}`);
    expect(calls).toEqual([
      "GET /services/data/v60.0/query",
      "POST /services/data/v60.0/jobs/query",
      "GET /services/data/v60.0/jobs/query/JOB",
      "GET /services/data/v60.0/jobs/query/JOB",
      "GET /services/data/v60.0/jobs/query/JOB",
      "GET /services/data/v60.0/jobs/query/JOB/results",
      "GET /services/data/v60.0/jobs/query/JOB/results10000",
      "GET /services/data/v60.0/jobs/query/JOB/results20000",
    ]);
    // Two InProgress polls: waited 1 s and 1.5 s.
    expect(waits).toEqual([1000, 1500]);
    const last = (await snapshots()).at(-1)!;
    expect(last).toMatchObject({ rowCount: 25_000, fileName: "Salesforce Bulk API (pulled on request)" });
    const count = await t.app.db
      .selectFrom("crmOpportunity")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("snapshotId", "=", last.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(25_000);
  });

  it("stores nothing when the provider fails mid-pull, waits, and resumes the same Bulk job later", async () => {
    sf.opportunities = opportunities(26_000, owners);
    sf.failingPages = new Set([1]);
    const before = await snapshots();
    const jobsBefore = sf.jobs.size;
    await requestCrmPull(t.app, admin, "salesforce");
    const [outcome] = await runDueCrmPulls(t.app, env);
    expect(inEnglish(outcome)).toMatchObject({
      status: "waiting",
      problem: expect.stringMatching(
        /^Salesforce is not answering \(503: SERVER_UNAVAILABLE: Server unavailable\)\. Nothing was stored; tried again after \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
      ),
    });
    // Said by key (ADR 057): the connections page shows it in the admin's language, the provider's words as they came.
    const problem = outcome!.status === "waiting" ? outcome!.problem : "";
    expect(translatorFor("de").say(problem)).toMatch(
      /^Salesforce antwortet nicht \(503: SERVER_UNAVAILABLE: Server unavailable\)\. Es wurde nichts gespeichert; neuer Versuch nach \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
    expect(translatorFor("ja").say(problem)).toMatch(
      /^Salesforceが応答していません（503: SERVER_UNAVAILABLE: Server unavailable）。何も保存されていません。\d{4}-\d\d-\d\d \d\d:\d\d（UTC）以降に再試行します。$/,
    );
    // Five retries of the page with backoff inside the pull, then the pull waits 5 minutes.
    expect(waits.slice(-5)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(await snapshots()).toEqual(before);
    const waiting = (await pulls()).at(-1)!;
    expect(waiting).toMatchObject({ status: "waiting", attempts: 1, providerJob: expect.stringMatching(/^7508c/) });
    expect(waiting.notBefore.getTime() - t.app.now().getTime()).toBe(5 * 60_000);
    expect(await runDueCrmPulls(t.app, env)).toEqual([]);
    sf.failingPages = undefined;
    t.setNow(new Date(t.app.now().getTime() + 6 * 60_000));
    const [again] = await runDueCrmPulls(t.app, env);
    expect(again).toMatchObject({ status: "done", result: { status: "imported", rows: 26_000 } });
    expect(sf.jobs.size).toBe(jobsBefore + 1);
    const overview = await getCrmConnectionsOverview(t.app, admin);
    expect(overview.providers[0]!.connection!.last).toMatchObject({ status: "done", records: 26_000, result: { rows: 26_000 } });
  });

  it("takes up a pull whose worker stopped, reading the Bulk job it had started", async () => {
    sf.opportunities = opportunities(27_000, owners);
    const id = await requestCrmPull(t.app, admin, "salesforce");
    const jobsBefore = sf.jobs.size;
    // A worker claimed it, started the job and died: the pull is running with a heartbeat 20 minutes old.
    const [jobId] = [...sf.jobs.keys()].slice(-1);
    await t.app.db
      .updateTable("crmPull")
      .set({ status: "running", attempts: 1, providerJob: jobId!, heartbeatAt: new Date(t.app.now().getTime() - 20 * 60_000) })
      .where("id", "=", id)
      .execute();
    const [outcome] = await runDueCrmPulls(t.app, env);
    expect(outcome).toMatchObject({ status: "done" });
    expect(sf.jobs.size).toBe(jobsBefore);
    expect(await runCrmPull(t.app, id, env)).toEqual({ status: "not-taken" });
  });

  it("marks the connection broken with Salesforce's words when the refresh token is revoked", async () => {
    sf.accessToken = "00D-rotated-again";
    sf.revoked = true;
    await requestCrmPull(t.app, admin, "salesforce");
    const [outcome] = await runDueCrmPulls(t.app, env);
    expect(inEnglish(outcome)).toMatchObject({ status: "failed", problem: "The provider refused the sign-in (400: invalid_grant: expired access/refresh token). Connect again." });
    expect(translatorFor("de").say(outcome!.status === "failed" ? outcome!.problem : "")).toBe(
      "Der Anbieter hat die Anmeldung abgelehnt (400: invalid_grant: expired access/refresh token). Verbinden Sie sich erneut.",
    );
    expect(await connection("salesforce")).toMatchObject({ status: "broken", problem: outcome!.status === "failed" ? outcome!.problem : "" });
    await expect(english(requestCrmPull(t.app, admin, "salesforce"))).rejects.toThrow(/broken/);
    expect((await getCrmConnectionsOverview(t.app, admin)).providers[0]!.connection).toMatchObject({ status: "broken", problem: expect.stringContaining("invalid_grant") });
  });

  it("pulls HubSpot: custom pipelines' numeric stage ids through the stage mapping, owners by email, Retry-After and the 10-second window", async () => {
    hs.owners = [
      { id: "11", email: org.people.repA!.email, firstName: "Rep", lastName: "A" },
      { id: "12", email: "someone@else.example", firstName: "Some", lastName: "One" },
    ];
    hs.pipelines = [
      {
        id: "default",
        label: "Sales Pipeline",
        stages: [
          { id: "appointmentscheduled", label: "Appointment Scheduled", metadata: { isClosed: "false", probability: "0.2" } },
          { id: "closedwon", label: "Closed Won", metadata: { isClosed: "true", probability: "1.0" } },
        ],
      },
      {
        id: "75e28846-ad0d-4be2-a027-5e1da6590b98",
        label: "Renewals",
        stages: [
          { id: "1032817", label: "Renewal signed", metadata: { isClosed: "true", probability: "1.0" } },
          { id: "1032818", label: "Churned", metadata: { isClosed: "true", probability: "0.0" } },
          { id: "1032819", label: "Renewal call", metadata: { isClosed: "false", probability: "0.5" } },
        ],
      },
    ];
    const stage = ["appointmentscheduled", "closedwon", "1032817", "1032818", "1032819"];
    hs.deals = Array.from({ length: 250 }, (_, i) => ({
      id: String(7000 + i),
      properties: {
        dealname: `Deal ${i}`,
        amount: String(500 + i),
        closedate: "2026-12-20T00:00:00.000Z",
        createdate: "2026-07-01T10:00:00.000Z",
        dealstage: stage[i % 5]!,
        pipeline: i % 5 < 2 ? "default" : "75e28846-ad0d-4be2-a027-5e1da6590b98",
        hubspot_owner_id: i % 10 === 0 ? "12" : "11",
        deal_currency_code: "USD",
      },
    }));
    hs.throttlePage = 1;
    hs.windowRemaining = 4;
    server.resetHandlers(...hubspotHandlers(hs));
    await expect(english(connectCrmWithToken(t.app, admin, "hubspot", "not-a-token"))).rejects.toThrow(/private app token/);
    expect(await connectCrmWithToken(t.app, admin, "hubspot", HUBSPOT_TOKEN)).toEqual({ label: "HubSpot account 62515" });
    await requestCrmPull(t.app, admin, "hubspot");
    const [outcome] = await runDueCrmPulls(t.app, env);
    expect(outcome).toMatchObject({
      status: "done",
      result: { status: "imported", rows: 250, format: "hubspot", unmatchedOwners: [{ owner: "someone@else.example", deals: 25 }] },
    });
    // The 429's Retry-After (1 s), and the window waited out once the remaining calls were down to 2.
    expect(waits).toContain(1000);
    expect(waits).toContain(10_000);
    const snapshot = (await snapshots()).at(-1)!;
    const byStage = await t.app.db
      .selectFrom("crmOpportunity")
      .select((eb) => ["stage", "status", eb.fn.countAll<number>().as("n")])
      .where("snapshotId", "=", snapshot.id)
      .groupBy(["stage", "status"])
      .orderBy("stage")
      .execute();
    expect(byStage.map((r) => [r.stage, r.status, Number(r.n)])).toEqual([
      ["Appointment Scheduled", "open", 50],
      ["Churned", "lost", 50],
      ["Closed Won", "won", 50],
      ["Renewal call", "open", 50],
      ["Renewal signed", "won", 50],
    ]);
  });

  it("connects HubSpot's OAuth app through the page and its callback: the flow cookie, the state, the code for tokens", async () => {
    t.app.config = { ...t.app.config, HUBSPOT_CLIENT_ID: "hs-client", HUBSPOT_CLIENT_SECRET: "hs-secret" };
    const grants: string[] = [];
    server.resetHandlers(
      ...hubspotHandlers(hs),
      http.post("https://api.hubapi.com/oauth/v1/token", async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        grants.push(`${form.get("grant_type")}:${form.get("code")}:${form.get("client_secret")}`);
        return HttpResponse.json({ token_type: "bearer", access_token: HUBSPOT_TOKEN, refresh_token: "hs-refresh", expires_in: 1800 });
      }),
    );
    const cookie = org.people.admin!.cookie;
    const start = await callRoute(connectionsRoute.action as never, {
      app: t.app,
      path: "/admin/crm/connections",
      method: "POST",
      cookie,
      form: { intent: "oauth", provider: "hubspot" },
    });
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe("https://app.hubspot.com/oauth/authorize");
    expect(authorize.searchParams.get("scope")).toBe("oauth crm.objects.deals.read crm.objects.owners.read crm.schemas.deals.read");
    const flowCookie = start.headers.get("set-cookie")!.split(";")[0]!;
    expect(start.headers.get("set-cookie")).toMatch(/Path=\/admin\/crm\/connections; HttpOnly; SameSite=Lax; Max-Age=600/);
    const state = authorize.searchParams.get("state")!;
    // Without this browser's flow cookie, the answer is refused and the cookie cleared.
    const stray = await callRoute(callbackRoute.loader as never, { app: t.app, path: `/admin/crm/connections/callback?code=c1&state=${state}`, cookie });
    expect(stray.status).toBe(400);
    expect(stray.headers.get("set-cookie")).toMatch(/^candor_crm_oauth=; .*Max-Age=0/);
    expect(grants).toEqual([]);
    const back = await callRoute(callbackRoute.loader as never, {
      app: t.app,
      path: `/admin/crm/connections/callback?code=c1&state=${encodeURIComponent(state)}`,
      cookie: `${cookie}; ${flowCookie}`,
    });
    expect(back).toMatchObject({ status: 302, location: "/admin/crm/connections?connected=HubSpot%20account%2062515" });
    expect(grants).toEqual(["authorization_code:c1:hs-secret"]);
    const row = await connection("hubspot");
    expect(row.authKind).toBe("oauth");
    expect(openCredentials(t.app.config, row.id, row.credentialsSealed)).toMatchObject({ kind: "oauth", accessToken: HUBSPOT_TOKEN, refreshToken: "hs-refresh" });
    const page = await callRoute(connectionsRoute.loader as never, { app: t.app, path: "/admin/crm/connections", cookie });
    expect(JSON.stringify(page.data)).not.toContain(HUBSPOT_TOKEN);
  });

  it("pulls Pipedrive page by page (additional_data.pagination), and says when a token is refused", async () => {
    pd.users = [
      { id: 101, name: "Rep A", email: org.people.repA!.email },
      { id: 102, name: "Rep B", email: org.people.repB!.email },
    ];
    pd.stages = [
      { id: 1, name: "Qualified", pipeline_id: 1, pipeline_name: "Pipeline" },
      { id: 2, name: "Proposal Made", pipeline_id: 1, pipeline_name: "Pipeline" },
    ];
    pd.deals = Array.from({ length: 1100 }, (_, i) => ({
      id: i + 1,
      title: `Deal ${i + 1}`,
      value: 2000 + i,
      currency: "EUR",
      status: i % 4 === 0 ? "won" : i % 4 === 1 ? "lost" : "open",
      stage_id: (i % 2) + 1,
      user_id: { id: i % 2 ? 102 : 101, name: i % 2 ? "Rep B" : "Rep A", email: "", has_pic: 0, active_flag: true, value: i % 2 ? 102 : 101 },
      org_name: "Kunde AG",
      add_time: "2026-06-02 08:15:00",
      expected_close_date: i % 4 > 1 ? "2026-12-31" : null,
      won_time: i % 4 === 0 ? "2026-09-01 10:00:00" : null,
      lost_time: i % 4 === 1 ? "2026-09-02 10:00:00" : null,
      next_activity_date: null,
      last_activity_date: "2026-09-20",
      probability: null,
    }));
    server.resetHandlers(...pipedriveHandlers(pd));
    await expect(english(connectCrmWithToken(t.app, admin, "pipedrive", "f".repeat(40)))).rejects.toThrow(
      "Pipedrive refused the connection (401: unauthorized access). Connect it again.",
    );
    expect(await connectCrmWithToken(t.app, admin, "pipedrive", PIPEDRIVE_TOKEN)).toEqual({ label: "Acme GmbH" });
    await requestCrmPull(t.app, admin, "pipedrive");
    pd.requests = [];
    // The pull asked for, then the new connection's scheduled quarter pull: the same deals, so unchanged.
    const outcomes = await runDueCrmPulls(t.app, env);
    expect(outcomes).toMatchObject([
      { status: "done", result: { status: "imported", rows: 1100, format: "pipedrive", unmatchedOwners: [] } },
      { status: "done", result: { status: "unchanged" } },
    ]);
    expect(pd.requests.map((u) => new URL(u).searchParams.get("start"))).toEqual(["0", "500", "1000", "0", "500", "1000"]);
    const snapshot = (await snapshots()).at(-1)!;
    const won = await t.app.db
      .selectFrom("crmOpportunity")
      .select(["status", "closeDate", "owner", "currency"])
      .where("snapshotId", "=", snapshot.id)
      .where("crmId", "=", "1")
      .executeTakeFirstOrThrow();
    expect(won).toEqual({ status: "won", closeDate: "2026-09-01", owner: org.people.repA!.email, currency: "EUR" });
    expect(inEnglish(await testCrmConnection(t.app, admin, "pipedrive"))).toEqual({ ok: true, message: "Pipedrive answered: the connection works (Acme GmbH)." });
    // A token revoked since: the test says Pipedrive's words, and the connection shows broken.
    server.resetHandlers(...pipedriveHandlers(pd).slice(0, 0));
    server.use(http.get("https://api.pipedrive.com/api/v1/users/me", () => HttpResponse.json({ success: false, error: "unauthorized access", errorCode: 401 }, { status: 401 })));
    const refused = await testCrmConnection(t.app, admin, "pipedrive");
    expect(inEnglish(refused)).toEqual({ ok: false, message: "Pipedrive refused the connection (401: unauthorized access). Connect it again." });
    expect(translatorFor("de").say(refused.message)).toBe("Pipedrive hat die Verbindung abgelehnt (401: unauthorized access). Verbinden Sie es erneut.");
    expect(translatorFor("ja").say(refused.message)).toBe("Pipedriveが接続を拒否しました（401: unauthorized access）。もう一度接続してください。");
    expect(inEnglish(await connection("pipedrive"))).toMatchObject({ status: "broken", problem: "Pipedrive refused the connection (401: unauthorized access). Connect it again." });
  });
});
