import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { callRoute, type CallResult } from "../support/remix";
import { describeWithDb } from "../support/test-db";
import { API_RESOURCES } from "../../app/http/api.server";
import { validateSessionToken } from "../../app/auth/session.server";
import { createApiToken, revokeApiToken } from "../../app/services/api-tokens.server";
import { saveSamlConnection } from "../../app/services/saml.server";
import { IDP_KEY, IDP_SSO_URL } from "../support/saml-idp";
import { createCrmPreview } from "../factories/crm";

// Walks every route for every kind of visitor and checks who gets through the guards. The list below
// must name every file in app/routes: a new route fails this test until its access is written down.

const PERSONAS = ["anonymous", "rep", "managerA", "managerB", "director", "enablement", "admin", "otherOrg"] as const;
type Persona = (typeof PERSONAS)[number];
type Outcome = "allow" | "login" | "deny" | "missing" | "redirect";
type Access = Record<Persona, Outcome>;

const every = (outcome: Outcome): Access => Object.fromEntries(PERSONAS.map((p) => [p, outcome])) as Access;
const signedIn: Access = { ...every("allow"), anonymous: "login" };
const adminList: Access = { ...every("deny"), anonymous: "login", admin: "allow", otherOrg: "allow" };
const adminDetail: Access = { ...adminList, otherOrg: "missing" };
const teamViewers: Access = { ...every("allow"), anonymous: "login", rep: "deny" };
const enablementList: Access = { ...every("deny"), anonymous: "login", enablement: "allow", admin: "allow", otherOrg: "allow" };
const enablementDetail: Access = { ...enablementList, otherOrg: "missing" };
// Within the organisation, someone not asked is told so (403); another organisation's wave is a missing one (404).
const waveAudience: Access = { ...every("deny"), anonymous: "login", rep: "allow", otherOrg: "missing" };
const teamA: Access = { anonymous: "login", rep: "deny", managerA: "allow", managerB: "deny", director: "allow", enablement: "allow", admin: "allow", otherOrg: "missing" };

interface Fixture extends TestOrganisation {
  programId: string;
  /** A CRM snapshot of the organisation, waiting as a preview. */
  crmSnapshotId: string;
  /** One of the organisation's default plays. */
  playId: string;
  waveId: string;
  /** A switched-on SAML connection of the organisation. */
  samlConnectionId: string;
}

interface RouteCase {
  path: (o: Fixture) => string;
  params?: (o: Fixture) => Record<string, string>;
  loader?: Access;
  action?: Access;
}

const ROUTES: Record<string, RouteCase> = {
  root: { path: () => "/", loader: every("allow") },
  _index: { path: () => "/", loader: every("allow") },
  $: { path: () => "/nope", params: () => ({ "*": "nope" }), loader: every("missing") },
  healthz: { path: () => "/healthz", loader: every("allow") },
  // The design system's page: made-up numbers only, no loader, open to everyone.
  design: { path: () => "/design" },
  login: { path: () => "/login", loader: { ...every("redirect"), anonymous: "allow" }, action: every("allow") },
  logout: { path: () => "/logout", loader: every("redirect"), action: every("redirect") },
  // The language switcher (ADR 055): anyone may choose; an empty form is a 400 that changes nothing.
  language: { path: () => "/language", loader: every("redirect"), action: every("allow") },
  "forgot-password": { path: () => "/forgot-password", loader: every("allow"), action: every("allow") },
  "invite.$token": { path: () => "/invite/x", params: () => ({ token: "x" }), loader: every("allow"), action: every("allow") },
  "reset-password.$token": { path: () => "/reset-password/x", params: () => ({ token: "x" }), loader: every("allow"), action: every("allow") },
  account: { path: () => "/account", loader: signedIn, action: signedIn },
  "admin.people": { path: () => "/admin/people", loader: adminList, action: adminList },
  "admin.people_.$personId": {
    path: (o) => `/admin/people/${o.people.repA!.id}`,
    params: (o) => ({ personId: o.people.repA!.id }),
    loader: adminDetail,
    action: adminDetail,
  },
  // Erasing a person: admins only, and another organisation's person looks missing.
  "admin.people_.$personId_.erase": {
    path: (o) => `/admin/people/${o.people.repA!.id}/erase`,
    params: (o) => ({ personId: o.people.repA!.id }),
    loader: adminDetail,
    action: adminDetail,
  },
  "admin.retention": { path: () => "/admin/retention", loader: adminList, action: adminList },
  // One's own data as JSON: every signed-in person, for themselves only (the route takes no id).
  "account_.data": { path: () => "/account/data", loader: signedIn },
  "admin.teams": { path: () => "/admin/teams", loader: adminList, action: adminList },
  "admin.teams_.$teamId": { path: (o) => `/admin/teams/${o.teams.a}`, params: (o) => ({ teamId: o.teams.a! }), loader: adminDetail, action: adminDetail },
  "admin.roster": { path: () => "/admin/roster", loader: adminList, action: adminList },
  "admin.settings": { path: () => "/admin/settings", loader: adminList, action: adminList },
  "admin.history": { path: () => "/admin/history", loader: adminList, action: adminList },
  items: { path: () => "/items", loader: enablementList, action: enablementList },
  "admin.crm": { path: () => "/admin/crm", loader: adminList, action: adminList },
  "admin.crm_.connections": { path: () => "/admin/crm/connections", loader: adminList, action: adminList },
  "admin.crm_.connections_.callback": { path: () => "/admin/crm/connections/callback?code=x&state=y", loader: adminList },
  "admin.api-tokens": { path: () => "/admin/api-tokens", loader: adminList, action: adminList },
  "admin.sso": { path: () => "/admin/sso", loader: adminList, action: adminList },
  // An OpenID Connect provider's page ("new" adds one): admins only (ADR 046).
  "admin.sso_.oidc.$connectionId": { path: () => "/admin/sso/oidc/new", params: () => ({ connectionId: "new" }), loader: adminList, action: adminList },
  // Company sign-in starts and returns signed out. An unknown connection is missing for everyone; its
  // admin's test (?test=1) first needs someone signed in. The callback without its flow cookie is a 400 page.
  "sso.oidc.$connectionId.start": {
    path: () => "/sso/oidc/00000000-0000-4000-8000-000000000000/start?test=1",
    params: () => ({ connectionId: "00000000-0000-4000-8000-000000000000" }),
    loader: { ...every("missing"), anonymous: "login" },
  },
  "sso.oidc.callback": { path: () => "/sso/oidc/callback?code=x&state=y", loader: every("allow") },
  // A SAML provider's page (ADR 043): admins only; another organisation's provider looks missing.
  "admin.sso_.saml.$connectionId": {
    path: (o) => `/admin/sso/saml/${o.samlConnectionId}`,
    params: (o) => ({ connectionId: o.samlConnectionId }),
    loader: adminDetail,
    action: adminDetail,
  },
  // SAML sign-in is where signed-out people start: public by the connection's id. The metadata is an SP's
  // public description; the start sends everyone to the provider (or, signed in, where they were going); the
  // ACS answers a post without a provider's answer 400 (its refusal page), whoever sends it.
  "sso.saml.$connectionId.metadata[.]xml": {
    path: (o) => `/sso/saml/${o.samlConnectionId}/metadata.xml`,
    params: (o) => ({ connectionId: o.samlConnectionId }),
    loader: every("allow"),
  },
  "sso.saml.$connectionId.start": { path: (o) => `/sso/saml/${o.samlConnectionId}/start`, params: (o) => ({ connectionId: o.samlConnectionId }), loader: every("redirect") },
  "sso.saml.$connectionId.acs": { path: (o) => `/sso/saml/${o.samlConnectionId}/acs`, params: (o) => ({ connectionId: o.samlConnectionId }), action: every("allow") },
  "admin.deliveries": { path: () => "/admin/deliveries", loader: adminList, action: adminList },
  // SCIM's admin page (tokens and recent requests): admins only.
  "admin.scim": { path: () => "/admin/scim", loader: adminList, action: adminList },
  // SCIM takes bearer tokens, never sessions: every visitor without one gets 401, reads and writes alike.
  "scim.v2.$": { path: () => "/scim/v2/Users", params: () => ({ "*": "Users" }), loader: every("login"), action: every("login") },
  // Slack and Teams (ADR 047): admins only. "Add to Slack" answers 400 for an admin when the installation has
  // no Slack app credentials (the tests' has none); the OAuth callback without a state of this session is 400.
  "admin.chat": { path: () => "/admin/chat", loader: adminList, action: adminList },
  "admin.chat_.slack.install": { path: () => "/admin/chat/slack/install", loader: adminList },
  "admin.chat_.slack.callback": { path: () => "/admin/chat/slack/callback?code=x&state=y", loader: adminList },
  // Admins only: the log says who changed what about people; enablement's own actions are in it for admins.
  "admin.audit": { path: () => "/admin/audit", loader: adminList, action: adminList },
  // The API takes bearer tokens, never sessions: every visitor without one gets 401; writes are 405.
  "api.v1.$resource": { path: () => "/api/v1/team-scores", params: () => ({ resource: "team-scores" }), loader: every("login"), action: every("allow") },
  // The API's OpenAPI document is public (ADR 040): it describes shapes, no organisation's data; writes are 405.
  "api.v1.openapi[.]json": { path: () => "/api/v1/openapi.json", loader: every("allow"), action: every("allow") },
  "admin.crm.upload": { path: () => "/admin/crm/upload", loader: every("allow"), action: adminList },
  // A CRM snapshot: admins only; another organisation's snapshot looks missing (the empty form is refused, 400).
  "admin.crm_.snapshots.$snapshotId": {
    path: (o) => `/admin/crm/snapshots/${o.crmSnapshotId}`,
    params: (o) => ({ snapshotId: o.crmSnapshotId }),
    loader: adminDetail,
    action: adminDetail,
  },
  "results._index": { path: () => "/results", loader: enablementList },
  "results.explorer": { path: () => "/results/explorer", loader: enablementList },
  "results.drivers": { path: () => "/results/drivers", loader: enablementList },
  "results.coaching": { path: () => "/results/coaching", loader: enablementList },
  "results.action-plans": { path: () => "/results/action-plans", loader: enablementList },
  "training._index": { path: () => "/training", loader: enablementList, action: enablementList },
  "training.$cohortId": {
    path: () => "/training/00000000-0000-4000-8000-000000000000",
    params: () => ({ cohortId: "00000000-0000-4000-8000-000000000000" }),
    loader: { ...every("deny"), anonymous: "login", enablement: "missing", admin: "missing", otherOrg: "missing" },
  },
  "programs._index": { path: () => "/programs", loader: enablementList },
  "programs.new": { path: () => "/programs/new", loader: enablementList, action: enablementList },
  "programs.$programId": {
    path: (o) => `/programs/${o.programId}`,
    params: (o) => ({ programId: o.programId }),
    loader: enablementDetail,
    action: enablementDetail,
  },
  "pulse.$token": { path: () => "/pulse/x", params: () => ({ token: "x" }), loader: every("missing"), action: every("missing") },
  "pulses.$waveId": { path: (o) => `/pulses/${o.waveId}`, params: (o) => ({ waveId: o.waveId }), loader: waveAudience, action: waveAudience },
  "self-assessments.$waveId.$teamId": {
    path: (o) => `/self-assessments/${o.waveId}/${o.teams.a}`,
    params: (o) => ({ waveId: o.waveId, teamId: o.teams.a! }),
    loader: { ...every("deny"), anonymous: "login", managerA: "allow", otherOrg: "missing" },
    action: { ...every("deny"), anonymous: "login", managerA: "allow", otherOrg: "missing" },
  },
  "teams.$teamId_.gap": {
    path: (o) => `/teams/${o.teams.a}/gap`,
    params: (o) => ({ teamId: o.teams.a! }),
    loader: { ...every("deny"), anonymous: "login", managerA: "allow", enablement: "allow", admin: "allow", otherOrg: "missing" },
  },
  // Read like the team's results; written by the team's manager, managers above it and admins.
  "teams.$teamId_.guide": {
    path: (o) => `/teams/${o.teams.a}/guide`,
    params: (o) => ({ teamId: o.teams.a! }),
    loader: teamA,
    action: { ...teamA, enablement: "deny" },
  },
  // Conversations on comments (ADR 054): read like the team's results; replies by its managers and enablement, not admins.
  "teams.$teamId_.conversations": {
    path: (o) => `/teams/${o.teams.a}/conversations`,
    params: (o) => ({ teamId: o.teams.a! }),
    loader: teamA,
    action: { ...teamA, admin: "deny" },
  },
  // Comment themes: read like the team's results; corrected by enablement only.
  "teams.$teamId_.themes": {
    path: (o) => `/teams/${o.teams.a}/themes`,
    params: (o) => ({ teamId: o.teams.a! }),
    loader: teamA,
    action: { ...every("deny"), anonymous: "login", enablement: "allow", otherOrg: "missing" },
  },
  "results.themes": { path: () => "/results/themes", loader: enablementList },
  "teams._index": { path: () => "/teams", loader: teamViewers },
  // Managers read the playbook; enablement and admins also write it.
  "playbook._index": { path: () => "/playbook", loader: teamViewers },
  "playbook.new": { path: () => "/playbook/new", loader: enablementList, action: enablementList },
  "playbook.$playId": {
    path: (o) => `/playbook/${o.playId}`,
    params: (o) => ({ playId: o.playId }),
    loader: { ...teamViewers, otherOrg: "missing" },
    action: enablementDetail,
  },
  "teams.$teamId": { path: (o) => `/teams/${o.teams.a}`, params: (o) => ({ teamId: o.teams.a! }), loader: teamA },
};

function classify(result: CallResult): Outcome {
  // Guards send visitors to the sign-in page with the way back; other redirects (logout) are plain ones.
  if (result.status === 302 || result.status === 301) return result.location?.startsWith("/login?redirectTo=") ? "login" : "redirect";
  if (result.status === 403) return "deny";
  if (result.status === 404) return "missing";
  if (result.status === 401) return "login";
  return "allow";
}

async function importRoute(name: string): Promise<{ loader?: (a: LoaderFunctionArgs) => unknown; action?: (a: LoaderFunctionArgs) => unknown }> {
  if (name === "root") return import("../../app/root");
  return import(/* @vite-ignore */ `../../app/routes/${name}.tsx`).catch(() => import(/* @vite-ignore */ `../../app/routes/${name}.ts`));
}

it("lists every route file of app/routes", () => {
  const files = fs.readdirSync(new URL("../../app/routes", import.meta.url)).map((f) => f.replace(/\.tsx?$/, ""));
  expect(files.sort()).toEqual(
    Object.keys(ROUTES)
      .filter((r) => r !== "root")
      .sort(),
  );
});

describeWithDb("route authorization matrix", (t) => {
  let org: Fixture;
  let other: TestOrganisation;
  beforeAll(async () => {
    const base = await createTestOrganisation(t.app, { reps: 1 });
    const play = await t.app.db.selectFrom("play").select("id").where("organisationId", "=", base.id).where("key", "=", "bad-news-first").executeTakeFirstOrThrow();
    const admin = (await validateSessionToken(t.app, base.people.admin!.cookie.split("=")[1]!))!;
    const saml = {
      name: "Okta",
      emailDomains: `${base.slug}.example`,
      enabled: true,
      idpEntityId: "https://idp.example/saml",
      idpSsoUrl: IDP_SSO_URL,
      idpCertificates: IDP_KEY.cert,
    };
    org = {
      ...base,
      ...(await createOpenWave(t.app, base)),
      playId: play.id,
      samlConnectionId: await saveSamlConnection(t.app, admin, "new", saml),
      crmSnapshotId: await createCrmPreview(t.app, base.id, base.people.repA!.email),
    };
    other = await createTestOrganisation(t.app, { reps: 1 });
  });

  // Fresh sessions for every check: the logout and sign-out-everywhere actions end the ones they get.
  async function cookieOf(persona: Persona): Promise<string | undefined> {
    const person = {
      anonymous: undefined,
      rep: org.people.repA,
      managerA: org.people.managerA,
      managerB: org.people.managerB,
      director: org.people.director,
      enablement: org.people.enablement,
      admin: org.people.admin,
      otherOrg: other.people.admin,
    }[persona];
    return person ? sessionCookieFor(t.app, person) : undefined;
  }

  for (const [name, route] of Object.entries(ROUTES)) {
    for (const kind of ["loader", "action"] as const) {
      const expected = route[kind];
      if (!expected) continue;
      it(`${kind} of ${name}`, async () => {
        const module = await importRoute(name);
        const handler = module[kind];
        expect(handler, `${name} should export a ${kind}`).toBeTypeOf("function");
        const actual: Partial<Access> = {};
        for (const persona of PERSONAS) {
          const result = await callRoute(handler as never, {
            app: t.app,
            path: route.path(org),
            method: kind === "loader" ? "GET" : "POST",
            cookie: await cookieOf(persona),
            params: route.params?.(org),
          });
          actual[persona] = classify(result);
        }
        expect(actual).toEqual(expected);
      });
    }
  }

  // Every resource of the read-only API (/api/v1/<resource>): a session never opens it, whoever's it is;
  // the organisation's bearer token reads it; another organisation's token reads only its own; a revoked
  // token is refused; writes are 405 even with a token.
  describe("API resources", () => {
    const tokens = {} as Record<"own" | "other" | "revoked", string>;
    beforeAll(async () => {
      const admin = (await validateSessionToken(t.app, (await cookieOf("admin"))!.split("=")[1]!))!;
      const otherAdmin = (await validateSessionToken(t.app, (await cookieOf("otherOrg"))!.split("=")[1]!))!;
      tokens.own = (await createApiToken(t.app, admin, "matrix")).token;
      tokens.other = (await createApiToken(t.app, otherAdmin, "matrix")).token;
      const revoked = await createApiToken(t.app, admin, "matrix, revoked");
      await revokeApiToken(t.app, admin, revoked.id);
      tokens.revoked = revoked.token;
    });

    for (const resource of Object.keys(API_RESOURCES)) {
      it(`/api/v1/${resource}`, async () => {
        const { loader, action } = await importRoute("api.v1.$resource");
        const call = (handler: unknown, options: { cookie?: string; bearer?: string; query?: string; method?: string }) =>
          callRoute(handler as never, {
            app: t.app,
            path: `/api/v1/${resource}${options.query ?? ""}`,
            method: options.method,
            cookie: options.cookie,
            params: { resource },
            headers: options.bearer ? { Authorization: `Bearer ${options.bearer}` } : {},
          });
        const bySession: Partial<Access> = {};
        for (const persona of PERSONAS) bySession[persona] = classify(await call(loader, { cookie: await cookieOf(persona) }));
        expect(bySession).toEqual(every("login"));

        const own = await call(loader, { bearer: tokens.own });
        expect(own.status).toBe(200);
        expect((JSON.parse(own.data as string) as { organisation: string }).organisation).toBe(`Org ${org.slug}`);
        const theirs = await call(loader, { bearer: tokens.other });
        expect((JSON.parse(theirs.data as string) as { organisation: string }).organisation).toBe(`Org ${other.slug}`);
        expect((await call(loader, { bearer: tokens.other, query: `?organisation=${org.slug}` })).status).toBe(403);
        expect((await call(loader, { bearer: tokens.revoked })).status).toBe(401);
        // A session and a token together: the token decides, the session adds nothing.
        expect((await call(loader, { cookie: await cookieOf("admin"), bearer: tokens.revoked })).status).toBe(401);
        for (const method of ["POST", "PUT", "DELETE"]) {
          const write = await call(action, { bearer: tokens.own, cookie: await cookieOf("admin"), method });
          expect(write.status, method).toBe(405);
          expect(write.headers.get("allow")).toBe("GET");
        }
      });
    }
  });

  it("has no exported loader or action without a row in the matrix", async () => {
    for (const name of Object.keys(ROUTES)) {
      const module = await importRoute(name);
      if (module.loader) expect(ROUTES[name]!.loader, `${name} loader`).toBeDefined();
      if (module.action) expect(ROUTES[name]!.action, `${name} action`).toBeDefined();
    }
  });
});
