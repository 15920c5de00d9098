import { expect, it } from "vitest";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from "../../app/services/demo/seed.server";
import { signIn } from "../../app/services/sign-in.server";
import { getGapView } from "../../app/services/self-assessment.server";
import { getCrmMetrics, getTeamCrmMetrics } from "../../app/services/crm-metrics.server";
import { createCohort, getCohortImpact, listCohorts } from "../../app/services/training.server";
import type { SessionUser } from "../../app/auth/session.server";
import { answeredPeople } from "../factories/ballots";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";
import { sayInEnglish } from "../../app/i18n/catalogues.server";

/** A refusal's field errors as an English reader sees them (said messages, ADR 057). */
async function fieldErrorsInEnglish(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = (await promise.then(
    () => ({}),
    (e: unknown) => e,
  )) as { fieldErrors?: Record<string, string> };
  return Object.fromEntries(Object.entries(error.fieldErrors ?? {}).map(([k, v]) => [k, sayInEnglish(v)]));
}

describeWithDb("demo seed", (t) => {
  it("builds Northwind Sales: 3 regions, 12 teams of 3 to 9 reps (two under 5), managers, 2 enablement, an admin", async () => {
    const first = await seedDemo(t.app);
    expect(first.created).toBe(true);
    expect(first.summary).toContain(`the password ${DEMO_PASSWORD}`);
    expect(first.logins.admin).toBe(DEMO_LOGINS.admin);
    const org = await t.app.db.selectFrom("organisation").selectAll().where("slug", "=", "northwind").executeTakeFirstOrThrow();
    expect(org.name).toBe("Northwind Sales");
    const teams = await t.app.db.selectFrom("team").select(["id", "name", "parentId", "managerId"]).where("organisationId", "=", org.id).execute();
    const regions = teams.filter((x) => x.parentId === null);
    expect(regions.map((r) => r.name).sort()).toEqual(["APAC", "EMEA", "North America"]);
    const leafTeams = teams.filter((x) => x.parentId !== null);
    expect(leafTeams).toHaveLength(12);
    expect(teams.every((x) => x.managerId)).toBe(true);

    const members = await t.app.db
      .selectFrom("teamMembership as m")
      .innerJoin("person as p", "p.id", "m.personId")
      .select(["m.teamId", "p.role"])
      .where("m.organisationId", "=", org.id)
      .where("m.validTo", "is", null)
      .execute();
    const repsPerTeam = leafTeams.map((team) => members.filter((m) => m.teamId === team.id && m.role === "rep").length);
    // Every membership the seed made is recorded as the demo's, with no actor (issue 19, part 5).
    const events = await t.app.db.selectFrom("teamMembershipEvent").select(["kind", "actorId", "source"]).where("organisationId", "=", org.id).execute();
    expect(events).toHaveLength(members.length);
    expect(new Set(events.map((e) => `${e.kind} ${e.actorId} ${e.source}`))).toEqual(new Set(["joined null demo"]));
    expect(Math.min(...repsPerTeam)).toBe(3);
    expect(Math.max(...repsPerTeam)).toBe(9);
    expect(repsPerTeam.filter((n) => n < 5)).toHaveLength(2);
    const roles = await t.app.db.selectFrom("person").select("role").where("organisationId", "=", org.id).execute();
    const count = (role: string) => roles.filter((r) => r.role === role).length;
    expect([count("admin"), count("enablement"), count("manager")]).toEqual([1, 2, 15]);
    expect(new Set((await t.app.db.selectFrom("person").select("name").where("role", "=", "rep").execute()).map((r) => r.name)).size).toBe(count("rep"));

    for (const email of Object.values(DEMO_LOGINS)) {
      expect((await signIn(t.app, { email, password: DEMO_PASSWORD, address: null })).ok, email).toBe(true);
    }
  });

  it("has a pulse program with two quarters of closed waves and one open wave, answered through the real path", async () => {
    const waves = await t.app.db
      .selectFrom("wave")
      .innerJoin("pulseProgram as p", "p.id", "wave.programId")
      .select(["wave.id", "wave.status", "wave.sealed", "wave.periodStart", "p.name"])
      .orderBy("wave.periodStart")
      .execute();
    expect(waves.map((w) => w.status)).toEqual(["closed", "closed", "closed", "closed", "closed", "closed", "open"]);
    expect(new Set(waves.map((w) => w.name))).toEqual(new Set(["Monthly team pulse"]));
    expect(waves.filter((w) => w.status === "closed").every((w) => w.sealed)).toBe(true);
    const perWave = await t.app.db
      .selectFrom("response")
      .select((eb) => ["waveId", eb.fn.countAll<number>().as("n")])
      .groupBy("waveId")
      .execute();
    const closed = waves.filter((w) => w.status === "closed").map((w) => perWave.find((p) => p.waveId === w.id)?.n ?? 0);
    for (const n of closed) expect(n).toBeGreaterThan(45);
    const open = perWave.find((p) => p.waveId === waves[6]!.id)?.n ?? 0;
    expect(open).toBeGreaterThan(15);
    expect(open).toBeLessThan(closed[0]!);
    // Participation matches responses wave by wave: nothing lost, nothing doubled.
    for (const wave of waves) {
      const answered = await answeredPeople(t.app, wave.id);
      expect(answered.length).toBe(perWave.find((p) => p.waveId === wave.id)?.n ?? 0);
    }
  });

  it("includes managers' self-assessments with at least one clear blind spot", async () => {
    const org = await t.app.db.selectFrom("organisation").select("id").where("slug", "=", "northwind").executeTakeFirstOrThrow();
    const manager = await t.app.db.selectFrom("person").selectAll().where("email", "=", "tom.okafor@northwind.example").executeTakeFirstOrThrow();
    const team = await t.app.db.selectFrom("team").select("id").where("name", "=", "NA Commercial").where("organisationId", "=", org.id).executeTakeFirstOrThrow();
    const view = await getGapView(t.app, { personId: manager.id, organisationId: org.id, role: "manager" } as SessionUser, team.id);
    expect(view.gap?.status).toBe("shown");
    if (view.gap?.status !== "shown") return;
    expect(view.gap.dimensions.find((d) => d.key === "psychological_safety")!.reading).toBe("blind-spot");
    expect(view.gap.blindSpots.length).toBeGreaterThanOrEqual(1);
    expect(view.trend.length).toBe(6);
    const answered = await t.app.db.selectFrom("selfAssessment").select("submittedAt").where("organisationId", "=", org.id).execute();
    expect(answered.filter((a) => a.submittedAt).length).toBeGreaterThan(70);
  });

  it("loads three snapshots of a Salesforce export covering the demo teams, so slip and forecast metrics show", async () => {
    const org = await t.app.db.selectFrom("organisation").select("id").where("slug", "=", "northwind").executeTakeFirstOrThrow();
    const snapshots = await t.app.db.selectFrom("crmSnapshot").select(["asOf", "rowCount", "source"]).where("organisationId", "=", org.id).orderBy("asOf").execute();
    expect(snapshots).toHaveLength(3);
    // The demo's deals are made relative to the day it is seeded, so the first export's size moves by a few
    // rows from day to day (999 on 2026-12-07, over 1,000 the day before); each later export holds more.
    expect(snapshots.every((s) => s.source === "salesforce" && s.rowCount > 900)).toBe(true);
    expect(snapshots[1]!.rowCount).toBeGreaterThan(snapshots[0]!.rowCount);
    expect(snapshots[2]!.rowCount).toBeGreaterThan(snapshots[1]!.rowCount);
    const { rows } = await getCrmMetrics(t.app, org.id, "quarter");
    const teams = new Set(rows.map((r) => r.team));
    expect(teams.size).toBe(12);
    expect(rows.some((r) => r.slippedCount > 0)).toBe(true);
    expect(rows.some((r) => r.forecastAccuracy !== null)).toBe(true);
    expect(rows.some((r) => r.winRate !== null)).toBe(true);

    // A region's figures on its team page are its teams' deals as one group: counts add up, the win rate
    // is recomputed from them (not averaged), and a manager of another region may not look.
    const teams2 = await t.app.db.selectFrom("team").select(["id", "name", "parentId"]).where("organisationId", "=", org.id).execute();
    const na = teams2.find((x) => x.name === "North America")!;
    const naTeams = new Set(teams2.filter((x) => x.parentId === na.id).map((x) => x.id));
    const admin = await t.app.db.selectFrom("person").select("id").where("email", "=", DEMO_LOGINS.admin).executeTakeFirstOrThrow();
    const adminUser = { personId: admin.id, organisationId: org.id, role: "admin" } as SessionUser;
    const other = await t.app.db.selectFrom("person").select("id").where("email", "=", "sofia.marchetti@northwind.example").executeTakeFirstOrThrow();
    expect(await statusOfCall(() => getTeamCrmMetrics(t.app, { personId: other.id, organisationId: org.id, role: "manager" } as SessionUser, na.id))).toBe(403);
    t.setNow("2027-12-31T12:00:00Z");
    const region = await getTeamCrmMetrics(t.app, adminUser, na.id, { periods: 8 });
    expect(region.rows.length).toBeGreaterThan(0);
    for (const row of region.rows) {
      const parts = rows.filter((r) => naTeams.has(r.team) && r.period === row.period);
      const won = parts.reduce((s, r) => s + r.wonCount, 0);
      const lost = parts.reduce((s, r) => s + r.lostCount, 0);
      expect(row.wonCount).toBe(won);
      expect(row.lostCount).toBe(lost);
      expect(row.winRate).toBe(won + lost > 0 ? won / (won + lost) : null);
    }
  });

  it("records the demo's manager training, whose teams improved visibly against similar untrained teams", async () => {
    const org = await t.app.db.selectFrom("organisation").select("id").where("slug", "=", "northwind").executeTakeFirstOrThrow();
    const enablement = await t.app.db.selectFrom("person").select("id").where("email", "=", DEMO_LOGINS.enablement).executeTakeFirstOrThrow();
    const user = { personId: enablement.id, organisationId: org.id, role: "enablement" } as SessionUser;
    const [cohort] = await listCohorts(t.app, user);
    expect(cohort).toMatchObject({ name: "Coaching by questions", dimensionKeys: ["psychological_safety", "forecast_pressure"] });
    const impact = await getCohortImpact(t.app, user, cohort!.id);
    expect(impact.trainedTeams.sort()).toEqual(["DACH", "Japan", "NA Commercial"]);
    expect([impact.before.length, impact.after.length]).toEqual([3, 3]);
    const safety = impact.outcomes.find((o) => o.key === "psychological_safety")!;
    // The seed adds 0.8 to the trained teams' safety from the fourth wave on.
    expect(safety.result, JSON.stringify({ safety, before: impact.before, after: impact.after })).toMatchObject({ verdict: "improved" });
    expect(safety.result.estimate!).toBeGreaterThan(0.4);
    expect(safety.result.estimate!).toBeLessThan(1.3);
    expect(safety.result.treatedTeams).toBe(3);
    expect(safety.comparisonTeams).not.toContain("Nordics"); // below the threshold: never a comparison
    const pressure = impact.outcomes.find((o) => o.key === "forecast_pressure")!;
    expect(pressure.result.estimate!).toBeLessThan(0);
    expect(impact.outcomes.map((o) => o.key)).toEqual(["psychological_safety", "forecast_pressure", "winRate", "knownUpsideShare"]);
    // The seed's effect starts at the training, so the three waves before it pass the pre-trend check (ADR 025),
    // and the chart has a point per wave on each side, each from the teams the estimate uses.
    // One comparison team is shown in only one wave before it, so it has no slope: 3 of the estimate's 4.
    expect(safety.result.controlTeams).toBe(4);
    expect(safety.preTrend).toMatchObject({ verdict: "parallel", trainedTeams: 3, controlTeams: 3, periodsBefore: 3 });
    expect(safety.preTrend.ciLow!).toBeLessThan(0);
    expect(safety.preTrend.ciHigh!).toBeGreaterThan(0);
    expect(safety.preTrend.text).toMatch(
      /^Before the training the two groups' psychological safety moved in parallel \(.* a wave; difference .*, 95% interval .* to .*, p = 0\.\d\d; 3 trained and 3 comparison teams\), which the estimate assumes\./,
    );
    expect(safety.series.map((p) => [p.label, p.after])).toEqual([...impact.before.map((w) => [w, false]), ...impact.after.map((w) => [w, true])]);
    expect(Math.max(...safety.series.map((p) => p.trained?.n ?? 0))).toBe(3);

    // Recording a training: bad input names the fields and writes nothing; managers and reps may not.
    const before = await t.app.db.selectFrom("trainingCohort").select("id").execute();
    expect(await fieldErrorsInEnglish(createCohort(t.app, user, { name: "x", heldOn: "2026-02-30", managerIds: [], dimensionKeys: ["vibes"] }))).toMatchObject({
      name: "Give the training a name",
      managerIds: "Pick at least one manager who took the training",
    });
    expect(
      await fieldErrorsInEnglish(createCohort(t.app, user, { name: "Forecast calls", heldOn: "2026-02-30", managerIds: [enablement.id], dimensionKeys: ["vibes"] })),
    ).toMatchObject({ heldOn: "That date does not exist", managerIds: "Pick managers from the list", dimensionKeys: "Pick dimensions from the list" });
    expect(await t.app.db.selectFrom("trainingCohort").select("id").execute()).toEqual(before);
    const manager = await t.app.db.selectFrom("person").select("id").where("email", "=", DEMO_LOGINS.manager).executeTakeFirstOrThrow();
    expect(await statusOfCall(() => getCohortImpact(t.app, { personId: manager.id, organisationId: org.id, role: "manager" } as SessionUser, cohort!.id))).toBe(403);
    expect(await statusOfCall(() => getCohortImpact(t.app, { ...user, organisationId: crypto.randomUUID() }, cohort!.id))).toBe(404);
  });

  it("does nothing on the next start", async () => {
    const before = await t.app.db.selectFrom("person").select("id").execute();
    const again = await seedDemo(t.app);
    expect(again.created).toBe(false);
    expect(again.summary).toContain("already seeded");
    expect(await t.app.db.selectFrom("person").select("id").execute()).toEqual(before);
  });
});
