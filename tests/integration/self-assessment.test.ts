import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { getProgramDetail } from "../../app/services/programs.server";
import { getGapView, getSelfAssessmentForm, submitSelfAssessment } from "../../app/services/self-assessment.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave, userOf } from "../factories/pulse";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";
import { said } from "../../app/i18n/said";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";

const status = statusOfCall;

describeWithDb("manager self-assessment and the perception gap", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  let programId: string;
  const users: Record<string, SessionUser> = {};

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    ({ waveId, programId } = await createOpenWave(t.app, org, { dimensionKeys: ["psychological_safety", "forecast_pressure"], openDays: 7, reminderDays: [3] }));
    for (const k of ["managerA", "managerB", "managerA1", "repA", "enablement", "admin", "director"]) users[k] = await userOf(t.app, org.people[k]!);
  });

  it("invites the manager of every team in the wave, by email, with the items mirrored from their side", async () => {
    const rows = await t.app.db.selectFrom("selfAssessment").select(["teamId", "managerId", "submittedAt"]).where("waveId", "=", waveId).execute();
    expect(rows.map((r) => r.teamId).sort()).toEqual([org.teams.a, org.teams.a1, org.teams.b].sort());
    expect(rows.find((r) => r.teamId === org.teams.a)!.managerId).toBe(org.people.managerA!.id);
    const mail = await t.mailbox.waitFor(org.people.managerA!.email);
    expect(mail.subject).toBe("Your self-assessment for Team A is open");
    expect(mail.text).toContain(`http://candor.test/self-assessments/${waveId}/${org.teams.a}`);
    const form = await getSelfAssessmentForm(t.app, users.managerA!, waveId, org.teams.a!);
    expect(form.items).toHaveLength(13);
    expect(form.items.find((i) => i.code === "PS2")!.text).toBe("My team members can raise problems and difficult topics with me.");
    expect(form.answers).toBeNull();
  });

  it("lets only the asked manager answer, and change the answers while the wave is open", async () => {
    expect(await status(() => getSelfAssessmentForm(t.app, users.managerB!, waveId, org.teams.a!))).toBe(403);
    expect(await status(() => getSelfAssessmentForm(t.app, users.repA!, waveId, org.teams.a!))).toBe(403);
    expect(await status(() => getSelfAssessmentForm(t.app, users.managerA!, waveId, "00000000-0000-0000-0000-000000000000"))).toBe(404);
    // Team A's manager sees the team very favourably (7 on every positive item, 1 on reverse-keyed ones).
    const generous: Record<string, string> = {};
    for (const code of ["PS1", "PS3", "PS5"]) generous[`a.${code}`] = "1";
    for (const code of ["PS2", "PS4", "PS6", "PS7"]) generous[`a.${code}`] = "7";
    for (const code of ["FP1", "FP2", "FP3", "FP4"]) generous[`a.${code}`] = "1";
    for (const code of ["FP5", "FP6"]) generous[`a.${code}`] = "7";
    await submitSelfAssessment(t.app, users.managerA!, waveId, org.teams.a!, { ...generous, "a.PS2": "6" });
    await submitSelfAssessment(t.app, users.managerA!, waveId, org.teams.a!, generous);
    const form = await getSelfAssessmentForm(t.app, users.managerA!, waveId, org.teams.a!);
    expect(form.answers!["PS2"]).toBe("7");
    // The refusal is said (ADR 057): English for the API and tests, the reader's language on the page.
    const refusal = await submitSelfAssessment(t.app, users.managerA!, waveId, org.teams.a!, { "a.PS2": "9" }).then(
      () => null,
      (error: unknown) => (error as Error).message,
    );
    expect(sayInEnglish(refusal!)).toMatch(/needs fixing/);
    expect(translatorFor("de").say(refusal!)).not.toBe(sayInEnglish(refusal!));
  });

  it("reminds managers who have not answered, like reps, and shows enablement the share that answered", async () => {
    const before = t.mailbox.messages.length;
    t.setNow("2026-09-10T09:00:00Z");
    await runScheduledWork(t.app);
    await new Promise((r) => setTimeout(r, 300));
    const reminded = t.mailbox.messages
      .slice(before)
      .filter((m) => m.subject.startsWith("Reminder: your self-assessment"))
      .map((m) => m.to[0]);
    expect(reminded.sort()).toEqual([org.people.managerA1!.email, org.people.managerB!.email].sort());
    const detail = await getProgramDetail(t.app, users.enablement!, programId);
    expect(detail!.waves[0]).toMatchObject({ managersAsked: 3, managersAnswered: 1 });
  });

  it("shows no gap while a team is below the threshold, and the gap with blind spots once the wave has closed", async () => {
    // Team A: 5 reps answer, rather critically. Team B: nobody answers (had 3 of B answered, A's results
    // would be hidden too, since the organisation minus A would be B's 3 answers).
    const repsOf = async (teamId: string) =>
      (await t.app.db.selectFrom("waveAudience").select("personId").where("waveId", "=", waveId).where("teamId", "=", teamId).execute()).map((r) => r.personId);
    const critical = {
      "a.PS1": "5",
      "a.PS2": "3",
      "a.PS3": "4",
      "a.PS4": "3",
      "a.PS5": "5",
      "a.PS6": "4",
      "a.PS7": "3",
      "a.FP1": "6",
      "a.FP2": "5",
      "a.FP3": "5",
      "a.FP4": "6",
      "a.FP5": "3",
      "a.FP6": "3",
    };
    for (const [i, person] of (await repsOf(org.teams.a!)).entries()) {
      expect(await answer(t.app, waveId, person, { ...critical, "a.PS2": String(3 + (i % 2)) })).toMatchObject({ status: "saved" });
    }
    // While the wave is open, nothing is shown.
    expect((await getGapView(t.app, users.managerA!, org.teams.a!)).wave).toBeNull();

    t.setNow("2026-09-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toEqual([waveId]);
    const view = await getGapView(t.app, users.managerA!, org.teams.a!);
    expect(view.gap?.status).toBe("shown");
    if (view.gap?.status !== "shown") return;
    expect(view.gap.n).toBe(5);
    const ps = view.gap.dimensions.find((d) => d.key === "psychological_safety")!;
    // Manager: every PS item scores 7; team: PS1 5→3, PS2 3/4, PS3 4→4, PS4 3, PS5 5→3, PS6 4, PS7 3.
    expect(ps.managerScore).toBe(7);
    expect(ps.reading).toBe("blind-spot");
    expect(view.gap.blindSpots).toHaveLength(3);
    expect(view.gap.hiddenStrengths).toEqual([]);
    expect(view.trend).toHaveLength(1);

    const b = await getGapView(t.app, users.managerB!, org.teams.b!);
    expect(b).toMatchObject({ wave: null, gap: null });
  });

  it("shows the gap to the team's manager, enablement and admins only", async () => {
    expect(await status(() => getGapView(t.app, users.enablement!, org.teams.a!))).toBe(200);
    expect(await status(() => getGapView(t.app, users.admin!, org.teams.a!))).toBe(200);
    expect(await status(() => getGapView(t.app, users.managerB!, org.teams.a!))).toBe(403);
    expect(await status(() => getGapView(t.app, users.repA!, org.teams.a!))).toBe(403);
    const other = await createTestOrganisation(t.app, { reps: 1 });
    const otherAdmin = await userOf(t.app, other.people.admin!);
    expect(await status(() => getGapView(t.app, otherAdmin, org.teams.a!))).toBe(404);
    // The wave is closed: answers can no longer change.
    await expect(submitSelfAssessment(t.app, users.managerA!, waveId, org.teams.a!, { "a.PS2": "1" })).rejects.toMatchObject({
      kind: "conflict",
      message: said("selfAssessment.closed"),
    });
  });
});
