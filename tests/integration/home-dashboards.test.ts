import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { createActionPlan } from "../../app/services/action-plans.server";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { getHome } from "../../app/services/home.server";
import { saidWithDimensionIn } from "../../app/services/dimension-names.server";
import { submitSelfAssessment } from "../../app/services/self-assessment.server";
import { createCohort } from "../../app/services/training.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { insertPerson } from "../../db/queries/people";
import { importCrmText, SALESFORCE_DEALS_HEADER } from "../factories/crm";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answerAsTeam, CORE_DIMENSIONS, createOpenWave, userOf } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

/**
 * Team A's five reps answer two monthly waves: safety 5.06 then 6.06 (up 1.00: better), forecast pressure
 * 2.07 then 3.07 (up 1.00: worse), collaboration 3.08 and intel 4.08 both times (no change). Nobody else
 * answers. Team A's manager sees the team generously in the second wave (safety 7, pressure 1). A third
 * wave is open: five of Team A answered two days ago, two more today.
 */
/** A said next step (ADR 057) in English. */
const inEnglish = (step: { text: string; href: string; label: string }) => ({ ...step, text: sayInEnglish(step.text), label: sayInEnglish(step.label) });

describeWithDb("home dashboards per role", (t) => {
  let org: TestOrganisation;
  let small: TestOrganisation;
  let smallManagerA: SessionUser;
  const users: Record<string, SessionUser> = {};
  let thirdWave: string;
  let planId: string;

  const waveOpenedOn = async (periodStart: string) =>
    (await t.app.db.selectFrom("wave").select("id").where("organisationId", "=", org.id).where("periodStart", "=", periodStart).executeTakeFirstOrThrow()).id;
  const generous: Record<string, string> = {};
  for (const code of ["PS1", "PS3", "PS5"]) generous[`a.${code}`] = "1";
  for (const code of ["PS2", "PS4", "PS6", "PS7"]) generous[`a.${code}`] = "7";
  for (const code of ["FP1", "FP2", "FP3", "FP4"]) generous[`a.${code}`] = "1";
  for (const code of ["FP5", "FP6"]) generous[`a.${code}`] = "7";

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    for (const k of ["managerA", "managerB", "director", "repA", "repB", "enablement", "admin"]) users[k] = await userOf(t.app, org.people[k]!);
    const first = await createOpenWave(t.app, org, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
    await answerAsTeam(t.app, first.waveId, org.teams.a!);
    // A second organisation where only three of Team A answer: every score is hidden.
    small = await createTestOrganisation(t.app, { reps: 5 });
    smallManagerA = await userOf(t.app, small.people.managerA!);
    const smallWave = await createOpenWave(t.app, small, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
    await answerAsTeam(t.app, smallWave.waveId, small.teams.a!, { howMany: 3 });
    t.setNow("2026-09-14T00:00:01Z");
    await runScheduledWork(t.app);
    // After the first results, Team A's manager plans something, to review on 1 October.
    ({ id: planId } = await createActionPlan(t.app, users.managerA!, org.teams.a!, {
      dimensionKey: "collaboration",
      action: "Two reps work each deal over $50k together.",
      owner: "Mia",
      reviewOn: "2026-10-01",
    }));

    t.setNow("2026-10-07T08:00:00Z");
    await runScheduledWork(t.app);
    const second = await waveOpenedOn("2026-10-07");
    await answerAsTeam(t.app, second, org.teams.a!, { ps: 6, fp: 3 });
    await submitSelfAssessment(t.app, users.managerA!, second, org.teams.a!, generous);
    t.setNow("2026-10-14T00:00:01Z");
    await runScheduledWork(t.app);

    t.setNow("2026-11-07T08:00:00Z");
    await runScheduledWork(t.app);
    thirdWave = await waveOpenedOn("2026-11-07");
    await answerAsTeam(t.app, thirdWave, org.teams.a!, { ps: 6, fp: 3 });
    t.setNow("2026-11-09T10:00:00Z");
    // Two of Team B answer today: the count as of the start of the day does not move.
    await answerAsTeam(t.app, thirdWave, org.teams.b!, { howMany: 2, ps: 4, fp: 4 });
  });

  it("shows a manager their team's latest scores, the change and its direction", async () => {
    const home = await getHome(t.app, users.managerA!);
    const manager = home.manager!;
    expect(manager.teams.map((x) => x.team.name)).toEqual(["Team A"]);
    const team = manager.teams[0]!;
    expect(team.wave).toMatchObject({ periodStart: "2026-10-07", closedOn: "2026-10-13" });
    expect(team.previousWave).toMatchObject({ periodStart: "2026-09-07" });
    // Five of the ten asked in Team A and Team A1 answered.
    expect(team.responses).toEqual({ n: 5, invited: 10, rate: 0.5 });
    expect(team.hiddenReason).toBeNull();
    const by = Object.fromEntries(team.dimensions.map((d) => [d.key, d]));
    expect(by.psychological_safety!.score.mean).toBeCloseTo(6 + 2 / 35, 10);
    expect(by.psychological_safety!.change!.diff).toBeCloseTo(1, 10);
    expect(by.psychological_safety!.movement).toEqual({ direction: "better", clear: true });
    // Forecast pressure rose by one point: higher is worse, so it is worse.
    expect(by.forecast_pressure!.higherIsBetter).toBe(false);
    expect(by.forecast_pressure!.score.mean).toBeCloseTo(3 + 2 / 30, 10);
    expect(by.forecast_pressure!.change!.diff).toBeCloseTo(1, 10);
    expect(by.forecast_pressure!.movement).toEqual({ direction: "worse", clear: true });
    expect(by.collaboration!.score.mean).toBeCloseTo(3.08, 10);
    expect(by.collaboration!.movement).toEqual({ direction: "same", clear: false });
  });

  it("gives the open pulse's count only as of the start of the day, in steps of the minimum group, for the whole wave", async () => {
    const manager = (await getHome(t.app, users.managerA!)).manager!;
    // Five answered on 7 November, two today: the count before today is 5; everyone asked is 15.
    expect(manager.openPulses).toEqual([
      { waveId: thirdWave, programName: "Team pulse", closesAt: expect.any(Date), invited: 15, answeredAtLeast: 5, countedBefore: "2026-11-09", minGroupSize: 5 },
    ]);
    // Team B's manager sees the same whole-wave number, not their team's two answers of today.
    const b = (await getHome(t.app, users.managerB!)).manager!;
    expect(b.openPulses.map((p) => [p.answeredAtLeast, p.invited])).toEqual([[5, 15]]);
  });

  it("lists where the manager's self-assessment differs most from the team, in words, with forecast pressure read the right way round", async () => {
    const manager = (await getHome(t.app, users.managerA!)).manager!;
    expect(manager.blindSpots.map((b) => [b.key, b.clear, sayInEnglish(b.category), sayInEnglish(b.sentence), b.managerScore, Number(b.gap.toFixed(3))])).toEqual([
      ["forecast_pressure", true, "Blind spot", "You see less forecast-honesty pressure than your team feels.", 1, -2.067],
      ["psychological_safety", true, "Blind spot", "You rate psychological safety higher than your team does.", 7, 0.943],
    ]);
    // Said by key (ADR 057): in German, the gap page's words.
    expect(translatorFor("de").say(manager.blindSpots[0]!.category)).toBe("Blinder Fleck");
    expect(manager.gapNotes).toEqual([{ team: { id: org.teams.a, name: "Team A" }, note: null }]);
  });

  it("lists the action plans due for review and suggests answering the open self-assessment first", async () => {
    const manager = (await getHome(t.app, users.managerA!)).manager!;
    expect(manager.plansDue.map((p) => ({ ...p, reasons: p.reasons.map(sayInEnglish) }))).toEqual([
      {
        id: planId,
        team: { id: org.teams.a, name: "Team A" },
        dimensionKey: "collaboration",
        dimensionName: "Collaboration",
        action: "Two reps work each deal over $50k together.",
        owner: "Mia",
        reviewOn: "2026-10-01",
        reasons: ["the review date (1 Oct 2026) has passed", "a new wave (Team pulse, 7 Oct 2026) has closed since this plan was made"],
      },
    ]);
    // Said by key (ADR 057), the dates ICU dates: in German and Japanese, each reason a clause of its own with the date written for the reader.
    expect(manager.plansDue[0]!.reasons.map(translatorFor("de").say)).toEqual([
      "das Überprüfungsdatum (1. Okt. 2026) ist verstrichen",
      "seit der Erstellung dieses Plans wurde eine neue Welle (Team pulse, 7. Okt. 2026) abgeschlossen",
    ]);
    expect(manager.plansDue[0]!.reasons.map(translatorFor("ja").say)).toEqual([
      "見直し日（2026年10月1日）を過ぎています",
      "このプランの作成後に新しいウェーブ（Team pulse、2026年10月7日）が締め切られました",
    ]);
    expect(manager.openPlans).toBe(1);
    expect(inEnglish(manager.nextStep!)).toEqual({
      text: "Answer your self-assessment for Team A before the pulse closes: once it closes, you will see where your view differs from the team's.",
      href: `/self-assessments/${thirdWave}/${org.teams.a}`,
      label: "Answer the self-assessment",
    });
    // Once it is answered, the plan due for review is next.
    await submitSelfAssessment(t.app, users.managerA!, thirdWave, org.teams.a!, generous);
    const after = (await getHome(t.app, users.managerA!)).manager!;
    expect(inEnglish(after.nextStep!)).toEqual({
      text: "Review the action plan for Team A on collaboration: the review date (1 Oct 2026) has passed.",
      href: `/teams/${org.teams.a}/guide`,
      label: "Review the plan",
      dimensionKey: "collaboration",
    });
    // In German and Japanese as the home page says it: the dimension named in the language, the reason's date written for the reader.
    const { text, dimensionKey } = after.nextStep!;
    expect(translatorFor("de").say(saidWithDimensionIn("de")(text, dimensionKey!))).toBe(
      "Überprüfen Sie den Aktionsplan für Team A zu Zusammenarbeit: das Überprüfungsdatum (1. Okt. 2026) ist verstrichen.",
    );
    expect(translatorFor("ja").say(saidWithDimensionIn("ja")(text, dimensionKey!))).toBe(
      "Team Aの協働に関するアクションプランを見直してください：見直し日（2026年10月1日）を過ぎています。",
    );
  });

  it("shows a manager only the teams they lead, and says in words why a team's results are hidden", async () => {
    const b = (await getHome(t.app, users.managerB!)).manager!;
    // Nobody of Team B answered a closed wave: no results, no gap, nothing of Team A.
    expect(b.teams.map((x) => [x.team.name, x.wave])).toEqual([["Team B", null]]);
    expect(b.blindSpots).toEqual([]);
    expect(b.gapNotes.map((g) => ({ ...g, note: g.note && sayInEnglish(g.note) }))).toEqual([
      { team: { id: org.teams.b, name: "Team B" }, note: "No pulse has closed for this team yet." },
    ]);
    expect(JSON.stringify(b)).not.toContain("Team A");
    const director = (await getHome(t.app, users.director!)).manager!;
    expect(director.teams.map((x) => x.team.name)).toEqual(["Region"]);
    // The director is asked no self-assessment of the region, and still sees the open pulse that asked its teams.
    expect(director.openPulses.map((p) => [p.waveId, p.answeredAtLeast, p.invited])).toEqual([[thirdWave, 5, 15]]);
    expect(director.gapNotes.map((g) => ({ ...g, note: g.note && sayInEnglish(g.note) }))).toEqual([
      {
        team: { id: org.teams.region, name: "Region" },
        note: "The latest closed pulse asked you no self-assessment for this team, so there is nothing to compare.",
      },
    ]);

    const hidden = (await getHome(t.app, smallManagerA)).manager!;
    expect(hidden.teams[0]!.wave).toMatchObject({ periodStart: "2026-09-07" });
    expect(sayInEnglish(hidden.teams[0]!.hiddenReason!)).toBe(
      "Fewer people answered than the minimum reporting group, so the team's scores stay hidden to protect everyone's anonymity.",
    );
    expect(hidden.teams[0]!.responses).toEqual({ n: null, invited: 0, rate: null });
    expect(sayInEnglish(hidden.gapNotes[0]!.note!)).toBe("Fewer than 5 people of this team answered, so its results stay hidden to protect their anonymity.");
    // Said by key (ADR 057): the same reasons read in the manager's language.
    const de = translatorFor("de");
    expect(de.say(hidden.gapNotes[0]!.note!)).toBe("Weniger als 5 Personen dieses Teams haben geantwortet, daher bleiben seine Ergebnisse zum Schutz ihrer Anonymität verborgen.");
    expect(de.say(hidden.teams[0]!.dimensions[0]!.score.hidden!)).toBe("weniger Antworten als die Mindestgruppengröße für Auswertungen");
    expect(de.say(hidden.teams[0]!.hiddenReason!)).toMatch(/^Es haben weniger Personen geantwortet/);
    expect(JSON.stringify(hidden)).not.toMatch(/"(mean|diff|gap|teamMean)":-?\d/);
  });

  it("shows enablement the organisation's movement, where coaching is needed and trainings being measured", async () => {
    await createCohort(t.app, users.enablement!, { name: "Coaching by questions", heldOn: "2026-09-20", managerIds: [org.people.managerA!.id], dimensionKeys: ["collaboration"] });
    const home = await getHome(t.app, users.enablement!);
    const e = home.enablement!;
    expect(home.manager).toBeNull();
    expect(e.wave).toMatchObject({ programName: "Team pulse", periodStart: "2026-10-07" });
    expect(e.previousWave).toMatchObject({ periodStart: "2026-09-07" });
    const by = Object.fromEntries(e.organisation.map((d) => [d.key, d]));
    expect(e.organisation.map((d) => d.key)).toEqual(["psychological_safety", "collaboration", "intel_sharing", "forecast_pressure"]);
    expect(by.psychological_safety!.score.mean).toBeCloseTo(6 + 2 / 35, 10);
    expect(by.psychological_safety!.movement).toEqual({ direction: "better", clear: true });
    expect(by.forecast_pressure!.movement).toEqual({ direction: "worse", clear: true });
    expect(by.intel_sharing!.movement).toEqual({ direction: "same", clear: false });
    // The region and Team A have shown results (the same five answers); both are named, with their reasons.
    expect(e.coaching.teamsConsidered).toBe(2);
    expect(e.coaching.top.map((p) => p.teamName).sort()).toEqual(["Region", "Team A"]);
    expect(e.coaching.top.find((p) => p.teamName === "Team A")!.reasons.length).toBeGreaterThan(0);
    // One closed wave (7 October) since the training of 20 September, of the three its impact compares.
    expect(e.training).toEqual([{ id: expect.any(String), name: "Coaching by questions", heldOn: "2026-09-20", managers: 1, wavesSince: 1, wavesNeeded: 3, inFlight: true }]);
  });

  it("shows an admin the setup's health in plain words, each with where to fix it", async () => {
    const before = (await getHome(t.app, users.admin!)).admin!;
    expect(before.today).toBe("2026-11-09");
    // The roster was imported on 7 September: 63 days ago.
    expect(before.roster).toEqual({ lastImport: "2026-09-07", lastChange: "2026-09-07", ageDays: 63 });
    expect(before.crm).toBeNull();
    expect(before.failedJobs).toBeNull();
    expect(before.peopleWithoutTeam).toEqual([]);
    expect(before.checks.map((c) => [c.key, c.status, c.href])).toEqual([
      ["roster", "attention", "/admin/roster"],
      ["crm", "problem", "/admin/crm"],
      ["jobs", "attention", "/programs"],
      ["mail", "ok", "/admin/deliveries"],
      ["people", "ok", "/admin/people"],
    ]);
    expect(sayInEnglish(before.checks[0]!.summary)).toBe(
      "The last roster import that changed a team was on 7 September 2026 (63 days ago). Import the current roster so that pulses reach the right teams.",
    );

    const { id } = await insertPerson(t.app.db, { organisationId: org.id, email: `nia@${org.slug}.example`, name: "Nia Noteam", role: "rep" });
    const deal = `rep-a1@${org.slug}.example,Deal 1,1000,10/15/2026,09/01/2026,Closed Won,true,true,006A1`;
    expect(await importCrmText(t.app, org.id, `${SALESFORCE_DEALS_HEADER}\n${deal}\n`, { asOf: "2026-11-02" })).toMatchObject({ status: "imported" });
    const after = (await getHome(t.app, users.admin!)).admin!;
    expect(after.crm).toMatchObject({ asOf: "2026-11-02", ageDays: 7, fileName: "deals.csv" });
    expect(after.crm!.importedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(after.peopleWithoutTeam).toEqual([{ id, name: "Nia Noteam", role: "rep" }]);
    expect(after.checks.map((c) => [c.key, c.status])).toEqual([
      ["roster", "attention"],
      ["crm", "ok"],
      ["jobs", "attention"],
      ["mail", "ok"],
      ["people", "attention"],
    ]);
    expect(sayInEnglish(after.checks[4]!.summary)).toBe("1 active person is in no team: they are asked no pulse and their deals count for no team.");
    // Nobody else gets the admin's dashboard.
    expect((await getHome(t.app, users.enablement!)).admin).toBeNull();
    expect((await getHome(t.app, users.managerA!)).admin).toBeNull();
  });

  it("counts the job queue's failed runs of the last 7 days, archived ones too", async () => {
    // The job queue's tables as pg-boss makes them, with only the columns the count reads.
    await sql`create schema pgboss`.execute(t.app.db);
    await sql`create table pgboss.job (id serial, name text, state text, created_on timestamptz)`.execute(t.app.db);
    await sql`create table pgboss.archive (id serial, name text, state text, created_on timestamptz)`.execute(t.app.db);
    await sql`insert into pgboss.job (name, state, created_on) values
      ('candor-scheduler', 'completed', '2026-11-08T10:00:00Z'), ('candor-scheduler', 'failed', '2026-11-08T10:01:00Z'), ('candor-scheduler', 'failed', '2026-10-30T10:00:00Z')`.execute(
      t.app.db,
    );
    await sql`insert into pgboss.archive (name, state, created_on) values ('candor-scheduler', 'failed', '2026-11-03T10:00:00Z')`.execute(t.app.db);
    const admin = (await getHome(t.app, users.admin!)).admin!;
    expect(admin.failedJobs).toBe(2);
    expect({ ...admin.checks[2]!, summary: sayInEnglish(admin.checks[2]!.summary) }).toMatchObject({
      key: "jobs",
      status: "problem",
      summary:
        "2 scheduler runs failed in the last 7 days: some pulses may not have opened or closed, or invitations and reminders may not have gone out. The server log says why.",
    });
  });

  it("shows a rep their open pulse and what their team's results led to, without the manager's notes", async () => {
    const home = await getHome(t.app, users.repA!);
    expect(home.manager).toBeNull();
    expect(home.enablement).toBeNull();
    expect(home.pulses.filter((p) => p.open).map((p) => [p.waveId, p.answered])).toEqual([[thirdWave, true]]);
    expect(home.myTeam!.team.name).toBe("Team A");
    expect(home.myTeamPlans).toEqual([
      {
        id: planId,
        dimensionName: "Collaboration",
        action: "Two reps work each deal over $50k together.",
        reviewOn: "2026-10-01",
        status: "open",
        wave: { periodStart: "2026-09-07", programName: "Team pulse" },
      },
    ]);
    // Team B has no plans; a rep of it sees none of Team A's.
    expect((await getHome(t.app, users.repB!)).myTeamPlans).toEqual([]);
  });
});
