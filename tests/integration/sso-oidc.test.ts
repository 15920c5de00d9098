import { afterAll, beforeAll, expect, it } from "vitest";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { createTestOrganisation, sessionCookieFor, TEST_PASSWORD, type TestOrganisation } from "../factories/organisation";
import { startOidcProvider, type RunningOidcProvider } from "../support/oidc-provider";
import { callRoute, type CallResult } from "../support/remix";
import { describeWithDb } from "../support/test-db";
import { SESSION_COOKIE, validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { OIDC_FLOW_COOKIE } from "../../app/auth/oidc-flow.server";
import { SSO_MAX_PER_ADDRESS } from "../../app/auth/throttle.server";
import { createLogger } from "../../app/log.server";
import { OIDC_PROBLEMS } from "../../app/domain/sso-oidc";
import { SSO_PROBLEMS } from "../../app/domain/sso";
import { oidcClientSecret, saveSsoConnection, saveSsoPolicy } from "../../app/services/sso.server";
import { insertPerson, updatePerson } from "../../db/queries/people";
import * as startRoute from "../../app/routes/sso.oidc.$connectionId.start";
import * as callbackRoute from "../../app/routes/sso.oidc.callback";
import * as adminPage from "../../app/routes/admin.sso_.oidc.$connectionId";
import * as loginRoute from "../../app/routes/login";

// OpenID Connect sign-in (ADR 046) against a real provider (oidc-provider on 127.0.0.1): the whole
// authorization code flow with PKCE, driven over HTTP, and every attack the issue names.

const CLIENT_ID = "candor-test";
const CLIENT_SECRET = "provider-client-secret-7f3a9c";
const REDIRECT_URI = "http://candor.test/sso/oidc/callback";

interface Flow {
  start: CallResult;
  flowCookie: string;
  authorizationUrl: URL;
}

describeWithDb("OpenID Connect sign-in", (t) => {
  let provider: RunningOidcProvider;
  let org: TestOrganisation;
  let other: TestOrganisation;
  let admin: SessionUser;
  let otherAdmin: SessionUser;
  let connectionId: string;
  let domain: string;
  let address = 0;

  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    domain = `${org.slug}.example`;
    admin = (await validateSessionToken(t.app, org.people.admin!.cookie.split("=")[1]!))!;
    otherAdmin = (await validateSessionToken(t.app, other.people.admin!.cookie.split("=")[1]!))!;
    provider = await startOidcProvider({
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI }],
      accounts: [
        { sub: "idp-rep-a1", email: `rep-a1@${domain}`, email_verified: true, name: "Rep A1" },
        { sub: "idp-admin", email: `admin@${domain}`, email_verified: true, name: "Ada Admin" },
      ],
    });
    connectionId = await saveSsoConnection(t.app, admin, null, {
      kind: "oidc",
      name: "Test provider",
      emailDomains: [domain],
      enabled: true,
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
  });
  afterAll(async () => {
    await provider?.stop();
  });

  // Each flow from an address of its own, so that the throttle counts only where a test means it to.
  const nextAddress = () => `198.51.100.${++address}`;

  async function startFlow(options: { connection?: string; query?: string; cookie?: string; clientAddress?: string } = {}): Promise<Flow> {
    const id = options.connection ?? connectionId;
    const start = await callRoute(startRoute.loader as never, {
      app: t.app,
      path: `/sso/oidc/${id}/start${options.query ?? ""}`,
      params: { connectionId: id },
      cookie: options.cookie,
      clientAddress: options.clientAddress ?? nextAddress(),
    });
    const setCookie = start.headers.get("set-cookie") ?? "";
    return { start, flowCookie: setCookie.split(";")[0]!, authorizationUrl: new URL(start.location ?? "/", "http://candor.test") };
  }

  async function callback(url: URL | string, cookie: string | undefined): Promise<CallResult> {
    const u = typeof url === "string" ? new URL(url) : url;
    return callRoute(callbackRoute.loader as never, { app: t.app, path: `${u.pathname}${u.search}`, cookie, clientAddress: nextAddress() });
  }

  /** A whole sign-in as `accountId`; `tamper` changes the authorization URL before the browser goes there. */
  async function signInAs(accountId: string, options: { connection?: string; query?: string; tamper?: (url: URL) => void; cookie?: string } = {}) {
    const flow = await startFlow(options);
    expect(flow.start.status, String(flow.start.data)).toBe(302);
    options.tamper?.(flow.authorizationUrl);
    const back = await provider.authorize(flow.authorizationUrl.href, accountId);
    const result = await callback(back, [flow.flowCookie, options.cookie].filter(Boolean).join("; "));
    return { ...flow, back, result };
  }

  function sessionOf(result: CallResult): string | null {
    const line = result.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    return line ? line.split(";")[0]!.slice(SESSION_COOKIE.length + 1) : null;
  }

  const counts = async () => ({
    people: (await t.app.db.selectFrom("person").select("id").execute()).length,
    identities: (await t.app.db.selectFrom("ssoIdentity").select("id").execute()).length,
    sessions: (await t.app.db.selectFrom("session").select("id").execute()).length,
  });

  it("sends the browser to the provider with PKCE (S256), state and nonce, and keeps them in a sealed, HttpOnly cookie", async () => {
    const flow = await startFlow({ query: "?redirectTo=%2Faccount" });
    expect(flow.start.status).toBe(302);
    expect(flow.authorizationUrl.origin).toBe(provider.issuer);
    const params = flow.authorizationUrl.searchParams;
    expect(params.get("client_id")).toBe(CLIENT_ID);
    expect(params.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(params.get("response_type")).toBe("code");
    expect(params.get("scope")).toBe("openid email profile");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get("state")!.length).toBeGreaterThanOrEqual(32);
    expect(params.get("nonce")!.length).toBeGreaterThanOrEqual(32);
    const setCookie = flow.start.headers.get("set-cookie")!;
    expect(setCookie).toMatch(new RegExp(`^${OIDC_FLOW_COOKIE}=[A-Za-z0-9_-]+; Path=/sso/oidc/; HttpOnly; SameSite=Lax; Max-Age=600$`));
    // Sealed: neither the state, the nonce nor the path to return to can be read from it.
    const value = Buffer.from(flow.flowCookie.split("=")[1]!, "base64url").toString("latin1");
    expect(value).not.toContain(params.get("state")!);
    expect(value).not.toContain("/account");
  });

  it("signs in an existing person by their verified email, ties the provider account to them, and returns where they were going", async () => {
    const before = await counts();
    const { result } = await signInAs("idp-rep-a1", { query: "?redirectTo=%2Faccount" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/account");
    const token = sessionOf(result);
    expect(token).not.toBeNull();
    expect((await validateSessionToken(t.app, token!))!.personId).toBe(org.people.repA!.id);
    // The flow is used up: its cookie is cleared in the same answer.
    expect(result.headers.getSetCookie()).toContain(`${OIDC_FLOW_COOKIE}=; Path=/sso/oidc/; HttpOnly; SameSite=Lax; Max-Age=0`);
    const tie = await t.app.db.selectFrom("ssoIdentity").selectAll().where("personId", "=", org.people.repA!.id).executeTakeFirstOrThrow();
    expect(tie.subject).toBe("idp-rep-a1");
    expect(tie.connectionId).toBe(connectionId);
    const audit = await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", org.id).where("action", "=", "person.sso-link").execute();
    expect(audit.map((a) => [a.source, a.targetId])).toEqual([["sso", org.people.repA!.id]]);
    expect(await counts()).toEqual({ ...before, identities: before.identities + 1, sessions: before.sessions + 1 });
  });

  it("signs the same person in by the provider's subject the next time, whatever email the provider sends then", async () => {
    provider.accounts.get("idp-rep-a1")!.email = `renamed@${domain}`;
    provider.accounts.get("idp-rep-a1")!.email_verified = false;
    try {
      const { result } = await signInAs("idp-rep-a1");
      expect(result.status).toBe(302);
      expect(result.location).toBe("/");
      expect((await validateSessionToken(t.app, sessionOf(result)!))!.personId).toBe(org.people.repA!.id);
    } finally {
      provider.accounts.get("idp-rep-a1")!.email = `rep-a1@${domain}`;
      provider.accounts.get("idp-rep-a1")!.email_verified = true;
    }
  });

  it("reads the email from the ID token when the provider puts it there, without asking UserInfo", async () => {
    const google = await startOidcProvider({
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI }],
      accounts: [{ sub: "g-manager-a", email: org.people.managerA!.email, email_verified: true, name: "Mia Manager A" }],
      claimsInIdToken: true,
    });
    try {
      const id = await saveSsoConnection(t.app, admin, null, {
        kind: "oidc",
        name: "Second provider",
        emailDomains: [`second.${domain}`],
        enabled: true,
        oidc: { issuer: google.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      });
      const flow = await startFlow({ connection: id });
      const back = await google.authorize(flow.authorizationUrl.href, "g-manager-a");
      // The manager's domain is not this connection's: the email was read (from the ID token) and refused.
      const result = await callback(back, flow.flowCookie);
      expect(result.status).toBe(403);
      expect((result.data as { message: string }).message).toBe(SSO_PROBLEMS["domain-not-allowed"]);
      expect(google.requests).toContain("/token");
      expect(google.requests).not.toContain("/me");
      expect(provider.requests).toContain("/me");
    } finally {
      await google.stop();
    }
  });

  it("goes nowhere but Candor after signing in (an outside redirectTo becomes /)", async () => {
    const { result } = await signInAs("idp-rep-a1", { query: `?redirectTo=${encodeURIComponent("//evil.example/x")}` });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/");
  });

  it("refuses someone without an account when accounts are not made at sign-in, and makes nothing", async () => {
    provider.accounts.set("idp-new", { sub: "idp-new", email: `newcomer@${domain}`, email_verified: true, name: "Nia Newcomer" });
    const before = await counts();
    const { result } = await signInAs("idp-new");
    expect(result.status).toBe(403);
    expect((result.data as { message: string }).message).toBe(SSO_PROBLEMS["no-account"]);
    expect(sessionOf(result)).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it("makes a rep in no team when the organisation makes accounts at sign-in, audited as coming from SSO", async () => {
    await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: true, ssoBreakGlassPersonId: null });
    try {
      provider.accounts.set("idp-jit", { sub: "idp-jit", email: `Jo.Justintime@${domain.toUpperCase()}`, email_verified: true, name: "Jo Justintime" });
      const { result } = await signInAs("idp-jit");
      expect(result.status).toBe(302);
      const person = await t.app.db.selectFrom("person").selectAll().where("organisationId", "=", org.id).where("email", "=", `jo.justintime@${domain}`).executeTakeFirstOrThrow();
      expect([person.name, person.role, person.active]).toEqual(["Jo Justintime", "rep", true]);
      expect((await validateSessionToken(t.app, sessionOf(result)!))!.personId).toBe(person.id);
      expect(await t.app.db.selectFrom("teamMembership").select("id").where("personId", "=", person.id).execute()).toEqual([]);
      const audit = await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", org.id).where("targetId", "=", person.id).execute();
      expect(audit.map((a) => [a.action, a.source, a.actorId])).toEqual([["person.sso-create", "sso", person.id]]);
    } finally {
      await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: false, ssoBreakGlassPersonId: null });
    }
  });

  it("refuses an email outside the connection's domains, and an email the provider has not verified, changing nothing", async () => {
    await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: true, ssoBreakGlassPersonId: null });
    try {
      provider.accounts.set("idp-outsider", { sub: "idp-outsider", email: "someone@elsewhere.example", email_verified: true });
      provider.accounts.set("idp-unverified", { sub: "idp-unverified", email: `rep-b1@${domain}`, email_verified: false });
      const before = await counts();
      const outside = (await signInAs("idp-outsider")).result;
      expect(outside.status).toBe(403);
      expect((outside.data as { message: string }).message).toBe(SSO_PROBLEMS["domain-not-allowed"]);
      const unverified = (await signInAs("idp-unverified")).result;
      expect(unverified.status).toBe(403);
      expect((unverified.data as { message: string }).message).toBe(SSO_PROBLEMS["email-not-verified"]);
      expect(sessionOf(outside)).toBeNull();
      expect(sessionOf(unverified)).toBeNull();
      expect(await counts()).toEqual(before);
    } finally {
      await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: false, ssoBreakGlassPersonId: null });
    }
  });

  it("refuses a provider whose metadata names another issuer than the connection's, and an answer naming another issuer", async () => {
    const mirror = await provider.startMirror();
    try {
      const wrong = await saveSsoConnection(t.app, admin, null, {
        kind: "oidc",
        name: "Mistyped issuer",
        emailDomains: [`mirror.${domain}`],
        enabled: true,
        oidc: { issuer: mirror.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      });
      const flow = await startFlow({ connection: wrong });
      expect(flow.start.status).toBe(400);
      expect((flow.start.data as { message: string }).message).toBe(OIDC_PROBLEMS.misconfigured);
      expect(flow.start.headers.get("set-cookie")).toBeNull();
    } finally {
      await mirror.stop();
    }
    // RFC 9207: the provider names itself in its answer; an answer claiming to come from elsewhere is refused.
    const before = await counts();
    const flow = await startFlow();
    const back = await provider.authorize(flow.authorizationUrl.href, "idp-rep-a1");
    expect(back.searchParams.get("iss")).toBe(provider.issuer);
    back.searchParams.set("iss", "https://attacker.example");
    const result = await callback(back, flow.flowCookie);
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toBe(OIDC_PROBLEMS["answer-rejected"]);
    expect(await counts()).toEqual(before);
  });

  it("refuses an answer whose state is not the one this browser's flow holds", async () => {
    const before = await counts();
    const { result } = await signInAs("idp-rep-a1", { tamper: (url) => url.searchParams.set("state", "state-of-another-sign-in") });
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toBe(OIDC_PROBLEMS["state-mismatch"]);
    expect(sessionOf(result)).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it("refuses an ID token whose nonce is not this flow's, and logs why without the code, state or secret", async () => {
    const lines: string[] = [];
    const log = t.app.log;
    t.app.log = createLogger({ level: "info", write: (line) => lines.push(line) });
    try {
      const before = await counts();
      const { result, back } = await signInAs("idp-rep-a1", { tamper: (url) => url.searchParams.set("nonce", "nonce-of-another-sign-in") });
      expect(result.status).toBe(400);
      expect((result.data as { message: string }).message).toBe(OIDC_PROBLEMS["answer-rejected"]);
      expect(await counts()).toEqual(before);
      const logged = lines.join("");
      expect(logged).toContain('"msg":"oidc sign-in refused"');
      expect(logged).toMatch(/nonce/);
      expect(logged).not.toContain(back.searchParams.get("code")!);
      expect(logged).not.toContain(back.searchParams.get("state")!);
      expect(logged).not.toContain(CLIENT_SECRET);
    } finally {
      t.app.log = log;
    }
  });

  it("works once: the same callback again is refused, without the flow cookie and with it", async () => {
    const first = await signInAs("idp-rep-a1");
    expect(first.result.status).toBe(302);
    const before = await counts();
    // The browser replays it: its flow cookie was cleared by the first answer.
    const again = await callback(first.back, undefined);
    expect(again.status).toBe(400);
    expect((again.data as { message: string }).message).toBe(OIDC_PROBLEMS["flow-missing"]);
    // Someone who kept the cookie replays both: the provider's code was used up.
    const replay = await callback(first.back, first.flowCookie);
    expect(replay.status).toBe(400);
    expect((replay.data as { message: string }).message).toBe(OIDC_PROBLEMS["code-rejected"]);
    expect(sessionOf(replay)).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it("refuses an expired code, a flow cookie made up or altered, and a flow older than 10 minutes", async () => {
    const before = await counts();
    provider.setCodeTtl(1);
    try {
      const flow = await startFlow();
      const back = await provider.authorize(flow.authorizationUrl.href, "idp-rep-a1");
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const expired = await callback(back, flow.flowCookie);
      expect(expired.status).toBe(400);
      expect((expired.data as { message: string }).message).toBe(OIDC_PROBLEMS["code-rejected"]);
    } finally {
      provider.setCodeTtl(60);
    }
    const flow = await startFlow();
    const back = await provider.authorize(flow.authorizationUrl.href, "idp-rep-a1");
    const altered = flow.flowCookie.slice(0, -4) + (flow.flowCookie.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await callback(back, altered)).status).toBe(400);
    expect((await callback(back, `${OIDC_FLOW_COOKIE}=made-up`)).status).toBe(400);
    t.setNow(new Date(Date.now() + 11 * 60 * 1000));
    try {
      const late = await callback(back, flow.flowCookie);
      expect(late.status).toBe(400);
      expect((late.data as { message: string }).message).toBe(OIDC_PROBLEMS["flow-missing"]);
    } finally {
      t.setNow(new Date());
    }
    expect(await counts()).toEqual(before);
  });

  it("shows what the provider said when it did not sign the person in (they cancelled)", async () => {
    const flow = await startFlow();
    const back = new URL(REDIRECT_URI);
    back.search = new URLSearchParams({
      error: "access_denied",
      error_description: "The person cancelled",
      state: flow.authorizationUrl.searchParams.get("state")!,
      iss: provider.issuer,
    }).toString();
    const result = await callback(back, flow.flowCookie);
    expect(result.status).toBe(400);
    expect(sayInEnglish((result.data as { message: string }).message)).toBe(`${sayInEnglish(OIDC_PROBLEMS["provider-refused"])} It said: “The person cancelled”.`);
  });

  it("refuses a deactivated person", async () => {
    await updatePerson(t.app.db, org.id, org.people.repB!.id, { active: false });
    try {
      provider.accounts.set("idp-rep-b1", { sub: "idp-rep-b1", email: `rep-b1@${domain}`, email_verified: true });
      const before = await counts();
      const { result } = await signInAs("idp-rep-b1");
      expect(result.status).toBe(403);
      expect((result.data as { message: string }).message).toBe(SSO_PROBLEMS.deactivated);
      expect(await counts()).toEqual(before);
    } finally {
      await updatePerson(t.app.db, org.id, org.people.repB!.id, { active: true });
    }
  });

  it("never signs this organisation's people in through another organisation's connection", async () => {
    const otherDomain = `${other.slug}.example`;
    const theirs = await saveSsoConnection(t.app, otherAdmin, null, {
      kind: "oidc",
      name: "Their provider",
      emailDomains: [otherDomain],
      enabled: true,
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    // Someone of this organisation whose address is in the other organisation's domain.
    const guest = await insertPerson(t.app.db, { organisationId: org.id, email: `guest@${otherDomain}`, name: "Gus Guest", role: "rep" });
    provider.accounts.set("idp-guest", { sub: "idp-guest", email: `guest@${otherDomain}`, email_verified: true });
    const before = await counts();
    const byEmail = (await signInAs("idp-guest", { connection: theirs })).result;
    expect(byEmail.status).toBe(403);
    expect((byEmail.data as { message: string }).message).toBe(SSO_PROBLEMS["no-account"]);
    // The provider account tied to a person here, through their connection: not found there.
    const bySubject = (await signInAs("idp-rep-a1", { connection: theirs })).result;
    expect(bySubject.status).toBe(403);
    expect((bySubject.data as { message: string }).message).toBe(SSO_PROBLEMS["domain-not-allowed"]);
    expect(await counts()).toEqual(before);
    expect(await t.app.db.selectFrom("session").select("id").where("personId", "=", guest.id).execute()).toEqual([]);
  });

  it("lets only a signed-in admin of the organisation start a test", async () => {
    const anonymous = await startFlow({ query: "?test=1" });
    expect(anonymous.start.status).toBe(302);
    expect(anonymous.start.location).toBe(`/login?redirectTo=${encodeURIComponent(`/sso/oidc/${connectionId}/start?test=1`)}`);
    const rep = await startFlow({ query: "?test=1", cookie: await sessionCookieFor(t.app, org.people.repA!) });
    expect(rep.start.status).toBe(403);
    const theirAdmin = await startFlow({ query: "?test=1", cookie: await sessionCookieFor(t.app, other.people.admin!) });
    expect(theirAdmin.start.status).toBe(403);
    expect(theirAdmin.start.headers.get("set-cookie")).toBeNull();
  });

  it("tests the connection for an admin: reports the claims and what Candor makes of them, signs nobody in, and records the test", async () => {
    await t.app.db.updateTable("ssoConnection").set({ lastTestedAt: null }).where("id", "=", connectionId).execute();
    const cookie = await sessionCookieFor(t.app, org.people.admin!);
    provider.accounts.set("idp-stranger", { sub: "idp-stranger", email: `stranger@${domain}`, email_verified: true, name: "Stan Stranger" });
    const before = await counts();
    const { result, authorizationUrl } = await signInAs("idp-stranger", { query: "?test=1", cookie });
    expect(authorizationUrl.searchParams.get("prompt")).toBe("login");
    expect(result.status).toBe(200);
    const data = result.data as { kind: string; report: { outcome: string; ok: boolean; claims: Array<{ name: string; value: string }> }; connectionId: string };
    expect(data.kind).toBe("test");
    expect(data.connectionId).toBe(connectionId);
    expect(data.report.ok).toBe(false);
    expect(sayInEnglish(data.report.outcome)).toBe(`This sign-in would be refused: ${sayInEnglish(SSO_PROBLEMS["no-account"])}`);
    const claims = Object.fromEntries(data.report.claims.map((c) => [c.name, c.value]));
    expect(claims.sub).toBe("idp-stranger");
    expect(claims.iss).toBe(provider.issuer);
    expect(claims.aud).toBe(CLIENT_ID);
    expect(claims["email (userinfo)"]).toBe(`stranger@${domain}`);
    expect(claims["email_verified (userinfo)"]).toBe("true");
    expect(sessionOf(result)).toBeNull();
    expect(await counts()).toEqual(before);
    const row = await t.app.db.selectFrom("ssoConnection").select("lastTestedAt").where("id", "=", connectionId).executeTakeFirstOrThrow();
    expect(row.lastTestedAt).toBeInstanceOf(Date);

    const known = (await signInAs("idp-rep-a1", { query: "?test=1", cookie })).result;
    expect(sayInEnglish((known.data as { report: { outcome: string } }).report.outcome)).toBe(
      "This would sign in Rep A1 (rep-a1@" + domain + "), found by the provider account tied to them.",
    );
    // Another person's browser cannot finish an admin's test (the report is for the admin who started it).
    const flow = await startFlow({ query: "?test=1", cookie });
    const back = await provider.authorize(flow.authorizationUrl.href, "idp-rep-a1");
    const hijacked = await callback(back, `${flow.flowCookie}; ${await sessionCookieFor(t.app, org.people.repA!)}`);
    expect(hijacked.status).toBe(403);
  });

  it("sends the login page's company sign-in on to the provider of the email's domain (a form without script gets the button)", async () => {
    const lookup = (headers: Record<string, string>) =>
      callRoute(loginRoute.action as never, {
        app: t.app,
        path: "/login",
        method: "POST",
        form: { intent: "sso", email: `Someone@${domain.toUpperCase()}`, redirectTo: "/account" },
        headers,
        clientAddress: nextAddress(),
      });
    const byScript = await lookup({ "Sec-Fetch-Mode": "cors" });
    expect(byScript.status).toBe(302);
    expect(byScript.location).toBe(`/sso/oidc/${connectionId}/start?redirectTo=%2Faccount`);
    const byForm = await lookup({ "Sec-Fetch-Mode": "navigate" });
    expect(byForm.status).toBe(200);
    expect((byForm.data as { sso: Array<{ startPath: string; name: string }> }).sso).toContainEqual(
      expect.objectContaining({ startPath: `/sso/oidc/${connectionId}/start?redirectTo=%2Faccount` }),
    );
  });

  it("refuses passwords once the organisation requires SSO, except the break-glass admin's", async () => {
    const login = (email: string) =>
      callRoute(loginRoute.action as never, { app: t.app, path: "/login", method: "POST", form: { email, password: TEST_PASSWORD }, clientAddress: nextAddress() });
    await saveSsoPolicy(t.app, admin, { ssoRequired: true, ssoCreateAccounts: false, ssoBreakGlassPersonId: org.people.admin!.id });
    try {
      const rep = await login(org.people.repA!.email);
      expect(rep.status).toBe(403);
      expect((rep.data as { sso: Array<{ startPath: string }> }).sso.map((o) => o.startPath)).toContain(`/sso/oidc/${connectionId}/start`);
      expect(rep.headers.get("set-cookie")).toBeNull();
      const breakGlass = await login(org.people.admin!.email);
      expect(breakGlass.status).toBe(302);
      expect(breakGlass.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      // The provider still signs the rep in.
      expect((await signInAs("idp-rep-a1")).result.status).toBe(302);
    } finally {
      await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: false, ssoBreakGlassPersonId: null });
    }
  });

  it("keeps a switched-off connection from signing in, while its admin can still test it", async () => {
    await saveSsoConnection(t.app, admin, connectionId, {
      kind: "oidc",
      name: "Test provider",
      emailDomains: [domain],
      enabled: false,
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID },
    });
    try {
      const off = await startFlow();
      expect(off.start.status).toBe(400);
      expect((off.start.data as { message: string }).message).toBe(SSO_PROBLEMS["connection-off"]);
      const test = await startFlow({ query: "?test=1", cookie: await sessionCookieFor(t.app, org.people.admin!) });
      expect(test.start.status).toBe(302);
    } finally {
      await saveSsoConnection(t.app, admin, connectionId, {
        kind: "oidc",
        name: "Test provider",
        emailDomains: [domain],
        enabled: true,
        oidc: { issuer: provider.issuer, clientId: CLIENT_ID },
      });
    }
  });

  it("answers a provider that cannot be reached, and an unknown connection, with a clear message (never a 500)", async () => {
    const unreachable = await saveSsoConnection(t.app, admin, null, {
      kind: "oidc",
      name: "Gone",
      emailDomains: [`gone.${domain}`],
      enabled: true,
      oidc: { issuer: "http://127.0.0.1:9/gone", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    const gone = await startFlow({ connection: unreachable });
    expect(gone.start.status).toBe(502);
    expect((gone.start.data as { message: string }).message).toBe(OIDC_PROBLEMS.unreachable);
    const unknown = await startFlow({ connection: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.start.status).toBe(404);
    expect((await startFlow({ connection: "not-a-uuid" })).start.status).toBe(404);
    const noCookie = await callback(`${REDIRECT_URI}?code=x&state=y`, undefined);
    expect(noCookie.status).toBe(400);
    expect((noCookie.data as { message: string }).message).toBe(OIDC_PROBLEMS["flow-missing"]);
  });

  it("stores the client secret sealed, never shows it on the admin page, and keeps it when the field is left blank", async () => {
    const row = await t.app.db.selectFrom("ssoConnection").selectAll().where("id", "=", connectionId).executeTakeFirstOrThrow();
    expect(row.oidcClientSecretSealed).not.toBeNull();
    expect(Buffer.from(row.oidcClientSecretSealed!).toString("latin1")).not.toContain(CLIENT_SECRET);
    expect(Buffer.from(row.oidcClientSecretSealed!).toString("base64")).not.toContain(Buffer.from(CLIENT_SECRET).toString("base64"));
    expect(oidcClientSecret(t.app, row)).toBe(CLIENT_SECRET);

    const cookie = await sessionCookieFor(t.app, org.people.admin!);
    const page = await callRoute(adminPage.loader as never, { app: t.app, path: `/admin/sso/oidc/${connectionId}`, params: { connectionId }, cookie });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).not.toContain(CLIENT_SECRET);
    expect((page.data as { form: { hasSecret: boolean }; redirectUri: string }).form.hasSecret).toBe(true);
    expect((page.data as { redirectUri: string }).redirectUri).toBe(REDIRECT_URI);

    const form = { name: "Renamed provider", emailDomains: domain, issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: "", enabled: "on" };
    const saved = await callRoute(adminPage.action as never, { app: t.app, path: `/admin/sso/oidc/${connectionId}`, params: { connectionId }, cookie, method: "POST", form });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/admin/sso/oidc/${connectionId}?saved=1`);
    const after = await t.app.db.selectFrom("ssoConnection").selectAll().where("id", "=", connectionId).executeTakeFirstOrThrow();
    expect(after.name).toBe("Renamed provider");
    expect(Buffer.from(after.oidcClientSecretSealed!)).toEqual(Buffer.from(row.oidcClientSecretSealed!));
    // Signing in still works with the kept secret.
    expect((await signInAs("idp-rep-a1")).result.status).toBe(302);

    const bad = await callRoute(adminPage.action as never, {
      app: t.app,
      path: "/admin/sso/oidc/new",
      params: { connectionId: "new" },
      cookie,
      method: "POST",
      form: { name: "", emailDomains: "not a domain", issuer: "http://idp.example.com", clientId: "", clientSecret: "" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).sort()).toEqual(["clientId", "emailDomains", "issuer", "name"]);
    const audit = await t.app.db.selectFrom("auditEntry").select(["action", "after"]).where("organisationId", "=", org.id).where("targetType", "=", "sso-connection").execute();
    expect(JSON.stringify(audit)).not.toContain(CLIENT_SECRET);
    expect(audit.filter((a) => a.action === "sso.connection-change").length).toBeGreaterThanOrEqual(1);
  });

  it(`throttles an address after ${SSO_MAX_PER_ADDRESS} starts in 10 minutes`, async () => {
    const from = "192.0.2.99";
    for (let i = 0; i < SSO_MAX_PER_ADDRESS; i++) {
      const flow = await startFlow({ clientAddress: from });
      expect(flow.start.status).toBe(302);
    }
    const throttled = await startFlow({ clientAddress: from });
    expect(throttled.start.status).toBe(429);
    expect(Number(throttled.start.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((throttled.start.data as { message: string }).message).toBe(OIDC_PROBLEMS.throttled);
    // Another address is not held back.
    expect((await startFlow()).start.status).toBe(302);
  });
});
