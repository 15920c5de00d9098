import fs from "node:fs";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import path from "node:path";
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { createSession, validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { DEMO_LOGINS, seedDemo } from "../../app/services/demo/seed.server";
import { getDrivers, parseDriversQuery } from "../../app/services/drivers.server";
import { applyRetention, getRetention, previewRetention, runRetentionNow, saveRetention } from "../../app/services/retention.server";
import { buildResultsReport, METRIC_KEYS, parseReportOptions } from "../../app/services/results-report.server";
import { getOrgHeatmap, getTeamResults } from "../../app/services/results.server";
import { getGapView } from "../../app/services/self-assessment.server";
import { verifyAuditChain } from "../../app/services/audit.server";
import { aggregateWave } from "../../db/queries/aggregates";
import { openDatabase } from "../../db/client";
import { RETENTION_QUEUE, startJobQueue, type JobQueue } from "../../server/job-queue";
import { action as retentionAction } from "../../app/routes/admin.retention";
import { changedTables, fingerprint } from "../support/db-fingerprint";
import { callRoute } from "../support/remix";
import { cliDatabase, runCli } from "../support/cli";
import { statusOfCall } from "../support/service-status";
import { backends, describeWithDb } from "../support/test-db";
import { SESSION_COOKIE } from "../../app/auth/session.server";

// Retention (issue 23, part 2; ADR 037) on the demo organisation: six closed monthly pulses and an open one.
// Deleting the raw answers and comments of pulses closed more than N months ago leaves every published
// number as it was (the export's every table, the heatmap of every wave, the team pages, the gaps), the raw
// rows are gone, the open pulse is untouched, and what needed raw answers says so instead of breaking.

const DAY = 86_400_000;

describeWithDb("retention of raw answers", (t) => {
  let admin: SessionUser;
  let adminCookie: string;
  let organisationId: string;
  let before: Awaited<ReturnType<typeof published>>;
  const queues: JobQueue[] = [];

  const rawOf = async (waveId: string) => {
    const responses = await t.app.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("waveId", "=", waveId)
      .executeTakeFirstOrThrow();
    const answers = await t.app.db
      .selectFrom("answer")
      .innerJoin("response", "response.id", "answer.responseId")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("response.waveId", "=", waveId)
      .executeTakeFirstOrThrow();
    return { responses: Number(responses.n), answers: Number(answers.n) };
  };
  const postRetention = (form: Record<string, string>) => callRoute(retentionAction as never, { app: t.app, path: "/admin/retention", method: "POST", cookie: adminCookie, form });
  const waves = () =>
    t.app.db.selectFrom("wave").select(["id", "status", "closedAt", "rawDeletedAt"]).where("organisationId", "=", organisationId).orderBy("periodStart").execute();

  /** Every published number: the export (two period kinds), each wave's heatmap, each team's page and gap view. */
  async function published() {
    const strip = <T extends { generatedAt: string }>({ generatedAt: _g, ...rest }: T) => rest;
    const report = strip(await buildResultsReport(t.app, organisationId, parseReportOptions({ period: "quarter", metrics: METRIC_KEYS.join(","), lags: "0,1,2" })));
    const monthly = strip(await buildResultsReport(t.app, organisationId, parseReportOptions({ period: "month", metrics: "winRate", lags: "0,1" })));
    const closed = (await waves()).filter((w) => w.status === "closed");
    const heatmaps = [];
    for (const w of closed) heatmaps.push((await getOrgHeatmap(t.app, admin, w.id)).rows);
    const teams = await t.app.db.selectFrom("team").select(["id", "name"]).where("organisationId", "=", organisationId).orderBy("name").execute();
    const pages = [];
    for (const team of teams) {
      const r = await getTeamResults(t.app, admin, team.id, { waves: 6 });
      const gap = await getGapView(t.app, admin, team.id);
      pages.push({ team: team.name, responses: r.responses, dimensions: r.dimensions, enps: r.enps, items: r.items, trend: r.trend, gap: gap.gap, gapTrend: gap.trend });
    }
    return { report, monthly, heatmaps, pages };
  }

  beforeAll(async () => {
    await seedDemo(t.app);
    const person = await t.app.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", DEMO_LOGINS.admin).executeTakeFirstOrThrow();
    const { token } = await createSession(t.app, person);
    adminCookie = `${SESSION_COOKIE}=${token}`;
    admin = (await validateSessionToken(t.app, token))!;
    organisationId = admin.organisationId;
    before = await published();
  }, 240_000);

  afterAll(async () => {
    // A scheduler run the workers took (a year ahead on this test's clock, it has much to do) may outlast
    // the queue's usual 3 s stop: wait for it, or it would query a database that is gone.
    for (const q of queues) await q.boss.stop({ graceful: true, wait: true, timeout: 60_000 });
  }, 90_000);

  it("is off by default and refuses a setting under 3 months, over 120 or not a number", async () => {
    const view = await getRetention(t.app, admin);
    expect(view.months).toBeNull();
    expect(view.due.counts.waves).toBe(0);
    for (const months of ["1", "2", "121", "six", "6.5"]) expect(await statusOfCall(() => saveRetention(t.app, admin, { months, confirmation: "delete" })), months).toBe(400);
    expect(await statusOfCall(() => getRetention(t.app, { ...admin, role: "enablement" }))).toBe(403);
    expect(await statusOfCall(() => runRetentionNow(t.app, admin, { confirmation: "delete" }))).toBe(400);
  });

  it("says what 3 months would delete, and deletes nothing without the typed word", async () => {
    const preview = await previewRetention(t.app, admin, "3");
    expect(preview.needsConfirmation).toBe(true);
    const closed = (await waves()).filter((w) => w.status === "closed");
    // Six monthly pulses: some closed more than 3 months ago, some since.
    expect(preview.due.counts.waves).toBe(closed.filter((w) => w.closedAt! < new Date(preview.due.cutoff!)).length);
    expect(preview.due.counts.waves).toBeGreaterThan(1);
    expect(preview.due.counts.waves).toBeLessThan(closed.length);
    let responses = 0;
    let answers = 0;
    for (const w of await waves()) {
      if (w.status !== "closed" || w.closedAt! >= new Date(preview.due.cutoff!)) continue;
      const raw = await rawOf(w.id);
      responses += raw.responses;
      answers += raw.answers;
    }
    expect(preview.due.counts).toMatchObject({ responses, answers });
    expect(preview.due.counts.comments).toBeGreaterThan(0);

    const unchanged = await fingerprint(t.app.db);
    expect(await statusOfCall(() => saveRetention(t.app, admin, { months: "3" }))).toBe(400);
    expect(await statusOfCall(() => saveRetention(t.app, admin, { months: "3", confirmation: "yes" }))).toBe(400);
    // Through the page: the first post answers with the confirmation step, a wrong word with 400; nothing changes.
    const step = await postRetention({ intent: "save", months: "3" });
    expect(step.status).toBe(200);
    expect(step.data).toMatchObject({ confirm: { step: "confirm-save", months: "3", due: { counts: preview.due.counts } }, deleted: null });
    const wrong = await postRetention({ intent: "save", months: "3", confirmation: "please" });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ confirm: { step: "confirm-save" } });
    expect(sayInEnglish((wrong.data as { fieldErrors: Record<string, string> }).fieldErrors.confirmation!)).toBe("Type delete to confirm");
    expect(changedTables(unchanged, await fingerprint(t.app.db))).toEqual([]);
  });

  it("deletes the raw answers and comments of pulses closed over 3 months ago; every published number stays", async () => {
    const preview = await previewRetention(t.app, admin, "3");
    const open = (await waves()).find((w) => w.status === "open")!;
    // The workers also run the scheduler, which would close this wave (its last day passed a year ago in
    // this test's clock); kept open, it shows that retention leaves an open pulse alone.
    await t.app.db
      .updateTable("wave")
      .set({ closesAt: new Date(Date.now() + 800 * DAY) })
      .where("id", "=", open.id)
      .execute();
    const openRaw = await rawOf(open.id);
    const saved = await postRetention({ intent: "save", months: "3", confirmation: "Delete" });
    expect(saved.status).toBe(200);
    expect((saved.data as { deleted: unknown }).deleted).toEqual(preview.due.counts);
    for (const w of await waves()) {
      const gone = w.status === "closed" && w.closedAt! < new Date(preview.due.cutoff!);
      expect(w.rawDeletedAt !== null, `wave closed ${w.closedAt?.toISOString()}`).toBe(gone);
      if (gone) expect(await rawOf(w.id)).toEqual({ responses: 0, answers: 0 });
      else expect((await rawOf(w.id)).responses).toBeGreaterThan(0);
    }
    expect(await rawOf(open.id)).toEqual(openRaw);
    expect(await published()).toEqual(before);

    // Audited: the setting, then one entry per pulse with its counts; the chain verifies.
    const entries = await t.app.db.selectFrom("auditEntry").select(["action", "targetId", "after"]).where("organisationId", "=", organisationId).orderBy("seq").execute();
    expect(entries.filter((e) => e.action === "retention.settings-change").map((e) => e.after)).toEqual([{ retentionMonths: 3 }]);
    expect(entries.filter((e) => e.action === "retention.purge")).toHaveLength(preview.due.counts.waves);
    expect((await verifyAuditChain(t.app, organisationId)).broken).toBeNull();
  });

  it("says so where raw answers were needed: drivers of a deleted pulse, and recomputing its aggregates is refused", async () => {
    const deleted = (await waves()).find((w) => w.rawDeletedAt !== null)!;
    const kept = (await waves()).filter((w) => w.status === "closed" && w.rawDeletedAt === null).at(-1)!;
    const drivers = await getDrivers(t.app, admin, parseDriversQuery(new URLSearchParams({ wave: deleted.id })));
    // Said by key (ADR 057): read in English, the day in English style.
    expect(sayInEnglish((drivers.enps as { empty: string }).empty)).toMatch(
      /^This pulse's individual answers were deleted on \d+ \w{3} \d{4} under the organisation's retention setting, so its drivers/,
    );
    const stillThere = await getDrivers(t.app, admin, parseDriversQuery(new URLSearchParams({ wave: kept.id })));
    expect(stillThere.enps).toHaveProperty("analysis");
    const stats = await t.app.db.selectFrom("waveTeamStats").selectAll().where("waveId", "=", deleted.id).orderBy("teamId").execute();
    await expect(aggregateWave(t.app.db, deleted.id)).rejects.toThrow(/raw answers were deleted .* cannot be computed again/);
    expect(await t.app.db.selectFrom("waveTeamStats").selectAll().where("waveId", "=", deleted.id).orderBy("teamId").execute()).toEqual(stats);
  });

  it("the daily job (pg-boss) deletes what becomes due later, once, with two workers; team pages then say the comments are gone", async () => {
    // A year on, every closed pulse is older than 3 months; the open one (still open) is never touched.
    t.setNow(new Date(Date.now() + 365 * DAY));
    const open = (await waves()).find((w) => w.status === "open")!;
    // The workers also run the scheduler, which would close this wave (its last day passed a year ago in
    // this test's clock); kept open, it shows that retention leaves an open pulse alone.
    await t.app.db
      .updateTable("wave")
      .set({ closesAt: new Date(Date.now() + 800 * DAY) })
      .where("id", "=", open.id)
      .execute();
    const openRaw = await rawOf(open.id);
    const due = await getRetention(t.app, admin);
    expect(due.due.counts.waves).toBeGreaterThan(0);
    // Saving the same setting again confirms nothing, so it deletes nothing: that is the job's (or "Delete now"'s).
    expect(await saveRetention(t.app, admin, { months: "3" })).toEqual({ months: 3, deleted: { waves: 0, responses: 0, answers: 0, comments: 0 } });
    expect((await getRetention(t.app, admin)).due.counts).toEqual(due.due.counts);
    // The daily job as its cron would send it (twice: two ticks), then two workers, which take it at once.
    const sender = await startJobQueue(t.app, t.database, { work: false });
    queues.push(sender);
    await sender.boss.send(RETENTION_QUEUE, {});
    await sender.boss.send(RETENTION_QUEUE, {});
    queues.push(await startJobQueue(t.app, t.database, { work: true }), await startJobQueue(t.app, t.database, { work: true }));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await waves()).some((w) => w.status === "closed" && w.rawDeletedAt === null)) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await waves()).filter((w) => w.status === "closed" && w.rawDeletedAt === null)).toEqual([]);
    expect(await rawOf(open.id)).toEqual(openRaw);
    const purges = await t.app.db.selectFrom("auditEntry").select(["actorKind", "actorId", "source", "targetId"]).where("action", "=", "retention.purge").execute();
    const closedCount = (await waves()).filter((w) => w.status === "closed").length;
    // Each pulse once, whoever ran it.
    expect(new Set(purges.map((p) => p.targetId)).size).toBe(closedCount);
    expect(purges).toHaveLength(closedCount);
    expect(purges.filter((p) => p.source === "worker").every((p) => p.actorKind === "system" && p.actorId === "retention")).toBe(true);

    const team = await t.app.db.selectFrom("team").select("id").where("name", "=", "NA Enterprise").executeTakeFirstOrThrow();
    const page = await getTeamResults(t.app, admin, team.id);
    expect(page.comments.list).toEqual([]);
    expect(sayInEnglish(page.comments.deleted!)).toMatch(/so its comments are gone\. Its scores stay as published\.$/);
    const { monthly: _m, ...after } = await published();
    const { monthly: _b, ...was } = before;
    // The year moved on, so only the period-independent parts compare: the scores themselves.
    expect(after.heatmaps).toEqual(was.heatmaps);
    expect(after.report.teamScores).toEqual(was.report.teamScores);
    expect(after.report.enps).toEqual(was.report.enps);
    expect(after.report.reliability).toEqual(was.report.reliability);
    expect(after.report.gaps).toEqual(was.report.gaps);
    // Nothing left to do: a second run deletes nothing.
    expect(await applyRetention(t.app, organisationId, { actor: { kind: "system", name: "retention" }, source: "worker" })).toEqual({
      waves: 0,
      responses: 0,
      answers: 0,
      comments: 0,
    });
  }, 60_000);
});

// The command (`npm run candor -- apply-retention`) on a database of its own: history imported for an old and
// a recent period, then the organisation keeps 12 months.
for (const kind of backends) {
  describe(`candor apply-retention [${kind}]`, () => {
    const { env, dir } = cliDatabase(kind, "retention");
    const open = () => (kind === "pglite" ? openDatabase({ pgliteDir: env.PGLITE_DIR }) : openDatabase({ url: env.DATABASE_URL!, poolSize: 1 }));

    it("says what it would delete without --yes, deletes with it, and audits it as the CLI", async () => {
      expect((await runCli(["create-org", "--slug", "keep", "--name", "Keep Co"], env)).code).toBe(0);
      const roster = path.join(dir, "roster.csv");
      fs.writeFileSync(
        roster,
        "email,name,role,team,manager_email\nm@keep.example,Mo Manager,manager,Sales,\n" +
          [1, 2, 3, 4, 5, 6].map((i) => `r${i}@keep.example,Rep ${i},rep,Sales,m@keep.example`).join("\n"),
      );
      expect((await runCli(["import-roster", "--org", "keep", "--file", roster], env)).code).toBe(0);
      const history = path.join(dir, "history.csv");
      const recent = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
      const rows = ["team,period,PS1,PS2,ENPS,comment"];
      for (let i = 0; i < 6; i++) rows.push(`Sales,2020-01-06,${(i % 7) + 1},5,${i + 4},Old comment ${i}`, `Sales,${recent},4,${(i % 7) + 1},${i + 3},`);
      fs.writeFileSync(history, rows.join("\n"));
      const imported = await runCli(["import-history", "--org", "keep", "--file", history], env);
      expect(imported.code, imported.stderr).toBe(0);

      const off = await runCli(["apply-retention", "--org", "keep"], env);
      expect(off.code).toBe(1);
      expect(off.stderr).toContain("retention is off");
      let db = await open();
      await db.db.updateTable("organisation").set({ retentionMonths: 12 }).where("slug", "=", "keep").execute();
      await db.close();

      const dry = await runCli(["apply-retention", "--org", "keep"], env);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain("keep (keeps 12 months): would delete the raw answers of 1 pulse: 6 responses, 24 answers, 6 comments.");
      expect(dry.stdout).toContain("Nothing was deleted. Run again with --yes to delete them.");
      const done = await runCli(["apply-retention", "--yes", "--json"], env);
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toEqual({ deleted: true, runs: [{ organisation: "keep", months: 12, deleted: { waves: 1, responses: 6, answers: 24, comments: 6 } }] });

      db = await open();
      try {
        const waves = await db.db.selectFrom("wave").select(["id", "periodStart", "rawDeletedAt"]).orderBy("periodStart").execute();
        expect(waves.map((w) => [w.periodStart, w.rawDeletedAt !== null])).toEqual([
          ["2020-01-06", true],
          [recent, false],
        ]);
        expect(await db.db.selectFrom("response").select("waveId").distinct().execute()).toEqual([{ waveId: waves[1]!.id }]);
        const entry = await db.db.selectFrom("auditEntry").select(["actorKind", "actorId", "source", "targetId"]).where("action", "=", "retention.purge").executeTakeFirstOrThrow();
        expect(entry).toEqual({ actorKind: "system", actorId: "cli", source: "cli", targetId: waves[0]!.id });
      } finally {
        await db.close();
      }
    }, 120_000);
  });
}
