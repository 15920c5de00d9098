import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { DEFAULT_PLAYS } from "../../app/domain/playbook";
import { action as newPlayAction } from "../../app/routes/playbook.new";
import { action as playAction, loader as playLoader } from "../../app/routes/playbook.$playId";
import { loader as coachingLoader } from "../../app/routes/results.coaching";
import { loader as teamLoader } from "../../app/routes/teams.$teamId";
import { InputError } from "../../app/domain/errors";
import { archivePlay, createPlay, ensureDefaultPlays, getPlay, listPlays, updatePlay } from "../../app/services/playbook.server";
import { getOrgRecommendations, getTeamRecommendations } from "../../app/services/recommendations.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { answer, CORE_DIMENSIONS, createOpenWave, repAnswers, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";

const status = statusOfCall;

const GOOD = {
  title: "Monday deal huddle",
  summary: "Ten minutes on Monday where each rep names the deal they need help with.",
  dimensionKeys: ["collaboration"],
  signals: ["low-dimension", "stale-pipeline"],
  managerDoes: "Each Monday at 9, every rep names one deal they need help with and who could help; pairs meet the same day.",
  cadence: "Weekly, 10 minutes",
  goodResult: "Collaboration rises at the next waves; stale pipeline below 20% within a quarter.",
};

describeWithDb("playbook library and recommendations", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let small: TestOrganisation;
  const users: Record<string, SessionUser> = {};
  let otherEnablement: SessionUser;
  let customId: string;

  const playCount = async (organisationId: string) =>
    Number(
      (
        await t.app.db
          .selectFrom("play")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("organisationId", "=", organisationId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const repsOf = async (wave: string, teamId: string) =>
    (await t.app.db.selectFrom("waveAudience").select("personId").where("waveId", "=", wave).where("teamId", "=", teamId).execute()).map((r) => r.personId);

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    for (const k of ["managerA", "managerB", "director", "repA", "enablement", "admin"]) users[k] = await userOf(t.app, org.people[k]!);
    otherEnablement = await userOf(t.app, other.people.enablement!);
  });

  it("seeds the default library for a new organisation, once", async () => {
    const plays = await listPlays(t.app, users.managerA!);
    expect(plays.length).toBeGreaterThanOrEqual(12);
    expect(plays.map((p) => p.key).sort()).toEqual(DEFAULT_PLAYS.map((p) => p.key).sort());
    expect(plays.every((p) => p.source === "candor" && p.managerDoes.length > 20 && p.cadence && p.goodResult && p.dimensionKeys.length > 0 && p.signals.length > 0)).toBe(true);
    await ensureDefaultPlays(t.app.db, org.id);
    expect(await playCount(org.id)).toBe(DEFAULT_PLAYS.length);
    expect(await playCount(other.id)).toBe(DEFAULT_PLAYS.length);
    const safety = await listPlays(t.app, users.managerA!, { dimension: "intel_sharing" });
    expect(safety.length).toBeGreaterThan(0);
    expect(safety.every((p) => p.dimensionKeys.includes("intel_sharing"))).toBe(true);
    expect(safety.length).toBeLessThan(plays.length);
  });

  it("lets enablement add a play; bad input gets field errors and writes nothing", async () => {
    const bad = createPlay(t.app, users.enablement!, {
      title: "x",
      summary: "",
      dimensionKeys: ["win_rate"],
      signals: ["gut-feel"],
      managerDoes: "talk",
      cadence: "",
      goodResult: "",
    });
    await expect(bad).rejects.toBeInstanceOf(InputError);
    await expect(bad).rejects.toMatchObject({
      fieldErrors: {
        title: "Enter a title in at least 3 characters",
        summary: "Enter a one-line summary in at least 10 characters",
        dimensionKeys: "Choose dimensions from the list",
        signals: "Choose signals from the list",
        managerDoes: "Enter what the manager does in at least 20 characters",
        cadence: "Enter how often in at least 3 characters",
        goodResult: "Enter what a good result looks like in at least 20 characters",
      },
    });
    await expect(createPlay(t.app, users.enablement!, { ...GOOD, dimensionKeys: [] })).rejects.toMatchObject({ fieldErrors: { dimensionKeys: "Choose at least one dimension" } });
    expect(await playCount(org.id)).toBe(DEFAULT_PLAYS.length);

    ({ id: customId } = await createPlay(t.app, users.enablement!, { ...GOOD, title: "  Monday deal huddle  " }));
    const play = await getPlay(t.app, users.managerA!, customId);
    expect(play).toMatchObject({ ...GOOD, key: "custom-monday-deal-huddle", source: "custom", archivedAt: null });
    // The same title again gets its own key.
    const { id: second } = await createPlay(t.app, users.admin!, GOOD);
    expect((await getPlay(t.app, users.admin!, second)).key).toBe("custom-monday-deal-huddle-2");
    await archivePlay(t.app, users.admin!, second);
  });

  it("lets enablement edit and archive a play, through the route too", async () => {
    const before = await getPlay(t.app, users.enablement!, customId);
    await expect(updatePlay(t.app, users.enablement!, customId, { ...GOOD, cadence: "" })).rejects.toMatchObject({
      fieldErrors: { cadence: "Enter how often in at least 3 characters" },
    });
    expect(await getPlay(t.app, users.enablement!, customId)).toEqual(before);

    const cookie = await sessionCookieFor(t.app, org.people.enablement!);
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...GOOD, cadence: "Twice a week, 10 minutes" })) for (const value of [v].flat()) form.append(k, value);
    const saved = await callRoute(playAction as never, { app: t.app, path: `/playbook/${customId}`, method: "POST", cookie, params: { playId: customId }, form });
    expect(saved).toMatchObject({ status: 302, location: `/playbook/${customId}?saved=1` });
    expect((await getPlay(t.app, users.enablement!, customId)).cadence).toBe("Twice a week, 10 minutes");
    const refused = await callRoute(playAction as never, {
      app: t.app,
      path: `/playbook/${customId}`,
      method: "POST",
      cookie,
      params: { playId: customId },
      form: { title: "Monday deal huddle" },
    });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ fieldErrors: { dimensionKeys: "Choose at least one dimension" } });

    // A default play can be edited too, and archived: it leaves the library and is not brought back.
    const defaults = await listPlays(t.app, users.enablement!);
    const pipeline = defaults.find((p) => p.key === "pipeline-review-next-step")!;
    const archived = await callRoute(playAction as never, {
      app: t.app,
      path: `/playbook/${pipeline.id}`,
      method: "POST",
      cookie,
      params: { playId: pipeline.id },
      form: { intent: "archive" },
    });
    expect(archived).toMatchObject({ status: 302, location: `/playbook/${pipeline.id}?archived=1` });
    await ensureDefaultPlays(t.app.db, org.id);
    expect((await listPlays(t.app, users.managerA!)).map((p) => p.key)).not.toContain("pipeline-review-next-step");
    expect((await listPlays(t.app, users.enablement!, { includeArchived: true })).find((p) => p.key === "pipeline-review-next-step")!.archivedAt).toBeInstanceOf(Date);
    // Managers never see archived plays in the library, but a link to one still opens.
    expect((await listPlays(t.app, users.managerA!, { includeArchived: true })).map((p) => p.key)).not.toContain("pipeline-review-next-step");
    const page = await callRoute(playLoader as never, {
      app: t.app,
      path: `/playbook/${pipeline.id}`,
      cookie: await sessionCookieFor(t.app, org.people.managerA!),
      params: { playId: pipeline.id },
    });
    expect(page.data).toMatchObject({ play: { key: "pipeline-review-next-step" }, canEdit: false });
    await archivePlay(t.app, users.enablement!, pipeline.id, false);
    expect((await listPlays(t.app, users.managerA!)).map((p) => p.key)).toContain("pipeline-review-next-step");

    const created = await callRoute(newPlayAction as never, { app: t.app, path: "/playbook/new", method: "POST", cookie, form: { title: "" } });
    expect(created.status).toBe(400);
    expect(created.data).toMatchObject({ fieldErrors: { title: "Enter a title in at least 3 characters" } });
  });

  it("lets managers read but not write, keeps reps out, and hides other organisations' plays", async () => {
    const count = await playCount(org.id);
    const row = await t.app.db.selectFrom("play").selectAll().where("id", "=", customId).executeTakeFirstOrThrow();
    for (const who of ["managerA", "director"]) {
      expect(await status(() => getPlay(t.app, users[who]!, customId))).toBe(200);
      expect(await status(() => createPlay(t.app, users[who]!, GOOD))).toBe(403);
      expect(await status(() => updatePlay(t.app, users[who]!, customId, { ...GOOD, title: "Taken over" }))).toBe(403);
      expect(await status(() => archivePlay(t.app, users[who]!, customId))).toBe(403);
    }
    expect(await status(() => listPlays(t.app, users.repA!))).toBe(403);
    expect(await status(() => getPlay(t.app, otherEnablement, customId))).toBe(404);
    expect(await status(() => updatePlay(t.app, otherEnablement, customId, GOOD))).toBe(404);
    expect(await status(() => archivePlay(t.app, otherEnablement, customId))).toBe(404);
    expect(await status(() => getPlay(t.app, users.enablement!, "not-a-uuid"))).toBe(404);
    expect(await playCount(org.id)).toBe(count);
    expect(await t.app.db.selectFrom("play").selectAll().where("id", "=", customId).executeTakeFirstOrThrow()).toEqual(row);
    expect((await listPlays(t.app, otherEnablement)).map((p) => p.source)).not.toContain("custom");
  });

  it("recommends plays for a low dimension from a closed wave, with the number in the reason", async () => {
    const { waveId } = await createOpenWave(t.app, org, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
    // Over Team A's five reps: safety 5.06, collaboration 3.08, intel 4.08, forecast pressure 2.07.
    for (const [i, person] of (await repsOf(waveId, org.teams.a!)).entries()) {
      expect(await answer(t.app, waveId, person, repAnswers(i, 5, 2))).toMatchObject({ status: "saved" });
    }
    // A second organisation where only three of Team A answer: every score is hidden.
    small = await createTestOrganisation(t.app, { reps: 5 });
    const smallWave = await createOpenWave(t.app, small, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
    for (const [i, person] of (await repsOf(smallWave.waveId, small.teams.a!)).slice(0, 3).entries()) {
      expect(await answer(t.app, smallWave.waveId, person, repAnswers(i, 5, 2))).toMatchObject({ status: "saved" });
    }
    expect((await getTeamRecommendations(t.app, users.managerA!, org.teams.a!)).recommendations).toEqual([]);
    t.setNow("2026-09-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toHaveLength(2);

    const view = await getTeamRecommendations(t.app, users.managerA!, org.teams.a!);
    expect(view.wave).toMatchObject({ id: waveId });
    // Collaboration 3.08 is below the midpoint; safety 5.06, intel 4.08 and pressure 2.07 are not.
    expect(view.signals.map((s) => [s.signal, s.dimension])).toEqual([["low-dimension", "collaboration"]]);
    // The organisation's own play for low collaboration is a candidate like Candor's (titles break ties).
    expect(view.recommendations.map((r) => r.playKey)).toEqual(["deal-sharing-standup", "custom-monday-deal-huddle", "share-credit-on-team-deals"]);
    expect(view.recommendations[0]!.reason).toBe("Collaboration is 3.1 of 7, below the scale's midpoint of 4.0.");
    // The director above the team may not see the gap, and gets the same plays.
    expect((await getTeamRecommendations(t.app, users.director!, org.teams.a!)).recommendations).toEqual(view.recommendations);
    expect(await status(() => getTeamRecommendations(t.app, users.managerB!, org.teams.a!))).toBe(403);
    expect(await status(() => getTeamRecommendations(t.app, users.repA!, org.teams.a!))).toBe(403);
    expect(await status(() => getTeamRecommendations(t.app, otherEnablement, org.teams.a!))).toBe(404);

    // The team page shows them, with links to the plays.
    const page = await callRoute(teamLoader as never, {
      app: t.app,
      path: `/teams/${org.teams.a}`,
      params: { teamId: org.teams.a! },
      cookie: await sessionCookieFor(t.app, org.people.managerA!),
    });
    const plays = (page.data as { plays: { recommendations: Array<{ playId: string; playTitle: string }> } }).plays;
    expect(plays.recommendations[0]).toMatchObject({ playId: view.recommendations[0]!.playId, playTitle: "Deal-sharing stand-up" });

    // Enablement sees them under the team's coaching priorities.
    const org_ = await getOrgRecommendations(t.app, users.enablement!);
    expect(org_.teams.find((x) => x.teamId === org.teams.a)!.recommendations.map((r) => r.playKey)).toEqual(view.recommendations.map((r) => r.playKey));
    const coaching = await callRoute(coachingLoader as never, { app: t.app, path: "/results/coaching", cookie: await sessionCookieFor(t.app, org.people.enablement!) });
    expect((coaching.data as { plays: Record<string, Array<{ playTitle: string }>> }).plays[org.teams.a!]![0]!.playTitle).toBe("Deal-sharing stand-up");
    expect(await status(() => getOrgRecommendations(t.app, users.managerA!))).toBe(403);
  });

  it("gives a team below the anonymity threshold no dimension-based recommendation", async () => {
    const managerA = await userOf(t.app, small.people.managerA!);
    const view = await getTeamRecommendations(t.app, managerA, small.teams.a!);
    expect(view.wave).not.toBeNull();
    expect(view.signals).toEqual([]);
    expect(view.recommendations).toEqual([]);
    const enablement = await userOf(t.app, small.people.enablement!);
    expect((await getOrgRecommendations(t.app, enablement)).teams).toEqual([]);
  });
});
