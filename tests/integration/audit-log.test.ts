import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { generateSalesforceCsv } from "../../app/domain/crm";
import { handleApiRequest } from "../../app/http/api.server";
import { action as auditAction, loader as auditLoader } from "../../app/routes/admin.audit";
import { action as settingsAction } from "../../app/routes/admin.settings";
import { createApiToken, revokeApiToken } from "../../app/services/api-tokens.server";
import { getAuditLog, AUDIT_PAGE_SIZE } from "../../app/services/audit-log.server";
import { recordAudits, verifyAuditChain } from "../../app/services/audit.server";
import { importCrmFile } from "../../app/services/crm-import.server";
import { changeTeam, deactivatePerson, invitePerson, reactivatePerson } from "../../app/services/people.server";
import { archivePlay, createPlay, updatePlay } from "../../app/services/playbook.server";
import { setProgramPaused, updateProgram } from "../../app/services/programs.server";
import { createTeam, renameTeam } from "../../app/services/teams.server";
import { createCohort } from "../../app/services/training.server";
import type { SessionUser } from "../../app/auth/session.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { createPulseProgram, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";

// Issue 23, part 1: every admin and enablement action is in the audit log with who, when, through what and
// before/after; admins read it in plain words, filter it, page through it and download it (ADR 036).

async function* chunked(bytes: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const PLAY = {
  title: "Monday deal huddle",
  summary: "Ten minutes on Monday where each rep names the deal they need help with.",
  dimensionKeys: ["collaboration"],
  signals: ["low-dimension"],
  managerDoes: "Each Monday at 9, every rep names one deal they need help with and who could help; pairs meet the same day.",
  cadence: "Weekly, 10 minutes",
  goodResult: "Collaboration rises at the next waves; stale pipeline below 20% within a quarter.",
};

describeWithDb("audit log of admin and enablement actions", (t) => {
  let org: TestOrganisation;
  let admin: SessionUser;
  let enablement: SessionUser;
  const T0 = "2026-05-04T09:00:00Z";

  /** The organisation's newest entries (as the page shows them), newest first. */
  const latest = async (n = 1, query = {}) => (await getAuditLog(t.app, admin, query)).entries.slice(0, n);

  beforeAll(async () => {
    t.setNow(T0);
    org = await createTestOrganisation(t.app, { reps: 2 });
    admin = await userOf(t.app, org.people.admin!);
    enablement = await userOf(t.app, org.people.enablement!);
  });

  it("records the roster import that built the organisation: one summary, one entry per person, names only in personal details", async () => {
    const rows = await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", org.id).orderBy("seq").execute();
    expect(rows.map((r) => r.action).slice(0, 2)).toEqual(["organisation.create", "roster.import"]);
    expect(rows[1]).toMatchObject({ actorKind: "system", actorId: "cli", source: "csv", after: { added: 12, newTeams: 4, unchanged: 0 } });
    const added = rows.filter((r) => r.action === "person.add");
    expect(added).toHaveLength(12);
    // Emails and names are in the personal details, never in the chained rows.
    expect(JSON.stringify(rows)).not.toContain(`${org.slug}.example`);
    expect(JSON.stringify(rows)).not.toContain("Ada Admin");
    const details = await t.app.db.selectFrom("auditPersonalDetail").select(["personId", "data"]).where("organisationId", "=", org.id).execute();
    expect(details.find((d) => d.personId === org.people.repA!.id)?.data).toEqual({ before: null, after: { name: "Rep A1", email: org.people.repA!.email } });
    const page = await getAuditLog(t.app, admin, { action: "person.add", targetType: "person", targetId: org.people.repA!.id });
    expect(page.entries.map((e) => e.sentence)).toEqual(["Candor's command line added Rep A1 as a rep in Team A"]);
    expect(page.entries[0]).toMatchObject({ source: "a CSV file", actionLabel: "Person added", when: "4 May 2026, 09:00" });
  });

  it("records settings through the page with before and after, in plain words", async () => {
    const result = await callRoute(settingsAction, {
      app: t.app,
      path: "/admin/settings",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { name: `Org ${org.slug}`, minGroupSize: "7", minCommentGroupSize: "10", fiscalYearStartMonth: "1", timezone: "UTC", recentJoinDays: "14" },
    });
    expect(result.status).toBe(200);
    const [entry] = await latest();
    expect(entry).toMatchObject({
      action: "organisation.settings-change",
      actor: { kind: "person", name: "Ada Admin" },
      source: "a page",
      before: { minGroupSize: 5, minCommentGroupSize: 5 },
      after: { minGroupSize: 7, minCommentGroupSize: 10 },
      sentence: "Ada Admin changed the minimum group for scores from 5 to 7; the minimum group for comments from 5 to 10",
    });
    // Saving the same settings again changes nothing, and records nothing.
    const seq = entry!.seq;
    await callRoute(settingsAction, {
      app: t.app,
      path: "/admin/settings",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { name: `Org ${org.slug}`, minGroupSize: "7", minCommentGroupSize: "10", fiscalYearStartMonth: "1", timezone: "UTC", recentJoinDays: "14" },
    });
    expect((await latest())[0]!.seq).toBe(seq);
  });

  it("records people and team changes made on the admin pages", async () => {
    await changeTeam(t.app, admin, org.people.repA!.id, org.teams.b!);
    await deactivatePerson(t.app, admin, org.people.repB!.id);
    await reactivatePerson(t.app, admin, org.people.repB!.id);
    const { personId } = await invitePerson(t.app, admin, { email: "nia@example.com", name: "Nia New", role: "rep", teamId: org.teams.a! });
    const { id: teamId } = await createTeam(t.app, admin, { name: "Team C", parentId: org.teams.region!, managerId: null });
    await renameTeam(t.app, admin, teamId, "Team Sea");
    expect((await latest(6)).map((e) => e.sentence)).toEqual([
      "Ada Admin renamed the team Team C to Team Sea",
      "Ada Admin created the team Team C under Region",
      "Ada Admin invited Nia New as a rep in Team A",
      "Ada Admin reactivated Rep B1",
      "Ada Admin deactivated Rep B1",
      "Ada Admin moved Rep A1 from Team A to Team B",
    ]);
    const invite = (await latest(3))[2]!;
    expect(invite.target).toEqual({ type: "person", id: personId, name: "Nia New" });
    // The invitation's email is in the personal details only.
    const row = await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", org.id).where("seq", "=", invite.seq).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain("nia@example.com");
  });

  it("records enablement's programs, plays and trainings", async () => {
    const { programId } = await createPulseProgram(t.app, org, { name: "Spring pulse", startsOn: "2026-06-01" });
    await updateProgram(t.app, enablement, programId, {
      name: "Spring pulse",
      dimensionKeys: ["psychological_safety"],
      itemCodes: ["ENPS", "COMMENT"],
      teamIds: [org.teams.region!],
      includeSubteams: true,
      cadence: "monthly",
      startsOn: "2026-06-01",
      openDays: "10",
      reminderDays: "2, 4",
    });
    await setProgramPaused(t.app, enablement, programId, true);
    const { id: playId } = await createPlay(t.app, enablement, PLAY);
    await updatePlay(t.app, enablement, playId, { ...PLAY, cadence: "Weekly, 15 minutes" });
    await archivePlay(t.app, enablement, playId);
    await createCohort(t.app, enablement, { name: "Coaching basics", heldOn: "2026-04-20", managerIds: [org.people.managerA!.id], dimensionKeys: ["psychological_safety"] });
    expect((await latest(7)).map((e) => e.sentence)).toEqual([
      "Eno Enablement recorded the training “Coaching basics” of 20 Apr 2026 for 1 manager",
      "Eno Enablement archived the play “Monday deal huddle”",
      "Eno Enablement changed the play “Monday deal huddle”: the schedule from “Weekly, 10 minutes” to “Weekly, 15 minutes”",
      "Eno Enablement added the play “Monday deal huddle”",
      "Eno Enablement paused the pulse program “Spring pulse”",
      "Eno Enablement changed the pulse program “Spring pulse”: the days each wave is open from 7 days to 10 days",
      "Eno Enablement created the pulse program “Spring pulse” (monthly, 1 team)",
    ]);
  });

  it("records API tokens made and revoked, and their use once per token and hour", async () => {
    const { id, token } = await createApiToken(t.app, admin, "Power BI");
    const get = (path: string) =>
      handleApiRequest({ app: t.app } as never, new Request(`http://candor.test${path}`, { headers: { Authorization: `Bearer ${token}` } }), path.split("/")[3]);
    t.setNow("2026-05-04T10:05:00Z");
    expect((await get("/api/v1/enps")).status).toBe(200);
    t.setNow("2026-05-04T10:45:00Z");
    expect((await get("/api/v1/team-scores")).status).toBe(200);
    expect((await get("/api/v1/nothing")).status).toBe(404);
    t.setNow("2026-05-04T11:01:00Z");
    expect((await get("/api/v1/report")).status).toBe(200);
    await revokeApiToken(t.app, admin, id);
    const uses = await getAuditLog(t.app, admin, { action: "api-token.use" });
    expect(uses.entries.map((e) => [e.when, e.sentence])).toEqual([
      ["4 May 2026, 11:01", "The API token “Power BI” read results through the API (first request of the hour: report)"],
      ["4 May 2026, 10:05", "The API token “Power BI” read results through the API (first request of the hour: enps)"],
    ]);
    expect((await latest(1))[0]!.sentence).toBe("Ada Admin revoked the API token “Power BI”");
    const byToken = await getAuditLog(t.app, admin, { targetType: "api-token", targetId: id });
    expect(byToken.entries.map((e) => e.action)).toEqual(["api-token.revoke", "api-token.use", "api-token.use", "api-token.create"]);
  });

  it("records a CRM upload with who uploaded it and through what", async () => {
    const text = [...generateSalesforceCsv({ rows: 20, owners: [org.people.repA!.email], asOf: "2026-04-30", seed: 3 })].join("");
    const result = await importCrmFile(t.app, org.id, chunked(new TextEncoder().encode(text)), {
      format: "auto",
      encoding: "auto",
      dates: "auto",
      importValidRows: false,
      fileName: "q1.csv",
      asOf: "2026-04-30",
      importedBy: admin.personId,
    });
    expect(result.status).toBe("imported");
    expect((await latest())[0]).toMatchObject({ source: "a CSV file", sentence: "Ada Admin imported a CRM export: 20 deals as of 30 Apr 2026" });
  });

  it("filters by who, what, target and dates, and pages through with no entry twice or missed", async () => {
    const all = await t.app.db.selectFrom("auditEntry").select("seq").where("organisationId", "=", org.id).execute();
    const byEnablement = await getAuditLog(t.app, admin, { actor: `person:${enablement.personId}` });
    expect(byEnablement.entries.length).toBe(7);
    expect(new Set(byEnablement.entries.map((e) => e.actor.name))).toEqual(new Set(["Eno Enablement"]));
    expect(byEnablement.actors.map((a) => a.name)).toEqual(expect.arrayContaining(["Ada Admin", "Eno Enablement", "Candor's command line", "The API token “Power BI”"]));
    expect((await getAuditLog(t.app, admin, { action: "team.rename" })).entries).toHaveLength(1);
    expect((await getAuditLog(t.app, admin, { from: "2026-05-05" })).entries).toHaveLength(0);
    expect((await getAuditLog(t.app, admin, { from: "2026-05-04", to: "2026-05-04" })).entries.length).toBe(Math.min(all.length, AUDIT_PAGE_SIZE));

    // More than a page: 70 entries of the scheduler.
    await recordAudits(
      t.app.db,
      Array.from({ length: 70 }, (_, i) => ({
        organisationId: org.id,
        actor: { kind: "system" as const, name: "worker" },
        action: "wave.open",
        target: { type: "wave", id: `w${i}` },
      })),
    );
    const seen: number[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await getAuditLog(t.app, admin, before ? { before } : {});
      expect(page.entries.length).toBeLessThanOrEqual(AUDIT_PAGE_SIZE);
      seen.push(...page.entries.map((e) => e.seq));
      if (page.olderBefore === null) break;
      before = String(page.olderBefore);
    }
    const total = (await t.app.db.selectFrom("auditEntry").select("seq").where("organisationId", "=", org.id).execute()).length;
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
  });

  it("is for admins only, and answers bad filters with 400 and the field, never a 500", async () => {
    expect(await statusOfCall(() => getAuditLog(t.app, enablement, {}))).toBe(403);
    for (const query of [
      "?from=yesterday",
      "?actor=person:nope",
      "?action=DROP%20TABLE",
      "?before=-1",
      "?targetType=Person",
      "?from=2026-05-05&to=2026-05-01",
      "?from=0000-01-01",
    ]) {
      const result = await callRoute(auditLoader, { app: t.app, path: `/admin/audit${query}`, cookie: org.people.admin!.cookie });
      expect(result.status, query).toBe(400);
      expect(Object.keys((result.data as { fieldErrors: object }).fieldErrors).length, query).toBe(1);
    }
    expect((await callRoute(auditLoader, { app: t.app, path: "/admin/audit?targetType=person&targetId=not-a-uuid", cookie: org.people.admin!.cookie })).status).toBe(200);
  });

  it("downloads the filtered entries as CSV and JSON, spreadsheet-safe, and records each download", async () => {
    const { id: evil } = await createTeam(t.app, admin, { name: '=HYPERLINK("http://x")', parentId: null, managerId: null });
    const csv = await callRoute(auditAction, {
      app: t.app,
      path: "/admin/audit",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { format: "csv", targetType: "team", targetId: evil },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="candor-audit-log-2026-05-04.csv"');
    const lines = (csv.data as string).trimEnd().split("\r\n");
    expect(lines[0]).toBe("seq,occurred_at,actor,actor_kind,actor_id,action,what,target_type,target_id,target,through,before,after,hash");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,team,${evil},"'=HYPERLINK(""http://x"")",a page,`);
    const exported = (await latest())[0]!;
    expect(exported).toMatchObject({
      action: "audit.export",
      sentence: "Ada Admin downloaded the audit log as CSV",
      after: { format: "csv", filters: { targetType: "team", targetId: evil } },
    });

    const json = await callRoute(auditAction, { app: t.app, path: "/admin/audit", method: "POST", cookie: org.people.admin!.cookie, form: { format: "json" } });
    const parsed = JSON.parse(json.data as string) as Array<{ seq: number; action: string }>;
    const count = (await t.app.db.selectFrom("auditEntry").select("seq").where("organisationId", "=", org.id).execute()).length;
    // Every entry, the JSON download's own record included.
    expect(parsed).toHaveLength(count);
    expect(parsed[0]!.action).toBe("audit.export");
    expect((await callRoute(auditAction, { app: t.app, path: "/admin/audit", method: "POST", cookie: org.people.admin!.cookie, form: { format: "xml" } })).status).toBe(400);
    expect((await callRoute(auditAction, { app: t.app, path: "/admin/audit", method: "POST", cookie: org.people.enablement!.cookie, form: { format: "csv" } })).status).toBe(403);
  });

  it("still verifies after all of it", async () => {
    const result = await verifyAuditChain(t.app, org.id);
    expect(result.broken).toBeNull();
    expect(result.entries).toBe((await sql<{ n: number }>`select count(*)::int as n from audit_entry where organisation_id = ${org.id}`.execute(t.app.db)).rows[0]!.n);
  });
});
