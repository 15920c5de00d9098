import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { action as guideAction, loader as guideLoader } from "../../app/routes/teams.$teamId_.guide";
import { createActionPlan, getConversationGuide, updateActionPlan } from "../../app/services/action-plans.server";
import { InputError } from "../../app/domain/errors";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { getActionPlanRollup } from "../../app/services/action-plan-rollup.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { answerAsTeam, CORE_DIMENSIONS, createOpenWave, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";

const status = statusOfCall;

describeWithDb("team conversation guide and action plans", (t) => {
  let org: TestOrganisation;
  let small: TestOrganisation;
  let waveId: string;
  const users: Record<string, SessionUser> = {};
  let smallManagerA: SessionUser;
  let planId: string;
  let secondPlanId: string;

  const planCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom("actionPlan")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    ({ waveId } = await createOpenWave(t.app, org, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] }));
    for (const k of ["managerA", "managerB", "director", "repA", "enablement", "admin"]) users[k] = await userOf(t.app, org.people[k]!);
    // Team A's five reps answer; nobody else does, so Team A's cells pass the minimum of 5.
    await answerAsTeam(t.app, waveId, org.teams.a!);
    // A second organisation where only three of Team A answer: every score is hidden.
    small = await createTestOrganisation(t.app, { reps: 5 });
    const smallWave = await createOpenWave(t.app, small, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
    await answerAsTeam(t.app, smallWave.waveId, small.teams.a!, { howMany: 3 });
    smallManagerA = await userOf(t.app, small.people.managerA!);
  });

  it("has no focus and takes no plan while no wave has closed", async () => {
    const guide = await getConversationGuide(t.app, users.managerA!, org.teams.a!);
    expect(guide).toMatchObject({ wave: null, focus: [], allHidden: false, plans: [], reviewDue: [], canEdit: true });
    await expect(
      createActionPlan(t.app, users.managerA!, org.teams.a!, { dimensionKey: "collaboration", action: "Pair up on deals", owner: "Mia", reviewOn: "2026-10-01" }).catch(
        (e: Error) => sayInEnglish(e.message),
      ),
    ).resolves.toMatch(/no wave has closed/);
    expect(await planCount()).toBe(0);
  });

  it("picks the lowest dimensions of the closed wave, with the reason in plain words", async () => {
    t.setNow("2026-09-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toHaveLength(2);
    const guide = await getConversationGuide(t.app, users.managerA!, org.teams.a!);
    expect(guide.wave).toMatchObject({ id: waveId, periodStart: "2026-09-07", closedOn: "2026-09-13" });
    expect(guide.today).toBe("2026-09-14");
    // Collaboration 3.08 and intel 4.08 are the weakest; safety 5.06 and pressure 2.07 (5.93 turned) are not.
    expect(guide.focus.map((f) => [f.dimension.key, f.reason])).toEqual([
      ["collaboration", "lowest score of your team: 3.1 of 7"],
      ["intel_sharing", "next-lowest score of your team: 4.1 of 7"],
    ]);
    expect(guide.focus[0]!.dimension.mean).toBeCloseTo(3.08, 10);
    expect(guide.focus[0]!.questions.length).toBeGreaterThanOrEqual(3);
    expect(guide.dimensionOptions.map((d) => d.key)).toEqual(["collaboration", "intel_sharing", "psychological_safety", "forecast_pressure"]);
    expect(guide.allHidden).toBe(false);
  });

  it("never picks a hidden dimension: with every score hidden, there is no focus", async () => {
    const guide = await getConversationGuide(t.app, smallManagerA, small.teams.a!);
    expect(guide.wave).not.toBeNull();
    expect(guide.focus).toEqual([]);
    expect(guide.allHidden).toBe(true);
    expect(JSON.stringify(guide)).not.toMatch(/"mean":\d/);
  });

  it("saves a valid plan for the latest wave, and refuses a bad one with field errors and nothing written", async () => {
    const bad = createActionPlan(t.app, users.managerA!, org.teams.a!, { dimensionKey: "win_rate", action: "x", owner: "", reviewOn: "2026-09-14" });
    await expect(bad).rejects.toBeInstanceOf(InputError);
    await expect(bad.catch(inEnglish)).resolves.toMatchObject({
      fieldErrors: {
        dimensionKey: "Choose what the action is about",
        action: "Describe the action in at least 3 characters",
        owner: "Name who owns the action",
        reviewOn: "Pick a date after today (2026-09-14)",
      },
    });
    await expect(
      createActionPlan(t.app, users.managerA!, org.teams.a!, { dimensionKey: "collaboration", action: "Pair up", owner: "Mia", reviewOn: "2026-02-30" }).catch(inEnglish),
    ).resolves.toMatchObject({
      fieldErrors: { reviewOn: "Enter a date such as 2026-10-31" },
    });
    expect(await planCount()).toBe(0);

    ({ id: planId } = await createActionPlan(t.app, users.managerA!, org.teams.a!, {
      dimensionKey: "collaboration",
      action: "  Two reps work each deal over $50k together, and say who does what at the kick-off.  ",
      owner: "Mia",
      reviewOn: "2026-12-01",
    }));
    // The director above Team A may write too; the plan may be about any dimension of the item bank.
    ({ id: secondPlanId } = await createActionPlan(t.app, users.director!, org.teams.a!, {
      dimensionKey: "forecast_pressure",
      action: "Ask for the buyer's words behind every close date change.",
      owner: "Whole team",
      reviewOn: "2026-11-01",
    }));
    expect(await planCount()).toBe(2);
    const row = await t.app.db.selectFrom("actionPlan").selectAll().where("id", "=", planId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organisationId: org.id,
      teamId: org.teams.a,
      waveId,
      dimensionKey: "collaboration",
      action: "Two reps work each deal over $50k together, and say who does what at the kick-off.",
      owner: "Mia",
      reviewOn: "2026-12-01",
      status: "open",
      outcomeNote: null,
      createdBy: org.people.managerA!.id,
    });

    const guide = await getConversationGuide(t.app, users.enablement!, org.teams.a!);
    expect(guide.canEdit).toBe(false);
    expect(guide.plans.map((p) => [p.dimensionName, p.owner, p.reviewOn, p.status, p.createdOn, p.createdByName])).toEqual([
      ["Forecast-honesty pressure", "Whole team", "2026-11-01", "open", "2026-09-14", "Dir Director"],
      ["Collaboration", "Mia", "2026-12-01", "open", "2026-09-14", "Mia Manager A"],
    ]);
    expect(guide.reviewDue).toEqual([]);
  });

  it("changes a plan's status with a note, and refuses an unknown status", async () => {
    await expect(updateActionPlan(t.app, users.managerA!, secondPlanId, { status: "finished" }).catch(inEnglish)).resolves.toMatchObject({
      fieldErrors: { status: "Choose open, done or dropped" },
    });
    await updateActionPlan(t.app, users.managerA!, secondPlanId, { status: "done", outcomeNote: " Slips are now called a week earlier. " });
    const guide = await getConversationGuide(t.app, users.managerA!, org.teams.a!);
    // Open plans first.
    expect(guide.plans.map((p) => [p.id, p.status, p.outcomeNote])).toEqual([
      [planId, "open", null],
      [secondPlanId, "done", "Slips are now called a week earlier."],
    ]);
  });

  it("brings a plan back for review when the next wave closes, with the scores then and now", async () => {
    t.setNow("2026-10-07T08:00:00Z");
    const opened = (await runScheduledWork(t.app)).opened.map((o) => o.waveId);
    const next = (await t.app.db.selectFrom("wave").select("id").where("id", "in", opened).where("organisationId", "=", org.id).executeTakeFirstOrThrow()).id;
    // Safety falls from 5.06 to 4.06 and pressure rises from 2.07 to 4.07; collaboration and intel stay.
    await answerAsTeam(t.app, next, org.teams.a!, { ps: 4, fp: 4 });
    expect((await getConversationGuide(t.app, users.managerA!, org.teams.a!)).reviewDue).toEqual([]);

    t.setNow("2026-10-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toContain(next);
    const guide = await getConversationGuide(t.app, users.managerA!, org.teams.a!);
    expect(guide.wave!.id).toBe(next);
    // Collaboration is still the lowest. Both safety (−1.0) and pressure (+2.0) clearly got worse: the
    // larger fall takes the second place, and a third dimension is never added.
    expect(guide.focus.map((f) => [f.dimension.key, f.reason])).toEqual([
      ["collaboration", "lowest score of your team: 3.1 of 7"],
      ["forecast_pressure", "rose 2.0 since the last wave, which is worse here"],
    ]);
    expect(guide.reviewDue.map((d) => [d.plan.id, d.reasons])).toEqual([[planId, ["a new wave (Team pulse, 7 Oct 2026) has closed since this plan was made"]]]);
    expect(guide.reviewDue[0]!.scoreThen).toBeCloseTo(3.08, 10);
    expect(guide.reviewDue[0]!.scoreNow).toBeCloseTo(3.08, 10);

    t.setNow("2026-12-02T09:00:00Z");
    const later = await getConversationGuide(t.app, users.managerA!, org.teams.a!);
    expect(later.reviewDue[0]!.reasons).toEqual(["the review date (1 Dec 2026) has passed", "a new wave (Team pulse, 7 Oct 2026) has closed since this plan was made"]);

    // Enablement's roll-up: the same plan, its score then and how far it moved by the latest wave.
    const rollup = await getActionPlanRollup(t.app, users.enablement!);
    const rolled = rollup.plans.find((p) => p.id === planId)!;
    expect(rolled).toMatchObject({ team: { id: org.teams.a }, status: "open", scoresSince: [{ periodStart: "2026-10-07" }] });
    expect(rolled.scoreThen).toBeCloseTo(3.08, 10);
    expect(rolled.moved).toBeCloseTo(0, 10);
    expect(await statusOfCall(() => getActionPlanRollup(t.app, users.managerA!))).toBe(403);
  });

  it("lets the team's manager, managers above it and admins write; enablement reads; others are refused", async () => {
    const valid = { dimensionKey: "collaboration", action: "Weekly deal swap", owner: "Mia", reviewOn: "2027-01-15" };
    // Sessions made in September have expired by December: sign the other organisation's admin in afresh.
    const otherAdmin = await userOf(t.app, { cookie: await sessionCookieFor(t.app, { id: small.people.admin!.id, organisationId: small.id }) });
    const read = (user: SessionUser) => status(() => getConversationGuide(t.app, user, org.teams.a!));
    expect(await read(users.managerA!)).toBe(200);
    expect(await read(users.director!)).toBe(200);
    expect(await read(users.enablement!)).toBe(200);
    expect(await read(users.admin!)).toBe(200);
    expect(await read(users.managerB!)).toBe(403);
    expect(await read(users.repA!)).toBe(403);
    expect(await read(otherAdmin)).toBe(404);
    expect(await read(smallManagerA)).toBe(404);

    const before = await planCount();
    const write = (user: SessionUser) => status(() => createActionPlan(t.app, user, org.teams.a!, valid));
    expect(await write(users.managerB!)).toBe(403);
    expect(await write(users.repA!)).toBe(403);
    expect(await write(users.enablement!)).toBe(403);
    expect(await write(otherAdmin)).toBe(404);
    expect(await planCount()).toBe(before);
    expect(await write(users.admin!)).toBe(200);

    const change = (user: SessionUser) => status(() => updateActionPlan(t.app, user, planId, { status: "dropped" }));
    expect(await change(users.managerB!)).toBe(403);
    expect(await change(users.repA!)).toBe(403);
    expect(await change(users.enablement!)).toBe(403);
    expect(await change(otherAdmin)).toBe(404);
    expect(await status(() => updateActionPlan(t.app, users.managerA!, "00000000-0000-0000-0000-000000000000", { status: "done" }))).toBe(404);
    expect((await t.app.db.selectFrom("actionPlan").select("status").where("id", "=", planId).executeTakeFirstOrThrow()).status).toBe("open");
  });

  it("serves the page and its form through the route: field errors on a 400, a redirect once saved", async () => {
    const cookie = await sessionCookieFor(t.app, { id: org.people.managerA!.id, organisationId: org.id });
    const path = `/teams/${org.teams.a}/guide`;
    const params = { teamId: org.teams.a! };
    const page = await callRoute(guideLoader as never, { app: t.app, path, params, cookie });
    expect(page.status).toBe(200);
    expect((page.data as { focus: unknown[] }).focus).toHaveLength(2);

    const before = await planCount();
    const invalid = await callRoute(guideAction as never, {
      app: t.app,
      path,
      params,
      cookie,
      method: "POST",
      form: { intent: "create", dimensionKey: "collaboration", action: "Share notes", owner: "", reviewOn: "2026-12-24" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.data).toMatchObject({ intent: "create", values: { action: "Share notes" } });
    expect(inEnglish(invalid.data as never).fieldErrors).toMatchObject({ owner: "Name who owns the action" });
    expect(await planCount()).toBe(before);

    const saved = await callRoute(guideAction as never, {
      app: t.app,
      path,
      params,
      cookie,
      method: "POST",
      form: { intent: "create", dimensionKey: "collaboration", action: "Share notes", owner: "Mia", reviewOn: "2026-12-24" },
    });
    expect(saved).toMatchObject({ status: 302, location: `${path}?saved=1` });
    expect(await planCount()).toBe(before + 1);

    const updated = await callRoute(guideAction as never, {
      app: t.app,
      path,
      params,
      cookie,
      method: "POST",
      form: { intent: "update", planId, status: "done", outcomeNote: "Done at the QBR." },
    });
    expect(updated).toMatchObject({ status: 302, location: `${path}?updated=1` });
    expect(await t.app.db.selectFrom("actionPlan").select(["status", "outcomeNote"]).where("id", "=", planId).executeTakeFirstOrThrow()).toEqual({
      status: "done",
      outcomeNote: "Done at the QBR.",
    });
  });
});

/** A refusal's said field errors (ADR 057) as an English reader gets them. */
function inEnglish(error: { fieldErrors: Record<string, string> }): { fieldErrors: Record<string, string> } {
  return { ...error, fieldErrors: Object.fromEntries(Object.entries(error.fieldErrors).map(([field, text]) => [field, sayInEnglish(text)])) };
}
