import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { DEFAULT_PLAYS, PREVIOUS_GOOD_RESULTS } from "../../app/domain/playbook";
import { action as newPlayAction } from "../../app/routes/playbook.new";
import { action as playAction, loader as playLoader } from "../../app/routes/playbook.$playId";
import { loader as coachingLoader } from "../../app/routes/results.coaching";
import { loader as teamLoader } from "../../app/routes/teams.$teamId";
import { InputError } from "../../app/domain/errors";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { archivePlay, createPlay, ensureDefaultPlays, getPlay, listPlays, updatePlay } from "../../app/services/playbook.server";
import { getOrgRecommendations, getTeamRecommendations } from "../../app/services/recommendations.server";
import { getConversationGuide } from "../../app/services/action-plans.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { answerAsTeam, CORE_DIMENSIONS, createOpenWave, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";

/** A refusal's field errors as an English reader sees them (said messages, ADR 057). */
async function fieldErrorsInEnglish(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = (await promise.then(
    () => ({}),
    (e: unknown) => e,
  )) as { fieldErrors?: Record<string, string> };
  return Object.fromEntries(Object.entries(error.fieldErrors ?? {}).map(([k, v]) => [k, sayInEnglish(v)]));
}
const englishData = (data: unknown) => {
  const d = data as { fieldErrors?: Record<string, string> };
  return { ...d, fieldErrors: Object.fromEntries(Object.entries(d.fieldErrors ?? {}).map(([k, v]) => [k, sayInEnglish(v)])) };
};

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
    expect(await fieldErrorsInEnglish(bad)).toMatchObject({
      title: "Enter a title in at least 3 characters",
      summary: "Enter a one-line summary in at least 10 characters",
      dimensionKeys: "Choose dimensions from the list",
      signals: "Choose signals from the list",
      managerDoes: "Enter what the manager does in at least 20 characters",
      cadence: "Enter how often in at least 3 characters",
      goodResult: "Enter what a good result looks like in at least 20 characters",
    });
    expect(await fieldErrorsInEnglish(createPlay(t.app, users.enablement!, { ...GOOD, dimensionKeys: [] }))).toMatchObject({ dimensionKeys: "Choose at least one dimension" });
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
    expect(await fieldErrorsInEnglish(updatePlay(t.app, users.enablement!, customId, { ...GOOD, cadence: "" }))).toMatchObject({
      cadence: "Enter how often in at least 3 characters",
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
    expect(englishData(refused.data)).toMatchObject({ fieldErrors: { dimensionKeys: "Choose at least one dimension" } });

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
    expect(englishData(created.data)).toMatchObject({ fieldErrors: { title: "Enter a title in at least 3 characters" } });
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
    await answerAsTeam(t.app, waveId, org.teams.a!);
    // A second organisation where only three of Team A answer: every score is hidden.
    small = await createTestOrganisation(t.app, { reps: 5 });
    const smallWave = await createOpenWave(t.app, small, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
    await answerAsTeam(t.app, smallWave.waveId, small.teams.a!, { howMany: 3 });
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
    const plays = (page.data as { plays: { recommendations: Array<{ playId: string; playTitle: string; titleSaid: string; said: string }> } }).plays;
    expect(plays.recommendations[0]).toMatchObject({ playId: view.recommendations[0]!.playId, playTitle: "Deal-sharing stand-up" });
    // Said (ADR 057): in English word for word; in German the reason with German numbers and names, Candor's titles
    // in German, the organisation's own play's title as written.
    expect(plays.recommendations.map((r) => [sayInEnglish(r.titleSaid), sayInEnglish(r.said)])).toEqual(view.recommendations.map((r) => [r.playTitle, r.reason]));
    const germanPage = await callRoute(teamLoader as never, {
      app: t.app,
      path: `/teams/${org.teams.a}`,
      params: { teamId: org.teams.a! },
      cookie: await sessionCookieFor(t.app, org.people.managerA!),
      headers: { "accept-language": "de" },
    });
    const { say } = translatorFor("de");
    const germanPlays = (germanPage.data as { plays: typeof plays }).plays.recommendations;
    expect(germanPlays.map((r) => say(r.titleSaid))).toEqual(["Deal-Sharing-Stand-up", "Monday deal huddle", "Erfolg bei Team-Deals teilen"]);
    expect(say(germanPlays[0]!.said)).toBe("Zusammenarbeit liegt bei 3,1 von 7 und damit unter der Skalenmitte von 4,0.");

    // Enablement sees them under the team's coaching priorities.
    const org_ = await getOrgRecommendations(t.app, users.enablement!);
    expect(org_.teams.find((x) => x.teamId === org.teams.a)!.recommendations.map((r) => r.playKey)).toEqual(view.recommendations.map((r) => r.playKey));
    const coaching = await callRoute(coachingLoader as never, { app: t.app, path: "/results/coaching", cookie: await sessionCookieFor(t.app, org.people.enablement!) });
    // Grouped by reason: the one signal's sentence once, with its three plays under it (said: read here in English).
    type Groups = Record<string, Array<{ reason: string; plays: Array<{ playId: string; playTitle: string; reason: string }> }>>;
    const inEnglish = (groups: Groups[string]) =>
      groups.map((g) => ({ reason: sayInEnglish(g.reason), plays: g.plays.map((r) => ({ ...r, playTitle: sayInEnglish(r.playTitle), reason: sayInEnglish(r.reason) })) }));
    expect(inEnglish((coaching.data as { plays: Groups }).plays[org.teams.a!]!)).toEqual([
      { reason: view.recommendations[0]!.reason, plays: view.recommendations.map((r) => ({ playId: r.playId, playTitle: r.playTitle, reason: r.reason })) },
    ]);
    const germanCoaching = await callRoute(coachingLoader as never, {
      app: t.app,
      path: "/results/coaching",
      cookie: await sessionCookieFor(t.app, org.people.enablement!),
      headers: { "accept-language": "de" },
    });
    const [germanGroup] = (germanCoaching.data as { plays: Groups }).plays[org.teams.a!]!;
    expect(say(germanGroup!.reason)).toBe("Zusammenarbeit liegt bei 3,1 von 7 und damit unter der Skalenmitte von 4,0.");
    expect(germanGroup!.plays.map((r) => say(r.playTitle))).toEqual(["Deal-Sharing-Stand-up", "Monday deal huddle", "Erfolg bei Team-Deals teilen"]);
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

  it("turns a play into an action plan for a team the person may plan for, and for no other", async () => {
    const planCount = async () =>
      Number(
        (
          await t.app.db
            .selectFrom("actionPlan")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("organisationId", "=", org.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const play = (await listPlays(t.app, users.managerA!)).find((p) => p.key === "deal-sharing-standup")!;
    const path = `/playbook/${play.id}`;
    const post = (who: keyof typeof org.people, form: Record<string, string>) =>
      callRoute(playAction as never, { app: t.app, path, method: "POST", cookie: org.people[who]!.cookie, params: { playId: play.id }, form: { intent: "plan", ...form } });

    // The page offers Team A (and its sub-team) to its manager, prefilled from the play.
    const page = await callRoute(playLoader as never, { app: t.app, path, cookie: org.people.managerA!.cookie, params: { playId: play.id } });
    const planForm = (page.data as { planForm: { teams: Array<{ id: string }>; dimensions: Array<{ key: string; name: string }>; values: Record<string, string> } }).planForm;
    expect(planForm.teams.map((x) => x.id)).toEqual([org.teams.a, org.teams.a1]);
    expect(planForm.dimensions).toEqual([
      { key: "collaboration", name: "Collaboration" },
      { key: "intel_sharing", name: "Account-intelligence sharing" },
    ]);
    expect(planForm.values).toEqual({
      dimensionKey: "collaboration",
      action: `Deal-sharing stand-up: ${play.summary}`,
      owner: "Mia Manager A",
      reviewOn: "2026-10-12",
    });
    // Enablement reads plans but does not write them: no form, and a post is refused.
    const enablementPage = await callRoute(playLoader as never, { app: t.app, path, cookie: org.people.enablement!.cookie, params: { playId: play.id } });
    expect((enablementPage.data as { planForm: unknown }).planForm).toBeNull();

    const before = await planCount();
    const values = { teamId: org.teams.a!, ...planForm.values };
    // No access to the team, no right to write plans, another organisation, a rep, a team that does not exist: nothing is made.
    expect((await post("managerB", values)).status).toBe(403);
    expect((await post("enablement", values)).status).toBe(403);
    expect((await post("repA", values)).status).toBe(403);
    expect((await post("managerA", { ...values, teamId: other.teams.a! })).status).toBe(404);
    expect(
      (
        await callRoute(playAction as never, {
          app: t.app,
          path,
          method: "POST",
          cookie: other.people.admin!.cookie,
          params: { playId: play.id },
          form: { intent: "plan", ...values, teamId: other.teams.a! },
        })
      ).status,
    ).toBe(404);
    // Bad input: every field's message, nothing saved.
    const bad = await post("managerA", { teamId: org.teams.a!, dimensionKey: "win_rate", action: "x", owner: "", reviewOn: "2026-09-01" });
    expect(bad.status).toBe(400);
    expect(inEnglish(bad.data)).toMatchObject({
      intent: "plan",
      fieldErrors: {
        dimensionKey: "Choose what the action is about",
        action: "Describe the action in at least 3 characters",
        owner: "Name who owns the action",
        reviewOn: "Pick a date after today (2026-09-14)",
      },
    });
    expect(inEnglish((await post("managerA", { ...values, teamId: "" })).data)).toMatchObject({ fieldErrors: { teamId: "Choose a team" } });
    expect(await planCount()).toBe(before);

    // The manager makes it: it lands on Team A's conversation guide, tied to the closed wave.
    const made = await post("managerA", values);
    expect(made).toMatchObject({ status: 302, location: `/teams/${org.teams.a}/guide?saved=1` });
    expect(await planCount()).toBe(before + 1);
    const guide = await getConversationGuide(t.app, users.managerA!, org.teams.a!);
    expect(guide.plans.map((p) => [p.dimensionKey, p.action, p.owner, p.reviewOn, p.status])).toContainEqual([
      "collaboration",
      `Deal-sharing stand-up: ${play.summary}`,
      "Mia Manager A",
      "2026-10-12",
      "open",
    ]);

    // The form as the page gives it, sent twice (a second click, a resend): one plan, both sends land on the guide.
    const submissionKey = (page.data as { planForm: { submissionKey: string } }).planForm.submissionKey;
    expect(submissionKey).toMatch(/^[0-9a-f-]{36}$/);
    const [first, second] = await Promise.all([post("managerA", { ...values, submissionKey }), post("managerA", { ...values, submissionKey })]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await planCount()).toBe(before + 2);
  });

  it("rewords a default play still written with internal item codes, and leaves an edited one alone", async () => {
    const codes = /\b(PS|FP|CO|KS)\d\b/;
    const [key, [old]] = Object.entries(PREVIOUS_GOOD_RESULTS)[0]! as [string, string[]];
    expect(old).toMatch(codes);
    const other = Object.keys(PREVIOUS_GOOD_RESULTS)[1]!;
    // As an organisation seeded before the rewording has them: one untouched, one edited since.
    await t.app.db.updateTable("play").set({ goodResult: old! }).where("organisationId", "=", org.id).where("key", "=", key).execute();
    await t.app.db.updateTable("play").set({ goodResult: "Our own words, FP2 included." }).where("organisationId", "=", org.id).where("key", "=", other).execute();
    const plays = await listPlays(t.app, users.managerA!);
    expect(plays.find((p) => p.key === key)!.goodResult).toBe(DEFAULT_PLAYS.find((p) => p.key === key)!.goodResult);
    expect(plays.find((p) => p.key === other)!.goodResult).toBe("Our own words, FP2 included.");
    for (const play of DEFAULT_PLAYS) for (const text of [play.title, play.summary, play.managerDoes, play.cadence, play.goodResult]) expect(text).not.toMatch(codes);
  });
});

/** An action's said field errors (ADR 057) as an English reader gets them. */
function inEnglish(data: unknown): unknown {
  const { fieldErrors } = data as { fieldErrors: Record<string, string> };
  return { ...(data as object), fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([field, text]) => [field, sayInEnglish(text)])) };
}
