import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createSession, validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { accountThrottleKeys } from "../../app/auth/throttle.server";
import { createActionPlan } from "../../app/services/action-plans.server";
import { createApiToken } from "../../app/services/api-tokens.server";
import { answerScimRequest } from "../../app/services/scim.server";
import { createScimToken } from "../../app/services/scim-admin.server";
import { hasBallot } from "../../app/services/ballots.server";
import { DEMO_LOGINS, seedDemo } from "../../app/services/demo/seed.server";
import { erasePerson, previewErasure } from "../../app/services/erasure.server";
import { createAdmin } from "../../app/services/people.server";
import { getProgramDetail } from "../../app/services/programs.server";
import { buildResultsReport, METRIC_KEYS, parseReportOptions } from "../../app/services/results-report.server";
import { getTeamResults } from "../../app/services/results.server";
import { recentJoins } from "../../app/services/audience-changes.server";
import { beginSignInAttempt } from "../../app/auth/throttle.server";
import { requestPasswordReset } from "../../app/services/sign-in.server";
import { recordAudit, verifyAuditChain } from "../../app/services/audit.server";
import { statusOfCall } from "../support/service-status";
import { action as eraseAction, loader as eraseLoader } from "../../app/routes/admin.people_.$personId_.erase";
import { changedTables, fingerprint } from "../support/db-fingerprint";
import { callRoute } from "../support/remix";
import { SESSION_COOKIE } from "../../app/auth/session.server";
import { describeWithDb } from "../support/test-db";
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema";

// Erasing people (issue 23, part 2; ADR 037) on the demo organisation: six closed pulses and an open one
// answered through the ballot path, manager self-assessments, a training, three CRM snapshots whose deals
// are owned by the reps' addresses. Erasing three reps, a manager and an admin changes no number of the
// results export (every table), no response rate and no program count, and afterwards no text column of
// any table in the database holds one of their names or addresses.

interface Erased {
  id: string;
  name: string;
  email: string;
}

/** Every text-like column of every table outside PostgreSQL's own schemas (pg-boss's included). */
async function textColumns(db: Kysely<DB>) {
  const result = await sql<{ schema: string; table: string; column: string; type: string }>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column, c.data_type as type
    from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema not in ('pg_catalog', 'information_schema') and t.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea') or c.data_type = 'ARRAY')
    order by 1, 2, 3`.execute(db);
  return result.rows;
}

/** `schema.table.column` cells that contain one of the needles (case-insensitive; bytea read as UTF-8 text). */
async function cellsHolding(db: Kysely<DB>, needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const c of await textColumns(db)) {
    const cell = sql.ref(`x.${c.column}`);
    const value = c.type === "bytea" ? sql`lower(encode(${cell}, 'escape'))` : sql`lower(${cell}::text)`;
    for (const needle of needles) {
      const hits = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${c.schema}.${c.table}`)} x where strpos(${value}, ${needle.toLowerCase()}) > 0`.execute(
        db,
      );
      if (hits.rows[0]!.n > 0) found.push(`${c.schema}.${c.table}.${c.column} holds ${needle} (${hits.rows[0]!.n} rows)`);
    }
  }
  return found;
}

/** The externalId an identity provider gave one of the erased people over SCIM. */
const SCIM_EXTERNAL_ID = "00u-erase-me-7f3k2";

describeWithDb("erasing people", (t) => {
  let admin: SessionUser;
  let organisationId: string;
  const erased: Erased[] = [];
  let before: { report: unknown; teams: unknown; programs: unknown; joins: unknown };

  const personByEmail = (email: string) => t.app.db.selectFrom("person").select(["id", "name", "email", "organisationId"]).where("email", "=", email).executeTakeFirstOrThrow();
  const userOf = async (email: string): Promise<SessionUser> => {
    const person = await personByEmail(email);
    const { token } = await createSession(t.app, person);
    return (await validateSessionToken(t.app, token))!;
  };

  /** Everything the organisation's results say, through the services every page and export use. */
  async function results() {
    const options = parseReportOptions({ period: "quarter", metrics: METRIC_KEYS.join(","), lags: "0,1,2,3" });
    const { generatedAt: _when, ...report } = await buildResultsReport(t.app, organisationId, options);
    const [monthly] = await Promise.all([buildResultsReport(t.app, organisationId, parseReportOptions({ period: "month", metrics: "winRate,staleShare", lags: "0,1" }))]);
    const { generatedAt: _also, ...byMonth } = monthly;
    const teams = await t.app.db.selectFrom("team").select(["id", "name"]).where("organisationId", "=", organisationId).orderBy("name").execute();
    const teamResults = [];
    for (const team of teams) {
      const r = await getTeamResults(t.app, admin, team.id);
      teamResults.push({ team: team.name, responses: r.responses, dimensions: r.dimensions, enps: r.enps, items: r.items, trend: r.trend, commentCount: r.comments.list.length });
    }
    const programs = await t.app.db.selectFrom("pulseProgram").select("id").where("organisationId", "=", organisationId).execute();
    const programDetails = [];
    for (const p of programs) programDetails.push((await getProgramDetail(t.app, admin, p.id))?.waves);
    const waves = await t.app.db.selectFrom("wave").select(["id"]).where("organisationId", "=", organisationId).orderBy("periodStart").execute();
    const joins = [];
    for (const w of waves) for (const team of teams) joins.push(await recentJoins(t.app, w.id, team.id));
    return { report: { report, byMonth }, teams: teamResults, programs: programDetails, joins };
  }

  beforeAll(async () => {
    await seedDemo(t.app);
    admin = await userOf(DEMO_LOGINS.admin);
    organisationId = admin.organisationId;

    const openWave = await t.app.db.selectFrom("wave").select("id").where("organisationId", "=", organisationId).where("status", "=", "open").executeTakeFirstOrThrow();
    // Three reps of NA Enterprise: one who answered the open pulse (a ballot record), one who has not, one of another team.
    const reps = await t.app.db
      .selectFrom("person as p")
      .innerJoin("waveAudience as a", (j) => j.onRef("a.personId", "=", "p.id").on("a.waveId", "=", openWave.id))
      .innerJoin("team", "team.id", "a.teamId")
      .select(["p.id", "p.name", "p.email", "team.name as team"])
      .orderBy("p.email")
      .execute();
    const enterprise = reps.filter((r) => r.team === "NA Enterprise");
    const answered: typeof reps = [];
    const waiting: typeof reps = [];
    for (const r of enterprise) ((await hasBallot(t.app, openWave.id, r.id)) ? answered : waiting).push(r);
    expect(answered.length).toBeGreaterThan(0);
    expect(waiting.length).toBeGreaterThan(0);
    const elsewhere = reps.find((r) => r.team === "EMEA Mid-Market")!;
    const manager = await personByEmail(DEMO_LOGINS.manager);
    // A second admin who made an API token and has an invitation link still waiting.
    const second = await createAdmin(t.app, organisationId, { email: "zed.second@northwind.example", name: "Zed Second-Admin" });
    await createApiToken(t.app, await userOf("zed.second@northwind.example"), "Warehouse sync");
    erased.push(answered[0]!, waiting[0]!, elsewhere, manager, { id: second.personId, name: "Zed Second-Admin", email: "zed.second@northwind.example" });

    // Traces to remove: sessions, a reset link, failed sign-ins, an action plan the manager owns by name.
    for (const p of erased) await createSession(t.app, { id: p.id, organisationId });
    await requestPasswordReset(t.app, waiting[0]!.email, null);
    await requestPasswordReset(t.app, elsewhere.email, null);
    expect((await beginSignInAttempt(t.app, elsewhere.email, null)).ok).toBe(true);
    const managerUser = await userOf(DEMO_LOGINS.manager);
    const team = await t.app.db.selectFrom("team").select("id").where("name", "=", "NA Enterprise").executeTakeFirstOrThrow();
    await createActionPlan(t.app, managerUser, team.id, {
      dimensionKey: "psychological_safety",
      action: "Run a blameless deal review",
      owner: manager.name,
      reviewOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    // Audit entries that name them beside the chain (as a rename or an invitation would).
    for (const p of erased) {
      await recordAudit(t.app.db, {
        organisationId,
        actor: { kind: "person", personId: admin.personId },
        action: "person.rename",
        target: { type: "person", id: p.id },
        source: "ui",
        personal: [{ personId: p.id, after: { name: p.name, email: p.email } }],
        at: t.app.now(),
      });
    }
    // What SCIM keeps of a person (ADR 044): the provider's externalId, and requests that name them in the log.
    const scim = await createScimToken(t.app, admin, "Okta");
    const token = { organisationId, tokenId: scim.id };
    const filter = new URLSearchParams({ filter: `userName eq "${elsewhere.email}"` });
    await answerScimRequest(t.app, token, { method: "GET", segments: ["Users"], path: `/scim/v2/Users?${filter}`, query: filter, body: undefined });
    const patch = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "externalId", value: SCIM_EXTERNAL_ID }] };
    await answerScimRequest(t.app, token, {
      method: "PATCH",
      segments: ["Users", elsewhere.id],
      path: `/scim/v2/Users/${elsewhere.id}`,
      query: new URLSearchParams(),
      body: { ok: true, value: patch },
    });
    expect(await t.app.db.selectFrom("scimUser").select("externalId").where("personId", "=", elsewhere.id).executeTakeFirst()).toEqual({ externalId: SCIM_EXTERNAL_ID });
    before = await results();
  }, 240_000);

  it("shows the admin what goes and what stays, with counts, before anything changes", async () => {
    const rep = erased[0]!;
    const preview = await previewErasure(t.app, admin, rep.id);
    expect(preview.person).toMatchObject({ name: rep.name, email: rep.email, role: "rep" });
    expect(preview.erasedAt).toBeNull();
    // Seven pulses asked them, a personal link per mail, a ballot record in the open pulse, a session, deals in three snapshots.
    expect(preview.removes.participations).toBe(7);
    expect(preview.removes.openBallotRecords).toBe(1);
    expect(preview.removes.sessions).toBeGreaterThanOrEqual(1);
    expect(preview.removes.crmDeals).toBeGreaterThan(0);
    expect(preview.keeps.memberships).toBe(1);
    const deals = await t.app.db
      .selectFrom("crmOpportunity")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("owner", "=", rep.email)
      .executeTakeFirstOrThrow();
    expect(preview.removes.crmDeals).toBe(Number(deals.n));
    const admin2 = await previewErasure(t.app, admin, erased[4]!.id);
    expect(admin2.removes).toMatchObject({ apiTokens: 1, accountLinks: 1 });
    expect(admin2.apiTokenNames).toEqual(["Warehouse sync"]);
    const manager = await previewErasure(t.app, admin, erased[3]!.id);
    expect(manager.removes.actionPlanOwners).toBe(1);
    expect(manager.keeps).toMatchObject({ teamsManaged: 1, actionPlansWritten: 1 });
    expect(manager.keeps.selfAssessments).toBeGreaterThan(0);
  });

  it("refuses a wrong confirmation, oneself, other organisations and non-admins, and changes nothing", async () => {
    const rep = erased[0]!;
    await expect(erasePerson(t.app, admin, rep.id, { confirmation: "someone@else.example" })).rejects.toMatchObject({ kind: "invalid" });
    expect(await statusOfCall(() => erasePerson(t.app, admin, admin.personId, { confirmation: admin.email }))).toBe(400);
    expect(await statusOfCall(() => erasePerson(t.app, { ...admin, organisationId: crypto.randomUUID() }, rep.id, { confirmation: rep.email }))).toBe(404);
    expect(await statusOfCall(() => erasePerson(t.app, admin, "not-a-uuid", { confirmation: rep.email }))).toBe(404);
    expect(await statusOfCall(() => erasePerson(t.app, { ...admin, role: "enablement" }, rep.id, { confirmation: rep.email }))).toBe(403);
    expect(await statusOfCall(() => previewErasure(t.app, { ...admin, role: "manager" }, rep.id))).toBe(403);
    expect((await personByEmail(rep.email)).name).toBe(rep.name);
  });

  it("erases three reps, a manager and an admin; the organisation's results are identical to the digit", async () => {
    const detailsOf = async (personId: string) =>
      Number(
        (
          await t.app.db
            .selectFrom("auditPersonalDetail")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("personId", "=", personId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Their details beside audit entries: the roster import or invitation that added them, and the rename above.
    const held = await Promise.all(erased.map((p) => detailsOf(p.id)));
    expect(held.every((n) => n >= 2)).toBe(true);
    const removed = [];
    for (const p of erased) removed.push((await erasePerson(t.app, admin, p.id, { confirmation: p.email.toUpperCase() })).removed);
    expect(await Promise.all(erased.map((p) => detailsOf(p.id)))).toEqual([0, 0, 0, 0, 0]);
    expect(removed[0]).toMatchObject({ participations: 7, openBallotRecords: 1 });
    expect(removed[4]).toMatchObject({ apiTokens: 1, accountLinks: 1 });
    expect(removed[3]).toMatchObject({ actionPlanOwners: 1 });
    // A failed sign-in and a password reset request: both throttle records keyed by their address.
    expect(removed[2]).toMatchObject({ signInFailures: 2 });
    expect(removed.map((r) => r.auditDetails)).toEqual(held);
    // Each erasure is in the audit log, by id, with what it removed; the chain still verifies with the details forgotten.
    const entries = await t.app.db.selectFrom("auditEntry").select(["targetId", "actorId", "after"]).where("action", "=", "person.erase").orderBy("seq").execute();
    expect(entries.map((e) => e.targetId)).toEqual(erased.map((p) => p.id));
    expect(entries.every((e) => e.actorId === admin.personId)).toBe(true);
    expect(entries[0]!.after).toMatchObject({ erased: true, removed: { participations: 7, openBallotRecords: 1 } });
    const verified = await verifyAuditChain(t.app, organisationId);
    expect(verified.broken).toBeNull();
    expect(verified.detailsForgotten).toBeGreaterThanOrEqual(5);
    const after = await results();
    expect(after.report).toEqual(before.report);
    expect(after.teams).toEqual(before.teams);
    expect(after.programs).toEqual(before.programs);
    expect(after.joins).toEqual(before.joins);
    // The report is not empty: the comparison compares something.
    const report = (before.report as { report: { teamScores: unknown[]; metrics: unknown[]; gaps: unknown[] } }).report;
    expect(report.teamScores.length).toBeGreaterThan(50);
    expect(report.metrics.length).toBeGreaterThan(10);
    expect(report.gaps.length).toBeGreaterThan(0);
  });

  it("leaves no table holding their names or addresses, and nothing that reaches them", async () => {
    expect(await cellsHolding(t.app.db, [...erased.flatMap((p) => [p.name, p.email]), SCIM_EXTERNAL_ID])).toEqual([]);
    const ids = erased.map((p) => p.id);
    const count = async (table: "session" | "authToken" | "waveLink" | "participation" | "formSubmission", column: "personId") =>
      Number(
        (
          await t.app.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where(column, "in", ids)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await Promise.all((["session", "authToken", "waveLink", "participation", "formSubmission"] as const).map((table) => count(table, "personId")))).toEqual([0, 0, 0, 0, 0]);
    expect(await t.app.db.selectFrom("apiToken").select("id").where("createdBy", "in", ids).execute()).toEqual([]);
    expect(await t.app.db.selectFrom("loginFailure").select("id").where("keyHash", "in", accountThrottleKeys(erased[2]!.email)).execute()).toEqual([]);
    const openWave = await t.app.db.selectFrom("wave").select("id").where("status", "=", "open").executeTakeFirstOrThrow();
    expect(await hasBallot(t.app, openWave.id, erased[0]!.id)).toBe(false);
    const rows = await t.app.db.selectFrom("person").select(["name", "email", "active", "passwordHash", "erasedAt"]).where("id", "in", ids).execute();
    expect(rows.every((r) => r.name === "Erased person" && r.email.endsWith("@erased.invalid") && !r.active && r.passwordHash === null && r.erasedAt !== null)).toBe(true);
    // The anonymous answers were never theirs by record: every response is still there.
    expect(await t.app.db.selectFrom("response").select("id").execute()).not.toHaveLength(0);
  });

  it("answers a second erasure with a conflict, and the tombstone's page says when", async () => {
    const rep = erased[1]!;
    expect(await statusOfCall(() => erasePerson(t.app, admin, rep.id, { confirmation: `erased-${rep.id}@erased.invalid` }))).toBe(409);
    const preview = await previewErasure(t.app, admin, rep.id);
    expect(preview.erasedAt).toBeInstanceOf(Date);
    expect(preview.person.name).toBe("Erased person");
  });

  it("works as a plain form: the page counts, a wrong address is a 400 that changes nothing, the right one erases", async () => {
    const rep = await t.app.db
      .selectFrom("person")
      .select(["id", "name", "email", "organisationId"])
      .where("organisationId", "=", organisationId)
      .where("role", "=", "rep")
      .where("erasedAt", "is", null)
      .orderBy("email", "desc")
      .executeTakeFirstOrThrow();
    const cookieOf = async (email: string) => {
      const person = await personByEmail(email);
      return `${SESSION_COOKIE}=${(await createSession(t.app, person)).token}`;
    };
    const call = async (handler: unknown, cookie: string, form?: Record<string, string>) =>
      callRoute(handler as never, { app: t.app, path: `/admin/people/${rep.id}/erase`, method: form ? "POST" : "GET", cookie, params: { personId: rep.id }, form });
    const adminCookie = await cookieOf(DEMO_LOGINS.admin);
    const page = await call(eraseLoader, adminCookie);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ person: { name: rep.name, email: rep.email }, erasedOn: null, isSelf: false, removes: { participations: expect.any(Number) } });
    const before = await fingerprint(t.app.db);
    for (const [cookie, form, status] of [
      [adminCookie, { confirmation: "not.them@northwind.example" }, 400],
      [adminCookie, { confirmation: ["a", "b"].join("\u0000") }, 400],
      [adminCookie, {}, 400],
      [await cookieOf(DEMO_LOGINS.enablement), { confirmation: rep.email }, 403],
      [await cookieOf(DEMO_LOGINS.director), { confirmation: rep.email }, 403],
    ] as const) {
      expect((await call(eraseAction, cookie, form)).status, JSON.stringify(form)).toBe(status);
    }
    expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
    const done = await call(eraseAction, adminCookie, { confirmation: ` ${rep.email} ` });
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ removed: { participations: (page.data as { removes: { participations: number } }).removes.participations } });
    expect((await call(eraseAction, adminCookie, { confirmation: rep.email })).status).toBe(409);
    expect((await call(eraseLoader, adminCookie)).data).toMatchObject({ person: { name: "Erased person" }, erasedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});
