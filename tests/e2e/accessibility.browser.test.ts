import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchBrowser, phone } from "./support/browser";
import { postForm } from "./support/flows";
import { demoLogin, logLines, signInOverHttp, startOutboxDemoServer, type RunningServer } from "./support/server";
import { readOutboxMail } from "../support/smtp";

// axe (WCAG 2.0/2.1/2.2 A and AA rules) on every page of the app, at desktop width and on a phone, on the
// demo organisation. The list of pages is checked against app/routes at run time: a new page fails this
// test until it says here which URL shows it and who can see it.

const PASSWORD = "northwind-demo";
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const ROLES = ["anonymous", "rep", "manager", "director", "enablement", "admin"] as const;
type Role = (typeof ROLES)[number];
const LOGINS: Record<Exclude<Role, "anonymous">, string> = {
  rep: "", // the demo's rep with an open pulse, read from the server's start-up lines
  manager: "marcus.bell@northwind.example",
  director: "dana.whitfield@northwind.example",
  enablement: "eli.enablement@northwind.example",
  admin: "avery.admin@northwind.example",
};

/** Ids and one-time links of the demo organisation, found the way a visitor finds them: on its pages and in its mail. */
interface Fixture {
  waveId: string;
  teamId: string;
  selfAssessment: string;
  programId: string;
  playId: string;
  cohortId: string;
  personId: string;
  adminTeamId: string;
  /** A counted CRM snapshot of the demo organisation. */
  crmSnapshotId: string;
  pulseLink: string;
  inviteLink: string;
  resetLink: string;
}

interface Visit {
  role: Role;
  path: (f: Fixture) => string;
  /** The status the page answers with (200 unless said). */
  status?: number;
  /** What the visit shows, when one route has several visits. */
  note?: string;
  /** What the visitor does on the page before axe runs (a form sent with mistakes, to check its errors). */
  act?: (page: Page) => Promise<void>;
}

/** Sends the form with the button named `button` as it is (empty) and waits for the field errors. */
const sendEmpty = (button: string) => async (page: Page) => {
  await page.getByRole("button", { name: button }).click();
  await page.locator(".field__error").first().waitFor();
};

const UNKNOWN_TOKEN = "a".repeat(43);

// The axe-core that @axe-core/playwright runs. Loaded into every page of a context as it starts, and run
// with axe.run in the page: twice as fast as AxeBuilder's injection on each analysis, with the same rules
// (these pages have no frames).
const requireFromAxePlaywright = createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright"));
const AXE_SOURCE = fs.readFileSync(requireFromAxePlaywright.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } };
    return (await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })).violations;
  }, WCAG_TAGS);
}

// Route file (app/routes, without extension) → the visits that show its page.
const PAGES: Record<string, Visit[]> = {
  _index: [
    { role: "anonymous", path: () => "/" },
    { role: "rep", path: () => "/", note: "rep's home" },
    { role: "manager", path: () => "/", note: "manager's home" },
    { role: "director", path: () => "/", note: "director's home" },
    { role: "enablement", path: () => "/", note: "enablement's home" },
    { role: "admin", path: () => "/", note: "admin's home" },
  ],
  $: [{ role: "rep", path: () => "/no-such-page", status: 404, note: "404" }],
  login: [
    { role: "anonymous", path: () => "/login" },
    {
      role: "anonymous",
      path: () => "/login",
      note: "wrong password",
      act: async (page) => {
        await page.getByLabel("Email").fill("nobody@northwind.example");
        await page.getByLabel("Password").fill("not-the-password");
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByText("That email and password do not match an account.").waitFor();
      },
    },
  ],
  "forgot-password": [{ role: "anonymous", path: () => "/forgot-password" }],
  design: [{ role: "anonymous", path: () => "/design" }],
  "invite.$token": [
    { role: "anonymous", path: (f) => new URL(f.inviteLink).pathname },
    { role: "anonymous", path: () => `/invite/${UNKNOWN_TOKEN}`, note: "invalid link" },
  ],
  "reset-password.$token": [
    { role: "anonymous", path: (f) => new URL(f.resetLink).pathname },
    { role: "anonymous", path: () => `/reset-password/${UNKNOWN_TOKEN}`, note: "invalid link" },
  ],
  account: [
    { role: "rep", path: () => "/account" },
    { role: "rep", path: () => "/account", note: "form errors", act: sendEmpty("Change password") },
  ],
  "pulse.$token": [
    { role: "anonymous", path: (f) => new URL(f.pulseLink).pathname, note: "personal link" },
    { role: "anonymous", path: () => `/pulse/${UNKNOWN_TOKEN}`, status: 404, note: "invalid link" },
  ],
  "pulses.$waveId": [{ role: "rep", path: (f) => `/pulses/${f.waveId}` }],
  "self-assessments.$waveId.$teamId": [{ role: "manager", path: (f) => f.selfAssessment }],
  "teams._index": [{ role: "director", path: () => "/teams" }],
  "teams.$teamId": [{ role: "manager", path: (f) => `/teams/${f.teamId}` }],
  "teams.$teamId_.gap": [{ role: "manager", path: (f) => `/teams/${f.teamId}/gap` }],
  "teams.$teamId_.guide": [{ role: "manager", path: (f) => `/teams/${f.teamId}/guide` }],
  "teams.$teamId_.conversations": [{ role: "manager", path: (f) => `/teams/${f.teamId}/conversations` }],
  "teams.$teamId_.themes": [
    { role: "manager", path: (f) => `/teams/${f.teamId}/themes` },
    { role: "enablement", path: (f) => `/teams/${f.teamId}/themes`, note: "with the correction forms" },
  ],
  "playbook._index": [{ role: "manager", path: () => "/playbook" }],
  "playbook.$playId": [
    { role: "manager", path: (f) => `/playbook/${f.playId}`, note: "read" },
    { role: "enablement", path: (f) => `/playbook/${f.playId}`, note: "edit" },
  ],
  "playbook.new": [
    { role: "enablement", path: () => "/playbook/new" },
    { role: "enablement", path: () => "/playbook/new", note: "form errors", act: sendEmpty("Add the play") },
  ],
  "results._index": [
    { role: "enablement", path: () => "/results" },
    { role: "rep", path: () => "/results", status: 403, note: "not allowed" },
  ],
  "results.explorer": [{ role: "enablement", path: () => "/results/explorer" }],
  // The chart and the 400 for a bad option are checked with axe in drivers.browser.test.ts.
  "results.drivers": [{ role: "enablement", path: () => "/results/drivers" }],
  "results.coaching": [{ role: "enablement", path: () => "/results/coaching" }],
  "results.action-plans": [{ role: "enablement", path: () => "/results/action-plans" }],
  "results.themes": [{ role: "enablement", path: () => "/results/themes" }],
  "training._index": [
    { role: "enablement", path: () => "/training" },
    {
      role: "enablement",
      path: () => "/training",
      note: "form errors",
      act: async (page) => {
        await page.getByRole("button", { name: "Save the training" }).click();
        await page.getByText("Pick at least one manager who took the training").waitFor();
      },
    },
  ],
  "training.$cohortId": [{ role: "enablement", path: (f) => `/training/${f.cohortId}` }],
  "programs._index": [{ role: "enablement", path: () => "/programs" }],
  "programs.new": [
    { role: "enablement", path: () => "/programs/new" },
    { role: "enablement", path: () => "/programs/new", note: "form errors", act: sendEmpty("Create program") },
  ],
  "programs.$programId": [{ role: "enablement", path: (f) => `/programs/${f.programId}` }],
  items: [{ role: "enablement", path: () => "/items" }],
  "admin.people": [
    { role: "admin", path: () => "/admin/people" },
    { role: "admin", path: () => "/admin/people", note: "form errors", act: sendEmpty("Send invitation") },
  ],
  "admin.people_.$personId": [{ role: "admin", path: (f) => `/admin/people/${f.personId}` }],
  "admin.people_.$personId_.erase": [
    { role: "admin", path: (f) => `/admin/people/${f.personId}/erase` },
    { role: "admin", path: (f) => `/admin/people/${f.personId}/erase`, note: "form errors", act: sendEmpty("Erase ") },
  ],
  "admin.retention": [
    { role: "admin", path: () => "/admin/retention" },
    {
      role: "admin",
      path: () => "/admin/retention",
      note: "confirmation",
      act: async (page) => {
        await page.getByLabel("Delete individual answers and comments").selectOption("3");
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByLabel("Type delete to confirm").waitFor();
      },
    },
  ],
  "admin.teams": [{ role: "admin", path: () => "/admin/teams" }],
  "admin.teams_.$teamId": [{ role: "admin", path: (f) => `/admin/teams/${f.adminTeamId}` }],
  "admin.roster": [{ role: "admin", path: () => "/admin/roster" }],
  "admin.settings": [{ role: "admin", path: () => "/admin/settings" }],
  "admin.history": [{ role: "admin", path: () => "/admin/history" }],
  "admin.crm": [{ role: "admin", path: () => "/admin/crm" }],
  "admin.crm_.connections": [{ role: "admin", path: () => "/admin/crm/connections" }],
  "admin.crm_.connections_.callback": [{ role: "admin", path: () => "/admin/crm/connections/callback", status: 400, note: "no flow of this browser" }],
  // A counted snapshot: what it feeds and the deletion's confirmation (crm-snapshots.browser.test.ts goes through a preview).
  "admin.crm_.snapshots.$snapshotId": [{ role: "admin", path: (f) => `/admin/crm/snapshots/${f.crmSnapshotId}` }],
  "admin.api-tokens": [{ role: "admin", path: () => "/admin/api-tokens" }],
  "admin.sso": [{ role: "admin", path: () => "/admin/sso" }],
  "admin.sso_.oidc.$connectionId": [
    { role: "admin", path: () => "/admin/sso/oidc/new" },
    { role: "admin", path: () => "/admin/sso/oidc/new", note: "form errors", act: sendEmpty("Add provider") },
  ],
  // Company sign-in's own pages show only why a sign-in did not work (the rest redirects).
  "sso.oidc.$connectionId.start": [{ role: "anonymous", path: () => "/sso/oidc/00000000-0000-4000-8000-000000000000/start", status: 404, note: "unknown provider" }],
  "sso.oidc.callback": [{ role: "anonymous", path: () => "/sso/oidc/callback", status: 400, note: "no sign-in started" }],
  // Slack and Teams (ADR 047): the page, "Add to Slack" without Slack app credentials, and a refused return.
  "admin.chat": [{ role: "admin", path: () => "/admin/chat" }],
  "admin.chat_.slack.install": [{ role: "admin", path: () => "/admin/chat/slack/install", status: 400, note: "no Slack app" }],
  "admin.chat_.slack.callback": [{ role: "admin", path: () => "/admin/chat/slack/callback", status: 400, note: "no state of this session" }],
  "admin.scim": [
    { role: "admin", path: () => "/admin/scim" },
    { role: "admin", path: () => "/admin/scim", note: "form errors", act: sendEmpty("Create SCIM token") },
  ],
  "admin.deliveries": [{ role: "admin", path: () => "/admin/deliveries" }],
  "admin.audit": [{ role: "admin", path: () => "/admin/audit" }],
  "admin.sso_.saml.$connectionId": [
    { role: "admin", path: () => "/admin/sso/saml/new" },
    { role: "admin", path: () => "/admin/sso/saml/new", note: "form errors", act: sendEmpty("Add provider") },
  ],
  // SAML sign-in's own pages (ADR 043): the ACS without a provider's answer, and an unknown provider's start.
  "sso.saml.$connectionId.acs": [{ role: "anonymous", path: () => "/sso/saml/00000000-0000-4000-8000-000000000000/acs" }],
  "sso.saml.$connectionId.start": [{ role: "anonymous", path: () => "/sso/saml/00000000-0000-4000-8000-000000000000/start", status: 404, note: "unknown provider" }],
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Route files that show a page: those with a default export (the rest are resource routes). */
function pageRoutes(): string[] {
  const dir = path.resolve("app/routes");
  return fs
    .readdirSync(dir)
    .filter((file) => /\.tsx?$/.test(file) && /^export default /m.test(fs.readFileSync(path.join(dir, file), "utf8")))
    .map((file) => file.replace(/\.tsx?$/, ""))
    .sort();
}

describe.skipIf(!hasChromium)("accessibility of every page", () => {
  let server: RunningServer;
  let browser: Browser;
  let fixture: Fixture;
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    // No SMTP: mail goes to the outbox, as in the demo, and the log says where.
    server = await startOutboxDemoServer();
    LOGINS.rep = demoLogin(server.output(), "rep in NA Enterprise (pulse open)");
    const [browserLaunched] = await Promise.all([
      launchBrowser(),
      (async () => {
        for (const role of ROLES) if (role !== "anonymous") cookies.set(role, await signInOverHttp(server, LOGINS[role], PASSWORD));
        fixture = await findFixture();
      })(),
    ]);
    browser = browserLaunched;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function html(role: Role, pathname: string): Promise<string> {
    const response = await fetch(`${server.url}${pathname}`, { headers: { Cookie: cookies.get(role) ?? "" } });
    expect(response.status, `${role} ${pathname}`).toBe(200);
    return response.text();
  }

  function firstMatch(text: string, pattern: RegExp, what: string): string {
    const match = pattern.exec(text)?.[1];
    expect(match, what).toBeDefined();
    return match!;
  }

  /**
   * Waits for mail to an address matching `to` with a link leading to `pathPrefix`, and returns the link. In
   * outbox mode the log says where each message was saved (and never its link: ADR 039); the file has it.
   */
  async function mailedLink(to: RegExp, pathPrefix: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      for (const line of logLines(server.output()).filter((l) => l.msg === "mail saved to the outbox")) {
        const mail = await readOutboxMail(String(line.file));
        const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
        if (mail.to.some((address) => to.test(address)) && link?.includes(pathPrefix)) return link;
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${to.source} with a ${pathPrefix} link within 20 s:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function findFixture(): Promise<Fixture> {
    const uuid = "[0-9a-f-]{36}";
    const repHome = await html("rep", "/");
    const managerHome = await html("manager", "/");
    const selfAssessment = firstMatch(managerHome, new RegExp(`href="(/self-assessments/${uuid}/${uuid})"`), "a self-assessment on the manager's home");
    const teamId = firstMatch(managerHome, new RegExp(`href="/teams/(${uuid})"`), "the manager's team");
    const programs = await html("enablement", "/programs");
    const playbook = await html("manager", "/playbook");
    const training = await html("enablement", "/training");
    const people = await html("admin", "/admin/people");
    const teams = await html("admin", "/admin/teams");
    const crm = await html("admin", "/admin/crm");

    // One-time links, made the way people make them: a password reset, an invitation, a pulse for one team.
    const resetFor = "grace.lindqvist@northwind.example";
    expect((await postForm(server, "/forgot-password", new URLSearchParams({ email: resetFor }))).status).toBeLessThan(400);
    const invited = "new.rep@northwind.example";
    const invite = await postForm(server, "/admin/people", new URLSearchParams({ email: invited, name: "New Rep", role: "rep", teamId }), cookies.get("admin"));
    expect(invite.status).toBe(200);
    const form = await html("enablement", "/programs/new");
    const nordics = firstMatch(form, new RegExp(`id="team-(${uuid})"[^>]*/?>\\s*<label[^>]*>Nordics<`), "Nordics on the program form");
    const program = new URLSearchParams({ name: "Nordics check-in", cadence: "once", startsOn: new Date().toISOString().slice(0, 10), openDays: "5", reminderDays: "" });
    for (const [key, value] of [
      ["dimensionKeys", "psychological_safety"],
      ["itemCodes", "ENPS"],
      ["itemCodes", "COMMENT"],
      ["teamIds", nordics],
    ] as const)
      program.append(key, value);
    expect((await postForm(server, "/programs/new", program, cookies.get("enablement"))).status).toBe(302);
    const [resetLink, inviteLink, pulseLink] = await Promise.all([
      mailedLink(new RegExp(escapeRegExp(resetFor)), "/reset-password/"),
      mailedLink(new RegExp(escapeRegExp(invited)), "/invite/"),
      mailedLink(/[a-z.]+@northwind\.example/, "/pulse/"),
    ]);

    return {
      waveId: firstMatch(repHome, new RegExp(`href="/pulses/(${uuid})"`), "the open pulse on the rep's home"),
      teamId,
      selfAssessment,
      programId: firstMatch(programs, new RegExp(`href="/programs/(${uuid})"`), "a program"),
      playId: firstMatch(playbook, new RegExp(`href="/playbook/(${uuid})"`), "a play"),
      cohortId: firstMatch(training, new RegExp(`href="/training/(${uuid})"`), "a training cohort"),
      personId: firstMatch(people, new RegExp(`href="/admin/people/(${uuid})"`), "a person"),
      adminTeamId: firstMatch(teams, new RegExp(`href="/admin/teams/(${uuid})"`), "a team"),
      crmSnapshotId: firstMatch(crm, new RegExp(`href="/admin/crm/snapshots/(${uuid})"`), "a CRM snapshot"),
      pulseLink,
      inviteLink,
      resetLink,
    };
  }

  it("has a visit for every page route", () => {
    expect(Object.keys(PAGES).sort()).toEqual(pageRoutes());
  });

  /** Visits every page in one context (and tab) per role; returns the problems, one entry per page. */
  async function auditEverything(options: BrowserContextOptions, width: string): Promise<string[]> {
    const contexts: BrowserContext[] = [];
    const tabs = new Map<Role, { page: Page; errors: string[] }>();
    const violations: string[] = [];
    const audited: string[] = [];
    try {
      for (const role of ROLES) {
        const context = await browser.newContext(options);
        contexts.push(context);
        await context.addInitScript({ content: AXE_SOURCE });
        const cookie = cookies.get(role);
        if (cookie) {
          const [name, value] = cookie.split("=") as [string, string];
          await context.addCookies([{ name, value, url: server.url }]);
        }
        const tab = { page: await context.newPage(), errors: [] as string[] };
        tab.page.on("pageerror", (error) => tab.errors.push(error.message));
        tabs.set(role, tab);
      }
      for (const [route, visits] of Object.entries(PAGES)) {
        for (const visit of visits) {
          const target = visit.path(fixture);
          const { page, errors } = tabs.get(visit.role)!;
          errors.length = 0;
          const response = await page.goto(`${server.url}${target}`);
          const label = `${route}${visit.note ? ` (${visit.note})` : ""} as ${visit.role}: ${target}`;
          const problems: string[] = [];
          if (response?.status() !== (visit.status ?? 200)) problems.push(`status ${response?.status()}, expected ${visit.status ?? 200}`);
          // The page asked for, not a sign-in redirect.
          if (new URL(page.url()).pathname !== target) problems.push(`landed on ${page.url()}`);
          await page.locator("h1").first().waitFor();
          await visit.act?.(page);
          for (const v of await runAxe(page)) problems.push(`${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.map((n) => n.target.join(" ")).join("\n      ")}`);
          problems.push(...errors.map((e) => `page error: ${e}`));
          if (problems.length > 0) violations.push(`${width} ${label}\n    ${problems.join("\n    ")}`);
          audited.push(`  ${problems.length === 0 ? "ok  " : "FAIL"} ${label}`);
        }
      }
    } finally {
      for (const context of contexts) await context.close();
    }
    console.info(`axe (${WCAG_TAGS.join(", ")}) at ${width}, ${audited.length} pages:\n${audited.join("\n")}`);
    return violations;
  }

  it("every page at desktop width and on a phone: axe finds no violation", async () => {
    // The two widths side by side: each in its own contexts, so that the two cores share the work.
    const [desktop, onPhone] = await Promise.all([auditEverything({ viewport: { width: 1280, height: 720 } }, "desktop 1280×720"), auditEverything(phone, "phone 390×844")]);
    expect([...desktop, ...onPhone]).toEqual([]);
    // 52 pages at two widths take 110 s on a quiet 2-core machine; a busy one needs more.
  }, 300_000);
});
