import { randomUUID } from "node:crypto";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import * as newProgram from "../../app/routes/programs.new";
import * as programPage from "../../app/routes/programs.$programId";
import * as people from "../../app/routes/admin.people";
import * as apiTokens from "../../app/routes/admin.api-tokens";
import * as guide from "../../app/routes/teams.$teamId_.guide";
import * as newPlay from "../../app/routes/playbook.new";
import * as teamTree from "../../app/routes/admin.teams";
import * as training from "../../app/routes/training._index";
import { createProgram, previewProgram, updateProgram, type ProgramDraft } from "../../app/services/programs.server";
import { closeWave, runScheduledWork } from "../../app/services/waves.server";
import { createApiToken } from "../../app/services/api-tokens.server";
import { InputError } from "../../app/domain/errors";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answerAsTeam, CORE_DIMENSIONS, createOpenWave, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

/** What a person reading English sees of an answer: every said message (ADR 057) in English. */
function english<T>(value: T): T {
  if (typeof value === "string") return sayInEnglish(value) as T;
  if (Array.isArray(value)) return value.map(english) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, english(v)])) as T;
  return value;
}

// Issue 22, part 5: forms that forgive. Every field's error at once with what was typed; a preview with
// warnings before creating; a program changed after it was created, for future waves only; a form sent
// twice creates one row.

describeWithDb("forms that forgive", (t) => {
  let org: TestOrganisation;
  let enablement: SessionUser;
  let admin: SessionUser;

  const count = async (table: "pulseProgram" | "apiToken" | "actionPlan" | "person" | "play" | "team" | "trainingCohort", where?: [string, string]) => {
    let query = t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n"));
    if (where) query = query.where(where[0] as never, "=", where[1] as never);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  const valid = (overrides: Partial<ProgramDraft> = {}): ProgramDraft => ({
    name: "Monthly pulse",
    dimensionKeys: ["collaboration"],
    itemCodes: ["ENPS"],
    teamIds: [org.teams.region!],
    includeSubteams: true,
    cadence: "monthly",
    startsOn: "2026-09-20",
    openDays: "7",
    reminderDays: "3, 5",
    ...overrides,
  });

  beforeAll(async () => {
    t.setNow("2026-09-07T08:00:00Z");
    // Teams A, A1 and B with 4 reps each: each team alone is under the minimum group of 5.
    org = await createTestOrganisation(t.app, { reps: 4 });
    enablement = await userOf(t.app, org.people.enablement!);
    admin = await userOf(t.app, org.people.admin!);
  });

  it("refuses a program with every field's error at once, keeps what was typed, and creates nothing", async () => {
    const before = await count("pulseProgram");
    const bad = { name: "  ", cadence: "sometimes", startsOn: "2026-02-30", openDays: "0", reminderDays: "soon", dimensionKeys: "", teamIds: "" };
    const answer = await callRoute(newProgram.action, { app: t.app, path: "/programs/new", method: "POST", cookie: org.people.enablement!.cookie, form: bad });
    expect(answer.status).toBe(400);
    expect(english(answer.data)).toMatchObject({
      formError: "Nothing was created: 7 fields need attention, marked below.",
      fieldErrors: {
        name: "Name the program",
        items: "Choose at least one question",
        teamIds: "Choose at least one team",
        cadence: "Pick how often it runs",
        startsOn: "Enter a date",
        openDays: "At least 1 day",
        reminderDays: "List days after opening, such as 2, 5",
      },
      values: { name: "  ", cadence: "sometimes", startsOn: "2026-02-30", openDays: "0", reminderDays: "soon", dimensionKeys: [""], teamIds: [""] },
    });
    // The service says the same to any caller.
    const direct = await createProgram(t.app, enablement, valid({ name: "", itemCodes: [], dimensionKeys: [], openDays: "91" })).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(InputError);
    expect(english((direct as InputError).fieldErrors)).toEqual({ name: "Name the program", items: "Choose at least one question", openDays: "At most 90 days" });
    expect(await count("pulseProgram")).toBe(before);
  });

  it("previews what reps will see and warns about small teams and reps already asked, creating nothing", async () => {
    const preview = await previewProgram(t.app, enablement, valid({ teamIds: [org.teams.b!], dimensionKeys: [], itemCodes: ["ENPS", "COMMENT"] }));
    expect(preview.questions.map((q) => q.code)).toEqual(["ENPS", "COMMENT"]);
    expect(english(preview)).toMatchObject({ reps: 4, minutes: 1, schedule: "Every month, from 2026-09-20; each wave is open 7 days, reminders on days 3 and 5 after opening" });
    expect(preview.nextWaveOn).toBe("2026-09-20");
    expect(english(preview.warnings)).toEqual([
      "This team has fewer reps than the organisation's minimum group of 5, so its own results will never be shown: Team B (4 reps). Their answers still count in the results of larger teams above them.",
    ]);
    expect(await count("pulseProgram")).toBe(0);

    // Once a program asks the whole region, a second one for Team B warns that its reps get both.
    await createProgram(t.app, enablement, valid({ name: "Region pulse" }));
    const second = await previewProgram(t.app, enablement, valid({ teamIds: [org.teams.b!] }));
    expect(english(second.warnings)).toContain("All 4 reps asked are already asked by “Region pulse”, which is running: they will get both pulses.");
    const route = await callRoute(newProgram.action, {
      app: t.app,
      path: "/programs/new",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      form: new URLSearchParams([
        ["intent", "preview"],
        ["name", "Region again"],
        ["dimensionKeys", "collaboration"],
        ["teamIds", org.teams.region!],
        ["includeSubteams", "on"],
        ["cadence", "monthly"],
        ["startsOn", "2026-09-20"],
        ["openDays", "7"],
        ["reminderDays", "3, 5"],
      ]),
    });
    expect(route.status).toBe(200);
    expect(route.data).toMatchObject({ preview: { reps: 12, questions: expect.arrayContaining([expect.objectContaining({ code: "CO1" })]) } });
    expect(english((route.data as { preview: { warnings: string[] } }).preview.warnings)).toContain(
      "All 12 reps asked are already asked by “Region pulse”, which is running: they will get both pulses.",
    );
    expect(await count("pulseProgram", ["name", "Region again"])).toBe(0);
  });

  it("creates one program when the same form is sent twice, even at the same moment", async () => {
    const key = randomUUID();
    const form = {
      name: "Sent twice",
      dimensionKeys: "collaboration",
      teamIds: org.teams.a!,
      cadence: "once",
      startsOn: "2026-10-01",
      openDays: "5",
      reminderDays: "",
      submissionKey: key,
    };
    const send = () => callRoute(newProgram.action, { app: t.app, path: "/programs/new", method: "POST", cookie: org.people.enablement!.cookie, form });
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    expect([first.status, second.status, third.status]).toEqual([302, 302, 302]);
    expect(new Set([first.location, second.location, third.location]).size).toBe(1);
    expect(await count("pulseProgram", ["name", "Sent twice"])).toBe(1);
    // A new page (a new key) makes a new program.
    await callRoute(newProgram.action, {
      app: t.app,
      path: "/programs/new",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      form: { ...form, submissionKey: randomUUID() },
    });
    expect(await count("pulseProgram", ["name", "Sent twice"])).toBe(2);
    // A key that is no UUID is refused with a message, not a 500.
    const odd = await callRoute(newProgram.action, {
      app: t.app,
      path: "/programs/new",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      form: { ...form, submissionKey: "x'; drop" },
    });
    expect(odd.status).toBe(400);
  });

  it("invites once, makes one API token and saves one action plan when a form is sent twice", async () => {
    // Invitation: one person, one mail; the repeat says it was sent already.
    const email = `twice@${org.slug}.example`;
    const key = randomUUID();
    const invite = () =>
      callRoute(people.action, {
        app: t.app,
        path: "/admin/people",
        method: "POST",
        cookie: org.people.admin!.cookie,
        form: { email, name: "Twice Invited", role: "rep", teamId: org.teams.a!, submissionKey: key },
      });
    const firstInvite = await invite();
    const secondInvite = await invite();
    expect(firstInvite).toMatchObject({ status: 200, data: { invited: email, repeated: false } });
    expect(secondInvite).toMatchObject({ status: 200, data: { invited: email, repeated: true } });
    await t.mailbox.waitFor(email);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.mailbox.to(email)).toHaveLength(1);
    expect(await count("person", ["email", email])).toBe(1);
    // A refused invitation keeps what was typed.
    const refused = await callRoute(people.action, {
      app: t.app,
      path: "/admin/people",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { email: "not-an-email", name: "Kept Name", role: "rep", teamId: "", submissionKey: randomUUID() },
    });
    expect(refused).toMatchObject({ status: 400, data: { values: { email: "not-an-email", name: "Kept Name", role: "rep", teamId: "" } } });

    // API token: one row; the secret is shown once, the repeat says so instead.
    const tokenKey = randomUUID();
    const token = () =>
      callRoute(apiTokens.action, {
        app: t.app,
        path: "/admin/api-tokens",
        method: "POST",
        cookie: org.people.admin!.cookie,
        form: { intent: "create", name: "Power BI", submissionKey: tokenKey },
      });
    const [a, b] = await Promise.all([token(), token()]);
    const created = [a.data, b.data] as Array<{ created: { id: string; token: string | null } }>;
    expect(created.filter((c) => c.created.token !== null)).toHaveLength(1);
    expect(created[0]!.created.id).toBe(created[1]!.created.id);
    expect(await count("apiToken", ["name", "Power BI"])).toBe(1);
    // Without a key (the CLI, tests) every call makes a token.
    expect((await createApiToken(t.app, admin, "Power BI")).token).toMatch(/^candor_/);
    expect(await count("apiToken", ["name", "Power BI"])).toBe(2);

    // Action plan: after a closed wave, the plan form sent twice saves one plan.
    const other = await createTestOrganisation(t.app, { reps: 5 });
    const { waveId } = await createOpenWave(t.app, other, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
    await answerAsTeam(t.app, waveId, other.teams.a!);
    t.setNow("2026-09-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toContain(waveId);
    const planKey = randomUUID();
    const plan = () =>
      callRoute(guide.action, {
        app: t.app,
        path: `/teams/${other.teams.a}/guide`,
        method: "POST",
        cookie: other.people.managerA!.cookie,
        params: { teamId: other.teams.a! },
        form: { intent: "create", dimensionKey: "collaboration", action: "Pair up on every late-stage deal", owner: "Mia", reviewOn: "2026-10-01", submissionKey: planKey },
      });
    const firstPlan = await plan();
    expect(firstPlan, JSON.stringify(firstPlan.data)).toMatchObject({ status: 302 });
    expect((await plan()).status).toBe(302);
    expect(await count("actionPlan", ["teamId", other.teams.a!])).toBe(1);
  });

  it("adds one play, one team and one training when each form is sent twice, even at the same moment", async () => {
    const twice = async (send: () => ReturnType<typeof callRoute>) => {
      const [first, second] = await Promise.all([send(), send()]);
      const third = await send();
      return [first, second, third];
    };
    // A play: one row (no "custom-…-2" copy), every send goes to its page.
    const playKey = randomUUID();
    const plays = await twice(() =>
      callRoute(newPlay.action, {
        app: t.app,
        path: "/playbook/new",
        method: "POST",
        cookie: org.people.enablement!.cookie,
        form: {
          intent: "save",
          title: "Deal review in pairs",
          summary: "Two reps review each other's late-stage deals.",
          dimensionKeys: "collaboration",
          signals: "low-dimension",
          managerDoes: "Pair reps each week and ask each pair what they found.",
          cadence: "Weekly, 20 minutes",
          goodResult: "Collaboration up by the next pulse.",
          submissionKey: playKey,
        },
      }),
    );
    expect(
      plays.map((r) => r.status),
      JSON.stringify(plays[0]!.data),
    ).toEqual([302, 302, 302]);
    expect(new Set(plays.map((r) => r.location)).size).toBe(1);
    expect(await count("play", ["title", "Deal review in pairs"])).toBe(1);

    // A team: one row, and the repeat is not told the name is taken by the team it just made.
    const teamKey = randomUUID();
    const teams = await twice(() =>
      callRoute(teamTree.action, {
        app: t.app,
        path: "/admin/teams",
        method: "POST",
        cookie: org.people.admin!.cookie,
        form: { name: "Team Sent Twice", parentId: org.teams.region!, managerId: "", submissionKey: teamKey },
      }),
    );
    expect(
      teams.map((r) => r.status),
      JSON.stringify(teams.map((r) => r.data)),
    ).toEqual([200, 200, 200]);
    expect(teams.map((r) => (r.data as { created: string }).created)).toEqual(["Team Sent Twice", "Team Sent Twice", "Team Sent Twice"]);
    expect(await count("team", ["name", "Team Sent Twice"])).toBe(1);
    // A new page's key with the same name is a second team: refused, the name is taken.
    const again = await callRoute(teamTree.action, {
      app: t.app,
      path: "/admin/teams",
      method: "POST",
      cookie: org.people.admin!.cookie,
      form: { name: "Team Sent Twice", parentId: "", managerId: "", submissionKey: randomUUID() },
    });
    expect(again.status).toBe(400);
    expect(sayInEnglish((again.data as { formError: string }).formError)).toMatch(/already a team called/);

    // A training: one cohort with its managers once.
    const cohortKey = randomUUID();
    const cohorts = await twice(() =>
      callRoute(training.action, {
        app: t.app,
        path: "/training",
        method: "POST",
        cookie: org.people.enablement!.cookie,
        form: { name: "Coaching by questions", heldOn: "2026-08-01", managerIds: org.people.managerA!.id, dimensionKeys: "collaboration", submissionKey: cohortKey },
      }),
    );
    expect(
      cohorts.map((r) => r.status),
      JSON.stringify(cohorts[0]!.data),
    ).toEqual([302, 302, 302]);
    expect(new Set(cohorts.map((r) => r.location)).size).toBe(1);
    expect(await count("trainingCohort", ["name", "Coaching by questions"])).toBe(1);
    // A key that is no UUID is refused with a message, not a 500; nothing is created.
    const odd = await callRoute(training.action, {
      app: t.app,
      path: "/training",
      method: "POST",
      cookie: org.people.enablement!.cookie,
      form: { name: "Odd key", heldOn: "2026-08-01", managerIds: org.people.managerA!.id, dimensionKeys: "collaboration", submissionKey: "1 or 1=1" },
    });
    expect(odd.status).toBe(400);
    expect(await count("trainingCohort", ["name", "Odd key"])).toBe(0);
  });

  it("changes a program after creation for the waves to come, leaving open and past waves as they were", async () => {
    t.setNow("2026-09-07T08:00:00Z");
    const other = await createTestOrganisation(t.app, { reps: 5 });
    const { programId, waveId } = await createOpenWave(t.app, other, {
      dimensionKeys: ["psychological_safety"],
      itemCodes: ["ENPS"],
      teamIds: [other.teams.a!],
      includeSubteams: false,
    });
    const user = await userOf(t.app, other.people.enablement!);
    const waveItems = () =>
      t.app.db.selectFrom("waveItem as wi").innerJoin("item", "item.id", "wi.itemId").select("item.code").where("wi.waveId", "=", waveId).orderBy("wi.position").execute();
    const audience = () => t.app.db.selectFrom("waveAudience").select("teamId").where("waveId", "=", waveId).execute();
    const itemsBefore = await waveItems();
    const audienceBefore = await audience();

    // Every field's error at once on edit too, and a new schedule may not start while waves have run.
    const refused = await updateProgram(t.app, user, programId, {
      name: "",
      dimensionKeys: [],
      itemCodes: ["ENPS"],
      teamIds: [other.teams.a!],
      includeSubteams: false,
      cadence: "weekly",
      startsOn: "2026-09-07",
      openDays: "7",
      reminderDays: "",
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect(english((refused as InputError).fieldErrors)).toEqual({
      name: "Name the program",
      startsOn: "Waves have run already, so a new schedule starts after today and after the open wave closes (2026-09-13): pick 2026-09-14 or later",
    });

    // Through the page: a new name, questions, teams and schedule.
    const changed = await callRoute(programPage.action, {
      app: t.app,
      path: `/programs/${programId}`,
      method: "POST",
      cookie: other.people.enablement!.cookie,
      params: { programId },
      form: new URLSearchParams([
        ["intent", "edit"],
        ["name", "Collaboration pulse"],
        ["dimensionKeys", "collaboration"],
        ["teamIds", other.teams.a!],
        ["teamIds", other.teams.b!],
        ["includeSubteams", "on"],
        ["cadence", "weekly"],
        ["startsOn", "2026-09-14"],
        ["openDays", "5"],
        ["reminderDays", "2"],
      ]),
    });
    expect(changed).toMatchObject({ status: 302, location: `/programs/${programId}?changed=1` });
    const page = await callRoute(programPage.loader, { app: t.app, path: `/programs/${programId}`, cookie: other.people.enablement!.cookie, params: { programId } });
    const detail = page.data as {
      program: { name: string; cadence: string; startsOn: string; openDays: number; reminderDays: number[] };
      items: Array<{ code: string }>;
      teams: Array<{ name: string; reps: number }>;
      nextWaveOn: string;
      editDefaults: { dimensionKeys: string[]; itemCodes: string[] };
    };
    expect(detail.program).toMatchObject({ name: "Collaboration pulse", cadence: "weekly", startsOn: "2026-09-14", openDays: 5, reminderDays: [2] });
    expect(detail.items.map((i) => i.code)).toEqual(["CO1", "CO2", "CO3", "CO4", "CO5"]);
    expect(detail.teams.map((team) => [team.name, team.reps])).toEqual([
      ["Team A", 10],
      ["Team B", 5],
    ]);
    expect(detail.nextWaveOn).toBe("2026-09-14");
    expect(detail.editDefaults).toMatchObject({ dimensionKeys: ["collaboration"], itemCodes: [] });
    // The open wave keeps its questions and its audience.
    expect(await waveItems()).toEqual(itemsBefore);
    expect(itemsBefore.map((i) => i.code)).toEqual(["PS1", "PS2", "PS3", "PS4", "PS5", "PS6", "PS7", "ENPS"]);
    expect(await audience()).toEqual(audienceBefore);
    expect(new Set(audienceBefore.map((a) => a.teamId))).toEqual(new Set([other.teams.a!]));

    // The next wave asks the new questions of the new teams.
    await closeWave(t.app, waveId);
    t.setNow("2026-09-14T08:00:00Z");
    const report = await runScheduledWork(t.app);
    const next = report.opened.find((o) => o.waveId !== waveId);
    expect(next).toBeDefined();
    const nextItems = await t.app.db
      .selectFrom("waveItem as wi")
      .innerJoin("item", "item.id", "wi.itemId")
      .select("item.code")
      .where("wi.waveId", "=", next!.waveId)
      .orderBy("wi.position")
      .execute();
    expect(nextItems.map((i) => i.code)).toEqual(["CO1", "CO2", "CO3", "CO4", "CO5"]);
    expect(next!.audience).toBe(15);
    expect(await waveItems()).toEqual(itemsBefore);
  });
});
