import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_RESOURCES } from "../../app/http/api.server";
import { linkIn, TestMailbox } from "../support/smtp";
import { postForm } from "./support/flows";
import { signInOverHttp, startDemoServer, type RunningServer, demoLogin } from "./support/server";

// Security over HTTP against the built server (issue 10): the same-origin rule on every action, the API's
// bearer-only, read-only door, sessions across sign-in and sign-out, and the security headers and CSP
// nonce on every page. One server (demo seed on PGlite, mail to a test SMTP listener) for the whole file.
// Login throttling (429 after 10 failures per account and per address) is in tests/integration/sign-in.test.ts,
// sessions ended by a password change or reset in sign-in.test.ts and invitations.test.ts.

const ROUTES_DIR = new URL("../../app/routes", import.meta.url);
const ROUTE_FILES = fs.readdirSync(ROUTES_DIR).sort();
const stem = (file: string) => file.replace(/\.tsx?$/, "");
const source = (file: string) => fs.readFileSync(new URL(`../../app/routes/${file}`, import.meta.url), "utf8");
/** Route files that export an action: read at run time, so a new one is covered without editing this test. */
const ACTION_ROUTES = ROUTE_FILES.filter((f) => /export\s+((async\s+)?(function|const|let)\s+action\b|\{[^}]*\baction\b)/.test(source(f))).map(stem);

const FORBIDDEN = "Forbidden: this request did not come from a Candor page.";
const DEMO_PASSWORD = "northwind-demo";
const EVIL = "https://evil.example";
const TOKEN_SHAPE = /[a-z2-7]{24}\.[a-z2-7]{32}/;

type Persona = "anonymous" | "admin" | "enablement" | "manager" | "rep";

interface Ids {
  teamId: string;
  waveId: string;
  personId: string;
  programId: string;
  playId: string;
  cohortId: string;
  inviteToken: string;
  resetToken: string;
  /** A switched-on SAML connection of the demo organisation. */
  connectionId: string;
  /** A CRM snapshot of the demo organisation. */
  snapshotId: string;
}

/** The URL of a flat-routes file with real parameter values: `teams.$teamId_.gap` → `/teams/<id>/gap` (`[.]` is a dot). */
function urlOf(route: string, params: Record<string, string>): string {
  const segments = route
    .split(/\.(?![^[]*\])/)
    .map((s) => s.replace(/[[\]]/g, ""))
    .filter((s) => s !== "_index")
    .map((segment) => {
      const name = segment.replace(/_$/, "");
      if (name === "$") return "no-such-page";
      if (!name.startsWith("$")) return name;
      const value = params[name.slice(1)];
      if (value === undefined) throw new Error(`no value for :${name.slice(1)} in route ${route}: add one to the test's parameters`);
      return value;
    });
  return `/${segments.join("/")}`;
}

// Who can see each page in the demo organisation, and what it answers. A new route file fails the
// "lists every route" test until it has a line here.
const PAGES: Record<string, { as: Persona; status: number; path?: (ids: Ids) => string }> = {
  $: { as: "anonymous", status: 404 },
  _index: { as: "rep", status: 200 },
  account: { as: "admin", status: 200 },
  "admin.api-tokens": { as: "admin", status: 200 },
  "admin.scim": { as: "admin", status: 200 },
  // Slack and Teams (ADR 047). The demo installation has no Slack app credentials, so "Add to Slack" says so
  // (400); a return from Slack without this session's state is refused (400).
  "admin.chat": { as: "admin", status: 200 },
  "admin.chat_.slack.install": { as: "admin", status: 400 },
  "admin.chat_.slack.callback": { as: "admin", status: 400, path: () => "/admin/chat/slack/callback?code=x&state=y" },
  "admin.deliveries": { as: "admin", status: 200 },
  "admin.audit": { as: "admin", status: 200 },
  "admin.crm": { as: "admin", status: 200 },
  "admin.crm_.connections": { as: "admin", status: 200 },
  "admin.crm_.connections_.callback": { as: "admin", status: 400, path: () => "/admin/crm/connections/callback?code=x&state=y" },
  // The CRM page's upload endpoint: JSON, POST only.
  "admin.crm.upload": { as: "admin", status: 405 },
  // A CRM snapshot's page: what it feeds, and deleting it (ADR 051).
  "admin.crm_.snapshots.$snapshotId": { as: "admin", status: 200 },
  "admin.history": { as: "admin", status: 200 },
  "admin.people_.$personId": { as: "admin", status: 200 },
  "admin.people_.$personId_.erase": { as: "admin", status: 200 },
  "admin.retention": { as: "admin", status: 200 },
  "admin.sso": { as: "admin", status: 200 },
  "admin.sso_.oidc.$connectionId": { as: "admin", status: 200, path: () => "/admin/sso/oidc/new" },
  // Company sign-in (ADR 046): an unknown provider, and a return from a provider no sign-in was started for.
  "sso.oidc.$connectionId.start": { as: "anonymous", status: 404, path: () => "/sso/oidc/00000000-0000-4000-8000-000000000000/start" },
  "sso.oidc.callback": { as: "anonymous", status: 400, path: () => "/sso/oidc/callback?code=x&state=y" },
  "admin.sso_.saml.$connectionId": { as: "admin", status: 200 },
  // SAML sign-in (ADR 043): public SP metadata (XML); the start redirects to the provider; the ACS's page
  // without a provider's answer.
  "sso.saml.$connectionId.metadata[.]xml": { as: "anonymous", status: 200 },
  "sso.saml.$connectionId.start": { as: "anonymous", status: 302 },
  "sso.saml.$connectionId.acs": { as: "anonymous", status: 200 },
  // One's own data: a JSON download.
  "account_.data": { as: "rep", status: 200 },
  "admin.people": { as: "admin", status: 200 },
  "admin.roster": { as: "admin", status: 200 },
  "admin.settings": { as: "admin", status: 200 },
  "admin.teams_.$teamId": { as: "admin", status: 200 },
  "admin.teams": { as: "admin", status: 200 },
  "api.v1.$resource": { as: "anonymous", status: 401, path: () => "/api/v1/report" },
  // SCIM (ADR 044): a bearer token, never a session.
  "scim.v2.$": { as: "anonymous", status: 401, path: () => "/scim/v2/Users" },
  // The API's OpenAPI document: public (ADR 040).
  "api.v1.openapi[.]json": { as: "anonymous", status: 200 },
  design: { as: "anonymous", status: 200 },
  "forgot-password": { as: "anonymous", status: 200 },
  healthz: { as: "anonymous", status: 200 },
  "invite.$token": { as: "anonymous", status: 200, path: (ids) => `/invite/${ids.inviteToken}` },
  items: { as: "enablement", status: 200 },
  login: { as: "anonymous", status: 200 },
  logout: { as: "admin", status: 302 },
  language: { as: "anonymous", status: 302 },
  "playbook.$playId": { as: "enablement", status: 200 },
  "playbook._index": { as: "manager", status: 200 },
  "playbook.new": { as: "enablement", status: 200 },
  "programs.$programId": { as: "enablement", status: 200 },
  "programs._index": { as: "enablement", status: 200 },
  "programs.new": { as: "enablement", status: 200 },
  // An unknown personal link: the 404 page.
  "pulse.$token": { as: "anonymous", status: 404, path: () => `/pulse/${"a".repeat(24)}.${"b".repeat(32)}` },
  "pulses.$waveId": { as: "rep", status: 200 },
  "reset-password.$token": { as: "anonymous", status: 200, path: (ids) => `/reset-password/${ids.resetToken}` },
  "results._index": { as: "enablement", status: 200 },
  "results.action-plans": { as: "enablement", status: 200 },
  "results.coaching": { as: "enablement", status: 200 },
  "results.drivers": { as: "enablement", status: 200 },
  "results.explorer": { as: "enablement", status: 200 },
  "results.themes": { as: "enablement", status: 200 },
  "self-assessments.$waveId.$teamId": { as: "manager", status: 200 },
  "teams.$teamId": { as: "manager", status: 200 },
  "teams.$teamId_.gap": { as: "manager", status: 200 },
  "teams.$teamId_.guide": { as: "manager", status: 200 },
  "teams.$teamId_.conversations": { as: "manager", status: 200 },
  "teams.$teamId_.themes": { as: "manager", status: 200 },
  "teams._index": { as: "manager", status: 200 },
  "training.$cohortId": { as: "enablement", status: 200 },
  "training._index": { as: "enablement", status: 200 },
};

/** The directives of a Content-Security-Policy header. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("security over HTTP", () => {
  let server: RunningServer;
  let mailbox: TestMailbox;
  const cookies = {} as Record<Exclude<Persona, "anonymous">, string>;
  let ids: Ids;
  let repEmail: string;

  const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { redirect: "manual", headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
  const cookieOf = (persona: Persona) => (persona === "anonymous" ? undefined : cookies[persona]);
  const firstMatch = async (path: string, cookie: string, pattern: RegExp) => {
    const html = await (await get(path, cookie)).text();
    const match = pattern.exec(html);
    if (!match) throw new Error(`${path} shows nothing matching ${pattern}`);
    return match.slice(1);
  };

  beforeAll(async () => {
    mailbox = await new TestMailbox().start();
    server = await startDemoServer(mailbox);
    repEmail = demoLogin(server.output(), "rep in NA Enterprise (pulse open)");
    cookies.admin = await signInOverHttp(server, "avery.admin@northwind.example", DEMO_PASSWORD);
    cookies.enablement = await signInOverHttp(server, "eli.enablement@northwind.example", DEMO_PASSWORD);
    cookies.manager = await signInOverHttp(server, "marcus.bell@northwind.example", DEMO_PASSWORD);
    cookies.rep = await signInOverHttp(server, repEmail, DEMO_PASSWORD);
    const uuid = "([0-9a-f-]{36})";
    const [waveId, teamId] = await firstMatch("/", cookies.manager, new RegExp(`href="/self-assessments/${uuid}/${uuid}"`));
    const [personId] = await firstMatch("/admin/people", cookies.admin, new RegExp(`href="/admin/people/${uuid}"`));
    const [programId] = await firstMatch("/programs", cookies.enablement, new RegExp(`href="/programs/${uuid}"`));
    const [playId] = await firstMatch("/playbook", cookies.enablement, new RegExp(`href="/playbook/${uuid}"`));
    const [cohortId] = await firstMatch("/training", cookies.enablement, new RegExp(`href="/training/${uuid}"`));
    const [snapshotId] = await firstMatch("/admin/crm", cookies.admin, new RegExp(`href="/admin/crm/snapshots/${uuid}"`));
    // Real invitation and reset links, so that their pages show the password form.
    const invited = await postForm(
      server,
      "/admin/people",
      new URLSearchParams({ email: "sam.security@northwind.example", name: "Sam Security", role: "enablement", teamId: "" }),
      cookies.admin,
    );
    expect(invited.status).toBe(200);
    const reset = await postForm(server, "/forgot-password", new URLSearchParams({ email: "dana.whitfield@northwind.example" }));
    expect(reset.status).toBe(200);
    const tokenOf = async (to: string) =>
      linkIn(await mailbox.waitFor(to))
        .split("/")
        .pop()!;
    // A SAML provider, added on its admin page, for the sign-in routes' ids.
    const certificate = fs.readFileSync(new URL("../fixtures/saml/idp-cert.pem", import.meta.url), "utf8");
    const saml = await postForm(
      server,
      "/admin/sso/saml/new",
      new URLSearchParams({
        name: "Okta",
        emailDomains: "saml-security.example",
        idpEntityId: "https://idp.example/saml",
        idpSsoUrl: "https://idp.example/sso",
        idpCertificates: certificate,
        enabled: "on",
      }),
      cookies.admin,
    );
    expect(saml.status).toBe(302);
    const connectionId = /\/admin\/sso\/saml\/([0-9a-f-]{36})/.exec(saml.headers.get("location") ?? "")![1]!;
    ids = {
      connectionId,
      teamId: teamId!,
      waveId: waveId!,
      personId: personId!,
      programId: programId!,
      playId: playId!,
      cohortId: cohortId!,
      snapshotId: snapshotId!,
      inviteToken: await tokenOf("sam.security@northwind.example"),
      resetToken: await tokenOf("dana.whitfield@northwind.example"),
    };
  });
  afterAll(async () => {
    await server?.stop();
    await mailbox?.stop();
  });

  describe("the same-origin rule on every action", () => {
    const createTeam = (name: string, headers: Record<string, string>) =>
      fetch(`${server.url}/admin/teams`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookies.admin, "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ name, parentId: "", managerId: "" }),
      });
    const teamList = async () => (await get("/admin/teams", cookies.admin)).text();

    it("finds the actions to check in app/routes", () => {
      expect(ACTION_ROUTES.length).toBeGreaterThanOrEqual(25);
      expect(ACTION_ROUTES).toEqual(expect.arrayContaining(["login", "logout", "admin.teams", "pulse.$token", "api.v1.$resource"]));
    });

    it("answers 403 to a POST from another origin, with a valid session, and changes nothing", async () => {
      const foreign = await createTeam("Forged Team", { Origin: EVIL });
      expect(foreign.status).toBe(403);
      const crossSite = await createTeam("Forged Team", { "Sec-Fetch-Site": "cross-site" });
      expect(crossSite.status).toBe(403);
      expect(await teamList()).not.toContain("Forged Team");
    });

    it("accepts the same POST from Candor's own origin", async () => {
      const own = await createTeam("Real Team", { Origin: server.url });
      expect(own.status).toBe(200);
      const sameSiteFetch = await createTeam("Fetched Team", { "Sec-Fetch-Site": "same-origin" });
      expect(sameSiteFetch.status).toBe(200);
      const html = await teamList();
      expect(html).toContain("Real Team");
      expect(html).toContain("Fetched Team");
    });

    // What a forging page, or a client that is not a browser, can send. A browser sends Origin on every
    // POST (or, from a page with a strict referrer policy, Origin: null with Sec-Fetch-Site), so a request
    // with neither is refused too (ADR 005): scripts and BI tools use the API, not the forms.
    const forgeries = (url: string): Array<[string, string, Record<string, string>]> => [
      ["POST", "from another origin", { Origin: EVIL }],
      ["POST", "from another port of the same host", { Origin: url.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`) }],
      ["POST", "from a host that starts like ours", { Origin: `${url}.evil.example` }],
      ["POST", "with Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
      ["POST", "with Sec-Fetch-Site: same-site", { "Sec-Fetch-Site": "same-site" }],
      ["POST", "with Origin: null and no Sec-Fetch-Site", { Origin: "null" }],
      ["POST", "with Origin: null from another site", { Origin: "null", "Sec-Fetch-Site": "cross-site" }],
      ["POST", "with neither Origin nor Sec-Fetch-Site", {}],
      ["PUT", "from another origin", { Origin: EVIL }],
      ["PATCH", "with neither header", {}],
      ["DELETE", "with Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
    ];

    describe("every action in app/routes", () => {
      // Pages that show what the actions change: the same before and after all the forged requests.
      const statePages = (): Array<[string, Persona]> => [
        ["/admin/people", "admin"],
        [`/admin/people/${ids.personId}`, "admin"],
        ["/admin/teams", "admin"],
        [`/admin/teams/${ids.teamId}`, "admin"],
        ["/admin/settings", "admin"],
        ["/admin/api-tokens", "admin"],
        ["/admin/deliveries", "admin"],
        ["/admin/crm", "admin"],
        ["/admin/history", "admin"],
        ["/account", "admin"],
        ["/items", "enablement"],
        ["/programs", "enablement"],
        [`/programs/${ids.programId}`, "enablement"],
        ["/playbook", "enablement"],
        [`/playbook/${ids.playId}`, "enablement"],
        ["/training", "enablement"],
        [`/teams/${ids.teamId}/guide`, "manager"],
        [`/teams/${ids.teamId}/conversations`, "manager"],
        [`/self-assessments/${ids.waveId}/${ids.teamId}`, "manager"],
        [`/pulses/${ids.waveId}`, "rep"],
        [`/invite/${ids.inviteToken}`, "anonymous"],
        [`/reset-password/${ids.resetToken}`, "anonymous"],
      ];
      const snapshot = async () => {
        const pages: Record<string, string> = {};
        for (const [path, persona] of statePages()) {
          const response = await get(path, cookieOf(persona));
          let html = (await response.text()).replace(/nonce="[^"]*"/g, "");
          // Each pulse form has its own idempotency key (in the form and in the loader data).
          const key = /name="idempotencyKey" value="([^"]*)"/.exec(html)?.[1];
          if (key) html = html.replaceAll(key, "");
          // So has each form that creates something (its submission key, ADR 034), also in the loader data.
          for (const [, submissionKey] of html.matchAll(/name="submissionKey" value="([^"]*)"/g)) html = html.replaceAll(submissionKey!, "");
          pages[path] = `${response.status} ${html}`;
        }
        return pages;
      };
      let before: Record<string, string>;
      beforeAll(async () => {
        before = await snapshot();
      });

      it("finds the actions to check", () => {
        expect(ACTION_ROUTES.length).toBeGreaterThanOrEqual(27);
        expect(ACTION_ROUTES).toEqual(expect.arrayContaining(["login", "logout", "account", "admin.teams", "pulse.$token", "api.v1.$resource"]));
      });

      for (const route of ACTION_ROUTES) {
        it(`refuses forged requests to the action of ${route} before it runs`, async () => {
          const path = urlOf(route, {
            ...ids,
            token: route === "reset-password.$token" ? ids.resetToken : ids.inviteToken,
            resource: "report",
            connectionId: route === "sso.saml.$connectionId.acs" ? ids.connectionId : "new",
          });
          const persona = PAGES[route]?.as;
          // The forger rides on the session of someone who may use the action.
          const cookie = cookies[persona === undefined || persona === "anonymous" ? "admin" : persona];
          // A form that would do something if it got through: sign out everywhere, a new password, a token, an invitation.
          const body = new URLSearchParams({
            intent: "sign-out-everywhere",
            name: "Forged",
            email: "forged@evil.example",
            role: "admin",
            password: "forged password 1",
            confirm: "forged password 1",
          });
          for (const [method, how, headers] of forgeries(server.url)) {
            const response = await fetch(`${server.url}${path}`, {
              method,
              redirect: "manual",
              headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...headers },
              body,
            });
            if (route === "sso.saml.$connectionId.acs" && method === "POST") {
              // The one action open to a cross-site form post (ADR 043): it reaches the route, which refuses an
              // answer that no flow of this browser asked for, and rides on no session.
              expect(response.status, `${method} ${path} ${how}`).toBe(400);
              expect(await response.text(), `${method} ${path} ${how}`).toContain("This sign-in was not started from Candor in this browser");
              expect(response.headers.get("set-cookie") ?? "", `${method} ${path} ${how}`).not.toContain("candor_session=");
              continue;
            }
            if (route.startsWith("api.v1.")) {
              // The API takes no cookies, so nothing rides on them; its action only ever says it is read-only.
              expect(response.status, `${method} ${path} ${how}`).toBe(405);
              expect(((await response.json()) as { error: { message: string } }).error.message).toBe("The API is read-only: use GET.");
              continue;
            }
            if (route === "scim.v2.$") {
              // SCIM takes no cookies either: a provider's servers send no Origin, so the rule lets it through, and
              // without its bearer token nothing happens (ADR 044).
              expect(response.status, `${method} ${path} ${how}`).toBe(401);
              expect(((await response.json()) as { status: string }).status).toBe("401");
              continue;
            }
            expect(response.status, `${method} ${path} ${how}`).toBe(403);
            expect(await response.text(), `${method} ${path} ${how}`).toBe(FORBIDDEN);
          }
          // The path does reach the route: a same-origin POST without a session gets the route's own answer.
          const own = await postForm(server, path, new URLSearchParams());
          expect(await own.text(), `same-origin POST ${path}`).not.toBe(FORBIDDEN);
        });
      }

      it("changed nothing: every page that shows what the actions change is as it was", async () => {
        expect(await snapshot()).toEqual(before);
      });
    });
  });

  describe("the API: bearer tokens only, read only", () => {
    let token: string;
    beforeAll(async () => {
      const created = await postForm(server, "/admin/api-tokens", new URLSearchParams({ intent: "create", name: "Security test" }), cookies.admin);
      expect(created.status).toBe(200);
      token = /<code class="token[^"]*">(candor_[a-z2-7.]+)<\/code>/.exec(await created.text())![1]!;
    });

    for (const resource of Object.keys(API_RESOURCES)) {
      it(`/api/v1/${resource}: a session cookie alone gets 401, the bearer token gets in, writes get 405`, async () => {
        const url = `/api/v1/${resource}`;
        for (const persona of ["admin", "enablement", "manager", "rep"] as const) {
          const withCookie = await get(url, cookies[persona]);
          expect(withCookie.status, persona).toBe(401);
          expect(withCookie.headers.get("www-authenticate")).toBe('Bearer realm="candor"');
          expect(((await withCookie.json()) as { error: { status: number } }).error.status).toBe(401);
        }
        // The token is accepted (403 names the organisation, where a bad token gets 401) without building the report.
        const accepted = await get(`${url}?organisation=another-org`, undefined, { Authorization: `Bearer ${token}` });
        expect(accepted.status).toBe(403);
        await accepted.text();
        for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
          // From a page of ours (Origin matches), the API itself says it is read-only…
          const own = await fetch(`${server.url}${url}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, Cookie: cookies.admin, Origin: server.url, "Content-Type": "application/json" },
            body: "{}",
          });
          expect(own.status, `${method} ${url}`).toBe(405);
          expect(own.headers.get("allow")).toBe("GET");
          expect(((await own.json()) as { error: { message: string } }).error.message).toBe("The API is read-only: use GET.");
          // …and so it does to a BI tool's write (no Origin) and to a cross-site one: the API takes no cookies,
          // so the same-origin rule has nothing to guard there.
          for (const origin of [undefined, "https://evil.example"]) {
            const tool = await fetch(`${server.url}${url}`, {
              method,
              headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...(origin ? { Origin: origin, Cookie: cookies.admin } : {}) },
              body: "{}",
            });
            expect(tool.status, `${method} ${url} from ${origin ?? "no origin"}`).toBe(405);
            expect(((await tool.json()) as { error: { message: string } }).error.message).toBe("The API is read-only: use GET.");
          }
        }
      });
    }

    // A full read with the token (200 and the organisation's data) is in log-secrets.test.ts and the API's own tests.

    it("/api/v1/openapi.json: the API's document over HTTP, with no token, naming this server; cacheable, 304 with its ETag", async () => {
      // Routed to the document, not taken for a resource called "openapi.json" (which would be 401).
      const served = await get("/api/v1/openapi.json", undefined, { "Accept-Encoding": "gzip" });
      expect(served.status).toBe(200);
      expect(served.headers.get("cache-control")).toBe("public, max-age=300");
      const document = (await served.json()) as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, unknown> };
      expect(document.openapi).toBe("3.1.1");
      expect(document.servers[0]!.url).toBe(server.url);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([...Object.keys(API_RESOURCES).map((r) => `/api/v1/${r}`), "/api/v1/openapi.json"]));
      const etag = served.headers.get("etag")!;
      expect(etag).toMatch(/^W\//);
      const again = await get("/api/v1/openapi.json", undefined, { "If-None-Match": etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    });
  });

  describe("sessions", () => {
    const accountOf = async (cookie: string) => {
      const response = await get("/account", cookie);
      return response.status === 200
        ? (/avery\.admin@northwind\.example|dana\.whitfield@northwind\.example|marcus\.bell@northwind\.example/.exec(await response.text())?.[0] ?? "someone")
        : response.headers.get("location");
    };
    const signInWith = (cookie: string, email: string) =>
      fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
      });

    it("issues a new session at sign-in: a planted cookie is neither kept nor made valid", async () => {
      const planted = `candor_session=${"c".repeat(24)}.${"d".repeat(32)}`;
      const response = await signInWith(planted, "avery.admin@northwind.example");
      expect(response.status).toBe(302);
      const issued = response.headers.get("set-cookie")!.split(";")[0]!;
      expect(issued).toMatch(new RegExp(`^candor_session=${TOKEN_SHAPE.source}$`));
      expect(issued).not.toBe(planted);
      expect(await accountOf(issued)).toBe("avery.admin@northwind.example");
      expect(await accountOf(planted)).toBe("/login?redirectTo=%2Faccount");
    });

    it("does not hand the victim's account to an attacker who planted their own valid session", async () => {
      const attacker = await signInOverHttp(server, "marcus.bell@northwind.example", DEMO_PASSWORD);
      const response = await signInWith(attacker, "avery.admin@northwind.example");
      const victim = response.headers.get("set-cookie")!.split(";")[0]!;
      expect(victim).not.toBe(attacker);
      expect(await accountOf(attacker)).toBe("marcus.bell@northwind.example");
      expect(await accountOf(victim)).toBe("avery.admin@northwind.example");
    });

    it("a cookie stops working once its session signs out, and other sessions of the person go on", async () => {
      const cookie = await signInOverHttp(server, "dana.whitfield@northwind.example", "northwind-demo");
      const other = await signInOverHttp(server, "dana.whitfield@northwind.example", "northwind-demo");
      expect(await accountOf(cookie)).toBe("dana.whitfield@northwind.example");
      const out = await postForm(server, "/logout", new URLSearchParams(), cookie);
      expect(out.status).toBe(302);
      expect(out.headers.get("location")).toBe("/login");
      expect(out.headers.get("set-cookie")).toBe("candor_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
      // The browser forgets the cookie; someone who copied it gets the sign-in page.
      expect(await accountOf(cookie)).toBe("/login?redirectTo=%2Faccount");
      expect((await get("/admin/people", cookie)).headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fpeople");
      expect(await accountOf(other)).toBe("dana.whitfield@northwind.example");
    });

    it("a forged sign-out is refused and the session goes on", async () => {
      const forged = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookies.admin, Origin: EVIL } });
      expect(forged.status).toBe(403);
      expect(forged.headers.get("set-cookie")).toBeNull();
      expect(await accountOf(cookies.admin)).toBe("avery.admin@northwind.example");
    });
  });

  describe("security headers and CSP on every page", () => {
    const nonces = new Set<string>();
    let responses = 0;

    /** Checks a response's headers; returns the CSP nonce. */
    function checkHeaders(response: Response, what: string): string {
      const csp = response.headers.get("content-security-policy");
      expect(csp, what).toBeTruthy();
      const policy = directives(csp!);
      const scriptSrc = policy.get("script-src")!;
      const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
      expect(nonce, `${what}: script-src ${scriptSrc.join(" ")}`).toBeDefined();
      // 16 random bytes in base64.
      expect(nonce!.length, what).toBe(24);
      expect(
        scriptSrc.filter((s) => !s.startsWith("'nonce-")),
        what,
      ).toEqual(["'self'"]);
      expect(policy.get("default-src"), what).toEqual(["'self'"]);
      expect(policy.get("object-src"), what).toEqual(["'none'"]);
      expect(policy.get("base-uri"), what).toEqual(["'self'"]);
      expect(policy.get("form-action"), what).toEqual(["'self'"]);
      expect(policy.get("frame-ancestors"), what).toEqual(["'none'"]);
      expect(policy.get("connect-src"), what).toEqual(["'self'"]);
      expect(csp, what).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|script-src[^;]*(\*|data:|https:)/);
      expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), what).toBe("DENY");
      expect(response.headers.get("referrer-policy"), what).toBe("same-origin");
      expect(response.headers.get("strict-transport-security"), what).toBe("max-age=31536000; includeSubDomains");
      expect(response.headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
      expect(response.headers.get("x-powered-by"), what).toBeNull();
      responses += 1;
      nonces.add(nonce!);
      return nonce!;
    }

    /** Checks an HTML document: every script carries the response's nonce; no inline handlers or javascript: URLs. */
    function checkHtml(html: string, nonce: string, what: string): void {
      expect(html.startsWith("<!DOCTYPE html>"), what).toBe(true);
      const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
      // Remix's context, its route modules and React's hydration scripts.
      expect(scripts.length, what).toBeGreaterThanOrEqual(3);
      for (const tag of scripts) expect(/\snonce="([^"]*)"/.exec(tag)?.[1], `${what}: ${tag}`).toBe(nonce);
      expect(html.match(/<[a-z][^>]*\son[a-z]+\s*=/gi) ?? [], what).toEqual([]);
      expect(html.match(/(href|src|action)\s*=\s*"\s*javascript:/gi) ?? [], what).toEqual([]);
    }

    it("lists every route file of app/routes", () => {
      expect(ROUTE_FILES.map(stem).sort()).toEqual(Object.keys(PAGES).sort());
    });

    for (const [route, page] of Object.entries(PAGES)) {
      it(`${route}: headers, CSP nonce and scripts`, async () => {
        const path = page.path ? page.path(ids) : urlOf(route, { ...ids, resource: "report" });
        const response = await get(path, cookieOf(page.as));
        const what = `GET ${path} as ${page.as}`;
        expect(response.status, what).toBe(page.status);
        const nonce = checkHeaders(response, what);
        if (response.headers.get("content-type")?.startsWith("text/html")) checkHtml(await response.text(), nonce, what);
        else await response.arrayBuffer();
      });
    }

    it("error pages and refusals carry them too: 404, 403, the same-origin 403, a static asset", async () => {
      const notFound = await get(`/teams/00000000-0000-4000-8000-000000000000`, cookies.manager);
      expect(notFound.status).toBe(404);
      checkHtml(await notFound.text(), checkHeaders(notFound, "404 team"), "404 team");
      const denied = await get("/admin/people", cookies.rep);
      expect(denied.status).toBe(403);
      checkHtml(await denied.text(), checkHeaders(denied, "403 admin page for a rep"), "403 admin page for a rep");
      const forged = await fetch(`${server.url}/admin/teams`, { method: "POST", headers: { Cookie: cookies.admin, Origin: EVIL } });
      expect(forged.status).toBe(403);
      checkHeaders(forged, "same-origin 403");
      await forged.text();
      const html = await (await get("/login")).text();
      const asset = /<script[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /href="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const script = await get(asset);
      expect(script.status).toBe(200);
      checkHeaders(script, asset);
      await script.arrayBuffer();
      const missingAsset = await get("/assets/no-such-file.js");
      expect(missingAsset.status).toBe(404);
      checkHeaders(missingAsset, "missing asset");
      await missingAsset.text();
    });

    it("never repeats a nonce: each response has its own", async () => {
      for (const persona of ["anonymous", "admin"] as const) {
        const first = checkHeaders(await get("/login", cookieOf(persona)), "first");
        const second = checkHeaders(await get("/login", cookieOf(persona)), "second");
        expect(first).not.toBe(second);
      }
      expect(responses).toBeGreaterThan(Object.keys(PAGES).length);
      expect(nonces.size).toBe(responses);
    });
  });
});
