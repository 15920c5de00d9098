import fs from "node:fs";
import fc from "fast-check";
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, expect, it } from "vitest";
import { API_RESOURCES } from "../../app/http/api.server";
import * as apiRoute from "../../app/routes/api.v1.$resource";
import { newIdempotencyKey } from "../../app/services/answering.server";
import { createApiToken, revokeApiToken } from "../../app/services/api-tokens.server";
import { saveSamlConnection } from "../../app/services/saml.server";
import { validateSessionToken } from "../../app/auth/session.server";
import { IDP_KEY, IDP_SSO_URL } from "../support/saml-idp";
import { createCrmPreview } from "../factories/crm";
import { createTestOrganisation, sessionCookieFor, TEST_PASSWORD, type TestOrganisation, type TestPerson } from "../factories/organisation";
import { createOpenWave, userOf } from "../factories/pulse";
import { changedTables, fingerprint, VOLATILE_TABLES } from "../support/db-fingerprint";
import { formDataOf, HOSTILE_STRINGS, hostileString, mutatedForm } from "../support/fuzz";
import { malformedCsv, type Rows } from "../support/fuzz-csv";
import { callRoute, type CallResult } from "../support/remix";
import { describeWithDb } from "../support/test-db";
import { sayInEnglish } from "../../app/i18n/catalogues.server";

// Property-based fuzzing of every form action and of the API (issue 10, "Bad input"). Each action gets
// forms grown from a valid one (fields dropped, repeated, replaced by hostile values: oversized, wrong
// types, Unicode edge cases, script and SQL fragments, intents that do not exist, ids of another
// organisation) plus random fields, sent urlencoded or multipart by the persona allowed to use it.
// Property: no exception but a Response, no 5xx, and a refused request (4xx) changes no table (a
// fingerprint of the whole database, sessions and throttling counters aside). Upload routes get random
// files too. Seeded: FUZZ_SEED overrides the seed; fast-check prints the seed and path of a failure.

const SEED = Number(process.env.FUZZ_SEED ?? 20260611);
const RUNS = Number(process.env.FUZZ_ACTION_RUNS ?? 25);
/** Tables an API read may write: the volatile ones, and the audit log's record of the token's hourly use. */
const READ_MAY_AUDIT = [...VOLATILE_TABLES, "audit_entry", "audit_chain"];

interface Fixture {
  org: TestOrganisation;
  /** A second organisation for uploads (a roster may deactivate people) and for other tenants' ids. */
  uploads: TestOrganisation;
  other: TestOrganisation;
  programId: string;
  waveId: string;
  playId: string;
  otherPlayId: string;
  /** A SAML connection of `org`. */
  samlConnectionId: string;
  /** A CRM snapshot of `org` waiting as a preview. */
  crmSnapshotId: string;
}

type Persona = "anonymous" | "repA" | "managerA" | "enablement" | "admin";

interface ActionCase {
  /** Runs as this person of `org` (or of `uploads` for the upload routes). */
  persona: Persona;
  uploads?: boolean;
  path: (f: Fixture) => string;
  params?: (f: Fixture) => Record<string, string>;
  /** Valid forms to grow hostile ones from (one per intent); Partial only so that literals of different shapes fit. */
  valid: (f: Fixture) => Array<Partial<Record<string, string>>>;
  /** A file field to send with random CSV content, grown from these rows. */
  file?: { field: string; rows: (f: Fixture) => Rows };
}

const UUID = "7a0e1c9e-2b7d-4c51-9a53-0c7f0f6c4d11";
const PASSWORD = "a new long passphrase 2026";

const ROSTER = (f: Fixture): Rows => {
  const d = `${f.uploads.slug}.example`;
  return [
    ["email", "name", "role", "team", "manager_email"],
    [`admin@${d}`, "Ada Admin", "admin", "", ""],
    [`manager-a@${d}`, "Mia Manager A", "manager", "Region", ""],
    [`rep-a1@${d}`, "Rep A1", "rep", "Region > Team A", `manager-a@${d}`],
    [`upload-new@${d}`, "Zoë New", "rep", "Region > Team Upload", `manager-a@${d}`],
  ];
};
const HISTORY: Rows = [
  ["team", "period", "PS1", "ENPS", "COMMENT"],
  ["Team A", "2026-01-05", "5", "9", "Fine"],
  ["Team B", "2026-01-05", "3", "", "<script>alert(1)</script>"],
];
const CRM: Rows = [
  ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner", "Pipeline"],
  ["901", "Big deal", "Closed Won", "5000", "2026-05-01", "2026-02-01", "rep@x.example", "Sales Pipeline"],
  ["902", "'; drop table person;--", "Appointment Scheduled", "800", "2026-07-01", "2026-05-20", "Pat Unknown", "Sales Pipeline"],
];
const CRM_OPTIONS = { format: "auto", asOf: "", encoding: "auto", dates: "auto", importValidRows: "on" };
const play = {
  title: "Fuzzed play",
  summary: "A summary of the play.",
  dimensionKeys: "psychological_safety",
  signals: "A signal",
  managerDoes: "Does things",
  cadence: "Weekly",
  goodResult: "Better",
};

// The routes in the order they run: the ones that close or deactivate things last.
const ACTIONS: Record<string, ActionCase> = {
  "api.v1.$resource": { persona: "anonymous", path: () => "/api/v1/report", params: () => ({ resource: "report" }), valid: () => [{}] },
  "api.v1.openapi[.]json": { persona: "anonymous", path: () => "/api/v1/openapi.json", valid: () => [{}] },
  login: {
    persona: "anonymous",
    path: () => "/login",
    valid: (f) => [{ email: f.org.people.repB!.email, password: TEST_PASSWORD, organisationId: "", redirectTo: "/" }],
  },
  "forgot-password": { persona: "anonymous", path: () => "/forgot-password", valid: (f) => [{ email: f.org.people.repB!.email }] },
  "invite.$token": { persona: "anonymous", path: () => "/invite/x", params: () => ({ token: "x" }), valid: () => [{ password: PASSWORD, confirm: PASSWORD }] },
  "reset-password.$token": { persona: "anonymous", path: () => "/reset-password/x", params: () => ({ token: "x" }), valid: () => [{ password: PASSWORD, confirm: PASSWORD }] },
  "pulse.$token": { persona: "anonymous", path: () => "/pulse/x", params: () => ({ token: "x" }), valid: () => [{ "a.ENPS": "8", idempotencyKey: newIdempotencyKey() }] },
  "pulses.$waveId": {
    persona: "repA",
    path: (f) => `/pulses/${f.waveId}`,
    params: (f) => ({ waveId: f.waveId }),
    valid: () => [{ "a.ENPS": "8", "a.PS1": "5", "a.COMMENT": "Fine", idempotencyKey: newIdempotencyKey() }],
  },
  "self-assessments.$waveId.$teamId": {
    persona: "managerA",
    path: (f) => `/self-assessments/${f.waveId}/${f.org.teams.a}`,
    params: (f) => ({ waveId: f.waveId, teamId: f.org.teams.a! }),
    valid: () => [{ "a.PS1": "5", "a.PS2": "6" }],
  },
  "teams.$teamId_.guide": {
    persona: "managerA",
    path: (f) => `/teams/${f.org.teams.a}/guide`,
    params: (f) => ({ teamId: f.org.teams.a! }),
    valid: () => [
      { intent: "create", dimensionKey: "psychological_safety", action: "Run a blameless review", owner: "Mia", reviewOn: "2026-09-01" },
      { intent: "update", planId: UUID, status: "done", outcomeNote: "Worked" },
    ],
  },
  "teams.$teamId_.conversations": {
    persona: "managerA",
    path: (f) => `/teams/${f.org.teams.a}/conversations`,
    params: (f) => ({ teamId: f.org.teams.a! }),
    valid: () => [{ commentId: UUID, body: "Thank you for this. What would help?" }],
  },
  "teams.$teamId_.themes": {
    persona: "enablement",
    path: (f) => `/teams/${f.org.teams.a}/themes`,
    params: (f) => ({ teamId: f.org.teams.a! }),
    valid: () => [{ commentId: UUID, themes: "forecasting", sentiment: "negative", theme: "" }],
  },
  account: {
    persona: "repA",
    path: () => "/account",
    valid: () => [{ intent: "change-password", currentPassword: TEST_PASSWORD, newPassword: PASSWORD, confirm: PASSWORD }, { intent: "sign-out-everywhere" }],
  },
  items: {
    persona: "enablement",
    path: () => "/items",
    valid: () => [
      { intent: "add", text: "I can raise a problem in our pipeline review.", dimensionKey: "psychological_safety", newDimensionName: "", reverseKeyed: "on" },
      { intent: "retire", code: "PS7" },
      { intent: "restore", code: "PS7" },
      { intent: "edmondson", enabled: "on" },
      {
        intent: "translate",
        code: "EPS2",
        de: "Die Mitglieder dieses Teams können Probleme und schwierige Themen ansprechen.",
        fr: "",
        es: "",
        "pt-BR": "",
        ja: "",
        ar: "",
        en: "",
      },
    ],
  },
  "playbook.new": { persona: "enablement", path: () => "/playbook/new", valid: () => [play] },
  "playbook.$playId": {
    persona: "enablement",
    path: (f) => `/playbook/${f.playId}`,
    params: (f) => ({ playId: f.playId }),
    valid: () => [play, { intent: "archive" }, { intent: "restore" }],
  },
  "programs.new": {
    persona: "enablement",
    path: () => "/programs/new",
    valid: (f) => [
      {
        name: "Fuzzed pulse",
        dimensionKeys: "collaboration",
        itemCodes: "ENPS",
        teamIds: f.org.teams.b!,
        includeSubteams: "on",
        cadence: "monthly",
        startsOn: "2026-12-01",
        openDays: "7",
        reminderDays: "2, 4",
      },
    ],
  },
  "training._index": {
    persona: "enablement",
    path: () => "/training",
    valid: (f) => [{ name: "Coaching basics", heldOn: "2026-03-01", managerIds: f.org.people.managerA!.id, dimensionKeys: "psychological_safety" }],
  },
  "admin.sso": {
    persona: "admin",
    path: () => "/admin/sso",
    valid: () => [
      { intent: "policy", ssoCreateAccounts: "on", ssoBreakGlassPersonId: "" },
      { intent: "remove", connectionId: UUID },
    ],
  },
  "admin.sso_.saml.$connectionId": {
    persona: "admin",
    path: (f) => `/admin/sso/saml/${f.samlConnectionId}`,
    params: (f) => ({ connectionId: f.samlConnectionId }),
    valid: (f) => [
      { name: "Okta", emailDomains: `${f.org.slug}.example`, idpEntityId: "https://idp.example/saml", idpSsoUrl: IDP_SSO_URL, idpCertificates: IDP_KEY.cert, enabled: "on" },
    ],
  },
  // A provider's answer without this browser's flow: refused (400) before anything is read or written.
  "sso.saml.$connectionId.acs": {
    persona: "anonymous",
    path: (f) => `/sso/saml/${f.samlConnectionId}/acs`,
    params: (f) => ({ connectionId: f.samlConnectionId }),
    valid: () => [{ SAMLResponse: Buffer.from("<samlp:Response/>").toString("base64"), RelayState: "" }],
  },
  // Saving an OpenID Connect provider reaches no provider (discovery happens at sign-in).
  "admin.sso_.oidc.$connectionId": {
    persona: "admin",
    path: () => "/admin/sso/oidc/new",
    params: () => ({ connectionId: "new" }),
    valid: (f) => [{ name: "Okta", emailDomains: `oidc-${f.org.slug}.example`, issuer: "https://idp.example/oauth2/default", clientId: "candor", clientSecret: "secret" }],
  },
  // Slack and Teams: the forms that reach no third party (this organisation has no Slack workspace connected).
  "admin.chat": {
    persona: "admin",
    path: () => "/admin/chat",
    valid: (f) => [
      { intent: "webhook", teamId: f.org.teams.a!, url: "https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=x" },
      { intent: "remove-webhook", teamId: f.org.teams.a! },
      { intent: "match" },
      { intent: "disconnect" },
    ],
  },
  "admin.api-tokens": { persona: "admin", path: () => "/admin/api-tokens", valid: () => [{ name: "BI tool" }, { intent: "revoke", id: "abc" }] },
  "admin.scim": { persona: "admin", path: () => "/admin/scim", valid: () => [{ name: "Okta" }, { intent: "revoke", id: "abc" }] },
  // SCIM takes a bearer token, never a session or a form: every fuzzed form is a 401 in SCIM's format.
  "scim.v2.$": { persona: "anonymous", path: () => "/scim/v2/Users", params: () => ({ "*": "Users" }), valid: () => [{}] },
  "admin.deliveries": { persona: "admin", path: () => "/admin/deliveries", valid: () => [{ id: "00000000-0000-4000-8000-000000000000" }] },
  // Downloads the audit log (recording the download); hostile filters are refused before anything is written.
  "admin.audit": {
    persona: "admin",
    path: () => "/admin/audit",
    valid: (f) => [{ format: "csv" }, { format: "json", from: "2026-01-01", targetType: "person", targetId: f.org.people.repA!.id }],
  },
  "admin.crm": {
    persona: "admin",
    path: () => "/admin/crm",
    valid: (f) => [
      { intent: "rate", currency: "EUR", rate: "1.1" },
      { intent: "owner", owner: "Pat Unknown", personId: f.org.people.repA!.id },
      { intent: "stage", stage: "Appointment Scheduled", status: "won" },
      { intent: "mapping", header: '["ID","Owner","Stage"]', crmId: "ID", owner: "Owner", stage: "Stage" },
    ],
  },
  // CRM connections: the forms that reach no provider (nothing is connected, and no OAuth app is configured).
  "admin.crm_.connections": {
    persona: "admin",
    path: () => "/admin/crm/connections",
    valid: () => [
      { intent: "schedule", provider: "hubspot", weekly: "on", period: "month" },
      { intent: "test", provider: "salesforce" },
      { intent: "pull", provider: "pipedrive" },
      { intent: "disconnect", provider: "hubspot" },
      { intent: "oauth", provider: "salesforce" },
    ],
  },
  "admin.people": {
    persona: "admin",
    path: () => "/admin/people",
    valid: (f) => [{ email: "new.person@fuzz.example", name: "New Person", role: "rep", teamId: f.org.teams.a! }],
  },
  "admin.teams": { persona: "admin", path: () => "/admin/teams", valid: (f) => [{ name: "Fuzz team", parentId: f.org.teams.region!, managerId: "" }] },
  "admin.teams_.$teamId": {
    persona: "admin",
    path: (f) => `/admin/teams/${f.org.teams.a1}`,
    params: (f) => ({ teamId: f.org.teams.a1! }),
    valid: (f) => [
      { intent: "rename", name: "Team A1 renamed" },
      { intent: "move", parentId: f.org.teams.a! },
      { intent: "manager", managerId: f.org.people.managerA!.id },
    ],
  },
  "admin.settings": {
    persona: "admin",
    path: () => "/admin/settings",
    valid: () => [{ name: "Fuzzed organisation", minGroupSize: "5", minCommentGroupSize: "7", fiscalYearStartMonth: "4", timezone: "Europe/London", recentJoinDays: "21" }],
  },
  "admin.people_.$personId": {
    persona: "admin",
    path: (f) => `/admin/people/${f.org.people.repB!.id}`,
    params: (f) => ({ personId: f.org.people.repB!.id }),
    valid: (f) => [{ intent: "role", role: "manager" }, { intent: "team", teamId: f.org.teams.b! }, { intent: "deactivate" }, { intent: "reactivate" }, { intent: "resend" }],
  },
  "admin.roster": {
    persona: "admin",
    uploads: true,
    path: () => "/admin/roster",
    valid: () => [{ intent: "preview" }, { intent: "apply", deactivateMissing: "on", invite: "on" }],
    file: { field: "file", rows: ROSTER },
  },
  "admin.history": { persona: "admin", uploads: true, path: () => "/admin/history", valid: () => [{}], file: { field: "file", rows: () => HISTORY } },
  "admin.crm.upload": { persona: "admin", uploads: true, path: () => "/admin/crm/upload", valid: () => [CRM_OPTIONS], file: { field: "file", rows: () => CRM } },
  "programs.$programId": {
    persona: "enablement",
    path: (f) => `/programs/${f.programId}`,
    params: (f) => ({ programId: f.programId }),
    valid: (f) => [{ intent: "pause" }, { intent: "resume" }, { intent: "close-wave", waveId: f.waveId }],
  },
  "admin.retention": {
    persona: "admin",
    path: () => "/admin/retention",
    valid: () => [
      { intent: "save", months: "12" },
      { intent: "save", months: "6", confirmation: "delete" },
      { intent: "save", months: "off" },
      { intent: "run", confirmation: "delete" },
    ],
  },
  // Erases manager B the first time a valid form gets through; every later one is a 409 that changes nothing.
  "admin.people_.$personId_.erase": {
    persona: "admin",
    path: (f) => `/admin/people/${f.org.people.managerB!.id}/erase`,
    params: (f) => ({ personId: f.org.people.managerB!.id }),
    valid: (f) => [{ confirmation: f.org.people.managerB!.email }],
  },
  // Confirms the preview the first time a valid form gets through (replacing nothing: the id counts nowhere,
  // a 409), then deletes it; every later one is a 404 or 409 that changes nothing.
  "admin.crm_.snapshots.$snapshotId": {
    persona: "admin",
    path: (f) => `/admin/crm/snapshots/${f.crmSnapshotId}`,
    params: (f) => ({ snapshotId: f.crmSnapshotId }),
    valid: () => [{ intent: "confirm", replaces: UUID }, { intent: "confirm" }, { intent: "delete" }],
  },
  logout: { persona: "repA", path: () => "/logout", valid: () => [{}] },
  language: {
    persona: "repA",
    path: () => "/language",
    valid: () => [
      { language: "de", returnTo: "/" },
      { language: "pt-BR", returnTo: "/account" },
    ],
  },
};

async function importRoute(name: string): Promise<{ action?: (args: ActionFunctionArgs) => unknown }> {
  return import(/* @vite-ignore */ `../../app/routes/${name}.tsx`).catch(() => import(/* @vite-ignore */ `../../app/routes/${name}.ts`));
}

it("fuzzes every route that exports an action", async () => {
  const names = fs.readdirSync(new URL("../../app/routes", import.meta.url)).map((f) => f.replace(/\.tsx?$/, ""));
  const withAction: string[] = [];
  for (const name of names) if ((await importRoute(name)).action) withAction.push(name);
  // admin.crm also takes its uploads: it is fuzzed with both bodies below.
  expect(withAction.sort()).toEqual(Object.keys(ACTIONS).sort());
});

/** A request body: urlencoded like a browser form, or multipart with an optional file. */
type Body =
  | { kind: "urlencoded"; entries: Array<[string, string]> }
  | { kind: "multipart"; entries: Array<[string, string]>; file?: { field: string; name: string; content: string } };

function bodies(valid: Array<Partial<Record<string, string>>>, ids: string[], file?: { field: string; rows: Rows }): fc.Arbitrary<Body> {
  const forms = fc.oneof(...valid.map((v) => mutatedForm(v as Record<string, string>, ids)));
  if (!file) {
    return fc.tuple(forms, fc.boolean()).map(([entries, multipart]): Body => (multipart ? { kind: "multipart", entries } : { kind: "urlencoded", entries }));
  }
  const fileName = fc.oneof({ weight: 4, arbitrary: fc.constant("upload.csv") }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, "a\u0000b.csv") });
  return fc
    .tuple(forms, malformedCsv(file.rows), fileName, fc.constantFrom(file.field, file.field, "csv", "other"))
    .map(([entries, content, name, field]): Body => ({ kind: "multipart", entries, file: { field, name, content } }));
}

function formOf(body: Body): URLSearchParams | FormData {
  if (body.kind === "urlencoded") return new URLSearchParams(body.entries);
  // The upload routes read their option fields before the file, as the page sends them.
  const form = formDataOf(body.entries);
  if (body.file) form.append(body.file.field, new Blob([body.file.content], { type: "text/csv" }), body.file.name);
  return form;
}

describeWithDb("fuzzing the form actions and the API", (t) => {
  const f = {} as Fixture;
  let ids: string[] = [];
  beforeAll(async () => {
    t.setNow("2026-06-15T12:00:00Z");
    const org = await createTestOrganisation(t.app, { reps: 1 });
    const { programId, waveId } = await createOpenWave(t.app, org);
    const uploads = await createTestOrganisation(t.app, { reps: 1 });
    const other = await createTestOrganisation(t.app, { reps: 1 });
    const playOf = async (organisationId: string) =>
      (await t.app.db.selectFrom("play").select("id").where("organisationId", "=", organisationId).where("key", "=", "bad-news-first").executeTakeFirstOrThrow()).id;
    const admin = (await validateSessionToken(t.app, org.people.admin!.cookie.split("=")[1]!))!;
    const saml = {
      name: "Okta",
      emailDomains: `${org.slug}.example`,
      enabled: true,
      idpEntityId: "https://idp.example/saml",
      idpSsoUrl: IDP_SSO_URL,
      idpCertificates: IDP_KEY.cert,
    };
    const samlConnectionId = await saveSamlConnection(t.app, admin, "new", saml);
    const crmSnapshotId = await createCrmPreview(t.app, org.id, org.people.repA!.email);
    Object.assign(f, { org, uploads, other, programId, waveId, playId: await playOf(org.id), otherPlayId: await playOf(other.id), samlConnectionId, crmSnapshotId });
    // Real ids, of this organisation and of another, for any field: ids are where tenants leak.
    ids = [
      ...Object.values(org.teams),
      ...Object.values(org.people).map((p) => p.id),
      ...Object.values(other.teams),
      other.people.managerA!.id,
      programId,
      waveId,
      f.playId,
      f.otherPlayId,
      "rename",
      "move",
      "apply",
      "revoke",
      "close-wave",
    ];
  });

  async function cookieOf(persona: Persona, uploads: boolean): Promise<string | undefined> {
    if (persona === "anonymous") return undefined;
    const person: TestPerson = (uploads ? f.uploads : f.org).people[persona]!;
    // A fresh session every time: logout and sign-out-everywhere end the ones they get.
    return sessionCookieFor(t.app, person);
  }

  for (const [name, spec] of Object.entries(ACTIONS)) {
    it(`${name}: hostile forms never fail the server, and a refused one changes nothing`, async () => {
      const { action } = await importRoute(name);
      await fc.assert(
        fc.asyncProperty(bodies(spec.valid(f), ids, spec.file && { field: spec.file.field, rows: spec.file.rows(f) }), async (body) => {
          const cookie = await cookieOf(spec.persona, spec.uploads ?? false);
          const before = await fingerprint(t.app.db);
          let result: CallResult;
          try {
            result = await callRoute(action as never, { app: t.app, path: spec.path(f), method: "POST", cookie, params: spec.params?.(f), form: formOf(body) });
          } catch (error) {
            throw new Error(`${name} threw instead of answering: ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
          }
          expect(result.status, JSON.stringify(result.data)?.slice(0, 500)).toBeLessThan(500);
          if (result.status >= 400) expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  // The fuzzing found that a NUL in almost any text field failed the request in the database (a 500); every
  // field of every valid form, with a NUL and with 100,000 characters, is now an example of its own.
  it("a NUL or 100,000 characters in any field of any valid form is refused or taken, never a 5xx", async () => {
    const refusedNul: string[] = [];
    for (const [name, spec] of Object.entries(ACTIONS)) {
      const { action } = await importRoute(name);
      for (const valid of spec.valid(f)) {
        for (const field of Object.keys(valid)) {
          for (const value of ["a\u0000b", "x".repeat(100_000)]) {
            const cookie = await cookieOf(spec.persona, spec.uploads ?? false);
            const before = await fingerprint(t.app.db);
            const form = new URLSearchParams({ ...(valid as Record<string, string>), [field]: value });
            const result = await callRoute(action as never, { app: t.app, path: spec.path(f), method: "POST", cookie, params: spec.params?.(f), form });
            expect(result.status, `${name} ${field}=${value.slice(0, 5)}: ${String(result.data).slice(0, 200)}`).toBeLessThan(500);
            if (result.status >= 400) expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
            if (value.length === 3 && result.status >= 400) refusedNul.push(`${name} ${field}`);
          }
        }
      }
    }
    expect(refusedNul).toEqual(expect.arrayContaining(["admin.teams name", "admin.api-tokens name", "login email", "pulses.$waveId a.COMMENT", "items code"]));
    // Every valid form of every action twice over: ~25 s alone on two cores, so it has its own limit.
  }, 120_000);

  it("counterexamples the fuzzing found: an unnamed multipart field, a body that is no form, rates and dates past their columns, an inherited name as API resource", async () => {
    const unnamed = formDataOf([["", "x"]]);
    unnamed.append("file", new Blob(["Record ID,Deal owner,Deal Stage\n1,a@b.example,Closed Won\n"], { type: "text/csv" }), "deals.csv");
    const { action: upload } = await importRoute("admin.crm.upload");
    const beforeUpload = await fingerprint(t.app.db);
    const refused = await callRoute(upload as never, { app: t.app, path: "/admin/crm/upload", method: "POST", cookie: await cookieOf("admin", true), form: unnamed });
    expect(refused).toMatchObject({ status: 400 });
    // The upload's answer carries its message said by key; the page says it in the reader's language (ADR 057).
    const answer = JSON.parse(String((refused as { data: unknown }).data)) as { status: string; message: string };
    expect({ ...answer, message: sayInEnglish(answer.message) }).toEqual({
      status: "invalid-file",
      message: "The upload could not be read. Choose the file again and resend the form.",
    });
    expect(changedTables(beforeUpload, await fingerprint(t.app.db))).toEqual([]);

    // A snapshot date in year 0000 is ignored like any unreadable option: the upload day is taken.
    const asOfYearZero = formDataOf(Object.entries({ ...CRM_OPTIONS, asOf: "0000-01-01" }));
    asOfYearZero.append("file", new Blob([`${CRM.map((r) => r.join(",")).join("\n")}\n`], { type: "text/csv" }), "deals.csv");
    const taken = await callRoute(upload as never, { app: t.app, path: "/admin/crm/upload", method: "POST", cookie: await cookieOf("admin", true), form: asOfYearZero });
    expect(taken.status).toBeLessThan(500);
    expect(JSON.parse(taken.data as string)).toMatchObject({ asOf: "2026-06-15" });
    const before = await fingerprint(t.app.db);

    const { action: teams } = await importRoute("admin.teams");
    const request = new Request("http://candor.test/admin/teams", {
      method: "POST",
      headers: { Origin: "http://candor.test", Cookie: (await cookieOf("admin", false))!, "Content-Type": "text/plain" },
      body: "name=Team",
    });
    const thrown = await Promise.resolve(teams!({ request, params: {}, context: { app: t.app, cspNonce: "n", clientAddress: "203.0.113.7" } })).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(await (thrown as Response).text()).toBe("The form could not be read. Reload the page and send it again.");
    // The pulse pages read their own bodies (urlencoded directly); any other body goes through readForm too.
    const { action: pulses } = await importRoute("pulses.$waveId");
    const pulseRequest = new Request(`http://candor.test/pulses/${f.waveId}`, {
      method: "POST",
      headers: { Origin: "http://candor.test", Cookie: (await cookieOf("repA", false))!, "Content-Type": "text/plain" },
      body: "a.ENPS=8",
    });
    const pulseThrown = await Promise.resolve(
      pulses!({ request: pulseRequest, params: { waveId: f.waveId }, context: { app: t.app, cspNonce: "n", clientAddress: "203.0.113.7" } }),
    ).catch((error: unknown) => error);
    expect(pulseThrown).toBeInstanceOf(Response);
    expect((pulseThrown as Response).status).toBe(400);

    const adminCookie = await cookieOf("admin", false);
    for (const rate of ["1e20", "0.000000001"]) {
      const result = await callRoute((await importRoute("admin.crm")).action as never, {
        app: t.app,
        path: "/admin/crm",
        method: "POST",
        cookie: adminCookie,
        form: { intent: "rate", currency: "EUR", rate },
      });
      // The service's own message, not a bare "Not saved." (the page used to hide why).
      expect(result, rate).toMatchObject({ status: 400 });
      expect(sayInEnglish(String((result as { data: { formError: string } }).data.formError)), rate).toBe("A rate is a positive number from 0.000001 to 1,000,000,000.");
    }
    const enablementCookie = await cookieOf("enablement", false);
    const program = {
      name: "Year zero",
      dimensionKeys: "collaboration",
      itemCodes: "",
      teamIds: f.org.teams.b!,
      cadence: "monthly",
      startsOn: "0000-01-01",
      openDays: "7",
      reminderDays: "",
    };
    const yearZero = await callRoute((await importRoute("programs.new")).action as never, {
      app: t.app,
      path: "/programs/new",
      method: "POST",
      cookie: enablementCookie,
      form: program,
    });
    expect(yearZero).toMatchObject({ status: 400 });
    expect(sayInEnglish(String((yearZero as { data: { fieldErrors: { startsOn: string } } }).data.fieldErrors.startsOn))).toBe("Enter a date from 2000 to 2099");
    const training = { name: "Year zero", heldOn: "0000-01-01", managerIds: f.org.people.managerA!.id, dimensionKeys: "psychological_safety" };
    const heldInYearZero = await callRoute((await importRoute("training._index")).action as never, {
      app: t.app,
      path: "/training",
      method: "POST",
      cookie: enablementCookie,
      form: training,
    });
    expect(heldInYearZero).toMatchObject({ status: 400 });
    expect(sayInEnglish((heldInYearZero.data as { fieldErrors: Record<string, string> }).fieldErrors.heldOn!)).toBe("Give a date from 2000 to 2099");
    expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);

    const admin = await userOf(t.app, f.org.people.admin!);
    const { token } = await createApiToken(t.app, admin, "inherited names");
    for (const resource of ["__proto__", "toString", "constructor"]) {
      const result = await callRoute(apiRoute.loader as never, { app: t.app, path: `/api/v1/${resource}`, params: { resource }, headers: { Authorization: `Bearer ${token}` } });
      expect(result.status, resource).toBe(404);
    }
  });

  it("admin.crm with multipart uploads: hostile files never fail the server, and a refused one changes nothing", async () => {
    const { action } = await importRoute("admin.crm");
    await fc.assert(
      fc.asyncProperty(bodies([CRM_OPTIONS], ids, { field: "file", rows: CRM }), async (body) => {
        const cookie = await cookieOf("admin", true);
        const before = await fingerprint(t.app.db);
        const result = await callRoute(action as never, { app: t.app, path: "/admin/crm", method: "POST", cookie, form: formOf(body) });
        expect(result.status).toBeLessThan(500);
        if (result.status >= 400) expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("API: any resource, query and Authorization header gets a JSON answer, never a 5xx, and reads change nothing", async () => {
    const admin = await userOf(t.app, f.org.people.admin!);
    const valid = await createApiToken(t.app, admin, "fuzz");
    const revoked = await createApiToken(t.app, admin, "revoked");
    await revokeApiToken(t.app, admin, revoked.id);
    const otherToken = await createApiToken(t.app, await userOf(t.app, f.other.people.admin!), "other");
    const resources = Object.keys(API_RESOURCES);
    const resource = fc.oneof(
      fc.constantFrom(...resources),
      fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "REPORT", "report/", ""),
      hostileString(),
    );
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        `Bearer ${valid.token}`,
        `Bearer ${valid.token}`,
        `bearer  ${valid.token}`,
        `Bearer ${revoked.token}`,
        `Bearer ${otherToken.token}`,
        `Bearer ${valid.token}x`,
        `Bearer ${valid.token.slice(0, -1)}`,
      ),
      fc.constantFrom("Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer candor_", "Bearer candor_aaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
      hostileString().map((s) => `Bearer ${s}`),
    );
    const queryValue = fc.oneof(hostileString(), fc.constantFrom("2026", "2026-Q1", "last-4-waves", "win_rate,pipeline", "0,1,2", f.org.slug, f.other.slug));
    const query = fc.dictionary(fc.constantFrom("period", "metrics", "lags", "organisation", "format", "__proto__"), queryValue, { maxKeys: 3 });
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(resource, authorization, query, async (name, auth, q) => {
        // A read records its token's use in the audit log, once per token and hour (ADR 036): not a change of data.
        const before = await fingerprint(t.app.db, READ_MAY_AUDIT);
        const search = new URLSearchParams(q).toString();
        let path: string;
        try {
          path = `/api/v1/${encodeURIComponent(name)}${search ? `?${search}` : ""}`;
        } catch {
          return; // a lone surrogate cannot be put in a URL at all
        }
        // Header values must be Latin-1 without line breaks; anything else never reaches the server.
        const headers = auth !== undefined && /^[\u0020-\u007e\u00a0-\u00ff\t]*$/.test(auth) ? { Authorization: auth } : undefined;
        const result = await callRoute(apiRoute.loader as never, { app: t.app, path, params: { resource: name }, headers });
        expect([200, 400, 401, 403, 404, 429]).toContain(result.status);
        const body = JSON.parse(result.data as string) as { error?: { status: number; message: string } };
        if (result.status === 200) {
          ok++;
          expect(Object.hasOwn(API_RESOURCES, name), `resource "${name}" answered 200`).toBe(true);
          expect([valid.token, otherToken.token].some((token) => headers?.Authorization.endsWith(token))).toBe(true);
        } else {
          expect(body.error).toMatchObject({ status: result.status, message: expect.any(String) });
        }
        expect(changedTables(before, await fingerprint(t.app.db, READ_MAY_AUDIT))).toEqual([]);
      }),
      { numRuns: 4 * RUNS, seed: SEED },
    );
    expect(ok).toBeGreaterThan(0);
  });
});
